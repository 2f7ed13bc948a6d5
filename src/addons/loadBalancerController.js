"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkVpcId = checkVpcId;
exports.buildLoadBalancerControllerPolicy = buildLoadBalancerControllerPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["clusterName", "vpcId"];
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** Checks an EC2 VPC ID. */
function checkVpcId(argument, value) {
    if (typeof value !== "string" || !VPC_ID.test(value)) {
        throw new errors_1.IrsaArgumentError(argument, value, "the cluster's VPC ID is required, e.g. vpc-0123456789abcdef0 (vpc- and 8 or 17 hex digits).");
    }
    return value;
}
/**
 * Builds the load balancer controller's policy: upstream's statements, with "tagged by a cluster" (`Null` on
 * `elbv2.k8s.aws/cluster`) narrowed to "tagged by this cluster", security groups limited to the cluster's VPC, and
 * resource ARNs to the role's partition and account.
 */
function buildLoadBalancerControllerPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const cluster = (0, addonPolicy_1.checkClusterName)(`${argument}.clusterName`, args.clusterName, context);
    const vpcId = checkVpcId(`${argument}.vpcId`, args.vpcId);
    const account = (0, addonPolicy_1.accountOf)(context);
    const ec2 = `arn:${context.partition}:ec2:*:${account}`;
    const elb = `arn:${context.partition}:elasticloadbalancing:*:${account}`;
    const securityGroups = `${ec2}:security-group/*`;
    const loadBalancersAndTargetGroups = [`${elb}:targetgroup/*/*`, `${elb}:loadbalancer/net/*/*`, `${elb}:loadbalancer/app/*/*`];
    const requestTagged = { [`aws:RequestTag/${CLUSTER_TAG}`]: cluster };
    const resourceTagged = { [`aws:ResourceTag/${CLUSTER_TAG}`]: cluster };
    const statement = (Sid, Action, Resource, Condition) => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements = [
        statement("CreateElbServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [`arn:${context.partition}:iam::${account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`], { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
        statement("Describe", [
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
        ], ["*"]),
        statement("CertificatesWafAndShield", [
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
            "shield:GetSubscriptionState",
            "shield:DescribeProtection",
            "shield:CreateProtection",
            "shield:DeleteProtection",
        ], ["*"]),
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
        statement("ListenersAndRules", ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"], ["*"]),
        statement("RetagClusterLoadBalancers", ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], loadBalancersAndTargetGroups, {
            Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" },
            StringEquals: resourceTagged,
        }),
        statement("TagListenersAndRules", ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], [`${elb}:listener/net/*/*/*`, `${elb}:listener/app/*/*/*`, `${elb}:listener-rule/net/*/*/*`, `${elb}:listener-rule/app/*/*/*`]),
        statement("ManageClusterLoadBalancers", [
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
        ], ["*"], { StringEquals: resourceTagged }),
        statement("TagNewLoadBalancers", ["elasticloadbalancing:AddTags"], loadBalancersAndTargetGroups, {
            StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"], ...requestTagged },
        }),
        statement("RegisterTargets", ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], [`${elb}:targetgroup/*/*`]),
        statement("ModifyListenersAndRules", [
            "elasticloadbalancing:SetWebAcl",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:SetRulePriorities",
        ], ["*"]),
    ];
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
