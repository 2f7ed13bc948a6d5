"use strict";
// Qovery's conventions, from its AWS IAM roles tutorial and its environments.
Object.defineProperty(exports, "__esModule", { value: true });
exports.QOVERY_SA_HELPER_VERSION = exports.QOVERY_SA_HELPER_CHART = exports.QOVERY_SA_HELPER_REPOSITORY = exports.QOVERY_ENVIRONMENT_NAMESPACE_PATTERN = exports.QOVERY_CLUSTER_NAMESPACE_PATTERN = exports.QOVERY_NAMESPACE_VARIABLE = void 0;
/** The variable Qovery sets in every service and lifecycle job of an environment: the environment's namespace. */
exports.QOVERY_NAMESPACE_VARIABLE = "QOVERY_KUBERNETES_NAMESPACE_NAME";
/** Qovery's cluster-wide pattern from the tutorial: every namespace whose name starts with `z`, not only Qovery's. */
exports.QOVERY_CLUSTER_NAMESPACE_PATTERN = "z*";
/** Only Qovery's environment namespaces, `z<8 hex>-z<8 hex>` (e.g. `z9b830e28-ze23976e2`). */
exports.QOVERY_ENVIRONMENT_NAMESPACE_PATTERN = "z????????-z????????";
/** Qovery's Service Account Helper chart, as the tutorial deploys it. */
exports.QOVERY_SA_HELPER_REPOSITORY = "https://qovery.github.io/create_service_account/";
exports.QOVERY_SA_HELPER_CHART = "qovery-sa-helper";
exports.QOVERY_SA_HELPER_VERSION = "0.1.0";
