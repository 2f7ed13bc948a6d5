import { expect } from "chai";
import { buildLoadBalancerControllerPolicy } from "../../src/addons/loadBalancerController";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, refusalOf, SESSION_CLUSTER, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const POD_IDENTITY = { ...IRSA, identity: "podIdentity" as const };
const VPC = "vpc-0123456789abcdef0";
// iam_policy.json and the permission the annotations guide asks for with wafv2-acl-name.
const UPSTREAM = { Statement: [...upstreamPolicy("load-balancer-controller-v2.17.1.json").Statement, ...upstreamPolicy("load-balancer-controller-v2.17.1-wafv2-acl-name.json").Statement] };
const LOAD_BALANCER = "arn:aws:elasticloadbalancing:eu-west-3:111122223333:loadbalancer/app/k8s-web/0123456789abcdef";
const SECURITY_GROUP = "arn:aws:ec2:eu-west-3:111122223333:security-group/sg-0123456789abcdef0";

function build(value: unknown, context: typeof IRSA | typeof POD_IDENTITY = IRSA) {
    return buildLoadBalancerControllerPolicy("addonPolicies.loadBalancerController", value, context);
}

const refusal = refusalOf(build);

function statement(document: ReturnType<typeof build>["document"], sid: string) {
    return document.Statement.find((s) => s.Sid === sid);
}

describe("addon loadBalancerController: the document", () => {
    const document = build({ clusterName: SESSION_CLUSTER, vpcId: VPC }).document;

    it("keeps upstream's 16 statements, in upstream's order", () => {
        expect(document.Statement).to.have.length(16);
        // Upstream's action counts, with the annotations guide's wafv2:ListWebACLs in the statement of the other wafv2 actions.
        const counts = upstreamPolicy("load-balancer-controller-v2.17.1.json").Statement.map((s) => (Array.isArray(s.Action) ? s.Action.length : 1));
        counts[2] += 1;
        expect(document.Statement.map((s) => s.Action.length)).to.deep.equal(counts);
        expect(document.Statement[2].Action).to.include("wafv2:ListWebACLs");
    });

    it("changes and deletes only what carries this cluster's tag value", () => {
        expect(statement(document, "ManageClusterLoadBalancers")?.Condition).to.deep.equal({ StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "prod" } });
        expect(statement(document, "RetagClusterSecurityGroups")?.Condition).to.deep.equal({
            Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "true" },
            StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "prod" },
        });
    });

    it("creates security groups and changes ingress rules in the cluster's VPC only", () => {
        expect(statement(document, "CreateSecurityGroupsInClusterVpc")?.Resource).to.deep.equal([
            "arn:aws:ec2:*:111122223333:security-group/*",
            `arn:aws:ec2:*:111122223333:vpc/${VPC}`,
        ]);
        expect(statement(document, "IngressRulesInClusterVpc")?.Condition).to.deep.equal({ ArnLike: { "ec2:Vpc": `arn:aws:ec2:*:111122223333:vpc/${VPC}` } });
    });

    it("may create only ELB's service-linked role, in the role's account", () => {
        expect(statement(document, "CreateElbServiceLinkedRole")?.Resource).to.deep.equal([
            "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
        ]);
    });

    it("uses the session's eks-cluster-name tag with Pod Identity", () => {
        const podIdentity = build({ vpcId: VPC }, POD_IDENTITY).document;
        expect(statement(podIdentity, "CreateClusterLoadBalancers")?.Condition).to.deep.equal({
            StringEquals: { "aws:RequestTag/elbv2.k8s.aws/cluster": "${aws:PrincipalTag/eks-cluster-name}" },
        });
    });

    it("puts * in the account when the role's account is not known", () => {
        const anyAccount = build({ clusterName: "prod", vpcId: VPC }, { partition: "aws-us-gov", identity: "irsa" } as typeof IRSA).document;
        expect(statement(anyAccount, "RegisterTargets")?.Resource).to.deep.equal(["arn:aws-us-gov:elasticloadbalancing:*:*:targetgroup/*/*"]);
    });
});

describe("addon loadBalancerController: refused inputs", () => {
    const cases: [string, unknown, typeof IRSA | typeof POD_IDENTITY, string, RegExp][] = [
        ["no cluster with IRSA", { vpcId: VPC }, IRSA, "addonPolicies.loadBalancerController.clusterName", /cluster's name is required/],
        ["a cluster name with a space", { clusterName: "my cluster", vpcId: VPC }, IRSA, "addonPolicies.loadBalancerController.clusterName", /cluster's name is required/],
        ["a * cluster name", { clusterName: "*", vpcId: VPC }, IRSA, "addonPolicies.loadBalancerController.clusterName", /cluster's name is required/],
        ["a cluster name with Pod Identity", { clusterName: "prod", vpcId: VPC }, POD_IDENTITY, "addonPolicies.loadBalancerController.clusterName", /session tag eks-cluster-name/],
        ["no VPC", { clusterName: "prod" }, IRSA, "addonPolicies.loadBalancerController.vpcId", /VPC ID is required/],
        ["a VPC ARN", { clusterName: "prod", vpcId: `arn:aws:ec2:eu-west-3:111122223333:vpc/${VPC}` }, IRSA, "addonPolicies.loadBalancerController.vpcId", /VPC ID is required/],
        ["a misspelt field", { clusterName: "prod", vpcId: VPC, region: "eu-west-3" }, IRSA, "addonPolicies.loadBalancerController.region", /takes only clusterName, vpcId/],
    ];
    for (const [label, value, context, argument, rule] of cases) {
        it(`refuses ${label}, naming ${argument}`, () => {
            const error = refusal(value, context);
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(rule);
        });
    }
});

describe("addon loadBalancerController: against upstream v2.17.1", () => {
    for (const [label, ours] of [
        ["IRSA", build({ clusterName: SESSION_CLUSTER, vpcId: VPC }).document],
        ["Pod Identity", build({ vpcId: VPC }, POD_IDENTITY).document],
    ] as const) {
        it(`grants no action the upstream policy does not (${label})`, () => {
            expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        });

        it(`allows nothing upstream denies (${label})`, () => {
            expectUpstreamAllowsOurRequests(ours, UPSTREAM, 100);
        });
    }

    const ours = build({ clusterName: "prod", vpcId: VPC }).document;
    const tightened: [string, { action: string; resource: string; context?: Record<string, string> }][] = [
        ["deleting another cluster's load balancer", { action: "elasticloadbalancing:DeleteLoadBalancer", resource: LOAD_BALANCER, context: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "staging" } }],
        ["creating a load balancer tagged for another cluster", { action: "elasticloadbalancing:CreateLoadBalancer", resource: LOAD_BALANCER, context: { "aws:RequestTag/elbv2.k8s.aws/cluster": "staging" } }],
        ["deleting another cluster's security group", { action: "ec2:DeleteSecurityGroup", resource: SECURITY_GROUP, context: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "staging" } }],
        ["opening a security group of another VPC", { action: "ec2:AuthorizeSecurityGroupIngress", resource: SECURITY_GROUP, context: { "ec2:Vpc": "arn:aws:ec2:eu-west-3:111122223333:vpc/vpc-0fffffffffffffff0" } }],
        ["creating a security group in another VPC", { action: "ec2:CreateSecurityGroup", resource: "arn:aws:ec2:eu-west-3:111122223333:vpc/vpc-0fffffffffffffff0" }],
        ["creating another service's linked role", { action: "iam:CreateServiceLinkedRole", resource: "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing", context: { "iam:AWSServiceName": "autoscaling.amazonaws.com" } }],
    ];
    for (const [label, request] of tightened) {
        it(`denies ${label}`, () => {
            expect(allows([ours], request)).to.equal(false);
        });
    }

    it("names no resource of another account (iam-simulate cannot show it: it denies cross-account requests without a resource policy)", () => {
        const resources = ours.Statement.flatMap((s) => s.Resource).filter((resource) => resource !== "*");
        expect(resources.filter((resource) => resource.split(":")[4] !== "111122223333")).to.deep.equal([]);
        expect(UPSTREAM.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).filter((r) => r.split(":")[4] === "*")).to.have.length(13);
    });

    it("where upstream allows all but the last of those", () => {
        expect(tightened.map(([, request]) => allows([UPSTREAM], request))).to.deep.equal([true, true, true, true, true, false]);
    });
});

describe("addon loadBalancerController: with Pod Identity (iam-simulate)", () => {
    const ours = build({ vpcId: VPC }, POD_IDENTITY).document;
    const deleteTagged = (owner: string, session: string) => ({
        action: "elasticloadbalancing:DeleteLoadBalancer",
        resource: LOAD_BALANCER,
        context: { "aws:ResourceTag/elbv2.k8s.aws/cluster": owner, "aws:PrincipalTag/eks-cluster-name": session },
    });

    it("lets a session of cluster prod delete prod's load balancer", () => {
        expect(allows([ours], deleteTagged("prod", "prod"))).to.equal(true);
    });

    it("denies a session of cluster staging the same load balancer", () => {
        expect(allows([ours], deleteTagged("prod", "staging"))).to.equal(false);
    });

    it("denies a session without the eks-cluster-name tag", () => {
        expect(allows([ours], { action: "elasticloadbalancing:DeleteLoadBalancer", resource: LOAD_BALANCER, context: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "prod" } })).to.equal(false);
    });

    it("lets a session tag only load balancers it creates with its own cluster", () => {
        const create = (tag: string) => ({
            action: "elasticloadbalancing:AddTags",
            resource: LOAD_BALANCER,
            context: { "elasticloadbalancing:CreateAction": "CreateLoadBalancer", "aws:RequestTag/elbv2.k8s.aws/cluster": tag, "aws:PrincipalTag/eks-cluster-name": "prod" },
        });
        expect([allows([ours], create("prod")), allows([ours], create("staging"))]).to.deep.equal([true, false]);
    });
});
