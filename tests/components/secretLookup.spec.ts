import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterOidcProvider, ServiceAccountRole } from "../../index";
import { installMocks } from "../harness";

/** An issuer the checks refuse (http, not https), with a part that must never be shown when the cluster name is a secret. */
const BAD_ISSUER = "http://oidc.leaky-cluster-issuer.example/id/SECRETPART";

/** The rejection of an output, or a note that it did not reject within a second (a hang must fail the test, not stall it). */
async function rejection(output: pulumi.Output<unknown>): Promise<string> {
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("(no rejection within 1 s)"), 1000));
    const settled = (output as any).promise().then(
        () => "(resolved)",
        (error: Error) => error.message,
    );
    return Promise.race([settled, timeout]);
}

describe("a secret clusterName: the issuer looked up from it is refused without being shown", () => {
    const ignore = () => undefined;
    before(() => process.on("unhandledRejection", ignore));
    after(() => process.off("unhandledRejection", ignore));

    it("ServiceAccountRole: names the argument and the rule, never the issuer", async () => {
        installMocks({ clusters: { prod: BAD_ISSUER } });
        const role = new ServiceAccountRole("s3-reader", {
            clusterName: pulumi.secret("prod"),
            namespace: "team-a",
            serviceAccountName: "app",
            policyArns: { s3: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
        });
        const message = await rejection(role.roleArn);
        expect(message).to.match(/invalid clusterName \(its issuer\) \(a secret, not shown\): /);
        expect(message).not.to.match(/leaky|SECRETPART|oidc\.leaky/);
    });

    it("ClusterOidcProvider: the same", async () => {
        installMocks({ clusters: { prod: BAD_ISSUER } });
        const provider = new ClusterOidcProvider("oidc", { clusterName: pulumi.secret("prod") });
        const message = await rejection(provider.issuerUrl);
        expect(message).to.match(/invalid clusterName \(its issuer\) \(a secret, not shown\): /);
        expect(message).not.to.match(/leaky|SECRETPART/);
    });

    it("a plain clusterName's issuer is still quoted, as before", async () => {
        installMocks({ clusters: { prod: BAD_ISSUER } });
        const role = new ServiceAccountRole("s3-reader", { clusterName: "prod", namespace: "team-a", serviceAccountName: "app" });
        expect(await rejection(role.roleArn)).to.contain(`invalid clusterName (its issuer) "${BAD_ISSUER}"`);
    });
});
