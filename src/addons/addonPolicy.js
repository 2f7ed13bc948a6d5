"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KMS_KEY_ARN = exports.HOSTED_ZONE_ARN = exports.POD_IDENTITY_CLUSTER_TAG = void 0;
exports.accountOf = accountOf;
exports.checkFields = checkFields;
exports.checkArnList = checkArnList;
exports.checkArn = checkArn;
exports.checkOptIn = checkOptIn;
exports.checkClusterName = checkClusterName;
exports.checkHostedZones = checkHostedZones;
const errors_1 = require("../errors");
/** The session tag EKS Pod Identity sets to the cluster's name. */
exports.POD_IDENTITY_CLUSTER_TAG = "${aws:PrincipalTag/eks-cluster-name}";
const ACCOUNT_ID = /^\d{12}$/;
// EKS cluster names: 1-100 characters, starting with a letter or digit (CreateCluster's `name` pattern).
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
/** The account to put in the ARNs of resources an add-on creates: the role's account when known, otherwise `*`. */
function accountOf(context) {
    return context.accountId ?? "*";
}
/** Refuses anything but a plain object of known fields, so that a misspelt optional field is never silently ignored. */
function checkFields(argument, value, fields) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new errors_1.IrsaArgumentError(argument, value, "an add-on's settings are an object of its scoping inputs, e.g. { hostedZoneArns: [...] }.");
    }
    for (const field of Object.keys(value)) {
        if (!fields.includes(field)) {
            throw new errors_1.IrsaArgumentError(`${argument}.${field}`, value[field], `this add-on takes only ${fields.join(", ")}.`);
        }
    }
    return value;
}
/**
 * Checks a required, non-empty list of ARNs: each one of `rule`'s service and resource type, in the role's
 * partition, without wildcards, and without duplicates. Returns the list.
 */
function checkArnList(argument, value, rule, context) {
    if (!Array.isArray(value) || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, `a non-empty list of ${rule.service} ARNs (${rule.resourceForm}) is required: the add-on may touch only these.`);
    }
    value.forEach((arn, index) => checkArn(`${argument}[${index}]`, arn, rule, context));
    const duplicate = value.find((arn, index) => value.indexOf(arn) !== index);
    if (duplicate !== undefined) {
        throw new errors_1.IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each ARN once.`);
    }
    return value;
}
/** Checks one ARN against `rule` (see checkArnList). */
function checkArn(argument, value, rule, context) {
    const region = rule.regional ? "<region>" : "";
    const account = rule.hasAccount ? "<account>" : "";
    const form = `arn:${context.partition}:${rule.service}:${region}:${account}:${rule.resourceForm}`;
    if (typeof value !== "string") {
        throw new errors_1.IrsaArgumentError(argument, value, `an ARN of the form ${form} is required.`);
    }
    if (value.includes("*") || value.includes("?")) {
        throw new errors_1.IrsaArgumentError(argument, value, `wildcards are not accepted here; list the exact ARNs (${form}), or use the add-on's named opt-in where it has one.`);
    }
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        throw new errors_1.IrsaArgumentError(argument, value, `an ARN of the form ${form} is required.`);
    }
    const [, partition, service, regionPart, accountPart] = parts;
    const resource = parts.slice(5).join(":");
    if (partition !== context.partition) {
        throw new errors_1.IrsaArgumentError(argument, value, `the role is in partition ${context.partition}, so this ARN must start with arn:${context.partition}: (a role cannot use resources of another partition).`);
    }
    if (service !== rule.service) {
        throw new errors_1.IrsaArgumentError(argument, value, `this must be an ARN of service ${rule.service} (${form}), not ${service}.`);
    }
    if (rule.regional ? !/^[a-z]{2}(-[a-z]+)+-\d$/.test(regionPart) : regionPart !== "") {
        throw new errors_1.IrsaArgumentError(argument, value, `the region part is wrong: the form is ${form}.`);
    }
    if (rule.hasAccount ? !ACCOUNT_ID.test(accountPart) : accountPart !== "") {
        throw new errors_1.IrsaArgumentError(argument, value, `the account part is wrong: the form is ${form}.`);
    }
    if (!rule.resource.test(resource)) {
        throw new errors_1.IrsaArgumentError(argument, value, `the resource part must be ${rule.resourceForm}: the form is ${form}.`);
    }
}
/** Checks an optional boolean opt-in; returns false when it is not set. */
function checkOptIn(argument, value) {
    if (value === undefined) {
        return false;
    }
    if (typeof value !== "boolean") {
        throw new errors_1.IrsaArgumentError(argument, value, "this opt-in is true or false.");
    }
    return value;
}
/**
 * Checks the cluster an add-on is scoped to. With IRSA a literal EKS cluster name is required; with Pod Identity it
 * must be absent, and the returned value is `${aws:PrincipalTag/eks-cluster-name}`, so the same role cannot act on
 * another cluster's resources even when several clusters' associations use it.
 */
function checkClusterName(argument, value, context) {
    if (context.identity === "podIdentity") {
        if (value !== undefined) {
            throw new errors_1.IrsaArgumentError(argument, value, "with Pod Identity the cluster comes from the session tag eks-cluster-name that EKS sets; remove clusterName so the policy has one source for it.");
        }
        return exports.POD_IDENTITY_CLUSTER_TAG;
    }
    if (typeof value !== "string" || !CLUSTER_NAME.test(value)) {
        throw new errors_1.IrsaArgumentError(argument, value, "the EKS cluster's name is required (1 to 100 letters, digits, - and _, starting with a letter or digit); the add-on may touch only this cluster's resources.");
    }
    return value;
}
/** Route 53 hosted zone ARNs: `arn:<partition>:route53:::hostedzone/<zone ID>`. */
exports.HOSTED_ZONE_ARN = {
    service: "route53",
    resource: /^hostedzone\/[A-Z0-9]{1,32}$/,
    resourceForm: "hostedzone/<zone ID>",
    regional: false,
    hasAccount: false,
};
/**
 * The hosted zones a Route 53 add-on may change: the checked `hostedZoneArns`, or every zone of the partition with the
 * deliberate opt-in `allowAllHostedZones` (then listed in `wildcards`); the two are mutually exclusive.
 */
function checkHostedZones(argument, hostedZoneArns, allowAllHostedZones, context) {
    const allowAll = checkOptIn(`${argument}.allowAllHostedZones`, allowAllHostedZones);
    if (allowAll && hostedZoneArns !== undefined) {
        throw new errors_1.IrsaArgumentError(`${argument}.hostedZoneArns`, hostedZoneArns, "hostedZoneArns and allowAllHostedZones are mutually exclusive. Choose a single approach.");
    }
    if (!allowAll) {
        return { zones: checkArnList(`${argument}.hostedZoneArns`, hostedZoneArns, exports.HOSTED_ZONE_ARN, context), wildcards: [] };
    }
    const allZones = `arn:${context.partition}:route53:::hostedzone/*`;
    return { zones: [allZones], wildcards: [{ argument: `${argument}.allowAllHostedZones`, resource: allZones }] };
}
/** KMS key ARNs: `arn:<partition>:kms:<region>:<account>:key/<key ID>`. Alias ARNs do not authorize key use in IAM policies. */
exports.KMS_KEY_ARN = {
    service: "kms",
    resource: /^key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    resourceForm: "key/<key ID>",
    regional: true,
    hasAccount: true,
};
