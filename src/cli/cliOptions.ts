import { InvalidArgumentError } from "commander";
import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../enums";
import { QOVERY_NAMESPACE_VARIABLE } from "../qovery";
import { normalizeIssuerUrl } from "../policy/issuer";
import { partitionOfIssuer, RenderOptions } from "./render";
import type { ServiceAccountRoleArgs, TrustedServiceAccount } from "../components/serviceAccountRole";

/** The Qovery tutorial's example, rendered when the flags say nothing else. */
export const TUTORIAL = {
    issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    namespace: "z9b830e28-ze23976e2",
    serviceAccountName: "my-s3-role",
    policyKey: "s3",
    policy: "AmazonS3ReadOnlyAccess",
    componentName: "s3-reader",
};

/** A flag value that is well-formed but unusable (an unreadable file, a look-up render cannot make offline). */
export class CliInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CliInputError";
    }
}

/** The render flags, as commander hands them over (camel-cased, already converted by the parsers below). */
export interface RenderFlags {
    name?: string;
    accountId?: string;
    oidcProviderArn?: string;
    issuerUrl?: string;
    clusterName?: string;
    createOidcProvider?: boolean;
    serviceAccountName?: string;
    namespace?: string;
    scope?: TrustScope;
    namespacePattern?: string;
    additionalServiceAccount?: TrustedServiceAccount[];
    additionalOidcProviderArn?: string[];
    audience?: string;
    roleArn?: string;
    roleName?: string;
    rolePath?: string;
    roleDescription?: string;
    maxSessionDuration?: number;
    permissionsBoundary?: string;
    tag?: { [key: string]: string };
    policyArn?: { [key: string]: string };
    inlinePolicy?: { [name: string]: string };
    addon?: AddonFlags;
    trustPolicySizeLimit?: number;
    managedPolicyLimit?: number;
    serviceAccountMode?: ServiceAccountMode;
    label?: { [key: string]: string };
    annotation?: { [key: string]: string };
    stsRegionalEndpoints?: boolean;
    tokenExpirationSeconds?: number;
    automountServiceAccountToken?: boolean;
    createNamespace?: boolean;
    helmChartRepository?: string;
    helmChartName?: string;
    helmChartVersion?: string;
    verifyAccess?: boolean;
    verifyAccessProbe?: string;
    identity?: WorkloadIdentity;
    disableSessionTags?: boolean;
    allowUnconditionedPodIdentityTrust?: boolean;
    targetRoleArn?: string;
    sessionPolicy?: string;
}

export interface RenderRequest {
    args: ServiceAccountRoleArgs;
    options: RenderOptions;
    /** The tutorial defaults that filled in for missing flags, as flags (e.g. `--namespace z9b830e28-ze23976e2`). */
    tutorialDefaults: string[];
}

/**
 * Turns render flags into the component's arguments, filling what is missing from the tutorial's example: its issuer
 * when no trust source is given, its namespace and ServiceAccount, and AmazonS3ReadOnlyAccess when no permission is.
 *
 * @param readFile reads an `--inline-policy name=@file` document.
 */
export function renderRequestFromFlags(flags: RenderFlags, readFile: (path: string) => string): RenderRequest {
    const tutorialDefaults: string[] = [];
    const orTutorial = <T>(value: T | undefined, tutorialValue: T, flag: string): T => {
        if (value !== undefined) {
            return value;
        }
        tutorialDefaults.push(`${flag} ${tutorialValue}`);
        return tutorialValue;
    };
    // The trust source, namespace, ServiceAccount and policy are filled in that order, so the defaults list reads like the tutorial.
    const args: ServiceAccountRoleArgs = { serviceAccountName: "" };
    const options: RenderOptions = { accountId: flags.accountId };

    let issuerUrl = flags.issuerUrl;
    if (flags.clusterName !== undefined) {
        if (issuerUrl === undefined) {
            throw new CliInputError(
                `--cluster-name needs --issuer-url too: render is offline and cannot look up the issuer of cluster "${flags.clusterName}" ` +
                    `(aws eks describe-cluster --name ${flags.clusterName} --query cluster.identity.oidc.issuer).`,
            );
        }
        args.clusterName = flags.clusterName;
        options.clusterIssuers = { [flags.clusterName]: normalizeIssuerUrl("--issuer-url", issuerUrl) };
    } else if (flags.oidcProviderArn === undefined && flags.roleArn === undefined) {
        issuerUrl = orTutorial(issuerUrl, TUTORIAL.issuerUrl, "--issuer-url");
        args.issuerUrl = issuerUrl;
    } else {
        args.issuerUrl = issuerUrl;
    }
    args.oidcProviderArn = flags.oidcProviderArn;
    const partition = flags.oidcProviderArn?.split(":")[1] ?? (issuerUrl === undefined ? "aws" : partitionOfIssuer(issuerUrl));

    const scope = flags.scope ?? TrustScope.Environment;
    // Only a cluster-scoped role without a ServiceAccount needs no namespace: a created ServiceAccount always lives in one.
    const namespaceOptional = scope === TrustScope.Cluster && flags.serviceAccountMode === ServiceAccountMode.None;
    // Inside a Qovery job the component takes the environment's namespace from QOVERY_KUBERNETES_NAMESPACE_NAME itself.
    const fromQovery = flags.namespace === undefined && Boolean(process.env[QOVERY_NAMESPACE_VARIABLE]);
    args.namespace = namespaceOptional || fromQovery ? flags.namespace : orTutorial(flags.namespace, TUTORIAL.namespace, "--namespace");
    args.serviceAccountName = orTutorial(flags.serviceAccountName, TUTORIAL.serviceAccountName, "--service-account-name");

    let policyArns = flags.policyArn;
    if (policyArns === undefined && flags.inlinePolicy === undefined && flags.addon === undefined && flags.roleArn === undefined) {
        tutorialDefaults.push(`--policy-arn ${TUTORIAL.policyKey}=${TUTORIAL.policy}`);
        policyArns = { [TUTORIAL.policyKey]: TUTORIAL.policy };
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
        helmChart:
            flags.helmChartRepository ?? flags.helmChartName ?? flags.helmChartVersion
                ? dropUndefined({ repository: flags.helmChartRepository, chart: flags.helmChartName, version: flags.helmChartVersion })
                : undefined,
        verifyAccess: flags.verifyAccess || undefined,
        verifyAccessOptions: flags.verifyAccessProbe === undefined ? undefined : { probeCommand: flags.verifyAccessProbe },
        identity: flags.identity,
        disableSessionTags: flags.disableSessionTags || undefined,
        allowUnconditionedPodIdentityTrust: flags.allowUnconditionedPodIdentityTrust || undefined,
        targetRoleArn: flags.targetRoleArn,
        sessionPolicy: flags.sessionPolicy === undefined ? undefined : readPolicyFlag("--session-policy", flags.sessionPolicy, readFile),
    });
    // The component treats a key set to undefined as given; drop them.
    for (const key of Object.keys(args) as (keyof ServiceAccountRoleArgs)[]) {
        if (args[key] === undefined) {
            delete args[key];
        }
    }
    const usesTutorialServiceAccount = args.serviceAccountName === TUTORIAL.serviceAccountName;
    options.name = flags.name ?? (usesTutorialServiceAccount ? TUTORIAL.componentName : (args.serviceAccountName as string));
    return { args, options, tutorialDefaults };
}

/** A bare AWS managed policy name (`AmazonS3ReadOnlyAccess`) becomes its ARN; anything else is left to the component's check. */
export function expandPolicyArn(value: string, partition = "aws"): string {
    return /^[\w+=,.@-]+$/.test(value) ? `arn:${partition}:iam::aws:policy/${value}` : value;
}

function readPolicyFlag(flag: string, value: string, readFile: (path: string) => string): string {
    if (!value.startsWith("@")) {
        return value;
    }
    try {
        return readFile(value.slice(1));
    } catch (error) {
        throw new CliInputError(`${flag}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
}

function readInlinePolicy(name: string, value: string, readFile: (path: string) => string): string {
    if (!value.startsWith("@")) {
        return value;
    }
    try {
        return readFile(value.slice(1));
    } catch (error) {
        throw new CliInputError(`--inline-policy ${name}: cannot read ${value.slice(1)}: ${(error as Error).message}`);
    }
}

function mapValues(map: { [key: string]: string }, fn: (value: string, key: string) => string): { [key: string]: string } {
    return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value, key)]));
}

// Commander argument parsers: each throws InvalidArgumentError, which commander reports as a one-line usage error.

/**
 * One `key=value` flag, added to the previous ones. Every key is data, `constructor` and `__proto__` included: only the
 * map's own keys count as given, and the map is built with data properties, so that a key is never read from, or
 * written to, an object's prototype (the component then checks each key by the argument's rule).
 */
export function parseKeyValue(value: string, previous: { [key: string]: string } | undefined): { [key: string]: string } {
    const equals = value.indexOf("=");
    if (equals <= 0) {
        throw new InvalidArgumentError(`expected key=value, got "${value}".`);
    }
    const key = value.slice(0, equals);
    if (previous !== undefined && Object.hasOwn(previous, key)) {
        throw new InvalidArgumentError(`"${key}" is given twice.`);
    }
    return withEntry(previous, key, value.slice(equals + 1));
}

/** A copy of `map` with `key` set as an own data property: `{ ...map, [key]: value }` without any prototype lookup. */
function withEntry<V>(map: { [key: string]: V } | undefined, key: string, value: V): { [key: string]: V } {
    return Object.fromEntries([...Object.entries(map ?? {}), [key, value]]);
}

/** The `--addon` flags, gathered: each add-on's settings by key, as `addonPolicies` takes them. */
export type AddonFlags = { [addon: string]: { [field: string]: string | string[] | boolean } };

/**
 * One `--addon <key>[:<field>=<value>]` flag, added to the previous ones: `true`/`false` give a boolean, a field whose
 * name ends in `s` (`hostedZoneArns`, `recordNames`, `kmsKeyArns`) a comma-separated list, any other field a string.
 * The component checks the add-on, the field and the value, as it does for every argument.
 */
export function parseAddon(value: string, previous: AddonFlags | undefined): AddonFlags {
    const match = /^([A-Za-z0-9]+)(?::([A-Za-z0-9]+)=(.*))?$/.exec(value);
    if (match === null) {
        throw new InvalidArgumentError(`expected <add-on>[:<field>=<value>[,<value>...]], e.g. externalDns:hostedZoneArns=arn:aws:route53:::hostedzone/Z1, not "${value}"`);
    }
    const [, addon, field, fieldValue] = match;
    // Own keys only: `constructor` or `toString` is a (wrong) add-on or field name the component names, not a given one.
    let settings = previous !== undefined && Object.hasOwn(previous, addon) ? previous[addon] : {};
    if (field !== undefined) {
        if (Object.hasOwn(settings, field)) {
            throw new InvalidArgumentError(`${addon}:${field} is given twice; list several values in one flag, separated by commas`);
        }
        settings = withEntry(settings, field, fieldValue === "true" || fieldValue === "false" ? fieldValue === "true" : field.endsWith("s") ? fieldValue.split(",") : fieldValue);
    }
    return withEntry(previous, addon, settings);
}

export function parseServiceAccountRef(value: string, previous: TrustedServiceAccount[] | undefined): TrustedServiceAccount[] {
    const parts = value.split(":");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
        throw new InvalidArgumentError(`expected namespace:name (the namespace may be a pattern such as z*), got "${value}".`);
    }
    return [...(previous ?? []), { namespace: parts[0], name: parts[1] }];
}

export function collect(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

export function parseInteger(value: string): number {
    if (!/^-?\d+$/.test(value)) {
        throw new InvalidArgumentError(`expected a whole number, got "${value}".`);
    }
    return Number(value);
}

export function parseBoolean(value: string): boolean {
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") {
        throw new InvalidArgumentError(`expected true or false, got "${value}".`);
    }
    return lower === "true";
}

export function parseScope(value: string): TrustScope {
    return parseEnum(value, TrustScope);
}

export function parseServiceAccountMode(value: string): ServiceAccountMode {
    return parseEnum(value, ServiceAccountMode);
}

/** `irsa`, `pod-identity` or `both`, case-insensitive (the dash is optional). */
export function parseIdentity(value: string): WorkloadIdentity {
    const found = Object.values(WorkloadIdentity).find((v) => v.toLowerCase() === value.replace(/-/g, "").toLowerCase());
    if (found === undefined) {
        throw new InvalidArgumentError(`expected one of irsa, pod-identity, both, got "${value}".`);
    }
    return found;
}

export function parseAccountId(value: string): string {
    if (!/^\d{12}$/.test(value)) {
        throw new InvalidArgumentError(`an AWS account ID has 12 digits, got "${value}".`);
    }
    return value;
}

function parseEnum<T extends string>(value: string, values: { [key: string]: T }): T {
    const found = Object.values(values).find((v) => v.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
        throw new InvalidArgumentError(`expected one of ${Object.values(values).map((v) => v.toLowerCase()).join(", ")}, got "${value}".`);
    }
    return found;
}

function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
