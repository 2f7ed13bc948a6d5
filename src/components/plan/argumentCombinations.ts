import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { notSet } from "../inputs";
import type { ServiceAccountRoleArgs } from "../serviceAccountRoleArgs";

/** The arguments of a role the component creates, which an adopted role (roleArn) refuses. */
const ROLE_ARGUMENTS = [
    "roleName",
    "rolePath",
    "roleDescription",
    "maxSessionDuration",
    "permissionsBoundary",
    "tags",
    "policyArns",
    "inlinePolicies",
    "addonPolicies",
    "managedPolicyLimit",
    "createOidcProvider",
] as const;

/** The arguments that make no sense together, or are missing: known from which arguments are set, before any value. */
export function checkCombinations(args: ServiceAccountRoleArgs, scope: TrustScope, mode: ServiceAccountMode, identity: WorkloadIdentity): void {
    const adoptRole = given(args.roleArn);
    checkTrustSources(args, identity, adoptRole);
    checkChoices(scope, mode);
    checkRoleCombinations(args, mode, identity, adoptRole);
    checkNamespaceCombinations(args, scope, mode);
    checkServiceAccountCombinations(args, mode);
}

function given(value: unknown): boolean {
    return !notSet(value);
}

/** Exactly one trust source, or none with an adopted role. */
function checkTrustSources(args: ServiceAccountRoleArgs, identity: WorkloadIdentity, adoptRole: boolean): void {
    const candidates = (["oidcProviderArn", "issuerUrl", "clusterName"] as const).filter((key) => given(args[key]));
    // With Pod Identity, clusterName beside oidcProviderArn or issuerUrl names the associations' cluster, not the trust source.
    const sources = identity !== WorkloadIdentity.Irsa && candidates.length > 1 ? candidates.filter((key) => key !== "clusterName") : candidates;
    if (sources.length > 1) {
        throw new IrsaArgumentError(
            sources.join("/"),
            sources.map((key) => `${key} set`).join(", "),
            "the trust comes from exactly one of oidcProviderArn (an existing provider), issuerUrl or clusterName. Choose a single approach.",
        );
    }
    if (sources.length === 0 && !adoptRole) {
        throw new IrsaArgumentError(
            "oidcProviderArn/issuerUrl/clusterName",
            undefined,
            "the role must trust a cluster: pass oidcProviderArn (e.g. a ClusterOidcProvider's arn), the cluster's issuerUrl, or its clusterName.",
        );
    }
}

/** The closed choices hold one of their values. */
function checkChoices(scope: TrustScope, mode: ServiceAccountMode): void {
    if (!Object.values(TrustScope).includes(scope)) {
        throw new IrsaArgumentError("scope", scope, `scope is one of ${Object.values(TrustScope).join(", ")}.`);
    }
    if (!Object.values(ServiceAccountMode).includes(mode)) {
        throw new IrsaArgumentError("serviceAccountMode", mode, `serviceAccountMode is one of ${Object.values(ServiceAccountMode).join(", ")}.`);
    }
}

/** A provider is created only where it is used, and an adopted role takes no role argument. */
function checkRoleCombinations(args: ServiceAccountRoleArgs, mode: ServiceAccountMode, identity: WorkloadIdentity, adoptRole: boolean): void {
    if (args.createOidcProvider && identity === WorkloadIdentity.PodIdentity) {
        throw new IrsaArgumentError("createOidcProvider", true, "identity PodIdentity trusts pods.eks.amazonaws.com and no OIDC provider, so the provider would be unused. Drop createOidcProvider, or use identity Both.");
    }
    if (args.createOidcProvider && given(args.oidcProviderArn)) {
        throw new IrsaArgumentError("createOidcProvider", true, "oidcProviderArn names a provider that exists already; createOidcProvider needs issuerUrl or clusterName instead.");
    }
    if (adoptRole) {
        // createOidcProvider: false asks for nothing, so only a true value conflicts with an existing role.
        const roleArguments = ROLE_ARGUMENTS.filter((key) => (key === "createOidcProvider" ? args.createOidcProvider === true : given(args[key])));
        if (roleArguments.length > 0) {
            throw new IrsaArgumentError(
                roleArguments.join("/"),
                roleArguments.map((key) => `${key} set`).join(", "),
                "roleArn adopts an existing role, so role arguments are mutually exclusive with it. Drop them, or drop roleArn to create the role.",
            );
        }
        if (mode === ServiceAccountMode.None) {
            throw new IrsaArgumentError("serviceAccountMode", mode, "with roleArn and no ServiceAccount there is nothing to create. Use serviceAccountMode Manifest.");
        }
    }
}

/** The namespace that scope Environment trusts and a ServiceAccount lives in; a pattern only with scope Cluster. */
function checkNamespaceCombinations(args: ServiceAccountRoleArgs, scope: TrustScope, mode: ServiceAccountMode): void {
    if (scope === TrustScope.Environment && !given(args.namespace)) {
        throw new IrsaArgumentError("namespace", undefined, "scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern).");
    }
    if (scope === TrustScope.Environment && given(args.namespacePattern)) {
        throw new IrsaArgumentError("namespacePattern", args.namespacePattern, "namespacePattern applies to scope Cluster only. Set scope to Cluster, or drop it.");
    }
    if (mode !== ServiceAccountMode.None && !given(args.namespace)) {
        throw new IrsaArgumentError(
            "namespace",
            undefined,
            `a ${mode} ServiceAccount needs its namespace. Pass namespace (or set QOVERY_KUBERNETES_NAMESPACE_NAME), or serviceAccountMode None for the role only.`,
        );
    }
}

/** The verification Job, the chart and the ServiceAccount's own arguments, each with the mode that uses it. */
function checkServiceAccountCombinations(args: ServiceAccountRoleArgs, mode: ServiceAccountMode): void {
    if (given(args.verifyAccessOptions) && !args.verifyAccess) {
        throw new IrsaArgumentError("verifyAccessOptions", "verifyAccessOptions set", "verifyAccessOptions configure the verifyAccess Job. Set verifyAccess: true, or drop them.");
    }
    if (args.verifyAccess && mode === ServiceAccountMode.None) {
        throw new IrsaArgumentError("verifyAccess", true, "the verification Job runs with the ServiceAccount the component creates, and serviceAccountMode None creates none. Use Manifest or HelmChart.");
    }
    if (mode !== ServiceAccountMode.HelmChart && given(args.helmChart)) {
        throw new IrsaArgumentError("helmChart", "helmChart set", "helmChart applies to serviceAccountMode HelmChart only. Set serviceAccountMode to HelmChart, or drop it.");
    }
    if (mode === ServiceAccountMode.HelmChart) {
        const manifestOnly = (["serviceAccountLabels", "automountServiceAccountToken"] as const).filter((key) => given(args[key]));
        if (manifestOnly.length > 0) {
            throw new IrsaArgumentError(
                manifestOnly.join("/"),
                manifestOnly.map((key) => `${key} set`).join(", "),
                "the qovery-sa-helper chart takes only the ServiceAccount's name and annotations. Drop these, or use serviceAccountMode Manifest.",
            );
        }
        if (typeof args.serviceAccountName === "string" && args.serviceAccountName.trim() === "") {
            throw new IrsaArgumentError(
                "serviceAccountName",
                args.serviceAccountName,
                "the qovery-sa-helper chart renders a ServiceAccount called \"default\" when its name is empty, which would give the role to every pod of the namespace. Pass the ServiceAccount's name.",
            );
        }
    }
    if (mode === ServiceAccountMode.None) {
        const serviceAccountArguments = (["serviceAccountLabels", "automountServiceAccountToken", "createNamespace"] as const).filter((key) => given(args[key]));
        if (serviceAccountArguments.length > 0) {
            throw new IrsaArgumentError(
                serviceAccountArguments.join("/"),
                serviceAccountArguments.map((key) => `${key} set`).join(", "),
                "serviceAccountMode None creates no ServiceAccount, so these arguments would do nothing. Drop them or use Manifest.",
            );
        }
    }
}
