/**
 * Cross-checks evaluateTrustPolicy against @cloud-copilot/iam-simulate on seeded generated cases, on the fixed
 * cases of tests/oracle/componentCases.ts and on every trust policy the examples and the fixed component cases
 * of tests/producedResources.ts produce. Set EKS_IRSA_ORACLE_SEED and EKS_IRSA_ORACLE_COUNT to explore other cases.
 */
import { expect } from "chai";
import fc from "fast-check";
import { evaluateTrustPolicy } from "../src/policy/trustPolicyEvaluator";
import { componentOracleCases, producedPolicyCases } from "./oracle/componentCases";
import { DEFAULT_ORACLE_SEED, generateOracleCases, type OracleCase } from "./oracle/generator";
import { collatorHelpers, iamPolicyUtils, localeCompareHelpers } from "./oracle/collation";
import { simulateWithIamSimulate } from "./oracle/ironOracle";
import { producedResources } from "./producedResources";

const SEED = Number(process.env.EKS_IRSA_ORACLE_SEED ?? DEFAULT_ORACLE_SEED);
const COUNT = Number(process.env.EKS_IRSA_ORACLE_COUNT ?? 400);
/** How many different trust policies tests/producedResources.ts yields (examples/cluster-addons adds 4); a drop means a case stopped producing one. */
const DISTINCT_PRODUCED_POLICIES = 10;

interface Comparison {
    oracleCase: OracleCase;
    evaluator: string;
    oracle: string;
    validationErrors: string[];
    agree: boolean;
}

function compare(oracleCase: OracleCase): Comparison {
    const oracle = simulateWithIamSimulate(oracleCase.policy, oracleCase.request);
    let evaluator: string;
    let allowed: boolean | undefined;
    try {
        const decision = evaluateTrustPolicy(oracleCase.policy, oracleCase.request);
        evaluator = decision.decision;
        allowed = decision.allowed;
    } catch (error) {
        // Every case uses supported features only, so any error (UnsupportedPolicyError included) is a failure.
        evaluator = `${(error as Error).name}: ${(error as Error).message}`;
    }
    return {
        oracleCase,
        evaluator,
        oracle: oracle.result,
        validationErrors: oracle.validationErrors,
        agree: allowed === oracle.allowed,
    };
}

/** Describes each disagreement, and each case whose policy iam-policy's trust-policy validation rejects. */
function report(comparisons: Comparison[]): string[] {
    return comparisons
        .filter((c) => !c.agree || c.validationErrors.length > 0)
        .map(
            (c) =>
                `${c.oracleCase.name}\n  evaluator ${c.evaluator}, iam-simulate ${c.oracle}` +
                `${c.validationErrors.length > 0 ? `, invalid: ${c.validationErrors.join("; ")}` : ""}\n` +
                `  ${JSON.stringify(c.oracleCase.policy)}\n  ${JSON.stringify(c.oracleCase.request)}`,
        );
}

describe("oracle: evaluateTrustPolicy agrees with @cloud-copilot/iam-simulate", () => {
    const generated = generateOracleCases(SEED, COUNT);
    const fixed = componentOracleCases();
    const comparisons: Comparison[] = [];

    after(() => {
        const agree = comparisons.filter((c) => c.agree).length;
        const allowed = comparisons.filter((c) => c.oracle === "Allowed").length;
        console.log(
            `oracle: ${comparisons.length} cases, ${agree} agree, ${comparisons.length - agree} disagree ` +
                `(${allowed} allowed, ${comparisons.length - allowed} denied)`,
        );
    });

    it("generates the same cases from the same seed", () => {
        expect(JSON.stringify(generateOracleCases(SEED, 25))).to.equal(JSON.stringify(generated.slice(0, 25)));
        expect(new Set(generated.map((c) => c.name)).size).to.equal(generated.length);
    });

    it(`agrees on ${COUNT} generated cases (seed ${SEED})`, () => {
        const results = generated.map(compare);
        comparisons.push(...results);
        expect(report(results)).to.deep.equal([]);
    });

    it("covers allowed and denied outcomes in the generated cases", () => {
        const allowed = generated.filter((c) => simulateWithIamSimulate(c.policy, c.request).allowed).length;
        expect(allowed).to.be.within(COUNT * 0.3, COUNT * 0.7);
    });

    it("agrees on every trust policy the examples and the fixed component cases produce", async function () {
        this.timeout(60000);
        const { trustPolicies } = await producedResources();
        const distinct = [...new Set(trustPolicies.map((p) => p.value))];
        const cases = distinct.flatMap((policy, i) => producedPolicyCases(policy, `produced policy ${i} (${trustPolicies.find((p) => p.value === policy)!.source})`));
        const results = cases.map(compare);
        comparisons.push(...results);
        console.log(`oracle: ${distinct.length} distinct trust policies from ${trustPolicies.length} roles the components produced, ${cases.length} cases`);
        expect(distinct.length).to.equal(DISTINCT_PRODUCED_POLICIES);
        expect(results.filter((r) => r.oracle === "Allowed").length).to.be.greaterThan(0);
        expect(report(results)).to.deep.equal([]);
    });

    it("agrees on the eks-irsa and tutorial policies of componentCases.ts", () => {
        const results = fixed.map(compare);
        comparisons.push(...results);
        expect(report(results)).to.deep.equal([]);
    });
});

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/o";

describe("oracle: iam-policy's case-insensitive comparisons through one shared collator (tests/oracle/collation.ts)", () => {
    const OPERATORS = ["ForAllValues", "ForAnyValue", "IfExists", "StringEqualsIfExists", "StringLike", ""];
    const spellings = fc.oneof(
        fc.constantFrom(...OPERATORS, "forallvalues", "FORANYVALUE", "ifexists", "ForAllValués", "ＩｆＥｘｉｓｔｓ", "Ifexist", "IfExistsX", "ı", "I", "ß", "SS"),
        fc.fullUnicodeString({ maxLength: 14 }),
    );

    it("answers as iam-policy's localeCompare helpers on operator names, their case, accent and width variants, and any Unicode", () => {
        fc.assert(
            fc.property(spellings, spellings, (first, second) => {
                for (const [a, b] of [
                    [first, second],
                    [`${first}${second}`, second],
                ]) {
                    expect(collatorHelpers.caseInsensitiveEquals(a, b), `equals(${JSON.stringify(a)}, ${JSON.stringify(b)})`).to.equal(localeCompareHelpers.caseInsensitiveEquals(a, b));
                    expect(collatorHelpers.caseInsensitiveEndsWith(a, b), `endsWith(${JSON.stringify(a)}, ${JSON.stringify(b)})`).to.equal(localeCompareHelpers.caseInsensitiveEndsWith(a, b));
                }
            }),
            { seed: 20261130, numRuns: 2000 },
        );
    });

    it("is what iam-policy calls when it reads a condition operator", () => {
        expect(iamPolicyUtils.caseInsensitiveEquals).to.equal(collatorHelpers.caseInsensitiveEquals);
        expect(iamPolicyUtils.caseInsensitiveEndsWith).to.equal(collatorHelpers.caseInsensitiveEndsWith);
        const calls: string[] = [];
        const installed = iamPolicyUtils.caseInsensitiveEquals;
        iamPolicyUtils.caseInsensitiveEquals = (a, b) => (calls.push(`${a}=${b}`), installed(a, b));
        try {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { "forallvalues:StringEquals": { "o:aud": ["a", "b"] } } }] };
            simulateWithIamSimulate(policy, { providerArn: PROVIDER, subject: "system:serviceaccount:a:b", audience: ["a"] });
        } finally {
            iamPolicyUtils.caseInsensitiveEquals = installed;
        }
        expect(calls).to.include("forallvalues=ForAllValues");
    });
});
