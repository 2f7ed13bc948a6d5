"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SQS_QUEUE_ARN = exports.IAM_ROLE_ARN = void 0;
exports.checkRegion = checkRegion;
exports.buildKarpenterPolicy = buildKarpenterPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["clusterName", "region", "nodeRoleArns", "interruptionQueueArn"];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** IAM role ARNs: `arn:<partition>:iam::<account>:role/<path/>name`. */
exports.IAM_ROLE_ARN = {
    service: "iam",
    resource: /^role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/,
    resourceForm: "role/<name>",
    regional: false,
    hasAccount: true,
};
/** SQS queue ARNs: `arn:<partition>:sqs:<region>:<account>:<queue name>`. */
exports.SQS_QUEUE_ARN = {
    service: "sqs",
    resource: /^[\w-]{1,75}(\.fifo)?$/,
    resourceForm: "<queue name>",
    regional: true,
    hasAccount: true,
};
/** Checks an AWS region name. */
function checkRegion(argument, value) {
    if (typeof value !== "string" || !REGION.test(value)) {
        throw new errors_1.IrsaArgumentError(argument, value, "the cluster's region is required, e.g. eu-west-3.");
    }
    return value;
}
/**
 * Builds Karpenter's controller policy: upstream's statements for one cluster, region and account, passing only the
 * listed node roles, reading only the listed queue, and creating and tagging EC2 resources only in the cluster's account.
 */
function buildKarpenterPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    // The cluster is a tag key here, so it is a literal with Pod Identity too.
    const cluster = (0, addonPolicy_1.checkClusterName)(`${argument}.clusterName`, args.clusterName, { ...context, identity: "irsa" });
    const region = checkRegion(`${argument}.region`, args.region);
    const nodeRoles = (0, addonPolicy_1.checkArnList)(`${argument}.nodeRoleArns`, args.nodeRoleArns, exports.IAM_ROLE_ARN, context);
    // Instance profiles hold roles of their own account only, so the nodes' account is the cluster's.
    const account = context.accountId ?? nodeRoles[0].split(":")[4];
    nodeRoles.forEach((arn, index) => {
        if (arn.split(":")[4] !== account) {
            throw new errors_1.IrsaArgumentError(`${argument}.nodeRoleArns[${index}]`, arn, `a node role must be in the cluster's account ${account} (${context.accountId === undefined ? "that of the first node role" : "the role's"}): an instance profile holds roles of its own account only.`);
        }
    });
    let queue;
    if (args.interruptionQueueArn !== undefined) {
        (0, addonPolicy_1.checkArn)(`${argument}.interruptionQueueArn`, args.interruptionQueueArn, exports.SQS_QUEUE_ARN, context);
        queue = args.interruptionQueueArn;
        const [, , , queueRegion, queueAccount] = queue.split(":");
        if (queueRegion !== region || queueAccount !== account) {
            throw new errors_1.IrsaArgumentError(`${argument}.interruptionQueueArn`, queue, `the interruption queue must be in the cluster's region ${region} and account ${account}, where EventBridge delivers the cluster's events.`);
        }
    }
    const p = context.partition;
    const ec2 = `arn:${p}:ec2:${region}`;
    const own = `${ec2}:${account}`;
    const ownedKey = `kubernetes.io/cluster/${cluster}`;
    const instanceProfiles = `arn:${p}:iam::${account}:instance-profile/*`;
    const clusterArn = `arn:${p}:eks:${region}:${account}:cluster/${cluster}`;
    const created = [`${own}:fleet/*`, `${own}:instance/*`, `${own}:volume/*`, `${own}:network-interface/*`, `${own}:launch-template/*`, `${own}:spot-instances-request/*`];
    // With Pod Identity, a session of another cluster's association must not act for this one.
    const session = context.identity === "podIdentity" ? { "aws:PrincipalTag/eks-cluster-name": cluster } : {};
    const statement = (Sid, Action, Resource, Condition = {}) => {
        const conditions = { ...Condition, StringEquals: { ...(Condition.StringEquals ?? {}), ...session } };
        if (Object.keys(conditions.StringEquals).length === 0) {
            delete conditions.StringEquals;
        }
        return { Sid, Effect: "Allow", Action, Resource, ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}) };
    };
    const statements = [
        statement("AllowScopedEC2InstanceAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"], [
            `${ec2}::image/*`,
            `${ec2}::snapshot/*`,
            // Subnets, security groups and capacity reservations may be shared from another account (RAM), as upstream allows.
            `${ec2}:*:security-group/*`,
            `${ec2}:*:subnet/*`,
            `${ec2}:*:capacity-reservation/*`,
            `${ec2}:*:placement-group/*`,
        ]),
        statement("AllowScopedEC2LaunchTemplateAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"], [`${own}:launch-template/*`], {
            StringEquals: { [`aws:ResourceTag/${ownedKey}`]: "owned" },
            StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        }),
        statement("AllowScopedEC2InstanceActionsWithTags", ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"], created, {
            StringEquals: { [`aws:RequestTag/${ownedKey}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": cluster },
            StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        }),
        statement("AllowScopedResourceCreationTagging", ["ec2:CreateTags"], created, {
            StringEquals: {
                [`aws:RequestTag/${ownedKey}`]: "owned",
                "aws:RequestTag/eks:eks-cluster-name": cluster,
                "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
            },
            StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        }),
        statement("AllowScopedResourceTagging", ["ec2:CreateTags"], [`${own}:instance/*`], {
            StringEquals: { [`aws:ResourceTag/${ownedKey}`]: "owned" },
            StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
            StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": cluster },
            "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
        }),
        statement("AllowScopedDeletion", ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"], [`${own}:instance/*`, `${own}:launch-template/*`], {
            StringEquals: { [`aws:ResourceTag/${ownedKey}`]: "owned" },
            StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        }),
        statement("AllowPassingInstanceRole", ["iam:PassRole"], nodeRoles, {
            StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] },
        }),
        statement("AllowScopedInstanceProfileCreationActions", ["iam:CreateInstanceProfile"], [instanceProfiles], {
            StringEquals: {
                [`aws:RequestTag/${ownedKey}`]: "owned",
                "aws:RequestTag/eks:eks-cluster-name": cluster,
                "aws:RequestTag/topology.kubernetes.io/region": region,
            },
            StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        }),
        statement("AllowScopedInstanceProfileTagActions", ["iam:TagInstanceProfile"], [instanceProfiles], {
            StringEquals: {
                [`aws:ResourceTag/${ownedKey}`]: "owned",
                "aws:ResourceTag/topology.kubernetes.io/region": region,
                [`aws:RequestTag/${ownedKey}`]: "owned",
                "aws:RequestTag/eks:eks-cluster-name": cluster,
                "aws:RequestTag/topology.kubernetes.io/region": region,
            },
            StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        }),
        statement("AllowScopedInstanceProfileActions", ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"], [instanceProfiles], {
            StringEquals: { [`aws:ResourceTag/${ownedKey}`]: "owned", "aws:ResourceTag/topology.kubernetes.io/region": region },
            StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        }),
        statement("AllowAPIServerEndpointDiscovery", ["eks:DescribeCluster"], [clusterArn]),
        ...(queue === undefined ? [] : [statement("AllowInterruptionQueueActions", ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], [queue])]),
        statement("AllowZonalShiftStatusReadOnly", ["arc-zonal-shift:GetManagedResource"], ["*"], {
            StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn },
        }),
        statement("AllowRegionalReadActions", [
            "ec2:DescribeCapacityReservations",
            "ec2:DescribeImages",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceStatus",
            "ec2:DescribeInstanceTypeOfferings",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplates",
            "ec2:DescribePlacementGroups",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSpotPriceHistory",
            "ec2:DescribeSubnets",
        ], ["*"], { StringEquals: { "aws:RequestedRegion": region } }),
        statement("AllowSSMReadActions", ["ssm:GetParameter"], [`arn:${p}:ssm:${region}::parameter/aws/service/*`]),
        statement("AllowPricingReadActions", ["pricing:GetProducts"], ["*"]),
        statement("AllowUnscopedInstanceProfileListAction", ["iam:ListInstanceProfiles"], ["*"]),
        statement("AllowInstanceProfileReadActions", ["iam:GetInstanceProfile"], [instanceProfiles]),
    ];
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
