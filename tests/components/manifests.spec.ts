import { expect } from "chai";
import { ServiceAccount } from "kubernetes-models/v1";
import { checkAnnotations, checkLabels, checkNamespace, checkRoleArn, checkServiceAccountName } from "../../src/policy/rules";
import { producedServiceAccounts } from "../harness";

// .mocharc.json runs this file after the component and example specs, which fill producedServiceAccounts.
describe("manifests: every ServiceAccount the components produced in this run", () => {
    it("is a valid Kubernetes ServiceAccount by kubernetes-models and by eks-irsa's own name rules", function () {
        // A preview's manifests hold unknown values, which only the deployment fills in.
        const known = producedServiceAccounts.filter((manifest) => !JSON.stringify(manifest).includes("__pulumiUnknown"));
        if (known.length === 0) {
            this.skip();
        }
        for (const manifest of known) {
            expect(() => new ServiceAccount(manifest).validate(), JSON.stringify(manifest)).not.to.throw();
            checkServiceAccountName("metadata.name", manifest.metadata.name);
            checkNamespace("metadata.namespace", manifest.metadata.namespace);
            checkLabels("metadata.labels", manifest.metadata.labels ?? {});
            checkAnnotations("metadata.annotations", manifest.metadata.annotations, []);
            checkRoleArn("eks.amazonaws.com/role-arn", manifest.metadata.annotations["eks.amazonaws.com/role-arn"]);
        }
        console.log(`manifests: ${known.length} ServiceAccounts checked`);
    });

    it("kubernetes-models refuses what the checks refuse, so the check above can fail", () => {
        expect(() => new ServiceAccount({ metadata: { name: "s3-reader", annotations: { "eks.amazonaws.com/role-arn": 42 as unknown as string } } }).validate()).to.throw();
    });
});
