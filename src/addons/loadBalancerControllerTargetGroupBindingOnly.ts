import * as pulumi from "@pulumi/pulumi";
import { AddonContext, ArnRule, BuiltAddonPolicy, checkArnList, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of the AWS Load Balancer Controller's TargetGroupBinding-only policy, after
 * kubernetes-sigs/aws-load-balancer-controller v2.17.1 `docs/deploy/installation.md` ("You only want the LBC to add
 * and remove IPs to already existing target groups").
 */
export interface LoadBalancerControllerTargetGroupBindingOnlyAddonArgs {
    /**
     * The existing target groups the controller's TargetGroupBindings point at, as ARNs
     * `arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`: the only target groups it may
     * register targets in and modify (upstream: every target group). Required.
     */
    targetGroupArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["targetGroupArns"] as const;

/** Target group ARNs: `arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex digits>`. */
export const TARGET_GROUP_ARN: ArnRule = {
    service: "elasticloadbalancing",
    resource: /^targetgroup\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?\/[0-9a-f]{16}$/,
    resourceForm: "targetgroup/<name>/<id>",
    regional: true,
    hasAccount: true,
};

/** Builds the TargetGroupBinding-only policy: upstream's reads on `*`, target changes on the listed target groups only. */
export function buildLoadBalancerControllerTargetGroupBindingOnlyPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const targetGroups = checkArnList(`${argument}.targetGroupArns`, args.targetGroupArns, TARGET_GROUP_ARN, context);
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Describe",
                    Effect: "Allow",
                    Action: [
                        "ec2:DescribeVpcs",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeInstances",
                        "elasticloadbalancing:DescribeTargetGroups",
                        "elasticloadbalancing:DescribeTargetHealth",
                    ],
                    Resource: ["*"],
                },
                {
                    Sid: "BindTargetGroups",
                    Effect: "Allow",
                    Action: [
                        "elasticloadbalancing:ModifyTargetGroup",
                        "elasticloadbalancing:ModifyTargetGroupAttributes",
                        "elasticloadbalancing:RegisterTargets",
                        "elasticloadbalancing:DeregisterTargets",
                    ],
                    Resource: targetGroups,
                },
            ],
        },
        wildcards: [],
    };
}
