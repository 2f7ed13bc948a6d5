/**
 * The generator of trust policies, tokens and EKS Pod Identity associations the property tests share
 * (tests/policy/policyModel.property.spec.ts and tests/policypack/oracle.property.spec.ts): IRSA statements over three
 * OIDC providers, Federated or "*" principals, five actions, and up to three conditions from the operators eks-irsa
 * models plus a few it refuses (other keys, ForAnyValue with IfExists); Pod Identity statements with conditions on the
 * session tags; tokens of a few namespaces, ServiceAccounts and audiences; associations of two clusters.
 */
import * as fc from "fast-check";
import type { PodIdentityRequest } from "../../src/policy/trustPolicyEvaluator";

export const ISSUERS = ["oidc.eks.eu-west-3.amazonaws.com/id/AAAA", "oidc.eks.us-east-2.amazonaws.com/id/BBBB", "oidc.eks.eu-west-3.amazonaws.com/id/CCCC"];
export const PROVIDERS = ISSUERS.map((issuer) => `arn:aws:iam::123456789012:oidc-provider/${issuer}`);
export const NAMESPACES = ["z9b830e28-ze23976e2", "payments", "kube-system", "z1", "a"];
export const SERVICE_ACCOUNTS = ["my-s3-role", "default", "api.v2", "app"];
export const AUDIENCES = ["sts.amazonaws.com", "vault", "STS.amazonaws.com"];
const SUBJECT_VALUES = [
    ...NAMESPACES.flatMap((ns) => SERVICE_ACCOUNTS.slice(0, 2).map((sa) => `system:serviceaccount:${ns}:${sa}`)),
    "system:serviceaccount:z*:my-s3-role",
    "system:serviceaccount:*:default",
    "system:serviceaccount:payments:*",
    "system:serviceaccount:z????????-z????????:my-s3-role",
    "system:serviceaccount:?*:app",
    "system:serviceaccount:z*",
    "*",
    "**",
    "*?",
    "system:serviceaccount:kube-system:?efault",
];
const AUDIENCE_VALUES = [...AUDIENCES, "sts.*", "*", "sts.amazonaws.co?"];
const OPERATORS = [
    "StringEquals",
    "StringNotEquals",
    "StringLike",
    "StringNotLike",
    "StringEqualsIfExists",
    "StringNotLikeIfExists",
    "ForAllValues:StringEquals",
    "ForAllValues:StringNotLike",
    "ForAllValues:StringLikeIfExists",
    "ForAnyValue:StringEquals",
    "ForAnyValue:StringNotEquals",
    "ForAnyValue:StringLike",
    "ForAnyValue:StringLikeIfExists",
    "Null",
];

/**
 * `Service` principals IAM may read as `pods.eks.amazonaws.com` (other case, wildcards), which iam-simulate compares
 * literally: every reader refuses them (issue 23, a hostile author's review).
 */
export const POD_IDENTITY_LOOK_ALIKES = ["Pods.eks.amazonaws.com", "PODS.EKS.AMAZONAWS.COM", "*", "pods.eks.*", "*.amazonaws.com"];

/** Condition keys the model does not handle: the session name a caller chooses, its address, a claim of the token. */
export const UNMODELLED_KEYS = ["sts:RoleSessionName", "aws:SourceIp", `${ISSUERS[0]}:amr`];

const keyArbitrary = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...ISSUERS), fc.constantFrom("sub", "aud", "SUB"), fc.boolean()).map(([i, c, upper]) => `${upper ? i.toUpperCase() : i}:${c}`) },
    { weight: 2, arbitrary: fc.constantFrom(...UNMODELLED_KEYS, UNMODELLED_KEYS[0]) },
);

const conditionArbitrary = fc.tuple(fc.constantFrom(...OPERATORS), keyArbitrary, fc.integer({ min: 1, max: 2 }), fc.nat()).map(([operator, key, count, pick]) => {
    const pool = operator === "Null" ? ["true", "false"] : key.toLowerCase().endsWith(":aud") ? AUDIENCE_VALUES : SUBJECT_VALUES;
    const values = Array.from({ length: count }, (_, i) => pool[(pick + i * 7) % pool.length]);
    return { operator, key, values: values.length === 1 ? values[0] : values };
});

type StatementShape = { effect: string; principal: unknown; action: Record<string, unknown>; conditions: Array<{ operator: string; key: string; values: string | string[] }> };

export const irsaStatementArbitrary: fc.Arbitrary<StatementShape> = fc.record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    principal: fc.oneof(
        { weight: 8, arbitrary: fc.subarray(PROVIDERS, { minLength: 1, maxLength: 2 }).map((arns) => ({ Federated: arns.length === 1 ? arns[0] : arns })) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>("*", { AWS: "*" }) },
        // What IAM reads as "*" too: any run of asterisks, alone, in a list, or beside a Federated provider.
        { weight: 1, arbitrary: fc.constantFrom<unknown>("**", { AWS: "***" }, { AWS: ["arn:aws:iam::123456789012:role/ci", "**"] }, { Federated: PROVIDERS[0], AWS: "**" }) },
        // Account principals: a Deny's covers every web identity of the account (this one, or another); an Allow's none.
        {
            weight: 1,
            arbitrary: fc.constantFrom<unknown>(
                { Federated: PROVIDERS[0], AWS: "arn:aws:iam::123456789012:root" },
                { AWS: "123456789012" },
                { AWS: ["arn:aws:iam::999988887777:root", "arn:aws:iam::123456789012:role/ci"] },
                { Federated: PROVIDERS[1], AWS: "999988887777" },
            ),
        },
        // A Service principal IAM may read as Pod Identity's beside a provider: refused by every reader.
        { weight: 1, arbitrary: fc.constantFrom(...POD_IDENTITY_LOOK_ALIKES).map((service) => ({ Federated: PROVIDERS[0], Service: service })) },
    ),
    action: fc.constantFrom<Record<string, unknown>>(
        { Action: "sts:AssumeRoleWithWebIdentity" },
        { Action: "sts:AssumeRoleWithWebIdentity" },
        { Action: "sts:*" },
        { Action: "sts:AssumeRole" },
        { NotAction: "sts:TagSession" },
    ),
    conditions: fc.array(conditionArbitrary, { maxLength: 3 }),
});

export const CLUSTER_ARNS = ["arn:aws:eks:eu-west-3:123456789012:cluster/prod", "arn:aws:eks:us-east-2:123456789012:cluster/prod-2"];
const POD_NAMES = ["app-1", "web-7f9c"];
const POD_UIDS = ["6a1c0d2e-0000-4000-8000-000000000001", "6a1c0d2e-0000-4000-8000-000000000002"];
const TAG_VALUES: Record<string, string[]> = {
    "eks-cluster-arn": [...CLUSTER_ARNS, "arn:aws:eks:*:123456789012:cluster/*", "*", "arn:aws:eks:eu-west-3:123456789012:cluster/prod*"],
    "eks-cluster-name": ["prod", "prod-2", "prod*", "staging"],
    "kubernetes-namespace": [...NAMESPACES, "z*", "*", "pay?ents"],
    "kubernetes-service-account": [...SERVICE_ACCOUNTS, "*", "my-*"],
    "kubernetes-pod-name": [...POD_NAMES, "app-*"],
    "kubernetes-pod-uid": [...POD_UIDS, "6a1c0d2e-*"],
};
const TAG_KEYS = Object.keys(TAG_VALUES);

const tagKeyArbitrary = fc.oneof(
    { weight: 16, arbitrary: fc.tuple(fc.constantFrom(...TAG_KEYS), fc.constantFrom("aws:RequestTag/", "aws:requesttag/", "AWS:RequestTag/"), fc.boolean()).map(([t, p, upper]) => `${p}${upper ? t.toUpperCase() : t}`) },
    { weight: 1, arbitrary: fc.constantFrom("aws:RequestTag/team", "aws:SourceAccount", "aws:TagKeys", `${ISSUERS[0]}:sub`) },
);

/**
 * Patterns that some string fails (`"-"`) but that admit every namespace and every ServiceAccount name, since every
 * DNS-1123 name starts with a lower-case letter or a digit (issue 23, a hostile author's review).
 */
export const EVERY_NAME_PATTERNS = [..."abcdefghijklmnopqrstuvwxyz0123456789"].map((c) => `${c}*`);

const tagConditionArbitrary = fc.oneof(
    {
        weight: 16,
        arbitrary: fc.tuple(fc.constantFrom(...OPERATORS), tagKeyArbitrary, fc.integer({ min: 1, max: 2 }), fc.nat()).map(([operator, key, count, pick]) => {
            const tag = key.slice(key.indexOf("/") + 1).toLowerCase();
            const pool = operator === "Null" ? ["true", "false"] : (TAG_VALUES[tag] ?? ["x"]);
            const values = Array.from({ length: count }, (_, i) => pool[(pick + i * 3) % pool.length]);
            return { operator, key, values: values.length === 1 ? values[0] : values };
        }),
    },
    {
        weight: 1,
        arbitrary: fc
            .constantFrom("aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account")
            .map((key) => ({ operator: "StringLike", key, values: EVERY_NAME_PATTERNS as string | string[] })),
    },
);

const podIdentityStatementArbitrary: fc.Arbitrary<StatementShape> = fc.record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    principal: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom<unknown>({ Service: "pods.eks.amazonaws.com" }, { Service: ["pods.eks.amazonaws.com"] }) },
        { weight: 1, arbitrary: fc.constantFrom(...POD_IDENTITY_LOOK_ALIKES).map((service): unknown => ({ Service: service })) },
    ),
    action: fc.constantFrom<Record<string, unknown>>(
        { Action: ["sts:AssumeRole", "sts:TagSession"] },
        { Action: ["sts:AssumeRole", "sts:TagSession"] },
        { Action: "sts:AssumeRole" },
        { Action: "sts:TagSession" },
        { Action: "sts:*" },
        { NotAction: "sts:AssumeRoleWithWebIdentity" },
    ),
    conditions: fc.array(tagConditionArbitrary, { maxLength: 3 }),
});

const statementArbitrary = fc.oneof(irsaStatementArbitrary, podIdentityStatementArbitrary);

function statementOf(s: StatementShape): object {
    const condition: Record<string, Record<string, unknown>> = {};
    for (const c of s.conditions) {
        (condition[c.operator] ??= {})[c.key] ??= c.values;
    }
    return { Effect: s.effect, Principal: s.principal, ...s.action, ...(s.conditions.length > 0 && { Condition: condition }) };
}

export const policyArbitrary = fc.array(statementArbitrary, { minLength: 1, maxLength: 3 }).map((statements) => ({ Version: "2012-10-17", Statement: statements.map(statementOf) }));

/**
 * What every reader must refuse in a generated policy, whatever it reads otherwise: a condition block naming one key
 * twice in different case (`:sub` and `:SUB`; IAM may read them as one key), or a Service principal IAM may read as Pod
 * Identity's. Undefined when there is none.
 */
export function lookAlike(policy: { Statement: unknown[] }): string | undefined {
    for (const statement of policy.Statement as { Principal?: { Service?: unknown }; Condition?: Record<string, Record<string, unknown>> }[]) {
        const service = [statement.Principal?.Service ?? []].flat().find((value) => POD_IDENTITY_LOOK_ALIKES.includes(value as string));
        if (service !== undefined) {
            return `Service principal "${service}"`;
        }
        for (const block of Object.values(statement.Condition ?? {})) {
            const keys = Object.keys(block).map((key) => key.toLowerCase());
            if (new Set(keys).size < keys.length) {
                return "one key twice in a block";
            }
        }
    }
    return undefined;
}

/**
 * The policy's JSON text with its first Effect written twice, the opposite one first: JSON.parse keeps the last (the
 * policy as generated), IAM may read the first.
 */
export function withDuplicateKey(text: string): string {
    return text.replace(/"Effect":"(Allow|Deny)"/, (effect, value) => `"Effect":"${value === "Allow" ? "Deny" : "Allow"}",${effect}`);
}

/**
 * Request keys a caller could send for the keys the model does not handle that `policy` tests: none, and each value its
 * conditions name (wildcards filled in) or no condition names, for every such key at once.
 */
export function callerContexts(policy: { Statement: unknown[] }): Record<string, string>[] {
    const conditions = policy.Statement.flatMap((statement) => Object.values((statement as { Condition?: Record<string, Record<string, unknown>> }).Condition ?? {}));
    const tested = conditions.flatMap((block) => Object.entries(block)).filter(([key]) => UNMODELLED_KEYS.includes(key));
    if (tested.length === 0) {
        return [{}];
    }
    const values = new Set(["no-condition-names-this", ...tested.flatMap(([, value]) => [value].flat().map((v) => String(v).replace(/\?/g, "a").replace(/\*/g, "")))]);
    const keys = [...new Set(tested.map(([key]) => key))];
    return [{}, ...[...values].map((value) => Object.fromEntries(keys.map((key) => [key, value])))];
}

export const tokenArbitrary = fc.record({
    providerArn: fc.constantFrom(...PROVIDERS),
    subject: fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...SERVICE_ACCOUNTS)).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`),
    audience: fc.oneof(fc.constantFrom(...AUDIENCES), fc.subarray(AUDIENCES, { maxLength: 2 })),
});

export const associationArbitrary: fc.Arbitrary<PodIdentityRequest> = fc.record({
    clusterArn: fc.constantFrom(...CLUSTER_ARNS),
    namespace: fc.constantFrom(...NAMESPACES),
    serviceAccount: fc.constantFrom(...SERVICE_ACCOUNTS),
    podName: fc.constantFrom(...POD_NAMES),
    podUid: fc.constantFrom(...POD_UIDS),
    sessionTags: fc.constantFrom(true, true, false),
});
