"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildFsxLustreCsiDriverPolicy = buildFsxLustreCsiDriverPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const mountpointS3CsiDriver_1 = require("./mountpointS3CsiDriver");
const FIELDS = ["s3BucketArns"];
/** The tag the driver puts on every file system it creates, with the PersistentVolume's name as its value. */
const VOLUME_NAME_TAG = "CSIVolumeName";
/**
 * Builds the FSx for Lustre CSI driver's policy: upstream's actions, with file systems created only when tagged as
 * the driver tags them, resized and deleted only when they carry that tag, in the role's account; the service-linked
 * roles only FSx's, in the role's account; S3 only on the listed data repository buckets.
 */
function buildFsxLustreCsiDriverPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (Array.isArray(args.s3BucketArns) && args.s3BucketArns.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.s3BucketArns`, args.s3BucketArns, "list at least one bucket ARN, or leave s3BucketArns out for file systems without a data repository.");
    }
    const buckets = args.s3BucketArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.s3BucketArns`, args.s3BucketArns, mountpointS3CsiDriver_1.S3_BUCKET_ARN, context);
    const account = (0, addonPolicy_1.accountOf)(context);
    const fileSystems = `arn:${context.partition}:fsx:*:${account}:file-system/*`;
    const serviceRoles = `arn:${context.partition}:iam::${account}:role/aws-service-role`;
    const statement = (Sid, Action, Resource, Condition) => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements = [
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
        statements.push(statement("ListDataRepositoryBuckets", ["s3:ListBucket"], buckets), statement("CreateS3AccessServiceLinkedRoles", ["iam:CreateServiceLinkedRole"], [s3Roles], {
            StringEquals: { "iam:AWSServiceName": "s3.data-source.lustre.fsx.amazonaws.com" },
        }), statement("UpdateS3AccessServiceLinkedRoles", ["iam:AttachRolePolicy", "iam:PutRolePolicy"], [s3Roles]));
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
