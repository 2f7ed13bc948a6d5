import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ClusterOidcProvider } from "./clusterOidcProvider";
import { ServiceAccountMode, TrustScope } from "../enums";
import { IrsaArgumentError } from "../errors";
import { checked, whenKnown } from "./inputs";
import { checkVerifyAccessArgs, checkVerifyAccessJobName, createVerifyAccessJob, VerifyAccessOptions } from "./verifyAccess";
import { DEFAULT_AUDIENCE, issuerOf, normalizeIssuerUrl, parseOidcProviderArn } from "../policy/issuer";
import {
    QOVERY_CLUSTER_NAMESPACE_PATTERN,
    QOVERY_NAMESPACE_VARIABLE,
    QOVERY_SA_HELPER_CHART,
    QOVERY_SA_HELPER_REPOSITORY,
    QOVERY_SA_HELPER_VERSION,
} from "../qovery";
import * as rules from "../policy/rules";
import {
    createServiceAccountManifest,
    createServiceAccountRelease,
    DERIVED_ANNOTATIONS,
    ServiceAccountChart,
    serviceAccountAnnotations,
} from "./serviceAccount";
import {
    buildTrustPolicy,
    checkTrustPolicySize,
    DEFAULT_TRUST_POLICY_SIZE_LIMIT,
    renderTrustPolicy,
    TrustedProvider,
    TrustedSubject,
} from "../policy/trustPolicy";

/** The default of `namespacePattern`: Qovery's, every namespace whose name starts with `z`. */
export const DEFAULT_NAMESPACE_PATTERN = QOVERY_CLUSTER_NAMESPACE_PATTERN;

/** One more ServiceAccount, or a pattern of them, that may assume the role. */
export interface TrustedServiceAccount {
    /**
     * Its namespace, or a `StringLike` pattern of namespaces where `*` matches any run of characters and `?` exactly one
     * (e.g. `z*`, or `z????????-z????????` for Qovery's environment namespaces only).
     */
    namespace: pulumi.Input<string>;
    /** Its name: a DNS-1123 subdomain, no wildcards. */
    name: pulumi.Input<string>;
}

/**
 * The arguments of a ServiceAccountRole. The trust comes from exactly one of `oidcProviderArn`, `issuerUrl` and
 * `clusterName` (optional with `roleArn`).
 */
export interface ServiceAccountRoleArgs {
    /**
     * The ARN of the cluster's existing IAM OIDC provider: a ClusterOidcProvider's `arn`, `@pulumi/eks`'
     * `cluster.oidcProviderArn`, or one made elsewhere. The issuer, which prefixes the trust policy's condition keys, is
     * derived from it. Mutually exclusive with `issuerUrl` and `clusterName`.
     */
    oidcProviderArn?: pulumi.Input<string>;
    /**
     * The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`). The account's provider for it is
     * looked up with `aws.iam.getOpenIdConnectProvider`, or created when `createOidcProvider` is true. Mutually exclusive
     * with `oidcProviderArn` and `clusterName`.
     */
    issuerUrl?: pulumi.Input<string>;
    /**
     * The name of the EKS cluster whose issuer is looked up with `aws.eks.getCluster`; its provider is then looked up or
     * created as with `issuerUrl`. Mutually exclusive with `oidcProviderArn` and `issuerUrl`.
     */
    clusterName?: pulumi.Input<string>;
    /**
     * Create the IAM OIDC provider for `issuerUrl` or `clusterName` as a child ClusterOidcProvider (its client IDs are the
     * audience; it carries `tags`) instead of looking up the existing one. Defaults to false: an account holds one provider
     * per issuer, so only one stack per cluster may create it (others fail with `EntityAlreadyExists`).
     */
    createOidcProvider?: boolean;

    /** The name of the Kubernetes ServiceAccount that may assume the role (a DNS-1123 subdomain). Required. */
    serviceAccountName: pulumi.Input<string>;
    /**
     * The ServiceAccount's namespace (a DNS-1123 label). Defaults to the environment variable
     * `QOVERY_KUBERNETES_NAMESPACE_NAME` when it is set, as it is in a Qovery lifecycle job. Required (by either) for scope
     * Environment and for a ServiceAccount created by the component; optional for a cluster-scoped role only.
     */
    namespace?: pulumi.Input<string>;
    /**
     * Which namespaces the trust covers. Defaults to Environment: `StringEquals` on exactly `namespace`. Cluster trusts every
     * namespace matching `namespacePattern`, so cloned and preview environments keep the role.
     */
    scope?: TrustScope;
    /**
     * With scope Cluster, the `StringLike` pattern of trusted namespaces. Defaults to `z*` (Qovery's: every namespace whose
     * name starts with `z`); `z????????-z????????` matches only Qovery's `z<8 hex>-z<8 hex>` environment namespaces.
     * When `namespace` is also given, it must match the pattern.
     */
    namespacePattern?: pulumi.Input<string>;
    /** More ServiceAccounts (namespaces may be patterns) that may assume the role. Defaults to none. */
    additionalServiceAccounts?: pulumi.Input<pulumi.Input<TrustedServiceAccount>[]>;
    /**
     * The ARNs of more clusters' OIDC providers that trust the same ServiceAccounts (e.g. blue/green clusters), one trust
     * statement each. Defaults to none.
     */
    additionalOidcProviderArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The token audience the trust policy requires (`<issuer>:aud`). Defaults to `sts.amazonaws.com`, EKS's; any other value
     * is also set as the ServiceAccount's `eks.amazonaws.com/audience` annotation and must be one of the provider's client IDs.
     */
    audience?: pulumi.Input<string>;

    /**
     * Use this existing role instead of creating one: only the ServiceAccount is created, annotated with it. Mutually
     * exclusive with every role argument (`roleName`, `rolePath`, `roleDescription`, `maxSessionDuration`,
     * `permissionsBoundary`, `tags`, `policyArns`, `inlinePolicies`, `managedPolicyLimit`, `createOidcProvider`). A trust
     * source is then optional; when given, `trustPolicy` reports the policy the role needs, without applying it.
     */
    roleArn?: pulumi.Input<string>;
    /**
     * The IAM role's name (1-64 characters of letters, digits and `+=,.@_-`). Defaults to the component's name plus a
     * random 7-character suffix, which leaves 56 characters for the component's name.
     */
    roleName?: pulumi.Input<string>;
    /** The IAM path of the role, `/` or `/<path>/`. Defaults to `/`. */
    rolePath?: pulumi.Input<string>;
    /** The role's description, at most 1000 characters. Defaults to none. */
    roleDescription?: pulumi.Input<string>;
    /** The longest session, in seconds, from 3600 to 43200. Defaults to 3600 (IAM's default). */
    maxSessionDuration?: pulumi.Input<number>;
    /** The ARN of a managed policy that bounds the role's permissions. Defaults to none. */
    permissionsBoundary?: pulumi.Input<string>;
    /** Tags for the role (and for a provider created with `createOidcProvider`): at most 50, no `aws:` keys. Defaults to none. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Managed policies to attach, keyed by a stable name of yours (e.g. `{ s3: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }`).
     * The key names the attachment resource, so adding, removing or reordering entries never replaces the others. At most
     * `managedPolicyLimit`. Defaults to none.
     */
    policyArns?: { [key: string]: pulumi.Input<string> };
    /**
     * Inline policies, keyed by policy name, each a JSON policy document (e.g. `JSON.stringify({...})`). At most 10,240
     * characters in all, white space not counted. Defaults to none.
     */
    inlinePolicies?: { [name: string]: pulumi.Input<string> };
    /**
     * The account's trust policy size quota (`ACLSizePerRole`), in characters without white space. Defaults to 2048, IAM's
     * default; pass the raised value if your account has one.
     */
    trustPolicySizeLimit?: pulumi.Input<number>;
    /** The account's quota of managed policies per role (`PoliciesPerRole`). Defaults to 10, IAM's default (raisable to 20). */
    managedPolicyLimit?: pulumi.Input<number>;

    /**
     * How the ServiceAccount is created. Defaults to Manifest, a `kubernetes.core.v1.ServiceAccount`; HelmChart deploys
     * Qovery's `qovery-sa-helper` chart (see `helmChart`); None creates the role only.
     */
    serviceAccountMode?: ServiceAccountMode;
    /** Labels for the ServiceAccount. Defaults to none. Manifest mode only (the Helm chart takes no labels). */
    serviceAccountLabels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * More annotations for the ServiceAccount, added to the ones the component derives. Defaults to none. May not set
     * `eks.amazonaws.com/role-arn`, `/audience`, `/sts-regional-endpoints` or `/token-expiration`: use the arguments.
     */
    serviceAccountAnnotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Sets `eks.amazonaws.com/sts-regional-endpoints`, which makes the SDKs in the pod call the regional STS endpoint.
     * Defaults to unset (the webhook's own default applies).
     */
    stsRegionalEndpoints?: pulumi.Input<boolean>;
    /**
     * Sets `eks.amazonaws.com/token-expiration`, the projected token's lifetime in seconds, from 600 to 86400. Defaults to
     * unset (the webhook's default, 86400).
     */
    tokenExpirationSeconds?: pulumi.Input<number>;
    /** Sets the ServiceAccount's `automountServiceAccountToken`. Defaults to unset (Kubernetes mounts the token). Manifest mode only. */
    automountServiceAccountToken?: pulumi.Input<boolean>;
    /** Create the namespace too. Defaults to false: the namespace must exist (Qovery creates each environment's). */
    createNamespace?: boolean;
    /**
     * With serviceAccountMode HelmChart, the chart that creates the ServiceAccount. Defaults to the tutorial's: Qovery's
     * `qovery-sa-helper` 0.1.0 from `https://qovery.github.io/create_service_account/`; each coordinate can be overridden.
     */
    helmChart?: pulumi.Input<ServiceAccountChart>;
    /**
     * Prove at deploy time that the ServiceAccount can assume the role: a Kubernetes Job in its namespace, run with it
     * after the ServiceAccount and every policy exist, fails unless the webhook injected the role, `aws sts
     * get-caller-identity` returns this role, and `verifyAccessOptions.probeCommand` (e.g. `aws s3 ls`) passes. Pulumi
     * waits for the Job, so `pulumi up` fails instead of the application. Defaults to false. Needs a ServiceAccount
     * created by the component (Manifest or HelmChart) and a component name of at most 49 characters.
     */
    verifyAccess?: boolean;
    /** The verification Job's image, probe, timeout, retries, TTL and resources. Defaults as in VerifyAccessOptions. Needs verifyAccess. */
    verifyAccessOptions?: pulumi.Input<VerifyAccessOptions>;
}

/**
 * An IAM role that exactly one Kubernetes ServiceAccount (or a chosen set of them) can assume through IAM Roles for
 * Service Accounts, its permissions, and the ServiceAccount annotated with `eks.amazonaws.com/role-arn`: Qovery's AWS
 * IAM roles tutorial as one resource. Every argument is checked before anything is created.
 */
export class ServiceAccountRole extends pulumi.ComponentResource {
    /** The role's ARN. Resolves only once every policy attachment exists, so nothing uses the role before its permissions. */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name. */
    public readonly roleName: pulumi.Output<string>;
    /** The name of the ServiceAccount that assumes the role. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** The ServiceAccount's namespace; unset for a cluster-scoped role without a ServiceAccount. */
    public readonly namespace: pulumi.Output<string | undefined>;
    /** The ARN of the OIDC provider the role trusts; unset for an existing role given without a trust source. */
    public readonly oidcProviderArn: pulumi.Output<string | undefined>;
    /** The issuer without `https://`, the prefix of the trust policy's condition keys; unset when there is no trust source. */
    public readonly issuer: pulumi.Output<string | undefined>;
    /**
     * The trust policy exactly as sent to IAM (minified JSON). With `roleArn`, the policy that role needs, not applied.
     * Unset for an existing role given without a trust source.
     */
    public readonly trustPolicy: pulumi.Output<string | undefined>;
    /** Every annotation of the ServiceAccount, `eks.amazonaws.com/role-arn` included: ready for another chart's values. */
    public readonly serviceAccountAnnotations: pulumi.Output<{ [key: string]: string }>;

    constructor(name: string, args: ServiceAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("eks-irsa:index:ServiceAccountRole", name, args, opts);

        args = withQoveryNamespace(args);
        const scope = args.scope ?? TrustScope.Environment;
        const mode = args.serviceAccountMode ?? ServiceAccountMode.Manifest;
        const adoptRole = args.roleArn !== undefined;
        let v: ValidatedArgs;
        let trust: ResolvedTrust | undefined;
        let trustPolicy: pulumi.Input<string> | undefined;
        try {
            checkCombinations(args, scope, mode);
            v = validateValues(name, args, scope);
            trust = this.resolveTrust(name, args, v);
            trustPolicy =
                trust &&
                whenKnown({ providers: trust.providers, subjects: v.subjects, audience: v.audience, limit: v.trustPolicySizeLimit, checks: v.pendingChecks }, (t) => {
                    const policy = renderTrustPolicy(buildTrustPolicy(t.providers, t.subjects, t.audience));
                    checkTrustPolicySize(policy, t.limit);
                    return policy;
                });
        } catch (error) {
            throw error instanceof IrsaArgumentError ? new pulumi.ResourceError(`ServiceAccountRole "${name}": ${error.message}`, this) : error;
        }

        let roleArn: pulumi.Output<string>;
        let roleName: pulumi.Output<string>;
        let permissions: pulumi.CustomResource[] = [];
        if (adoptRole) {
            roleArn = pulumi.output(v.roleArn!);
            roleName = roleArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));
        } else {
            // The role takes the component's name so that its IAM auto-name reads `<name>-<suffix>`.
            const role = new aws.iam.Role(
                name,
                {
                    name: v.roleName,
                    path: v.rolePath,
                    description: v.roleDescription,
                    maxSessionDuration: v.maxSessionDuration,
                    permissionsBoundary: v.permissionsBoundary,
                    tags: v.tags,
                    assumeRolePolicy: trustPolicy!,
                },
                { parent: this },
            );
            const attachments = Object.keys(args.policyArns ?? {})
                .sort()
                .map((key) => new aws.iam.RolePolicyAttachment(`${name}-${key}`, { role: role.name, policyArn: v.policyArns[key] }, { parent: this }));
            const inlinePolicies = Object.keys(args.inlinePolicies ?? {})
                .sort()
                .map((key) => new aws.iam.RolePolicy(`${name}-${key}`, { role: role.name, name: key, policy: v.inlinePolicies[key] }, { parent: this }));
            permissions = [...attachments, ...inlinePolicies];
            roleArn = pulumi.all([role.arn, ...permissions.map((p) => p.id)]).apply(([arn]) => arn);
            roleName = role.name;
        }

        const annotations = pulumi
            .output({
                roleArn,
                audience: v.audience,
                stsRegionalEndpoints: v.stsRegionalEndpoints,
                tokenExpirationSeconds: v.tokenExpirationSeconds,
                extra: v.serviceAccountAnnotations,
            })
            .apply((values) => serviceAccountAnnotations(values));

        const serviceAccountArgs = {
            serviceAccountName: v.serviceAccountName,
            namespace: v.namespace!,
            createNamespace: args.createNamespace ?? false,
            annotations,
            dependsOn: permissions,
        };
        const serviceAccount =
            mode === ServiceAccountMode.HelmChart
                ? createServiceAccountRelease(name, { ...serviceAccountArgs, chart: v.helmChart }, this)
                : mode === ServiceAccountMode.Manifest
                  ? createServiceAccountManifest(
                        name,
                        { ...serviceAccountArgs, labels: v.serviceAccountLabels, automountServiceAccountToken: args.automountServiceAccountToken },
                        this,
                    )
                  : undefined;

        if (args.verifyAccess && serviceAccount !== undefined) {
            createVerifyAccessJob(
                name,
                { namespace: v.namespace!, serviceAccountName: v.serviceAccountName, roleName, roleArn, options: v.verifyAccessOptions },
                this,
                [serviceAccount, ...permissions],
            );
        }

        this.roleArn = roleArn;
        this.roleName = roleName;
        this.serviceAccountName = pulumi.output(v.serviceAccountName);
        this.namespace = pulumi.output(v.namespace);
        this.oidcProviderArn = pulumi.output(trust?.primaryArn);
        this.issuer = pulumi.output(trust?.primaryIssuer);
        this.trustPolicy = pulumi.output(trustPolicy);
        this.serviceAccountAnnotations = annotations;
        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            serviceAccountName: this.serviceAccountName,
            namespace: this.namespace,
            oidcProviderArn: this.oidcProviderArn,
            issuer: this.issuer,
            trustPolicy: this.trustPolicy,
            serviceAccountAnnotations: this.serviceAccountAnnotations,
        });
    }

    /** Finds (or creates) the provider the trust comes from, and the issuer its condition keys start with. */
    private resolveTrust(name: string, args: ServiceAccountRoleArgs, v: ValidatedArgs): ResolvedTrust | undefined {
        let primaryArn: pulumi.Input<string>;
        let primaryIssuer: pulumi.Input<string>;
        if (v.oidcProviderArn !== undefined) {
            primaryArn = v.oidcProviderArn;
            primaryIssuer = whenKnown(v.oidcProviderArn, (arn) => parseOidcProviderArn("oidcProviderArn", arn).issuer);
        } else if (v.issuerUrl !== undefined || args.clusterName !== undefined) {
            const issuerUrl =
                v.issuerUrl ??
                aws.eks
                    .getClusterOutput({ name: args.clusterName! }, { parent: this })
                    .identities.apply((identities) => normalizeIssuerUrl("clusterName (its issuer)", identities[0].oidcs[0].issuer));
            primaryArn = args.createOidcProvider
                ? new ClusterOidcProvider(`${name}-oidc`, { issuerUrl, clientIds: [v.audience], tags: v.tags }, { parent: this }).arn
                : aws.iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent: this }).arn;
            primaryIssuer = whenKnown(issuerUrl, issuerOf);
        } else {
            return undefined;
        }
        const additional = whenKnown(v.additionalOidcProviderArns ?? [], (arns) =>
            arns.map((arn, i): TrustedProvider => ({ arn, issuer: parseOidcProviderArn(`additionalOidcProviderArns[${i}]`, arn).issuer })),
        );
        const providers = whenKnown({ primaryArn, primaryIssuer, additional }, (p): TrustedProvider[] => [
            { arn: p.primaryArn, issuer: p.primaryIssuer },
            ...p.additional,
        ]);
        return { primaryArn, primaryIssuer, providers };
    }
}

interface ResolvedTrust {
    primaryArn: pulumi.Input<string>;
    primaryIssuer: pulumi.Input<string>;
    providers: pulumi.Input<TrustedProvider[]>;
}

/** The arguments after their checks: plain values are checked already, Outputs carry their check with them. */
type ValidatedArgs = Pick<
    ServiceAccountRoleArgs,
    | "oidcProviderArn"
    | "issuerUrl"
    | "namespace"
    | "additionalOidcProviderArns"
    | "roleArn"
    | "roleName"
    | "rolePath"
    | "roleDescription"
    | "maxSessionDuration"
    | "permissionsBoundary"
    | "tags"
    | "serviceAccountLabels"
    | "serviceAccountAnnotations"
    | "stsRegionalEndpoints"
    | "tokenExpirationSeconds"
    | "verifyAccessOptions"
> &
    Required<Pick<ServiceAccountRoleArgs, "serviceAccountName" | "audience" | "policyArns" | "inlinePolicies" | "trustPolicySizeLimit">> & {
        /** Who may assume the role: the primary subject, then additionalServiceAccounts. */
        subjects: pulumi.Input<TrustedSubject[]>;
        helmChart: pulumi.Input<ResolvedChart>;
        /** Checks of values that arrive later; the trust policy waits for them so that a failure stops the deployment. */
        pendingChecks: pulumi.Input<void>[];
    };

const ROLE_ARGUMENTS = [
    "roleName",
    "rolePath",
    "roleDescription",
    "maxSessionDuration",
    "permissionsBoundary",
    "tags",
    "policyArns",
    "inlinePolicies",
    "managedPolicyLimit",
    "createOidcProvider",
] as const;

/** The arguments that make no sense together, or are missing: known from which arguments are set, before any value. */
function checkCombinations(args: ServiceAccountRoleArgs, scope: TrustScope, mode: ServiceAccountMode): void {
    const given = (value: unknown) => value !== undefined;
    const sources = (["oidcProviderArn", "issuerUrl", "clusterName"] as const).filter((key) => given(args[key]));
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

/** Checks every value now when it is plain, or when it arrives when it is an Output. */
function validateValues(name: string, args: ServiceAccountRoleArgs, scope: TrustScope): ValidatedArgs {
    if (args.roleArn === undefined && args.roleName === undefined) {
        rules.checkAutoNamedRole(name);
    }
    if (args.verifyAccess) {
        checkVerifyAccessJobName(name);
    }
    const serviceAccountName = checked(args.serviceAccountName, (value) => rules.checkServiceAccountName("serviceAccountName", value))!;
    const namespace = checked(args.namespace, (value) => rules.checkNamespace("namespace", value));
    const audience = checked(args.audience ?? DEFAULT_AUDIENCE, (value) => rules.checkAudience("audience", value))!;
    const primaryNamespace =
        scope === TrustScope.Cluster
            ? checked(args.namespacePattern ?? DEFAULT_NAMESPACE_PATTERN, (value) => rules.checkNamespacePattern("namespacePattern", value))!
            : namespace!;
    const additional = whenKnown(args.additionalServiceAccounts ?? [], (accounts) =>
        accounts.map((account, i): TrustedSubject => {
            rules.checkNamespacePattern(`additionalServiceAccounts[${i}].namespace`, account.namespace);
            rules.checkServiceAccountName(`additionalServiceAccounts[${i}].name`, account.name);
            return { namespace: account.namespace, serviceAccountName: account.name };
        }),
    );
    const ownNamespace = scope === TrustScope.Cluster ? namespace : undefined;
    const subjects = whenKnown({ primaryNamespace, serviceAccountName, additional, ownNamespace }, (s): TrustedSubject[] => {
        // A ServiceAccount outside the pattern could never assume its own role.
        if (s.ownNamespace !== undefined && !rules.matchesStringLike(s.primaryNamespace, s.ownNamespace)) {
            throw new IrsaArgumentError(
                "namespace",
                s.ownNamespace,
                `with scope Cluster the ServiceAccount's own namespace must match namespacePattern "${s.primaryNamespace}", or its pods could not assume the role.`,
            );
        }
        return [{ namespace: s.primaryNamespace, serviceAccountName: s.serviceAccountName }, ...s.additional];
    });

    const policyArns: { [key: string]: pulumi.Input<string> } = {};
    for (const [key, arn] of Object.entries(args.policyArns ?? {})) {
        rules.checkResourceKey("policyArns", key);
        policyArns[key] = checked(arn, (value) => rules.checkManagedPolicyArn(`policyArns.${key}`, value))!;
    }
    const managedPolicyLimit = checked(args.managedPolicyLimit ?? rules.DEFAULT_MANAGED_POLICY_LIMIT, (value) => rules.checkPositiveInteger("managedPolicyLimit", value))!;
    const policyCountCheck = whenKnown(managedPolicyLimit, (limit) => rules.checkManagedPolicyCount("policyArns", Object.keys(policyArns).length, limit));

    const inlinePolicies: { [name: string]: pulumi.Input<string> } = {};
    for (const [policyName, document] of Object.entries(args.inlinePolicies ?? {})) {
        rules.checkResourceKey("inlinePolicies", policyName);
        inlinePolicies[policyName] = checked(document, (value) => rules.checkInlinePolicy("inlinePolicies", policyName, value))!;
    }
    const inlineTotalCheck = whenKnown(Object.values(inlinePolicies), (documents) => rules.checkInlinePoliciesTotal("inlinePolicies", documents));

    return {
        oidcProviderArn: checked(args.oidcProviderArn, (value) => parseOidcProviderArn("oidcProviderArn", value)),
        issuerUrl: args.issuerUrl === undefined ? undefined : whenKnown(args.issuerUrl, (value) => normalizeIssuerUrl("issuerUrl", value)),
        serviceAccountName,
        namespace,
        subjects,
        additionalOidcProviderArns: checked(args.additionalOidcProviderArns, (arns) =>
            arns.forEach((arn, i) => parseOidcProviderArn(`additionalOidcProviderArns[${i}]`, arn)),
        ),
        audience,
        roleArn: checked(args.roleArn, (value) => rules.checkRoleArn("roleArn", value)),
        roleName: checked(args.roleName, (value) => rules.checkRoleName("roleName", value)),
        rolePath: checked(args.rolePath, (value) => rules.checkRolePath("rolePath", value)),
        roleDescription: checked(args.roleDescription, (value) => rules.checkRoleDescription("roleDescription", value)),
        maxSessionDuration: checked(args.maxSessionDuration, (value) => rules.checkMaxSessionDuration("maxSessionDuration", value)),
        permissionsBoundary: checked(args.permissionsBoundary, (value) => rules.checkManagedPolicyArn("permissionsBoundary", value)),
        tags: checked(args.tags, (value) => rules.checkTags("tags", value)),
        policyArns,
        inlinePolicies,
        trustPolicySizeLimit: checked(args.trustPolicySizeLimit ?? DEFAULT_TRUST_POLICY_SIZE_LIMIT, (value) =>
            rules.checkPositiveInteger("trustPolicySizeLimit", value),
        )!,
        serviceAccountLabels: checked(args.serviceAccountLabels, (value) => rules.checkLabels("serviceAccountLabels", value)),
        serviceAccountAnnotations: checked(args.serviceAccountAnnotations, (value) =>
            rules.checkAnnotations("serviceAccountAnnotations", value, DERIVED_ANNOTATIONS),
        ),
        stsRegionalEndpoints: args.stsRegionalEndpoints,
        tokenExpirationSeconds: checked(args.tokenExpirationSeconds, (value) => rules.checkTokenExpiration("tokenExpirationSeconds", value)),
        helmChart: validateHelmChart(args.helmChart),
        verifyAccessOptions: checked(args.verifyAccessOptions, (options) => checkVerifyAccessArgs(options)),
        pendingChecks: [policyCountCheck, inlineTotalCheck],
    };
}

/** Without a namespace, a program run by Qovery uses its environment's, which Qovery passes in QOVERY_KUBERNETES_NAMESPACE_NAME. */
function withQoveryNamespace(args: ServiceAccountRoleArgs): ServiceAccountRoleArgs {
    const fromQovery = process.env[QOVERY_NAMESPACE_VARIABLE];
    return args.namespace === undefined && fromQovery ? { ...args, namespace: fromQovery } : args;
}

/** The chart coordinates with the tutorial's defaults, checked now or when they arrive. */
function validateHelmChart(chart: pulumi.Input<ServiceAccountChart> | undefined): pulumi.Input<ResolvedChart> {
    return whenKnown(chart ?? {}, (c): ResolvedChart => {
        const resolved = {
            repository: c.repository ?? QOVERY_SA_HELPER_REPOSITORY,
            chart: c.chart ?? QOVERY_SA_HELPER_CHART,
            version: c.version ?? QOVERY_SA_HELPER_VERSION,
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
    });
}

interface ResolvedChart {
    repository: string;
    chart: string;
    version: string;
}
