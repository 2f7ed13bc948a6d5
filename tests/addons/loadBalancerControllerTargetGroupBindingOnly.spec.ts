import { expect } from "chai";
import { buildLoadBalancerControllerTargetGroupBindingOnlyPolicy } from "../../src/addons/loadBalancerControllerTargetGroupBindingOnly";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const UPSTREAM = upstreamPolicy("load-balancer-controller-v2.17.1-targetgroupbinding-only.json");
const TARGET_GROUP = "arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/web/0123456789abcdef";
const ARGUMENT = "addonPolicies.loadBalancerControllerTargetGroupBindingOnly";

function build(value: unknown, context: { partition: string; accountId?: string; identity: "irsa" | "podIdentity" } = IRSA) {
    return buildLoadBalancerControllerTargetGroupBindingOnlyPolicy(ARGUMENT, value, context);
}

const refusal = refusalOf(build);

describe("addon loadBalancerControllerTargetGroupBindingOnly: the document", () => {
    it("keeps upstream's nine actions: reads on *, target changes on the listed target groups only", () => {
        const document = build({ targetGroupArns: [TARGET_GROUP] }).document;
        expect(document.Statement.map((s) => [s.Action.length, s.Resource])).to.deep.equal([
            [5, ["*"]],
            [4, [TARGET_GROUP]],
        ]);
        expect(document.Statement.flatMap((s) => s.Action).sort()).to.deep.equal([...(UPSTREAM.Statement[0].Action as string[])].sort());
    });

    it("is the same with Pod Identity", () => {
        expect(build({ targetGroupArns: [TARGET_GROUP] }, { ...IRSA, identity: "podIdentity" }).document).to.deep.equal(build({ targetGroupArns: [TARGET_GROUP] }).document);
    });
});

describe("addon loadBalancerControllerTargetGroupBindingOnly: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no target group", {}, `${ARGUMENT}.targetGroupArns`, /non-empty list of elasticloadbalancing ARNs \(targetgroup\/<name>\/<id>\)/],
        ["an empty list", { targetGroupArns: [] }, `${ARGUMENT}.targetGroupArns`, /non-empty list/],
        ["a target group wildcard", { targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/*"] }, `${ARGUMENT}.targetGroupArns[0]`, /wildcards are not accepted/],
        ["a load balancer", { targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-3:111122223333:loadbalancer/app/web/0123456789abcdef"] }, `${ARGUMENT}.targetGroupArns[0]`, /resource part must be targetgroup\/<name>\/<id>/],
        ["a target group without its ID", { targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/web"] }, `${ARGUMENT}.targetGroupArns[0]`, /resource part must be targetgroup\/<name>\/<id>/],
        ["a target group of another partition", { targetGroupArns: [TARGET_GROUP.replace("arn:aws:", "arn:aws-us-gov:")] }, `${ARGUMENT}.targetGroupArns[0]`, /partition aws/],
        ["a target group name", { targetGroupArns: ["web"] }, `${ARGUMENT}.targetGroupArns[0]`, /an ARN of the form/],
        ["a target group twice", { targetGroupArns: [TARGET_GROUP, TARGET_GROUP] }, `${ARGUMENT}.targetGroupArns`, /listed twice/],
        ["a misspelt field", { targetGroupArn: TARGET_GROUP }, `${ARGUMENT}.targetGroupArn`, /takes only targetGroupArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon loadBalancerControllerTargetGroupBindingOnly: against upstream v2.17.1", () => {
    const ours = build({ targetGroupArns: [TARGET_GROUP] }).document;

    it("grants no action the upstream policy does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 9);
    });

    it("denies registering targets in another target group, which upstream allows", () => {
        const request = { action: "elasticloadbalancing:RegisterTargets", resource: "arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/payments/fedcba9876543210" };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([false, true]);
    });

    it("grants no security-group rule changes (terraform-aws-modules v6 adds ec2:AuthorizeSecurityGroupIngress and ec2:RevokeSecurityGroupIngress)", () => {
        expect(ours.Statement.flatMap((s) => s.Action).filter((action) => action.includes("SecurityGroupIngress"))).to.deep.equal([]);
    });
});
