/**
 * Property (issue 23, "Bounded work"): for any policy of overlapping subject patterns at IAM's size limits
 * (tests/oracle/overlappingPatternArbitraries.ts) and any token, `explain --who` either decides it, and then agrees with
 * the evaluator and the independent oracle (@cloud-copilot/iam-simulate), or refuses it as unsupported naming the
 * analysis budget, never anything else; the evaluator, which has no budget, agrees with iam-simulate either way.
 *
 * overlappingPatterns.property.spec.ts runs it in the worker thread beside the other specs (tests/beside.ts). Each
 * policy costs up to the whole budget (a refusal spends it), so the default run is shorter than the other properties'
 * 2,000: EKS_IRSA_OVERLAP_RUNS=2000 runs those (about a minute of CPU); EKS_IRSA_PROPERTY_SEED explores other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { accessAdmits, accessThrough, describeTrust, TrustDescription } from "../../src/policy/explain";
import { evaluateTrustPolicy, UnsupportedPolicyError } from "../../src/policy/trustPolicyEvaluator";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { overlappingPatternPolicyArbitrary, overlappingTokenArbitrary } from "../oracle/overlappingPatternArbitraries";

export const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
export const RUNS = Number(process.env.EKS_IRSA_OVERLAP_RUNS ?? 100);

/** describeTrust's answer, or undefined when it refuses the policy: only ever for the budget. */
function readOrRefusal(policy: object): TrustDescription | undefined {
    try {
        return describeTrust(policy);
    } catch (error) {
        expect(error).to.be.instanceOf(UnsupportedPolicyError);
        expect((error as Error).message).to.match(/analysis budget of [\d,]+ steps/);
        return undefined;
    }
}

export function overlappingPatternsProperty(): string[] {
    let decided = 0;
    let refused = 0;
    let tokens = 0;
    let allowed = 0;
    fc.assert(
        fc.property(overlappingPatternPolicyArbitrary, fc.array(overlappingTokenArbitrary, { minLength: 1, maxLength: 4 }), (policy, requests) => {
            const description = readOrRefusal(policy);
            if (description === undefined) {
                refused++;
            } else {
                decided++;
            }
            for (const request of requests) {
                tokens++;
                const decision = evaluateTrustPolicy(policy, request).allowed;
                const oracle = simulateWithIamSimulate(policy, request).allowed;
                const who = description === undefined ? oracle : accessAdmits(accessThrough(description, request.providerArn), request.subject, [request.audience]);
                expect({ decision, who }, `${JSON.stringify(policy)}\n${JSON.stringify(request)}`).to.deep.equal({ decision: oracle, who: oracle });
                allowed += decision ? 1 : 0;
            }
        }),
        { seed: SEED, numRuns: RUNS },
    );
    return [
        `property (overlapping subject patterns at 2,048 and 4,096 characters: --who, evaluator, iam-simulate): seed ${SEED}: ${RUNS} policies, ` +
            `${decided} decided, ${refused} refused naming the analysis budget; ${tokens} tokens, ${allowed} allowed, 0 disagreements`,
    ];
}
