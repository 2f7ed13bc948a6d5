import { expect } from "chai";
import { ServiceAccount } from "kubernetes-models/v1";
import { checkAnnotations, checkLabels, checkNamespace, checkRoleArn, checkServiceAccountName } from "../../src/policy/rules";
import { producedResources } from "../producedResources";

/** How many ServiceAccounts tests/producedResources.ts yields; a drop means a case stopped producing one. */
const PRODUCED_SERVICE_ACCOUNTS = 10;

describe("manifests: every ServiceAccount the examples and the fixed component cases produce", () => {
    it("is a valid Kubernetes ServiceAccount by kubernetes-models and by eks-irsa's own name rules", async function () {
        this.timeout(60000);
        const { serviceAccounts } = await producedResources();
        expect(serviceAccounts.map((s) => s.source)).to.have.lengthOf(PRODUCED_SERVICE_ACCOUNTS);
        for (const { source, value: manifest } of serviceAccounts) {
            expect(() => new ServiceAccount(manifest).validate(), `${source}: ${JSON.stringify(manifest)}`).not.to.throw();
            checkServiceAccountName("metadata.name", manifest.metadata.name);
            checkNamespace("metadata.namespace", manifest.metadata.namespace);
            checkLabels("metadata.labels", manifest.metadata.labels ?? {});
            checkAnnotations("metadata.annotations", manifest.metadata.annotations, []);
            checkRoleArn("eks.amazonaws.com/role-arn", manifest.metadata.annotations["eks.amazonaws.com/role-arn"]);
        }
        console.log(`manifests: ${serviceAccounts.length} ServiceAccounts checked`);
    });

    it("kubernetes-models refuses what the checks refuse, so the check above can fail", () => {
        expect(() => new ServiceAccount({ metadata: { name: "s3-reader", annotations: { "eks.amazonaws.com/role-arn": 42 as unknown as string } } }).validate()).to.throw();
    });
});
