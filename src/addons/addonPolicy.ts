import { IrsaArgumentError } from "../errors";
import { checkPolicyText } from "../policy/rules";

/**
 * What the add-on builders share: the document model they return, the context they build for, and the checks of
 * the scoping inputs (ARNs, cluster names, opt-ins). Pure: nothing here creates a resource.
 */

/** One `Allow` statement of an add-on's permissions policy. Actions and resources are always lists. */
export interface AddonPolicyStatement {
    Sid: string;
    Effect: "Allow";
    Action: string[];
    Resource: string[];
    Condition?: { [operator: string]: { [key: string]: string | string[] } };
}

/** An add-on's permissions policy document, ready for `JSON.stringify`. */
export interface AddonPolicyDocument {
    Version: "2012-10-17";
    Statement: AddonPolicyStatement[];
}

/**
 * How the role's sessions are obtained. With `podIdentity`, EKS tags every session with `eks-cluster-name` (and
 * `kubernetes-namespace`, `kubernetes-service-account`, ...), so a policy can name the cluster through
 * `${aws:PrincipalTag/eks-cluster-name}` instead of a literal.
 */
export type AddonIdentity = "irsa" | "podIdentity";

/** Where the role lives: what every builder needs beyond the add-on's own inputs. */
export interface AddonContext {
    /** The role's partition (`aws`, `aws-cn`, `aws-us-gov`, ...); every ARN an add-on is given must be in it. */
    partition: string;
    /**
     * The role's account; resource ARNs the add-on creates are then limited to it. ServiceAccountRole always knows it
     * (from `oidcProviderArn`, the cluster, or the provider found or created for `issuerUrl`). Defaults to any account
     * (`*`), for a caller of planAddonPolicies that cannot know it.
     */
    accountId?: string;
    /** IRSA or EKS Pod Identity. */
    identity: AddonIdentity;
}

/** A deliberate wildcard the caller opted into, so that render, explain and the policy pack can show it. */
export interface AddonWildcard {
    /** The opt-in argument, e.g. `addonPolicies.externalDns.allowAllHostedZones`. */
    argument: string;
    /** The resource pattern it grants, e.g. `arn:aws:route53:::hostedzone/*`. */
    resource: string;
}

/** What one builder returns. */
export interface BuiltAddonPolicy {
    document: AddonPolicyDocument;
    /** The wildcard opt-ins used, in argument order. Empty when the document is scoped to the caller's resources only. */
    wildcards: AddonWildcard[];
}

/** The session tag EKS Pod Identity sets to the cluster's name. */
export const POD_IDENTITY_CLUSTER_TAG = "${aws:PrincipalTag/eks-cluster-name}";

const ACCOUNT_ID = /^\d{12}$/;
// EKS cluster names: 1-100 characters, starting with a letter or digit (CreateCluster's `name` pattern).
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/** The account to put in the ARNs of resources an add-on creates: the role's account when known, otherwise `*`. */
export function accountOf(context: AddonContext): string {
    return context.accountId ?? "*";
}

/** Refuses anything but a plain object of known fields, so that a misspelt optional field is never silently ignored. */
export function checkFields(argument: string, value: unknown, fields: readonly string[]): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new IrsaArgumentError(argument, value, "an add-on's settings are an object of its scoping inputs, e.g. { hostedZoneArns: [...] }.");
    }
    for (const field of Object.keys(value)) {
        if (!fields.includes(field)) {
            throw new IrsaArgumentError(`${argument}.${field}`, (value as Record<string, unknown>)[field], `this add-on takes only ${fields.join(", ")}.`);
        }
    }
    return value as Record<string, unknown>;
}

/** What an ARN argument must be: the service, the resource part's form, and whether it must be in the role's account. */
export interface ArnRule {
    /** The ARN's service, e.g. `route53`. */
    service: string;
    /** The resource part (after the account), e.g. /^hostedzone\/[A-Z0-9]{1,32}$/. */
    resource: RegExp;
    /** The resource part's form in words, for the message, e.g. `hostedzone/<zone ID>`. */
    resourceForm: string;
    /** Whether the ARN has a region (`route53` and `s3` have none). */
    regional: boolean;
    /** Whether the ARN has an account (`s3` buckets have none). */
    hasAccount: boolean;
}

/**
 * Checks a required, non-empty list of ARNs: each one of `rule`'s service and resource type, in the role's
 * partition, without wildcards, and without duplicates. Returns the list.
 */
export function checkArnList(argument: string, value: unknown, rule: ArnRule, context: AddonContext): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new IrsaArgumentError(argument, value, `a non-empty list of ${rule.service} ARNs (${rule.resourceForm}) is required: the add-on may touch only these.`);
    }
    value.forEach((arn, index) => checkArn(`${argument}[${index}]`, arn, rule, context));
    const duplicate = value.find((arn, index) => value.indexOf(arn) !== index);
    if (duplicate !== undefined) {
        throw new IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each ARN once.`);
    }
    return value as string[];
}

/**
 * Checks one ARN against `rule` (see checkArnList), and that IAM reads it as the literal ARN: no policy variable, no
 * wildcard, nothing but printable Latin-1.
 */
export function checkArn(argument: string, value: unknown, rule: ArnRule, context: AddonContext): void {
    const region = rule.regional ? "<region>" : "";
    const account = rule.hasAccount ? "<account>" : "";
    const form = `arn:${context.partition}:${rule.service}:${region}:${account}:${rule.resourceForm}`;
    if (typeof value !== "string") {
        throw new IrsaArgumentError(argument, value, `an ARN of the form ${form} is required.`);
    }
    // Before the form: a role path, for one, may hold "${" by IAM's naming rules, which the policy would read as a variable.
    checkPolicyText(argument, value, `an ARN is written into the add-on's policy as it is (${form})`);
    if (value.includes("*") || value.includes("?")) {
        throw new IrsaArgumentError(argument, value, `wildcards are not accepted here; list the exact ARNs (${form}), or use the add-on's named opt-in where it has one.`);
    }
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        throw new IrsaArgumentError(argument, value, `an ARN of the form ${form} is required.`);
    }
    const [, partition, service, regionPart, accountPart] = parts;
    const resource = parts.slice(5).join(":");
    if (partition !== context.partition) {
        throw new IrsaArgumentError(argument, value, `the role is in partition ${context.partition}, so this ARN must start with arn:${context.partition}: (a role cannot use resources of another partition).`);
    }
    if (service !== rule.service) {
        throw new IrsaArgumentError(argument, value, `this must be an ARN of service ${rule.service} (${form}), not ${service}.`);
    }
    if (rule.regional ? !/^[a-z]{2}(-[a-z]+)+-\d$/.test(regionPart) : regionPart !== "") {
        throw new IrsaArgumentError(argument, value, `the region part is wrong: the form is ${form}.`);
    }
    if (rule.hasAccount ? !ACCOUNT_ID.test(accountPart) : accountPart !== "") {
        throw new IrsaArgumentError(argument, value, `the account part is wrong: the form is ${form}.`);
    }
    if (!rule.resource.test(resource)) {
        throw new IrsaArgumentError(argument, value, `the resource part must be ${rule.resourceForm}: the form is ${form}.`);
    }
}

/** Checks an optional boolean opt-in; returns false when it is not set. */
export function checkOptIn(argument: string, value: unknown): boolean {
    if (value === undefined) {
        return false;
    }
    if (typeof value !== "boolean") {
        throw new IrsaArgumentError(argument, value, "this opt-in is true or false.");
    }
    return value;
}

/**
 * Checks the cluster an add-on is scoped to. With IRSA a literal EKS cluster name is required; with Pod Identity it
 * must be absent, and the returned value is `${aws:PrincipalTag/eks-cluster-name}`, so the same role cannot act on
 * another cluster's resources even when several clusters' associations use it.
 */
export function checkClusterName(argument: string, value: unknown, context: AddonContext): string {
    if (context.identity === "podIdentity") {
        if (value !== undefined) {
            throw new IrsaArgumentError(
                argument,
                value,
                "with Pod Identity the cluster comes from the session tag eks-cluster-name that EKS sets; remove clusterName so the policy has one source for it.",
            );
        }
        return POD_IDENTITY_CLUSTER_TAG;
    }
    if (typeof value !== "string" || !CLUSTER_NAME.test(value)) {
        throw new IrsaArgumentError(argument, value, "the EKS cluster's name is required (1 to 100 letters, digits, - and _, starting with a letter or digit); the add-on may touch only this cluster's resources.");
    }
    return value;
}

/** Route 53 hosted zone ARNs: `arn:<partition>:route53:::hostedzone/<zone ID>`. */
export const HOSTED_ZONE_ARN: ArnRule = {
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
export function checkHostedZones(argument: string, hostedZoneArns: unknown, allowAllHostedZones: unknown, context: AddonContext): { zones: string[]; wildcards: AddonWildcard[] } {
    const allowAll = checkOptIn(`${argument}.allowAllHostedZones`, allowAllHostedZones);
    if (allowAll && hostedZoneArns !== undefined) {
        throw new IrsaArgumentError(`${argument}.hostedZoneArns`, hostedZoneArns, "hostedZoneArns and allowAllHostedZones are mutually exclusive. Choose a single approach.");
    }
    if (!allowAll) {
        return { zones: checkArnList(`${argument}.hostedZoneArns`, hostedZoneArns, HOSTED_ZONE_ARN, context), wildcards: [] };
    }
    const allZones = `arn:${context.partition}:route53:::hostedzone/*`;
    return { zones: [allZones], wildcards: [{ argument: `${argument}.allowAllHostedZones`, resource: allZones }] };
}

/** KMS key ARNs: `arn:<partition>:kms:<region>:<account>:key/<key ID>`. Alias ARNs do not authorize key use in IAM policies. */
export const KMS_KEY_ARN: ArnRule = {
    service: "kms",
    resource: /^key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
    resourceForm: "key/<key ID>",
    regional: true,
    hasAccount: true,
};
