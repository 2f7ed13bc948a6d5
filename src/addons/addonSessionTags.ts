import { IrsaArgumentError } from "../errors";
import type { AddonPolicyPlan } from "./addonPolicies";

// With identity PodIdentity, add-ons scoped by cluster name the cluster through the session tag EKS sets,
// ${aws:PrincipalTag/eks-cluster-name}. An association with disableSessionTags sets no tag, so IAM finds no value for the
// variable (or the condition key) and every statement that uses it matches nothing: the controller is denied. Measured
// with the completeness engine (tests/addons): karpenter 61 of 62 requests, loadBalancerController 35 of 144,
// clusterAutoscaler 4 of 14, cloudwatchObservability 5 of 15. Refused rather than rewritten, so that the role's policy
// stays the one docs/pod-identity.md shows for PodIdentity; identity Both takes the literal cluster name, which holds without tags.

const PRINCIPAL_TAG = "aws:PrincipalTag/";

/** The add-ons of the plan whose documents read a session tag, in plan order, each once. */
export function addonsReadingSessionTags(plan: AddonPolicyPlan): string[] {
    const addons = plan.policies.filter((policy) => policy.json.includes(PRINCIPAL_TAG)).map((policy) => policy.addon as string);
    return [...new Set(addons)];
}

/**
 * Returns the plan unchanged, or refuses it when the sessions carry no tags (`sessionTagsDisabled`) and an add-on's
 * document reads one: that add-on would be denied what it needs.
 */
export function checkAddonsWithoutSessionTags(plan: AddonPolicyPlan, sessionTagsDisabled: boolean): AddonPolicyPlan {
    if (!sessionTagsDisabled) {
        return plan;
    }
    const reading = addonsReadingSessionTags(plan);
    if (reading.length > 0) {
        throw new IrsaArgumentError(
            `addonPolicies.${reading[0]}`,
            "(with disableSessionTags: true)",
            `with identity PodIdentity the ${reading.join(", ")} add-on polic${reading.length > 1 ? "ies name" : "y names"} the cluster through the session ` +
                "tag ${aws:PrincipalTag/eks-cluster-name}, which EKS does not set when disableSessionTags is true, so the controller would be denied " +
                "most of what it needs. Keep session tags (drop disableSessionTags), or use identity Both, whose add-on policies name the cluster " +
                "literally (give the add-on its clusterName).",
        );
    }
    return plan;
}
