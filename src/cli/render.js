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
exports.OfflineLookupError = exports.POD_IDENTITY_ASSOCIATION_TYPE = exports.JOB_TYPE = exports.HELM_RELEASE_TYPE = exports.NAMESPACE_TYPE = exports.SERVICE_ACCOUNT_TYPE = exports.OIDC_PROVIDER_TYPE = exports.MANAGED_POLICY_TYPE = exports.INLINE_POLICY_TYPE = exports.POLICY_ATTACHMENT_TYPE = exports.ROLE_TYPE = exports.PLACEHOLDER_ACCOUNT_ID = void 0;
exports.partitionOfIssuer = partitionOfIssuer;
exports.placeholderSuffix = placeholderSuffix;
exports.renderServiceAccountRole = renderServiceAccountRole;
exports.isRenderInputError = isRenderInputError;
exports.recordRegistrations = recordRegistrations;
const crypto = __importStar(require("crypto"));
const errors_1 = require("../errors");
const explain_1 = require("../policy/explain");
const issuer_1 = require("../policy/issuer");
const qovery_1 = require("../qovery");
const trustPolicy_1 = require("../policy/trustPolicy");
const podIdentityTrust_1 = require("../policy/podIdentityTrust");
/** The account that stands for the caller's in rendered ARNs unless another is given. */
exports.PLACEHOLDER_ACCOUNT_ID = "123456789012";
exports.ROLE_TYPE = "aws:iam/role:Role";
exports.POLICY_ATTACHMENT_TYPE = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
exports.INLINE_POLICY_TYPE = "aws:iam/rolePolicy:RolePolicy";
exports.MANAGED_POLICY_TYPE = "aws:iam/policy:Policy";
exports.OIDC_PROVIDER_TYPE = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
exports.SERVICE_ACCOUNT_TYPE = "kubernetes:core/v1:ServiceAccount";
exports.NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
exports.HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";
exports.JOB_TYPE = "kubernetes:batch/v1:Job";
exports.POD_IDENTITY_ASSOCIATION_TYPE = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const GET_OIDC_PROVIDER = "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider";
const GET_CLUSTER = "aws:eks/getCluster:getCluster";
/** A look-up render cannot answer offline. */
class OfflineLookupError extends Error {
    constructor(message) {
        super(message);
        this.name = "OfflineLookupError";
    }
}
exports.OfflineLookupError = OfflineLookupError;
/** The AWS partition of an EKS issuer (`oidc.eks.<region>.amazonaws.com[.cn]/id/...`), used for rendered ARNs. */
function partitionOfIssuer(issuer) {
    const host = (0, issuer_1.issuerOf)(issuer).split("/")[0];
    if (host.endsWith(".amazonaws.com.cn")) {
        return "aws-cn";
    }
    return /^oidc\.eks\.us-gov-/.test(host) ? "aws-us-gov" : "aws";
}
/** The stand-in for Pulumi's random auto-name suffix: 7 hex characters derived from the name, so renders are stable. */
function placeholderSuffix(name) {
    return crypto.createHash("sha256").update(name).digest("hex").slice(0, 7);
}
// The Pulumi runtime's state is global, so renders run one at a time.
let queue = Promise.resolve();
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
function renderServiceAccountRole(args, options = {}) {
    const run = queue.then(() => renderNow(args, options));
    queue = run.catch(() => undefined);
    return run;
}
// The Pulumi SDK and the providers take most of a second to load: only render needs them, so they load on first use.
let sdk;
/**
 * Whether an error from renderServiceAccountRole is the caller's (arguments the component refuses, a look-up render
 * cannot make) rather than a fault of the renderer.
 */
function isRenderInputError(error) {
    return error instanceof errors_1.IrsaArgumentError || error instanceof OfflineLookupError || (sdk?.ResourceError.isInstance(error) ?? false);
}
async function renderNow(args, options) {
    const pulumi = (sdk ??= await Promise.resolve().then(() => __importStar(require("@pulumi/pulumi"))));
    const { ServiceAccountRole, planServiceAccountRole } = await Promise.resolve().then(() => __importStar(require("../components/serviceAccountRole")));
    const name = options.name ?? "s3-reader";
    const accountId = options.accountId ?? exports.PLACEHOLDER_ACCOUNT_ID;
    const lookups = [];
    const clusterIssuers = options.clusterIssuers ?? {};
    // Checked here, because inside the look-up a bad issuer would fail an invoke, which the runtime reports on stderr.
    for (const [cluster, issuerUrl] of Object.entries(clusterIssuers)) {
        (0, issuer_1.normalizeIssuerUrl)(`clusterIssuers.${cluster}`, issuerUrl);
    }
    if (typeof args.clusterName === "string" && clusterIssuers[args.clusterName] === undefined) {
        throw new OfflineLookupError(`render is offline and cannot look up the issuer of EKS cluster "${args.clusterName}"; give its OIDC issuer URL too ` +
            `(aws eks describe-cluster --name ${args.clusterName} --query cluster.identity.oidc.issuer).`);
    }
    // Only the Pod Identity trust reads the cluster's ARN; an Irsa render's look-up answer stays as it was.
    const podIdentity = args.identity === "PodIdentity" || args.identity === "Both";
    return inScopedEngine({
        newResource: (request) => ({ id: `${request.name}-id`, state: mockOutputs(request.type, request.name, request.inputs, accountId) }),
        call: (request) => {
            const result = answerLookup(request.token, request.inputs, accountId, clusterIssuers, podIdentity);
            lookups.push({ token: request.token, inputs: request.inputs, result });
            return result;
        },
    }, () => renderInEngine(pulumi, ServiceAccountRole, name, args, options, lookups)).then((result) => ({ ...result, ...addonsOf(planServiceAccountRole, name, args, options) }));
}
/**
 * Runs `body` against a Pulumi engine of its own: a fresh runtime store (the SDK's AsyncLocalStorage scope, the one
 * its provider server and Automation API use to run programs side by side) whose monitor is `mocks`, project
 * `eks-irsa` and stack `render`. Everything `body` starts, Outputs included, sees that store; the caller's store,
 * and the SDK's process-wide monitor that `runtime.setMocks` would overwrite, are never touched.
 */
function inScopedEngine(mocks, body) {
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
async function renderInEngine(pulumi, ServiceAccountRole, name, args, options, lookups) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings");
    const recorded = [];
    recordRegistrations((request, response) => recorded.push({
        type: request.getType(),
        name: request.getName(),
        urn: response.getUrn(),
        parentUrn: request.getParent(),
        custom: request.getCustom(),
        inputs: pulumi.runtime.deserializeProperties(request.getObject()),
        outputs: pulumi.runtime.deserializeProperties(response.getObject()),
    }));
    // A check that fails inside an Output rejects a registration nobody awaits: it arrives as an unhandled rejection.
    let failed = () => undefined;
    const failure = new Promise((_, reject) => (failed = reject));
    // Handled here so that a rejection arriving after the constructor threw is not itself unhandled.
    failure.catch(() => undefined);
    const onRejection = (reason) => failed(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const role = new ServiceAccountRole(name, args);
        const outputs = await Promise.race([resolveOutputs(role), failure]);
        await Promise.race([settings.waitForRPCs(), failure]);
        return assemble(name, recorded, lookups, outputs, args, options);
    }
    catch (error) {
        throw unwrapSerializationError(error);
    }
    finally {
        // Other registrations fail with the same error a moment later; let them arrive before letting go.
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
    }
}
async function resolveOutputs(role) {
    // Output.promise() is the SDK's own way to await an Output; it rejects when the Output fails.
    const value = (output) => output.promise();
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
function unwrapSerializationError(error) {
    if (error instanceof Error) {
        error.message = error.message.replace(/^(error serializing property "[^"]*": )+/, "");
    }
    return error;
}
function mockOutputs(type, name, inputs, accountId) {
    const state = { ...inputs };
    switch (type) {
        case exports.ROLE_TYPE: {
            const roleName = inputs.name ?? `${name}-${placeholderSuffix(name)}`;
            const partition = partitionOfPolicy(inputs.assumeRolePolicy);
            state.name = roleName;
            state.arn = `arn:${partition}:iam::${accountId}:role${inputs.path ?? "/"}${roleName}`;
            break;
        }
        case exports.MANAGED_POLICY_TYPE:
            state.arn = `arn:${/"arn:([^:"]+):/.exec(String(inputs.policy))?.[1] ?? "aws"}:iam::${accountId}:policy/${name}-${placeholderSuffix(name)}`;
            break;
        case exports.OIDC_PROVIDER_TYPE: {
            const issuer = (0, issuer_1.issuerOf)(String(inputs.url));
            state.arn = (0, issuer_1.oidcProviderArn)(partitionOfIssuer(issuer), accountId, issuer);
            break;
        }
    }
    return state;
}
/** A role lives in the partition of the provider it trusts. */
function partitionOfPolicy(policy) {
    const arn = typeof policy === "string" ? /"Federated":"(arn:[^"]+)"/.exec(policy)?.[1] : undefined;
    return arn?.split(":")[1] ?? "aws";
}
function answerLookup(token, inputs, accountId, clusterIssuers, podIdentity) {
    switch (token) {
        case GET_OIDC_PROVIDER: {
            const issuer = (0, issuer_1.issuerOf)(String(inputs.url));
            return { arn: (0, issuer_1.oidcProviderArn)(partitionOfIssuer(issuer), accountId, issuer), url: inputs.url };
        }
        case GET_CLUSTER: {
            const issuer = clusterIssuers[inputs.name];
            if (issuer === undefined) {
                throw new OfflineLookupError(`render is offline and cannot look up the issuer of EKS cluster "${inputs.name}".`);
            }
            // The cluster's ARN (the Pod Identity trust names it): the issuer's region and partition, the rendered account.
            const region = /^oidc\.eks\.([a-z0-9-]+)\./.exec((0, issuer_1.issuerOf)(issuer))?.[1];
            if (!podIdentity || region === undefined) {
                return { name: inputs.name, identities: [{ oidcs: [{ issuer }] }] };
            }
            return { name: inputs.name, arn: (0, podIdentityTrust_1.eksClusterArn)(partitionOfIssuer(issuer), region, accountId, inputs.name), identities: [{ oidcs: [{ issuer }] }] };
        }
    }
    throw new OfflineLookupError(`render is offline and cannot answer ${token}.`);
}
function assemble(name, recorded, lookups, outputs, args, options) {
    const nameOf = new Map(recorded.map((r) => [r.urn, r.name]));
    const resources = recorded
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => ({
        type: r.type,
        name: r.name,
        parent: nameOf.get(r.parentUrn),
        custom: r.custom,
        inputs: r.inputs,
        outputs: r.custom ? r.outputs : {},
    }));
    // The namespace first, so that `kubectl apply` creates it before the ServiceAccount in it.
    const manifests = [exports.NAMESPACE_TYPE, exports.SERVICE_ACCOUNT_TYPE, exports.JOB_TYPE].flatMap((type) => resources.filter((r) => r.type === type).map((r) => manifestOf(r.inputs)));
    const serviceAccount = manifests.find((m) => m.kind === "ServiceAccount");
    const release = resources.find((r) => r.type === exports.HELM_RELEASE_TYPE);
    const releaseInputs = release?.inputs;
    const helmRelease = releaseInputs && {
        repository: releaseInputs.repositoryOpts.repo,
        chart: releaseInputs.chart,
        version: releaseInputs.version,
        namespace: releaseInputs.namespace,
        values: releaseInputs.values,
    };
    const limit = typeof args.trustPolicySizeLimit === "number" ? args.trustPolicySizeLimit : trustPolicy_1.DEFAULT_TRUST_POLICY_SIZE_LIMIT;
    const trustPolicy = outputs.trustPolicy === undefined ? undefined : { document: JSON.parse(outputs.trustPolicy), size: (0, trustPolicy_1.policySize)(outputs.trustPolicy), limit };
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
        warnings: outputs.trustPolicy === undefined ? [] : (0, explain_1.describeTrust)(outputs.trustPolicy).warnings,
        addonPolicies: [],
        addonWildcards: [],
    };
}
/** The add-ons' plan, as the component made it: the arguments are plain here, and the component has accepted them. */
function addonsOf(planRole, name, args, options) {
    const role = args.addonPolicies === undefined ? undefined : planRole(name, args).role;
    const clusterName = typeof args.clusterName === "string" ? args.clusterName : undefined;
    const issuerUrl = clusterName === undefined ? undefined : options.clusterIssuers?.[clusterName];
    // As the component does: with PodIdentity and clusterName alone, from the cluster's ARN the offline look-up answers.
    const region = issuerUrl === undefined ? undefined : /^oidc\.eks\.([a-z0-9-]+)\./.exec((0, issuer_1.issuerOf)(issuerUrl))?.[1];
    const found = issuerUrl === undefined
        ? undefined
        : args.identity === "PodIdentity" && region !== undefined
            ? { clusterArn: (0, podIdentityTrust_1.eksClusterArn)(partitionOfIssuer((0, issuer_1.issuerOf)(issuerUrl)), region, options.accountId ?? exports.PLACEHOLDER_ACCOUNT_ID, clusterName) }
            : { issuerUrl };
    const plan = (role?.addonPolicies ?? (found === undefined ? undefined : role?.addonPoliciesFor?.(found)));
    return { addonPolicies: plan?.policies ?? [], addonWildcards: plan?.wildcards ?? [] };
}
/** The manifest in the order people write it: apiVersion, kind, metadata (name, namespace, labels, annotations), then the rest. */
function manifestOf(inputs) {
    const metadata = inputs.metadata ?? {};
    const manifest = {
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
function notesOf(name, resources, lookups, outputs, args, options) {
    const notes = [];
    if (args.namespace === undefined && outputs.namespace !== undefined && outputs.namespace === process.env[qovery_1.QOVERY_NAMESPACE_VARIABLE]) {
        notes.push(`The namespace ${outputs.namespace} comes from ${qovery_1.QOVERY_NAMESPACE_VARIABLE}, as in a Qovery lifecycle job (pass --namespace to override it).`);
    }
    const role = resources.find((r) => r.type === exports.ROLE_TYPE);
    if (role !== undefined && role.inputs.name === undefined) {
        notes.push(`The role is auto-named "${name}-<7 characters>"; the suffix "${placeholderSuffix(name)}" shown here is a stand-in, ` +
            "the real one is random at deploy time (set roleName to choose it).");
    }
    if (role === undefined) {
        notes.push(`The existing role ${outputs.roleArn} is used as it is: its trust policy is not changed, so it must admit the ServiceAccount` +
            (outputs.trustPolicy === undefined ? "; give a trust source to see the policy it needs." : " (the policy it needs is shown)."));
    }
    if (options.accountId === undefined && (role !== undefined || lookups.length > 0 || resources.some((r) => r.type === exports.OIDC_PROVIDER_TYPE))) {
        notes.push(`ARNs use the placeholder account ${exports.PLACEHOLDER_ACCOUNT_ID}; at deploy time they carry the deploying account.`);
    }
    for (const lookup of lookups) {
        if (lookup.token === GET_CLUSTER) {
            const assumedArn = lookup.result.arn === undefined ? "" : ` and the ARN ${lookup.result.arn}`;
            notes.push(`The issuer of EKS cluster "${lookup.inputs.name}" is looked up at deploy time; render assumed ${lookup.result.identities[0].oidcs[0].issuer}${assumedArn}.`);
        }
        if (lookup.token === GET_OIDC_PROVIDER) {
            notes.push(`The IAM OIDC provider for ${lookup.inputs.url} is looked up at deploy time (aws.iam.getOpenIdConnectProvider): it must exist ` +
                "in the account already, or the deployment fails; create it once per cluster (createOidcProvider) if it does not.");
        }
    }
    if (resources.some((r) => r.type === exports.POD_IDENTITY_ASSOCIATION_TYPE)) {
        notes.push("EKS Pod Identity needs the eks-pod-identity-agent add-on running on the cluster (aws eks create-addon --addon-name eks-pod-identity-agent); " +
            "it does not run on Fargate, Windows nodes or EKS Anywhere, where only IRSA works.");
    }
    return notes;
}
/**
 * Hands every registration the installed mock monitor answers to `record`, request and response: the parent,
 * provider, dependencies and URN that `setMocks`'s own `newResource` callback never sees. Call it after `setMocks`.
 */
function recordRegistrations(record) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => registerResource(request, (error, response) => {
        if (!error) {
            record(request, response);
        }
        callback(error, response);
    });
}
