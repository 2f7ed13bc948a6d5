/**
 * The generator of trust policies and tokens the property tests share (tests/policy/policyModel.property.spec.ts and
 * tests/policypack/oracle.property.spec.ts): statements over three OIDC providers, Federated or "*" principals, five
 * actions, and up to three conditions from the operators eks-irsa models plus a few it refuses (other keys, ForAnyValue
 * with IfExists); tokens of a few namespaces, ServiceAccounts and audiences.
 */
import * as fc from "fast-check";

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

const keyArbitrary = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...ISSUERS), fc.constantFrom("sub", "aud", "SUB"), fc.boolean()).map(([i, c, upper]) => `${upper ? i.toUpperCase() : i}:${c}`) },
    { weight: 1, arbitrary: fc.constantFrom("sts:RoleSessionName", "aws:SourceIp", `${ISSUERS[0]}:amr`) },
);

const conditionArbitrary = fc.tuple(fc.constantFrom(...OPERATORS), keyArbitrary, fc.integer({ min: 1, max: 2 }), fc.nat()).map(([operator, key, count, pick]) => {
    const pool = operator === "Null" ? ["true", "false"] : key.toLowerCase().endsWith(":aud") ? AUDIENCE_VALUES : SUBJECT_VALUES;
    const values = Array.from({ length: count }, (_, i) => pool[(pick + i * 7) % pool.length]);
    return { operator, key, values: values.length === 1 ? values[0] : values };
});

type StatementShape = { effect: string; principal: unknown; action: Record<string, unknown>; conditions: Array<{ operator: string; key: string; values: string | string[] }> };

const statementArbitrary: fc.Arbitrary<StatementShape> = fc.record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    principal: fc.oneof(
        { weight: 8, arbitrary: fc.subarray(PROVIDERS, { minLength: 1, maxLength: 2 }).map((arns) => ({ Federated: arns.length === 1 ? arns[0] : arns })) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>("*", { AWS: "*" }) },
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

function statementOf(s: StatementShape): object {
    const condition: Record<string, Record<string, unknown>> = {};
    for (const c of s.conditions) {
        (condition[c.operator] ??= {})[c.key] ??= c.values;
    }
    return { Effect: s.effect, Principal: s.principal, ...s.action, ...(s.conditions.length > 0 && { Condition: condition }) };
}

export const policyArbitrary = fc.array(statementArbitrary, { minLength: 1, maxLength: 3 }).map((statements) => ({ Version: "2012-10-17", Statement: statements.map(statementOf) }));

export const tokenArbitrary = fc.record({
    providerArn: fc.constantFrom(...PROVIDERS),
    subject: fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...SERVICE_ACCOUNTS)).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`),
    audience: fc.oneof(fc.constantFrom(...AUDIENCES), fc.subarray(AUDIENCES, { maxLength: 2 })),
});
