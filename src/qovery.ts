// Qovery's conventions, from its AWS IAM roles tutorial and its environments.

/** The variable Qovery sets in every service and lifecycle job of an environment: the environment's namespace. */
export const QOVERY_NAMESPACE_VARIABLE = "QOVERY_KUBERNETES_NAMESPACE_NAME";

/** Qovery's cluster-wide pattern from the tutorial: every namespace whose name starts with `z`, not only Qovery's. */
export const QOVERY_CLUSTER_NAMESPACE_PATTERN = "z*";

/** Only Qovery's environment namespaces, `z<8 hex>-z<8 hex>` (e.g. `z9b830e28-ze23976e2`). */
export const QOVERY_ENVIRONMENT_NAMESPACE_PATTERN = "z????????-z????????";

/** Qovery's Service Account Helper chart, as the tutorial deploys it. */
export const QOVERY_SA_HELPER_REPOSITORY = "https://qovery.github.io/create_service_account/";
export const QOVERY_SA_HELPER_CHART = "qovery-sa-helper";
export const QOVERY_SA_HELPER_VERSION = "0.1.0";
