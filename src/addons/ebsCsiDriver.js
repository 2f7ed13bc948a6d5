"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildEbsCsiDriverPolicy = buildEbsCsiDriverPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["kmsKeyArns"];
/** Builds the EBS CSI driver's policy: upstream's statements limited to the role's partition and account, KMS to the given keys. */
function buildEbsCsiDriverPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.kmsKeyArns`, args.kmsKeyArns, addonPolicy_1.KMS_KEY_ARN, context);
    const ec2 = `arn:${context.partition}:ec2:*:${(0, addonPolicy_1.accountOf)(context)}`;
    const volume = `${ec2}:volume/*`;
    // A snapshot's ARN names no account (arn:<partition>:ec2:<region>::snapshot/<id>), so none can be put in it.
    const snapshot = `arn:${context.partition}:ec2:*::snapshot/*`;
    const statement = (Sid, Action, Resource, Condition) => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements = [
        statement("Describe", [
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeSnapshots",
            "ec2:DescribeTags",
            "ec2:DescribeVolumes",
            "ec2:DescribeVolumesModifications",
            "ec2:DescribeVolumeStatus",
        ], ["*"]),
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
        statements.push(statement("UseVolumeKeys", ["kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext"], keys), 
        // EBS, not the driver, creates the grant for an encrypted volume: allow only grants for AWS resources.
        statement("GrantVolumeKeysToEbs", ["kms:CreateGrant"], keys, { Bool: { "kms:GrantIsForAWSResource": "true" } }));
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
