import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { buildKarpenterPolicy } from "../../src/addons/karpenter";
import { IrsaArgumentError } from "../../src/errors";
import { REPOSITORY_ROOT } from "../harness";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, refusalOf, SESSION_CLUSTER } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const POD_IDENTITY = { ...IRSA, identity: "podIdentity" as const };
const NODE_ROLE = "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod";
const QUEUE = "arn:aws:sqs:eu-west-3:111122223333:prod";
const ARGS = { clusterName: SESSION_CLUSTER, region: "eu-west-3", nodeRoleArns: [NODE_ROLE], interruptionQueueArn: QUEUE };
const INSTANCE = "arn:aws:ec2:eu-west-3:111122223333:instance/i-0123456789abcdef0";
const OWNED = "aws:ResourceTag/kubernetes.io/cluster/prod";
const CONTROLLER_POLICIES = ["NodeLifecyclePolicy", "IAMIntegrationPolicy", "EKSIntegrationPolicy", "InterruptionPolicy", "ZonalShiftPolicy", "ResourceDiscoveryPolicy"];

/** The six controller policies of the upstream template, their `!Sub` variables replaced by ARGS' values, as one document. */
function upstream() {
    const file = path.join(REPOSITORY_ROOT, "tests", "fixtures", "addons", "karpenter-v1.14.1-cloudformation.yaml");
    const keep = (tag: string) => ({ tag, resolve: (value: string) => value });
    const template = parse(fs.readFileSync(file, "utf8"), { customTags: [keep("!Sub"), keep("!Ref"), keep("!GetAtt")] });
    const variables: Record<string, string> = {
        "AWS::Partition": "aws",
        "AWS::Region": "eu-west-3",
        "AWS::AccountId": "111122223333",
        ClusterName: SESSION_CLUSTER,
        "KarpenterNodeRole.Arn": NODE_ROLE,
        "KarpenterInterruptionQueue.Arn": QUEUE,
    };
    const statements = CONTROLLER_POLICIES.flatMap((name) => {
        const text = (template.Resources[name].Properties.PolicyDocument as string).replace(/\$\{([^}]+)\}/g, (_, variable: string) => {
            if (!(variable in variables)) {
                throw new Error(`unknown template variable ${variable}`);
            }
            return variables[variable];
        });
        return JSON.parse(text).Statement;
    });
    return { Version: "2012-10-17", Statement: statements };
}

const UPSTREAM = upstream();

function build(value: unknown, context: typeof IRSA | typeof POD_IDENTITY | { partition: string; identity: "irsa" } = IRSA) {
    return buildKarpenterPolicy("addonPolicies.karpenter", value, context);
}

const refusal = refusalOf(build);

function statement(document: ReturnType<typeof build>["document"], sid: string) {
    return document.Statement.find((s) => s.Sid === sid);
}

describe("addon karpenter: the document", () => {
    const document = build(ARGS).document;

    it("keeps upstream's 18 controller statements, with upstream's Sids in upstream's order", () => {
        expect(document.Statement.map((s) => s.Sid)).to.deep.equal(UPSTREAM.Statement.map((s: { Sid: string }) => s.Sid));
    });

    it("passes only the listed node roles, to EC2", () => {
        expect(statement(document, "AllowPassingInstanceRole")).to.deep.equal({
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: [NODE_ROLE],
            Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
        });
    });

    it("creates and tags EC2 resources in the cluster's region and account only", () => {
        expect(statement(document, "AllowScopedEC2InstanceActionsWithTags")?.Resource).to.deep.equal([
            "arn:aws:ec2:eu-west-3:111122223333:fleet/*",
            "arn:aws:ec2:eu-west-3:111122223333:instance/*",
            "arn:aws:ec2:eu-west-3:111122223333:volume/*",
            "arn:aws:ec2:eu-west-3:111122223333:network-interface/*",
            "arn:aws:ec2:eu-west-3:111122223333:launch-template/*",
            "arn:aws:ec2:eu-west-3:111122223333:spot-instances-request/*",
        ]);
    });

    it("leaves the interruption statement out without a queue", () => {
        const { interruptionQueueArn: _, ...withoutQueue } = ARGS;
        const sids = build(withoutQueue).document.Statement.map((s) => s.Sid);
        expect(sids).to.have.length(17);
        expect(sids).not.to.include("AllowInterruptionQueueActions");
    });

    it("takes the account from the node role when the role's account is unknown", () => {
        const anyAccount = build(ARGS, { partition: "aws", identity: "irsa" }).document;
        expect(statement(anyAccount, "AllowAPIServerEndpointDiscovery")?.Resource).to.deep.equal(["arn:aws:eks:eu-west-3:111122223333:cluster/prod"]);
    });

    it("with Pod Identity requires the session's eks-cluster-name on every statement", () => {
        const podIdentity = build(ARGS, POD_IDENTITY).document;
        expect(podIdentity.Statement.map((s) => s.Condition?.StringEquals?.["aws:PrincipalTag/eks-cluster-name"])).to.deep.equal(new Array(18).fill("prod"));
        expect(statement(podIdentity, "AllowPricingReadActions")?.Condition).to.deep.equal({ StringEquals: { "aws:PrincipalTag/eks-cluster-name": "prod" } });
    });
});

describe("addon karpenter: refused inputs", () => {
    type Context = typeof IRSA | typeof POD_IDENTITY;
    const cases: [string, unknown, Context, string, RegExp][] = [
        ["no cluster", { ...ARGS, clusterName: undefined }, IRSA, "addonPolicies.karpenter.clusterName", /cluster's name is required/],
        ["no cluster with Pod Identity", { ...ARGS, clusterName: undefined }, POD_IDENTITY, "addonPolicies.karpenter.clusterName", /cluster's name is required/],
        ["a * cluster name", { ...ARGS, clusterName: "*" }, IRSA, "addonPolicies.karpenter.clusterName", /cluster's name is required/],
        ["no region", { ...ARGS, region: undefined }, IRSA, "addonPolicies.karpenter.region", /region is required/],
        ["a * region", { ...ARGS, region: "*" }, IRSA, "addonPolicies.karpenter.region", /region is required/],
        ["no node role", { ...ARGS, nodeRoleArns: undefined }, IRSA, "addonPolicies.karpenter.nodeRoleArns", /non-empty list of iam ARNs \(role\/<name>\)/],
        ["a node role wildcard", { ...ARGS, nodeRoleArns: ["arn:aws:iam::111122223333:role/*"] }, IRSA, "addonPolicies.karpenter.nodeRoleArns[0]", /wildcards are not accepted/],
        ["an instance profile for a node role", { ...ARGS, nodeRoleArns: ["arn:aws:iam::111122223333:instance-profile/nodes"] }, IRSA, "addonPolicies.karpenter.nodeRoleArns[0]", /resource part must be role\/<name>/],
        // Issue 23: IAM's path rule allows "${", which the policy reads as a variable: iam:PassRole on a role of the caller's choosing.
        ["a node role path with a policy variable", { ...ARGS, nodeRoleArns: ["arn:aws:iam::111122223333:role/${aws:userid}/nodes"] }, IRSA, "addonPolicies.karpenter.nodeRoleArns[0]", /IAM reads "\$\{...\}" as a policy variable/],
        ["a node role of another account", { ...ARGS, nodeRoleArns: ["arn:aws:iam::444455556666:role/nodes"] }, IRSA, "addonPolicies.karpenter.nodeRoleArns[0]", /cluster's account 111122223333/],
        ["a node role of another partition", { ...ARGS, nodeRoleArns: ["arn:aws-cn:iam::111122223333:role/nodes"] }, IRSA, "addonPolicies.karpenter.nodeRoleArns[0]", /partition aws/],
        ["a queue wildcard", { ...ARGS, interruptionQueueArn: "arn:aws:sqs:eu-west-3:111122223333:*" }, IRSA, "addonPolicies.karpenter.interruptionQueueArn", /wildcards are not accepted/],
        ["a queue URL", { ...ARGS, interruptionQueueArn: "https://sqs.eu-west-3.amazonaws.com/111122223333/prod" }, IRSA, "addonPolicies.karpenter.interruptionQueueArn", /an ARN of the form arn:aws:sqs:<region>:<account>:<queue name>/],
        ["a topic for the queue", { ...ARGS, interruptionQueueArn: "arn:aws:sns:eu-west-3:111122223333:prod" }, IRSA, "addonPolicies.karpenter.interruptionQueueArn", /service sqs/],
        ["a queue of another region", { ...ARGS, interruptionQueueArn: "arn:aws:sqs:eu-west-1:111122223333:prod" }, IRSA, "addonPolicies.karpenter.interruptionQueueArn", /region eu-west-3 and account 111122223333/],
        ["a queue of another account", { ...ARGS, interruptionQueueArn: "arn:aws:sqs:eu-west-3:444455556666:prod" }, IRSA, "addonPolicies.karpenter.interruptionQueueArn", /region eu-west-3 and account 111122223333/],
        ["a misspelt field", { ...ARGS, nodeRoleArn: NODE_ROLE }, IRSA, "addonPolicies.karpenter.nodeRoleArn", /takes only clusterName, region, nodeRoleArns, interruptionQueueArn/],
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

describe("addon karpenter: against upstream v1.14.1", () => {
    for (const [label, ours] of [
        ["IRSA", build(ARGS).document],
        ["Pod Identity", build(ARGS, POD_IDENTITY).document],
    ] as const) {
        it(`grants no action the upstream policies do not (${label})`, () => {
            expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        });

        it(`allows nothing upstream denies (${label})`, () => {
            expectUpstreamAllowsOurRequests(ours, UPSTREAM, 69);
        });
    }

    const ours = build(ARGS).document;
    const tightened: [string, { action: string; resource: string; context?: Record<string, string | string[]> }][] = [
        ["passing another role to EC2", { action: "iam:PassRole", resource: "arn:aws:iam::111122223333:role/Admin", context: { "iam:PassedToService": "ec2.amazonaws.com" } }],
        ["terminating another cluster's node", { action: "ec2:TerminateInstances", resource: INSTANCE, context: { "aws:ResourceTag/kubernetes.io/cluster/staging": "owned", "aws:ResourceTag/karpenter.sh/nodepool": "default" } }],
        ["terminating an instance Karpenter did not launch", { action: "ec2:TerminateInstances", resource: INSTANCE, context: { [OWNED]: "owned" } }],
        ["reading another queue", { action: "sqs:ReceiveMessage", resource: "arn:aws:sqs:eu-west-3:111122223333:staging" }],
        ["describing another cluster", { action: "eks:DescribeCluster", resource: "arn:aws:eks:eu-west-3:111122223333:cluster/staging" }],
        ["launching in another region", { action: "ec2:RunInstances", resource: "arn:aws:ec2:eu-west-1::image/ami-0123456789abcdef0" }],
    ];
    for (const [label, request] of tightened) {
        it(`denies ${label}`, () => {
            expect(allows([ours], request)).to.equal(false);
        });
    }

    it("which upstream, filled in for the same cluster, node role, queue and region, denies too", () => {
        expect(tightened.map(([, request]) => allows([UPSTREAM], request))).to.deep.equal([false, false, false, false, false, false]);
    });

    it("names created EC2 resources in the cluster's account only (upstream: any account)", () => {
        const ownResources = (document: { Statement: { Sid: string; Resource: string | string[] }[] }) =>
            document.Statement.filter((s) => s.Sid === "AllowScopedEC2InstanceActionsWithTags").flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).map((r) => r.split(":")[4]);
        expect(ownResources(ours)).to.deep.equal(new Array(6).fill("111122223333"));
        expect(ownResources(UPSTREAM)).to.deep.equal(new Array(6).fill("*"));
    });
});

describe("addon karpenter: with Pod Identity (iam-simulate)", () => {
    const ours = build(ARGS, POD_IDENTITY).document;
    const terminate = (session?: string) => ({
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: { [OWNED]: "owned", "aws:ResourceTag/karpenter.sh/nodepool": "default", ...(session === undefined ? {} : { "aws:PrincipalTag/eks-cluster-name": session }) },
    });

    it("lets a session of cluster prod terminate prod's node", () => {
        expect(allows([ours], terminate("prod"))).to.equal(true);
    });

    it("denies a session of cluster staging, and a session without the tag, the same node", () => {
        expect([allows([ours], terminate("staging")), allows([ours], terminate())]).to.deep.equal([false, false]);
    });
});
