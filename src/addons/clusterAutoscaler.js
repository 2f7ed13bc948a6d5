"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildClusterAutoscalerPolicy = buildClusterAutoscalerPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["clusterNames"];
/** Builds Cluster Autoscaler's policy: reads on `*` as upstream, scaling only the listed clusters' tagged groups in the role's account. */
function buildClusterAutoscalerPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const names = args.clusterNames;
    if (!Array.isArray(names) || names.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.clusterNames`, names, "a non-empty list of EKS cluster names is required: Cluster Autoscaler may scale only these clusters' Auto Scaling groups.");
    }
    // The cluster is part of a tag key here, so it is a literal with Pod Identity too.
    const clusters = names.map((name, index) => (0, addonPolicy_1.checkClusterName)(`${argument}.clusterNames[${index}]`, name, { ...context, identity: "irsa" }));
    const duplicate = clusters.find((name, index) => clusters.indexOf(name) !== index);
    if (duplicate !== undefined) {
        throw new errors_1.IrsaArgumentError(`${argument}.clusterNames`, names, `${duplicate} is listed twice; list each cluster once.`);
    }
    const groups = `arn:${context.partition}:autoscaling:*:${(0, addonPolicy_1.accountOf)(context)}:autoScalingGroup:*:autoScalingGroupName/*`;
    const scale = (cluster, index) => ({
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
