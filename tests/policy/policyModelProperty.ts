/**
 * Property: for any trust policy and any token or EKS Pod Identity association, `explain --who`'s structured answer
 * (describeTrust's per-provider and Pod Identity access), the evaluator (evaluateTrustPolicy,
 * evaluatePodIdentityAssociation) and the independent oracle (@cloud-copilot/iam-simulate) agree, or eks-irsa refuses
 * the policy as unsupported (and then the evaluator and --who both refuse it). Policies mix IRSA and Pod Identity
 * statements.
 *
 * policyModel.property.spec.ts runs it in a worker thread beside the other specs (tests/beside.ts). The seed is fixed and
 * printed; EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { accessAdmits, accessThrough, describeTrust, podIdentityAdmits } from "../../src/policy/explain";
import {
    evaluatePodIdentityAssociation,
    evaluateTrustPolicy,
    PodIdentityRequest,
    UnsupportedPolicyError,
    WebIdentityRequest,
} from "../../src/policy/trustPolicyEvaluator";
import { simulatePodIdentityWithIamSimulate, simulateWithIamSimulate } from "../oracle/ironOracle";
import { associationArbitrary, policyArbitrary, tokenArbitrary } from "../oracle/policyArbitraries";

export const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
export const RUNS = Number(process.env.EKS_IRSA_PROPERTY_RUNS ?? 2000);

/**
 * The evaluator's decision, or undefined when it refuses the policy as unsupported: then `describeTrust` (what `--who`
 * prints) must refuse it too.
 */
function decisionOrRefusal(policy: object, evaluate: () => boolean): boolean | undefined {
    try {
        return evaluate();
    } catch (error) {
        expect(error).to.be.instanceOf(UnsupportedPolicyError);
        expect(() => describeTrust(policy)).to.throw(UnsupportedPolicyError);
        return undefined;
    }
}

/** One association against one policy: undefined when the three agree, else what each said. */
function podIdentityDisagreement(policy: object, association: PodIdentityRequest): string | undefined {
    const decision = decisionOrRefusal(policy, () => evaluatePodIdentityAssociation(policy, association).allowed);
    if (decision === undefined) {
        return undefined;
    }
    const who = podIdentityAdmits(describeTrust(policy).podIdentity, association);
    const oracle = simulatePodIdentityWithIamSimulate(policy, association).allowed;
    return decision === oracle && who === oracle ? undefined : `evaluatePodIdentityAssociation ${decision}, --who ${who}, iam-simulate ${oracle}`;
}

/** One token against one policy: undefined when the three agree, else what each said. */
function disagreement(policy: object, token: WebIdentityRequest): string | undefined {
    const decision = decisionOrRefusal(policy, () => evaluateTrustPolicy(policy, token).allowed);
    if (decision === undefined) {
        return undefined;
    }
    const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
    const who = accessAdmits(accessThrough(describeTrust(policy), token.providerArn), token.subject, audiences);
    const oracle = simulateWithIamSimulate(policy, token).allowed;
    return decision === oracle && who === oracle ? undefined : `evaluateTrustPolicy ${decision}, --who ${who}, iam-simulate ${oracle}`;
}

/**
 * For any policy, tokens and Pod Identity associations: `explain --who`, the evaluator and iam-simulate agree, or
 * eks-irsa refuses the policy as unsupported. Returns the run's summary.
 */
export function policyModelProperty(): string[] {
    let tokens = 0;
    let refused = 0;
    let allowed = 0;
    let associationsChecked = 0;
    let associationsAllowed = 0;
    fc.assert(
        fc.property(policyArbitrary, fc.array(tokenArbitrary, { minLength: 1, maxLength: 3 }), fc.array(associationArbitrary, { minLength: 1, maxLength: 3 }), (policy, requests, associations) => {
            for (const request of requests) {
                tokens++;
                const problem = disagreement(policy, request);
                expect(problem, `${JSON.stringify(policy)}\n${JSON.stringify(request)}`).to.equal(undefined);
            }
            for (const association of associations) {
                associationsChecked++;
                const problem = podIdentityDisagreement(policy, association);
                expect(problem, `${JSON.stringify(policy)}\n${JSON.stringify(association)}`).to.equal(undefined);
            }
            try {
                associationsAllowed += associations.filter((a) => evaluatePodIdentityAssociation(policy, a).allowed).length;
            } catch {
                // Refused policies are counted below.
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
    return [
        `property (--who, evaluator, iam-simulate): seed ${SEED}: ${RUNS} policies, ${tokens} tokens and ${associationsChecked} Pod Identity associations, 0 disagreements; ` +
            `${refused} policies refused as unsupported, ${allowed} tokens and ${associationsAllowed} associations allowed`,
    ];
}
