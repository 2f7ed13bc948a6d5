import { WorkloadIdentity } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { AddonPolicyPlan, planAddonPolicies, ResolvedAddonPolicies } from "../../addons/addonPolicies";
import { AddonContext } from "../../addons/addonPolicy";
import { checkAddonsWithoutSessionTags } from "../../addons/addonSessionTags";
import { policySize } from "../../policy/trustPolicy";
import { Checked, combineChecked, mapChecked, notSet } from "../inputs";
import { PlanContext } from "./planContext";
import { PlannedPermissions } from "./permissionsPlan";

/** Where the role lives, as the add-on policies need it: from the trust's provider ARN, or from the issuer's host. */
export interface AddonLocation {
    partition: string;
    accountId?: string;
}

/** The add-ons' part of the role's plan. */
export interface PlannedAddonPolicies {
    /**
     * The add-ons' policies and where each goes, checked against the role's limits; late when an add-on input, a
     * limit or an inline policy is, or when the role's partition comes from a cluster look-up (see `addonPoliciesFor`).
     */
    addonPolicies?: Checked<AddonPolicyPlan>;
    /**
     * With `issuerUrl` or `clusterName`, plans the add-ons once the wiring knows the role's partition and account: from
     * the OIDC provider found or created for the issuer (`issuerUrl`), or from the cluster's ARN (`clusterName`, which is
     * looked up in the role's account).
     */
    addonPoliciesFor?: (found: { providerArn: Checked<string> } | { clusterArn: Checked<string> }) => Checked<AddonPolicyPlan>;
}

/** The add-ons' policies for a role at a location: every add-on check, and their fit beside the role's own policies. */
export type AddonsAt = (location: Checked<AddonLocation>) => Checked<AddonPolicyPlan>;

/** Checks `addonPolicies` as an argument now; undefined without add-ons, else how to plan them once the role's location is known. */
export function planAddons(context: PlanContext, permissions: PlannedPermissions): AddonsAt | undefined {
    const { args, arg, checks, identity, lateMissing } = context;
    if (notSet(args.addonPolicies)) {
        return undefined;
    }
    const addons = arg("addonPolicies", args.addonPolicies, (v) => {
        lateMissing("addonPolicies", args.addonPolicies)(v);
        return v as ResolvedAddonPolicies;
    });
    const { documents, managedPolicyLimit, policyArns } = permissions;
    // Every add-on check, and the add-ons' fit beside the user's own policies, in one place: planAddonPolicies.
    return (location) =>
        checks.derive("addonPolicies", combineChecked({ addons, location, documents, managedPolicyLimit }), (a) =>
            checkAddonsWithoutSessionTags(
                planAddonPolicies(a.addons, {
                    ...addonContextOf(a.location, identity),
                    inlinePolicyCharacters: a.documents.reduce((sum, document) => sum + policySize(document), 0),
                    attachedManagedPolicies: policyArns.length,
                    managedPolicyLimit: a.managedPolicyLimit,
                }),
                identity === WorkloadIdentity.PodIdentity && args.disableSessionTags === true,
            ),
        );
}

/** Plans the add-ons' policies now when the role's location is known, else for the wiring to plan once it is. */
export function placeAddons(addonsAt: AddonsAt | undefined, addonLocation: Checked<AddonLocation> | undefined): PlannedAddonPolicies {
    return {
        addonPolicies: addonsAt === undefined || addonLocation === undefined ? undefined : addonsAt(addonLocation),
        addonPoliciesFor:
            addonsAt === undefined || addonLocation !== undefined
                ? undefined
                : (found) => addonsAt("providerArn" in found ? mapChecked(found.providerArn, locationOfProviderArn) : mapChecked(found.clusterArn, locationOfClusterArn)),
    };
}

/**
 * The add-ons' context. With PodIdentity alone, add-ons scoped by cluster take the cluster from the session tag EKS
 * sets; with Both, IRSA's sessions carry no such tag, so they take the literal cluster name, which holds for both.
 */
function addonContextOf(location: AddonLocation, identity: WorkloadIdentity): AddonContext {
    return { ...location, identity: identity === WorkloadIdentity.PodIdentity ? "podIdentity" : "irsa" };
}

/** The role's partition and account from the cluster's ARN (`arn:<partition>:eks:<region>:<account>:cluster/<name>`). */
function locationOfClusterArn(clusterArn: string): AddonLocation {
    const match = /^arn:(aws[a-z-]*):eks:[a-z0-9-]+:(\d{12}):cluster\/[0-9A-Za-z][A-Za-z0-9_-]*$/.exec(clusterArn);
    if (match === null) {
        throw new IrsaArgumentError("clusterName (its ARN)", clusterArn, "the cluster look-up returned no EKS cluster ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>).");
    }
    return { partition: match[1], accountId: match[2] };
}

/** The role's partition and account from the OIDC provider it trusts, which IAM requires to be in the role's account. */
export function locationOfProviderArn(providerArn: string): AddonLocation {
    const [, partition, , , accountId] = providerArn.split(":");
    return { partition, accountId };
}
