"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.S3_BUCKET_ARN = void 0;
exports.buildMountpointS3CsiDriverPolicy = buildMountpointS3CsiDriverPolicy;
exports.checkPrefixes = checkPrefixes;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["bucketArns", "prefixes", "allowWrites", "allowDeletes", "kmsKeyArns"];
/** S3 general purpose bucket ARNs: `arn:<partition>:s3:::<bucket name>` (S3's naming rules: 3-63 lower-case letters, digits, `.` and `-`). */
exports.S3_BUCKET_ARN = {
    service: "s3",
    resource: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    resourceForm: "<bucket name>",
    regional: false,
    hasAccount: false,
};
// A key prefix as Mountpoint takes it: not starting with `/`, ending with `/`, without the policy wildcards `*` and `?`.
const PREFIX = /^[^/*?][^*?]*\/$/;
/** Builds Mountpoint's policy: list and read the listed buckets (or their prefixes), write and delete only when opted in. */
function buildMountpointS3CsiDriverPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const buckets = (0, addonPolicy_1.checkArnList)(`${argument}.bucketArns`, args.bucketArns, exports.S3_BUCKET_ARN, context);
    const prefixes = args.prefixes === undefined ? undefined : checkPrefixes(`${argument}.prefixes`, args.prefixes);
    const writes = (0, addonPolicy_1.checkOptIn)(`${argument}.allowWrites`, args.allowWrites);
    const deletes = (0, addonPolicy_1.checkOptIn)(`${argument}.allowDeletes`, args.allowDeletes);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.kmsKeyArns`, args.kmsKeyArns, addonPolicy_1.KMS_KEY_ARN, context);
    const objects = buckets.flatMap((bucket) => (prefixes ?? [""]).map((prefix) => `${bucket}/${prefix}*`));
    const statements = [
        {
            Sid: "ListBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: buckets,
            ...(prefixes ? { Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } } : {}),
        },
        { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects },
    ];
    if (writes) {
        statements.push({ Sid: "WriteObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: objects });
    }
    if (deletes) {
        statements.push({ Sid: "DeleteObjects", Effect: "Allow", Action: ["s3:DeleteObject"], Resource: objects });
    }
    if (keys.length > 0) {
        statements.push({ Sid: "UseObjectKeys", Effect: "Allow", Action: writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], Resource: keys });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
/** Key prefixes ending with `/`, without `*` or `?` and without duplicates (see `prefixes`). */
function checkPrefixes(argument, value) {
    if (!Array.isArray(value) || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, "a non-empty list of key prefixes (e.g. [\"team-a/\"]) is required when set; leave it out to grant the whole buckets.");
    }
    value.forEach((prefix, index) => {
        if (typeof prefix !== "string" || prefix.length > 1024 || !PREFIX.test(prefix)) {
            throw new errors_1.IrsaArgumentError(`${argument}[${index}]`, prefix, "a key prefix ends with /, does not start with /, and has no * or ? (which IAM would read as wildcards), e.g. team-a/.");
        }
    });
    const duplicate = value.find((prefix, index) => value.indexOf(prefix) !== index);
    if (duplicate !== undefined) {
        throw new errors_1.IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each prefix once.`);
    }
    return value;
}
