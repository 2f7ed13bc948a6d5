/**
 * What eks-irsa produces from its examples and from a fixed set of component arguments, each run under fresh mocks.
 * The oracle spec cross-checks every trust policy of it and the manifests spec validates every ServiceAccount of it;
 * each calls {@link producedResources} itself, so each checks the same inputs whether it runs alone or in the suite.
 */
import { ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../index";
import { ACCOUNT, installMocks, ISSUER_URL, MockOptions, MockWorld, PROVIDER_ARN, runExample, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "./harness";

/** One resource's inputs as a component registered them, and the run that produced it. */
export interface Produced<T> {
    /** The example or component case, and the resource's name. */
    source: string;
    value: T;
}

export interface ProducedResources {
    /** Every role's `assumeRolePolicy`, as the components sent it to IAM. */
    trustPolicies: Produced<string>[];
    /** Every `kubernetes:core/v1:ServiceAccount` manifest. */
    serviceAccounts: Produced<any>[];
}

const GREEN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/GREEN000000000000000000000000000`;

/** Fixed component arguments covering each trust shape and each ServiceAccount option. */
const COMPONENT_CASES: { name: string; args: ServiceAccountRoleArgs; mocks?: MockOptions }[] = [
    {
        name: "the tutorial's environment scope",
        args: { oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, policyArns: { s3: S3_READ_ONLY } },
    },
    {
        // examples/eks-cluster's arguments (its provider is @pulumi/eks' cluster.oidcProviderArn): that example needs
        // @pulumi/eks, which only scripts/check-consumer.sh installs, so its role is produced here.
        name: "examples/eks-cluster's role, in the namespace default",
        args: { oidcProviderArn: PROVIDER_ARN, namespace: "default", serviceAccountName: "s3-reader", policyArns: { s3ReadOnly: S3_READ_ONLY } },
    },
    {
        name: "the cluster scope with a namespace pattern, role only",
        args: {
            oidcProviderArn: PROVIDER_ARN,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            scope: TrustScope.Cluster,
            namespacePattern: "z????????-z????????",
            serviceAccountMode: ServiceAccountMode.None,
        },
    },
    {
        name: "more ServiceAccounts and clusters, another audience, every ServiceAccount option",
        args: {
            oidcProviderArn: PROVIDER_ARN,
            namespace: TUTORIAL_NAMESPACE,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            additionalServiceAccounts: [{ namespace: "z*", name: "batch" }],
            additionalOidcProviderArns: [GREEN],
            audience: "irsa.example.com",
            roleName: "tutorial-s3",
            rolePath: "/irsa/",
            serviceAccountLabels: { "app.kubernetes.io/name": "debian" },
            serviceAccountAnnotations: { "example.com/owner": "data" },
            stsRegionalEndpoints: true,
            tokenExpirationSeconds: 3600,
            automountServiceAccountToken: false,
            createNamespace: true,
        },
    },
    {
        name: "an issuer URL with a new OIDC provider",
        args: { issuerUrl: `${ISSUER_URL}/`, createOidcProvider: true, namespace: "zclone-1", serviceAccountName: "reader" },
    },
    {
        name: "an issuer looked up from the cluster's name, cluster scope",
        args: { clusterName: "prod", scope: TrustScope.Cluster, namespace: "z1c2d3e4f-z5a6b7c8d", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
        mocks: { clusters: { prod: ISSUER_URL } },
    },
    {
        name: "an existing role",
        args: { roleArn: `arn:aws:iam::${ACCOUNT}:role/platform/s3-reader`, namespace: "zclone-1", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
    },
];

/** The examples' programs with the configurations their spec runs. */
const EXAMPLE_CASES: { name: string; run: Parameters<typeof runExample>[1] }[] = [
    { name: "qovery-environment", run: { config: { issuerUrl: ISSUER_URL } } },
    { name: "qovery-environment", run: { config: { issuerUrl: ISSUER_URL, createOidcProvider: "true" } } },
    { name: "qovery-cluster", run: { config: { oidcProviderArn: PROVIDER_ARN } } },
    {
        name: "cluster-addons",
        run: { config: { oidcProviderArn: PROVIDER_ARN, clusterName: "demo", vpcId: "vpc-0123456789abcdef0", hostedZoneArn: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ" } },
    },
    { name: "qovery-tutorial", run: { config: { clusterName: "qovery" }, mocks: { clusters: { qovery: ISSUER_URL } } } },
    { name: "qovery-tutorial", run: { config: { clusterName: "qovery", scope: "Cluster" }, mocks: { clusters: { qovery: ISSUER_URL } } } },
];

let produced: Promise<ProducedResources> | undefined;

/** Runs every case once per test run (later calls return the same result) and collects what they registered. */
export function producedResources(): Promise<ProducedResources> {
    produced ??= produce();
    return produced;
}

async function produce(): Promise<ProducedResources> {
    const result: ProducedResources = { trustPolicies: [], serviceAccounts: [] };
    const collect = (source: string, world: MockWorld) => {
        for (const r of world.registrations) {
            if (r.type === "aws:iam/role:Role") {
                result.trustPolicies.push({ source: `${source}: ${r.name}`, value: r.inputs.assumeRolePolicy });
            } else if (r.type === "kubernetes:core/v1:ServiceAccount") {
                result.serviceAccounts.push({ source: `${source}: ${r.name}`, value: r.inputs });
            }
        }
    };
    for (const { name, args, mocks } of COMPONENT_CASES) {
        const world = installMocks(mocks);
        await valueOf(new ServiceAccountRole("produced", args).roleArn);
        await settle();
        collect(`component case "${name}"`, world);
    }
    for (const [i, { name, run }] of EXAMPLE_CASES.entries()) {
        const { world } = await runExample(name, run);
        collect(`examples/${name} (run ${i})`, world);
    }
    return result;
}
