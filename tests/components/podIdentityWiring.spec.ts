import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope, WorkloadIdentity } from "../../index";
import { POD_IDENTITY_VERIFY_ACCESS_SCRIPT } from "../../src/components/verifyPodIdentityAccess";
import { ACCOUNT, constructorRefusal, installMocks, ISSUER, MockWorld, PROVIDER_ARN, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const JOB = "kubernetes:batch/v1:Job";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3-reader-1a2b3c4`;
const CLUSTER = "qovery-cluster";
const CLUSTER_ARN = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/${CLUSTER}`;
const IRSA_STATEMENT = `{"Effect":"Allow","Principal":{"Federated":"${PROVIDER_ARN}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${ISSUER}:aud":"sts.amazonaws.com","${ISSUER}:sub":"system:serviceaccount:${TUTORIAL_NAMESPACE}:${TUTORIAL_SERVICE_ACCOUNT}"}}}`;
const POD_STATEMENT = `{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"aws:RequestTag/eks-cluster-arn":"${CLUSTER_ARN}","aws:RequestTag/kubernetes-namespace":"${TUTORIAL_NAMESPACE}","aws:RequestTag/kubernetes-service-account":"${TUTORIAL_SERVICE_ACCOUNT}"}}}`;
const policy = (...statements: string[]) => `{"Version":"2012-10-17","Statement":[${statements.join(",")}]}`;

const tutorialArgs: ServiceAccountRoleArgs = {
    oidcProviderArn: PROVIDER_ARN,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    policyArns: { s3: S3_READ_ONLY },
};

async function deploy(args: ServiceAccountRoleArgs, mocks: Parameters<typeof installMocks>[0] = {}): Promise<{ world: MockWorld; role: ServiceAccountRole }> {
    const world = installMocks(mocks);
    const role = new ServiceAccountRole("s3-reader", args);
    await valueOf(role.roleArn);
    await valueOf(role.serviceAccountAnnotations);
    await settle();
    return { world, role };
}


describe("ServiceAccountRole identity: the three modes for the tutorial's ServiceAccount", () => {
    it("Irsa (explicit) is byte for byte the default", async () => {
        const plain = await deploy(tutorialArgs);
        const explicit = await deploy({ ...tutorialArgs, identity: WorkloadIdentity.Irsa });
        // The component's own inputs record the arguments; every child is the same.
        const children = (world: MockWorld) => world.registrations.filter((r) => r.custom).map((r) => [r.type, r.name, r.inputs, r.dependencies]);
        expect(children(explicit.world)).to.deep.equal(children(plain.world));
        expect(await valueOf(explicit.role.trustPolicy)).to.equal(policy(IRSA_STATEMENT));
    });

    it("Both trusts IRSA first, then Pod Identity, keeps the annotation and creates the association", async () => {
        const { world, role } = await deploy({ ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: CLUSTER });
        expect(await valueOf(role.trustPolicy)).to.equal(policy(IRSA_STATEMENT, POD_STATEMENT));
        expect(world.byName("s3-reader", ROLE).inputs.assumeRolePolicy).to.equal(policy(IRSA_STATEMENT, POD_STATEMENT));
        expect(world.byName("s3-reader-sa", SERVICE_ACCOUNT).inputs.metadata.annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": ROLE_ARN });
        expect(world.byName(`s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`, ASSOCIATION).inputs).to.deep.equal({
            clusterName: CLUSTER,
            namespace: TUTORIAL_NAMESPACE,
            serviceAccount: TUTORIAL_SERVICE_ACCOUNT,
            roleArn: ROLE_ARN,
        });
    });

    it("PodIdentity trusts only pods.eks.amazonaws.com, drops the annotation, and the ServiceAccount waits for the association", async () => {
        const { world, role } = await deploy({ ...tutorialArgs, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER });
        expect(await valueOf(role.trustPolicy)).to.equal(policy(POD_STATEMENT));
        const serviceAccount = world.byName("s3-reader-sa", SERVICE_ACCOUNT);
        expect(serviceAccount.inputs.metadata).to.deep.equal({ name: TUTORIAL_SERVICE_ACCOUNT, namespace: TUTORIAL_NAMESPACE, annotations: {} });
        expect(await valueOf(role.serviceAccountAnnotations)).to.deep.equal({});
        const association = world.byName(`s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`, ASSOCIATION);
        expect(serviceAccount.dependencies).to.include.members([association.urn, world.byName("s3-reader-s3", ATTACHMENT).urn]);
        expect(association.dependencies).to.include(world.byName("s3-reader", ROLE).urn);
    });

    it("Irsa -> Both -> PodIdentity -> Irsa keeps every URN but the associations', and changes only the role's assumeRolePolicy", async () => {
        const steps: { identity: WorkloadIdentity; clusterName?: string }[] = [
            { identity: WorkloadIdentity.Irsa },
            { identity: WorkloadIdentity.Both, clusterName: CLUSTER },
            { identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER },
            { identity: WorkloadIdentity.Irsa },
        ];
        const runs = [];
        for (const step of steps) {
            runs.push((await deploy({ ...tutorialArgs, ...step })).world);
        }
        const urns = (world: MockWorld) => world.registrations.filter((r) => r.type !== ASSOCIATION).map((r) => r.urn);
        const roleInputs = (world: MockWorld) => {
            const { assumeRolePolicy: _, ...others } = world.byName("s3-reader", ROLE).inputs;
            return others;
        };
        for (const world of runs) {
            expect(urns(world)).to.deep.equal(urns(runs[0]));
            expect(roleInputs(world)).to.deep.equal(roleInputs(runs[0]));
            expect(world.byName("s3-reader-s3", ATTACHMENT).inputs).to.deep.equal({ role: "s3-reader-1a2b3c4", policyArn: S3_READ_ONLY });
        }
        expect(runs.map((w) => w.registrations.filter((r) => r.type === ASSOCIATION).map((r) => r.urn))).to.deep.equal([
            [],
            [`urn:pulumi:stack::project::eks-irsa:index:ServiceAccountRole$${ASSOCIATION}::s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`],
            [`urn:pulumi:stack::project::eks-irsa:index:ServiceAccountRole$${ASSOCIATION}::s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`],
            [],
        ]);
        expect(runs.map((w) => w.byName("s3-reader", ROLE).inputs.assumeRolePolicy)).to.deep.equal([
            policy(IRSA_STATEMENT),
            policy(IRSA_STATEMENT, POD_STATEMENT),
            policy(POD_STATEMENT),
            policy(IRSA_STATEMENT),
        ]);
    });
});

describe("ServiceAccountRole identity: the cluster and its ARN", () => {
    it("with clusterName alone and PodIdentity, takes the ARN from aws.eks.getCluster and looks up no OIDC provider", async () => {
        const { world, role } = await deploy(
            { namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, clusterName: CLUSTER, identity: WorkloadIdentity.PodIdentity },
            { clusters: { [CLUSTER]: `https://${ISSUER}` } },
        );
        expect(await valueOf(role.trustPolicy)).to.equal(policy(POD_STATEMENT));
        expect(world.invocations.map((i) => i.token)).to.deep.equal(["aws:eks/getCluster:getCluster"]);
        expect(await valueOf(role.oidcProviderArn)).to.equal(undefined);
    });

    it("with clusterName alone and Both, names the looked-up cluster in the Pod Identity statement", async () => {
        const { role } = await deploy(
            { namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, clusterName: CLUSTER, identity: WorkloadIdentity.Both },
            { clusters: { [CLUSTER]: `https://${ISSUER}` } },
        );
        expect(await valueOf(role.trustPolicy)).to.equal(policy(IRSA_STATEMENT, POD_STATEMENT));
    });

    it("with scope Cluster and Both, keeps the pattern in IRSA and associates the exact own namespace", async () => {
        const { world, role } = await deploy({ ...tutorialArgs, scope: TrustScope.Cluster, identity: WorkloadIdentity.Both, clusterName: CLUSTER });
        const statements = JSON.parse((await valueOf(role.trustPolicy))!).Statement;
        expect(statements[0].Condition.StringLike).to.deep.equal({ [`${ISSUER}:sub`]: `system:serviceaccount:z*:${TUTORIAL_SERVICE_ACCOUNT}` });
        expect(JSON.stringify(statements[1])).to.equal(POD_STATEMENT);
        expect(world.registrations.filter((r) => r.type === ASSOCIATION).map((r) => r.inputs.namespace)).to.deep.equal([TUTORIAL_NAMESPACE]);
    });

    it("gives each exact additional ServiceAccount its association and a statement per pair", async () => {
        const { world, role } = await deploy({
            ...tutorialArgs,
            identity: WorkloadIdentity.PodIdentity,
            clusterName: CLUSTER,
            additionalServiceAccounts: [{ namespace: "other", name: "reader" }],
        });
        expect(world.registrations.filter((r) => r.type === ASSOCIATION).map((r) => r.name)).to.deep.equal([
            `s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`,
            "s3-reader-pod-identity-other.reader",
        ]);
        expect(JSON.parse((await valueOf(role.trustPolicy))!).Statement.map((s: any) => s.Condition.StringEquals["aws:RequestTag/kubernetes-namespace"])).to.deep.equal([
            TUTORIAL_NAMESPACE,
            "other",
        ]);
    });

    it("passes targetRoleArn and disableSessionTags (with the opt-in) to the association, and then drops the conditions", async () => {
        const target = "arn:aws:iam::210987654321:role/data-reader";
        const { world, role } = await deploy({
            ...tutorialArgs,
            identity: WorkloadIdentity.PodIdentity,
            clusterName: CLUSTER,
            targetRoleArn: target,
            disableSessionTags: true,
            allowUnconditionedPodIdentityTrust: true,
        });
        const association = world.registrations.find((r) => r.type === ASSOCIATION)!;
        expect(association.inputs.targetRoleArn).to.equal(target);
        expect(association.inputs.disableSessionTags).to.equal(true);
        expect(await valueOf(role.trustPolicy)).to.equal(policy(`{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}`));
    });

    it("runs the Pod Identity verify script with PodIdentity, after the association", async () => {
        const { world } = await deploy({ ...tutorialArgs, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER, verifyAccess: true });
        const job = world.registrations.find((r) => r.type === JOB)!;
        expect(job.inputs.spec.template.spec.containers[0].command).to.deep.equal(["sh", "-c", POD_IDENTITY_VERIFY_ACCESS_SCRIPT]);
        expect(job.dependencies).to.include(world.registrations.find((r) => r.type === ASSOCIATION)!.urn);
    });

    it("runs the IRSA verify script with Both (the SDKs use IRSA while the annotation is there)", async () => {
        const { world } = await deploy({ ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: CLUSTER, verifyAccess: true });
        const job = world.registrations.find((r) => r.type === JOB)!;
        expect(job.inputs.spec.template.spec.containers[0].command[2]).to.not.equal(POD_IDENTITY_VERIFY_ACCESS_SCRIPT);
    });
});

describe("ServiceAccountRole identity: refusals before anything is created", () => {
    const cases: [string, ServiceAccountRoleArgs, string][] = [
        ["PodIdentity without clusterName", { ...tutorialArgs, identity: WorkloadIdentity.PodIdentity }, "identity PodIdentity creates an EKS Pod Identity association, which needs the cluster's name"],
        ["Both without clusterName", { ...tutorialArgs, identity: WorkloadIdentity.Both }, "identity Both creates an EKS Pod Identity association"],
        ["clusterName beside oidcProviderArn with Irsa", { ...tutorialArgs, clusterName: CLUSTER }, "the trust comes from exactly one of"],
        ["scope Cluster with PodIdentity", { ...tutorialArgs, scope: TrustScope.Cluster, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER }, "EKS Pod Identity has no namespace wildcards"],
        [
            "a namespace pattern with PodIdentity",
            { ...tutorialArgs, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER, additionalServiceAccounts: [{ namespace: "z*", name: "x" }] },
            "EKS Pod Identity has no namespace wildcards: an association names one exact namespace",
        ],
        ["disableSessionTags without the opt-in", { ...tutorialArgs, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER, disableSessionTags: true }, "set allowUnconditionedPodIdentityTrust: true"],
        ["disableSessionTags with Irsa", { ...tutorialArgs, disableSessionTags: true }, "which identity Irsa does not create"],
        [
            "PodIdentity with Qovery's chart",
            { ...tutorialArgs, identity: WorkloadIdentity.PodIdentity, clusterName: CLUSTER, serviceAccountMode: ServiceAccountMode.HelmChart },
            "chart always renders the eks.amazonaws.com/role-arn annotation",
        ],
        ["a bad cluster name", { ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: "-bad" }, "an EKS cluster name has 1 to 100 characters"],
        ["a late namespace", { ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: CLUSTER, namespace: pulumi.output(TUTORIAL_NAMESPACE) }, "must be known when the program runs"],
        ["an unknown identity", { ...tutorialArgs, identity: "Oidc" as WorkloadIdentity }, "identity is one of Irsa, PodIdentity, Both"],
        ["targetRoleArn that is not a role ARN", { ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: CLUSTER, targetRoleArn: "data-reader" }, "is an IAM role ARN"],
    ];
    for (const [what, args, rule] of cases) {
        it(`refuses ${what}`, async () => {
            expect(constructorRefusal(args)).to.contain(rule);
            await settle();
        });
    }

    it("accepts PodIdentity with a chart other than Qovery's", async () => {
        const { world } = await deploy({
            ...tutorialArgs,
            identity: WorkloadIdentity.PodIdentity,
            clusterName: CLUSTER,
            serviceAccountMode: ServiceAccountMode.HelmChart,
            helmChart: { chart: "my-sa-chart", repository: "https://charts.example.com/" },
        });
        expect(world.registrations.filter((r) => r.type === ASSOCIATION).length).to.equal(1);
    });

    it("refuses a late targetRoleArn that is not a role ARN with the same message", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...tutorialArgs, identity: WorkloadIdentity.Both, clusterName: CLUSTER, targetRoleArn: pulumi.output("data-reader") });
        let message = "";
        await valueOf(role.roleArn).catch((e: Error) => (message = e.message));
        expect(message).to.contain('ServiceAccountRole "s3-reader"');
        expect(message).to.contain("is an IAM role ARN");
        await settle().catch(() => undefined);
    });
});
