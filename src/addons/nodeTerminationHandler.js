"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildNodeTerminationHandlerPolicy = buildNodeTerminationHandlerPolicy;
const addonPolicy_1 = require("./addonPolicy");
const karpenter_1 = require("./karpenter");
const FIELDS = ["queueArns"];
/** Builds the Node Termination Handler's policy: messages of the listed queues only, lifecycle actions of the role's account's groups only. */
function buildNodeTerminationHandlerPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const queues = (0, addonPolicy_1.checkArnList)(`${argument}.queueArns`, args.queueArns, karpenter_1.SQS_QUEUE_ARN, context);
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Describe",
                    Effect: "Allow",
                    Action: ["autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"],
                    Resource: ["*"],
                },
                {
                    Sid: "CompleteLifecycleActions",
                    Effect: "Allow",
                    Action: ["autoscaling:CompleteLifecycleAction"],
                    Resource: [`arn:${context.partition}:autoscaling:*:${(0, addonPolicy_1.accountOf)(context)}:autoScalingGroup:*:autoScalingGroupName/*`],
                },
                { Sid: "ReadQueues", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Resource: queues },
            ],
        },
        wildcards: [],
    };
}
