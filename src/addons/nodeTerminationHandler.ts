import * as pulumi from "@pulumi/pulumi";
import { accountOf, AddonContext, BuiltAddonPolicy, checkArnList, checkFields } from "./addonPolicy";
import { SQS_QUEUE_ARN } from "./karpenter";

/**
 * Scoping inputs of the AWS Node Termination Handler's policy (Queue Processor mode), after
 * aws/aws-node-termination-handler v1.25.6 `README.md` ("IAM Policy for aws-node-termination-handler Deployment").
 */
export interface NodeTerminationHandlerAddonArgs {
    /**
     * The SQS queues the handler reads its events from (its `queueURL`), as ARNs
     * `arn:<partition>:sqs:<region>:<account>:<queue name>`: the only queues it may receive and delete messages from
     * (upstream: every queue). Required.
     */
    queueArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["queueArns"] as const;

/** Builds the Node Termination Handler's policy: messages of the listed queues only, lifecycle actions of the role's account's groups only. */
export function buildNodeTerminationHandlerPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const queues = checkArnList(`${argument}.queueArns`, args.queueArns, SQS_QUEUE_ARN, context);
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
                    Resource: [`arn:${context.partition}:autoscaling:*:${accountOf(context)}:autoScalingGroup:*:autoScalingGroupName/*`],
                },
                { Sid: "ReadQueues", Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Resource: queues },
            ],
        },
        wildcards: [],
    };
}
