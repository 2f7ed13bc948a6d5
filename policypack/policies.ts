import { Policies } from "@pulumi/policy";
import { serviceAccountTrustPolicy } from "./serviceAccountTrust";
import { trustPolicies } from "./trustPolicies";

export { PolicyName } from "./trustPolicies";

/** Every policy of the pack, with its default enforcement level; the policy config overrides levels and parameters. */
export function eksIrsaPolicies(): Policies {
    return [...trustPolicies(), serviceAccountTrustPolicy()];
}
