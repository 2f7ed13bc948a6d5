import * as crypto from "crypto";
import type * as Pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { describeTrust, TrustWarning } from "../policy/explain";
import { issuerOf, normalizeIssuerUrl, oidcProviderArn } from "../policy/issuer";
import type { planServiceAccountRole, ServiceAccountRole, ServiceAccountRoleArgs } from "../components/serviceAccountRole";
import type { AddonPolicyPlan, PlannedAddonPolicy } from "../addons/addonPolicies";
import type { AddonWildcard } from "../addons/addonPolicy";
import { QOVERY_NAMESPACE_VARIABLE } from "../qovery";
import { DEFAULT_TRUST_POLICY_SIZE_LIMIT, policySize, TrustPolicyDocument } from "../policy/trustPolicy";
import { eksClusterArn } from "../policy/podIdentityTrust";

/** The account that stands for the caller's in rendered ARNs unless another is given. */
export const PLACEHOLDER_ACCOUNT_ID = "123456789012";

export const ROLE_TYPE = "aws:iam/role:Role";
export const POLICY_ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
export const INLINE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy";
export const MANAGED_POLICY_TYPE = "aws:iam/policy:Policy";
export const OIDC_PROVIDER_TYPE = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
export const SERVICE_ACCOUNT_TYPE = "kubernetes:core/v1:ServiceAccount";
export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
export const JOB_TYPE = "kubernetes:batch/v1:Job";
export const POD_IDENTITY_ASSOCIATION_TYPE = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const GET_OIDC_PROVIDER = "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider";
const GET_CLUSTER = "aws:eks/getCluster:getCluster";

export interface RenderOptions {
    /** The component's name: it names the role (auto-named `<name>-<7 characters>`) and every child. Defaults to `s3-reader`. */
    name?: string;
    /**
     * The 12-digit account in the ARNs of the role and of looked-up or created providers (anything else is refused).
     * Defaults to 123456789012, a placeholder.
     */
    accountId?: string;
    /**
     * The issuer URL each cluster name resolves to, standing in for `aws.eks.getCluster`: render is offline, so a
     * `clusterName` argument needs an entry here.
     */
    clusterIssuers?: { [clusterName: string]: string };
}

/** One resource `pulumi up` would register, as the engine would receive it. */
export interface RenderedResource {
    /** The Pulumi type token, e.g. `aws:iam/role:Role`. */
    type: string;
    /** The Pulumi logical name. */
    name: string;
    /** The logical name of the parent resource; undefined for the component itself. */
    parent?: string;
    /** False for component resources, which create nothing in the cloud themselves. */
    custom: boolean;
    /** The inputs as sent to the provider. */
    inputs: { [key: string]: unknown };
    /** Plausible outputs (ARNs, generated names) standing in for the provider's answer. */
    outputs: { [key: string]: unknown };
}

/** A data-source call the program makes at deploy time, with the answer render assumed. */
export interface RenderedLookup {
    token: string;
    inputs: { [key: string]: unknown };
    result: { [key: string]: unknown };
}

/** The outputs of the ServiceAccountRole, resolved under render's assumptions. */
export interface RenderedOutputs {
    roleArn: string;
    roleName: string;
    serviceAccountName: string;
    namespace?: string;
    oidcProviderArn?: string;
    issuer?: string;
    trustPolicy?: string;
    serviceAccountAnnotations: { [key: string]: string };
}

/** A Kubernetes manifest, ready for `kubectl apply`. */
export interface KubernetesManifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: { [key: string]: string }; annotations?: { [key: string]: string } };
    automountServiceAccountToken?: boolean;
    /** A Job's spec (with verifyAccess). */
    spec?: unknown;
}

/** The Helm release of the ServiceAccount chart, as a Qovery Helm service would be configured. */
export interface RenderedHelmRelease {
    repository: string;
    chart: string;
    version: string;
    namespace: string;
    values: { serviceAccount: { name: string; annotations: { [key: string]: string } }; awsRoleArn: string };
}

export interface RenderResult {
    /** The component's name. */
    name: string;
    /** Every registration in order, the component first. */
    resources: RenderedResource[];
    /** The look-ups the program makes, with the answers render assumed. */
    lookups: RenderedLookup[];
    outputs: RenderedOutputs;
    /** The trust policy, parsed, with its size as IAM counts it against the `ACLSizePerRole` quota. */
    trustPolicy?: { document: TrustPolicyDocument; size: number; limit: number };
    /** The Namespace (with `createNamespace`), the ServiceAccount and the verification Job (with `verifyAccess`), in apply order. */
    manifests: KubernetesManifest[];
    /** The ServiceAccount manifest, also in `manifests`; undefined with serviceAccountMode None or HelmChart. */
    serviceAccount?: KubernetesManifest;
    /** With serviceAccountMode HelmChart: the chart, its namespace and the values file (the tutorial's override arguments). */
    helmRelease?: RenderedHelmRelease;
    /** What differs at deploy time from what render shows (random suffixes, placeholders, look-ups). */
    notes: string[];
    /** Over-broad or ineffective trust found in the policy (see `describeTrust`). */
    warnings: TrustWarning[];
    /** Each add-on policy (`addonPolicies`), in the order the component plans them, with where it goes and its size. */
    addonPolicies: PlannedAddonPolicy[];
    /** The deliberate wildcards the add-ons were opted into, e.g. `addonPolicies.externalDns.allowAllHostedZones`. */
    addonWildcards: AddonWildcard[];
}

/** A look-up render cannot answer offline. */
export class OfflineLookupError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OfflineLookupError";
    }
}

/** The AWS partition of an EKS issuer (`oidc.eks.<region>.amazonaws.com[.cn]/id/...`), used for rendered ARNs. */
export function partitionOfIssuer(issuer: string): string {
    const host = issuerOf(issuer).split("/")[0];
    if (host.endsWith(".amazonaws.com.cn")) {
        return "aws-cn";
    }
    return /^oidc\.eks\.us-gov-/.test(host) ? "aws-us-gov" : "aws";
}

/** The stand-in for Pulumi's random auto-name suffix: 7 hex characters derived from the name, so renders are stable. */
export function placeholderSuffix(name: string): string {
    return crypto.createHash("sha256").update(name).digest("hex").slice(0, 7);
}

// The Pulumi runtime's state is global, so renders run one at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the real ServiceAccountRole under Pulumi mocks, offline, and returns what `pulumi up` would register: every
 * resource with its inputs and plausible outputs, the component's outputs, the trust policy with its size, and the
 * Kubernetes manifests. Look-ups are answered from the arguments (the provider ARN is derived from the issuer and
 * `accountId`; a cluster's issuer comes from `clusterIssuers`), created resources get placeholder ARNs.
 *
 * It renders in a Pulumi engine of its own, scoped to the render (see `inScopedEngine`): the caller's runtime state, its
 * mocks or its real engine, its project and stack, are neither read nor changed, so it is safe in a caller's unit tests
 * and programs.
 *
 * @throws pulumi.ResourceError or IrsaArgumentError when the component refuses the arguments; OfflineLookupError when
 *   a cluster's issuer is needed but not given.
 */
export function renderServiceAccountRole(args: ServiceAccountRoleArgs, options: RenderOptions = {}): Promise<RenderResult> {
    const run = queue.then(() => renderNow(args, options));
    queue = run.catch(() => undefined);
    return run;
}

/**
 * The path of the first argument (at any depth: a map's value, a list's item) that is a secret Output, or undefined.
 * render unwraps what it registers in order to print it, so it refuses a secret rather than show it.
 */
async function firstSecretArgument(pulumi: typeof Pulumi, value: unknown, path = "", seen = new Set<object>()): Promise<string | undefined> {
    if (pulumi.Output.isInstance(value)) {
        return (await pulumi.isSecret(value)) ? path || "(the arguments)" : undefined;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) {
        return undefined;
    }
    seen.add(value);
    let entries: [string, unknown][];
    try {
        entries = Object.entries(value);
    } catch {
        return undefined; // A value that cannot be read is the plan's to refuse, with its own message.
    }
    for (const [key, item] of entries) {
        const at = Array.isArray(value) ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`;
        const found = await firstSecretArgument(pulumi, item, at, seen);
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

interface Recorded {
    type: string;
    name: string;
    urn: string;
    parentUrn: string;
    custom: boolean;
    inputs: { [key: string]: unknown };
    outputs: { [key: string]: unknown };
}

// The Pulumi SDK and the providers take most of a second to load: only render needs them, so they load on first use.
let sdk: typeof Pulumi | undefined;

/**
 * Whether an error from renderServiceAccountRole is the caller's (arguments the component refuses, a look-up render
 * cannot make) rather than a fault of the renderer.
 */
export function isRenderInputError(error: unknown): boolean {
    return error instanceof IrsaArgumentError || error instanceof OfflineLookupError || (sdk?.ResourceError.isInstance(error) ?? false);
}

async function renderNow(args: ServiceAccountRoleArgs, options: RenderOptions): Promise<RenderResult> {
    const pulumi = (sdk ??= await import("@pulumi/pulumi"));
    const { ServiceAccountRole, planServiceAccountRole } = await import("../components/serviceAccountRole");
    const name = options.name ?? "s3-reader";
    // Pulumi's own message ("Missing resource name argument") would not say which argument.
    if (typeof name !== "string" || name === "") {
        throw new IrsaArgumentError("name", name, "the component's name is a non-empty string: it names the role and every child resource.");
    }
    const secret = await firstSecretArgument(pulumi, args);
    if (secret !== undefined) {
        throw new IrsaArgumentError(
            secret,
            "(secret)",
            "render prints every value it renders, and a secret is never printed: give render a plain value there, or deploy the component, " +
                "where Pulumi keeps the secret encrypted and masked.",
        );
    }
    const accountId = options.accountId ?? PLACEHOLDER_ACCOUNT_ID;
    // It goes into every ARN render makes up, hence into the annotation and the values file: the CLI's rule, for the API too.
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) {
        throw new IrsaArgumentError("accountId", accountId, "an AWS account ID is 12 digits, e.g. 123456789012.");
    }
    const lookups: RenderedLookup[] = [];
    // Only the map's own keys name clusters: a cluster called "constructor" must not find Object's.
    const clusterIssuers: { [name: string]: string } = Object.fromEntries(Object.entries(options.clusterIssuers ?? {}));
    Object.setPrototypeOf(clusterIssuers, null);
    // Checked here, because inside the look-up a bad issuer would fail an invoke, which the runtime reports on stderr.
    for (const [cluster, issuerUrl] of Object.entries(clusterIssuers)) {
        normalizeIssuerUrl(`clusterIssuers.${cluster}`, issuerUrl);
    }
    if (typeof args.clusterName === "string" && clusterIssuers[args.clusterName] === undefined) {
        throw new OfflineLookupError(
            `render is offline and cannot look up the issuer of EKS cluster "${args.clusterName}"; give its OIDC issuer URL too ` +
                `(aws eks describe-cluster --name ${args.clusterName} --query cluster.identity.oidc.issuer).`,
        );
    }

    // Only the Pod Identity trust and the add-ons (for the role's account) read the cluster's ARN; another Irsa render's
    // look-up answer stays as it was.
    const readsClusterArn = args.identity === "PodIdentity" || args.identity === "Both" || args.addonPolicies !== undefined;
    return inScopedEngine(
        {
            newResource: (request) => ({ id: `${request.name}-id`, state: mockOutputs(request.type, request.name, request.inputs, accountId) }),
            call: (request) => {
                const result = answerLookup(request.token, request.inputs, accountId, clusterIssuers, readsClusterArn);
                lookups.push({ token: request.token, inputs: request.inputs, result });
                return result;
            },
        },
        () => renderInEngine(pulumi, ServiceAccountRole, name, args, options, lookups),
    ).then(
        (result) => ({ ...result, ...addonsOf(planServiceAccountRole, name, args, options) }),
        // Once more: the SDK may prefix the same error again while the other registrations fail after it.
        (error) => {
            throw unwrapSerializationError(error);
        },
    );
}

/**
 * Runs `body` against a Pulumi engine of its own: a fresh runtime store (the SDK's AsyncLocalStorage scope, the one
 * its provider server and Automation API use to run programs side by side) whose monitor is `mocks`, project
 * `eks-irsa` and stack `render`. Everything `body` starts, Outputs included, sees that store; the caller's store,
 * and the SDK's process-wide monitor that `runtime.setMocks` would overwrite, are never touched.
 */
function inScopedEngine<T>(mocks: Pulumi.runtime.Mocks, body: () => Promise<T>): Promise<T> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
    return state.withLocalStorage(() => {
        const store = state.getStore();
        // What runtime.setMocks sets, but in this store only.
        Object.assign(store.settings.options, { project: "eks-irsa", stack: "render", organization: "", dryRun: false, parallel: -1, monitorAddr: "mock", engineAddr: "" });
        store.settings.monitor = new MockMonitor(mocks);
        // The caller's stack configuration is not the render's.
        store.config = {};
        Object.assign(store, {
            supportsSecrets: true,
            supportsResourceReferences: true,
            supportsOutputValues: false,
            supportsDeletedWith: true,
            supportsReplaceWith: true,
            supportsAliasSpecs: true,
            supportsTransforms: false,
            supportsParameterization: true,
            supportsResourceHooks: true,
            supportsErrorHooks: true,
        });
        return body();
    });
}

async function renderInEngine(
    pulumi: typeof Pulumi,
    ServiceAccountRole: typeof import("../components/serviceAccountRole").ServiceAccountRole,
    name: string,
    args: ServiceAccountRoleArgs,
    options: RenderOptions,
    lookups: RenderedLookup[],
): Promise<RenderResult> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings");
    const recorded: Recorded[] = [];
    recordRegistrations((request, response) =>
        recorded.push({
            type: request.getType(),
            name: request.getName(),
            urn: response.getUrn(),
            parentUrn: request.getParent(),
            custom: request.getCustom(),
            inputs: pulumi.runtime.deserializeProperties(request.getObject()),
            outputs: pulumi.runtime.deserializeProperties(response.getObject()),
        }),
    );

    // A check that fails inside an Output rejects a registration nobody awaits: it arrives as an unhandled rejection.
    let failed: (error: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    // Handled here so that a rejection arriving after the constructor threw is not itself unhandled.
    failure.catch(() => undefined);
    const onRejection = (reason: unknown) => failed(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const role = new ServiceAccountRole(name, args);
        const outputs = await Promise.race([resolveOutputs(role), failure]);
        await Promise.race([settings.waitForRPCs() as Promise<void>, failure]);
        return assemble(name, recorded, lookups, outputs, args, options);
    } catch (error) {
        throw unwrapSerializationError(error);
    } finally {
        // Other registrations fail with the same error a moment later; let them arrive before letting go.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
    }
}

async function resolveOutputs(role: ServiceAccountRole): Promise<RenderedOutputs> {
    // Output.promise() is the SDK's own way to await an Output; it rejects when the Output fails.
    const value = <T>(output: Pulumi.Output<T>): Promise<T> => (output as any).promise();
    return {
        roleArn: await value(role.roleArn),
        roleName: await value(role.roleName),
        serviceAccountName: await value(role.serviceAccountName),
        namespace: await value(role.namespace),
        oidcProviderArn: await value(role.oidcProviderArn),
        issuer: await value(role.issuer),
        trustPolicy: await value(role.trustPolicy),
        serviceAccountAnnotations: await value(role.serviceAccountAnnotations),
    };
}

/** The runtime prefixes a failed input's error with `error serializing property "x": `; the component's message is what matters. */
function unwrapSerializationError(error: unknown): unknown {
    if (error instanceof Error) {
        error.message = error.message.replace(/^(error serializing property "[^"]*": )+/, "");
    }
    return error;
}

function mockOutputs(type: string, name: string, inputs: any, accountId: string): { [key: string]: unknown } {
    const state: { [key: string]: unknown } = { ...inputs };
    switch (type) {
        case ROLE_TYPE: {
            const roleName = inputs.name ?? `${name}-${placeholderSuffix(name)}`;
            const partition = partitionOfPolicy(inputs.assumeRolePolicy);
            state.name = roleName;
            state.arn = `arn:${partition}:iam::${accountId}:role${inputs.path ?? "/"}${roleName}`;
            break;
        }
        case MANAGED_POLICY_TYPE:
            state.arn = `arn:${/"arn:([^:"]+):/.exec(String(inputs.policy))?.[1] ?? "aws"}:iam::${accountId}:policy/${name}-${placeholderSuffix(name)}`;
            break;
        case OIDC_PROVIDER_TYPE: {
            const issuer = issuerOf(String(inputs.url));
            state.arn = oidcProviderArn(partitionOfIssuer(issuer), accountId, issuer);
            break;
        }
    }
    return state;
}

/** A role lives in the partition of the provider it trusts. */
function partitionOfPolicy(policy: unknown): string {
    const arn = typeof policy === "string" ? /"Federated":"(arn:[^"]+)"/.exec(policy)?.[1] : undefined;
    return arn?.split(":")[1] ?? "aws";
}

function answerLookup(
    token: string,
    inputs: any,
    accountId: string,
    clusterIssuers: { [name: string]: string },
    withClusterArn: boolean,
): { [key: string]: unknown } {
    switch (token) {
        case GET_OIDC_PROVIDER: {
            const issuer = issuerOf(String(inputs.url));
            return { arn: oidcProviderArn(partitionOfIssuer(issuer), accountId, issuer), url: inputs.url };
        }
        case GET_CLUSTER: {
            const issuer = clusterIssuers[inputs.name];
            if (issuer === undefined) {
                throw new OfflineLookupError(`render is offline and cannot look up the issuer of EKS cluster "${inputs.name}".`);
            }
            // The cluster's ARN (the Pod Identity trust names it, the add-ons take the role's account from it): the issuer's
            // region and partition, the rendered account.
            const region = /^oidc\.eks\.([a-z0-9-]+)\./.exec(issuerOf(issuer))?.[1];
            if (!withClusterArn || region === undefined) {
                return { name: inputs.name, identities: [{ oidcs: [{ issuer }] }] };
            }
            return { name: inputs.name, arn: eksClusterArn(partitionOfIssuer(issuer), region, accountId, inputs.name), identities: [{ oidcs: [{ issuer }] }] };
        }
    }
    throw new OfflineLookupError(`render is offline and cannot answer ${token}.`);
}

function assemble(
    name: string,
    recorded: Recorded[],
    lookups: RenderedLookup[],
    outputs: RenderedOutputs,
    args: ServiceAccountRoleArgs,
    options: RenderOptions,
): RenderResult {
    const nameOf = new Map(recorded.map((r) => [r.urn, r.name]));
    const resources = recorded
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map(
            (r): RenderedResource => ({
                type: r.type,
                name: r.name,
                parent: nameOf.get(r.parentUrn),
                custom: r.custom,
                inputs: r.inputs,
                outputs: r.custom ? r.outputs : {},
            }),
        );
    // The namespace first, so that `kubectl apply` creates it before the ServiceAccount in it.
    const manifests = [NAMESPACE_TYPE, SERVICE_ACCOUNT_TYPE, JOB_TYPE].flatMap((type) => resources.filter((r) => r.type === type).map((r) => manifestOf(r.inputs)));
    const serviceAccount = manifests.find((m) => m.kind === "ServiceAccount");
    const release = resources.find((r) => r.type === HELM_RELEASE_TYPE);
    const releaseInputs = release?.inputs as { repositoryOpts: { repo: string } } & Omit<RenderedHelmRelease, "repository"> | undefined;
    const helmRelease: RenderedHelmRelease | undefined = releaseInputs && {
        repository: releaseInputs.repositoryOpts.repo,
        chart: releaseInputs.chart,
        version: releaseInputs.version,
        namespace: releaseInputs.namespace,
        values: releaseInputs.values,
    };
    const limit = typeof args.trustPolicySizeLimit === "number" ? args.trustPolicySizeLimit : DEFAULT_TRUST_POLICY_SIZE_LIMIT;
    const trustPolicy =
        outputs.trustPolicy === undefined ? undefined : { document: JSON.parse(outputs.trustPolicy) as TrustPolicyDocument, size: policySize(outputs.trustPolicy), limit };
    return {
        name,
        resources,
        lookups,
        outputs,
        trustPolicy,
        manifests,
        serviceAccount,
        helmRelease,
        notes: notesOf(name, resources, lookups, outputs, args, options),
        warnings: outputs.trustPolicy === undefined ? [] : describeTrust(outputs.trustPolicy).warnings,
        addonPolicies: [],
        addonWildcards: [],
    };
}

/** The add-ons' plan, as the component made it: the arguments are plain here, and the component has accepted them. */
function addonsOf(
    planRole: typeof planServiceAccountRole,
    name: string,
    args: ServiceAccountRoleArgs,
    options: RenderOptions,
): { addonPolicies: PlannedAddonPolicy[]; addonWildcards: AddonWildcard[] } {
    const role = args.addonPolicies === undefined ? undefined : planRole(name, args).role;
    const clusterName = typeof args.clusterName === "string" ? args.clusterName : undefined;
    const issuers = options.clusterIssuers ?? {};
    const issuerUrl =
        clusterName === undefined ? (typeof args.issuerUrl === "string" ? args.issuerUrl : undefined) : Object.hasOwn(issuers, clusterName) ? issuers[clusterName] : undefined;
    // As the component does: the account from the cluster's ARN the offline look-up answers, or from the provider's.
    const region = issuerUrl === undefined ? undefined : /^oidc\.eks\.([a-z0-9-]+)\./.exec(issuerOf(issuerUrl))?.[1];
    const account = options.accountId ?? PLACEHOLDER_ACCOUNT_ID;
    const found =
        issuerUrl === undefined
            ? undefined
            : clusterName !== undefined && region !== undefined
              ? { clusterArn: eksClusterArn(partitionOfIssuer(issuerOf(issuerUrl)), region, account, clusterName) }
              : { providerArn: oidcProviderArn(partitionOfIssuer(issuerOf(issuerUrl)), account, issuerOf(issuerUrl)) };
    const plan = (role?.addonPolicies ?? (found === undefined ? undefined : role?.addonPoliciesFor?.(found))) as AddonPolicyPlan | undefined;
    return { addonPolicies: plan?.policies ?? [], addonWildcards: plan?.wildcards ?? [] };
}

/** The manifest in the order people write it: apiVersion, kind, metadata (name, namespace, labels, annotations), then the rest. */
function manifestOf(inputs: any): KubernetesManifest {
    const metadata = inputs.metadata ?? {};
    const manifest: KubernetesManifest = {
        apiVersion: inputs.apiVersion,
        kind: inputs.kind,
        metadata: {
            name: metadata.name,
            ...(metadata.namespace !== undefined && { namespace: metadata.namespace }),
            ...(metadata.labels !== undefined && { labels: metadata.labels }),
            ...(metadata.annotations !== undefined && { annotations: metadata.annotations }),
        },
    };
    // Everything else (a ServiceAccount's automountServiceAccountToken, a Job's spec) follows as it was registered.
    const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = inputs;
    return { ...manifest, ...rest };
}

function notesOf(
    name: string,
    resources: RenderedResource[],
    lookups: RenderedLookup[],
    outputs: RenderedOutputs,
    args: ServiceAccountRoleArgs,
    options: RenderOptions,
): string[] {
    const notes: string[] = [];
    if (args.namespace === undefined && outputs.namespace !== undefined && outputs.namespace === process.env[QOVERY_NAMESPACE_VARIABLE]) {
        notes.push(`The namespace ${outputs.namespace} comes from ${QOVERY_NAMESPACE_VARIABLE}, as in a Qovery lifecycle job (pass --namespace to override it).`);
    }
    const role = resources.find((r) => r.type === ROLE_TYPE);
    if (role !== undefined && role.inputs.name === undefined) {
        notes.push(
            `The role is auto-named "${name}-<7 characters>"; the suffix "${placeholderSuffix(name)}" shown here is a stand-in, ` +
                "the real one is random at deploy time (set roleName to choose it).",
        );
    }
    if (role === undefined) {
        notes.push(
            `The existing role ${outputs.roleArn} is used as it is: its trust policy is not changed, so it must admit the ServiceAccount` +
                (outputs.trustPolicy === undefined ? "; give a trust source to see the policy it needs." : " (the policy it needs is shown)."),
        );
    }
    if (options.accountId === undefined && (role !== undefined || lookups.length > 0 || resources.some((r) => r.type === OIDC_PROVIDER_TYPE))) {
        notes.push(`ARNs use the placeholder account ${PLACEHOLDER_ACCOUNT_ID}; at deploy time they carry the deploying account.`);
    }
    for (const lookup of lookups) {
        if (lookup.token === GET_CLUSTER) {
            const assumedArn = lookup.result.arn === undefined ? "" : ` and the ARN ${lookup.result.arn}`;
            notes.push(
                `The issuer of EKS cluster "${lookup.inputs.name}" is looked up at deploy time; render assumed ${(lookup.result as any).identities[0].oidcs[0].issuer}${assumedArn}.`,
            );
        }
        if (lookup.token === GET_OIDC_PROVIDER) {
            notes.push(
                `The IAM OIDC provider for ${lookup.inputs.url} is looked up at deploy time (aws.iam.getOpenIdConnectProvider): it must exist ` +
                    "in the account already, or the deployment fails; create it once per cluster (createOidcProvider) if it does not.",
            );
        }
    }
    if (resources.some((r) => r.type === POD_IDENTITY_ASSOCIATION_TYPE)) {
        notes.push(
            "EKS Pod Identity needs the eks-pod-identity-agent add-on running on the cluster (aws eks create-addon --addon-name eks-pod-identity-agent); " +
                "it does not run on Fargate, Windows nodes or EKS Anywhere, where only IRSA works.",
        );
    }
    return notes;
}

/**
 * Hands every registration the installed mock monitor answers to `record`, request and response: the parent,
 * provider, dependencies and URN that `setMocks`'s own `newResource` callback never sees. Call it after `setMocks`.
 */
export function recordRegistrations(record: (request: any, response: any) => void): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request: any, callback: (error: unknown, response: any) => void) =>
        registerResource(request, (error: unknown, response: any) => {
            if (!error) {
                record(request, response);
            }
            callback(error, response);
        });
}
