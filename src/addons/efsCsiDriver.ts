import * as pulumi from "@pulumi/pulumi";
import { AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArnList, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of the Amazon EFS CSI driver's controller policy, after kubernetes-sigs/aws-efs-csi-driver v3.4.1
 * `docs/iam-policy-example.json` (its EFS statements, the content of AWS's `AmazonEFSCSIDriverPolicy`). The driver's
 * Amazon S3 Files support (`s3files:*`, AWS's separate `AmazonS3FilesCSIDriverPolicy`) is not granted.
 */
export interface EfsCsiDriverAddonArgs {
    /**
     * The EFS file systems the driver may create access points in (dynamic provisioning), as ARNs
     * `arn:<partition>:elasticfilesystem:<region>:<account>:file-system/<file system ID>`. Required: upstream's `*`
     * would let the driver create access points, and so open directories, in every file system of the account.
     * The driver may delete and tag only the access points of these file systems' regions and accounts that carry
     * upstream's tag `efs.csi.aws.com/cluster=true`. No KMS permission is needed: EFS encrypts at rest itself.
     */
    fileSystemArns: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["fileSystemArns"] as const;

/** EFS file system ARNs: `arn:<partition>:elasticfilesystem:<region>:<account>:file-system/fs-<8 to 40 hex digits>` (EFS's ID pattern). */
export const EFS_FILE_SYSTEM_ARN: ArnRule = {
    service: "elasticfilesystem",
    resource: /^file-system\/fs-[0-9a-f]{8,40}$/,
    resourceForm: "file-system/<file system ID>",
    regional: true,
    hasAccount: true,
};

/** The tag the driver puts on the access points it creates, and upstream's condition on creating, tagging and deleting them. */
const CLUSTER_TAG = "efs.csi.aws.com/cluster";

/**
 * Builds the EFS CSI driver's policy: upstream's read-only calls on `*` (as upstream; they return no file data),
 * access points created only in the listed file systems, and deleted or tagged only in those file systems' regions
 * and accounts.
 */
export function buildEfsCsiDriverPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const fileSystems = checkArnList(`${argument}.fileSystemArns`, args.fileSystemArns, EFS_FILE_SYSTEM_ARN, context);
    // An access point's ARN does not name its file system: the closest IAM scope is the file system's region and account.
    const accessPoints = [...new Set(fileSystems.map((arn) => `${arn.split(":").slice(0, 5).join(":")}:access-point/*`))];
    const statements: AddonPolicyStatement[] = [
        {
            Sid: "Describe",
            Effect: "Allow",
            Action: ["elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets", "ec2:DescribeAvailabilityZones"],
            Resource: ["*"],
        },
        {
            Sid: "CreateAccessPointsInFileSystems",
            Effect: "Allow",
            Action: ["elasticfilesystem:CreateAccessPoint"],
            Resource: fileSystems,
            Condition: { StringLike: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" } },
        },
        {
            Sid: "TagDriverAccessPoints",
            Effect: "Allow",
            Action: ["elasticfilesystem:TagResource"],
            Resource: accessPoints,
            Condition: { StringLike: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "true" } },
        },
        {
            Sid: "DeleteDriverAccessPoints",
            Effect: "Allow",
            Action: ["elasticfilesystem:DeleteAccessPoint"],
            Resource: accessPoints,
            Condition: { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "true" } },
        },
    ];
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
