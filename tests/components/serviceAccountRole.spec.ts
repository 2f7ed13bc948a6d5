import * as iam from "@pulumi/aws/iam";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../../index";
import {
    ACCOUNT,
    installMocks,
    ISSUER,
    ISSUER_URL,
    isKnown,
    PROVIDER_ARN,
    S3_READ_ONLY,
    settle,
    TUTORIAL_NAMESPACE,
    TUTORIAL_SERVICE_ACCOUNT,
    valueOf,
} from "../harness";

const COMPONENT = "eks-irsa:index:ServiceAccountRole";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const INLINE = "aws:iam/rolePolicy:RolePolicy";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const OIDC_COMPONENT = "eks-irsa:index:ClusterOidcProvider";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3-reader-1a2b3c4`;

function policy(condition: string, arn = PROVIDER_ARN): string {
    return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${arn}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":${condition}}]}`;
}
const environmentPolicy = policy(
    `{"StringEquals":{"${ISSUER}:aud":"sts.amazonaws.com","${ISSUER}:sub":"system:serviceaccount:${TUTORIAL_NAMESPACE}:${TUTORIAL_SERVICE_ACCOUNT}"}}`,
);
const clusterPolicy = policy(`{"StringEquals":{"${ISSUER}:aud":"sts.amazonaws.com"},"StringLike":{"${ISSUER}:sub":"system:serviceaccount:z*:${TUTORIAL_SERVICE_ACCOUNT}"}}`);

const tutorialArgs: ServiceAccountRoleArgs = {
    oidcProviderArn: PROVIDER_ARN,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    policyArns: { s3: S3_READ_ONLY },
};

async function outputsOf(role: ServiceAccountRole) {
    return {
        roleArn: await valueOf(role.roleArn),
        roleName: await valueOf(role.roleName),
        serviceAccountName: await valueOf(role.serviceAccountName),
        namespace: await valueOf(role.namespace),
        oidcProviderArn: await valueOf(role.oidcProviderArn),
        issuer: await valueOf(role.issuer),
        trustPolicy: await valueOf(role.trustPolicy),
        serviceAccountAnnotations: await valueOf(role.serviceAccountAnnotations),
    };
}

describe("ServiceAccountRole: the tutorial's environment-scoped S3 reader", () => {
    let world: ReturnType<typeof installMocks>;
    let role: ServiceAccountRole;
    before(async () => {
        world = installMocks();
        role = new ServiceAccountRole("s3-reader", tutorialArgs);
        await valueOf(role.roleArn);
        await settle();
    });

    it("registers exactly the role, one attachment and the ServiceAccount, each parented to the component", () => {
        const component = world.byName("s3-reader", COMPONENT);
        expect(component.parent).to.equal("");
        expect(world.registrations.map((r) => [r.type, r.name, r.parent])).to.deep.equal([
            [COMPONENT, "s3-reader", ""],
            [ROLE, "s3-reader", component.urn],
            [ATTACHMENT, "s3-reader-s3", component.urn],
            [SERVICE_ACCOUNT, "s3-reader-sa", component.urn],
        ]);
    });

    it("gives the role the exact trust policy, auto-named after the component", () => {
        expect(world.byName("s3-reader", ROLE).inputs).to.deep.equal({ assumeRolePolicy: environmentPolicy });
    });

    it("attaches AmazonS3ReadOnlyAccess to the role", () => {
        expect(world.byName("s3-reader-s3", ATTACHMENT).inputs).to.deep.equal({ role: "s3-reader-1a2b3c4", policyArn: S3_READ_ONLY });
    });

    it("creates the ServiceAccount annotated with the role ARN, after the attachment exists", () => {
        const serviceAccount = world.byName("s3-reader-sa", SERVICE_ACCOUNT);
        expect(serviceAccount.inputs).to.deep.equal({
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: TUTORIAL_SERVICE_ACCOUNT, namespace: TUTORIAL_NAMESPACE, annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } },
        });
        expect(serviceAccount.dependencies).to.include(world.byName("s3-reader-s3", ATTACHMENT).urn);
    });

    it("outputs plain values: ARNs, names, the trust policy and the annotations", async () => {
        expect(await outputsOf(role)).to.deep.equal({
            roleArn: ROLE_ARN,
            roleName: "s3-reader-1a2b3c4",
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            namespace: TUTORIAL_NAMESPACE,
            oidcProviderArn: PROVIDER_ARN,
            issuer: ISSUER,
            trustPolicy: environmentPolicy,
            serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": ROLE_ARN },
        });
    });
});

describe("ServiceAccountRole: the tutorial's cluster-scoped role", () => {
    it("trusts system:serviceaccount:z*:<sa> with StringLike and still checks the audience", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, scope: TrustScope.Cluster });
        expect(await valueOf(role.trustPolicy)).to.equal(clusterPolicy);
    });

    it("uses namespacePattern, e.g. Qovery's environment namespaces only", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, scope: TrustScope.Cluster, namespacePattern: "z????????-z????????" });
        expect(JSON.parse((await valueOf(role.trustPolicy))!).Statement[0].Condition.StringLike).to.deep.equal({
            [`${ISSUER}:sub`]: "system:serviceaccount:z????????-z????????:my-s3-role",
        });
    });

    it("needs no namespace for a role without a ServiceAccount", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", {
            oidcProviderArn: PROVIDER_ARN,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            scope: TrustScope.Cluster,
            serviceAccountMode: ServiceAccountMode.None,
        });
        expect(await valueOf(role.namespace)).to.equal(undefined);
        expect(await valueOf(role.trustPolicy)).to.equal(clusterPolicy);
        await settle();
        expect(world.registrations.map((r) => r.type)).to.deep.equal([COMPONENT, ROLE]);
    });
});

describe("ServiceAccountRole: several subjects and clusters", () => {
    it("adds additionalServiceAccounts and one statement per additionalOidcProviderArns entry", async () => {
        installMocks();
        const green = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/GREEN000000000000000000000000000";
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            additionalServiceAccounts: [{ namespace: "z*", name: "batch" }],
            additionalOidcProviderArns: [green],
        });
        const document = JSON.parse((await valueOf(role.trustPolicy))!);
        const subjects = [`system:serviceaccount:${TUTORIAL_NAMESPACE}:my-s3-role`, "system:serviceaccount:z*:batch"];
        const greenIssuer = green.split("oidc-provider/")[1];
        expect(document.Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${ISSUER}:sub`]: subjects } },
            },
            {
                Effect: "Allow",
                Principal: { Federated: green },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${greenIssuer}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${greenIssuer}:sub`]: subjects } },
            },
        ]);
    });
});

describe("ServiceAccountRole: where the trust comes from", () => {
    it("looks the existing provider up by issuerUrl, as a second stack on the same cluster must", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, oidcProviderArn: undefined, issuerUrl: `${ISSUER_URL}/` });
        expect(await valueOf(role.trustPolicy)).to.equal(environmentPolicy);
        expect(world.invocations.map((i) => [i.token, i.inputs])).to.deep.equal([
            ["aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", { url: ISSUER_URL }],
        ]);
        await settle();
        expect(world.registrations.filter((r) => r.type === OIDC)).to.deep.equal([]);
    });

    it("looks the issuer up from clusterName, then the provider", async () => {
        const world = installMocks({ clusters: { prod: ISSUER_URL } });
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, oidcProviderArn: undefined, clusterName: "prod" });
        expect(await valueOf(role.trustPolicy)).to.equal(environmentPolicy);
        expect(world.invocations.map((i) => i.token)).to.deep.equal(["aws:eks/getCluster:getCluster", "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"]);
        expect(world.invocations[0].inputs).to.deep.equal({ name: "prod" });
    });

    it("creates the provider as a child ClusterOidcProvider with the audience and the tags when createOidcProvider is true", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            oidcProviderArn: undefined,
            issuerUrl: ISSUER_URL,
            createOidcProvider: true,
            audience: "irsa.example.com",
            tags: { team: "data" },
        });
        await valueOf(role.roleArn);
        await settle();
        const component = world.byName("s3-reader", COMPONENT);
        const oidcComponent = world.byName("s3-reader-oidc", OIDC_COMPONENT);
        expect(oidcComponent.parent).to.equal(component.urn);
        const provider = world.byName("s3-reader-oidc-provider", OIDC);
        expect(provider.parent).to.equal(oidcComponent.urn);
        expect(provider.inputs).to.deep.equal({ url: ISSUER_URL, clientIdLists: ["irsa.example.com"], tags: { team: "data" } });
        expect(world.invocations).to.deep.equal([]);
        expect(await valueOf(role.oidcProviderArn)).to.equal(PROVIDER_ARN);
        expect(JSON.parse((await valueOf(role.trustPolicy))!).Statement[0].Condition.StringEquals[`${ISSUER}:aud`]).to.equal("irsa.example.com");
        expect(await valueOf(role.serviceAccountAnnotations)).to.deep.equal({
            "eks.amazonaws.com/role-arn": ROLE_ARN,
            "eks.amazonaws.com/audience": "irsa.example.com",
        });
    });
});

describe("ServiceAccountRole: an existing role", () => {
    const existing = `arn:aws:iam::${ACCOUNT}:role/platform/s3-reader`;

    it("creates only the ServiceAccount and reports, without applying, the trust policy the role needs", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { oidcProviderArn: PROVIDER_ARN, namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, roleArn: existing });
        expect(await valueOf(role.roleArn)).to.equal(existing);
        expect(await valueOf(role.roleName)).to.equal("s3-reader");
        expect(await valueOf(role.trustPolicy)).to.equal(environmentPolicy);
        await settle();
        expect(world.registrations.map((r) => [r.type, r.name])).to.deep.equal([
            [COMPONENT, "s3-reader"],
            [SERVICE_ACCOUNT, "s3-reader-sa"],
        ]);
        expect(world.byName("s3-reader-sa").inputs.metadata.annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": existing });
    });

    it("accepts createOidcProvider: false, which asks for nothing", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { namespace: "zclone-1", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, roleArn: existing, createOidcProvider: false });
        expect(await valueOf(role.roleArn)).to.equal(existing);
    });

    it("needs no trust source, and then has no trust policy", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { namespace: "zclone-1", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, roleArn: existing });
        expect(await valueOf(role.trustPolicy)).to.equal(undefined);
        expect(await valueOf(role.oidcProviderArn)).to.equal(undefined);
        expect(await valueOf(role.serviceAccountAnnotations)).to.deep.equal({ "eks.amazonaws.com/role-arn": existing });
    });
});

describe("ServiceAccountRole: the role and its permissions", () => {
    it("passes every role argument to the role and creates one RolePolicy per inline policy", async () => {
        const world = installMocks();
        const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            roleName: "tutorial-s3",
            rolePath: "/irsa/",
            roleDescription: "Reads S3 for the tutorial",
            maxSessionDuration: 7200,
            permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
            tags: { team: "data" },
            inlinePolicies: { getObjects: document },
        });
        expect(await valueOf(role.roleArn)).to.equal(`arn:aws:iam::${ACCOUNT}:role/irsa/tutorial-s3`);
        await settle();
        expect(world.byName("s3-reader", ROLE).inputs).to.deep.equal({
            name: "tutorial-s3",
            path: "/irsa/",
            description: "Reads S3 for the tutorial",
            maxSessionDuration: 7200,
            permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary",
            tags: { team: "data" },
            assumeRolePolicy: environmentPolicy,
        });
        expect(world.byName("s3-reader-getObjects", INLINE).inputs).to.deep.equal({ role: "tutorial-s3", name: "getObjects", policy: document });
        expect(world.byName("s3-reader-sa", SERVICE_ACCOUNT).dependencies).to.include.members([
            world.byName("s3-reader-s3", ATTACHMENT).urn,
            world.byName("s3-reader-getObjects", INLINE).urn,
        ]);
    });

    it("names attachments by their keys: reordering or adding entries keeps every URN, renaming a key changes only its own", async () => {
        const urnsOf = async (policyArns: { [key: string]: string }) => {
            const world = installMocks();
            const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, policyArns });
            await valueOf(role.roleArn);
            await settle();
            return Object.fromEntries(world.registrations.filter((r) => r.type === ATTACHMENT).map((r) => [r.inputs.policyArn, r.urn]));
        };
        const sqs = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess";
        const logs = "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess";
        const before = await urnsOf({ s3: S3_READ_ONLY, sqs, logs });
        const reorderedAndAdded = await urnsOf({ logs, sqs, s3: S3_READ_ONLY, extra: "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess" });
        expect([reorderedAndAdded[S3_READ_ONLY], reorderedAndAdded[sqs], reorderedAndAdded[logs]]).to.deep.equal([before[S3_READ_ONLY], before[sqs], before[logs]]);
        expect(Object.keys(reorderedAndAdded)).to.have.length(4);
        // Renaming the key "sqs" to "queues": that attachment gets a new URN (Pulumi replaces it), the others keep theirs.
        const renamed = await urnsOf({ s3: S3_READ_ONLY, queues: sqs, logs });
        expect(renamed[sqs]).to.not.equal(before[sqs]);
        expect(renamed[sqs]).to.match(/::s3-reader-queues$/);
        expect([renamed[S3_READ_ONLY], renamed[logs]]).to.deep.equal([before[S3_READ_ONLY], before[logs]]);
    });

    it("roleArn waits for every attachment", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", tutorialArgs);
        const dependencies = await (role.roleArn as any).allResources();
        const urns = await Promise.all([...dependencies].map((r: pulumi.Resource) => valueOf(r.urn)));
        await settle();
        expect(urns).to.include(world.byName("s3-reader-s3", ATTACHMENT).urn);
    });
});

describe("ServiceAccountRole: the ServiceAccount", () => {
    it("carries labels, extra annotations, the webhook settings and automountServiceAccountToken, and can create its namespace", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            serviceAccountLabels: { "app.kubernetes.io/name": "debian" },
            serviceAccountAnnotations: { "example.com/owner": "data" },
            stsRegionalEndpoints: true,
            tokenExpirationSeconds: 3600,
            automountServiceAccountToken: false,
            createNamespace: true,
        });
        const annotations = {
            "eks.amazonaws.com/role-arn": ROLE_ARN,
            "eks.amazonaws.com/sts-regional-endpoints": "true",
            "eks.amazonaws.com/token-expiration": "3600",
            "example.com/owner": "data",
        };
        expect(await valueOf(role.serviceAccountAnnotations)).to.deep.equal(annotations);
        await settle();
        const namespace = world.byName("s3-reader-namespace", "kubernetes:core/v1:Namespace");
        expect(namespace.inputs).to.deep.equal({ apiVersion: "v1", kind: "Namespace", metadata: { name: TUTORIAL_NAMESPACE } });
        const serviceAccount = world.byName("s3-reader-sa", SERVICE_ACCOUNT);
        expect(serviceAccount.inputs).to.deep.equal({
            apiVersion: "v1",
            kind: "ServiceAccount",
            automountServiceAccountToken: false,
            metadata: { name: TUTORIAL_SERVICE_ACCOUNT, namespace: TUTORIAL_NAMESPACE, labels: { "app.kubernetes.io/name": "debian" }, annotations },
        });
        expect(serviceAccount.dependencies).to.include(namespace.urn);
    });

    it("serviceAccountMode None creates the role only and still outputs the annotations for another chart", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, serviceAccountMode: ServiceAccountMode.None });
        expect(await valueOf(role.serviceAccountAnnotations)).to.deep.equal({ "eks.amazonaws.com/role-arn": ROLE_ARN });
        await settle();
        expect(world.registrations.map((r) => r.type)).to.deep.equal([COMPONENT, ROLE, ATTACHMENT]);
    });
});

describe("ServiceAccountRole: explicit providers", () => {
    it("hands opts.providers to the aws and kubernetes children and to the look-ups", async () => {
        const world = installMocks();
        const awsProvider = new AwsProvider("aws-eu", { region: "eu-west-3" });
        const k8sProvider = new kubernetes.Provider("cluster", {});
        const role = new ServiceAccountRole(
            "s3-reader",
            { ...tutorialArgs, oidcProviderArn: undefined, issuerUrl: ISSUER_URL },
            { providers: [awsProvider, k8sProvider] },
        );
        await valueOf(role.roleArn);
        await settle();
        const awsRef = `${await valueOf(awsProvider.urn)}::${await valueOf(awsProvider.id)}`;
        const k8sRef = `${await valueOf(k8sProvider.urn)}::${await valueOf(k8sProvider.id)}`;
        expect(world.byName("s3-reader", ROLE).provider).to.equal(awsRef);
        expect(world.byName("s3-reader-s3", ATTACHMENT).provider).to.equal(awsRef);
        expect(world.byName("s3-reader-sa", SERVICE_ACCOUNT).provider).to.equal(k8sRef);
        expect(world.invocations.map((i) => i.provider)).to.deep.equal([awsRef]);
    });
});

describe("ServiceAccountRole: a preview with unknown values", () => {
    it("registers every child without an error and leaves the trust policy unknown", async () => {
        const world = installMocks({ preview: true, unknownOutputs: [OIDC, ROLE] });
        const provider = new iam.OpenIdConnectProvider("cluster", { url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, oidcProviderArn: provider.arn, serviceAccountName: pulumi.output("my-s3-role") });
        await settle();
        expect(world.registrations.map((r) => r.name)).to.deep.equal(["cluster", "s3-reader", "s3-reader", "s3-reader-s3", "s3-reader-sa"]);
        expect(await isKnown(role.trustPolicy)).to.equal(false);
        expect(await isKnown(role.roleArn)).to.equal(false);
        expect(await valueOf(role.serviceAccountName)).to.equal("my-s3-role");
    });
});

describe("ServiceAccountRole: the ServiceAccount through Qovery's Helm chart", () => {
    const RELEASE = "kubernetes:helm.sh/v3:Release";

    it("deploys qovery-sa-helper 0.1.0 in the namespace with the name, the role ARN and the other annotations as values", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            serviceAccountMode: ServiceAccountMode.HelmChart,
            stsRegionalEndpoints: true,
        });
        await valueOf(role.roleArn);
        await settle();
        expect(world.registrations.map((r) => r.type)).to.deep.equal([COMPONENT, ROLE, ATTACHMENT, RELEASE]);
        const release = world.byName("s3-reader-sa", RELEASE);
        expect(release.parent).to.equal(world.byName("s3-reader", COMPONENT).urn);
        expect(release.inputs).to.deep.include({
            chart: "qovery-sa-helper",
            version: "0.1.0",
            repositoryOpts: { repo: "https://qovery.github.io/create_service_account/" },
            namespace: TUTORIAL_NAMESPACE,
            values: {
                serviceAccount: { name: TUTORIAL_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/sts-regional-endpoints": "true" } },
                awsRoleArn: ROLE_ARN,
            },
        });
        expect(release.dependencies).to.include(world.byName("s3-reader-s3", ATTACHMENT).urn);
    });

    it("takes other chart coordinates", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", {
            ...tutorialArgs,
            serviceAccountMode: ServiceAccountMode.HelmChart,
            helmChart: { repository: "oci://registry.example.com/charts", version: "0.2.0" },
        });
        await valueOf(role.roleArn);
        await settle();
        expect(world.byName("s3-reader-sa", RELEASE).inputs).to.deep.include({
            chart: "qovery-sa-helper",
            version: "0.2.0",
            repositoryOpts: { repo: "oci://registry.example.com/charts" },
        });
    });
});

describe("ServiceAccountRole: Qovery's QOVERY_KUBERNETES_NAMESPACE_NAME", () => {
    afterEach(() => delete process.env.QOVERY_KUBERNETES_NAMESPACE_NAME);

    it("is the namespace when none is given", async () => {
        process.env.QOVERY_KUBERNETES_NAMESPACE_NAME = "z1c2d3e4f-z5a6b7c8d";
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, namespace: undefined });
        expect(await valueOf(role.namespace)).to.equal("z1c2d3e4f-z5a6b7c8d");
        expect(JSON.parse((await valueOf(role.trustPolicy))!).Statement[0].Condition.StringEquals[`${ISSUER}:sub`]).to.equal(
            "system:serviceaccount:z1c2d3e4f-z5a6b7c8d:my-s3-role",
        );
        await settle();
        expect(world.byName("s3-reader-sa").inputs.metadata.namespace).to.equal("z1c2d3e4f-z5a6b7c8d");
    });

    it("never overrides a namespace given as an argument", async () => {
        process.env.QOVERY_KUBERNETES_NAMESPACE_NAME = "z1c2d3e4f-z5a6b7c8d";
        installMocks();
        const role = new ServiceAccountRole("s3-reader", tutorialArgs);
        expect(await valueOf(role.namespace)).to.equal(TUTORIAL_NAMESPACE);
    });
});

describe("ServiceAccountRole: proof of access at deploy time", () => {
    const JOB = "kubernetes:batch/v1:Job";

    it("adds a Job run with the ServiceAccount after it and every policy exist, probing with the user's command", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, verifyAccess: true, verifyAccessOptions: { probeCommand: "aws s3 ls" } });
        await valueOf(role.roleArn);
        await settle();
        const job = world.byName("s3-reader-verify-access", JOB);
        expect(job.parent).to.equal(world.byName("s3-reader", COMPONENT).urn);
        expect(job.dependencies).to.include.members([world.byName("s3-reader-sa", SERVICE_ACCOUNT).urn, world.byName("s3-reader-s3", ATTACHMENT).urn]);
        expect(job.inputs.metadata.namespace).to.equal(TUTORIAL_NAMESPACE);
        const pod = job.inputs.spec.template.spec;
        expect(pod.serviceAccountName).to.equal(TUTORIAL_SERVICE_ACCOUNT);
        const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
        expect(env).to.deep.equal({ ROLE_NAME: "s3-reader-1a2b3c4", EXPECTED_ROLE_ARN: ROLE_ARN, PROBE_COMMAND: "aws s3 ls" });
    });

    it("waits for the Helm release when the chart creates the ServiceAccount", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, serviceAccountMode: ServiceAccountMode.HelmChart, verifyAccess: true });
        await valueOf(role.roleArn);
        await settle();
        expect(world.byName("s3-reader-verify-access", JOB).dependencies).to.include(world.byName("s3-reader-sa", "kubernetes:helm.sh/v3:Release").urn);
    });

    it("adds nothing by default", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", tutorialArgs);
        await valueOf(role.roleArn);
        await settle();
        expect(world.registrations.filter((r) => r.type === JOB)).to.deep.equal([]);
    });
});
