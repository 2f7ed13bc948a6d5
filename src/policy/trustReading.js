"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.POD_IDENTITY_SERVICE = void 0;
exports.readTrust = readTrust;
exports.podIdentityGaps = podIdentityGaps;
exports.podIdentityGapsAsWritten = podIdentityGapsAsWritten;
/**
 * How a role's trust policy, as an account holds it, bears on workloads: the reading the policy pack and `eks-irsa audit`
 * share, so both decide which roles concern workloads, and read them, through the same code and eks-irsa's one model.
 */
const claimSatisfiability_1 = require("./claimSatisfiability");
const explain_1 = require("./explain");
const policyErrors_1 = require("./policyErrors");
const policyModel_1 = require("./policyModel");
Object.defineProperty(exports, "POD_IDENTITY_SERVICE", { enumerable: true, get: function () { return policyModel_1.POD_IDENTITY_SERVICE; } });
/** An IAM OIDC provider ARN, as a Federated principal names one. */
const OIDC_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/\S+$/;
/**
 * Reads a role's `assumeRolePolicy` (JSON text or an object) through eks-irsa's model.
 *
 * Whether a role concerns workloads is decided from the principals alone: a statement with `Principal: "*"` (or
 * `{"AWS": "*"}`), a `NotPrincipal`, a `Federated` IAM OIDC provider (or a wildcard that may match one), or the
 * `pods.eks.amazonaws.com` service. Without one, the role is left alone.
 *
 * eks-irsa's model reads web-identity and Pod Identity (`pods.eks.amazonaws.com`) statements. A statement whose
 * principals are only other services never matches either request, Deny included, but the model refuses it; so the pack
 * gives the model the policy with each such statement replaced by one that matches neither (the statement numbers stay
 * those of the policy as written). Any other statement the model cannot decide makes the whole policy `unsupported`.
 */
function readTrust(policy) {
    let document = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        }
        catch (error) {
            return { kind: "invalid", error: new policyErrors_1.InvalidPolicyError(`The trust policy is not valid JSON: ${error.message}.`) };
        }
    }
    const statements = isObject(document) ? listOf(document.Statement) : undefined;
    if (isObject(document) && statements !== undefined && statements.length > 0 && statements.every((s) => isObject(s) && !admitsWorkloads(s))) {
        return { kind: "none" };
    }
    const webIdentityPolicy = isObject(document) && statements !== undefined ? { ...document, Statement: statements.map(webIdentityView) } : policy;
    try {
        const description = (0, explain_1.describeTrust)(webIdentityPolicy);
        return { kind: "read", description, webIdentityPolicy, document: document };
    }
    catch (error) {
        if (error instanceof policyErrors_1.InvalidPolicyError) {
            return { kind: "invalid", error };
        }
        if (error instanceof policyErrors_1.UnsupportedPolicyError) {
            return { kind: "unsupported", error, document: document };
        }
        throw error;
    }
}
/** Whether a statement's principals can let a workload in: the only test of whether the pack looks at a role. */
function admitsWorkloads(statement) {
    const principal = statement.Principal;
    if (statement.NotPrincipal !== undefined || principal === "*" || !isObject(principal)) {
        return true;
    }
    const federated = listOf(principal.Federated);
    return (listOf(principal.AWS).includes("*") ||
        federated.some((value) => typeof value !== "string" || OIDC_PROVIDER_ARN.test(value) || /[*?]/.test(value)) ||
        listOf(principal.Service).includes(policyModel_1.POD_IDENTITY_SERVICE));
}
/**
 * A Deny that matches no workload request: Pod Identity's service never calls sts:AssumeRoleWithWebIdentity, and a
 * web-identity request's principal is an OIDC provider, not a service.
 */
const NEUTRAL_STATEMENT = {
    Effect: "Deny",
    Principal: { Service: policyModel_1.POD_IDENTITY_SERVICE },
    Action: "sts:AssumeRoleWithWebIdentity",
};
/** The statement as it bears on workload requests: a statement of services other than Pod Identity's matches none. */
function webIdentityView(statement) {
    if (!isObject(statement) || !isObject(statement.Principal) || statement.NotPrincipal !== undefined) {
        return statement;
    }
    const types = Object.keys(statement.Principal);
    const otherServicesOnly = types.length > 0 && types.every((type) => type === "Service") && !listOf(statement.Principal.Service).includes(policyModel_1.POD_IDENTITY_SERVICE);
    return otherServicesOnly ? { ...NEUTRAL_STATEMENT, ...(statement.Sid !== undefined && { Sid: statement.Sid }) } : statement;
}
/**
 * Whether a condition tests the tag: it fails when the tag is absent, as EKS leaves every session tag with
 * disableSessionTags, and some tag value (never empty) fails it, as decided by eks-irsa's search: `StringLike "*"`, or
 * `["?", "??*"]` together, is met by every namespace and tests nothing. A search that gives up counts as no test.
 */
function testsTag(condition) {
    const present = !condition.negated && !condition.isNull && !condition.ifExists && condition.setOperator !== "ForAllValues";
    const failedBySome = (0, claimSatisfiability_1.someValueMeets)([
        { ...condition, negated: true },
        { ...condition, like: true, negated: false, values: ["?*"] },
    ]);
    return present && failedBySome === true;
}
/**
 * The Allow statements through which a Pod Identity association may assume the role (`sts:AssumeRole`, as eks-irsa's
 * model reads them: `Principal: "*"`, case and every principal form included) that do not test each required session
 * tag with a condition an absent tag fails and some value fails.
 *
 * @param description the model's reading of the policy.
 * @param required the session tags (`kubernetes-namespace`, ...) each statement must test.
 */
function podIdentityGaps(description, required) {
    const assumeRole = description.podIdentity.actions.find((a) => a.action === "sts:AssumeRole");
    return (assumeRole?.allows ?? []).flatMap((clause) => {
        const tested = new Set(clause.conditions.filter(testsTag).map((c) => c.tag));
        const missing = required.filter((tag) => !tested.has(tag.toLowerCase()));
        return missing.length > 0 ? [{ statement: clause.statement, missing }] : [];
    });
}
/**
 * The same check on a policy the model could not decide, reading `Principal.Service` and the condition keys as
 * written: for each Allow statement trusting `pods.eks.amazonaws.com`, the required session tags it does not test.
 */
function podIdentityGapsAsWritten(document, required) {
    const gaps = [];
    listOf(document.Statement).forEach((statement, index) => {
        if (!isObject(statement) || statement.Effect !== "Allow" || !isObject(statement.Principal)) {
            return;
        }
        if (!listOf(statement.Principal.Service).includes(policyModel_1.POD_IDENTITY_SERVICE)) {
            return;
        }
        const tested = positiveConditionKeys(statement.Condition);
        const missing = required.filter((tag) => !tested.has(`aws:requesttag/${tag}`.toLowerCase()));
        if (missing.length > 0) {
            gaps.push({ statement: index, missing });
        }
    });
    return gaps;
}
/** Condition keys (lower case) whose value an operator tests so that an absent tag fails it: not Null, negated, IfExists or ForAllValues. */
function positiveConditionKeys(condition) {
    const keys = new Set();
    if (!isObject(condition)) {
        return keys;
    }
    for (const [operator, block] of Object.entries(condition)) {
        if (operator === "Null" || operator.includes("Not") || operator.endsWith("IfExists") || operator.startsWith("ForAllValues:") || !isObject(block)) {
            continue;
        }
        Object.keys(block).forEach((key) => keys.add(key.toLowerCase()));
    }
    return keys;
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function listOf(value) {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
