import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, WorkloadIdentity } from "../enums";
import { UNCONDITIONED_POD_IDENTITY_WARNING } from "../policy/podIdentityTrust";
import * as rules from "../policy/rules";
import { TrustedProvider } from "../policy/trustPolicy";
import { ArgumentChecks, Checked, notSet } from "./inputs";
import { planAnnotations } from "./plan/annotationsPlan";
import { planContext, withQoveryNamespace } from "./plan/planContext";
import { PlannedPodIdentity, planPodIdentity } from "./plan/podIdentityPlan";
import { planAdoptedRole, PlannedRole, planRole } from "./plan/rolePlan";
import { PlannedServiceAccount, planServiceAccount } from "./plan/serviceAccountPlan";
import { planSubjects } from "./plan/subjectsPlan";
import { planTrustInputs, planTrustPolicy } from "./plan/trustPolicyPlan";
import { PlannedTrustSource, planTrustSource } from "./plan/trustSourcePlan";
import { checkArgumentsUpFront } from "./plan/upFrontChecks";
import type { ServiceAccountRoleArgs } from "./serviceAccountRoleArgs";
import { checkVerifyAccessArgs, VerifyAccessOptions } from "./verifyAccess";

export { DEFAULT_NAMESPACE_PATTERN } from "./plan/subjectsPlan";
export { trustPolicyOf } from "./plan/trustPolicyPlan";
export type { PlannedPodIdentity } from "./plan/podIdentityPlan";
export type { PlannedRole } from "./plan/rolePlan";
export type { PlannedServiceAccount } from "./plan/serviceAccountPlan";
export type { PlannedTrustSource } from "./plan/trustSourcePlan";

/**
 * Everything a ServiceAccountRole will do, computed from its arguments alone: every check (plain values checked
 * already, late ones carried by `checks`), the trust policy (or, while the primary provider's ARN is not known, the
 * function that makes it, its size already checked against a placeholder ARN of the same length), and the children to
 * create. The wiring reads only this.
 */
export interface ServiceAccountRolePlan {
    name: string;
    /** How pods get the role (the `identity` argument, Irsa by default). */
    identity: WorkloadIdentity;
    /** The associations and their trust; undefined with Irsa. */
    podIdentity?: PlannedPodIdentity;
    checks: ArgumentChecks;
    /** Things the user should know that are not errors, e.g. a pattern that matches every namespace. */
    warnings: string[];
    /** The same about values that arrive later (a late namespace pattern); rejects when their checks fail. */
    lateWarnings?: pulumi.Output<string[]>;
    trustSource?: PlannedTrustSource;
    /** The trust policy, when the primary provider's ARN is known from the arguments. */
    trustPolicy?: Checked<string>;
    /**
     * The trust policy for a primary provider found or created by the wiring (undefined with PodIdentity and clusterName
     * alone), and the cluster's ARN when the wiring looked it up (else derived from the provider, see `clusterArnOf`).
     */
    trustPolicyFor: (primary: Checked<TrustedProvider> | undefined, clusterArn?: Checked<string>) => Checked<string>;
    /** Checks an issuer URL found by a look-up (clusterName): the same rules, and the trust policy's predicted size. */
    checkIssuer: (argument: string, issuerUrl: string) => string;
    /** A looked-up issuer made to wait for the policy's late parts and their checks (see PlannedTrustPolicy). */
    issuerAfterParts: (issuerUrl: Checked<string>) => Checked<string>;
    /** The role to create, or undefined to adopt `adoptedRoleArn`. */
    role?: PlannedRole;
    adoptedRoleArn?: Checked<string>;
    serviceAccountName: Checked<string>;
    namespace?: Checked<string>;
    audience: Checked<string>;
    /** The provider's client IDs when the plan creates it. */
    providerTags?: Checked<{ [key: string]: string }>;
    stsRegionalEndpoints?: Checked<boolean>;
    tokenExpirationSeconds?: Checked<number>;
    extraAnnotations?: Checked<{ [key: string]: string }>;
    serviceAccount?: PlannedServiceAccount;
    verifyAccess?: { options?: Checked<VerifyAccessOptions> };
    /** The raw arguments each output derives from, so that an output of a secret input is secret too. */
    secretSources: { role: unknown[]; trust: unknown[]; annotations: unknown[] };
}

/**
 * Plans a ServiceAccountRole. Pure: registers nothing, reads only its arguments and `environment` (for
 * `QOVERY_KUBERNETES_NAMESPACE_NAME`). Throws IrsaArgumentError for a plain value that breaks a rule.
 *
 * First the checks that need no value; then each argument's value, one step after another (plan/), in the order the
 * checks have always run, since it is the order of the errors a caller sees: the subjects, the trust policy's own
 * arguments, an adopted role, Pod Identity, the trust policy and its source, the role with its permissions and add-ons,
 * the ServiceAccount, the verification Job and the annotations.
 */
export function planServiceAccountRole(name: string, rawArgs: ServiceAccountRoleArgs, environment: { [key: string]: string | undefined } = process.env): ServiceAccountRolePlan {
    const args = withQoveryNamespace(rawArgs, environment);
    const context = planContext(name, args, checkArgumentsUpFront(name, args));
    const { checks, identity, mode, optional } = context;

    // Who may assume the role, and what the trust policy is made of besides.
    const subjects = planSubjects(context);
    const trustInputs = planTrustInputs(context);
    const adoptedRoleArn = planAdoptedRole(context);
    // EKS Pod Identity's associations, then the trust policy (IRSA's, Pod Identity's or both) and where the trust comes from.
    const podIdentity = identity === WorkloadIdentity.Irsa ? undefined : planPodIdentity(context, subjects, adoptedRoleArn);
    const trust = planTrustPolicy(context, subjects, trustInputs, podIdentity, adoptedRoleArn);
    const { trustSource, trustPolicy, addonLocation } = planTrustSource(context, trust, podIdentity);
    // The role with its permissions and add-ons (unless roleArn adopts one), then the ServiceAccount and its Job.
    const tags = optional<{ [key: string]: string }>("tags", rules.checkTags);
    const role = notSet(args.roleArn) ? planRole(context, tags, addonLocation) : undefined;
    const serviceAccount = mode === ServiceAccountMode.None ? undefined : planServiceAccount(context, mode, subjects.namespace!);
    const verifyAccessOptions = optional<VerifyAccessOptions>("verifyAccessOptions", (_, options) => checkVerifyAccessArgs(options));
    const annotations = planAnnotations(context);

    return {
        name,
        identity,
        podIdentity,
        checks,
        warnings: args.disableSessionTags === true ? [UNCONDITIONED_POD_IDENTITY_WARNING, ...subjects.warnings] : subjects.warnings,
        lateWarnings: subjects.lateWarnings,
        trustSource,
        trustPolicy,
        trustPolicyFor: trust.trustPolicyFor,
        checkIssuer: trust.checkIssuer,
        issuerAfterParts: trust.issuerAfterParts,
        role,
        adoptedRoleArn,
        serviceAccountName: subjects.serviceAccountName,
        namespace: subjects.namespace,
        audience: subjects.audience,
        providerTags: tags,
        stsRegionalEndpoints: annotations.stsRegionalEndpoints,
        tokenExpirationSeconds: annotations.tokenExpirationSeconds,
        extraAnnotations: annotations.extraAnnotations,
        serviceAccount,
        verifyAccess: args.verifyAccess ? { options: verifyAccessOptions } : undefined,
        secretSources: {
            role: [args.roleName, args.rolePath, args.roleArn],
            trust: [args.oidcProviderArn, args.issuerUrl, args.clusterName],
            annotations: [args.audience, args.stsRegionalEndpoints, args.tokenExpirationSeconds, args.serviceAccountAnnotations],
        },
    };
}
