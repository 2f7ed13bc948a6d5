import { IrsaArgumentError } from "../../errors";
import * as rules from "../../policy/rules";
import { Checked, checkType, combineChecked, notSet } from "../inputs";
import { PlanContext } from "./planContext";

/** The prefix of the add-on policies' names, kept from `policyArns` and `inlinePolicies` keys so that no two children or IAM policies share a name. */
const ADDON_NAME_PREFIX = "addon-";

/** The role's own policies, checked, and what the add-ons must fit beside. */
export interface PlannedPermissions {
    /** Managed policies by key, in key order: the key names the attachment. */
    policyArns: [string, Checked<string>][];
    managedPolicyLimit: Checked<number>;
    /** Inline policies by name, in name order. */
    inlinePolicies: [string, Checked<string>][];
    /** The inline policies' documents, in the same order. */
    documents: Checked<string[]>;
}

/** Plans `policyArns` (within `managedPolicyLimit`) and `inlinePolicies` (within IAM's total size). */
export function planPermissions(context: PlanContext): PlannedPermissions {
    const { args, arg, checks } = context;
    const policyArns = Object.keys(args.policyArns ?? {})
        .sort()
        .map((key): [string, Checked<string>] => {
            rules.checkResourceKey("policyArns", key);
            checkNotAddonName("policyArns", key);
            const at = `policyArns.${key}`;
            return [
                key,
                checks.check(at, args.policyArns![key], (v) => {
                    checkType(at, v, "string");
                    rules.checkManagedPolicyArn(at, v as string);
                    return v as string;
                }),
            ];
        });
    const managedPolicyLimit = notSet(args.managedPolicyLimit)
        ? rules.DEFAULT_MANAGED_POLICY_LIMIT
        : arg("managedPolicyLimit", args.managedPolicyLimit, (v) => {
              rules.checkPositiveInteger("managedPolicyLimit", v);
              return v as number;
          });
    checks.derive("policyArns", managedPolicyLimit, (limit) => rules.checkManagedPolicyCount("policyArns", policyArns.length, limit));
    const inlinePolicies = Object.keys(args.inlinePolicies ?? {})
        .sort()
        .map((policyName): [string, Checked<string>] => {
            rules.checkResourceKey("inlinePolicies", policyName);
            checkNotAddonName("inlinePolicies", policyName);
            const at = `inlinePolicies.${policyName}`;
            return [
                policyName,
                checks.check(at, args.inlinePolicies![policyName], (v) => {
                    checkType(at, v, "string");
                    rules.checkInlinePolicy("inlinePolicies", policyName, v as string);
                    return v as string;
                }),
            ];
        });
    const documents = combineChecked(inlinePolicies.map(([, document]) => document) as Checked<string>[] as any) as Checked<string[]>;
    checks.derive("inlinePolicies", documents, (d) => rules.checkInlinePoliciesTotal("inlinePolicies", d));
    return { policyArns, managedPolicyLimit, inlinePolicies, documents };
}

function checkNotAddonName(argument: string, key: string): void {
    if (key.startsWith(ADDON_NAME_PREFIX)) {
        throw new IrsaArgumentError(
            `${argument} key`,
            key,
            `names starting with "${ADDON_NAME_PREFIX}" are kept for the policies of addonPolicies, so that no two policies of the role share a name. Rename the key.`,
        );
    }
}
