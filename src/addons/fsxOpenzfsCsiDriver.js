"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FSX_FILE_SYSTEM_ARN = void 0;
exports.buildFsxOpenzfsCsiDriverPolicy = buildFsxOpenzfsCsiDriverPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["fileSystemArns"];
/** FSx file system ARNs: `arn:<partition>:fsx:<region>:<account>:file-system/fs-<8 to 18 hex digits>` (FSx's file system IDs have 11 to 21 characters). */
exports.FSX_FILE_SYSTEM_ARN = {
    service: "fsx",
    resource: /^file-system\/fs-[0-9a-f]{8,18}$/,
    resourceForm: "file-system/<file system ID>",
    regional: true,
    hasAccount: true,
};
/** The tag the driver puts on everything it creates, with the value `true`. */
const CLUSTER_TAG = "fsx.openzfs.csi.aws.com/cluster";
/**
 * Builds the FSx for OpenZFS CSI driver's policy: upstream's actions, with file systems, volumes and snapshots created
 * only with the driver's tag and resized or deleted only when they carry it, volumes only in the listed file systems,
 * everything in the role's account, and only FSx's service-linked role.
 */
function buildFsxOpenzfsCsiDriverPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (Array.isArray(args.fileSystemArns) && args.fileSystemArns.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.fileSystemArns`, args.fileSystemArns, "list at least one file system ARN, or leave fileSystemArns out to provision whole file systems only.");
    }
    const fileSystemArns = args.fileSystemArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.fileSystemArns`, args.fileSystemArns, exports.FSX_FILE_SYSTEM_ARN, context);
    // A volume's ARN names its file system: arn:<partition>:fsx:<region>:<account>:volume/<file system ID>/<volume ID>.
    const volumesOfListed = fileSystemArns.map((arn) => arn.replace(/:file-system\/(fs-[0-9a-f]+)$/, ":volume/$1/*"));
    const fsx = `arn:${context.partition}:fsx:*:${(0, addonPolicy_1.accountOf)(context)}`;
    const fileSystems = `${fsx}:file-system/*`;
    const volumes = `${fsx}:volume/*`;
    const snapshots = `${fsx}:snapshot/*`;
    const tagged = { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "true" } };
    const tagging = { StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" } };
    const statement = (Sid, Action, Resource, Condition) => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements = [
        statement("Describe", ["fsx:DescribeFileSystems", "fsx:DescribeVolumes", "fsx:DescribeSnapshots"], ["*"]),
        // The driver keeps a resource's deletion options in its tags.
        statement("ListTags", ["fsx:ListTagsForResource"], [fileSystems, volumes, snapshots]),
        // FSx authorizes the tags of a create call as fsx:TagResource; it has no condition key that limits tagging to creation.
        statement("CreateTaggedFileSystemsAndSnapshots", ["fsx:CreateFileSystem", "fsx:CreateSnapshot", "fsx:TagResource"], [fileSystems, volumes, snapshots], tagging),
        statement("ResizeAndDeleteDriverFileSystems", ["fsx:UpdateFileSystem", "fsx:DeleteFileSystem"], [fileSystems], tagged),
        // A file system deleted with SkipFinalBackup false gets a final backup, which DeleteFileSystem authorizes too.
        statement("FinalBackups", ["fsx:DeleteFileSystem"], [`${fsx}:backup/*`]),
        statement("DeleteDriverSnapshots", ["fsx:DeleteSnapshot"], [snapshots], tagged),
    ];
    if (volumesOfListed.length > 0) {
        statements.push(
        // A volume restored from a snapshot authorizes the snapshot too.
        statement("CreateTaggedVolumesInFileSystems", ["fsx:CreateVolume"], [...volumesOfListed, snapshots], tagging), statement("DeleteDriverVolumesInFileSystems", ["fsx:DeleteVolume"], volumesOfListed, tagged));
    }
    const serviceLinkedRole = `arn:${context.partition}:iam::${(0, addonPolicy_1.accountOf)(context)}:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx`;
    statements.push(statement("CreateFsxServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [serviceLinkedRole], { StringEquals: { "iam:AWSServiceName": "fsx.amazonaws.com" } }), statement("UpdateFsxServiceLinkedRole", ["iam:AttachRolePolicy", "iam:PutRolePolicy"], [serviceLinkedRole]));
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
