import { TrustWarningCode } from "../policy/explain";
import { Severity } from "./auditReport";

/** The stable codes of the audit's own findings (the policy pack's are `TRUST_<warning>`, see {@link PACK_SEVERITY}). */
export enum FindingCode {
    /** A ServiceAccount's `eks.amazonaws.com/role-arn` names a role of the account that does not exist: its pods get AccessDenied. */
    AnnotatedRoleMissing = "ANNOTATED_ROLE_MISSING",
    /** A ServiceAccount's annotated role does not trust its token: its pods get AccessDenied. */
    AnnotatedRoleDenies = "ANNOTATED_ROLE_DENIES",
    /** A trust names a namespace that does not exist: whoever creates it gets the role. */
    TrustNamespaceMissing = "TRUST_NAMESPACE_MISSING",
    /** A trust names a ServiceAccount that does not exist in an existing namespace: whoever may create ServiceAccounts there gets the role. */
    TrustServiceAccountMissing = "TRUST_SERVICEACCOUNT_MISSING",
    /** A trust's namespace is a pattern: it admits namespaces nobody has created yet. */
    TrustNamespacePattern = "TRUST_NAMESPACE_PATTERN",
    /** A Pod Identity statement that does not test the namespace and ServiceAccount session tags (the pack's pod-identity-session-tags). */
    PodIdentitySessionTags = "POD_IDENTITY_SESSION_TAGS",
    /** An association whose role's trust refuses it (session tags disabled, another cluster, another ServiceAccount): its pods get AccessDenied. */
    AssociationRefused = "ASSOCIATION_REFUSED",
    /** An association whose role does not exist in the account. */
    AssociationRoleMissing = "ASSOCIATION_ROLE_MISSING",
    /** An association for a ServiceAccount that does not exist: whoever creates it gets the role. */
    AssociationServiceAccountMissing = "ASSOCIATION_SERVICEACCOUNT_MISSING",
    /** An association whose role's trust tests the pod's name or UID: decided per pod, not here. */
    AssociationPodDependent = "ASSOCIATION_POD_DEPENDENT",
    /** A namespace's `default` ServiceAccount reaches a role: every pod of the namespace that names no ServiceAccount gets it. */
    DefaultServiceAccountRole = "DEFAULT_SERVICEACCOUNT_ROLE",
    /** A trust names an IAM OIDC provider of the account that the account does not have. */
    OidcProviderMissing = "OIDC_PROVIDER_MISSING",
    /** The audited cluster's own IAM OIDC provider is not in the account: no IRSA role works. */
    ClusterOidcProviderMissing = "CLUSTER_OIDC_PROVIDER_MISSING",
    /** A role with workload trust that eks-irsa's model cannot decide exactly: its access is not in the map. */
    TrustUndecidable = "TRUST_UNDECIDABLE",
}

/** The policy pack's findings (describeTrust's warnings), by warning: code `TRUST_<WARNING>` and this severity. */
export const PACK_SEVERITY: Partial<Record<TrustWarningCode, Severity>> = {
    [TrustWarningCode.AnyPrincipal]: Severity.High,
    [TrustWarningCode.NoSubjectCondition]: Severity.High,
    [TrustWarningCode.WholeSubjectPattern]: Severity.High,
    [TrustWarningCode.AnyNamespace]: Severity.High,
    [TrustWarningCode.OnlyNegatedSubject]: Severity.High,
    [TrustWarningCode.AnyPodIdentityAssociation]: Severity.High,
    [TrustWarningCode.AnyServiceAccount]: Severity.Medium,
    [TrustWarningCode.IssuerMismatch]: Severity.Medium,
    [TrustWarningCode.LiteralWildcard]: Severity.Medium,
    [TrustWarningCode.ImpossibleSubject]: Severity.Medium,
    [TrustWarningCode.SessionTagsDisabledDefeats]: Severity.Medium,
    [TrustWarningCode.PodIdentityMissingAction]: Severity.Medium,
    [TrustWarningCode.NoAudienceCondition]: Severity.Low,
    [TrustWarningCode.AudiencePattern]: Severity.Low,
    [TrustWarningCode.NotWebIdentity]: Severity.Low,
    [TrustWarningCode.NoServiceAccount]: Severity.Low,
};

/** `AnyNamespace` → `TRUST_ANY_NAMESPACE`. */
export function packFindingCode(code: TrustWarningCode): string {
    return `TRUST_${code.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
}
