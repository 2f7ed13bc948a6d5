"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_TRUST_POLICY_SIZE_LIMIT = void 0;
exports.serviceAccountSubject = serviceAccountSubject;
exports.hasWildcard = hasWildcard;
exports.buildTrustPolicy = buildTrustPolicy;
exports.renderTrustPolicy = renderTrustPolicy;
exports.policySize = policySize;
exports.checkTrustPolicySize = checkTrustPolicySize;
const errors_1 = require("../errors");
/** IAM's default `ACLSizePerRole` quota: the largest trust policy, in non-white-space characters. */
exports.DEFAULT_TRUST_POLICY_SIZE_LIMIT = 2048;
/** The `sub` claim of a projected ServiceAccount token. */
function serviceAccountSubject(namespace, serviceAccountName) {
    return `system:serviceaccount:${namespace}:${serviceAccountName}`;
}
/** Whether a value uses `StringLike`'s wildcards. */
function hasWildcard(value) {
    return value.includes("*") || value.includes("?");
}
/**
 * Builds the trust policy that lets exactly the given ServiceAccounts assume a role through
 * `sts:AssumeRoleWithWebIdentity`: one statement per trusted provider (conditions of one statement are ANDed, so
 * each cluster needs its own), `StringEquals` on `<issuer>:aud`, and the subjects on `<issuer>:sub` with
 * `StringEquals` when all are exact or `StringLike` when any has a wildcard. Kubernetes names never contain `*` or
 * `?`, so an exact subject under `StringLike` still matches only itself.
 */
function buildTrustPolicy(providers, subjects, audience) {
    const subs = unique(subjects.map((s) => serviceAccountSubject(s.namespace, s.serviceAccountName)));
    const subValue = subs.length === 1 ? subs[0] : subs;
    const statements = uniqueBy(providers, (p) => p.arn).map((provider) => {
        const audKey = `${provider.issuer}:aud`;
        const subKey = `${provider.issuer}:sub`;
        const condition = subs.some(hasWildcard)
            ? { StringEquals: { [audKey]: audience }, StringLike: { [subKey]: subValue } }
            : { StringEquals: { [audKey]: audience, [subKey]: subValue } };
        return {
            Effect: "Allow",
            Principal: { Federated: provider.arn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: condition,
        };
    });
    return { Version: "2012-10-17", Statement: statements };
}
/** The policy as sent to IAM: minified JSON. */
function renderTrustPolicy(document) {
    return JSON.stringify(document);
}
/** A policy's size as IAM counts it against its quotas: every character but white space. */
function policySize(policyJson) {
    return policyJson.replace(/\s/g, "").length;
}
/** Refuses a trust policy above the account's `ACLSizePerRole` quota, with the ways to make it fit. */
function checkTrustPolicySize(policyJson, limit) {
    const size = policySize(policyJson);
    if (size > limit) {
        throw new errors_1.IrsaArgumentError("trustPolicySizeLimit", limit, `the trust policy has ${size} characters (white space not counted) and IAM refuses more than the account's ` +
            `ACLSizePerRole quota of ${limit} ("LimitExceeded: Cannot exceed quota for ACLSizePerRole"). Trust fewer ` +
            `ServiceAccounts or clusters, cover several namespaces with one pattern (scope Cluster with namespacePattern), ` +
            `or raise the quota in Service Quotas and pass the new value as trustPolicySizeLimit.`);
    }
}
function unique(values) {
    return [...new Set(values)];
}
function uniqueBy(items, key) {
    const seen = new Set();
    return items.filter((item) => {
        const k = key(item);
        if (seen.has(k)) {
            return false;
        }
        seen.add(k);
        return true;
    });
}
