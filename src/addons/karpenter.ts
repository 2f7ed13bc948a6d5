import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArn, checkArnList, checkClusterName, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of Karpenter's controller policy, after aws/karpenter-provider-aws v1.14.1
 * `website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml` (its six controller
 * policies: NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ZonalShift and ResourceDiscovery).
 */
export interface KarpenterAddonArgs {
    /**
     * The EKS cluster Karpenter manages. Upstream puts it in tag keys (`kubernetes.io/cluster/<clusterName>`), where IAM
     * accepts no policy variable, so it is required with IRSA and with Pod Identity alike; with Pod Identity every
     * statement also requires the session tag `eks-cluster-name` to equal it.
     */
    clusterName?: pulumi.Input<string>;
    /** The cluster's region, e.g. `eu-west-3`: Karpenter launches, reads and deletes only there, as upstream's template. Required. */
    region?: pulumi.Input<string>;
    /**
     * The IAM roles of Karpenter's nodes (the `role` of its EC2NodeClasses), as ARNs
     * `arn:<partition>:iam::<account>:role/<name>`, all in the account of the cluster: the only roles Karpenter may pass
     * to EC2. A path may not hold a policy variable `${...}` (IAM would substitute it) or characters outside printable
     * Latin-1. Required.
     */
    nodeRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Karpenter's interruption queue (its `settings.interruptionQueue`), as an ARN
     * `arn:<partition>:sqs:<region>:<account>:<name>` in `region`. Defaults to none: no SQS permission, interruption
     * handling off.
     */
    interruptionQueueArn?: pulumi.Input<string>;
}

const FIELDS = ["clusterName", "region", "nodeRoleArns", "interruptionQueueArn"] as const;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** IAM role ARNs: `arn:<partition>:iam::<account>:role/<path/>name`. */
export const IAM_ROLE_ARN: ArnRule = {
    service: "iam",
    resource: /^role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/,
    resourceForm: "role/<name>",
    regional: false,
    hasAccount: true,
};

/** SQS queue ARNs: `arn:<partition>:sqs:<region>:<account>:<queue name>`. */
export const SQS_QUEUE_ARN: ArnRule = {
    service: "sqs",
    resource: /^[\w-]{1,75}(\.fifo)?$/,
    resourceForm: "<queue name>",
    regional: true,
    hasAccount: true,
};

/** Checks an AWS region name. */
export function checkRegion(argument: string, value: unknown): string {
    if (typeof value !== "string" || !REGION.test(value)) {
        throw new IrsaArgumentError(argument, value, "the cluster's region is required, e.g. eu-west-3.");
    }
    return value;
}

/**
 * Builds Karpenter's controller policy: upstream's statements for one cluster, region and account, passing only the
 * listed node roles, reading only the listed queue, and creating and tagging EC2 resources only in the cluster's account.
 */
export function buildKarpenterPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    // The cluster is a tag key here, so it is a literal with Pod Identity too.
    const cluster = checkClusterName(`${argument}.clusterName`, args.clusterName, { ...context, identity: "irsa" });
    const region = checkRegion(`${argument}.region`, args.region);
    const nodeRoles = checkArnList(`${argument}.nodeRoleArns`, args.nodeRoleArns, IAM_ROLE_ARN, context);
    // Instance profiles hold roles of their own account only, so the nodes' account is the cluster's.
    const account = context.accountId ?? nodeRoles[0].split(":")[4];
    nodeRoles.forEach((arn, index) => {
        if (arn.split(":")[4] !== account) {
            throw new IrsaArgumentError(
                `${argument}.nodeRoleArns[${index}]`,
                arn,
                `a node role must be in the cluster's account ${account} (${context.accountId === undefined ? "that of the first node role" : "the role's"}): an instance profile holds roles of its own account only.`,
            );
        }
    });
    let queue: string | undefined;
    if (args.interruptionQueueArn !== undefined) {
        checkArn(`${argument}.interruptionQueueArn`, args.interruptionQueueArn, SQS_QUEUE_ARN, context);
        queue = args.interruptionQueueArn as string;
        const [, , , queueRegion, queueAccount] = queue.split(":");
        if (queueRegion !== region || queueAccount !== account) {
            throw new IrsaArgumentError(`${argument}.interruptionQueueArn`, queue, `the interruption queue must be in the cluster's region ${region} and account ${account}, where EventBridge delivers the cluster's events.`);
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
    const session: Record<string, string> = context.identity === "podIdentity" ? { "aws:PrincipalTag/eks-cluster-name": cluster } : {};
    const statement = (Sid: string, Action: string[], Resource: string[], Condition: NonNullable<AddonPolicyStatement["Condition"]> = {}): AddonPolicyStatement => {
        const conditions = { ...Condition, StringEquals: { ...(Condition.StringEquals ?? {}), ...session } };
        if (Object.keys(conditions.StringEquals).length === 0) {
            delete (conditions as Record<string, unknown>).StringEquals;
        }
        return { Sid, Effect: "Allow", Action, Resource, ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}) };
    };
    const statements: AddonPolicyStatement[] = [
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
        statement(
            "AllowRegionalReadActions",
            [
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
            ],
            ["*"],
            { StringEquals: { "aws:RequestedRegion": region } },
        ),
        statement("AllowSSMReadActions", ["ssm:GetParameter"], [`arn:${p}:ssm:${region}::parameter/aws/service/*`]),
        statement("AllowPricingReadActions", ["pricing:GetProducts"], ["*"]),
        statement("AllowUnscopedInstanceProfileListAction", ["iam:ListInstanceProfiles"], ["*"]),
        statement("AllowInstanceProfileReadActions", ["iam:GetInstanceProfile"], [instanceProfiles]),
    ];
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
