import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { recordRegistrations } from "../src/cli/render";
import { ServiceAccountRole, ServiceAccountRoleArgs } from "../index";
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

/**
 * The tree the specs run from: the repository's root when mocha runs the `.ts` specs, `bin/` when it runs the build.
 * Paths relative to it without an extension (`index`, `examples/<name>/index`) resolve in both.
 */
export const TREE_ROOT = path.resolve(__dirname, "..");

/** The repository's root (the nearest folder above the specs that holds package.json), whichever tree runs. */
export const REPOSITORY_ROOT = repositoryRoot(__dirname);

function repositoryRoot(from: string): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${from}`);
        }
    }
}

/**
 * The text of a file of `tests/fixtures/` (copies of third-party material, sources in its README.md).
 *
 * @param file the path inside `tests/fixtures/`.
 */
export function fixture(file: string): string {
    return fs.readFileSync(path.join(REPOSITORY_ROOT, "tests/fixtures", file), "utf8");
}

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
                    case "aws:iam/policy:Policy":
                        state.arn = `arn:aws:iam::${ACCOUNT}:policy/${args.inputs.name ?? `${args.name}-1a2b3c4`}`;
                        break;
                    case "aws:eks/podIdentityAssociation:PodIdentityAssociation":
                        // EKS sets an externalId for an association with a target role; a stand-in of the same shape.
                        if (args.inputs.targetRoleArn !== undefined) {
                            state.externalId = `eu-west-3/${ACCOUNT}/${args.inputs.clusterName}/${args.inputs.namespace}/${args.inputs.serviceAccount}`;
                        }
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
                        const region = /oidc\.eks\.([a-z0-9-]+)\./.exec(issuer)?.[1] ?? "eu-west-3";
                        return { name: args.inputs.name, arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/${args.inputs.name}`, identities: [{ oidcs: [{ issuer }] }] };
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

/** Makes `require("eks-irsa")` load this tree's index (the sources or the build), for programs that import the package as its users do. */
export function resolvePackageToThisBuild(): void {
    if (resolving) {
        return;
    }
    resolving = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module");
    const resolveFilename = Module._resolveFilename;
    const build = require.resolve(path.join(TREE_ROOT, "index"));
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return resolveFilename.call(this, request === "eks-irsa" ? build : request, ...rest);
    };
}

/** The stack config and environment an example program reads, and the mocks it runs under. */
export interface ExampleRun {
    /** Stack config, by key without the project prefix; none when omitted. */
    config?: { [key: string]: string };
    /** Environment variables set while the program runs, and restored after; none when omitted. */
    env?: { [name: string]: string };
    /** The mocks' options; the defaults of {@link installMocks} when omitted. */
    mocks?: MockOptions;
}

/**
 * Runs `examples/<example>` under fresh mocks, as `pulumi up` would with the given config, and returns its
 * registrations and the values of its exports.
 *
 * @param example the example's folder name.
 * @param run its config, environment and mocks.
 */
export async function runExample(example: string, run: ExampleRun = {}): Promise<{ world: MockWorld; exports: { [key: string]: unknown } }> {
    resolvePackageToThisBuild();
    const world = installMocks(run.mocks);
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(run.config ?? {}).map(([k, v]) => [`project:${k}`, v])));
    const saved = Object.fromEntries(Object.keys(run.env ?? {}).map((name) => [name, process.env[name]]));
    Object.assign(process.env, run.env);
    try {
        const file = require.resolve(path.join(TREE_ROOT, "examples", example, "index"));
        delete require.cache[file];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(file);
        const values: { [key: string]: unknown } = {};
        for (const [key, value] of Object.entries(program)) {
            values[key] = await valueOf(value as pulumi.Output<unknown>);
        }
        await settle();
        return { world, exports: values };
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) {
                delete process.env[name];
            } else {
                process.env[name] = value;
            }
        }
    }
}

/**
 * The message of the ResourceError the ServiceAccountRole constructor throws for `args`, under fresh mocks. Fails the
 * test when it throws nothing, or an error of another kind (which is rethrown).
 */
export function constructorRefusal(args: ServiceAccountRoleArgs): string {
    installMocks();
    try {
        new ServiceAccountRole("s3-reader", args);
    } catch (error) {
        if (!pulumi.ResourceError.isInstance(error)) {
            throw error;
        }
        return error.message;
    }
    throw new Error("the constructor did not throw");
}
