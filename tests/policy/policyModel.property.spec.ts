/**
 * Property: for any trust policy and any token, `explain --who`'s structured answer (describeTrust's per-provider
 * access), evaluateTrustPolicy and the independent oracle (@cloud-copilot/iam-simulate) agree, or eks-irsa refuses
 * the policy as unsupported (and then the evaluator and --who both refuse it).
 *
 * The seed is fixed and printed; EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { accessAdmits, accessThrough, describeTrust } from "../../src/policy/explain";
import { evaluateTrustPolicy, UnsupportedPolicyError, WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";
import { simulateWithIamSimulate } from "../oracle/ironOracle";

const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
const RUNS = Number(process.env.EKS_IRSA_PROPERTY_RUNS ?? 2000);

const ISSUERS = ["oidc.eks.eu-west-3.amazonaws.com/id/AAAA", "oidc.eks.us-east-2.amazonaws.com/id/BBBB", "oidc.eks.eu-west-3.amazonaws.com/id/CCCC"];
const PROVIDERS = ISSUERS.map((issuer) => `arn:aws:iam::123456789012:oidc-provider/${issuer}`);
const NAMESPACES = ["z9b830e28-ze23976e2", "payments", "kube-system", "z1", "a"];
const SERVICE_ACCOUNTS = ["my-s3-role", "default", "api.v2", "app"];
const AUDIENCES = ["sts.amazonaws.com", "vault", "STS.amazonaws.com"];
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

const policyArbitrary = fc.array(statementArbitrary, { minLength: 1, maxLength: 3 }).map((statements) => ({ Version: "2012-10-17", Statement: statements.map(statementOf) }));

const tokenArbitrary = fc.record({
    providerArn: fc.constantFrom(...PROVIDERS),
    subject: fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...SERVICE_ACCOUNTS)).map(([ns, sa]) => `system:serviceaccount:${ns}:${sa}`),
    audience: fc.oneof(fc.constantFrom(...AUDIENCES), fc.subarray(AUDIENCES, { maxLength: 2 })),
});

/** One token against one policy: undefined when the three agree, else what each said. */
function disagreement(policy: object, token: WebIdentityRequest): string | undefined {
    let decision: boolean;
    let who: boolean;
    try {
        decision = evaluateTrustPolicy(policy, token).allowed;
    } catch (error) {
        expect(error).to.be.instanceOf(UnsupportedPolicyError);
        expect(() => describeTrust(policy)).to.throw(UnsupportedPolicyError);
        return undefined;
    }
    const description = describeTrust(policy);
    const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
    who = accessAdmits(accessThrough(description, token.providerArn), token.subject, audiences);
    const oracle = simulateWithIamSimulate(policy, token).allowed;
    return decision === oracle && who === oracle ? undefined : `evaluateTrustPolicy ${decision}, --who ${who}, iam-simulate ${oracle}`;
}

describe("property: explain --who, evaluateTrustPolicy and iam-simulate agree on any policy and token", () => {
    it(`agree, or eks-irsa refuses the policy (seed ${SEED}, ${RUNS} runs)`, function () {
        this.timeout(120000);
        let tokens = 0;
        let refused = 0;
        let allowed = 0;
        console.log(`      property seed ${SEED}, ${RUNS} runs (EKS_IRSA_PROPERTY_SEED, EKS_IRSA_PROPERTY_RUNS)`);
        fc.assert(
            fc.property(policyArbitrary, fc.array(tokenArbitrary, { minLength: 1, maxLength: 3 }), (policy, requests) => {
                for (const request of requests) {
                    tokens++;
                    const problem = disagreement(policy, request);
                    expect(problem, `${JSON.stringify(policy)}\n${JSON.stringify(request)}`).to.equal(undefined);
                }
                try {
                    evaluateTrustPolicy(policy, requests[0]);
                    allowed += requests.filter((r) => evaluateTrustPolicy(policy, r).allowed).length;
                } catch {
                    refused++;
                }
            }),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      ${RUNS} policies, ${tokens} tokens, 0 disagreements; ${refused} policies refused as unsupported, ${allowed} tokens allowed`);
    });
});
