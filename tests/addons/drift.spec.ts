import { expect } from "chai";
import * as path from "path";
import { main, stemOf } from "../../scripts/addonsDrift";
import { FIXTURES } from "./addonCases";

const DRIFT = path.join(FIXTURES, "drift");
const OLDER = path.join(DRIFT, "aws-node-termination-handler-v1.0.0.json");

async function drift(...argv: string[]): Promise<{ code: number; output: string }> {
    let output = "";
    const code = await main(argv, (text) => (output += text));
    return { code, output };
}

describe("npm run addons:drift: a newer upstream document against eks-irsa's policy", () => {
    it("lists what the newer document adds and removes, and exits 1 when eks-irsa denies an added request", async () => {
        const { code, output } = await drift("--pinned", OLDER, path.join(DRIFT, "newer-needs-more"));
        expect(code).to.equal(1);
        for (const identity of ["IRSA", "Pod Identity"]) {
            expect(output).to.include(`nodeTerminationHandler ${identity}: aws-node-termination-handler-v1.0.0.json -> aws-node-termination-handler-v2.0.0.json: 2 added, 1 removed`);
        }
        expect(output).to.include("  + autoscaling:DescribeTags on *: allowed by eks-irsa");
        expect(output).to.include("  + sqs:ChangeMessageVisibility on arn:aws:sqs:eu-west-3:111122223333:nth-prod: DENIED by eks-irsa, which the newer upstream needs");
        expect(output).to.include("  - ec2:DescribeTags on *: no longer in upstream\n");
        expect(output).to.include("eks-irsa denies 2 request(s) the newer upstream needs.");
    });

    it("exits 0 when eks-irsa allows everything the newer document adds (a folder given)", async () => {
        const { code, output } = await drift("--pinned", OLDER, path.join(DRIFT, "newer-allowed"));
        expect(code).to.equal(0);
        expect(output).to.include("1 added, 1 removed");
        expect(output).not.to.include("DENIED");
    });

    it("reports an added request that is a deliberate exclusion with its documented reason (docs/addon-policies.md), and exits 0", async () => {
        const { code, output } = await drift(path.join(DRIFT, "newer-excluded", "ebs-csi-driver-v9.0.0-kms.json"));
        expect(code).to.equal(0);
        expect(output).to.include("ebsCsiDriver IRSA: ebs-csi-driver-v1.64.0-kms.json -> ebs-csi-driver-v9.0.0-kms.json: 1 added, 0 removed");
        expect(output).to.match(/\+ kms:Encrypt on arn:aws:kms:eu-west-3:111122223333:key\/\S+: denied, a deliberate exclusion: `ebsCsiDriver` leaves out/);
    });

    it("refuses, with exit 2, a path that does not exist and a document named like no pinned one", async () => {
        const missing = await drift(path.join(DRIFT, "absent.json"));
        expect([missing.code, missing.output]).to.deep.equal([2, `addons:drift: ${path.join(DRIFT, "absent.json")} does not exist: give upstream policy documents (.json, or Karpenter's .yaml template), or folders of them.\n`]);
        const stray = await drift(path.join(FIXTURES, "..", "pulumi-package-metaschema.json"));
        expect(stray.code).to.equal(2);
        expect(stray.output).to.match(/pulumi-package-metaschema\.json matches no pinned upstream document \(by its name without versions\); the pinned ones are:\n {2}AmazonPrometheusRemoteWriteAccess-v1\.json\n/);
        const none = await drift();
        expect([none.code, none.output]).to.deep.equal([2, "error: missing required argument 'newer'\n"]);
    });

    it("compares the pinned fixtures' own folder with itself as no change, skipping the documents no case reads", async () => {
        const { code, output } = await drift(FIXTURES);
        expect(code).to.equal(0);
        // v6.5.0's lone KMS statement is compared by externalSecrets.spec only.
        expect(output).to.equal(
                `skipped ${path.join(FIXTURES, "terraform-aws-iam-v6.5.0-external-secrets-kms.json")}: named like no pinned upstream document\n` +
                "eks-irsa allows every request the newer upstream adds, or excludes it deliberately.\n",
        );
    });

    it("pairs files by their names without versions", () => {
        expect(stemOf("ebs-csi-driver-v1.65.0.json")).to.equal(stemOf("ebs-csi-driver-v1.64.0.json"));
        expect(stemOf("/tmp/terraform-aws-iam-v6.6.0-irsa-ebs_csi.json")).to.equal(stemOf("terraform-aws-iam-v6.5.0-irsa-ebs_csi.json"));
        expect(stemOf("mountpoint-s3-1.24.0.json")).to.equal("mountpoint-s3-.json");
        expect(stemOf("AmazonEKS_CNI_Policy-v6.json")).to.equal(stemOf("AmazonEKS_CNI_Policy-v5.json"));
        expect(stemOf("ebs-csi-driver-v1.64.0-kms.json")).not.to.equal(stemOf("ebs-csi-driver-v1.64.0.json"));
    });
});
