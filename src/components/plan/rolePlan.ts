import * as rules from "../../policy/rules";
import { Checked, notSet } from "../inputs";
import { AddonLocation, placeAddons, PlannedAddonPolicies, planAddons } from "./addonsPlan";
import { planPermissions } from "./permissionsPlan";
import { PlanContext } from "./planContext";

/** The role to create, with its permissions and the add-ons' policies. */
export interface PlannedRole extends PlannedAddonPolicies {
    name?: Checked<string>;
    path?: Checked<string>;
    description?: Checked<string>;
    maxSessionDuration?: Checked<number>;
    permissionsBoundary?: Checked<string>;
    tags?: Checked<{ [key: string]: string }>;
    /** Managed policies by key, in key order: the key names the attachment. */
    policyArns: [string, Checked<string>][];
    /** Inline policies by name, in name order. */
    inlinePolicies: [string, Checked<string>][];
}

/** Plans `roleArn`, the existing role to adopt instead of creating one; undefined when not given. */
export function planAdoptedRole(context: PlanContext): Checked<string> | undefined {
    const { args, arg, lateMissing } = context;
    return notSet(args.roleArn)
        ? undefined
        : arg("roleArn", args.roleArn, (v) => {
              lateMissing("roleArn", args.roleArn)(v);
              rules.checkRoleArn("roleArn", v);
              return v as string;
          });
}

/**
 * Plans the role to create: its permissions first, then the add-ons' argument, the role's own arguments, and the
 * add-ons' policies where the role's location is known (`addonLocation`; else the wiring plans them).
 */
export function planRole(context: PlanContext, tags: Checked<{ [key: string]: string }> | undefined, addonLocation: Checked<AddonLocation> | undefined): PlannedRole {
    const { optional } = context;
    const permissions = planPermissions(context);
    const addonsAt = planAddons(context, permissions);
    const name = optional<string>("roleName", rules.checkRoleName);
    const path = optional<string>("rolePath", rules.checkRolePath);
    const description = optional<string>("roleDescription", rules.checkRoleDescription);
    const maxSessionDuration = optional<number>("maxSessionDuration", rules.checkMaxSessionDuration);
    const permissionsBoundary = optional<string>("permissionsBoundary", rules.checkManagedPolicyArn);
    // The add-ons' policies are checked last, after the role's own arguments.
    const addons = placeAddons(addonsAt, addonLocation);
    return {
        name,
        path,
        description,
        maxSessionDuration,
        permissionsBoundary,
        tags,
        policyArns: permissions.policyArns,
        inlinePolicies: permissions.inlinePolicies,
        addonPolicies: addons.addonPolicies,
        addonPoliciesFor: addons.addonPoliciesFor,
    };
}
