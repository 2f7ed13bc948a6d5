"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WorkloadIdentity = exports.ServiceAccountMode = exports.TrustScope = void 0;
/**
 * Which ServiceAccounts a role trusts, following the two trust policies of Qovery's IAM roles tutorial.
 */
var TrustScope;
(function (TrustScope) {
    /**
     * One namespace: `StringEquals` on `system:serviceaccount:<namespace>:<serviceAccountName>`. The tutorial's
     * "Qovery environment scoped role".
     */
    TrustScope["Environment"] = "Environment";
    /**
     * Every namespace matching `namespacePattern`: `StringLike` on
     * `system:serviceaccount:<namespacePattern>:<serviceAccountName>`, so cloned and preview environments, which get
     * new namespaces, keep the role. The tutorial's "Cluster scoped role".
     */
    TrustScope["Cluster"] = "Cluster";
})(TrustScope || (exports.TrustScope = TrustScope = {}));
/**
 * How the Kubernetes ServiceAccount that carries the role is created.
 */
var ServiceAccountMode;
(function (ServiceAccountMode) {
    /** A `kubernetes.core.v1.ServiceAccount` annotated with `eks.amazonaws.com/role-arn`, created by the component. */
    ServiceAccountMode["Manifest"] = "Manifest";
    /**
     * A `kubernetes.helm.v3.Release` of Qovery's `qovery-sa-helper` chart (the tutorial's "Deploy a service account with
     * Helm"), with values `serviceAccount.name`, `awsRoleArn` and `serviceAccount.annotations`. See `helmChart`.
     */
    ServiceAccountMode["HelmChart"] = "HelmChart";
    /** No ServiceAccount: the role only, like eksctl's `--role-only`. Annotate your own ServiceAccount with `serviceAccountAnnotations`. */
    ServiceAccountMode["None"] = "None";
})(ServiceAccountMode || (exports.ServiceAccountMode = ServiceAccountMode = {}));
/**
 * How pods get the role: through IRSA (the OIDC provider and the ServiceAccount's `eks.amazonaws.com/role-arn`
 * annotation), through EKS Pod Identity (the `pods.eks.amazonaws.com` service principal and an
 * `aws.eks.PodIdentityAssociation` per ServiceAccount), or both while moving from one to the other.
 */
var WorkloadIdentity;
(function (WorkloadIdentity) {
    /** IAM Roles for Service Accounts, the tutorial's way: the only one with namespace patterns, Fargate and clusters outside EKS. */
    WorkloadIdentity["Irsa"] = "Irsa";
    /**
     * EKS Pod Identity: the role trusts `pods.eks.amazonaws.com` for this cluster's exact ServiceAccounts, an association
     * binds each of them, and the ServiceAccount carries no `eks.amazonaws.com/role-arn` annotation. Needs the
     * `eks-pod-identity-agent` add-on; exact namespaces only.
     */
    WorkloadIdentity["PodIdentity"] = "PodIdentity";
    /**
     * The migration step: the role trusts both, the associations exist and the annotation stays, so the SDKs in a pod keep
     * using IRSA until the annotation goes. Irsa -> Both -> PodIdentity never replaces the role.
     */
    WorkloadIdentity["Both"] = "Both";
})(WorkloadIdentity || (exports.WorkloadIdentity = WorkloadIdentity = {}));
