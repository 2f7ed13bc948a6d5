"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PACK_SEVERITY = exports.FindingCode = void 0;
exports.packFindingCode = packFindingCode;
const explain_1 = require("../policy/explain");
const auditReport_1 = require("./auditReport");
/** The stable codes of the audit's own findings (the policy pack's are `TRUST_<warning>`, see {@link PACK_SEVERITY}). */
var FindingCode;
(function (FindingCode) {
    /** A ServiceAccount's `eks.amazonaws.com/role-arn` names a role of the account that does not exist: its pods get AccessDenied. */
    FindingCode["AnnotatedRoleMissing"] = "ANNOTATED_ROLE_MISSING";
    /** A ServiceAccount's annotated role does not trust its token: its pods get AccessDenied. */
    FindingCode["AnnotatedRoleDenies"] = "ANNOTATED_ROLE_DENIES";
    /** A trust names a namespace that does not exist: whoever creates it gets the role. */
    FindingCode["TrustNamespaceMissing"] = "TRUST_NAMESPACE_MISSING";
    /** A trust names a ServiceAccount that does not exist in an existing namespace: whoever may create ServiceAccounts there gets the role. */
    FindingCode["TrustServiceAccountMissing"] = "TRUST_SERVICEACCOUNT_MISSING";
    /** A trust's namespace is a pattern: it admits namespaces nobody has created yet. */
    FindingCode["TrustNamespacePattern"] = "TRUST_NAMESPACE_PATTERN";
    /** A Pod Identity statement that does not test the namespace and ServiceAccount session tags (the pack's pod-identity-session-tags). */
    FindingCode["PodIdentitySessionTags"] = "POD_IDENTITY_SESSION_TAGS";
    /** An association whose role's trust refuses it (session tags disabled, another cluster, another ServiceAccount): its pods get AccessDenied. */
    FindingCode["AssociationRefused"] = "ASSOCIATION_REFUSED";
    /** An association whose role does not exist in the account. */
    FindingCode["AssociationRoleMissing"] = "ASSOCIATION_ROLE_MISSING";
    /** An association for a ServiceAccount that does not exist: whoever creates it gets the role. */
    FindingCode["AssociationServiceAccountMissing"] = "ASSOCIATION_SERVICEACCOUNT_MISSING";
    /** An association whose role's trust tests the pod's name or UID: decided per pod, not here. */
    FindingCode["AssociationPodDependent"] = "ASSOCIATION_POD_DEPENDENT";
    /** A namespace's `default` ServiceAccount reaches a role: every pod of the namespace that names no ServiceAccount gets it. */
    FindingCode["DefaultServiceAccountRole"] = "DEFAULT_SERVICEACCOUNT_ROLE";
    /** A trust names an IAM OIDC provider of the account that the account does not have. */
    FindingCode["OidcProviderMissing"] = "OIDC_PROVIDER_MISSING";
    /** The audited cluster's own IAM OIDC provider is not in the account: no IRSA role works. */
    FindingCode["ClusterOidcProviderMissing"] = "CLUSTER_OIDC_PROVIDER_MISSING";
    /** A role with workload trust that eks-irsa's model cannot decide exactly: its access is not in the map. */
    FindingCode["TrustUndecidable"] = "TRUST_UNDECIDABLE";
})(FindingCode || (exports.FindingCode = FindingCode = {}));
/** The policy pack's findings (describeTrust's warnings), by warning: code `TRUST_<WARNING>` and this severity. */
exports.PACK_SEVERITY = {
    [explain_1.TrustWarningCode.AnyPrincipal]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.NoSubjectCondition]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.WholeSubjectPattern]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.AnyNamespace]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.OnlyNegatedSubject]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.AnyPodIdentityAssociation]: auditReport_1.Severity.High,
    [explain_1.TrustWarningCode.AnyServiceAccount]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.IssuerMismatch]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.LiteralWildcard]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.ImpossibleSubject]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.SessionTagsDisabledDefeats]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.PodIdentityMissingAction]: auditReport_1.Severity.Medium,
    [explain_1.TrustWarningCode.NoAudienceCondition]: auditReport_1.Severity.Low,
    [explain_1.TrustWarningCode.AudiencePattern]: auditReport_1.Severity.Low,
    [explain_1.TrustWarningCode.NotWebIdentity]: auditReport_1.Severity.Low,
    [explain_1.TrustWarningCode.NoServiceAccount]: auditReport_1.Severity.Low,
};
/** `AnyNamespace` → `TRUST_ANY_NAMESPACE`. */
function packFindingCode(code) {
    return `TRUST_${code.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
}
