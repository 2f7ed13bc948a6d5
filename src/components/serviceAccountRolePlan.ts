import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";
import { AddonPolicyPlan, planAddonPolicies, ResolvedAddonPolicies } from "../addons/addonPolicies";
import { AddonContext } from "../addons/addonPolicy";
import { DEFAULT_AUDIENCE, issuerOf, normalizeIssuerUrl, oidcProviderArn, parseOidcProviderArn, partitionOfIssuerHost } from "../policy/issuer";
import * as rules from "../policy/rules";
import {
    buildTrustPolicy,
    checkTrustPolicySize,
    DEFAULT_TRUST_POLICY_SIZE_LIMIT,
    policySize,
    renderTrustPolicy,
    TrustedProvider,
    TrustedSubject,
} from "../policy/trustPolicy";
import {
    buildPodIdentityStatements,
    buildWorkloadTrustPolicy,
    checkClusterArnMatchesName,
    checkEksClusterName,
    checkPodIdentityCombination,
    checkPodIdentityRoleAccount,
    checkPodIdentityServiceAccountChart,
    checkTargetRoleArn,
    eksClusterArn,
    NamedSubject,
    podIdentitySubjects,
    renderWorkloadTrustPolicy,
    UNCONDITIONED_POD_IDENTITY_WARNING,
} from "../policy/podIdentityTrust";
import { QOVERY_CLUSTER_NAMESPACE_PATTERN, QOVERY_NAMESPACE_VARIABLE, QOVERY_SA_HELPER_CHART, QOVERY_SA_HELPER_REPOSITORY, QOVERY_SA_HELPER_VERSION } from "../qovery";
import { checkAnnotationsSize, checkChartAnnotations, checkChartServiceAccountName, checkHelmReleaseName, checkPodIdentityAudience } from "./deployTimeRules";
import { ArgumentChecks, ArgumentType, Checked, checkData, checkType, combineChecked, mapChecked, mapCheckedWithSecrecy, notSet } from "./inputs";
import { DERIVED_ANNOTATIONS } from "./serviceAccount";
import type { ServiceAccountRoleArgs } from "./serviceAccountRoleArgs";
import { checkVerifyAccessArgs, checkVerifyAccessJobName, VerifyAccessOptions } from "./verifyAccess";
import { checkAddonsWithoutSessionTags } from "../addons/addonSessionTags";
import { plannedSessionPolicy } from "./podIdentitySessionPolicy";

/** The default of `namespacePattern`: Qovery's, every namespace whose name starts with `z`. */
export const DEFAULT_NAMESPACE_PATTERN = QOVERY_CLUSTER_NAMESPACE_PATTERN;

/** The type of every argument, checked for callers that are not TypeScript. */
const ARGUMENT_TYPES: { [key in keyof Required<ServiceAccountRoleArgs>]: ArgumentType } = {
    oidcProviderArn: "string",
    issuerUrl: "string",
    clusterName: "string",
    createOidcProvider: "boolean",
    serviceAccountName: "string",
    namespace: "string",
    scope: "string",
    namespacePattern: "string",
    additionalServiceAccounts: "array",
    additionalOidcProviderArns: "array",
    audience: "string",
    roleArn: "string",
    roleName: "string",
    rolePath: "string",
    roleDescription: "string",
    maxSessionDuration: "number",
    permissionsBoundary: "string",
    tags: "object",
    policyArns: "object",
    inlinePolicies: "object",
    addonPolicies: "object",
    trustPolicySizeLimit: "number",
    managedPolicyLimit: "number",
    serviceAccountMode: "string",
    serviceAccountLabels: "object",
    serviceAccountAnnotations: "object",
    stsRegionalEndpoints: "boolean",
    tokenExpirationSeconds: "number",
    automountServiceAccountToken: "boolean",
    createNamespace: "boolean",
    helmChart: "object",
    verifyAccess: "boolean",
    verifyAccessOptions: "object",
    identity: "string",
    disableSessionTags: "boolean",
    allowUnconditionedPodIdentityTrust: "boolean",
    targetRoleArn: "string",
    sessionPolicy: "string",
};

/** Arguments that decide which resources exist, so they must be known when the program runs. */
const STRUCTURAL_ARGUMENTS = [
    "createOidcProvider",
    "scope",
    "serviceAccountMode",
    "policyArns",
    "inlinePolicies",
    "createNamespace",
    "verifyAccess",
    "identity",
    "disableSessionTags",
    "allowUnconditionedPodIdentityTrust",
] as const;

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

/** The prefix of the add-on policies' names, kept from `policyArns` and `inlinePolicies` keys so that no two children or IAM policies share a name. */
const ADDON_NAME_PREFIX = "addon-";

/** Where the trust comes from. */
export type PlannedTrustSource =
    /** An existing provider: its ARN and issuer are known from the argument. */
    | { kind: "providerArn"; arn: Checked<string>; issuer: Checked<string> }
    /** An issuer URL whose provider is looked up or created; the URL waits for the predicted size check. */
    | { kind: "issuerUrl"; issuerUrl: Checked<string>; createProvider: boolean }
    /** A cluster whose issuer is looked up first; `checkIssuer` checks it on arrival. */
    | { kind: "clusterName"; clusterName: Checked<string>; createProvider: boolean };

/** The EKS Pod Identity side of a PodIdentity or Both role. */
export interface PlannedPodIdentity {
    /** The cluster the associations are in (clusterName). */
    clusterName: Checked<string>;
    /** The exact ServiceAccounts, one association and one trusted pair each. */
    subjects: TrustedSubject[];
    targetRoleArn?: Checked<string>;
    disableSessionTags: boolean;
    /** The associations' session policy, checked (see sessionPolicy.ts). */
    sessionPolicy?: Checked<string>;
}

/** The role to create. */
export interface PlannedRole {
    name?: Checked<string>;
    path?: Checked<string>;
    description?: Checked<string>;
    maxSessionDuration?: Checked<number>;
    permissionsBoundary?: Checked<string>;
    tags?: Checked<{ [key: string]: string }>;
    /** Managed policies by key, in key order: the key names the attachment. */
    policyArns: [string, Checked<string>][];
    /** Inline policies by name, in name order. */
    inlinePolicies: [string, Checked<string>][];
    /**
     * The add-ons' policies and where each goes, checked against the role's limits; late when an add-on input, a
     * limit or an inline policy is, or when the role's partition comes from a cluster look-up (see `addonPoliciesFor`).
     */
    addonPolicies?: Checked<AddonPolicyPlan>;
    /**
     * With `issuerUrl` or `clusterName`, plans the add-ons once the wiring knows the role's partition and account: from
     * the OIDC provider found or created for the issuer (`issuerUrl`), or from the cluster's ARN (`clusterName`, which is
     * looked up in the role's account).
     */
    addonPoliciesFor?: (found: { providerArn: Checked<string> } | { clusterArn: Checked<string> }) => Checked<AddonPolicyPlan>;
}

/** Where the role lives, as the add-on policies need it: from the trust's provider ARN, or from the issuer's host. */
interface AddonLocation {
    partition: string;
    accountId?: string;
}

/** The ServiceAccount to create. */
export interface PlannedServiceAccount {
    mode: ServiceAccountMode.Manifest | ServiceAccountMode.HelmChart;
    namespace: Checked<string>;
    createNamespace: boolean;
    labels?: Checked<{ [key: string]: string }>;
    automountServiceAccountToken?: Checked<boolean>;
    chart?: Checked<{ repository: string; chart: string; version: string }>;
}

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
 */
export function planServiceAccountRole(name: string, rawArgs: ServiceAccountRoleArgs, environment: { [key: string]: string | undefined } = process.env): ServiceAccountRolePlan {
    const label = `ServiceAccountRole "${name}"`;
    const checks = new ArgumentChecks(label);
    const args = withQoveryNamespace(rawArgs, environment);
    checkTypesAndStructure(args);
    const scope = args.scope ?? TrustScope.Environment;
    const mode = args.serviceAccountMode ?? ServiceAccountMode.Manifest;
    const identity = args.identity ?? WorkloadIdentity.Irsa;
    checkPodIdentityCombination({
        identity,
        scope,
        serviceAccountMode: mode,
        clusterName: !notSet(args.clusterName),
        roleArn: !notSet(args.roleArn),
        disableSessionTags: args.disableSessionTags === true,
        allowUnconditionedPodIdentityTrust: args.allowUnconditionedPodIdentityTrust === true,
        targetRoleArn: !notSet(args.targetRoleArn),
        sessionPolicy: !notSet(args.sessionPolicy),
    });
    checkCombinations(args, scope, mode, identity);
    const warnings: string[] = [];
    if (args.disableSessionTags === true) {
        warnings.push(UNCONDITIONED_POD_IDENTITY_WARNING);
    }

    if (notSet(args.roleArn) && notSet(args.roleName)) {
        rules.checkAutoNamedRole(name);
    }
    if (args.verifyAccess) {
        checkVerifyAccessJobName(name);
    }
    checkDeployTimeRules(name, args, mode, identity);

    // Each argument: its type, then its rules, on the plain value now or on the Output's value when it arrives.
    const arg = <R>(key: keyof ServiceAccountRoleArgs, value: unknown, fn: (v: any) => R): Checked<R> =>
        checks.check(key, value, (resolved) => {
            checkType(key, resolved, ARGUMENT_TYPES[key]);
            return fn(resolved);
        });
    const lateMissing = (key: string, value: unknown) => (resolved: unknown) => {
        if (notSet(resolved) && !notSet(value)) {
            throw new IrsaArgumentError(key, undefined, `${key} was given as an Output that resolved to nothing (a missing stack output?). Give it a value, or leave the argument out.`);
        }
    };

    const serviceAccountName = arg("serviceAccountName", args.serviceAccountName, (v) => {
        rules.checkServiceAccountName("serviceAccountName", v);
        if (mode === ServiceAccountMode.HelmChart) {
            checkChartServiceAccountName("serviceAccountName", v);
        }
        return v as string;
    });
    const namespaceRequired =
        scope === TrustScope.Environment
            ? "scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern)."
            : mode !== ServiceAccountMode.None
              ? `a ${mode} ServiceAccount needs its namespace. Pass namespace (or set QOVERY_KUBERNETES_NAMESPACE_NAME), or serviceAccountMode None for the role only.`
              : undefined;
    const namespace = notSet(args.namespace)
        ? undefined
        : arg("namespace", args.namespace, (v) => {
              if (notSet(v)) {
                  throw new IrsaArgumentError("namespace", undefined, namespaceRequired ?? "namespace was given as an Output that resolved to nothing. Give it a value, or leave it out.");
              }
              rules.checkNamespace("namespace", v);
              return v as string;
          });
    const audience = notSet(args.audience)
        ? DEFAULT_AUDIENCE
        : arg("audience", args.audience, (v) => {
              lateMissing("audience", args.audience)(v);
              rules.checkAudience("audience", v);
              return v as string;
          });
    const primaryNamespace =
        scope === TrustScope.Cluster
            ? notSet(args.namespacePattern)
                ? DEFAULT_NAMESPACE_PATTERN
                : arg("namespacePattern", args.namespacePattern, (v) => {
                      lateMissing("namespacePattern", args.namespacePattern)(v);
                      rules.checkNamespacePattern("namespacePattern", v);
                      return v as string;
                  })
            : namespace!;
    const additionalSubjects = notSet(args.additionalServiceAccounts)
        ? []
        : arg("additionalServiceAccounts", args.additionalServiceAccounts, (accounts) => {
              lateMissing("additionalServiceAccounts", args.additionalServiceAccounts)(accounts);
              return (accounts as unknown[]).map((account, i): TrustedSubject => {
                  const at = `additionalServiceAccounts[${i}]`;
                  if (typeof account !== "object" || account === null || Array.isArray(account)) {
                      throw new IrsaArgumentError(at, account, `${at} is a map with namespace and name.`);
                  }
                  const { namespace: ns, name: saName } = account as { namespace: unknown; name: unknown };
                  checkType(`${at}.namespace`, ns, "string");
                  checkType(`${at}.name`, saName, "string");
                  rules.checkNamespacePattern(`${at}.namespace`, ns as string);
                  rules.checkServiceAccountName(`${at}.name`, saName as string);
                  return { namespace: ns as string, serviceAccountName: saName as string };
              });
          });
    const ownNamespace = scope === TrustScope.Cluster ? namespace : undefined;
    const subjects = checks.derive("namespace", combineChecked({ primaryNamespace, serviceAccountName, additionalSubjects, ownNamespace }), (s): TrustedSubject[] => {
        // A ServiceAccount outside the pattern could never assume its own role.
        if (s.ownNamespace !== undefined && !rules.matchesStringLike(s.primaryNamespace, s.ownNamespace)) {
            throw new IrsaArgumentError(
                "namespace",
                s.ownNamespace,
                `with scope Cluster the ServiceAccount's own namespace must match namespacePattern "${s.primaryNamespace}", or its pods could not assume the role.`,
            );
        }
        return [{ namespace: s.primaryNamespace, serviceAccountName: s.serviceAccountName }, ...s.additionalSubjects];
    });
    // A pattern that matches every namespace is warned about whether it was given plain or arrives later.
    const everyNamespace = mapCheckedWithSecrecy(combineChecked({ pattern: scope === TrustScope.Cluster ? primaryNamespace : undefined, additionalSubjects }), everyNamespaceWarnings);
    let lateWarnings: pulumi.Output<string[]> | undefined;
    if (pulumi.Output.isInstance(everyNamespace)) {
        lateWarnings = everyNamespace;
    } else {
        warnings.push(...everyNamespace);
    }

    const trustPolicySizeLimit = notSet(args.trustPolicySizeLimit)
        ? DEFAULT_TRUST_POLICY_SIZE_LIMIT
        : arg("trustPolicySizeLimit", args.trustPolicySizeLimit, (v) => {
              rules.checkPositiveInteger("trustPolicySizeLimit", v);
              return v as number;
          });
    const additionalProviders = notSet(args.additionalOidcProviderArns)
        ? []
        : arg("additionalOidcProviderArns", args.additionalOidcProviderArns, (arns) => {
              lateMissing("additionalOidcProviderArns", args.additionalOidcProviderArns)(arns);
              return (arns as unknown[]).map((arn, i): TrustedProvider & { partition: string } => {
                  checkType(`additionalOidcProviderArns[${i}]`, arn, "string");
                  const parsed = parseOidcProviderArn(`additionalOidcProviderArns[${i}]`, arn as string);
                  return { arn: arn as string, issuer: parsed.issuer, partition: parsed.partition };
              });
          });
    const adoptRole = !notSet(args.roleArn);
    const adoptedRoleArn = adoptRole
        ? arg("roleArn", args.roleArn, (v) => {
              lateMissing("roleArn", args.roleArn)(v);
              rules.checkRoleArn("roleArn", v);
              return v as string;
          })
        : undefined;

    let podIdentity: PlannedPodIdentity | undefined;
    if (identity !== WorkloadIdentity.Irsa) {
        const clusterName = arg("clusterName", args.clusterName, (v) => {
            lateMissing("clusterName", args.clusterName)(v);
            checkEksClusterName("clusterName", v);
            return v as string;
        });
        podIdentity = {
            clusterName,
            subjects: podIdentitySubjects(identity, namedSubjects(scope, primaryNamespace, serviceAccountName, additionalSubjects, ownNamespace)),
            targetRoleArn: notSet(args.targetRoleArn)
                ? undefined
                : arg("targetRoleArn", args.targetRoleArn, (v) => {
                      lateMissing("targetRoleArn", args.targetRoleArn)(v);
                      checkTargetRoleArn("targetRoleArn", v, typeof adoptedRoleArn === "string" ? adoptedRoleArn : undefined);
                      return v as string;
                  }),
            disableSessionTags: args.disableSessionTags === true,
            sessionPolicy: plannedSessionPolicy(args.sessionPolicy, arg),
        };
    }
    const podParts: Checked<{ clusterName?: string; adoptedRoleArn?: string }> = combineChecked({ clusterName: podIdentity?.clusterName, adoptedRoleArn });
    const trustParts = combineChecked({ additionalProviders, subjects, audience, trustPolicySizeLimit, pod: podParts });
    const workloadPolicy = (primary: TrustedProvider | undefined, clusterArn: string | undefined, parts: TrustParts) => {
        const irsa = identity === WorkloadIdentity.PodIdentity ? undefined : trustPolicyOf(primary!, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
        if (podIdentity === undefined) {
            return irsa!;
        }
        const arn = clusterArn ?? clusterArnOf(primary!, parts.pod.clusterName!);
        checkClusterArnMatchesName(parts.pod.clusterName!, arn);
        if (parts.pod.adoptedRoleArn !== undefined) {
            checkPodIdentityRoleAccount("roleArn", parts.pod.adoptedRoleArn, arn);
        }
        const statements = buildPodIdentityStatements([arn], podIdentity.subjects, !podIdentity.disableSessionTags);
        const document = buildWorkloadTrustPolicy(identity, irsa === undefined ? undefined : JSON.parse(irsa), statements);
        const policy = renderWorkloadTrustPolicy(document);
        checkTrustPolicySize(policy, parts.trustPolicySizeLimit);
        return policy;
    };
    const trustPolicyFor = (primary: Checked<TrustedProvider> | undefined, clusterArn?: Checked<string>) =>
        checks.derive("trustPolicySizeLimit", combineChecked({ primary, clusterArn, parts: trustParts }), ({ primary: p, clusterArn: c, parts }) =>
            workloadPolicy(p, c, parts),
        );

    // The size of a policy whose primary ARN is not known yet: its length is, from the issuer and a 12-digit account.
    const predictedPolicy = (issuerUrl: string, parts: TrustParts) => {
        const issuer = issuerOf(issuerUrl);
        // Where another provider is given, the primary must share its partition; else the issuer's host tells it.
        const partition = parts.additionalProviders[0]?.partition ?? partitionOfIssuerHost(issuer);
        const placeholder = oidcProviderArn(partition, "000000000000", issuer);
        const region = regionOfEksIssuer(issuer);
        // The cluster's ARN has the provider's partition and account, so a placeholder account gives its length.
        const clusterArn = podIdentity !== undefined && region !== undefined ? eksClusterArn(partition, region, "000000000000", parts.pod.clusterName!) : undefined;
        if (podIdentity !== undefined && clusterArn === undefined) {
            return trustPolicyOf({ arn: placeholder, issuer }, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
        }
        // An adopted role's account is checked against the real cluster ARN later.
        return workloadPolicy({ arn: placeholder, issuer }, clusterArn, { ...parts, pod: { clusterName: parts.pod.clusterName } });
    };
    const checkIssuer = (argument: string, url: string) => {
        const normalized = normalizeIssuerUrl(argument, url);
        if (!pulumiIsOutput(trustParts)) {
            predictedPolicy(normalized, trustParts as any);
        }
        return normalized;
    };

    let trustSource: PlannedTrustSource | undefined;
    let trustPolicy: Checked<string> | undefined;
    let addonLocation: Checked<AddonLocation> | undefined;
    const createProvider = args.createOidcProvider === true;
    if (!notSet(args.oidcProviderArn)) {
        const parsed = arg("oidcProviderArn", args.oidcProviderArn, (v) => {
            lateMissing("oidcProviderArn", args.oidcProviderArn)(v);
            if (notSet(v)) {
                throw new IrsaArgumentError("oidcProviderArn", undefined, "the provider's ARN is required.");
            }
            return { arn: v as string, issuer: parseOidcProviderArn("oidcProviderArn", v).issuer };
        });
        trustSource = { kind: "providerArn", arn: mapChecked(parsed, (p) => p.arn), issuer: mapChecked(parsed, (p) => p.issuer) };
        addonLocation = mapChecked(parsed, (p) => locationOfProviderArn(p.arn));
        trustPolicy = trustPolicyFor(parsed);
    } else if (!notSet(args.issuerUrl)) {
        const issuerUrl = arg("issuerUrl", args.issuerUrl, (v) => {
            lateMissing("issuerUrl", args.issuerUrl)(v);
            return normalizeIssuerUrl("issuerUrl", v);
        });
        // The URL the provider is looked up or created with waits for the predicted size, so nothing is created first.
        const checkedUrl = checks.derive("trustPolicySizeLimit", combineChecked({ issuerUrl, parts: trustParts }), ({ issuerUrl: url, parts }) => {
            predictedPolicy(url, parts);
            return url;
        });
        trustSource = { kind: "issuerUrl", issuerUrl: checkedUrl, createProvider };
    } else if (!notSet(args.clusterName)) {
        const clusterName = podIdentity?.clusterName ?? arg("clusterName", args.clusterName, (v) => {
            lateMissing("clusterName", args.clusterName)(v);
            if (typeof v !== "string" || v.length === 0) {
                throw new IrsaArgumentError("clusterName", v, "the name of an EKS cluster is a non-empty string.");
            }
            return v as string;
        });
        trustSource = { kind: "clusterName", clusterName, createProvider };
    }

    const optional = <T>(key: keyof ServiceAccountRoleArgs, check: (argument: string, value: any) => void): Checked<T> | undefined =>
        notSet(args[key])
            ? undefined
            : arg(key, args[key], (v) => {
                  if (!notSet(v)) {
                      check(key, v);
                  }
                  return (notSet(v) ? undefined : v) as T;
              });
    const tags = optional<{ [key: string]: string }>("tags", rules.checkTags);
    let role: PlannedRole | undefined;
    if (!adoptRole) {
        const policyArns = Object.keys(args.policyArns ?? {})
            .sort()
            .map((key): [string, Checked<string>] => {
                rules.checkResourceKey("policyArns", key);
                checkNotAddonName("policyArns", key);
                const at = `policyArns.${key}`;
                return [
                    key,
                    checks.check(at, args.policyArns![key], (v) => {
                        checkType(at, v, "string");
                        rules.checkManagedPolicyArn(at, v as string);
                        return v as string;
                    }),
                ];
            });
        const managedPolicyLimit = notSet(args.managedPolicyLimit)
            ? rules.DEFAULT_MANAGED_POLICY_LIMIT
            : arg("managedPolicyLimit", args.managedPolicyLimit, (v) => {
                  rules.checkPositiveInteger("managedPolicyLimit", v);
                  return v as number;
              });
        checks.derive("policyArns", managedPolicyLimit, (limit) => rules.checkManagedPolicyCount("policyArns", policyArns.length, limit));
        const inlinePolicies = Object.keys(args.inlinePolicies ?? {})
            .sort()
            .map((policyName): [string, Checked<string>] => {
                rules.checkResourceKey("inlinePolicies", policyName);
                checkNotAddonName("inlinePolicies", policyName);
                const at = `inlinePolicies.${policyName}`;
                return [
                    policyName,
                    checks.check(at, args.inlinePolicies![policyName], (v) => {
                        checkType(at, v, "string");
                        rules.checkInlinePolicy("inlinePolicies", policyName, v as string);
                        return v as string;
                    }),
                ];
            });
        const documents = combineChecked(inlinePolicies.map(([, document]) => document) as Checked<string>[] as any) as Checked<string[]>;
        checks.derive("inlinePolicies", documents, (d) => rules.checkInlinePoliciesTotal("inlinePolicies", d));
        // Every add-on check, and the add-ons' fit beside the user's own policies, in one place: planAddonPolicies.
        const addons = notSet(args.addonPolicies)
            ? undefined
            : arg("addonPolicies", args.addonPolicies, (v) => {
                  lateMissing("addonPolicies", args.addonPolicies)(v);
                  return v as ResolvedAddonPolicies;
              });
        const addonsAt = (location: Checked<AddonLocation>): Checked<AddonPolicyPlan> =>
            checks.derive("addonPolicies", combineChecked({ addons, location, documents, managedPolicyLimit }), (a) =>
                checkAddonsWithoutSessionTags(
                    planAddonPolicies(a.addons, {
                        ...addonContextOf(a.location, identity),
                        inlinePolicyCharacters: a.documents.reduce((sum, document) => sum + policySize(document), 0),
                        attachedManagedPolicies: policyArns.length,
                        managedPolicyLimit: a.managedPolicyLimit,
                    }),
                    identity === WorkloadIdentity.PodIdentity && args.disableSessionTags === true,
                ),
            );
        role = {
            name: optional("roleName", rules.checkRoleName),
            path: optional("rolePath", rules.checkRolePath),
            description: optional("roleDescription", rules.checkRoleDescription),
            maxSessionDuration: optional("maxSessionDuration", rules.checkMaxSessionDuration),
            permissionsBoundary: optional("permissionsBoundary", rules.checkManagedPolicyArn),
            tags,
            policyArns,
            inlinePolicies,
            addonPolicies: addons === undefined || addonLocation === undefined ? undefined : addonsAt(addonLocation),
            addonPoliciesFor:
                addons === undefined || addonLocation !== undefined
                    ? undefined
                    : (found) => addonsAt("providerArn" in found ? mapChecked(found.providerArn, locationOfProviderArn) : mapChecked(found.clusterArn, locationOfClusterArn)),
        };
    }

    let serviceAccount: PlannedServiceAccount | undefined;
    if (mode !== ServiceAccountMode.None) {
        serviceAccount = {
            mode,
            namespace: namespace!,
            createNamespace: args.createNamespace ?? false,
            labels: optional("serviceAccountLabels", rules.checkLabels),
            automountServiceAccountToken: optional("automountServiceAccountToken", () => undefined),
            chart:
                mode === ServiceAccountMode.HelmChart
                    ? arg("helmChart", args.helmChart, (c) => {
                          const chart = resolveHelmChart(c ?? {});
                          checkPodIdentityServiceAccountChart(identity, mode, chart.chart);
                          return chart;
                      })
                    : undefined,
        };
    }
    const verifyAccessOptions = optional<VerifyAccessOptions>("verifyAccessOptions", (_, options) => checkVerifyAccessArgs(options));

    return {
        name,
        identity,
        podIdentity,
        checks,
        warnings,
        lateWarnings,
        trustSource,
        trustPolicy,
        trustPolicyFor,
        checkIssuer,
        role,
        adoptedRoleArn,
        serviceAccountName,
        namespace,
        audience,
        providerTags: tags,
        stsRegionalEndpoints: optional("stsRegionalEndpoints", () => undefined),
        tokenExpirationSeconds: optional("tokenExpirationSeconds", rules.checkTokenExpiration),
        extraAnnotations: optional("serviceAccountAnnotations", (argument, value) => {
            rules.checkAnnotations(argument, value, DERIVED_ANNOTATIONS);
            checkAnnotationsSize(argument, value);
            if (mode === ServiceAccountMode.HelmChart) {
                checkChartAnnotations(argument, value);
            }
        }),
        serviceAccount,
        verifyAccess: args.verifyAccess ? { options: verifyAccessOptions } : undefined,
        secretSources: {
            role: [args.roleName, args.rolePath, args.roleArn],
            trust: [args.oidcProviderArn, args.issuerUrl, args.clusterName],
            annotations: [args.audience, args.stsRegionalEndpoints, args.tokenExpirationSeconds, args.serviceAccountAnnotations],
        },
    };
}

/**
 * The trust policy as sent to IAM, checked: every provider in one partition (a role lives in one, and a provider in
 * another is never found) and the whole within the `ACLSizePerRole` quota.
 */
export function trustPolicyOf(primary: TrustedProvider, additional: TrustedProvider[], subjects: TrustedSubject[], audience: string, limit: number): string {
    const partition = primary.arn.split(":")[1];
    additional.forEach((provider, i) => {
        if (provider.arn.split(":")[1] !== partition) {
            throw new IrsaArgumentError(
                `additionalOidcProviderArns[${i}]`,
                provider.arn,
                `every provider a role trusts is in the role's partition, here "${partition}" (the primary provider's); a provider in another partition can never be used.`,
            );
        }
    });
    const policy = renderTrustPolicy(buildTrustPolicy([primary, ...additional], subjects, audience));
    checkTrustPolicySize(policy, limit);
    return policy;
}

/** The checked values a trust policy is made of. */
interface TrustParts {
    additionalProviders: (TrustedProvider & { partition: string })[];
    subjects: TrustedSubject[];
    audience: string;
    trustPolicySizeLimit: number;
    pod: { clusterName?: string; adoptedRoleArn?: string };
}

const EKS_ISSUER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;

/** The region of an EKS issuer (`oidc.eks.<region>.amazonaws.com/id/<ID>`); undefined for another issuer. */
export function regionOfEksIssuer(issuer: string): string | undefined {
    return EKS_ISSUER.exec(issuer)?.[1];
}

/**
 * The ARN of cluster `clusterName` as the Pod Identity trust names it, derived from the IRSA provider the role trusts:
 * its partition and account (the role's, which an association requires to be the cluster's) and the region of its EKS
 * issuer. Refused for an issuer that is not EKS's, whose region cannot be known.
 */
export function clusterArnOf(primary: TrustedProvider, clusterName: string): string {
    const parsed = parseOidcProviderArn("oidcProviderArn", primary.arn);
    const region = regionOfEksIssuer(parsed.issuer);
    if (region === undefined) {
        throw new IrsaArgumentError(
            "clusterName",
            clusterName,
            `the Pod Identity trust names the cluster by its ARN, whose region comes from the EKS issuer, and "${parsed.issuer}" is not one ` +
                "(oidc.eks.<region>.amazonaws.com/id/<ID>). Pass clusterName alone, so that the cluster is looked up with aws.eks.getCluster.",
        );
    }
    return eksClusterArn(parsed.partition, region, parsed.accountId, clusterName);
}

/** The trusted ServiceAccounts with the arguments they came from; they name the associations, so they must be plain. */
function namedSubjects(
    scope: TrustScope,
    primaryNamespace: Checked<string>,
    serviceAccountName: Checked<string>,
    additional: Checked<TrustedSubject[]>,
    ownNamespace: Checked<string> | undefined,
): NamedSubject[] {
    const late = (
        [
            ["namespace", scope === TrustScope.Cluster ? ownNamespace : primaryNamespace],
            ["namespacePattern", scope === TrustScope.Cluster ? primaryNamespace : undefined],
            ["serviceAccountName", serviceAccountName],
            ["additionalServiceAccounts", additional],
        ] as const
    ).filter(([, value]) => pulumiIsOutput(value));
    if (late.length > 0) {
        throw new IrsaArgumentError(
            late.map(([key]) => key).join("/"),
            "an Output",
            "with identity PodIdentity or Both each ServiceAccount gets its own association, named from its namespace and name, so these must be known " +
                "when the program runs: pass plain values.",
        );
    }
    const subjects: NamedSubject[] = [
        {
            namespace: primaryNamespace as string,
            serviceAccountName: serviceAccountName as string,
            namespaceArgument: scope === TrustScope.Cluster ? "namespacePattern" : "namespace",
            nameArgument: "serviceAccountName",
        },
    ];
    if (typeof ownNamespace === "string") {
        subjects.push({ namespace: ownNamespace, serviceAccountName: serviceAccountName as string, namespaceArgument: "namespace", nameArgument: "serviceAccountName" });
    }
    (additional as TrustedSubject[]).forEach((s, i) =>
        subjects.push({ ...s, namespaceArgument: `additionalServiceAccounts[${i}].namespace`, nameArgument: `additionalServiceAccounts[${i}].name` }),
    );
    return subjects;
}

/**
 * The add-ons' context. With PodIdentity alone, add-ons scoped by cluster take the cluster from the session tag EKS
 * sets; with Both, IRSA's sessions carry no such tag, so they take the literal cluster name, which holds for both.
 */
function addonContextOf(location: AddonLocation, identity: WorkloadIdentity): AddonContext {
    return { ...location, identity: identity === WorkloadIdentity.PodIdentity ? "podIdentity" : "irsa" };
}

/** The role's partition and account from the cluster's ARN (`arn:<partition>:eks:<region>:<account>:cluster/<name>`). */
function locationOfClusterArn(clusterArn: string): AddonLocation {
    const match = /^arn:(aws[a-z-]*):eks:[a-z0-9-]+:(\d{12}):cluster\/[0-9A-Za-z][A-Za-z0-9_-]*$/.exec(clusterArn);
    if (match === null) {
        throw new IrsaArgumentError("clusterName (its ARN)", clusterArn, "the cluster look-up returned no EKS cluster ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>).");
    }
    return { partition: match[1], accountId: match[2] };
}

/** The role's partition and account from the OIDC provider it trusts, which IAM requires to be in the role's account. */
function locationOfProviderArn(providerArn: string): AddonLocation {
    const [, partition, , , accountId] = providerArn.split(":");
    return { partition, accountId };
}

function checkNotAddonName(argument: string, key: string): void {
    if (key.startsWith(ADDON_NAME_PREFIX)) {
        throw new IrsaArgumentError(
            `${argument} key`,
            key,
            `names starting with "${ADDON_NAME_PREFIX}" are kept for the policies of addonPolicies, so that no two policies of the role share a name. Rename the key.`,
        );
    }
}

function pulumiIsOutput(value: unknown): boolean {
    return pulumi.Output.isInstance(value);
}

/** Types first (for callers that are not TypeScript), and the arguments that decide which children exist must be plain. */
function checkTypesAndStructure(args: ServiceAccountRoleArgs): void {
    if (typeof args !== "object" || args === null) {
        throw new IrsaArgumentError("args", args, "the arguments are a map.");
    }
    for (const key of STRUCTURAL_ARGUMENTS) {
        const value = args[key];
        // Most are not set, and checkType passes a value that is not.
        if (notSet(value)) {
            continue;
        }
        // A getter or a Proxy that throws is named here, before anything reads it with a stack trace.
        checkData(key, value);
        if (pulumiIsOutput(value) || value instanceof Promise) {
            throw new IrsaArgumentError(key, "an Output", `${key} decides which resources the component creates, so it must be known when the program runs: pass a plain value.`);
        }
        checkType(key, value, ARGUMENT_TYPES[key]);
    }
    for (const key of ["policyArns", "inlinePolicies"] as const) {
        for (const [entry, value] of Object.entries(checkData(key, args[key]) ?? {})) {
            if (!pulumiIsOutput(value) && !(value instanceof Promise)) {
                checkType(`${key}.${entry}`, value, "string");
            }
        }
    }
}

/** The arguments that make no sense together, or are missing: known from which arguments are set, before any value. */
function checkCombinations(args: ServiceAccountRoleArgs, scope: TrustScope, mode: ServiceAccountMode, identity: WorkloadIdentity): void {
    const given = (value: unknown) => !notSet(value);
    const candidates = (["oidcProviderArn", "issuerUrl", "clusterName"] as const).filter((key) => given(args[key]));
    // With Pod Identity, clusterName beside oidcProviderArn or issuerUrl names the associations' cluster, not the trust source.
    const sources = identity !== WorkloadIdentity.Irsa && candidates.length > 1 ? candidates.filter((key) => key !== "clusterName") : candidates;
    const adoptRole = given(args.roleArn);
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
    if (!Object.values(TrustScope).includes(scope)) {
        throw new IrsaArgumentError("scope", scope, `scope is one of ${Object.values(TrustScope).join(", ")}.`);
    }
    if (!Object.values(ServiceAccountMode).includes(mode)) {
        throw new IrsaArgumentError("serviceAccountMode", mode, `serviceAccountMode is one of ${Object.values(ServiceAccountMode).join(", ")}.`);
    }
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

/** What Helm and the API server would refuse at deploy time, for the plain arguments (deployTimeRules.ts). */
function checkDeployTimeRules(name: string, args: ServiceAccountRoleArgs, mode: ServiceAccountMode, identity: WorkloadIdentity): void {
    if (mode === ServiceAccountMode.HelmChart) {
        checkHelmReleaseName(name);
    }
    checkPodIdentityAudience(identity, notSet(args.audience) ? undefined : args.audience);
}

/** Without a namespace, a program run by Qovery uses its environment's, which Qovery passes in QOVERY_KUBERNETES_NAMESPACE_NAME. */
function withQoveryNamespace(args: ServiceAccountRoleArgs, environment: { [key: string]: string | undefined }): ServiceAccountRoleArgs {
    // The environment is read only when the namespace is missing: each read of process.env is a native call (about 10 µs
    // per role in a 1,000-role preview).
    if (args === null || typeof args !== "object" || !notSet(args.namespace)) {
        return args;
    }
    const fromQovery = environment[QOVERY_NAMESPACE_VARIABLE];
    return fromQovery ? { ...args, namespace: fromQovery } : args;
}

/** The chart coordinates with the tutorial's defaults. */
function resolveHelmChart(c: { repository?: unknown; chart?: unknown; version?: unknown }): { repository: string; chart: string; version: string } {
    for (const key of ["repository", "chart", "version"] as const) {
        checkType(`helmChart.${key}`, c[key], "string");
    }
    const resolved = {
        repository: (c.repository as string | undefined) ?? QOVERY_SA_HELPER_REPOSITORY,
        chart: (c.chart as string | undefined) ?? QOVERY_SA_HELPER_CHART,
        version: (c.version as string | undefined) ?? QOVERY_SA_HELPER_VERSION,
    };
    if (!/^(https?|oci):\/\/\S+$/.test(resolved.repository)) {
        throw new IrsaArgumentError("helmChart.repository", resolved.repository, "a chart repository is an https://, http:// or oci:// URL.");
    }
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(resolved.chart)) {
        throw new IrsaArgumentError("helmChart.chart", resolved.chart, "a chart name has lower-case letters, digits, '.', '_' and '-'.");
    }
    if (!/^\S+$/.test(resolved.version)) {
        throw new IrsaArgumentError("helmChart.version", resolved.version, "a chart version is a non-empty version without spaces, such as 0.1.0.");
    }
    return resolved;
}

/**
 * The warnings about namespace patterns that match every namespace: the primary pattern (scope Cluster) and each
 * additional ServiceAccount's. A value that arrived as a secret is named, not shown.
 */
export function everyNamespaceWarnings(v: { pattern?: string; additionalSubjects: TrustedSubject[] }, secret: boolean): string[] {
    const shown = (value: string) => (secret ? "(a secret, not shown)" : `"${value}"`);
    const warnings: string[] = [];
    if (v.pattern !== undefined && rules.namespacePatternMatchesEverything(v.pattern)) {
        warnings.push(`namespacePattern ${shown(v.pattern)} matches every namespace: anyone who may create a namespace and a ServiceAccount named like this one can assume the role.`);
    }
    v.additionalSubjects.forEach((s, i) => {
        if (rules.namespacePatternMatchesEverything(s.namespace)) {
            warnings.push(
                `additionalServiceAccounts[${i}].namespace ${shown(s.namespace)} matches every namespace: anyone who may create a namespace and a ServiceAccount ${shown(s.serviceAccountName)} can assume the role.`,
            );
        }
    });
    return warnings;
}
