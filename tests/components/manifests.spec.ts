import { expect } from "chai";
import { ServiceAccount } from "kubernetes-models/v1";
import { checkAnnotations, checkLabels, checkNamespace, checkRoleArn, checkServiceAccountName } from "../../index";
import { producedServiceAccounts } from "../harness";

// .mocharc.json runs this file after the component and example specs, which fill producedServiceAccounts.
describe("manifests: every ServiceAccount the components produced in this run", () => {
    it("is a valid Kubernetes ServiceAccount by kubernetes-models and by eks-irsa's own name rules", function () {
        // A preview's manifests hold unknown values, which only the deployment fills in.
        const known = producedServiceAccounts.filter((manifest) => !JSON.stringify(manifest).includes("__pulumiUnknown")).map(withoutSecretMarkers);
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

/** The manifest as Kubernetes receives it: a secret input reaches the mocks wrapped in Pulumi's secret signature. */
function withoutSecretMarkers(value: any): any {
    if (Array.isArray(value)) {
        return value.map(withoutSecretMarkers);
    }
    if (typeof value === "object" && value !== null) {
        if (value["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") {
            return withoutSecretMarkers(value.value);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecretMarkers(v)]));
    }
    return value;
}
