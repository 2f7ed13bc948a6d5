import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkClusterName, checkFields } from "./addonPolicy";

/**
 * Scoping inputs of Cluster Autoscaler's policy, after kubernetes/autoscaler cluster-autoscaler-1.36.1
 * `cluster-autoscaler/cloudprovider/aws/README.md` ("Full Cluster Autoscaler Features Policy (Recommended)").
 */
export interface ClusterAutoscalerAddonArgs {
    /**
     * The EKS clusters whose Auto Scaling groups Cluster Autoscaler may scale: only groups carrying its auto-discovery
     * tag `k8s.io/cluster-autoscaler/<clusterName>` (any value, as `--node-group-auto-discovery` matches it), one
     * statement per cluster (upstream: every group of the account). The name is a tag key, where IAM accepts no policy
     * variable, so it is required with Pod Identity too, where each statement also requires the session tag
     * `eks-cluster-name` to equal its cluster. Required.
     */
    clusterNames?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["clusterNames"] as const;

/** Builds Cluster Autoscaler's policy: reads on `*` as upstream, scaling only the listed clusters' tagged groups in the role's account. */
export function buildClusterAutoscalerPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const names = args.clusterNames;
    if (!Array.isArray(names) || names.length === 0) {
        throw new IrsaArgumentError(`${argument}.clusterNames`, names, "a non-empty list of EKS cluster names is required: Cluster Autoscaler may scale only these clusters' Auto Scaling groups.");
    }
    // The cluster is part of a tag key here, so it is a literal with Pod Identity too.
    const clusters = names.map((name, index) => checkClusterName(`${argument}.clusterNames[${index}]`, name, { ...context, identity: "irsa" }));
    const duplicate = clusters.find((name, index) => clusters.indexOf(name) !== index);
    if (duplicate !== undefined) {
        throw new IrsaArgumentError(`${argument}.clusterNames`, names, `${duplicate} is listed twice; list each cluster once.`);
    }
    const groups = `arn:${context.partition}:autoscaling:*:${accountOf(context)}:autoScalingGroup:*:autoScalingGroupName/*`;
    const scale = (cluster: string, index: number): AddonPolicyStatement => ({
        Sid: `ScaleClusterGroups${index + 1}`,
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: [groups],
        Condition: {
            Null: { [`autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "false" },
            ...(context.identity === "podIdentity" ? { StringEquals: { "aws:PrincipalTag/eks-cluster-name": cluster } } : {}),
        },
    });
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Describe",
                    Effect: "Allow",
                    Action: [
                        "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeAutoScalingInstances",
                        "autoscaling:DescribeLaunchConfigurations",
                        "autoscaling:DescribeScalingActivities",
                        "ec2:DescribeImages",
                        "ec2:DescribeInstanceTypes",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:GetInstanceTypesFromInstanceRequirements",
                        "eks:DescribeNodegroup",
                    ],
                    Resource: ["*"],
                },
                ...clusters.map(scale),
            ],
        },
        wildcards: [],
    };
}
