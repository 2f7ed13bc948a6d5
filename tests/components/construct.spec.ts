import * as iam from "@pulumi/aws/iam";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ClusterOidcProvider, ClusterOidcProviderArgs, ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../../index";
import { ACCOUNT, installMocks, ISSUER_URL, MockOptions, PROVIDER_ARN, Registration, REPOSITORY_ROOT, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";
import { analysedProvider } from "../packageAnalysis";

// What the provider server does for a ConstructRequest, minus the gRPC transport and `configureRuntime` (which would
// connect to a real engine): the request's Struct is deserialized with the server's own `deserializeInputs`, the
// component is built by the package's ComponentProvider, and its state is serialized as the ConstructResponse carries it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeInputs } = require("@pulumi/pulumi/provider/server");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const providerproto = require("@pulumi/pulumi/proto/provider_pb");
// The Struct class @pulumi/pulumi itself uses, so that its deserializer accepts the request's inputs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));

const ROLE_TYPE = "eks-irsa:index:ServiceAccountRole";
const OIDC_TYPE = "eks-irsa:index:ClusterOidcProvider";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const INLINE = "aws:iam/rolePolicy:RolePolicy";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const SQS_READ_ONLY = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess";
const GREEN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/GREEN000000000000000000000000000`;
const DOCUMENT = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

/** The options the provider server builds from a ConstructRequest that sets none. */
const REQUEST_OPTIONS: pulumi.ComponentResourceOptions = {
    aliases: [],
    dependsOn: [],
    protect: false,
    providers: {},
    parent: undefined,
    ignoreChanges: [],
    replaceOnChanges: [],
    customTimeouts: undefined,
    retainOnDelete: false,
    hooks: undefined,
};

/** The outputs each component declares in schema.json, the state another language's SDK reads. */
const schema = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "schema.json"), "utf8"));
const outputNames = (type: string): string[] => Object.keys(schema.resources[type].properties);

interface Run {
    urn: string;
    /** The component's outputs as the engine receives them; an unset optional output is absent. */
    state: { [name: string]: unknown };
    registrations: Registration[];
    invocations: unknown[];
}

let provider: ComponentProvider;

/** Builds the component in TypeScript, under fresh mocks. */
async function viaTypeScript(component: pulumi.ComponentResource, world: ReturnType<typeof installMocks>, type: string): Promise<Run> {
    const state: { [name: string]: unknown } = {};
    for (const name of outputNames(type)) {
        const value = await valueOf((component as unknown as { [name: string]: pulumi.Output<unknown> })[name]);
        if (value !== undefined) {
            state[name] = value;
        }
    }
    const urn = await valueOf(component.urn);
    await settle();
    return { urn, state, registrations: world.registrations, invocations: world.invocations };
}

/** Builds the component from a ConstructRequest carrying `wire` (plain JSON, as another language's SDK sends it), under fresh mocks. */
async function viaConstruct(
    type: string,
    name: string,
    wire: { [key: string]: unknown },
    mocks: MockOptions = {},
    setup: () => { dependencies?: { [key: string]: string[] }; options?: pulumi.ComponentResourceOptions } | Promise<{ dependencies?: { [key: string]: string[] }; options?: pulumi.ComponentResourceOptions }> = () => ({}),
): Promise<Run & { stateDependencies: { [name: string]: string[] } }> {
    const world = installMocks(mocks);
    const { dependencies = {}, options = {} } = await setup();
    const request = new providerproto.ConstructRequest();
    request.setType(type);
    request.setName(name);
    request.setInputs(Struct.fromJavaScript(wire));
    for (const [key, urns] of Object.entries(dependencies)) {
        const propertyDependencies = new providerproto.ConstructRequest.PropertyDependencies();
        propertyDependencies.setUrnsList(urns);
        request.getInputdependenciesMap().set(key, propertyDependencies);
    }
    const inputs = await deserializeInputs(request.getInputs(), request.getInputdependenciesMap());
    const result = await provider.construct(request.getName(), request.getType(), inputs, { ...REQUEST_OPTIONS, ...options });
    const [serialized, dependencyMap] = await rpc.serializeResourceProperties(`construct(${type}, ${name})`, result.state);
    const response = new providerproto.ConstructResponse();
    response.setState(Struct.fromJavaScript(serialized));
    const stateDependencies: { [name: string]: string[] } = {};
    for (const [key, resources] of dependencyMap as Map<string, Set<pulumi.Resource>>) {
        stateDependencies[key] = (await Promise.all([...resources].map((r) => valueOf(r.urn)))).sort();
    }
    const urn = await valueOf(pulumi.output(result.urn));
    await settle();
    return { urn, state: response.getState().toJavaScript(), stateDependencies, registrations: world.registrations, invocations: world.invocations };
}

const shape = (run: Run) => run.registrations.map((r) => [r.type, r.name]);


interface Scenario {
    title: string;
    type: string;
    mocks?: MockOptions;
    /** The inputs as another language's SDK sends them: enums are their string values, maps are objects. */
    wire: { [key: string]: unknown };
    typescript: () => pulumi.ComponentResource;
    children: string[][];
}

const roleScenarios: Scenario[] = [
    {
        title: "the tutorial's environment-scoped S3 reader with every role and ServiceAccount argument",
        type: ROLE_TYPE,
        wire: {
            oidcProviderArn: PROVIDER_ARN,
            namespace: TUTORIAL_NAMESPACE,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            scope: "Environment",
            serviceAccountMode: "Manifest",
            policyArns: { s3: S3_READ_ONLY, sqs: SQS_READ_ONLY },
            inlinePolicies: { getObjects: DOCUMENT },
            roleName: "tutorial-s3",
            rolePath: "/irsa/",
            roleDescription: "Reads S3 for the tutorial",
            maxSessionDuration: 7200,
            tags: { team: "data" },
            additionalServiceAccounts: [{ namespace: "z*", name: "batch" }],
            additionalOidcProviderArns: [GREEN],
            trustPolicySizeLimit: 4096,
            managedPolicyLimit: 20,
            serviceAccountLabels: { "app.kubernetes.io/name": "debian" },
            serviceAccountAnnotations: { "example.com/owner": "data" },
            stsRegionalEndpoints: true,
            tokenExpirationSeconds: 3600,
            automountServiceAccountToken: false,
            createNamespace: true,
        },
        typescript: () => {
            const args: ServiceAccountRoleArgs = {
                oidcProviderArn: PROVIDER_ARN,
                namespace: TUTORIAL_NAMESPACE,
                serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
                scope: TrustScope.Environment,
                serviceAccountMode: ServiceAccountMode.Manifest,
                policyArns: { s3: S3_READ_ONLY, sqs: SQS_READ_ONLY },
                inlinePolicies: { getObjects: DOCUMENT },
                roleName: "tutorial-s3",
                rolePath: "/irsa/",
                roleDescription: "Reads S3 for the tutorial",
                maxSessionDuration: 7200,
                tags: { team: "data" },
                additionalServiceAccounts: [{ namespace: "z*", name: "batch" }],
                additionalOidcProviderArns: [GREEN],
                trustPolicySizeLimit: 4096,
                managedPolicyLimit: 20,
                serviceAccountLabels: { "app.kubernetes.io/name": "debian" },
                serviceAccountAnnotations: { "example.com/owner": "data" },
                stsRegionalEndpoints: true,
                tokenExpirationSeconds: 3600,
                automountServiceAccountToken: false,
                createNamespace: true,
            };
            return new ServiceAccountRole("s3-reader", args);
        },
        children: [
            [ROLE_TYPE, "s3-reader"],
            [NAMESPACE, "s3-reader-namespace"],
            [ROLE, "s3-reader"],
            [ATTACHMENT, "s3-reader-s3"],
            [ATTACHMENT, "s3-reader-sqs"],
            [INLINE, "s3-reader-getObjects"],
            [SERVICE_ACCOUNT, "s3-reader-sa"],
        ],
    },
    {
        title: "a cluster-scoped role without a ServiceAccount (scope \"Cluster\", serviceAccountMode \"None\")",
        type: ROLE_TYPE,
        wire: {
            oidcProviderArn: PROVIDER_ARN,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            scope: "Cluster",
            namespacePattern: "z????????-z????????",
            serviceAccountMode: "None",
            policyArns: { s3: S3_READ_ONLY },
        },
        typescript: () =>
            new ServiceAccountRole("s3-reader", {
                oidcProviderArn: PROVIDER_ARN,
                serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
                scope: TrustScope.Cluster,
                namespacePattern: "z????????-z????????",
                serviceAccountMode: ServiceAccountMode.None,
                policyArns: { s3: S3_READ_ONLY },
            }),
        children: [
            [ROLE_TYPE, "s3-reader"],
            [ROLE, "s3-reader"],
            [ATTACHMENT, "s3-reader-s3"],
        ],
    },
    {
        title: "trust from issuerUrl with a child ClusterOidcProvider (createOidcProvider, audience, tags)",
        type: ROLE_TYPE,
        wire: {
            issuerUrl: `${ISSUER_URL}/`,
            createOidcProvider: true,
            audience: "irsa.example.com",
            tags: { team: "data" },
            namespace: TUTORIAL_NAMESPACE,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            policyArns: { s3: S3_READ_ONLY },
        },
        typescript: () =>
            new ServiceAccountRole("s3-reader", {
                issuerUrl: `${ISSUER_URL}/`,
                createOidcProvider: true,
                audience: "irsa.example.com",
                tags: { team: "data" },
                namespace: TUTORIAL_NAMESPACE,
                serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
                policyArns: { s3: S3_READ_ONLY },
            }),
        children: [
            [ROLE_TYPE, "s3-reader"],
            [OIDC_TYPE, "s3-reader-oidc"],
            [OIDC, "s3-reader-oidc-provider"],
            [ROLE, "s3-reader"],
            [ATTACHMENT, "s3-reader-s3"],
            [SERVICE_ACCOUNT, "s3-reader-sa"],
        ],
    },
    {
        title: "trust looked up from clusterName",
        type: ROLE_TYPE,
        mocks: { clusters: { prod: ISSUER_URL } },
        wire: { clusterName: "prod", namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
        typescript: () => new ServiceAccountRole("s3-reader", { clusterName: "prod", namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }),
        children: [
            [ROLE_TYPE, "s3-reader"],
            [ROLE, "s3-reader"],
            [SERVICE_ACCOUNT, "s3-reader-sa"],
        ],
    },
    {
        title: "an existing role without a trust source, whose unset outputs are left out of the state",
        type: ROLE_TYPE,
        wire: { roleArn: `arn:aws:iam::${ACCOUNT}:role/platform/s3-reader`, namespace: "zclone-1", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
        typescript: () =>
            new ServiceAccountRole("s3-reader", { roleArn: `arn:aws:iam::${ACCOUNT}:role/platform/s3-reader`, namespace: "zclone-1", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }),
        children: [
            [ROLE_TYPE, "s3-reader"],
            [SERVICE_ACCOUNT, "s3-reader-sa"],
        ],
    },
];

const oidcArgs: ClusterOidcProviderArgs = {
    issuerUrl: `${ISSUER_URL}/`,
    clientIds: ["sts.amazonaws.com", "irsa.example.com"],
    thumbprints: [THUMBPRINT],
    tags: { cluster: "prod" },
};
const oidcScenarios: Scenario[] = [
    {
        title: "an issuer URL with client IDs, thumbprints and tags",
        type: OIDC_TYPE,
        wire: { issuerUrl: `${ISSUER_URL}/`, clientIds: ["sts.amazonaws.com", "irsa.example.com"], thumbprints: [THUMBPRINT], tags: { cluster: "prod" } },
        typescript: () => new ClusterOidcProvider("prod", oidcArgs),
        children: [
            [OIDC_TYPE, "prod"],
            [OIDC, "prod-provider"],
        ],
    },
    {
        title: "an issuer looked up from clusterName",
        type: OIDC_TYPE,
        mocks: { clusters: { prod: ISSUER_URL } },
        wire: { clusterName: "prod" },
        typescript: () => new ClusterOidcProvider("prod", { clusterName: "prod" }),
        children: [
            [OIDC_TYPE, "prod"],
            [OIDC, "prod-provider"],
        ],
    },
];

describe("construct: the multi-language path", () => {
    before(async function () {
        this.timeout(600000);
        // construct() reads the analysed outputs: the run's one analysis, shared with the schema spec.
        provider = await analysedProvider();
    });

    for (const [component, scenarios] of [
        ["ServiceAccountRole", roleScenarios],
        ["ClusterOidcProvider", oidcScenarios],
    ] as const) {
        describe(`${component} from another language matches the TypeScript component`, () => {
            for (const scenario of scenarios) {
                it(scenario.title, async () => {
                    const world = installMocks(scenario.mocks);
                    const component = scenario.typescript();
                    const typescript = await viaTypeScript(component, world, scenario.type);
                    const name = scenario.children[0][1];
                    const constructed = await viaConstruct(scenario.type, name, scenario.wire, scenario.mocks);

                    expect(shape(typescript)).to.deep.equal(scenario.children);
                    expect(constructed.registrations).to.deep.equal(typescript.registrations);
                    expect(constructed.invocations).to.deep.equal(typescript.invocations);
                    expect(constructed.urn).to.equal(typescript.urn);
                    expect(constructed.state).to.deep.equal(typescript.state);
                });
            }
        });
    }

    describe("the state another language reads", () => {
        it("carries every declared output of the tutorial role with its value", async () => {
            const run = await viaConstruct(ROLE_TYPE, "s3-reader", {
                oidcProviderArn: PROVIDER_ARN,
                namespace: TUTORIAL_NAMESPACE,
                serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
                policyArns: { s3: S3_READ_ONLY },
            });
            const roleArn = `arn:aws:iam::${ACCOUNT}:role/s3-reader-1a2b3c4`;
            expect(Object.keys(run.state).sort()).to.deep.equal([...outputNames(ROLE_TYPE)].sort());
            expect(run.state).to.include({ roleArn, roleName: "s3-reader-1a2b3c4", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, namespace: TUTORIAL_NAMESPACE });
            expect(run.state.serviceAccountAnnotations).to.deep.equal({ "eks.amazonaws.com/role-arn": roleArn });
        });
    });

    describe("inputs that carry dependencies and explicit providers", () => {
        it("turns an input with dependencies into an Output whose dependency reaches the role and the state, as provider.arn does in TypeScript", async () => {
            const world = installMocks();
            const cluster = new iam.OpenIdConnectProvider("cluster", { url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
            const role = new ServiceAccountRole("s3-reader", { oidcProviderArn: cluster.arn, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT });
            const typescript = await viaTypeScript(role, world, ROLE_TYPE);
            const clusterUrn = await valueOf(cluster.urn);

            const constructed = await viaConstruct(
                ROLE_TYPE,
                "s3-reader",
                { oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
                {},
                async () => {
                    // Another program's resource, registered before the component as the engine would have.
                    const other = new iam.OpenIdConnectProvider("cluster", { url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
                    return { dependencies: { oidcProviderArn: [await valueOf(other.urn)] } };
                },
            );

            expect(constructed.registrations).to.deep.equal(typescript.registrations);
            expect(constructed.registrations.find((r) => r.type === ROLE)!.dependencies).to.include(clusterUrn);
            expect(constructed.state).to.deep.equal(typescript.state);
            expect(constructed.stateDependencies.oidcProviderArn).to.deep.equal([clusterUrn]);
        });

        it("hands a provider reference from the request's providers map to the aws children", async () => {
            let ref = "";
            const constructed = await viaConstruct(
                ROLE_TYPE,
                "s3-reader",
                { oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, policyArns: { s3: S3_READ_ONLY } },
                {},
                async () => {
                    const awsProvider = new AwsProvider("aws-eu", { region: "eu-west-3" });
                    ref = `${await valueOf(awsProvider.urn)}::${await valueOf(awsProvider.id)}`;
                    // The server's fallback for a provider reference: a DependencyProviderResource.
                    return { options: { providers: { aws: new pulumi.DependencyProviderResource(ref) } } };
                },
            );
            const providerOf = (type: string) => constructed.registrations.filter((r) => r.type === type).map((r) => r.provider);
            expect(providerOf(ROLE)).to.deep.equal([ref]);
            expect(providerOf(ATTACHMENT)).to.deep.equal([ref]);
            expect(providerOf(SERVICE_ACCOUNT)).to.deep.equal([""]);
        });
    });

    describe("invalid inputs from another language", () => {
        async function constructError(wire: { [key: string]: unknown }): Promise<Error> {
            try {
                await viaConstruct(ROLE_TYPE, "s3-reader", wire);
            } catch (error) {
                return error as Error;
            }
            throw new Error("construct must reject");
        }

        it("rejects an enum value outside the enum with the same ResourceError as TypeScript", async () => {
            const error = await constructError({ oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, scope: "Namespace" });
            installMocks();
            let typescriptError: unknown;
            try {
                new ServiceAccountRole("s3-reader", { oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, scope: "Namespace" as TrustScope });
            } catch (e) {
                typescriptError = e;
            }
            expect(error).to.be.instanceOf(pulumi.ResourceError);
            expect(error.message).to.equal((typescriptError as Error).message);
            expect(error.message).to.match(/^ServiceAccountRole "s3-reader": .*scope.*Namespace.*scope is one of Environment, Cluster\./);
        });

        it("rejects conflicting trust sources before creating any child", async () => {
            const error = await constructError({ oidcProviderArn: PROVIDER_ARN, issuerUrl: ISSUER_URL, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT });
            expect(error).to.be.instanceOf(pulumi.ResourceError);
            expect(error.message).to.contain("Choose a single approach.");
        });
    });
});
