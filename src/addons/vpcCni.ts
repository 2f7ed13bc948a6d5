import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of the Amazon VPC CNI plugin's policy: AWS's managed `AmazonEKS_CNI_Policy` (version v6) for IPv4
 * clusters, and the EKS User Guide's `AmazonEKS_CNI_IPv6_Policy` ("Create IAM policy for clusters that use the IPv6
 * family", `cni-iam-role`) for IPv6 clusters.
 */
export interface VpcCniAddonArgs {
    /**
     * The cluster's IP family, `ipv4` or `ipv6` (`aws eks describe-cluster` shows it as `ipFamily`): an IPv6 cluster's
     * plugin only assigns IPv6 addresses and needs none of the IPv4 policy's network-interface management. Required.
     */
    ipFamily?: pulumi.Input<string>;
}

const FIELDS = ["ipFamily"] as const;
const IP_FAMILIES = ["ipv4", "ipv6"];

/** Builds the VPC CNI's policy for the IP family: the matching upstream actions, network-interface tagging in the role's account only. */
export function buildVpcCniPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    if (typeof args.ipFamily !== "string" || !IP_FAMILIES.includes(args.ipFamily)) {
        throw new IrsaArgumentError(`${argument}.ipFamily`, args.ipFamily, "the cluster's IP family is required: ipv4 or ipv6 (its ipFamily in aws eks describe-cluster).");
    }
    const manage: AddonPolicyStatement =
        args.ipFamily === "ipv4"
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
                      "ec2:DescribeSecurityGroups",
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
                    Resource: [`arn:${context.partition}:ec2:*:${accountOf(context)}:network-interface/*`],
                },
            ],
        },
        wildcards: [],
    };
}
