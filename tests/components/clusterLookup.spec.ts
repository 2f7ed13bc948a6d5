import { Provider as AwsProvider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterOidcProvider, ServiceAccountRole, WorkloadIdentity } from "../../index";
import { ACCOUNT, settle, valueOf } from "../harness";

const GET_CLUSTER = "aws:eks/getCluster:getCluster";

interface Lookup {
    name: string;
    /** The provider reference the invoke went to (`<urn>::<id>`), empty for the stack's default provider. */
    provider: string;
}

/**
 * Mocks in which each provider is a region: an explicit provider's region is its `region` input, the default
 * provider's `defaultRegion`. `aws.eks.getCluster` finds any cluster in the region the invoke's provider is in, so an
 * answer given for one provider and used for another shows as the wrong region in the trust. Returns the look-ups.
 */
function regionWorld(defaultRegion = "eu-west-3"): Lookup[] {
    const lookups: Lookup[] = [];
    const regions = new Map<string, string>();
    pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const state = { ...args.inputs };
                const id = `${args.name}-id`;
                if (args.type === "pulumi:providers:aws") {
                    regions.set(args.name, args.inputs.region);
                }
                if (args.type === "aws:iam/role:Role") {
                    state.name = `${args.name}-1a2b3c4`;
                    state.arn = `arn:aws:iam::${ACCOUNT}:role/${state.name}`;
                }
                return { id, state };
            },
            call: (args) => {
                if (args.token === GET_CLUSTER) {
                    const provider = args.provider ?? "";
                    lookups.push({ name: args.inputs.name, provider });
                    const region = provider === "" ? defaultRegion : regions.get(providerName(provider));
                    if (region === undefined) {
                        throw new Error(`no provider ${provider}`);
                    }
                    return {
                        name: args.inputs.name,
                        arn: `arn:aws:eks:${region}:${ACCOUNT}:cluster/${args.inputs.name}`,
                        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${args.inputs.name.toUpperCase()}` }] }],
                    };
                }
                if (args.token === "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider") {
                    return { arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(args.inputs.url).replace("https://", "")}`, url: args.inputs.url };
                }
                return args.inputs;
            },
        },
        "project",
        "stack",
        false,
    );
    return lookups;
}

/** The name of a provider from its reference, `urn:pulumi:<stack>::<project>::pulumi:providers:aws::<name>::<id>`. */
function providerName(reference: string): string {
    return reference.split("::")[3];
}

/** A Pod Identity role on cluster `cluster` for the i-th ServiceAccount. */
function podIdentityRole(i: number, cluster: string, opts?: pulumi.ComponentResourceOptions): ServiceAccountRole {
    return new ServiceAccountRole(
        `app-${i}`,
        { clusterName: cluster, identity: WorkloadIdentity.PodIdentity, namespace: "apps", serviceAccountName: `app-${i}` },
        opts,
    );
}

/** The cluster ARN a Pod Identity role's trust names. */
async function trustedCluster(role: ServiceAccountRole): Promise<string> {
    const policy = JSON.parse((await valueOf(role.trustPolicy))!);
    return policy.Statement[0].Condition.StringEquals["aws:RequestTag/eks-cluster-arn"];
}

const clusterArn = (region: string, name: string) => `arn:aws:eks:${region}:${ACCOUNT}:cluster/${name}`;

describe("The cluster look-up: one aws.eks.getCluster per cluster and provider in a program", () => {
    it("50 Pod Identity roles on one cluster make one look-up, and every trust names that cluster", async () => {
        const lookups = regionWorld();
        const roles = Array.from({ length: 50 }, (_, i) => podIdentityRole(i, "prod"));
        const trusted = await Promise.all(roles.map(trustedCluster));
        await settle();
        expect(lookups).to.deep.equal([{ name: "prod", provider: "" }]);
        expect(new Set(trusted)).to.deep.equal(new Set([clusterArn("eu-west-3", "prod")]));
    });

    it("IRSA roles by clusterName and a ClusterOidcProvider of the same cluster share it too", async () => {
        const lookups = regionWorld();
        const provider = new ClusterOidcProvider("prod-oidc", { clusterName: "prod" });
        const roles = Array.from({ length: 10 }, (_, i) => new ServiceAccountRole(`app-${i}`, { clusterName: "prod", namespace: "apps", serviceAccountName: `app-${i}` }));
        const issuers = await Promise.all(roles.map((role) => valueOf(role.issuer)));
        expect(await valueOf(provider.issuer)).to.equal("oidc.eks.eu-west-3.amazonaws.com/id/PROD");
        await settle();
        expect(lookups).to.deep.equal([{ name: "prod", provider: "" }]);
        expect(new Set(issuers)).to.deep.equal(new Set(["oidc.eks.eu-west-3.amazonaws.com/id/PROD"]));
    });

    it("two clusters are two look-ups, and each role trusts its own", async () => {
        const lookups = regionWorld();
        const roles = Array.from({ length: 20 }, (_, i) => podIdentityRole(i, i % 2 === 0 ? "blue" : "green"));
        const trusted = await Promise.all(roles.map(trustedCluster));
        await settle();
        expect(lookups.map((l) => l.name).sort()).to.deep.equal(["blue", "green"]);
        trusted.forEach((arn, i) => expect(arn).to.equal(clusterArn("eu-west-3", i % 2 === 0 ? "blue" : "green")));
    });

    it("the same name through two explicit providers is two look-ups, and each role trusts its provider's cluster", async () => {
        const lookups = regionWorld();
        const east = new AwsProvider("east", { region: "us-east-1" });
        const west = new AwsProvider("west", { region: "us-west-2" });
        const roles = Array.from({ length: 10 }, (_, i) => podIdentityRole(i, "prod", { providers: { aws: i % 2 === 0 ? east : west } }));
        const trusted = await Promise.all(roles.map(trustedCluster));
        await settle();
        expect(lookups).to.have.length(2);
        expect(lookups.map((l) => providerName(l.provider)).sort()).to.deep.equal(["east", "west"]);
        trusted.forEach((arn, i) => expect(arn).to.equal(clusterArn(i % 2 === 0 ? "us-east-1" : "us-west-2", "prod")));
    });

    it("the provider a parent passes down decides: a role under it and one beside it do not share", async () => {
        const lookups = regionWorld();
        const east = new AwsProvider("east", { region: "us-east-1" });
        const group = new pulumi.ComponentResource("test:index:Group", "group", {}, { providers: { aws: east } });
        const inside = [podIdentityRole(0, "prod", { parent: group }), podIdentityRole(1, "prod", { parent: group })];
        const beside = [podIdentityRole(2, "prod"), podIdentityRole(3, "prod")];
        const trustedInside = await Promise.all(inside.map(trustedCluster));
        const trustedBeside = await Promise.all(beside.map(trustedCluster));
        await settle();
        expect(lookups.map((l) => l.provider && providerName(l.provider)).sort()).to.deep.equal(["", "east"]);
        expect(trustedInside).to.deep.equal([clusterArn("us-east-1", "prod"), clusterArn("us-east-1", "prod")]);
        expect(trustedBeside).to.deep.equal([clusterArn("eu-west-3", "prod"), clusterArn("eu-west-3", "prod")]);
    });

    it("a new program looks the cluster up again: another program's answer is never reused", async () => {
        regionWorld("eu-west-3");
        const first = podIdentityRole(0, "prod");
        expect(await trustedCluster(first)).to.equal(clusterArn("eu-west-3", "prod"));
        await settle();
        // The same name and the default provider, in a program whose default provider is in another region.
        const lookups = regionWorld("ap-southeast-1");
        const second = podIdentityRole(0, "prod");
        expect(await trustedCluster(second)).to.equal(clusterArn("ap-southeast-1", "prod"));
        await settle();
        expect(lookups).to.deep.equal([{ name: "prod", provider: "" }]);
    });
});
