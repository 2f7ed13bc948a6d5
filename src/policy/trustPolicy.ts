import { IrsaArgumentError } from "../errors";

/** IAM's default `ACLSizePerRole` quota: the largest trust policy, in non-white-space characters. */
export const DEFAULT_TRUST_POLICY_SIZE_LIMIT = 2048;

/** An OIDC identity provider a role trusts: its ARN and its issuer (the URL without `https://`). */
export interface TrustedProvider {
    arn: string;
    issuer: string;
}

/** A ServiceAccount, or a pattern of them, allowed to assume the role. */
export interface TrustedSubject {
    /** A namespace, or a `StringLike` pattern of namespaces with `*` and `?`. */
    namespace: string;
    serviceAccountName: string;
}

export interface TrustPolicyStatement {
    Effect: "Allow";
    Principal: { Federated: string };
    Action: "sts:AssumeRoleWithWebIdentity";
    Condition: { [operator: string]: { [key: string]: string | string[] } };
}

export interface TrustPolicyDocument {
    Version: "2012-10-17";
    Statement: TrustPolicyStatement[];
}

/** The `sub` claim of a projected ServiceAccount token. */
export function serviceAccountSubject(namespace: string, serviceAccountName: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccountName}`;
}

/** Whether a value uses `StringLike`'s wildcards. */
export function hasWildcard(value: string): boolean {
    return value.includes("*") || value.includes("?");
}

/**
 * Builds the trust policy that lets exactly the given ServiceAccounts assume a role through
 * `sts:AssumeRoleWithWebIdentity`: one statement per trusted provider (conditions of one statement are ANDed, so
 * each cluster needs its own), `StringEquals` on `<issuer>:aud`, and the subjects on `<issuer>:sub` with
 * `StringEquals` when all are exact or `StringLike` when any has a wildcard. Kubernetes names never contain `*` or
 * `?`, so an exact subject under `StringLike` still matches only itself.
 */
export function buildTrustPolicy(providers: TrustedProvider[], subjects: TrustedSubject[], audience: string): TrustPolicyDocument {
    const subs = unique(subjects.map((s) => serviceAccountSubject(s.namespace, s.serviceAccountName)));
    const subValue = subs.length === 1 ? subs[0] : subs;
    const statements = uniqueBy(providers, (p) => p.arn).map((provider): TrustPolicyStatement => {
        const audKey = `${provider.issuer}:aud`;
        const subKey = `${provider.issuer}:sub`;
        const condition: TrustPolicyStatement["Condition"] = subs.some(hasWildcard)
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
export function renderTrustPolicy(document: TrustPolicyDocument): string {
    return JSON.stringify(document);
}

/** A policy's size as IAM counts it against its quotas: every character but white space. */
export function policySize(policyJson: string): number {
    return policyJson.replace(/\s/g, "").length;
}

/** Refuses a trust policy above the account's `ACLSizePerRole` quota, with the ways to make it fit. */
export function checkTrustPolicySize(policyJson: string, limit: number): void {
    const size = policySize(policyJson);
    if (size > limit) {
        throw new IrsaArgumentError(
            "trustPolicySizeLimit",
            limit,
            `the trust policy has ${size} characters (white space not counted) and IAM refuses more than the account's ` +
                `ACLSizePerRole quota of ${limit} ("LimitExceeded: Cannot exceed quota for ACLSizePerRole"). Trust fewer ` +
                `ServiceAccounts or clusters, cover several namespaces with one pattern (scope Cluster with namespacePattern), ` +
                `or raise the quota in Service Quotas and pass the new value as trustPolicySizeLimit.`,
        );
    }
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
    const seen = new Set<string>();
    return items.filter((item) => {
        const k = key(item);
        if (seen.has(k)) {
            return false;
        }
        seen.add(k);
        return true;
    });
}
