import { expect } from "chai";
import { buildVpcCniPolicy } from "../../src/addons/vpcCni";
import { actionsBeyond, allows, itRefusesEach, refusalOf, representativeRequests, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const IPV4_UPSTREAM = (upstreamPolicy("AmazonEKS_CNI_Policy-v6.json") as unknown as { PolicyVersion: { Document: ReturnType<typeof upstreamPolicy> } }).PolicyVersion.Document;
const IPV6_UPSTREAM = upstreamPolicy("eks-user-guide-cni-ipv6-policy.json");
const ENI = "arn:aws:ec2:eu-west-3:111122223333:network-interface/eni-0123456789abcdef0";

function build(value: unknown, context: { partition: string; accountId?: string; identity: "irsa" | "podIdentity" } = IRSA) {
    return buildVpcCniPolicy("addonPolicies.vpcCni", value, context);
}

const refusal = refusalOf(build);

describe("addon vpcCni: the document", () => {
    it("for IPv4, AmazonEKS_CNI_Policy's actions, tagging network interfaces of the role's account only", () => {
        const document = build({ ipFamily: "ipv4" }).document;
        expect(document.Statement.map((s) => s.Action)).to.deep.equal(IPV4_UPSTREAM.Statement.map((s) => s.Action));
        expect(document.Statement[1].Resource).to.deep.equal(["arn:aws:ec2:*:111122223333:network-interface/*"]);
    });

    it("for IPv6, the user guide's IPv6 policy: no IPv4 network-interface management", () => {
        const document = build({ ipFamily: "ipv6" }).document;
        expect(document.Statement.map((s) => s.Action)).to.deep.equal(IPV6_UPSTREAM.Statement.map((s) => s.Action));
        expect(document.Statement.flatMap((s) => s.Action)).not.to.include("ec2:CreateNetworkInterface");
    });

    it("is the same with Pod Identity, and puts * in the account when it is not known", () => {
        expect(build({ ipFamily: "ipv6" }, { ...IRSA, identity: "podIdentity" }).document).to.deep.equal(build({ ipFamily: "ipv6" }).document);
        expect(build({ ipFamily: "ipv4" }, { partition: "aws-cn", identity: "irsa" }).document.Statement[1].Resource).to.deep.equal(["arn:aws-cn:ec2:*:*:network-interface/*"]);
    });
});

describe("addon vpcCni: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no IP family", {}, "addonPolicies.vpcCni.ipFamily", /IP family is required: ipv4 or ipv6/],
        ["IPv4 in capitals", { ipFamily: "IPv4" }, "addonPolicies.vpcCni.ipFamily", /IP family is required: ipv4 or ipv6/],
        ["both families", { ipFamily: ["ipv4", "ipv6"] }, "addonPolicies.vpcCni.ipFamily", /IP family is required: ipv4 or ipv6/],
        ["a misspelt field", { ipFamily: "ipv4", ipv6: true }, "addonPolicies.vpcCni.ipv6", /takes only ipFamily/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon vpcCni: against AmazonEKS_CNI_Policy v6 and the user guide's IPv6 policy", () => {
    for (const [family, upstream, count] of [
        ["ipv4", IPV4_UPSTREAM, 14],
        ["ipv6", IPV6_UPSTREAM, 6],
    ] as const) {
        const ours = build({ ipFamily: family }).document;

        it(`grants no action the ${family} upstream policy does not`, () => {
            expect(actionsBeyond(ours, upstream)).to.deep.equal([]);
        });

        it(`allows nothing the ${family} upstream policy denies`, () => {
            const requests = representativeRequests(ours);
            expect(requests).to.have.length(count);
            for (const request of requests) {
                expect(allows([ours], request), `ours: ${JSON.stringify(request)}`).to.equal(true);
                expect(allows([upstream], request), `upstream: ${JSON.stringify(request)}`).to.equal(true);
            }
        });
    }

    it("lets an IPv6 cluster's plugin neither create nor assign IPv4 addresses to network interfaces, which the IPv4 policy allows", () => {
        const ours = build({ ipFamily: "ipv6" }).document;
        const requests = ["ec2:CreateNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:DeleteNetworkInterface"].map((action) => ({ action, resource: ENI }));
        expect(requests.map((request) => [allows([ours], request), allows([IPV4_UPSTREAM], request)])).to.deep.equal([
            [false, true],
            [false, true],
            [false, true],
        ]);
    });

    it("names no network interface of another account (the managed policy's is any account)", () => {
        const accounts = (document: { Statement: { Action: string | string[]; Resource: string | string[] }[] }) =>
            document.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).filter((r) => r !== "*").map((r) => r.split(":")[4]);
        expect(accounts(build({ ipFamily: "ipv4" }).document)).to.deep.equal(["111122223333"]);
        expect(accounts(IPV4_UPSTREAM)).to.deep.equal(["*"]);
    });
});
