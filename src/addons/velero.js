"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildVeleroPolicy = buildVeleroPolicy;
const addonPolicy_1 = require("./addonPolicy");
const mountpointS3CsiDriver_1 = require("./mountpointS3CsiDriver");
const FIELDS = ["bucketArns", "prefixes", "objectTagging", "volumeSnapshots"];
/** Builds Velero's policy: the listed buckets (or prefixes); EC2 snapshots only when opted in, volumes in the role's account, tags only on creation. */
function buildVeleroPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const buckets = (0, addonPolicy_1.checkArnList)(`${argument}.bucketArns`, args.bucketArns, mountpointS3CsiDriver_1.S3_BUCKET_ARN, context);
    const prefixes = args.prefixes === undefined ? undefined : (0, mountpointS3CsiDriver_1.checkPrefixes)(`${argument}.prefixes`, args.prefixes);
    const tagging = (0, addonPolicy_1.checkOptIn)(`${argument}.objectTagging`, args.objectTagging);
    const snapshots = (0, addonPolicy_1.checkOptIn)(`${argument}.volumeSnapshots`, args.volumeSnapshots);
    const objects = buckets.flatMap((bucket) => (prefixes ?? [""]).map((prefix) => `${bucket}/${prefix}*`));
    const statements = [
        {
            Sid: "ReadWriteBackups",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", ...(tagging ? ["s3:PutObjectTagging"] : []), "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: objects,
        },
        {
            Sid: "ListBackups",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: buckets,
            ...(prefixes ? { Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } } : {}),
        },
    ];
    if (snapshots) {
        const volumes = `arn:${context.partition}:ec2:*:${(0, addonPolicy_1.accountOf)(context)}:volume/*`;
        // Snapshot ARNs have no account part (arn:<partition>:ec2:<region>::snapshot/<ID>), so they cannot be limited to one.
        const snapshotArns = `arn:${context.partition}:ec2:*::snapshot/*`;
        statements.push({ Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: ["*"] }, { Sid: "SnapshotAndRestoreVolumes", Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:CreateVolume"], Resource: [volumes, snapshotArns] }, 
        // The plugin tags snapshots and restored volumes only through CreateSnapshot's and CreateVolume's TagSpecifications.
        {
            Sid: "TagOnCreate",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [volumes, snapshotArns],
            Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
        }, { Sid: "DeleteSnapshots", Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: [snapshotArns] });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
