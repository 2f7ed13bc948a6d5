import { expect } from "chai";
import { WORST_CASE_POLICIES } from "../oracle/worstCasePolicies";
import { names, PolicyName, validateRole } from "./packHarness";

describe("policy pack: a policy over the analysis budget", () => {
    it("is reported as unsupported, naming the budget, never passed silently", async () => {
        const violations = await validateRole(WORST_CASE_POLICIES.subsequences(4096));
        expect(names(violations)).to.include(PolicyName.UnsupportedTrustPolicy);
        const unsupported = violations.find((v) => v.policy === PolicyName.UnsupportedTrustPolicy)!;
        expect(unsupported.message).to.match(/analysis budget of 3,000,000 steps/);
    });

    it("is reported for a 1 MiB policy of many issuers as well, with its size over the quota", async () => {
        const violations = await validateRole(WORST_CASE_POLICIES.issuers(1024 * 1024));
        expect(names(violations)).to.include.members([PolicyName.UnsupportedTrustPolicy, PolicyName.TrustPolicySize]);
    });
});
