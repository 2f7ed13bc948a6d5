import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { WorkloadIdentity } from "../../src/enums";
import { IrsaArgumentError } from "../../src/errors";
import {
    createPodIdentityAssociations,
    keepsRoleArnAnnotation,
    podIdentityAssociationKey,
    podIdentityAssociationName,
    serviceAccountDependencies,
} from "../../src/components/podIdentityAssociation";
import { recordRegistrations } from "../../src/cli/render";
import { ACCOUNT, installMocks, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/my-s3-role`;
const TARGET_ROLE_ARN = "arn:aws:iam::210987654321:role/s3-reader";

describe("podIdentityAssociation: createPodIdentityAssociations under mocks", () => {
    let world: ReturnType<typeof installMocks>;
    let parentUrn: string;
    let attachmentUrn: string;
    const deleteBeforeReplace = new Map<string, boolean>();
    before(async () => {
        world = installMocks();
        // The harness does not record deleteBeforeReplace; the monitor's request carries it.
        recordRegistrations((request) => deleteBeforeReplace.set(request.getName(), request.getDeletebeforereplace()));
        const parent = new pulumi.ComponentResource("test:index:Parent", "s3-reader");
        const attachment = new iam.RolePolicyAttachment("s3-reader-s3", { role: "my-s3-role", policyArn: S3_READ_ONLY }, { parent });
        const associations = createPodIdentityAssociations(
            "s3-reader",
            {
                clusterName: pulumi.output("qovery-cluster"),
                roleArn: pulumi.output(ROLE_ARN),
                targets: [
                    { key: podIdentityAssociationKey(TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT), namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT },
                    { key: podIdentityAssociationKey("batch", "worker.v2"), namespace: "batch", serviceAccountName: pulumi.output("worker.v2") },
                ],
                targetRoleArn: TARGET_ROLE_ARN,
                disableSessionTags: false,
                dependsOn: [attachment],
            },
            parent,
        );
        parentUrn = await valueOf(parent.urn);
        attachmentUrn = await valueOf(attachment.urn);
        await Promise.all(associations.map((a) => valueOf(a.urn)));
        await settle();
    });

    it("creates one association per ServiceAccount, named from the component and a stable key", () => {
        expect(world.registrations.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((r) => r.name)).to.deep.equal([
            `s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`,
            "s3-reader-pod-identity-batch.worker.v2",
        ]);
    });

    it("passes the cluster, the ServiceAccount, the role, targetRoleArn and disableSessionTags through", () => {
        expect(world.byName(`s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`).inputs).to.deep.equal({
            clusterName: "qovery-cluster",
            namespace: TUTORIAL_NAMESPACE,
            serviceAccount: TUTORIAL_SERVICE_ACCOUNT,
            roleArn: ROLE_ARN,
            targetRoleArn: TARGET_ROLE_ARN,
            disableSessionTags: false,
        });
        expect(world.byName("s3-reader-pod-identity-batch.worker.v2").inputs.serviceAccount).to.equal("worker.v2");
    });

    it("replaces an association by deleting it first (EKS answers ResourceInUseException otherwise), and only the associations", () => {
        expect(Object.fromEntries(deleteBeforeReplace)).to.deep.equal({
            "s3-reader": false,
            "s3-reader-s3": false,
            [`s3-reader-pod-identity-${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`]: true,
            "s3-reader-pod-identity-batch.worker.v2": true,
        });
    });

    it("makes each a child of the parent, after dependsOn", () => {
        for (const registration of world.registrations.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")) {
            expect(registration.parent).to.equal(parentUrn);
            expect(registration.dependencies).to.include(attachmentUrn);
        }
    });
});

describe("podIdentityAssociation: keys and names", () => {
    it("keys a ServiceAccount by namespace and name, unambiguously", () => {
        expect(podIdentityAssociationKey("a-b", "c")).to.not.equal(podIdentityAssociationKey("a", "b-c"));
        expect(podIdentityAssociationKey(TUTORIAL_NAMESPACE, "a.b")).to.equal(`${TUTORIAL_NAMESPACE}.a.b`);
        expect(podIdentityAssociationName("s3-reader", "ns.sa")).to.equal("s3-reader-pod-identity-ns.sa");
    });

    it("refuses a duplicate or malformed key before creating anything", () => {
        const world = installMocks();
        const parent = new pulumi.ComponentResource("test:index:Parent", "keys");
        for (const keys of [["a.b", "a.b"], ["A.b"], [""]]) {
            let caught: unknown;
            try {
                createPodIdentityAssociations("keys", { clusterName: "c", roleArn: ROLE_ARN, targets: keys.map((key) => ({ key, namespace: "a", serviceAccountName: "b" })) }, parent);
            } catch (error) {
                caught = error;
            }
            expect(caught).to.be.instanceOf(IrsaArgumentError);
            expect((caught as Error).message).to.include("each association needs its own key of lower-case letters, digits, '.' and '-'");
        }
        expect(world.registrations.filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")).to.deep.equal([]);
    });
});

describe("podIdentityAssociation: ordering Irsa -> Both -> PodIdentity", () => {
    const permission = { name: "permission" } as unknown as pulumi.Resource;
    const association = { name: "association" } as unknown as pulumi.Resource;

    it("makes the ServiceAccount wait for the associations with Both and PodIdentity, so the annotation goes only after they exist", () => {
        expect(serviceAccountDependencies(WorkloadIdentity.Irsa, [permission], [])).to.deep.equal([permission]);
        expect(serviceAccountDependencies(WorkloadIdentity.Both, [permission], [association])).to.deep.equal([permission, association]);
        expect(serviceAccountDependencies(WorkloadIdentity.PodIdentity, [permission], [association])).to.deep.equal([permission, association]);
    });

    it("keeps the role-arn annotation with Irsa and Both only", () => {
        expect([WorkloadIdentity.Irsa, WorkloadIdentity.Both, WorkloadIdentity.PodIdentity].map(keepsRoleArnAnnotation)).to.deep.equal([true, true, false]);
    });
});
