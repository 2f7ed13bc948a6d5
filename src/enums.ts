/**
 * Which ServiceAccounts a role trusts, following the two trust policies of Qovery's IAM roles tutorial.
 */
export enum TrustScope {
    /**
     * One namespace: `StringEquals` on `system:serviceaccount:<namespace>:<serviceAccountName>`. The tutorial's
     * "Qovery environment scoped role".
     */
    Environment = "Environment",
    /**
     * Every namespace matching `namespacePattern`: `StringLike` on
     * `system:serviceaccount:<namespacePattern>:<serviceAccountName>`, so cloned and preview environments, which get
     * new namespaces, keep the role. The tutorial's "Cluster scoped role".
     */
    Cluster = "Cluster",
}

/**
 * How the Kubernetes ServiceAccount that carries the role is created.
 */
export enum ServiceAccountMode {
    /** A `kubernetes.core.v1.ServiceAccount` annotated with `eks.amazonaws.com/role-arn`, created by the component. */
    Manifest = "Manifest",
    /**
     * A `kubernetes.helm.v3.Release` of Qovery's `qovery-sa-helper` chart (the tutorial's "Deploy a service account with
     * Helm"), with values `serviceAccount.name`, `awsRoleArn` and `serviceAccount.annotations`. See `helmChart`.
     */
    HelmChart = "HelmChart",
    /** No ServiceAccount: the role only, like eksctl's `--role-only`. Annotate your own ServiceAccount with `serviceAccountAnnotations`. */
    None = "None",
}
