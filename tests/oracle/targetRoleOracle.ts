/**
 * Asks @cloud-copilot/iam-simulate (a dev dependency used in tests only) whether a Pod Identity association's second
 * hop is allowed: the component role's session (`arn:aws:sts::<account>:assumed-role/<name>/<session>`) calls
 * `sts:AssumeRole` or `sts:TagSession` on the target role in another account, with `sts:ExternalId` in the request
 * context. The caller's identity policy allows every sts call, so the target's trust policy alone decides, as
 * evaluateTargetRoleAssumption answers for it.
 */
import "./collation";
import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

/** The target role the oracle simulates: in account 210987654321. */
export const TARGET_ACCOUNT = "210987654321";

/** Whether iam-simulate allows `action` on the target role to the session of `callerRoleArn` with `externalId`. */
export function simulateTargetRole(policy: object, callerRoleArn: string, externalId: string, action: string): { allowed: boolean; result: string; validationErrors: string[] } {
    const [, , , , account, resource] = callerRoleArn.split(":");
    const name = resource.slice(resource.lastIndexOf("/") + 1);
    const trustPolicy = createValidatedPolicy(policy, validateTrustPolicy, { name: "trust" });
    const identity = { name: "identity", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*", Resource: "*" }] } };
    const result = runUnsafeSimulation(
        {
            request: {
                principal: `arn:aws:sts::${account}:assumed-role/${name}/eks-prod-app-7d9f8b6c5`,
                action,
                resource: { resource: `arn:aws:iam::${TARGET_ACCOUNT}:role/target`, accountId: TARGET_ACCOUNT },
                contextVariables: { "sts:ExternalId": externalId },
            },
            identityPolicies: [identity],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: trustPolicy,
        },
        {},
    );
    return { allowed: result === "Allowed", result, validationErrors: trustPolicy.errors.map((e) => e.message) };
}
