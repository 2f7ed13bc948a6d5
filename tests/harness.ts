import * as pulumi from "@pulumi/pulumi";
import { recordRegistrations } from "../src/cli/render";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

export const ACCOUNT = "123456789012";
export const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
export const ISSUER_URL = `https://${ISSUER}`;
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
export const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
/** The tutorial's Qovery environment namespace and ServiceAccount. */
export const TUTORIAL_NAMESPACE = "z9b830e28-ze23976e2";
export const TUTORIAL_SERVICE_ACCOUNT = "my-s3-role";

/** Every trust policy a component sent to a role during this test run, for the oracle cross-check. */
export const producedTrustPolicies = new Set<string>();

/** Every ServiceAccount manifest a component registered during this test run, for the manifest checks. */
export const producedServiceAccounts: any[] = [];

export interface Registration {
    type: string;
    name: string;
    urn: string;
    inputs: any;
    custom: boolean;
    parent: string;
    provider: string;
    dependencies: string[];
}

export interface Invocation {
    token: string;
    inputs: any;
    provider: string;
}

export interface MockOptions {
    preview?: boolean;
    /** Resource types whose outputs stay unknown in a preview (nothing but their inputs comes back). */
    unknownOutputs?: string[];
    /** Issuers that `aws.eks.getCluster` returns, by cluster name. */
    clusters?: { [name: string]: string };
}

export interface MockWorld {
    registrations: Registration[];
    invocations: Invocation[];
    /** Registrations of custom resources and components other than the one under test, in order. */
    children(of?: string): Registration[];
    byName(name: string, type?: string): Registration;
}

/** Installs Pulumi mocks that record every registration with its parent, provider and dependencies. */
export function installMocks(options: MockOptions = {}): MockWorld {
    const registrations: Registration[] = [];
    const invocations: Invocation[] = [];
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const state = { ...args.inputs };
                if (args.type === "kubernetes:core/v1:ServiceAccount") {
                    producedServiceAccounts.push(args.inputs);
                }
                if (args.type === "aws:iam/role:Role" && typeof args.inputs.assumeRolePolicy === "string") {
                    producedTrustPolicies.add(args.inputs.assumeRolePolicy);
                }
                if (options.preview && options.unknownOutputs?.includes(args.type)) {
                    return { id: undefined, state: {} };
                }
                switch (args.type) {
                    case "aws:iam/role:Role": {
                        const name = args.inputs.name ?? `${args.name}-1a2b3c4`;
                        state.name = name;
                        state.arn = `arn:aws:iam::${ACCOUNT}:role${args.inputs.path ?? "/"}${name}`;
                        break;
                    }
                    case "eks:index:Cluster":
                        // @pulumi/eks' cluster is a remote component: the mock answers with the outputs the example uses.
                        state.oidcProviderArn = PROVIDER_ARN;
                        state.kubeconfigJson = "{}";
                        state.kubeconfig = {};
                        break;
                    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
                        state.arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(args.inputs.url).replace("https://", "")}`;
                        break;
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => {
                invocations.push({ token: args.token, inputs: args.inputs, provider: args.provider ?? "" });
                switch (args.token) {
                    case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
                        return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(args.inputs.url).replace("https://", "")}`, url: args.inputs.url };
                    case "aws:eks/getCluster:getCluster": {
                        const issuer = options.clusters?.[args.inputs.name];
                        if (issuer === undefined) {
                            throw new Error(`no cluster ${args.inputs.name}`);
                        }
                        return { name: args.inputs.name, identities: [{ oidcs: [{ issuer }] }] };
                    }
                }
                return args.inputs;
            },
        },
        "project",
        "stack",
        options.preview ?? false,
    );
    recordRegistrations((req, resp) =>
        registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: resp.getUrn(),
            inputs: pulumi.runtime.deserializeProperties(req.getObject()),
            custom: req.getCustom(),
            parent: req.getParent(),
            provider: req.getProvider(),
            dependencies: req.getDependenciesList(),
        }),
    );
    return {
        registrations,
        invocations,
        children: (of) => registrations.filter((r) => r.type !== "pulumi:pulumi:Stack" && (of === undefined || r.parent === of)),
        byName: (name, type) => {
            const found = registrations.filter((r) => r.name === name && (type === undefined || r.type === type));
            if (found.length !== 1) {
                throw new Error(`expected one registration named ${name}, found ${found.length}: ${registrations.map((r) => r.name).join(", ")}`);
            }
            return found[0];
        },
    };
}

/** Waits until every registration and invoke so far has been answered. */
export async function settle(): Promise<void> {
    await settings.waitForRPCs();
}

/** The value of an output; rejects when the output fails. Never use on an output that stays unknown. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        (output as any).promise().then(resolve, reject);
    });
}

/** Whether an output's value is known (false for a preview's unknowns). */
export function isKnown<T>(output: pulumi.Output<T>): Promise<boolean> {
    return (output as any).isKnown;
}

let resolving = false;

/** Makes `require("eks-irsa")` load this build, for programs that import the package as its users do. */
export function resolvePackageToThisBuild(): void {
    if (resolving) {
        return;
    }
    resolving = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module");
    const resolveFilename = Module._resolveFilename;
    const build = require("path").resolve(__dirname, "../index.js");
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return resolveFilename.call(this, request === "eks-irsa" ? build : request, ...rest);
    };
}
