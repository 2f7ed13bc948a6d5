import { expect } from "chai";
import { ISSUER, ISSUER_URL, MockWorld, PROVIDER_ARN, runExample } from "./harness";

const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

function types(world: MockWorld): string[][] {
    return world.registrations.map((r) => [r.type, r.name]);
}

describe("examples/qovery-environment: the tutorial's environment-scoped S3 reader", () => {
    it("looks the provider up, creates the role, its S3 attachment, the ServiceAccount and a Debian container using it", async () => {
        const { world, exports } = await runExample("qovery-environment", { config: { issuerUrl: ISSUER_URL } });
        expect(types(world)).to.deep.equal([
            ["eks-irsa:index:ServiceAccountRole", "s3-reader"],
            ["aws:iam/role:Role", "s3-reader"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-reader-s3ReadOnly"],
            ["kubernetes:core/v1:ServiceAccount", "s3-reader-sa"],
            ["kubernetes:apps/v1:Deployment", "debian"],
        ]);
        expect(world.invocations.map((i) => i.inputs)).to.deep.equal([{ url: ISSUER_URL }]);
        expect(world.byName("s3-reader-s3ReadOnly").inputs.policyArn).to.equal(S3_READ_ONLY);
        const sub = JSON.parse(exports.trustPolicy as string).Statement[0].Condition.StringEquals[`${ISSUER}:sub`];
        expect(sub).to.equal("system:serviceaccount:z9b830e28-ze23976e2:my-s3-role");

        const deployment = world.byName("debian");
        expect(deployment.inputs.metadata.namespace).to.equal("z9b830e28-ze23976e2");
        expect(deployment.inputs.spec.replicas).to.equal(1);
        const pod = deployment.inputs.spec.template.spec;
        expect(pod.serviceAccountName).to.equal("my-s3-role");
        expect(pod.containers[0].resources).to.deep.equal({ requests: { memory: "128Mi" }, limits: { memory: "128Mi" } });
        // The pod must be created after the ServiceAccount, or the webhook does not inject the role.
        expect(deployment.dependencies).to.include(world.byName("s3-reader-sa").urn);
    });

    it("creates the OIDC provider when createOidcProvider is set", async () => {
        const { world } = await runExample("qovery-environment", { config: { issuerUrl: ISSUER_URL, createOidcProvider: "true" } });
        expect(world.byName("s3-reader-oidc-provider").inputs).to.deep.equal({ url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
        expect(world.invocations).to.deep.equal([]);
    });
});

describe("examples/qovery-cluster: the z* role and a clone's ServiceAccount", () => {
    it("trusts every z* namespace and gives the clone's namespace a ServiceAccount for the same role", async () => {
        const { world, exports } = await runExample("qovery-cluster", { config: { oidcProviderArn: PROVIDER_ARN } });
        expect(types(world)).to.have.deep.members([
            ["eks-irsa:index:ServiceAccountRole", "s3-reader"],
            ["eks-irsa:index:ServiceAccountRole", "s3-reader-clone"],
            ["aws:iam/role:Role", "s3-reader"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-reader-s3ReadOnly"],
            ["kubernetes:core/v1:ServiceAccount", "s3-reader-sa"],
            ["kubernetes:core/v1:ServiceAccount", "s3-reader-clone-sa"],
        ]);
        const condition = JSON.parse(exports.trustPolicy as string).Statement[0].Condition;
        expect(condition.StringLike).to.deep.equal({ [`${ISSUER}:sub`]: "system:serviceaccount:z*:my-s3-role" });
        const clone = world.byName("s3-reader-clone-sa").inputs.metadata;
        expect(clone.namespace).to.equal("z1c2d3e4f-z5a6b7c8d");
        expect(clone.annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": exports.roleArn });
        expect(exports.cloneAnnotations).to.deep.equal({ "eks.amazonaws.com/role-arn": exports.roleArn });
    });
});

describe("examples/qovery-tutorial: every step of the tutorial in one program", () => {
    it("looks the issuer up, reuses the provider, deploys the chart, verifies with aws s3 ls and runs Debian with the ServiceAccount", async () => {
        const { world, exports } = await runExample("qovery-tutorial", {
            config: { clusterName: "qovery" },
            env: { QOVERY_KUBERNETES_NAMESPACE_NAME: "z9b830e28-ze23976e2" },
            mocks: { clusters: { qovery: ISSUER_URL } },
        });
        expect(types(world)).to.have.deep.members([
            ["eks-irsa:index:ServiceAccountRole", "s3-reader"],
            ["aws:iam/role:Role", "s3-reader"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-reader-s3ReadOnly"],
            ["kubernetes:helm.sh/v3:Release", "s3-reader-sa"],
            ["kubernetes:batch/v1:Job", "s3-reader-verify-access"],
            ["kubernetes:apps/v1:Deployment", "debian"],
        ]);
        expect(world.invocations.map((i) => i.token)).to.deep.equal(["aws:eks/getCluster:getCluster", "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"]);
        const release = world.byName("s3-reader-sa").inputs;
        expect([release.chart, release.version, release.repositoryOpts.repo, release.namespace]).to.deep.equal([
            "qovery-sa-helper",
            "0.1.0",
            "https://qovery.github.io/create_service_account/",
            "z9b830e28-ze23976e2",
        ]);
        expect(release.values).to.deep.equal({ serviceAccount: { name: "my-s3-role", annotations: {} }, awsRoleArn: exports.roleArn });
        const probe = world.byName("s3-reader-verify-access").inputs.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === "PROBE_COMMAND");
        expect(probe.value).to.equal("aws s3 ls");
        const condition = JSON.parse(exports.trustPolicy as string).Statement[0].Condition;
        expect(condition.StringEquals[`${ISSUER}:sub`]).to.equal("system:serviceaccount:z9b830e28-ze23976e2:my-s3-role");
        const deployment = world.byName("debian");
        expect(deployment.inputs.spec.template.spec.serviceAccountName).to.equal("my-s3-role");
        expect(deployment.dependencies).to.include(world.byName("s3-reader-sa").urn);
    });

    it("takes the cluster scope and creates the provider when configured so", async () => {
        const { world, exports } = await runExample("qovery-tutorial", {
            config: { clusterName: "qovery", scope: "Cluster", createOidcProvider: "true" },
            mocks: { clusters: { qovery: ISSUER_URL } },
        });
        expect(world.byName("s3-reader-oidc-provider").inputs).to.deep.equal({ url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
        const condition = JSON.parse(exports.trustPolicy as string).Statement[0].Condition;
        expect(condition.StringLike).to.deep.equal({ [`${ISSUER}:sub`]: "system:serviceaccount:z*:my-s3-role" });
    });
});

describe("examples/pod-identity: a new role for EKS Pod Identity only", () => {
    it("trusts pods.eks.amazonaws.com for the looked-up cluster, creates the association and no role-arn annotation", async () => {
        const { world, exports } = await runExample("pod-identity", { config: { clusterName: "qovery-cluster" }, mocks: { clusters: { "qovery-cluster": ISSUER_URL } } });
        expect(types(world)).to.deep.equal([
            ["eks-irsa:index:ServiceAccountRole", "s3-reader"],
            ["aws:iam/role:Role", "s3-reader"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3-reader-s3ReadOnly"],
            ["aws:eks/podIdentityAssociation:PodIdentityAssociation", "s3-reader-pod-identity-z9b830e28-ze23976e2.my-s3-role"],
            ["kubernetes:core/v1:ServiceAccount", "s3-reader-sa"],
        ]);
        expect(JSON.parse(exports.trustPolicy as string).Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-3:123456789012:cluster/qovery-cluster",
                        "aws:RequestTag/kubernetes-namespace": "z9b830e28-ze23976e2",
                        "aws:RequestTag/kubernetes-service-account": "my-s3-role",
                    },
                },
            },
        ]);
        expect(exports.serviceAccountAnnotations).to.deep.equal({});
        expect(world.invocations.map((i) => i.token)).to.deep.equal(["aws:eks/getCluster:getCluster"]);
    });
});

describe("examples/migrate-to-pod-identity: Irsa -> Both -> PodIdentity from stack config", () => {
    it("keeps the role's URN, name and ARN across the three steps and changes only the trust, the association and the annotation", async () => {
        const runs = [];
        for (const identity of ["Irsa", "Both", "PodIdentity"]) {
            runs.push(await runExample("migrate-to-pod-identity", { config: { identity, oidcProviderArn: PROVIDER_ARN, clusterName: "qovery-cluster" } }));
        }
        const roles = runs.map(({ world }) => world.byName("s3-reader", "aws:iam/role:Role"));
        expect(new Set(roles.map((r) => r.urn)).size).to.equal(1);
        expect(runs.map(({ exports }) => [exports.roleName, exports.roleArn])).to.deep.equal(
            Array(3).fill(["s3-reader-1a2b3c4", "arn:aws:iam::123456789012:role/s3-reader-1a2b3c4"]),
        );
        expect(runs.map(({ exports }) => JSON.parse(exports.trustPolicy as string).Statement.map((s: any) => s.Principal))).to.deep.equal([
            [{ Federated: PROVIDER_ARN }],
            [{ Federated: PROVIDER_ARN }, { Service: "pods.eks.amazonaws.com" }],
            [{ Service: "pods.eks.amazonaws.com" }],
        ]);
        expect(runs.map(({ world }) => world.registrations.filter((r) => r.type.startsWith("aws:eks/")).map((r) => r.name))).to.deep.equal([
            [],
            ["s3-reader-pod-identity-z9b830e28-ze23976e2.my-s3-role"],
            ["s3-reader-pod-identity-z9b830e28-ze23976e2.my-s3-role"],
        ]);
        expect(runs.map(({ exports }) => Object.keys(exports.serviceAccountAnnotations as object))).to.deep.equal([["eks.amazonaws.com/role-arn"], ["eks.amazonaws.com/role-arn"], []]);
    });
});

describe("examples/cluster-addons: the load balancer controller, external-dns, cert-manager and the EBS CSI driver on one cluster", () => {
    const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
    const config = { oidcProviderArn: PROVIDER_ARN, clusterName: "demo", vpcId: "vpc-0123456789abcdef0", hostedZoneArn: ZONE };

    it("creates one role per add-on, each trusted by its own ServiceAccount and holding only its add-on's policies", async () => {
        const { world, exports } = await runExample("cluster-addons", { config });
        const addonPolicies = (name: string) =>
            world.registrations
                .filter((r) => r.parent === world.byName(name, "eks-irsa:index:ServiceAccountRole").urn && r.type !== "aws:iam/role:Role")
                .map((r) => [r.type, r.name]);
        expect(addonPolicies("aws-load-balancer-controller")).to.have.deep.members([
            ["aws:iam/policy:Policy", "aws-load-balancer-controller-addon-loadBalancerController"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws-load-balancer-controller-addon-loadBalancerController"],
            ["aws:iam/policy:Policy", "aws-load-balancer-controller-addon-loadBalancerController-2"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws-load-balancer-controller-addon-loadBalancerController-2"],
        ]);
        expect(addonPolicies("external-dns")).to.deep.equal([["aws:iam/rolePolicy:RolePolicy", "external-dns-addon-externalDns"]]);
        expect(addonPolicies("cert-manager")).to.deep.equal([["aws:iam/rolePolicy:RolePolicy", "cert-manager-addon-certManager"]]);
        expect(addonPolicies("ebs-csi-driver")).to.have.deep.members([
            ["aws:iam/policy:Policy", "ebs-csi-driver-addon-ebsCsiDriver"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ebs-csi-driver-addon-ebsCsiDriver"],
        ]);
        const subjects = ["aws-load-balancer-controller", "external-dns", "cert-manager", "ebs-csi-driver"].map(
            (name) => JSON.parse(world.byName(name, "aws:iam/role:Role").inputs.assumeRolePolicy).Statement[0].Condition.StringEquals[`${ISSUER}:sub`],
        );
        expect(subjects).to.deep.equal([
            "system:serviceaccount:kube-system:aws-load-balancer-controller",
            "system:serviceaccount:external-dns:external-dns",
            "system:serviceaccount:cert-manager:cert-manager",
            "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        ]);
        const externalDns = JSON.parse(world.byName("external-dns-addon-externalDns").inputs.policy);
        expect(externalDns.Statement[0].Resource).to.deep.equal([ZONE]);
        expect(world.registrations.filter((r) => r.type === "kubernetes:core/v1:ServiceAccount")).to.deep.equal([]);
        expect(exports.externalDnsRoleArn).to.equal("arn:aws:iam::123456789012:role/external-dns-1a2b3c4");
    });
});
