// The public API of eks-irsa, named one by one: what is not listed here (the check* rules, the ServiceAccount and Job
// builders, the issuer and ARN helpers) is internal and may change in any release.

// The components, their arguments and the enums they take.
export { ServiceAccountRole, DEFAULT_NAMESPACE_PATTERN } from "./src/components/serviceAccountRole";
export type { ServiceAccountRoleArgs, TrustedServiceAccount } from "./src/components/serviceAccountRole";
export { ClusterOidcProvider } from "./src/components/clusterOidcProvider";
export type { ClusterOidcProviderArgs } from "./src/components/clusterOidcProvider";
export type { ServiceAccountChart } from "./src/components/serviceAccount";
export type { VerifyAccessOptions, VerifyAccessResources } from "./src/components/verifyAccess";
export { ServiceAccountMode, TrustScope, WorkloadIdentity } from "./src/enums";
export {
    QOVERY_CLUSTER_NAMESPACE_PATTERN,
    QOVERY_ENVIRONMENT_NAMESPACE_PATTERN,
    QOVERY_NAMESPACE_VARIABLE,
    QOVERY_SA_HELPER_CHART,
    QOVERY_SA_HELPER_REPOSITORY,
    QOVERY_SA_HELPER_VERSION,
} from "./src/qovery";

// The errors the package throws.
export { IrsaArgumentError } from "./src/errors";
export { InvalidPolicyError, UnsupportedPolicyError } from "./src/policy/trustPolicyEvaluator";
export { OfflineLookupError } from "./src/cli/render";

// Trust policies: build, measure, evaluate and explain.
export { DEFAULT_AUDIENCE } from "./src/policy/issuer";
export { buildTrustPolicy, DEFAULT_TRUST_POLICY_SIZE_LIMIT, policySize, renderTrustPolicy } from "./src/policy/trustPolicy";
export type { TrustedProvider, TrustedSubject, TrustPolicyDocument, TrustPolicyStatement } from "./src/policy/trustPolicy";
export { evaluatePodIdentityAssociation, evaluateTargetRoleAssumption, evaluateTrustPolicy, PolicyEffect, StatementPart, TrustDecisionKind } from "./src/policy/trustPolicyEvaluator";
export type {
    ActionFailure,
    ConditionFailure,
    PodIdentityRequest,
    PrincipalFailure,
    StatementFailure,
    StatementOutcome,
    TargetRoleRequest,
    TrustDecision,
    WebIdentityRequest,
} from "./src/policy/trustPolicyEvaluator";
// A Pod Identity target role's trust (a targetRoleArn's second hop): explain --who's answer, and its decision.
export { describeTargetRoleTrust, targetRoleAdmits } from "./src/policy/targetRoleTrust";
export type { TargetRoleAccess, TargetRoleStatement } from "./src/policy/targetRoleTrust";
export { accessAdmits, accessThrough, clauseWords, describeTrust, describeWhoMayAssume, explainAccess, podIdentityAdmits, TrustWarningCode } from "./src/policy/explain";
// Whether one value can meet a set of conditions: what the policy pack asks of a session-tag condition.
export { someValueMeets } from "./src/policy/claimSatisfiability";
export type { PolicyCondition, PolicyReadingOptions, UnmodelledConditions } from "./src/policy/policyModel";
// The one entry point for policy text, and IAM's wildcard principal: what the policy pack reads a document with.
export { isWildcardPrincipal, mayNamePodIdentityService, readPolicyDocument } from "./src/policy/policyModel";
export { tagAdmitsEveryName } from "./src/policy/sessionTagReach";
// The counted work budget of a policy's analysis, which the policy pack shares among a role's searches.
export { AnalysisBudget, ANALYSIS_BUDGET_STEPS } from "./src/policy/analysisBudget";
export type {
    AccessAnswer,
    AccessClause,
    AccessQuestion,
    AudienceDescription,
    ClauseWords,
    PodIdentityAccess,
    PodIdentityActionAccess,
    ProviderAccess,
    StatementAccess,
    StatementDescription,
    SubjectDescription,
    TrustDescription,
    TrustWarning,
} from "./src/policy/explain";

// How a role's trust bears on workloads, as the policy pack and `eks-irsa audit` read it.
export { POD_IDENTITY_SERVICE, podIdentityGaps, podIdentityGapsAsWritten, readTrust } from "./src/policy/trustReading";
export type { PodIdentityGap, TrustReading } from "./src/policy/trustReading";

// The offline renderer behind `eks-irsa render`.
export { isRenderInputError, PLACEHOLDER_ACCOUNT_ID, renderServiceAccountRole } from "./src/cli/render";
export type {
    KubernetesManifest,
    RenderedHelmRelease,
    RenderedLookup,
    RenderedOutputs,
    RenderedResource,
    RenderOptions,
    RenderResult,
} from "./src/cli/render";

// The permissions of common cluster add-ons, scoped to the caller's resources.
export { ADDON_KEYS, MAX_INLINE_ADDON_POLICY_SIZE, MAX_MANAGED_POLICY_SIZE, planAddonPolicies } from "./src/addons/addonPolicies";
export type { AddonKey, AddonPlanContext, AddonPolicies, AddonPolicyPlacement, AddonPolicyPlan, PlannedAddonPolicy, ResolvedAddonPolicies } from "./src/addons/addonPolicies";
export type { AddonContext, AddonIdentity, AddonPolicyDocument, AddonPolicyStatement, AddonWildcard } from "./src/addons/addonPolicy";
export type { AmazonManagedPrometheusAddonArgs } from "./src/addons/amazonManagedPrometheus";
export type { AwsGatewayControllerAddonArgs } from "./src/addons/awsGatewayController";
export type { CertManagerAddonArgs } from "./src/addons/certManager";
export type { CloudwatchObservabilityAddonArgs } from "./src/addons/cloudwatchObservability";
export type { ClusterAutoscalerAddonArgs } from "./src/addons/clusterAutoscaler";
export type { EbsCsiDriverAddonArgs } from "./src/addons/ebsCsiDriver";
export type { EfsCsiDriverAddonArgs } from "./src/addons/efsCsiDriver";
export type { ExternalDnsAddonArgs } from "./src/addons/externalDns";
export type { ExternalSecretsAddonArgs } from "./src/addons/externalSecrets";
export type { FsxLustreCsiDriverAddonArgs } from "./src/addons/fsxLustreCsiDriver";
export type { FsxOpenzfsCsiDriverAddonArgs } from "./src/addons/fsxOpenzfsCsiDriver";
export type { KarpenterAddonArgs } from "./src/addons/karpenter";
export type { LoadBalancerControllerAddonArgs } from "./src/addons/loadBalancerController";
export type { LoadBalancerControllerTargetGroupBindingOnlyAddonArgs } from "./src/addons/loadBalancerControllerTargetGroupBindingOnly";
export type { MountpointS3CsiDriverAddonArgs } from "./src/addons/mountpointS3CsiDriver";
export type { NodeTerminationHandlerAddonArgs } from "./src/addons/nodeTerminationHandler";
export type { VeleroAddonArgs } from "./src/addons/velero";
export type { VpcCniAddonArgs } from "./src/addons/vpcCni";
