import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkArnList, checkFields } from "./addonPolicy";
import { S3_BUCKET_ARN } from "./mountpointS3CsiDriver";

/**
 * Scoping inputs of the Amazon FSx for Lustre CSI driver's controller policy, after kubernetes-sigs/aws-fsx-csi-driver
 * v1.9.0 `docs/install.md` (the policy under "Set up driver permissions"). No KMS permission is granted, as upstream
 * grants none. File systems are resized and deleted only when they carry the driver's `CSIVolumeName` tag, so
 * statically provisioned file systems are never resized; since the driver must tag the file systems it creates and FSx
 * has no condition that limits tagging to creation, the tag guards against mistakes, not against a compromised driver.
 */
export interface FsxLustreCsiDriverAddonArgs {
    /**
     * The S3 buckets that the driver's file systems link to as data repositories (a StorageClass's `s3ImportPath` or
     * `s3ExportPath`), as ARNs `arn:<partition>:s3:::<bucket name>`. Defaults to none: no `s3:ListBucket` and no
     * permission on the service-linked roles FSx makes for S3 access, which file systems without a data repository do
     * not need. Upstream grants `s3:ListBucket` on every bucket.
     */
    s3BucketArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["s3BucketArns"] as const;

/** The tag the driver puts on every file system it creates, with the PersistentVolume's name as its value. */
const VOLUME_NAME_TAG = "CSIVolumeName";

/**
 * Builds the FSx for Lustre CSI driver's policy: upstream's actions, with file systems created only when tagged as
 * the driver tags them, resized and deleted only when they carry that tag, in the role's account; the service-linked
 * roles only FSx's, in the role's account; S3 only on the listed data repository buckets.
 */
export function buildFsxLustreCsiDriverPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    if (Array.isArray(args.s3BucketArns) && args.s3BucketArns.length === 0) {
        throw new IrsaArgumentError(`${argument}.s3BucketArns`, args.s3BucketArns, "list at least one bucket ARN, or leave s3BucketArns out for file systems without a data repository.");
    }
    const buckets = args.s3BucketArns === undefined ? [] : checkArnList(`${argument}.s3BucketArns`, args.s3BucketArns, S3_BUCKET_ARN, context);
    const account = accountOf(context);
    const fileSystems = `arn:${context.partition}:fsx:*:${account}:file-system/*`;
    const serviceRoles = `arn:${context.partition}:iam::${account}:role/aws-service-role`;
    const statement = (Sid: string, Action: string[], Resource: string[], Condition?: AddonPolicyStatement["Condition"]): AddonPolicyStatement => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements: AddonPolicyStatement[] = [
        statement("Describe", ["fsx:DescribeFileSystems"], ["*"]),
        // FSx authorizes the tags of CreateFileSystem as fsx:TagResource; it has no condition key that limits tagging to creation.
        statement("CreateTaggedFileSystems", ["fsx:CreateFileSystem", "fsx:TagResource"], [fileSystems], { StringLike: { [`aws:RequestTag/${VOLUME_NAME_TAG}`]: "*" } }),
        statement("ResizeAndDeleteDriverFileSystems", ["fsx:UpdateFileSystem", "fsx:DeleteFileSystem"], [fileSystems], { StringLike: { [`aws:ResourceTag/${VOLUME_NAME_TAG}`]: "*" } }),
        statement("CreateFsxServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [`${serviceRoles}/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx`], {
            StringEquals: { "iam:AWSServiceName": "fsx.amazonaws.com" },
        }),
    ];
    if (buckets.length > 0) {
        const s3Roles = `${serviceRoles}/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_*`;
        statements.push(
            statement("ListDataRepositoryBuckets", ["s3:ListBucket"], buckets),
            statement("CreateS3AccessServiceLinkedRoles", ["iam:CreateServiceLinkedRole"], [s3Roles], {
                StringEquals: { "iam:AWSServiceName": "s3.data-source.lustre.fsx.amazonaws.com" },
            }),
            statement("UpdateS3AccessServiceLinkedRoles", ["iam:AttachRolePolicy", "iam:PutRolePolicy"], [s3Roles]),
        );
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
