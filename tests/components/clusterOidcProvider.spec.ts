import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterOidcProvider, ClusterOidcProviderArgs } from "../../index";
import { installMocks, ISSUER, ISSUER_URL, PROVIDER_ARN, settle, valueOf } from "../harness";

const COMPONENT = "eks-irsa:index:ClusterOidcProvider";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";

describe("ClusterOidcProvider: registering a cluster's issuer", () => {
    it("creates one IAM OIDC provider for the issuer URL with the EKS audience, parented to the component", async () => {
        const world = installMocks();
        const provider = new ClusterOidcProvider("prod", { issuerUrl: ISSUER_URL });
        expect(await valueOf(provider.arn)).to.equal(PROVIDER_ARN);
        expect(await valueOf(provider.issuerUrl)).to.equal(ISSUER_URL);
        expect(await valueOf(provider.issuer)).to.equal(ISSUER);
        await settle();
        const component = world.byName("prod", COMPONENT);
        expect(world.registrations.map((r) => [r.type, r.name, r.parent])).to.deep.equal([
            [COMPONENT, "prod", ""],
            [OIDC, "prod-provider", component.urn],
        ]);
        expect(world.byName("prod-provider").inputs).to.deep.equal({ url: ISSUER_URL, clientIdLists: ["sts.amazonaws.com"] });
    });

    it("looks the issuer up from clusterName", async () => {
        const world = installMocks({ clusters: { prod: ISSUER_URL } });
        const provider = new ClusterOidcProvider("prod", { clusterName: "prod" });
        expect(await valueOf(provider.issuer)).to.equal(ISSUER);
        expect(world.invocations.map((i) => [i.token, i.inputs])).to.deep.equal([["aws:eks/getCluster:getCluster", { name: "prod" }]]);
    });

    it("passes client IDs, thumbprints and tags, and strips a trailing slash from the URL", async () => {
        const world = installMocks();
        const thumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
        const provider = new ClusterOidcProvider("prod", {
            issuerUrl: `${ISSUER_URL}/`,
            clientIds: ["sts.amazonaws.com", "irsa.example.com"],
            thumbprints: [thumbprint],
            tags: { cluster: "prod" },
        });
        await valueOf(provider.arn);
        await settle();
        expect(world.byName("prod-provider").inputs).to.deep.equal({
            url: ISSUER_URL,
            clientIdLists: ["sts.amazonaws.com", "irsa.example.com"],
            thumbprintLists: [thumbprint],
            tags: { cluster: "prod" },
        });
    });

    it("hands opts.providers to the provider resource and the cluster look-up", async () => {
        const world = installMocks({ clusters: { prod: ISSUER_URL } });
        const awsProvider = new AwsProvider("aws-eu", { region: "eu-west-3" });
        const provider = new ClusterOidcProvider("prod", { clusterName: "prod" }, { providers: [awsProvider] });
        await valueOf(provider.arn);
        await settle();
        const ref = `${await valueOf(awsProvider.urn)}::${await valueOf(awsProvider.id)}`;
        expect(world.byName("prod-provider").provider).to.equal(ref);
        expect(world.invocations.map((i) => i.provider)).to.deep.equal([ref]);
    });
});

describe("ClusterOidcProvider: bad input", () => {
    const cases: [string, ClusterOidcProviderArgs, string][] = [
        ["both sources", { issuerUrl: ISSUER_URL, clusterName: "prod" }, "give exactly one"],
        ["no source", {}, "give exactly one"],
        ["an http URL", { issuerUrl: "http://example.com" }, 'invalid issuerUrl "http://example.com": an OIDC issuer URL must start with https://'],
        ["the dual-stack alias", { issuerUrl: "https://oidc-eks.us-east-1.api.aws/id/ABC" }, "dual-stack issuer alias"],
        ["a short thumbprint", { issuerUrl: ISSUER_URL, thumbprints: ["abc"] }, 'invalid thumbprints[0] "abc": a thumbprint is the SHA-1'],
        ["six thumbprints", { issuerUrl: ISSUER_URL, thumbprints: Array(6).fill("9e99a48a9960b14926bb7f3b02e22da2b0ab7280") }, "at most 5 thumbprints"],
        ["no client IDs", { issuerUrl: ISSUER_URL, clientIds: [] }, "1 to 100 client IDs"],
        ["an aws: tag", { issuerUrl: ISSUER_URL, tags: { "aws:x": "y" } }, "reserved for AWS"],
    ];
    for (const [what, args, message] of cases) {
        it(`refuses ${what} before creating the provider`, async () => {
            const world = installMocks();
            expect(() => new ClusterOidcProvider("prod", args)).to.throw(pulumi.ResourceError, `ClusterOidcProvider "prod": `).with.property("message").that.contains(message);
            await settle();
            expect(world.registrations.map((r) => r.type)).to.deep.equal([COMPONENT]);
        });
    }

    it("fails the deployment when a bad URL arrives as an Output", async () => {
        installMocks();
        const provider = new ClusterOidcProvider("prod", { issuerUrl: pulumi.output("http://example.com") });
        let message = "";
        await valueOf(provider.issuer).catch((error) => (message = error.message));
        expect(message).to.contain('invalid issuerUrl "http://example.com": an OIDC issuer URL must start with https://');
    });
});
