import { expect } from "chai";
import { buildClusterAutoscalerPolicy } from "../../src/addons/clusterAutoscaler";
import { IrsaArgumentError } from "../../src/errors";
import { actionsBeyond, allows, refusalOf, representativeRequests, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const POD_IDENTITY = { ...IRSA, identity: "podIdentity" as const };
const UPSTREAM = upstreamPolicy("cluster-autoscaler-1.36.1.json");
const GROUP = "arn:aws:autoscaling:eu-west-3:111122223333:autoScalingGroup:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d:autoScalingGroupName/eks-prod-ng";
const PROD_TAG = "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod";

type Context = typeof IRSA | typeof POD_IDENTITY;

function build(value: unknown, context: Context = IRSA) {
    return buildClusterAutoscalerPolicy("addonPolicies.clusterAutoscaler", value, context);
}

const refusal = refusalOf(build);

describe("addon clusterAutoscaler: the document", () => {
    it("keeps upstream's reads on *, and scales, per cluster, only groups carrying its auto-discovery tag in the role's account", () => {
        const document = build({ clusterNames: ["prod", "staging"] }).document;
        expect(document.Statement[0].Action).to.deep.equal(UPSTREAM.Statement[0].Action);
        expect(document.Statement.slice(1)).to.deep.equal(
            ["prod", "staging"].map((cluster, index) => ({
                Sid: `ScaleClusterGroups${index + 1}`,
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: ["arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/*"],
                Condition: { Null: { [`autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "false" } },
            })),
        );
    });

    it("with Pod Identity requires each statement's cluster in the session tag eks-cluster-name", () => {
        const statement = build({ clusterNames: ["prod"] }, POD_IDENTITY).document.Statement[1];
        expect(statement.Condition).to.deep.equal({ Null: { [PROD_TAG]: "false" }, StringEquals: { "aws:PrincipalTag/eks-cluster-name": "prod" } });
    });
});

describe("addon clusterAutoscaler: refused inputs", () => {
    const cases: [string, unknown, Context, string, RegExp][] = [
        ["no clusters", {}, IRSA, "addonPolicies.clusterAutoscaler.clusterNames", /non-empty list of EKS cluster names/],
        ["no clusters with Pod Identity", {}, POD_IDENTITY, "addonPolicies.clusterAutoscaler.clusterNames", /non-empty list of EKS cluster names/],
        ["an empty list", { clusterNames: [] }, IRSA, "addonPolicies.clusterAutoscaler.clusterNames", /non-empty list of EKS cluster names/],
        ["a single name instead of a list", { clusterNames: "prod" }, IRSA, "addonPolicies.clusterAutoscaler.clusterNames", /non-empty list of EKS cluster names/],
        ["a * cluster", { clusterNames: ["*"] }, IRSA, "addonPolicies.clusterAutoscaler.clusterNames[0]", /cluster's name is required/],
        ["a cluster name with a slash", { clusterNames: ["prod", "a/b"] }, IRSA, "addonPolicies.clusterAutoscaler.clusterNames[1]", /cluster's name is required/],
        ["a cluster twice", { clusterNames: ["prod", "prod"] }, IRSA, "addonPolicies.clusterAutoscaler.clusterNames", /prod is listed twice/],
        ["a misspelt field", { clusterName: "prod" }, IRSA, "addonPolicies.clusterAutoscaler.clusterName", /takes only clusterNames/],
    ];
    for (const [label, value, context, argument, rule] of cases) {
        it(`refuses ${label}, naming ${argument}`, () => {
            const error = refusal(value, context);
            expect(error).to.be.instanceOf(IrsaArgumentError);
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(rule);
        });
    }
});

describe("addon clusterAutoscaler: against upstream cluster-autoscaler-1.36.1", () => {
    for (const [label, ours] of [
        ["IRSA", build({ clusterNames: ["prod", "staging"] }).document],
        ["Pod Identity", build({ clusterNames: ["prod"] }, POD_IDENTITY).document],
    ] as const) {
        it(`grants no action the upstream policy does not (${label})`, () => {
            expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        });

        it(`allows nothing upstream denies (${label})`, () => {
            const requests = representativeRequests(ours);
            expect(requests).to.have.length(label === "IRSA" ? 13 : 11);
            for (const request of requests) {
                expect(allows([ours], request), `ours: ${JSON.stringify(request)}`).to.equal(true);
                expect(allows([UPSTREAM], request), `upstream: ${JSON.stringify(request)}`).to.equal(true);
            }
        });
    }

    const ours = build({ clusterNames: ["prod"] }).document;
    const scale = (context: Record<string, string>) => ({ action: "autoscaling:SetDesiredCapacity", resource: GROUP, context });
    const tightened: [string, { action: string; resource: string; context: Record<string, string> }][] = [
        ["scaling another cluster's group", scale({ "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/staging": "owned" })],
        ["scaling a group without the auto-discovery tag", scale({ "autoscaling:ResourceTag/kubernetes.io/cluster/prod": "owned" })],
        ["terminating in an untagged group", { action: "autoscaling:TerminateInstanceInAutoScalingGroup", resource: GROUP, context: {} }],
    ];
    for (const [label, request] of tightened) {
        it(`denies ${label}, which upstream allows`, () => {
            expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([false, true]);
        });
    }

    it("allows scaling prod's tagged group, whatever the tag's value", () => {
        expect([allows([ours], scale({ [PROD_TAG]: "owned" })), allows([ours], scale({ [PROD_TAG]: "" }))]).to.deep.equal([true, true]);
    });
});

describe("addon clusterAutoscaler: with Pod Identity (iam-simulate)", () => {
    const ours = build({ clusterNames: ["prod", "staging"] }, POD_IDENTITY).document;
    const scale = (owner: string, session?: string) => ({
        action: "autoscaling:SetDesiredCapacity",
        resource: GROUP,
        context: { [`autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${owner}`]: "owned", ...(session === undefined ? {} : { "aws:PrincipalTag/eks-cluster-name": session }) },
    });

    it("lets each cluster's sessions scale only that cluster's groups", () => {
        expect([allows([ours], scale("prod", "prod")), allows([ours], scale("staging", "staging"))]).to.deep.equal([true, true]);
        expect([allows([ours], scale("prod", "staging")), allows([ours], scale("staging", "prod"))]).to.deep.equal([false, false]);
    });

    it("denies a session without the eks-cluster-name tag", () => {
        expect(allows([ours], scale("prod"))).to.equal(false);
    });
});
