"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EFS_FILE_SYSTEM_ARN = void 0;
exports.buildEfsCsiDriverPolicy = buildEfsCsiDriverPolicy;
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["fileSystemArns"];
/** EFS file system ARNs: `arn:<partition>:elasticfilesystem:<region>:<account>:file-system/fs-<8 to 40 hex digits>` (EFS's ID pattern). */
exports.EFS_FILE_SYSTEM_ARN = {
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
function buildEfsCsiDriverPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const fileSystems = (0, addonPolicy_1.checkArnList)(`${argument}.fileSystemArns`, args.fileSystemArns, exports.EFS_FILE_SYSTEM_ARN, context);
    // An access point's ARN does not name its file system: the closest IAM scope is the file system's region and account.
    const accessPoints = [...new Set(fileSystems.map((arn) => `${arn.split(":").slice(0, 5).join(":")}:access-point/*`))];
    const statements = [
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
