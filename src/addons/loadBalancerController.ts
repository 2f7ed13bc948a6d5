import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkClusterName, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of the AWS Load Balancer Controller's policy, after kubernetes-sigs/aws-load-balancer-controller
 * v2.17.1 `docs/install/iam_policy.json` (and its `_cn`/`_us-gov` variants, which differ only in the partition).
 */
export interface LoadBalancerControllerAddonArgs {
    /**
     * The EKS cluster the controller runs in, as given to its `--cluster-name`: the controller tags what it creates
     * with `elbv2.k8s.aws/cluster=<clusterName>`, and the policy lets it change and delete only what carries this
     * value (upstream accepts any value, i.e. any cluster's). Required with IRSA; not accepted with Pod Identity, where
     * the session tag `eks-cluster-name` is used, so the controller's `--cluster-name` must be the EKS cluster's name.
     */
    clusterName?: pulumi.Input<string>;
    /**
     * The ID of the cluster's VPC (`vpc-...`, the controller's `--aws-vpc-id`): security groups are created in it, and
     * ingress rules changed, only there (upstream: any security group of the account). Required.
     */
    vpcId?: pulumi.Input<string>;
}

const FIELDS = ["clusterName", "vpcId"] as const;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** Checks an EC2 VPC ID. */
export function checkVpcId(argument: string, value: unknown): string {
    if (typeof value !== "string" || !VPC_ID.test(value)) {
        throw new IrsaArgumentError(argument, value, "the cluster's VPC ID is required, e.g. vpc-0123456789abcdef0 (vpc- and 8 or 17 hex digits).");
    }
    return value;
}

/**
 * Builds the load balancer controller's policy: upstream's statements, with "tagged by a cluster" (`Null` on
 * `elbv2.k8s.aws/cluster`) narrowed to "tagged by this cluster", security groups limited to the cluster's VPC, and
 * resource ARNs to the role's partition and account.
 */
export function buildLoadBalancerControllerPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const cluster = checkClusterName(`${argument}.clusterName`, args.clusterName, context);
    const vpcId = checkVpcId(`${argument}.vpcId`, args.vpcId);
    const account = accountOf(context);
    const ec2 = `arn:${context.partition}:ec2:*:${account}`;
    const elb = `arn:${context.partition}:elasticloadbalancing:*:${account}`;
    const securityGroups = `${ec2}:security-group/*`;
    const loadBalancersAndTargetGroups = [`${elb}:targetgroup/*/*`, `${elb}:loadbalancer/net/*/*`, `${elb}:loadbalancer/app/*/*`];
    const requestTagged = { [`aws:RequestTag/${CLUSTER_TAG}`]: cluster };
    const resourceTagged = { [`aws:ResourceTag/${CLUSTER_TAG}`]: cluster };
    const statement = (Sid: string, Action: string[], Resource: string[], Condition?: AddonPolicyStatement["Condition"]): AddonPolicyStatement => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements: AddonPolicyStatement[] = [
        statement(
            "CreateElbServiceLinkedRole",
            ["iam:CreateServiceLinkedRole"],
            [`arn:${context.partition}:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`],
            { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        ),
        statement(
            "Describe",
            [
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAddresses",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeTags",
                "ec2:GetCoipPoolUsage",
                "ec2:DescribeCoipPools",
                "ec2:GetSecurityGroupsForVpc",
                "ec2:DescribeIpamPools",
                "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerCertificates",
                "elasticloadbalancing:DescribeSSLPolicies",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeTrustStores",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
            ],
            ["*"],
        ),
        statement(
            "CertificatesWafAndShield",
            [
                "cognito-idp:DescribeUserPoolClient",
                "acm:ListCertificates",
                "acm:DescribeCertificate",
                "iam:ListServerCertificates",
                "iam:GetServerCertificate",
                "waf-regional:GetWebACL",
                "waf-regional:GetWebACLForResource",
                "waf-regional:AssociateWebACL",
                "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL",
                "wafv2:GetWebACLForResource",
                "wafv2:AssociateWebACL",
                "wafv2:DisassociateWebACL",
                // For the wafv2-acl-name annotation: the controller looks the web ACL up by name (v2.17.1's annotations guide).
                "wafv2:ListWebACLs",
                "shield:GetSubscriptionState",
                "shield:DescribeProtection",
                "shield:CreateProtection",
                "shield:DeleteProtection",
            ],
            ["*"],
        ),
        // Node security groups are not the controller's own, so ingress rules cannot be scoped by tag: the VPC bounds them.
        statement("IngressRulesInClusterVpc", ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], [securityGroups], {
            ArnLike: { "ec2:Vpc": `${ec2}:vpc/${vpcId}` },
        }),
        statement("CreateSecurityGroupsInClusterVpc", ["ec2:CreateSecurityGroup"], [securityGroups, `${ec2}:vpc/${vpcId}`]),
        statement("TagNewSecurityGroups", ["ec2:CreateTags"], [securityGroups], {
            StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", ...requestTagged },
        }),
        statement("RetagClusterSecurityGroups", ["ec2:CreateTags", "ec2:DeleteTags"], [securityGroups], {
            Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" },
            StringEquals: resourceTagged,
        }),
        statement("ManageClusterSecurityGroups", ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], [securityGroups], {
            StringEquals: resourceTagged,
        }),
        statement("CreateClusterLoadBalancers", ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], ["*"], {
            StringEquals: requestTagged,
        }),
        statement(
            "ListenersAndRules",
            ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
            ["*"],
        ),
        statement("RetagClusterLoadBalancers", ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], loadBalancersAndTargetGroups, {
            Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" },
            StringEquals: resourceTagged,
        }),
        statement(
            "TagListenersAndRules",
            ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            [`${elb}:listener/net/*/*/*`, `${elb}:listener/app/*/*/*`, `${elb}:listener-rule/net/*/*/*`, `${elb}:listener-rule/app/*/*/*`],
        ),
        statement(
            "ManageClusterLoadBalancers",
            [
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyCapacityReservation",
                "elasticloadbalancing:ModifyIpPools",
            ],
            ["*"],
            { StringEquals: resourceTagged },
        ),
        statement("TagNewLoadBalancers", ["elasticloadbalancing:AddTags"], loadBalancersAndTargetGroups, {
            StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"], ...requestTagged },
        }),
        statement("RegisterTargets", ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], [`${elb}:targetgroup/*/*`]),
        statement(
            "ModifyListenersAndRules",
            [
                "elasticloadbalancing:SetWebAcl",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetRulePriorities",
            ],
            ["*"],
        ),
    ];
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
