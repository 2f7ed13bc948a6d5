"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TARGET_GROUP_ARN = void 0;
exports.buildLoadBalancerControllerTargetGroupBindingOnlyPolicy = buildLoadBalancerControllerTargetGroupBindingOnlyPolicy;
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["targetGroupArns"];
/** Target group ARNs: `arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex digits>`. */
exports.TARGET_GROUP_ARN = {
    service: "elasticloadbalancing",
    resource: /^targetgroup\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?\/[0-9a-f]{16}$/,
    resourceForm: "targetgroup/<name>/<id>",
    regional: true,
    hasAccount: true,
};
/** Builds the TargetGroupBinding-only policy: upstream's reads on `*`, target changes on the listed target groups only. */
function buildLoadBalancerControllerTargetGroupBindingOnlyPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const targetGroups = (0, addonPolicy_1.checkArnList)(`${argument}.targetGroupArns`, args.targetGroupArns, exports.TARGET_GROUP_ARN, context);
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
