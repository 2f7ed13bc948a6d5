import { expect } from "chai";
import { buildNodeTerminationHandlerPolicy } from "../../src/addons/nodeTerminationHandler";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const UPSTREAM = upstreamPolicy("aws-node-termination-handler-v1.25.6.json");
const QUEUE = "arn:aws:sqs:eu-west-3:111122223333:nth-prod";

function build(value: unknown, context: { partition: string; accountId?: string; identity: "irsa" | "podIdentity" } = IRSA) {
    return buildNodeTerminationHandlerPolicy("addonPolicies.nodeTerminationHandler", value, context);
}

const refusal = refusalOf(build);

describe("addon nodeTerminationHandler: the document", () => {
    it("reads only the listed queues and completes lifecycle actions of the role's account's groups only", () => {
        const document = build({ queueArns: [QUEUE, "arn:aws:sqs:us-east-1:111122223333:nth-dr.fifo"] }).document;
        expect(document.Statement.slice(1)).to.deep.equal([
            {
                Sid: "CompleteLifecycleActions",
                Effect: "Allow",
                Action: ["autoscaling:CompleteLifecycleAction"],
                Resource: ["arn:aws:autoscaling:*:111122223333:autoScalingGroup:*:autoScalingGroupName/*"],
            },
            { Sid: "ReadQueues", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Resource: [QUEUE, "arn:aws:sqs:us-east-1:111122223333:nth-dr.fifo"] },
        ]);
    });

    it("is the same with Pod Identity", () => {
        expect(build({ queueArns: [QUEUE] }, { ...IRSA, identity: "podIdentity" }).document).to.deep.equal(build({ queueArns: [QUEUE] }).document);
    });
});

describe("addon nodeTerminationHandler: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no queue", {}, "addonPolicies.nodeTerminationHandler.queueArns", /non-empty list of sqs ARNs/],
        ["an empty list", { queueArns: [] }, "addonPolicies.nodeTerminationHandler.queueArns", /non-empty list of sqs ARNs/],
        ["a queue wildcard", { queueArns: ["arn:aws:sqs:eu-west-3:111122223333:nth-*"] }, "addonPolicies.nodeTerminationHandler.queueArns[0]", /wildcards are not accepted/],
        ["a queue URL", { queueArns: ["https://sqs.eu-west-3.amazonaws.com/111122223333/nth-prod"] }, "addonPolicies.nodeTerminationHandler.queueArns[0]", /an ARN of the form arn:aws:sqs:<region>:<account>:<queue name>/],
        ["a topic", { queueArns: ["arn:aws:sns:eu-west-3:111122223333:nth-prod"] }, "addonPolicies.nodeTerminationHandler.queueArns[0]", /service sqs/],
        ["a queue of another partition", { queueArns: ["arn:aws-cn:sqs:cn-north-1:111122223333:nth"] }, "addonPolicies.nodeTerminationHandler.queueArns[0]", /partition aws/],
        ["a queue without a region", { queueArns: ["arn:aws:sqs::111122223333:nth"] }, "addonPolicies.nodeTerminationHandler.queueArns[0]", /region part/],
        ["a queue twice", { queueArns: [QUEUE, QUEUE] }, "addonPolicies.nodeTerminationHandler.queueArns", /listed twice/],
        ["a misspelt field", { queueArn: QUEUE }, "addonPolicies.nodeTerminationHandler.queueArn", /takes only queueArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon nodeTerminationHandler: against upstream v1.25.6", () => {
    const ours = build({ queueArns: [QUEUE] }).document;

    it("grants no action the upstream policy does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 6);
    });

    it("denies reading another queue, which upstream allows", () => {
        const request = { action: "sqs:ReceiveMessage", resource: "arn:aws:sqs:eu-west-3:111122223333:orders" };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([false, true]);
    });

    it("names no Auto Scaling group of another account (upstream: *)", () => {
        expect(ours.Statement[1].Resource.map((r) => r.split(":")[4])).to.deep.equal(["111122223333"]);
        expect(UPSTREAM.Statement[0].Resource).to.equal("*");
    });
});
