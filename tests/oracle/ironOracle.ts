/**
 * The reference side of the oracle tests: the same question asked of `@cloud-copilot/iam-simulate`.
 *
 * @cloud-copilot/iam-simulate and @cloud-copilot/iam-policy are AGPL-3.0: they are dev dependencies used
 * here only, never imported from src/.
 *
 * How the request is shaped, and why:
 * - `runSimulation` (the validated entry point) drops context keys it does not know for the action, and
 *   it knows no `oidc.eks...:sub`/`:aud` keys, so every case would come back denied. `runUnsafeSimulation`
 *   evaluates the keys as given.
 * - The trust policy is the resource policy of the role, with no identity policies. The role lives in the
 *   provider's account: IRSA needs the provider in the role's account, and iam-simulate (like IAM) would
 *   otherwise also require an identity policy of the caller for a cross-account request.
 * - `aud` is a plain string when the token has one audience and an array when it has several, as STS
 *   builds it; an empty audience is an absent key.
 *
 * Where iam-simulate 0.1.173 and the evaluator part ways. No case is excluded from the cross-check: the
 * evaluator refuses the constructs below (UnsupportedPolicyError) and the generator does not write them.
 * - `ForAnyValue:<op>IfExists` on an absent key is false in iam-simulate, while the IAM User Guide says
 *   IfExists makes a condition on an absent key true. AWS does not say which rule wins.
 * - iam-simulate matches condition operator names ignoring case ("stringequals"); AWS documents only the
 *   canonical spelling.
 * - iam-simulate compares `{"Federated": "*"}` literally (it matches no provider); AWS does not document it.
 * Where they agree by choice: an operator without ForAnyValue/ForAllValues on a key with several values
 * (an `aud` with two audiences) is false in iam-simulate, negated and IfExists forms included ("Set
 * operator is required for a multi-value key", citing re:Inforce 2025 IAM431); the IAM User Guide says
 * multivalued keys require a set operator, and the evaluator does the same.
 */
import "./collation";
import { createValidatedPolicy, validateTrustPolicy } from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import type { PodIdentityRequest, WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";

/** What iam-simulate answered for one case. */
export interface OracleVerdict {
    /** True when iam-simulate's result is "Allowed". */
    allowed: boolean;
    /** iam-simulate's result: "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied". */
    result: string;
    /** Messages of iam-policy's trust-policy validation; the simulation runs regardless. */
    validationErrors: string[];
}

/**
 * Asks iam-simulate whether `request` may assume a role whose trust policy is `policy`.
 *
 * @param policy the trust policy document.
 * @param request the token and provider, as given to evaluateTrustPolicy; `issuer`, when given, must
 *   match the provider, since iam-simulate does not model STS's provider lookup.
 * @param context more request keys, such as the `sts:RoleSessionName` a caller chose; none by default.
 * @returns iam-simulate's verdict.
 */
export function simulateWithIamSimulate(policy: object, request: WebIdentityRequest, context: Record<string, string> = {}): OracleVerdict {
    const match = /^arn:([^:]+):iam::([^:]*):oidc-provider\/(.+)$/.exec(request.providerArn);
    if (!match) {
        throw new Error(`Not an OIDC provider ARN: ${request.providerArn}`);
    }
    const [, partition, account, issuerHostPath] = match;
    if (request.issuer !== undefined && request.issuer !== `https://${issuerHostPath}`) {
        throw new Error("iam-simulate does not model STS's issuer lookup; give no issuer or the provider's one.");
    }
    const audiences = typeof request.audience === "string" ? [request.audience] : request.audience;
    const contextVariables: Record<string, string | string[]> = { ...context, [`${issuerHostPath}:sub`]: request.subject };
    if (audiences.length > 0) {
        contextVariables[`${issuerHostPath}:aud`] = audiences.length === 1 ? audiences[0] : audiences;
    }
    const trustPolicy = createValidatedPolicy(policy, validateTrustPolicy, { name: "trust" });
    const result = runUnsafeSimulation(
        {
            request: {
                principal: request.providerArn,
                action: request.action ?? "sts:AssumeRoleWithWebIdentity",
                resource: { resource: `arn:${partition}:iam::${account}:role/test`, accountId: account },
                contextVariables,
            },
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: trustPolicy,
        },
        {},
    );
    return {
        allowed: result === "Allowed",
        result,
        validationErrors: trustPolicy.errors.map((error) => error.message),
    };
}

/**
 * Asks iam-simulate whether an EKS Pod Identity association may use a role whose trust policy is `policy`: the
 * principal `pods.eks.amazonaws.com` calls `sts:AssumeRole` and, with session tags, `sts:TagSession`, carrying the
 * session tags as `aws:RequestTag/<tag>` context keys (none when session tags are disabled); both must be allowed.
 * The cluster name defaults to the end of the cluster ARN, as EKS sets it.
 *
 * @param policy the trust policy document.
 * @param request the association, as given to evaluatePodIdentityAssociation.
 * @returns iam-simulate's verdict: allowed when every call is, else the first refused call's result.
 */
export function simulatePodIdentityWithIamSimulate(policy: object, request: PodIdentityRequest): OracleVerdict {
    const [, partition, account, name] = /^arn:([^:]+):eks:[^:]+:(\d{12}):cluster\/(.+)$/.exec(request.clusterArn) ?? [];
    if (name === undefined) {
        throw new Error(`Not an EKS cluster ARN: ${request.clusterArn}`);
    }
    const tagged = request.sessionTags !== false;
    const tags: Record<string, string | undefined> = {
        "eks-cluster-arn": request.clusterArn,
        "eks-cluster-name": request.clusterName ?? name,
        "kubernetes-namespace": request.namespace,
        "kubernetes-service-account": request.serviceAccount,
        "kubernetes-pod-name": request.podName,
        "kubernetes-pod-uid": request.podUid,
    };
    const contextVariables: Record<string, string> = {};
    for (const [tag, value] of Object.entries(tags)) {
        if (tagged && value !== undefined) {
            contextVariables[`aws:RequestTag/${tag}`] = value;
        }
    }
    const trustPolicy = createValidatedPolicy(policy, validateTrustPolicy, { name: "trust" });
    let result = "Allowed";
    for (const action of tagged ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"]) {
        result = runUnsafeSimulation(
            {
                request: {
                    principal: "pods.eks.amazonaws.com",
                    action,
                    resource: { resource: `arn:${partition}:iam::${account}:role/test`, accountId: account },
                    contextVariables,
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: trustPolicy,
            },
            {},
        );
        if (result !== "Allowed") {
            break;
        }
    }
    return { allowed: result === "Allowed", result, validationErrors: trustPolicy.errors.map((error) => error.message) };
}
