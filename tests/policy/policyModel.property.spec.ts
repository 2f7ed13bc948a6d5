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
import { policyArbitrary, tokenArbitrary } from "../oracle/policyArbitraries";

const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
const RUNS = Number(process.env.EKS_IRSA_PROPERTY_RUNS ?? 2000);

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
