"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_NAMESPACE_PATTERN = void 0;
exports.planServiceAccountRole = planServiceAccountRole;
exports.trustPolicyOf = trustPolicyOf;
exports.regionOfEksIssuer = regionOfEksIssuer;
exports.clusterArnOf = clusterArnOf;
exports.everyNamespaceWarnings = everyNamespaceWarnings;
const pulumi = __importStar(require("@pulumi/pulumi"));
const enums_1 = require("../enums");
const errors_1 = require("../errors");
const addonPolicies_1 = require("../addons/addonPolicies");
const issuer_1 = require("../policy/issuer");
const rules = __importStar(require("../policy/rules"));
const trustPolicy_1 = require("../policy/trustPolicy");
const podIdentityTrust_1 = require("../policy/podIdentityTrust");
const qovery_1 = require("../qovery");
const inputs_1 = require("./inputs");
const serviceAccount_1 = require("./serviceAccount");
const verifyAccess_1 = require("./verifyAccess");
/** The default of `namespacePattern`: Qovery's, every namespace whose name starts with `z`. */
exports.DEFAULT_NAMESPACE_PATTERN = qovery_1.QOVERY_CLUSTER_NAMESPACE_PATTERN;
/** The type of every argument, checked for callers that are not TypeScript. */
const ARGUMENT_TYPES = {
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
];
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
];
/** The prefix of the add-on policies' names, kept from `policyArns` and `inlinePolicies` keys so that no two children or IAM policies share a name. */
const ADDON_NAME_PREFIX = "addon-";
/**
 * Plans a ServiceAccountRole. Pure: registers nothing, reads only its arguments and `environment` (for
 * `QOVERY_KUBERNETES_NAMESPACE_NAME`). Throws IrsaArgumentError for a plain value that breaks a rule.
 */
function planServiceAccountRole(name, rawArgs, environment = process.env) {
    const label = `ServiceAccountRole "${name}"`;
    const checks = new inputs_1.ArgumentChecks(label);
    const args = withQoveryNamespace(rawArgs, environment);
    checkTypesAndStructure(args);
    const scope = args.scope ?? enums_1.TrustScope.Environment;
    const mode = args.serviceAccountMode ?? enums_1.ServiceAccountMode.Manifest;
    const identity = args.identity ?? enums_1.WorkloadIdentity.Irsa;
    (0, podIdentityTrust_1.checkPodIdentityCombination)({
        identity,
        scope,
        serviceAccountMode: mode,
        clusterName: !(0, inputs_1.notSet)(args.clusterName),
        roleArn: !(0, inputs_1.notSet)(args.roleArn),
        disableSessionTags: args.disableSessionTags === true,
        allowUnconditionedPodIdentityTrust: args.allowUnconditionedPodIdentityTrust === true,
        targetRoleArn: !(0, inputs_1.notSet)(args.targetRoleArn),
    });
    checkCombinations(args, scope, mode, identity);
    const warnings = [];
    if (args.disableSessionTags === true) {
        warnings.push(podIdentityTrust_1.UNCONDITIONED_POD_IDENTITY_WARNING);
    }
    if ((0, inputs_1.notSet)(args.roleArn) && (0, inputs_1.notSet)(args.roleName)) {
        rules.checkAutoNamedRole(name);
    }
    if (args.verifyAccess) {
        (0, verifyAccess_1.checkVerifyAccessJobName)(name);
    }
    // Each argument: its type, then its rules, on the plain value now or on the Output's value when it arrives.
    const arg = (key, value, fn) => checks.check(key, value, (resolved) => {
        (0, inputs_1.checkType)(key, resolved, ARGUMENT_TYPES[key]);
        return fn(resolved);
    });
    const lateMissing = (key, value) => (resolved) => {
        if ((0, inputs_1.notSet)(resolved) && !(0, inputs_1.notSet)(value)) {
            throw new errors_1.IrsaArgumentError(key, undefined, `${key} was given as an Output that resolved to nothing (a missing stack output?). Give it a value, or leave the argument out.`);
        }
    };
    const serviceAccountName = arg("serviceAccountName", args.serviceAccountName, (v) => {
        rules.checkServiceAccountName("serviceAccountName", v);
        return v;
    });
    const namespaceRequired = scope === enums_1.TrustScope.Environment
        ? "scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern)."
        : mode !== enums_1.ServiceAccountMode.None
            ? `a ${mode} ServiceAccount needs its namespace. Pass namespace (or set QOVERY_KUBERNETES_NAMESPACE_NAME), or serviceAccountMode None for the role only.`
            : undefined;
    const namespace = (0, inputs_1.notSet)(args.namespace)
        ? undefined
        : arg("namespace", args.namespace, (v) => {
            if ((0, inputs_1.notSet)(v)) {
                throw new errors_1.IrsaArgumentError("namespace", undefined, namespaceRequired ?? "namespace was given as an Output that resolved to nothing. Give it a value, or leave it out.");
            }
            rules.checkNamespace("namespace", v);
            return v;
        });
    const audience = (0, inputs_1.notSet)(args.audience)
        ? issuer_1.DEFAULT_AUDIENCE
        : arg("audience", args.audience, (v) => {
            lateMissing("audience", args.audience)(v);
            rules.checkAudience("audience", v);
            return v;
        });
    const primaryNamespace = scope === enums_1.TrustScope.Cluster
        ? (0, inputs_1.notSet)(args.namespacePattern)
            ? exports.DEFAULT_NAMESPACE_PATTERN
            : arg("namespacePattern", args.namespacePattern, (v) => {
                lateMissing("namespacePattern", args.namespacePattern)(v);
                rules.checkNamespacePattern("namespacePattern", v);
                return v;
            })
        : namespace;
    const additionalSubjects = (0, inputs_1.notSet)(args.additionalServiceAccounts)
        ? []
        : arg("additionalServiceAccounts", args.additionalServiceAccounts, (accounts) => {
            lateMissing("additionalServiceAccounts", args.additionalServiceAccounts)(accounts);
            return accounts.map((account, i) => {
                const at = `additionalServiceAccounts[${i}]`;
                if (typeof account !== "object" || account === null || Array.isArray(account)) {
                    throw new errors_1.IrsaArgumentError(at, account, `${at} is a map with namespace and name.`);
                }
                const { namespace: ns, name: saName } = account;
                (0, inputs_1.checkType)(`${at}.namespace`, ns, "string");
                (0, inputs_1.checkType)(`${at}.name`, saName, "string");
                rules.checkNamespacePattern(`${at}.namespace`, ns);
                rules.checkServiceAccountName(`${at}.name`, saName);
                return { namespace: ns, serviceAccountName: saName };
            });
        });
    const ownNamespace = scope === enums_1.TrustScope.Cluster ? namespace : undefined;
    const subjects = checks.derive("namespace", (0, inputs_1.combineChecked)({ primaryNamespace, serviceAccountName, additionalSubjects, ownNamespace }), (s) => {
        // A ServiceAccount outside the pattern could never assume its own role.
        if (s.ownNamespace !== undefined && !rules.matchesStringLike(s.primaryNamespace, s.ownNamespace)) {
            throw new errors_1.IrsaArgumentError("namespace", s.ownNamespace, `with scope Cluster the ServiceAccount's own namespace must match namespacePattern "${s.primaryNamespace}", or its pods could not assume the role.`);
        }
        return [{ namespace: s.primaryNamespace, serviceAccountName: s.serviceAccountName }, ...s.additionalSubjects];
    });
    // A pattern that matches every namespace is warned about whether it was given plain or arrives later.
    const everyNamespace = (0, inputs_1.mapCheckedWithSecrecy)((0, inputs_1.combineChecked)({ pattern: scope === enums_1.TrustScope.Cluster ? primaryNamespace : undefined, additionalSubjects }), everyNamespaceWarnings);
    let lateWarnings;
    if (pulumi.Output.isInstance(everyNamespace)) {
        lateWarnings = everyNamespace;
    }
    else {
        warnings.push(...everyNamespace);
    }
    const trustPolicySizeLimit = (0, inputs_1.notSet)(args.trustPolicySizeLimit)
        ? trustPolicy_1.DEFAULT_TRUST_POLICY_SIZE_LIMIT
        : arg("trustPolicySizeLimit", args.trustPolicySizeLimit, (v) => {
            rules.checkPositiveInteger("trustPolicySizeLimit", v);
            return v;
        });
    const additionalProviders = (0, inputs_1.notSet)(args.additionalOidcProviderArns)
        ? []
        : arg("additionalOidcProviderArns", args.additionalOidcProviderArns, (arns) => {
            lateMissing("additionalOidcProviderArns", args.additionalOidcProviderArns)(arns);
            return arns.map((arn, i) => {
                (0, inputs_1.checkType)(`additionalOidcProviderArns[${i}]`, arn, "string");
                const parsed = (0, issuer_1.parseOidcProviderArn)(`additionalOidcProviderArns[${i}]`, arn);
                return { arn: arn, issuer: parsed.issuer, partition: parsed.partition };
            });
        });
    const adoptRole = !(0, inputs_1.notSet)(args.roleArn);
    const adoptedRoleArn = adoptRole
        ? arg("roleArn", args.roleArn, (v) => {
            lateMissing("roleArn", args.roleArn)(v);
            rules.checkRoleArn("roleArn", v);
            return v;
        })
        : undefined;
    let podIdentity;
    if (identity !== enums_1.WorkloadIdentity.Irsa) {
        const clusterName = arg("clusterName", args.clusterName, (v) => {
            lateMissing("clusterName", args.clusterName)(v);
            (0, podIdentityTrust_1.checkEksClusterName)("clusterName", v);
            return v;
        });
        podIdentity = {
            clusterName,
            subjects: (0, podIdentityTrust_1.podIdentitySubjects)(identity, namedSubjects(scope, primaryNamespace, serviceAccountName, additionalSubjects, ownNamespace)),
            targetRoleArn: (0, inputs_1.notSet)(args.targetRoleArn)
                ? undefined
                : arg("targetRoleArn", args.targetRoleArn, (v) => {
                    lateMissing("targetRoleArn", args.targetRoleArn)(v);
                    (0, podIdentityTrust_1.checkTargetRoleArn)("targetRoleArn", v, typeof adoptedRoleArn === "string" ? adoptedRoleArn : undefined);
                    return v;
                }),
            disableSessionTags: args.disableSessionTags === true,
        };
    }
    const podParts = (0, inputs_1.combineChecked)({ clusterName: podIdentity?.clusterName, adoptedRoleArn });
    const trustParts = (0, inputs_1.combineChecked)({ additionalProviders, subjects, audience, trustPolicySizeLimit, pod: podParts });
    const workloadPolicy = (primary, clusterArn, parts) => {
        const irsa = identity === enums_1.WorkloadIdentity.PodIdentity ? undefined : trustPolicyOf(primary, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
        if (podIdentity === undefined) {
            return irsa;
        }
        const arn = clusterArn ?? clusterArnOf(primary, parts.pod.clusterName);
        (0, podIdentityTrust_1.checkClusterArnMatchesName)(parts.pod.clusterName, arn);
        if (parts.pod.adoptedRoleArn !== undefined) {
            (0, podIdentityTrust_1.checkPodIdentityRoleAccount)("roleArn", parts.pod.adoptedRoleArn, arn);
        }
        const statements = (0, podIdentityTrust_1.buildPodIdentityStatements)([arn], podIdentity.subjects, !podIdentity.disableSessionTags);
        const document = (0, podIdentityTrust_1.buildWorkloadTrustPolicy)(identity, irsa === undefined ? undefined : JSON.parse(irsa), statements);
        const policy = (0, podIdentityTrust_1.renderWorkloadTrustPolicy)(document);
        (0, trustPolicy_1.checkTrustPolicySize)(policy, parts.trustPolicySizeLimit);
        return policy;
    };
    const trustPolicyFor = (primary, clusterArn) => checks.derive("trustPolicySizeLimit", (0, inputs_1.combineChecked)({ primary, clusterArn, parts: trustParts }), ({ primary: p, clusterArn: c, parts }) => workloadPolicy(p, c, parts));
    // The size of a policy whose primary ARN is not known yet: its length is, from the issuer and a 12-digit account.
    const predictedPolicy = (issuerUrl, parts) => {
        const issuer = (0, issuer_1.issuerOf)(issuerUrl);
        // Where another provider is given, the primary must share its partition; else the issuer's host tells it.
        const partition = parts.additionalProviders[0]?.partition ?? (0, issuer_1.partitionOfIssuerHost)(issuer);
        const placeholder = (0, issuer_1.oidcProviderArn)(partition, "000000000000", issuer);
        const region = regionOfEksIssuer(issuer);
        // The cluster's ARN has the provider's partition and account, so a placeholder account gives its length.
        const clusterArn = podIdentity !== undefined && region !== undefined ? (0, podIdentityTrust_1.eksClusterArn)(partition, region, "000000000000", parts.pod.clusterName) : undefined;
        if (podIdentity !== undefined && clusterArn === undefined) {
            return trustPolicyOf({ arn: placeholder, issuer }, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
        }
        // An adopted role's account is checked against the real cluster ARN later.
        return workloadPolicy({ arn: placeholder, issuer }, clusterArn, { ...parts, pod: { clusterName: parts.pod.clusterName } });
    };
    const checkIssuer = (argument, url) => {
        const normalized = (0, issuer_1.normalizeIssuerUrl)(argument, url);
        if (!pulumiIsOutput(trustParts)) {
            predictedPolicy(normalized, trustParts);
        }
        return normalized;
    };
    let trustSource;
    let trustPolicy;
    let addonLocation;
    const createProvider = args.createOidcProvider === true;
    if (!(0, inputs_1.notSet)(args.oidcProviderArn)) {
        const parsed = arg("oidcProviderArn", args.oidcProviderArn, (v) => {
            lateMissing("oidcProviderArn", args.oidcProviderArn)(v);
            if ((0, inputs_1.notSet)(v)) {
                throw new errors_1.IrsaArgumentError("oidcProviderArn", undefined, "the provider's ARN is required.");
            }
            return { arn: v, issuer: (0, issuer_1.parseOidcProviderArn)("oidcProviderArn", v).issuer };
        });
        trustSource = { kind: "providerArn", arn: (0, inputs_1.mapChecked)(parsed, (p) => p.arn), issuer: (0, inputs_1.mapChecked)(parsed, (p) => p.issuer) };
        addonLocation = (0, inputs_1.mapChecked)(parsed, (p) => ({ partition: p.arn.split(":")[1], accountId: p.arn.split(":")[4] }));
        trustPolicy = trustPolicyFor(parsed);
    }
    else if (!(0, inputs_1.notSet)(args.issuerUrl)) {
        const issuerUrl = arg("issuerUrl", args.issuerUrl, (v) => {
            lateMissing("issuerUrl", args.issuerUrl)(v);
            return (0, issuer_1.normalizeIssuerUrl)("issuerUrl", v);
        });
        // The URL the provider is looked up or created with waits for the predicted size, so nothing is created first.
        const checkedUrl = checks.derive("trustPolicySizeLimit", (0, inputs_1.combineChecked)({ issuerUrl, parts: trustParts }), ({ issuerUrl: url, parts }) => {
            predictedPolicy(url, parts);
            return url;
        });
        trustSource = { kind: "issuerUrl", issuerUrl: checkedUrl, createProvider };
        addonLocation = (0, inputs_1.mapChecked)(issuerUrl, locationOfIssuer);
    }
    else if (!(0, inputs_1.notSet)(args.clusterName)) {
        const clusterName = podIdentity?.clusterName ?? arg("clusterName", args.clusterName, (v) => {
            lateMissing("clusterName", args.clusterName)(v);
            if (typeof v !== "string" || v.length === 0) {
                throw new errors_1.IrsaArgumentError("clusterName", v, "the name of an EKS cluster is a non-empty string.");
            }
            return v;
        });
        trustSource = { kind: "clusterName", clusterName, createProvider };
    }
    const optional = (key, check) => (0, inputs_1.notSet)(args[key])
        ? undefined
        : arg(key, args[key], (v) => {
            if (!(0, inputs_1.notSet)(v)) {
                check(key, v);
            }
            return ((0, inputs_1.notSet)(v) ? undefined : v);
        });
    const tags = optional("tags", rules.checkTags);
    let role;
    if (!adoptRole) {
        const policyArns = Object.keys(args.policyArns ?? {})
            .sort()
            .map((key) => {
            rules.checkResourceKey("policyArns", key);
            checkNotAddonName("policyArns", key);
            const at = `policyArns.${key}`;
            return [
                key,
                checks.check(at, args.policyArns[key], (v) => {
                    (0, inputs_1.checkType)(at, v, "string");
                    rules.checkManagedPolicyArn(at, v);
                    return v;
                }),
            ];
        });
        const managedPolicyLimit = (0, inputs_1.notSet)(args.managedPolicyLimit)
            ? rules.DEFAULT_MANAGED_POLICY_LIMIT
            : arg("managedPolicyLimit", args.managedPolicyLimit, (v) => {
                rules.checkPositiveInteger("managedPolicyLimit", v);
                return v;
            });
        checks.derive("policyArns", managedPolicyLimit, (limit) => rules.checkManagedPolicyCount("policyArns", policyArns.length, limit));
        const inlinePolicies = Object.keys(args.inlinePolicies ?? {})
            .sort()
            .map((policyName) => {
            rules.checkResourceKey("inlinePolicies", policyName);
            checkNotAddonName("inlinePolicies", policyName);
            const at = `inlinePolicies.${policyName}`;
            return [
                policyName,
                checks.check(at, args.inlinePolicies[policyName], (v) => {
                    (0, inputs_1.checkType)(at, v, "string");
                    rules.checkInlinePolicy("inlinePolicies", policyName, v);
                    return v;
                }),
            ];
        });
        const documents = (0, inputs_1.combineChecked)(inlinePolicies.map(([, document]) => document));
        checks.derive("inlinePolicies", documents, (d) => rules.checkInlinePoliciesTotal("inlinePolicies", d));
        // Every add-on check, and the add-ons' fit beside the user's own policies, in one place: planAddonPolicies.
        const addons = (0, inputs_1.notSet)(args.addonPolicies)
            ? undefined
            : arg("addonPolicies", args.addonPolicies, (v) => {
                lateMissing("addonPolicies", args.addonPolicies)(v);
                return v;
            });
        const addonsAt = (location) => checks.derive("addonPolicies", (0, inputs_1.combineChecked)({ addons, location, documents, managedPolicyLimit }), (a) => (0, addonPolicies_1.planAddonPolicies)(a.addons, {
            ...addonContextOf(a.location, identity),
            inlinePolicyCharacters: a.documents.reduce((sum, document) => sum + (0, trustPolicy_1.policySize)(document), 0),
            attachedManagedPolicies: policyArns.length,
            managedPolicyLimit: a.managedPolicyLimit,
        }));
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
            addonPoliciesFor: addons === undefined || addonLocation !== undefined
                ? undefined
                : (found) => addonsAt("issuerUrl" in found ? (0, inputs_1.mapChecked)(found.issuerUrl, locationOfIssuer) : (0, inputs_1.mapChecked)(found.clusterArn, locationOfClusterArn)),
        };
    }
    let serviceAccount;
    if (mode !== enums_1.ServiceAccountMode.None) {
        serviceAccount = {
            mode,
            namespace: namespace,
            createNamespace: args.createNamespace ?? false,
            labels: optional("serviceAccountLabels", rules.checkLabels),
            automountServiceAccountToken: optional("automountServiceAccountToken", () => undefined),
            chart: mode === enums_1.ServiceAccountMode.HelmChart
                ? arg("helmChart", args.helmChart, (c) => {
                    const chart = resolveHelmChart(c ?? {});
                    (0, podIdentityTrust_1.checkPodIdentityServiceAccountChart)(identity, mode, chart.chart);
                    return chart;
                })
                : undefined,
        };
    }
    const verifyAccessOptions = optional("verifyAccessOptions", (_, options) => (0, verifyAccess_1.checkVerifyAccessArgs)(options));
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
        extraAnnotations: optional("serviceAccountAnnotations", (argument, value) => rules.checkAnnotations(argument, value, serviceAccount_1.DERIVED_ANNOTATIONS)),
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
function trustPolicyOf(primary, additional, subjects, audience, limit) {
    const partition = primary.arn.split(":")[1];
    additional.forEach((provider, i) => {
        if (provider.arn.split(":")[1] !== partition) {
            throw new errors_1.IrsaArgumentError(`additionalOidcProviderArns[${i}]`, provider.arn, `every provider a role trusts is in the role's partition, here "${partition}" (the primary provider's); a provider in another partition can never be used.`);
        }
    });
    const policy = (0, trustPolicy_1.renderTrustPolicy)((0, trustPolicy_1.buildTrustPolicy)([primary, ...additional], subjects, audience));
    (0, trustPolicy_1.checkTrustPolicySize)(policy, limit);
    return policy;
}
const EKS_ISSUER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;
/** The region of an EKS issuer (`oidc.eks.<region>.amazonaws.com/id/<ID>`); undefined for another issuer. */
function regionOfEksIssuer(issuer) {
    return EKS_ISSUER.exec(issuer)?.[1];
}
/**
 * The ARN of cluster `clusterName` as the Pod Identity trust names it, derived from the IRSA provider the role trusts:
 * its partition and account (the role's, which an association requires to be the cluster's) and the region of its EKS
 * issuer. Refused for an issuer that is not EKS's, whose region cannot be known.
 */
function clusterArnOf(primary, clusterName) {
    const parsed = (0, issuer_1.parseOidcProviderArn)("oidcProviderArn", primary.arn);
    const region = regionOfEksIssuer(parsed.issuer);
    if (region === undefined) {
        throw new errors_1.IrsaArgumentError("clusterName", clusterName, `the Pod Identity trust names the cluster by its ARN, whose region comes from the EKS issuer, and "${parsed.issuer}" is not one ` +
            "(oidc.eks.<region>.amazonaws.com/id/<ID>). Pass clusterName alone, so that the cluster is looked up with aws.eks.getCluster.");
    }
    return (0, podIdentityTrust_1.eksClusterArn)(parsed.partition, region, parsed.accountId, clusterName);
}
/** The trusted ServiceAccounts with the arguments they came from; they name the associations, so they must be plain. */
function namedSubjects(scope, primaryNamespace, serviceAccountName, additional, ownNamespace) {
    const late = [
        ["namespace", scope === enums_1.TrustScope.Cluster ? ownNamespace : primaryNamespace],
        ["namespacePattern", scope === enums_1.TrustScope.Cluster ? primaryNamespace : undefined],
        ["serviceAccountName", serviceAccountName],
        ["additionalServiceAccounts", additional],
    ].filter(([, value]) => pulumiIsOutput(value));
    if (late.length > 0) {
        throw new errors_1.IrsaArgumentError(late.map(([key]) => key).join("/"), "an Output", "with identity PodIdentity or Both each ServiceAccount gets its own association, named from its namespace and name, so these must be known " +
            "when the program runs: pass plain values.");
    }
    const subjects = [
        {
            namespace: primaryNamespace,
            serviceAccountName: serviceAccountName,
            namespaceArgument: scope === enums_1.TrustScope.Cluster ? "namespacePattern" : "namespace",
            nameArgument: "serviceAccountName",
        },
    ];
    if (typeof ownNamespace === "string") {
        subjects.push({ namespace: ownNamespace, serviceAccountName: serviceAccountName, namespaceArgument: "namespace", nameArgument: "serviceAccountName" });
    }
    additional.forEach((s, i) => subjects.push({ ...s, namespaceArgument: `additionalServiceAccounts[${i}].namespace`, nameArgument: `additionalServiceAccounts[${i}].name` }));
    return subjects;
}
/**
 * The add-ons' context. With PodIdentity alone, add-ons scoped by cluster take the cluster from the session tag EKS
 * sets; with Both, IRSA's sessions carry no such tag, so they take the literal cluster name, which holds for both.
 */
function addonContextOf(location, identity) {
    return { ...location, identity: identity === enums_1.WorkloadIdentity.PodIdentity ? "podIdentity" : "irsa" };
}
/** The role's partition and account from the cluster's ARN (`arn:<partition>:eks:<region>:<account>:cluster/<name>`). */
function locationOfClusterArn(clusterArn) {
    const match = /^arn:(aws[a-z-]*):eks:[a-z0-9-]+:(\d{12}):cluster\/[0-9A-Za-z][A-Za-z0-9_-]*$/.exec(clusterArn);
    if (match === null) {
        throw new errors_1.IrsaArgumentError("clusterName (its ARN)", clusterArn, "the cluster look-up returned no EKS cluster ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>).");
    }
    return { partition: match[1], accountId: match[2] };
}
function locationOfIssuer(issuerUrl) {
    return { partition: (0, issuer_1.partitionOfIssuerHost)((0, issuer_1.issuerOf)(issuerUrl)) };
}
function checkNotAddonName(argument, key) {
    if (key.startsWith(ADDON_NAME_PREFIX)) {
        throw new errors_1.IrsaArgumentError(`${argument} key`, key, `names starting with "${ADDON_NAME_PREFIX}" are kept for the policies of addonPolicies, so that no two policies of the role share a name. Rename the key.`);
    }
}
function pulumiIsOutput(value) {
    return pulumi.Output.isInstance(value);
}
/** Types first (for callers that are not TypeScript), and the arguments that decide which children exist must be plain. */
function checkTypesAndStructure(args) {
    if (typeof args !== "object" || args === null) {
        throw new errors_1.IrsaArgumentError("args", args, "the arguments are a map.");
    }
    for (const key of STRUCTURAL_ARGUMENTS) {
        const value = args[key];
        // Most are not set, and checkType passes a value that is not.
        if ((0, inputs_1.notSet)(value)) {
            continue;
        }
        if (pulumiIsOutput(value) || value instanceof Promise) {
            throw new errors_1.IrsaArgumentError(key, "an Output", `${key} decides which resources the component creates, so it must be known when the program runs: pass a plain value.`);
        }
        (0, inputs_1.checkType)(key, value, ARGUMENT_TYPES[key]);
    }
    for (const key of ["policyArns", "inlinePolicies"]) {
        for (const [entry, value] of Object.entries(args[key] ?? {})) {
            if (!pulumiIsOutput(value) && !(value instanceof Promise)) {
                (0, inputs_1.checkType)(`${key}.${entry}`, value, "string");
            }
        }
    }
}
/** The arguments that make no sense together, or are missing: known from which arguments are set, before any value. */
function checkCombinations(args, scope, mode, identity) {
    const given = (value) => !(0, inputs_1.notSet)(value);
    const candidates = ["oidcProviderArn", "issuerUrl", "clusterName"].filter((key) => given(args[key]));
    // With Pod Identity, clusterName beside oidcProviderArn or issuerUrl names the associations' cluster, not the trust source.
    const sources = identity !== enums_1.WorkloadIdentity.Irsa && candidates.length > 1 ? candidates.filter((key) => key !== "clusterName") : candidates;
    const adoptRole = given(args.roleArn);
    if (sources.length > 1) {
        throw new errors_1.IrsaArgumentError(sources.join("/"), sources.map((key) => `${key} set`).join(", "), "the trust comes from exactly one of oidcProviderArn (an existing provider), issuerUrl or clusterName. Choose a single approach.");
    }
    if (sources.length === 0 && !adoptRole) {
        throw new errors_1.IrsaArgumentError("oidcProviderArn/issuerUrl/clusterName", undefined, "the role must trust a cluster: pass oidcProviderArn (e.g. a ClusterOidcProvider's arn), the cluster's issuerUrl, or its clusterName.");
    }
    if (!Object.values(enums_1.TrustScope).includes(scope)) {
        throw new errors_1.IrsaArgumentError("scope", scope, `scope is one of ${Object.values(enums_1.TrustScope).join(", ")}.`);
    }
    if (!Object.values(enums_1.ServiceAccountMode).includes(mode)) {
        throw new errors_1.IrsaArgumentError("serviceAccountMode", mode, `serviceAccountMode is one of ${Object.values(enums_1.ServiceAccountMode).join(", ")}.`);
    }
    if (args.createOidcProvider && identity === enums_1.WorkloadIdentity.PodIdentity) {
        throw new errors_1.IrsaArgumentError("createOidcProvider", true, "identity PodIdentity trusts pods.eks.amazonaws.com and no OIDC provider, so the provider would be unused. Drop createOidcProvider, or use identity Both.");
    }
    if (args.createOidcProvider && given(args.oidcProviderArn)) {
        throw new errors_1.IrsaArgumentError("createOidcProvider", true, "oidcProviderArn names a provider that exists already; createOidcProvider needs issuerUrl or clusterName instead.");
    }
    if (adoptRole) {
        // createOidcProvider: false asks for nothing, so only a true value conflicts with an existing role.
        const roleArguments = ROLE_ARGUMENTS.filter((key) => (key === "createOidcProvider" ? args.createOidcProvider === true : given(args[key])));
        if (roleArguments.length > 0) {
            throw new errors_1.IrsaArgumentError(roleArguments.join("/"), roleArguments.map((key) => `${key} set`).join(", "), "roleArn adopts an existing role, so role arguments are mutually exclusive with it. Drop them, or drop roleArn to create the role.");
        }
        if (mode === enums_1.ServiceAccountMode.None) {
            throw new errors_1.IrsaArgumentError("serviceAccountMode", mode, "with roleArn and no ServiceAccount there is nothing to create. Use serviceAccountMode Manifest.");
        }
    }
    if (scope === enums_1.TrustScope.Environment && !given(args.namespace)) {
        throw new errors_1.IrsaArgumentError("namespace", undefined, "scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern).");
    }
    if (scope === enums_1.TrustScope.Environment && given(args.namespacePattern)) {
        throw new errors_1.IrsaArgumentError("namespacePattern", args.namespacePattern, "namespacePattern applies to scope Cluster only. Set scope to Cluster, or drop it.");
    }
    if (mode !== enums_1.ServiceAccountMode.None && !given(args.namespace)) {
        throw new errors_1.IrsaArgumentError("namespace", undefined, `a ${mode} ServiceAccount needs its namespace. Pass namespace (or set QOVERY_KUBERNETES_NAMESPACE_NAME), or serviceAccountMode None for the role only.`);
    }
    if (given(args.verifyAccessOptions) && !args.verifyAccess) {
        throw new errors_1.IrsaArgumentError("verifyAccessOptions", "verifyAccessOptions set", "verifyAccessOptions configure the verifyAccess Job. Set verifyAccess: true, or drop them.");
    }
    if (args.verifyAccess && mode === enums_1.ServiceAccountMode.None) {
        throw new errors_1.IrsaArgumentError("verifyAccess", true, "the verification Job runs with the ServiceAccount the component creates, and serviceAccountMode None creates none. Use Manifest or HelmChart.");
    }
    if (mode !== enums_1.ServiceAccountMode.HelmChart && given(args.helmChart)) {
        throw new errors_1.IrsaArgumentError("helmChart", "helmChart set", "helmChart applies to serviceAccountMode HelmChart only. Set serviceAccountMode to HelmChart, or drop it.");
    }
    if (mode === enums_1.ServiceAccountMode.HelmChart) {
        const manifestOnly = ["serviceAccountLabels", "automountServiceAccountToken"].filter((key) => given(args[key]));
        if (manifestOnly.length > 0) {
            throw new errors_1.IrsaArgumentError(manifestOnly.join("/"), manifestOnly.map((key) => `${key} set`).join(", "), "the qovery-sa-helper chart takes only the ServiceAccount's name and annotations. Drop these, or use serviceAccountMode Manifest.");
        }
        if (typeof args.serviceAccountName === "string" && args.serviceAccountName.trim() === "") {
            throw new errors_1.IrsaArgumentError("serviceAccountName", args.serviceAccountName, "the qovery-sa-helper chart renders a ServiceAccount called \"default\" when its name is empty, which would give the role to every pod of the namespace. Pass the ServiceAccount's name.");
        }
    }
    if (mode === enums_1.ServiceAccountMode.None) {
        const serviceAccountArguments = ["serviceAccountLabels", "automountServiceAccountToken", "createNamespace"].filter((key) => given(args[key]));
        if (serviceAccountArguments.length > 0) {
            throw new errors_1.IrsaArgumentError(serviceAccountArguments.join("/"), serviceAccountArguments.map((key) => `${key} set`).join(", "), "serviceAccountMode None creates no ServiceAccount, so these arguments would do nothing. Drop them or use Manifest.");
        }
    }
}
/** Without a namespace, a program run by Qovery uses its environment's, which Qovery passes in QOVERY_KUBERNETES_NAMESPACE_NAME. */
function withQoveryNamespace(args, environment) {
    // The environment is read only when the namespace is missing: each read of process.env is a native call (about 10 µs
    // per role in a 1,000-role preview).
    if (args === null || typeof args !== "object" || !(0, inputs_1.notSet)(args.namespace)) {
        return args;
    }
    const fromQovery = environment[qovery_1.QOVERY_NAMESPACE_VARIABLE];
    return fromQovery ? { ...args, namespace: fromQovery } : args;
}
/** The chart coordinates with the tutorial's defaults. */
function resolveHelmChart(c) {
    for (const key of ["repository", "chart", "version"]) {
        (0, inputs_1.checkType)(`helmChart.${key}`, c[key], "string");
    }
    const resolved = {
        repository: c.repository ?? qovery_1.QOVERY_SA_HELPER_REPOSITORY,
        chart: c.chart ?? qovery_1.QOVERY_SA_HELPER_CHART,
        version: c.version ?? qovery_1.QOVERY_SA_HELPER_VERSION,
    };
    if (!/^(https?|oci):\/\/\S+$/.test(resolved.repository)) {
        throw new errors_1.IrsaArgumentError("helmChart.repository", resolved.repository, "a chart repository is an https://, http:// or oci:// URL.");
    }
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(resolved.chart)) {
        throw new errors_1.IrsaArgumentError("helmChart.chart", resolved.chart, "a chart name has lower-case letters, digits, '.', '_' and '-'.");
    }
    if (!/^\S+$/.test(resolved.version)) {
        throw new errors_1.IrsaArgumentError("helmChart.version", resolved.version, "a chart version is a non-empty version without spaces, such as 0.1.0.");
    }
    return resolved;
}
/**
 * The warnings about namespace patterns that match every namespace: the primary pattern (scope Cluster) and each
 * additional ServiceAccount's. A value that arrived as a secret is named, not shown.
 */
function everyNamespaceWarnings(v, secret) {
    const shown = (value) => (secret ? "(a secret, not shown)" : `"${value}"`);
    const warnings = [];
    if (v.pattern !== undefined && rules.namespacePatternMatchesEverything(v.pattern)) {
        warnings.push(`namespacePattern ${shown(v.pattern)} matches every namespace: anyone who may create a namespace and a ServiceAccount named like this one can assume the role.`);
    }
    v.additionalSubjects.forEach((s, i) => {
        if (rules.namespacePatternMatchesEverything(s.namespace)) {
            warnings.push(`additionalServiceAccounts[${i}].namespace ${shown(s.namespace)} matches every namespace: anyone who may create a namespace and a ServiceAccount ${shown(s.serviceAccountName)} can assume the role.`);
        }
    });
    return warnings;
}
