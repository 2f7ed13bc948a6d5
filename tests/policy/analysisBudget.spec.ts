import { expect } from "chai";
import { buildTrustPolicy, describeTrust, evaluateTrustPolicy, policySize, renderTrustPolicy, UnsupportedPolicyError } from "../../index";
import { AnalysisBudget, ANALYSIS_BUDGET_STEPS, withAnalysisBudget } from "../../src/policy/analysisBudget";
import { someValueMeets } from "../../src/policy/claimSatisfiability";
import { parsePolicy } from "../../src/policy/policyModel";
import { SubjectAnalysisLimitError, subjectReach, SubjectTest } from "../../src/policy/subjectLanguage";
import { cliInProcess } from "../cliProcess";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { WORST_CASE_ISSUER, WORST_CASE_POLICIES, WORST_CASE_PROVIDER } from "../oracle/worstCasePolicies";

// The outcome of the slowest policies we could build (tests/oracle/worstCasePolicies.ts), not their time: that is
// bench/worstCase.ts's. Each took explain --who from 46 s to minutes before the analysis had a budget.
const BUDGET = /analysis budget of 3,000,000 steps/;
const expectRefused = (policy: string, where: RegExp) => {
    expect(() => describeTrust(policy)).to.throw(UnsupportedPolicyError, where).with.property("message").that.matches(BUDGET);
};

describe("the analysis budget: a policy is decided or refused, naming the budget, whatever its patterns", () => {
    it("refuses the overlapping-pattern policies at the 2,048 and 4,096-character quotas, naming the budget", () => {
        const policy = WORST_CASE_POLICIES.subsequences(4096);
        expect(policy.length).to.be.within(4000, 4096);
        expectRefused(policy, /^The policy uses conditions whose analysis needs more than the analysis budget of 3,000,000 steps/);
        expectRefused(WORST_CASE_POLICIES.exponential(2048), BUDGET);
        expectRefused(WORST_CASE_POLICIES.colons(4096), BUDGET);
    });

    it("refuses 1 MiB policies of many statements or many issuers within the same budget", () => {
        for (const shape of ["statements", "issuers"]) {
            const policy = WORST_CASE_POLICIES[shape](1024 * 1024);
            expect(policy.length, shape).to.be.above(1024 * 1024 - 1000);
            expectRefused(policy, /^The policy uses conditions whose analysis needs more than the analysis budget/);
        }
    });

    it("refuses the same policy the same way however often and after whatever else was read: a remembered answer costs what it did", () => {
        const policy = WORST_CASE_POLICIES.exponential(2048);
        const message = (text: string) => {
            try {
                describeTrust(text);
                return "decided";
            } catch (error) {
                return (error as Error).message;
            }
        };
        const first = message(policy);
        const small = renderTrustPolicy(buildTrustPolicy([{ arn: WORST_CASE_PROVIDER, issuer: WORST_CASE_ISSUER }], [{ namespace: "z*", serviceAccountName: "app" }], "sts.amazonaws.com"));
        expect(message(small)).to.equal("decided");
        expect(message(policy)).to.equal(first);
        expect(message(small)).to.equal("decided");
    });

    it("still decides the largest policies eks-irsa builds: 4,096 characters of exact subjects, or of Qovery's environment patterns", () => {
        const provider = [{ arn: WORST_CASE_PROVIDER, issuer: WORST_CASE_ISSUER }];
        const exact = (i: number) => ({ namespace: `z${i.toString(16).padStart(8, "0")}-zabcdef01`, serviceAccountName: `app-${i}` });
        const pattern = (i: number) => ({ namespace: "z????????-z????????", serviceAccountName: `app-${i}` });
        for (const subject of [exact, pattern]) {
            // As many subjects as the 4,096-character quota holds.
            let policy = "";
            for (let count = 1; ; count++) {
                const next = renderTrustPolicy(buildTrustPolicy(provider, Array.from({ length: count }, (_, i) => subject(i)), "sts.amazonaws.com"));
                if (policySize(next) > 4096) {
                    break;
                }
                policy = next;
            }
            expect(policySize(policy)).to.be.within(4000, 4096);
            expect(describeTrust(policy).providers[0].allows).to.have.length(1);
        }
    });

    it("leaves the evaluator exact on a refused policy: it decides each token, as iam-simulate does", () => {
        const policy = WORST_CASE_POLICIES.exponential(4096);
        expectRefused(policy, BUDGET);
        for (const subject of ["system:serviceaccount:prod:xa1234567890", "system:serviceaccount:a-b:c", "system:serviceaccount:default:default"]) {
            const request = { providerArn: WORST_CASE_PROVIDER, subject, audience: "sts.amazonaws.com" };
            expect(evaluateTrustPolicy(policy, request).allowed, subject).to.equal(simulateWithIamSimulate(JSON.parse(policy), request).allowed);
        }
    });

    it("exits 2 from explain --who, as for any unsupported policy, naming the budget", async () => {
        const file = "worst.json";
        const result = await cliInProcess(["explain", "--policy", file, "--who"], { readFile: () => WORST_CASE_POLICIES.subsequences(4096) });
        expect(result.code).to.equal(2);
        expect(result.stdout).to.equal("");
        expect(result.stderr).to.match(BUDGET);
    });
});

describe("AnalysisBudget: counted steps, the same on every machine", () => {
    const tests = (letter: string): SubjectTest[] => [
        { values: [`system:serviceaccount:*${letter}??:*`, `system:serviceaccount:z*:*${letter}?`], like: true, negated: false },
        { values: [`*${letter}*-*`], like: true, negated: true },
    ];
    const stepsOf = (t: SubjectTest[]) => {
        const budget = new AnalysisBudget(ANALYSIS_BUDGET_STEPS);
        subjectReach(t, budget);
        return ANALYSIS_BUDGET_STEPS - budget.remaining;
    };

    it("decides with exactly the steps it needs and refuses with one less, computed or remembered", () => {
        const t = tests("q");
        const needed = stepsOf(t);
        const answer = subjectReach(t, new AnalysisBudget(needed));
        expect(() => subjectReach(t, new AnalysisBudget(needed - 1))).to.throw(SubjectAnalysisLimitError, `more than the analysis budget of ${(needed - 1).toLocaleString("en-US")} steps`);
        expect(subjectReach(t, new AnalysisBudget(needed))).to.deep.equal(answer);
        // A refusal computed first, then remembered, then lifted by a larger budget.
        const u = tests("k");
        expect(() => subjectReach(u, new AnalysisBudget(500))).to.throw(SubjectAnalysisLimitError, "budget of 500 steps");
        expect(() => subjectReach(u, new AnalysisBudget(500))).to.throw(SubjectAnalysisLimitError, "budget of 500 steps");
        const large = new AnalysisBudget(ANALYSIS_BUDGET_STEPS);
        const decided = subjectReach(u, large);
        expect(ANALYSIS_BUDGET_STEPS - large.remaining).to.equal(stepsOf(u));
        expect(decided).to.deep.equal(subjectReach(tests("k"), new AnalysisBudget(ANALYSIS_BUDGET_STEPS)));
    });

    it("gives up a claim search (undefined, the clause kept) once the budget is spent, and the reading is then refused, never passed", () => {
        const conditions = parsePolicy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Federated: WORST_CASE_PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { [`${WORST_CASE_ISSUER}:aud`]: "sts.*" }, StringNotLike: { [`${WORST_CASE_ISSUER}:aud`]: ["sts.?*", "sts."] } } }],
        }).statements[0].conditions;
        expect(someValueMeets(conditions, new AnalysisBudget(ANALYSIS_BUDGET_STEPS))).to.equal(false);
        const small = new AnalysisBudget(20);
        expect(someValueMeets(conditions, small)).to.equal(undefined);
        expect(small.exhausted).to.equal(true);
        expect(() => withAnalysisBudget("Statement 3", () => someValueMeets(conditions), new AnalysisBudget(20))).to.throw(
            UnsupportedPolicyError,
            /^Statement 3 uses conditions whose analysis needs more than the analysis budget of 20 steps/,
        );
    });
});
