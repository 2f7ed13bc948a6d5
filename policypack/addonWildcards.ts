import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { AddonPolicies, AddonWildcard, planAddonPolicies, ResolvedAddonPolicies } from "eks-irsa";

/** The Pulumi type of eks-irsa's component, whose `addonPolicies` input the policy reads. */
export const SERVICE_ACCOUNT_ROLE_TYPE = "eks-irsa:index:ServiceAccountRole";

/** The role's partition as the component derives it: from the provider's ARN, the issuer's host, else the commercial one. */
function partitionOf(props: Record<string, unknown>): string {
    const arn = props.oidcProviderArn;
    if (typeof arn === "string" && /^arn:[a-z-]+:/.test(arn)) {
        return arn.split(":")[1];
    }
    const issuer = props.issuerUrl;
    return typeof issuer === "string" && /\.amazonaws\.com\.cn(\/|$)/.test(issuer) ? "aws-cn" : "aws";
}

/**
 * The deliberate wildcards a ServiceAccountRole's add-ons opted into, one add-on at a time as the component plans them.
 * An add-on the plan refuses here (the component refuses it too, unless this reading of its context differs) is read
 * by its opt-ins' names instead, so a wildcard is never missed: every opt-in is an `allowAll...` field set to true.
 */
export function addonWildcardsOf(props: Record<string, unknown>): AddonWildcard[] {
    const addons = props.addonPolicies;
    if (typeof addons !== "object" || addons === null || Array.isArray(addons)) {
        return [];
    }
    const context = { partition: partitionOf(props), identity: props.identity === "PodIdentity" ? ("podIdentity" as const) : ("irsa" as const) };
    return Object.entries(addons as AddonPolicies).flatMap(([key, value]) => {
        try {
            return planAddonPolicies({ [key]: value } as ResolvedAddonPolicies, context).wildcards;
        } catch {
            const fields = typeof value === "object" && value !== null ? Object.entries(value as Record<string, unknown>) : [];
            return fields.filter(([field, on]) => field.startsWith("allowAll") && on === true).map(([field]) => ({ argument: `addonPolicies.${key}.${field}`, resource: "*" }));
        }
    });
}

/** Reports each deliberate wildcard of a ServiceAccountRole's add-ons. */
export function checkAddonWildcards(args: ResourceValidationArgs, report: ReportViolation): void {
    if (args.type !== SERVICE_ACCOUNT_ROLE_TYPE) {
        return;
    }
    for (const wildcard of addonWildcardsOf(args.props)) {
        report(
            `${wildcard.argument} grants ${wildcard.resource}: every such resource of the account, not only this workload's, by a deliberate opt-in. ` +
                "Name the resources instead, or keep the opt-in and set this policy to disabled for this stack if the breadth is meant.",
        );
    }
}
