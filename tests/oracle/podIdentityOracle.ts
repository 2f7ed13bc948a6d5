/**
 * Asks @cloud-copilot/iam-simulate (AGPL-3.0, a dev dependency used in tests only) whether EKS Pod Identity may
 * assume a role for one association: the request EKS Auth makes, principal service `pods.eks.amazonaws.com`,
 * `sts:AssumeRole` (or `sts:TagSession`), and the session tags as `aws:RequestTag/<key>` context keys (none when the
 * association disables session tags). `runUnsafeSimulation` evaluates the keys as given, as in ironOracle.ts.
 */
import "./collation";
import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

/** One association's request to assume a role in `account`. */
export interface PodIdentityOracleRequest {
    /** The session tags EKS sets (key without `aws:RequestTag/`), or undefined when the association disables them. */
    sessionTags?: { [key: string]: string };
    /** Defaults to `pods.eks.amazonaws.com`. */
    principal?: string;
    /** Defaults to `sts:AssumeRole`. */
    action?: string;
}

/** The six tags EKS Pod Identity sets for an association's pod (EKS User Guide, "pod-id-abac"). */
export function podIdentitySessionTags(clusterArn: string, namespace: string, serviceAccount: string): { [key: string]: string } {
    return {
        "eks-cluster-arn": clusterArn,
        "eks-cluster-name": clusterArn.slice(clusterArn.lastIndexOf("/") + 1),
        "kubernetes-namespace": namespace,
        "kubernetes-service-account": serviceAccount,
        "kubernetes-pod-name": "app-7d9f8b6c5-x2k4p",
        "kubernetes-pod-uid": "0d6f1b2c-3a4e-4f5a-9b8c-7d6e5f4a3b2c",
    };
}

/** Whether iam-simulate allows the request against `policy`, the trust policy of a role in `account`. */
export function simulatePodIdentity(policy: object, account: string, request: PodIdentityOracleRequest): { allowed: boolean; result: string; validationErrors: string[] } {
    const contextVariables: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.sessionTags ?? {})) {
        contextVariables[`aws:RequestTag/${key}`] = value;
    }
    if (request.sessionTags !== undefined) {
        // STS sets aws:TagKeys to the keys of the request's tags.
        (contextVariables as Record<string, string | string[]>)["aws:TagKeys"] = Object.keys(request.sessionTags);
    }
    const trustPolicy = createValidatedPolicy(policy, validateTrustPolicy, { name: "trust" });
    const result = runUnsafeSimulation(
        {
            request: {
                principal: request.principal ?? "pods.eks.amazonaws.com",
                action: request.action ?? "sts:AssumeRole",
                resource: { resource: `arn:aws:iam::${account}:role/test`, accountId: account },
                contextVariables,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: trustPolicy,
        },
        {},
    );
    return { allowed: result === "Allowed", result, validationErrors: trustPolicy.errors.map((e) => e.message) };
}
