"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildVpcCniPolicy = buildVpcCniPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["ipFamily"];
const IP_FAMILIES = ["ipv4", "ipv6"];
/** Builds the VPC CNI's policy for the IP family: the matching upstream actions, network-interface tagging in the role's account only. */
function buildVpcCniPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (typeof args.ipFamily !== "string" || !IP_FAMILIES.includes(args.ipFamily)) {
        throw new errors_1.IrsaArgumentError(`${argument}.ipFamily`, args.ipFamily, "the cluster's IP family is required: ipv4 or ipv6 (its ipFamily in aws eks describe-cluster).");
    }
    const manage = args.ipFamily === "ipv4"
        ? {
            Sid: "AmazonEKSCNIPolicy",
            Effect: "Allow",
            Action: [
                "ec2:AssignPrivateIpAddresses",
                "ec2:AttachNetworkInterface",
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeInstances",
                "ec2:DescribeTags",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeSubnets",
                "ec2:DetachNetworkInterface",
                "ec2:ModifyNetworkInterfaceAttribute",
                "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: ["*"],
        }
        : {
            Sid: "AmazonEKSCNIIPv6Policy",
            Effect: "Allow",
            Action: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"],
            Resource: ["*"],
        };
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                manage,
                {
                    Sid: "AmazonEKSCNIPolicyENITag",
                    Effect: "Allow",
                    Action: ["ec2:CreateTags"],
                    Resource: [`arn:${context.partition}:ec2:*:${(0, addonPolicy_1.accountOf)(context)}:network-interface/*`],
                },
            ],
        },
        wildcards: [],
    };
}
