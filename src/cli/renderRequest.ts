import { ServiceAccountMode, TrustScope } from "../enums";
import { QOVERY_NAMESPACE_VARIABLE } from "../qovery";
import { normalizeIssuerUrl } from "../policy/issuer";
import { partitionOfIssuer, RenderOptions } from "./render";
import type { ServiceAccountRoleArgs } from "../components/serviceAccountRoleArgs";
import { CliInputError, RenderFlags, TUTORIAL } from "./cliOptions";

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
    const tutorial = tutorialFiller();
    // The trust source, namespace, ServiceAccount and policy are filled in that order, so the defaults list reads like the tutorial.
    const args: ServiceAccountRoleArgs = { serviceAccountName: "" };
    const options: RenderOptions = { accountId: flags.accountId };
    const partition = setTrustSource(args, options, flags, tutorial);
    setServiceAccount(args, flags, tutorial);
    const policyArns = policyArnsOrTutorial(flags, tutorial);
    Object.assign(args, argumentsFromFlags(flags, policyArns, partition, readFile));
    dropUndefinedArguments(args);
    options.name = componentName(flags, args);
    return { args, options, tutorialDefaults: tutorial.defaults };
}

/** Fills a missing flag with the tutorial's value, and records the flag it stands for. */
interface TutorialFiller {
    /** The flags filled in so far, e.g. `--namespace z9b830e28-ze23976e2`. */
    defaults: string[];
    or<T>(value: T | undefined, tutorialValue: T, flag: string): T;
}

function tutorialFiller(): TutorialFiller {
    const defaults: string[] = [];
    return {
        defaults,
        or<T>(value: T | undefined, tutorialValue: T, flag: string): T {
            if (value !== undefined) {
                return value;
            }
            defaults.push(`${flag} ${tutorialValue}`);
            return tutorialValue;
        },
    };
}

/**
 * The trust source: a cluster name with the issuer render cannot look up offline, an OIDC provider ARN, an issuer URL,
 * or the tutorial's issuer when none (nor an adopted role) is given. Returns the partition of the ARNs it implies.
 */
function setTrustSource(args: ServiceAccountRoleArgs, options: RenderOptions, flags: RenderFlags, tutorial: TutorialFiller): string {
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
        issuerUrl = tutorial.or(issuerUrl, TUTORIAL.issuerUrl, "--issuer-url");
        args.issuerUrl = issuerUrl;
    } else {
        args.issuerUrl = issuerUrl;
    }
    args.oidcProviderArn = flags.oidcProviderArn;
    return flags.oidcProviderArn?.split(":")[1] ?? (issuerUrl === undefined ? "aws" : partitionOfIssuer(issuerUrl));
}

/** The ServiceAccount's namespace and name, the tutorial's where the role needs one and none is given. */
function setServiceAccount(args: ServiceAccountRoleArgs, flags: RenderFlags, tutorial: TutorialFiller): void {
    const scope = flags.scope ?? TrustScope.Environment;
    // Only a cluster-scoped role without a ServiceAccount needs no namespace: a created ServiceAccount always lives in one.
    const namespaceOptional = scope === TrustScope.Cluster && flags.serviceAccountMode === ServiceAccountMode.None;
    // Inside a Qovery job the component takes the environment's namespace from QOVERY_KUBERNETES_NAMESPACE_NAME itself.
    const fromQovery = flags.namespace === undefined && Boolean(process.env[QOVERY_NAMESPACE_VARIABLE]);
    args.namespace = namespaceOptional || fromQovery ? flags.namespace : tutorial.or(flags.namespace, TUTORIAL.namespace, "--namespace");
    args.serviceAccountName = tutorial.or(flags.serviceAccountName, TUTORIAL.serviceAccountName, "--service-account-name");
}

/** The managed policies: the tutorial's AmazonS3ReadOnlyAccess when no permission is given and no role is adopted. */
function policyArnsOrTutorial(flags: RenderFlags, tutorial: TutorialFiller): { [key: string]: string } | undefined {
    if (flags.policyArn === undefined && flags.inlinePolicy === undefined && flags.addon === undefined && flags.roleArn === undefined) {
        tutorial.defaults.push(`--policy-arn ${TUTORIAL.policyKey}=${TUTORIAL.policy}`);
        return { [TUTORIAL.policyKey]: TUTORIAL.policy };
    }
    return flags.policyArn;
}

/** Every other argument, flag by flag, with policy names expanded to ARNs and `@file` policies read. */
function argumentsFromFlags(flags: RenderFlags, policyArns: { [key: string]: string } | undefined, partition: string, readFile: (path: string) => string): Partial<ServiceAccountRoleArgs> {
    return {
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
            // Any chart flag given, even empty, is passed on, so the component refuses an empty one by name.
            [flags.helmChartRepository, flags.helmChartName, flags.helmChartVersion].some((flag) => flag !== undefined)
                ? dropUndefined({ repository: flags.helmChartRepository, chart: flags.helmChartName, version: flags.helmChartVersion })
                : undefined,
        verifyAccess: flags.verifyAccess || undefined,
        verifyAccessOptions: flags.verifyAccessProbe === undefined ? undefined : { probeCommand: flags.verifyAccessProbe },
        identity: flags.identity,
        disableSessionTags: flags.disableSessionTags || undefined,
        allowUnconditionedPodIdentityTrust: flags.allowUnconditionedPodIdentityTrust || undefined,
        targetRoleArn: flags.targetRoleArn,
        sessionPolicy: flags.sessionPolicy === undefined ? undefined : readPolicyFlag("--session-policy", flags.sessionPolicy, readFile),
    };
}

/** The component treats a key set to undefined as given; drop them. */
function dropUndefinedArguments(args: ServiceAccountRoleArgs): void {
    for (const key of Object.keys(args) as (keyof ServiceAccountRoleArgs)[]) {
        if (args[key] === undefined) {
            delete args[key];
        }
    }
}

/** --name, else the tutorial's component name for the tutorial's ServiceAccount, else the ServiceAccount's name. */
function componentName(flags: RenderFlags, args: ServiceAccountRoleArgs): string {
    const usesTutorialServiceAccount = args.serviceAccountName === TUTORIAL.serviceAccountName;
    return flags.name ?? (usesTutorialServiceAccount ? TUTORIAL.componentName : (args.serviceAccountName as string));
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

function dropUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
