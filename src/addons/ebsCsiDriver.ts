import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkArnList, checkFields, KMS_KEY_ARN } from "./addonPolicy";

/**
 * Scoping inputs of the Amazon EBS CSI driver's policy, after kubernetes-sigs/aws-ebs-csi-driver v1.64.0
 * `docs/example-iam-policy.json` (the content of AWS's `AmazonEBSCSIDriverPolicy`) and the KMS statement of its
 * `docs/install.md` ("Encrypted EBS Volumes via KMS"), with the key permissions AWS's EBS encryption guide lists.
 */
export interface EbsCsiDriverAddonArgs {
    /**
     * The customer managed KMS keys that encrypt the driver's volumes, as key ARNs
     * `arn:<partition>:kms:<region>:<account>:key/<key ID>` (not alias ARNs, which IAM policies cannot authorize by).
     * Defaults to none: no KMS permission, which is what volumes encrypted with AWS's `aws/ebs` key or unencrypted need.
     */
    kmsKeyArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["kmsKeyArns"] as const;

/** Builds the EBS CSI driver's policy: upstream's statements limited to the role's partition and account, KMS to the given keys. */
export function buildEbsCsiDriverPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : checkArnList(`${argument}.kmsKeyArns`, args.kmsKeyArns, KMS_KEY_ARN, context);
    const ec2 = `arn:${context.partition}:ec2:*:${accountOf(context)}`;
    const volume = `${ec2}:volume/*`;
    // A snapshot's ARN names no account (arn:<partition>:ec2:<region>::snapshot/<id>), so none can be put in it.
    const snapshot = `arn:${context.partition}:ec2:*::snapshot/*`;
    const statement = (Sid: string, Action: string[], Resource: string[], Condition?: AddonPolicyStatement["Condition"]): AddonPolicyStatement => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements: AddonPolicyStatement[] = [
        statement(
            "Describe",
            [
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeSnapshots",
                "ec2:DescribeTags",
                "ec2:DescribeVolumes",
                "ec2:DescribeVolumesModifications",
                "ec2:DescribeVolumeStatus",
            ],
            ["*"],
        ),
        statement("SnapshotAndModifyVolumes", ["ec2:CreateSnapshot", "ec2:ModifyVolume"], [volume]),
        statement("CopyVolumes", ["ec2:CopyVolumes"], [`${ec2}:volume/vol-*`]),
        statement("AttachVolumes", ["ec2:AttachVolume", "ec2:DetachVolume"], [volume, `${ec2}:instance/*`]),
        statement("CreateFromSnapshots", ["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"], [snapshot]),
        statement("TagOnCreate", ["ec2:CreateTags"], [volume, snapshot], { StringEquals: { "ec2:CreateAction": ["CreateVolume", "CreateSnapshot", "CopyVolumes"] } }),
        statement("DeleteTags", ["ec2:DeleteTags"], [volume, snapshot]),
        statement("CreateClusterVolumes", ["ec2:CreateVolume", "ec2:CopyVolumes"], [volume], { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } }),
        statement("CreateNamedVolumes", ["ec2:CreateVolume", "ec2:CopyVolumes"], [volume], { StringLike: { "aws:RequestTag/CSIVolumeName": "*" } }),
        statement("DeleteClusterVolumes", ["ec2:DeleteVolume"], [volume], { StringLike: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" } }),
        statement("DeleteNamedVolumes", ["ec2:DeleteVolume"], [volume], { StringLike: { "ec2:ResourceTag/CSIVolumeName": "*" } }),
        statement("DeletePvcVolumes", ["ec2:DeleteVolume"], [volume], { StringLike: { "ec2:ResourceTag/kubernetes.io/created-for/pvc/name": "*" } }),
        statement("CreateNamedSnapshots", ["ec2:CreateSnapshot"], [snapshot], { StringLike: { "aws:RequestTag/CSIVolumeSnapshotName": "*" } }),
        statement("CreateClusterSnapshots", ["ec2:CreateSnapshot"], [snapshot], { StringLike: { "aws:RequestTag/ebs.csi.aws.com/cluster": "true" } }),
        statement("DeleteNamedSnapshots", ["ec2:DeleteSnapshot", "ec2:LockSnapshot"], [snapshot], { StringLike: { "ec2:ResourceTag/CSIVolumeSnapshotName": "*" } }),
        statement("DeleteClusterSnapshots", ["ec2:DeleteSnapshot", "ec2:LockSnapshot"], [snapshot], { StringLike: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" } }),
    ];
    if (keys.length > 0) {
        statements.push(
            // AWS's EBS encryption guide lists these five for a customer managed key: DescribeKey to check the key, ReEncrypt
            // when a volume is created from a snapshot under another key (terraform-aws-modules v6 grants them too).
            statement("UseVolumeKeys", ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"], keys),
            // EBS, not the driver, creates the grant for an encrypted volume: allow only grants for AWS resources.
            statement("GrantVolumeKeysToEbs", ["kms:CreateGrant"], keys, { Bool: { "kms:GrantIsForAWSResource": "true" } }),
        );
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
