"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CliInputError = exports.TUTORIAL = void 0;
exports.renderRequestFromFlags = renderRequestFromFlags;
exports.expandPolicyArn = expandPolicyArn;
exports.parseKeyValue = parseKeyValue;
exports.parseAddon = parseAddon;
exports.parseServiceAccountRef = parseServiceAccountRef;
exports.collect = collect;
exports.parseInteger = parseInteger;
exports.parseBoolean = parseBoolean;
exports.parseScope = parseScope;
exports.parseServiceAccountMode = parseServiceAccountMode;
exports.parseIdentity = parseIdentity;
exports.parseAccountId = parseAccountId;
const commander_1 = require("commander");
const enums_1 = require("../enums");
const qovery_1 = require("../qovery");
const issuer_1 = require("../policy/issuer");
const render_1 = require("./render");
/** The Qovery tutorial's example, rendered when the flags say nothing else. */
exports.TUTORIAL = {
    issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    namespace: "z9b830e28-ze23976e2",
    serviceAccountName: "my-s3-role",
    policyKey: "s3",
    policy: "AmazonS3ReadOnlyAccess",
    componentName: "s3-reader",
};
/** A flag value that is well-formed but unusable (an unreadable file, a look-up render cannot make offline). */
class CliInputError extends Error {
    constructor(message) {
        super(message);
        this.name = "CliInputError";
    }
}
exports.CliInputError = CliInputError;
/**
 * Turns render flags into the component's arguments, filling what is missing from the tutorial's example: its issuer
 * when no trust source is given, its namespace and ServiceAccount, and AmazonS3ReadOnlyAccess when no permission is.
 *
 * @param readFile reads an `--inline-policy name=@file` document.
 */
function renderRequestFromFlags(flags, readFile) {
    const tutorialDefaults = [];
    const orTutorial = (value, tutorialValue, flag) => {
        if (value !== undefined) {
            return value;
        }
        tutorialDefaults.push(`${flag} ${tutorialValue}`);
        return tutorialValue;
    };
    // The trust source, namespace, ServiceAccount and policy are filled in that order, so the defaults list reads like the tutorial.
    const args = { serviceAccountName: "" };
    const options = { accountId: flags.accountId };
    let issuerUrl = flags.issuerUrl;
    if (flags.clusterName !== undefined) {
        if (issuerUrl === undefined) {
            throw new CliInputError(`--cluster-name needs --issuer-url too: render is offline and cannot look up the issuer of cluster "${flags.clusterName}" ` +
                `(aws eks describe-cluster --name ${flags.clusterName} --query cluster.identity.oidc.issuer).`);
        }
        args.clusterName = flags.clusterName;
        options.clusterIssuers = { [flags.clusterName]: (0, issuer_1.normalizeIssuerUrl)("--issuer-url", issuerUrl) };
    }
    else if (flags.oidcProviderArn === undefined && flags.roleArn === undefined) {
        issuerUrl = orTutorial(issuerUrl, exports.TUTORIAL.issuerUrl, "--issuer-url");
        args.issuerUrl = issuerUrl;
    }
    else {
        args.issuerUrl = issuerUrl;
    }
    args.oidcProviderArn = flags.oidcProviderArn;
    const partition = flags.oidcProviderArn?.split(":")[1] ?? (issuerUrl === undefined ? "aws" : (0, render_1.partitionOfIssuer)(issuerUrl));
    const scope = flags.scope ?? enums_1.TrustScope.Environment;
    // Only a cluster-scoped role without a ServiceAccount needs no namespace: a created ServiceAccount always lives in one.
    const namespaceOptional = scope === enums_1.TrustScope.Cluster && flags.serviceAccountMode === enums_1.ServiceAccountMode.None;
    // Inside a Qovery job the component takes the environment's namespace from QOVERY_KUBERNETES_NAMESPACE_NAME itself.
    const fromQovery = flags.namespace === undefined && Boolean(process.env[qovery_1.QOVERY_NAMESPACE_VARIABLE]);
    args.namespace = namespaceOptional || fromQovery ? flags.namespace : orTutorial(flags.namespace, exports.TUTORIAL.namespace, "--namespace");
    args.serviceAccountName = orTutorial(flags.serviceAccountName, exports.TUTORIAL.serviceAccountName, "--service-account-name");
    let policyArns = flags.policyArn;
    if (policyArns === undefined && flags.inlinePolicy === undefined && flags.addon === undefined && flags.roleArn === undefined) {
        tutorialDefaults.push(`--policy-arn ${exports.TUTORIAL.policyKey}=${exports.TUTORIAL.policy}`);
        policyArns = { [exports.TUTORIAL.policyKey]: exports.TUTORIAL.policy };
    }
    Object.assign(args, {
        createOidcProvider: flags.createOidcProvider || undefined,
        scope: flags.scope,
        namespacePattern: flags.namespacePattern,
        additionalServiceAccounts: flags.additionalServiceAccount,
        additionalOidcProviderArns: flags.additionalOidcProviderArn,
        audience: flags.audience,
        roleArn: flags.roleArn,
        roleName: flags.roleName,
        rolePath: flags.rolePath,
        roleDescription: flags.roleDescription,
        maxSessionDuration: flags.maxSessionDuration,
        permissionsBoundary: flags.permissionsBoundary,
        tags: flags.tag,
        policyArns: policyArns && mapValues(policyArns, (arn) => expandPolicyArn(arn, partition)),
        inlinePolicies: flags.inlinePolicy && mapValues(flags.inlinePolicy, (value, name) => readInlinePolicy(name, value, readFile)),
        addonPolicies: flags.addon,
        trustPolicySizeLimit: flags.trustPolicySizeLimit,
        managedPolicyLimit: flags.managedPolicyLimit,
        serviceAccountMode: flags.serviceAccountMode,
        serviceAccountLabels: flags.label,
        serviceAccountAnnotations: flags.annotation,
        stsRegionalEndpoints: flags.stsRegionalEndpoints,
        tokenExpirationSeconds: flags.tokenExpirationSeconds,
        automountServiceAccountToken: flags.automountServiceAccountToken,
        createNamespace: flags.createNamespace || undefined,
        helmChart: flags.helmChartRepository ?? flags.helmChartName ?? flags.helmChartVersion
            ? dropUndefined({ repository: flags.helmChartRepository, chart: flags.helmChartName, version: flags.helmChartVersion })
            : undefined,
        verifyAccess: flags.verifyAccess || undefined,
        verifyAccessOptions: flags.verifyAccessProbe === undefined ? undefined : { probeCommand: flags.verifyAccessProbe },
        identity: flags.identity,
        disableSessionTags: flags.disableSessionTags || undefined,
        allowUnconditionedPodIdentityTrust: flags.allowUnconditionedPodIdentityTrust || undefined,
        targetRoleArn: flags.targetRoleArn,
    });
    // The component treats a key set to undefined as given; drop them.
    for (const key of Object.keys(args)) {
        if (args[key] === undefined) {
            delete args[key];
        }
    }
    const usesTutorialServiceAccount = args.serviceAccountName === exports.TUTORIAL.serviceAccountName;
    options.name = flags.name ?? (usesTutorialServiceAccount ? exports.TUTORIAL.componentName : args.serviceAccountName);
    return { args, options, tutorialDefaults };
}
/** A bare AWS managed policy name (`AmazonS3ReadOnlyAccess`) becomes its ARN; anything else is left to the component's check. */
function expandPolicyArn(value, partition = "aws") {
    return /^[\w+=,.@-]+$/.test(value) ? `arn:${partition}:iam::aws:policy/${value}` : value;
}
function readInlinePolicy(name, value, readFile) {
    if (!value.startsWith("@")) {
        return value;
    }
    try {
        return readFile(value.slice(1));
    }
    catch (error) {
        throw new CliInputError(`--inline-policy ${name}: cannot read ${value.slice(1)}: ${error.message}`);
    }
}
function mapValues(map, fn) {
    return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value, key)]));
}
// Commander argument parsers: each throws InvalidArgumentError, which commander reports as a one-line usage error.
function parseKeyValue(value, previous) {
    const equals = value.indexOf("=");
    if (equals <= 0) {
        throw new commander_1.InvalidArgumentError(`expected key=value, got "${value}".`);
    }
    const key = value.slice(0, equals);
    if (previous !== undefined && key in previous) {
        throw new commander_1.InvalidArgumentError(`"${key}" is given twice.`);
    }
    return { ...previous, [key]: value.slice(equals + 1) };
}
/**
 * One `--addon <key>[:<field>=<value>]` flag, added to the previous ones: `true`/`false` give a boolean, a field whose
 * name ends in `s` (`hostedZoneArns`, `recordNames`, `kmsKeyArns`) a comma-separated list, any other field a string.
 * The component checks the add-on, the field and the value, as it does for every argument.
 */
function parseAddon(value, previous) {
    const match = /^([A-Za-z0-9]+)(?::([A-Za-z0-9]+)=(.*))?$/.exec(value);
    if (match === null) {
        throw new commander_1.InvalidArgumentError(`expected <add-on>[:<field>=<value>[,<value>...]], e.g. externalDns:hostedZoneArns=arn:aws:route53:::hostedzone/Z1, not "${value}"`);
    }
    const [, addon, field, fieldValue] = match;
    const settings = { ...(previous?.[addon] ?? {}) };
    if (field !== undefined) {
        if (field in settings) {
            throw new commander_1.InvalidArgumentError(`${addon}:${field} is given twice; list several values in one flag, separated by commas`);
        }
        settings[field] = fieldValue === "true" || fieldValue === "false" ? fieldValue === "true" : field.endsWith("s") ? fieldValue.split(",") : fieldValue;
    }
    return { ...(previous ?? {}), [addon]: settings };
}
function parseServiceAccountRef(value, previous) {
    const parts = value.split(":");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
        throw new commander_1.InvalidArgumentError(`expected namespace:name (the namespace may be a pattern such as z*), got "${value}".`);
    }
    return [...(previous ?? []), { namespace: parts[0], name: parts[1] }];
}
function collect(value, previous) {
    return [...(previous ?? []), value];
}
function parseInteger(value) {
    if (!/^-?\d+$/.test(value)) {
        throw new commander_1.InvalidArgumentError(`expected a whole number, got "${value}".`);
    }
    return Number(value);
}
function parseBoolean(value) {
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") {
        throw new commander_1.InvalidArgumentError(`expected true or false, got "${value}".`);
    }
    return lower === "true";
}
function parseScope(value) {
    return parseEnum(value, enums_1.TrustScope);
}
function parseServiceAccountMode(value) {
    return parseEnum(value, enums_1.ServiceAccountMode);
}
/** `irsa`, `pod-identity` or `both`, case-insensitive (the dash is optional). */
function parseIdentity(value) {
    const found = Object.values(enums_1.WorkloadIdentity).find((v) => v.toLowerCase() === value.replace(/-/g, "").toLowerCase());
    if (found === undefined) {
        throw new commander_1.InvalidArgumentError(`expected one of irsa, pod-identity, both, got "${value}".`);
    }
    return found;
}
function parseAccountId(value) {
    if (!/^\d{12}$/.test(value)) {
        throw new commander_1.InvalidArgumentError(`an AWS account ID has 12 digits, got "${value}".`);
    }
    return value;
}
function parseEnum(value, values) {
    const found = Object.values(values).find((v) => v.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
        throw new commander_1.InvalidArgumentError(`expected one of ${Object.values(values).map((v) => v.toLowerCase()).join(", ")}, got "${value}".`);
    }
    return found;
}
function dropUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
