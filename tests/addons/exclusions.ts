/**
 * What eks-irsa's add-on policies leave out on purpose: requests an upstream document allows in the caller's scope
 * that eks-irsa denies. The completeness test requires every denial to match one of these, every one of these to
 * match a denial (none goes stale), and docs/addon-policies.md to carry each `documented` sentence word for word; `npm run
 * addons:drift` reports a newer upstream's request that matches one as excluded rather than missing.
 */
import { AddonKey } from "../../src/addons/addonPolicies";
import { actionMatches } from "./upstream";

export interface Exclusion {
    addon: AddonKey;
    /** The actions left out (exact names, or `*` patterns). */
    actions: string[];
    /** Only requests on resources matching this; any resource when absent. */
    resource?: RegExp;
    /** Why, and what the user gives up: one sentence of docs/addon-policies.md, verbatim. */
    documented: string;
}

export const EXCLUSIONS: Exclusion[] = [
    {
        addon: "ebsCsiDriver",
        actions: ["kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:ListGrants", "kms:RevokeGrant"],
        documented:
            "`ebsCsiDriver` leaves out terraform-aws-modules' `kms:Encrypt`, `kms:GenerateDataKey`, `kms:GenerateDataKeyPair*`, `kms:ListGrants` and `kms:RevokeGrant` on the keys: EBS, not the driver, uses the key, and AWS's EBS encryption guide asks only for `kms:CreateGrant`, `kms:Decrypt`, `kms:DescribeKey`, `kms:GenerateDataKeyWithoutPlaintext` and `kms:ReEncrypt` (`kms:ReEncryptFrom` and `kms:ReEncryptTo`), which are granted; nothing the driver does is given up.",
    },
    {
        addon: "karpenter",
        actions: ["ec2:DescribeAvailabilityZones"],
        documented:
            "`karpenter` leaves out `ec2:DescribeAvailabilityZones`, which terraform-aws-modules' Karpenter policy grants: Karpenter v1.14.1 never calls it (only its end-to-end test harness does) and its own CloudFormation template does not grant it; nothing is given up.",
    },
    {
        addon: "clusterAutoscaler",
        actions: ["autoscaling:DescribeTags"],
        documented:
            "`clusterAutoscaler` leaves out `autoscaling:DescribeTags`, which terraform-aws-modules adds: the autoscaler's own recommended policy (cluster-autoscaler-1.36.1) does not list it, so no feature the autoscaler documents needs it.",
    },
    {
        addon: "efsCsiDriver",
        actions: ["elasticfilesystem:TagResource"],
        resource: /:file-system\/[^/]+$/,
        documented:
            "`efsCsiDriver` tags only the access points it creates, not file systems (upstream's `elasticfilesystem:TagResource` is on `*`): the driver never tags a file system; nothing is given up.",
    },
    {
        addon: "efsCsiDriver",
        actions: ["s3files:*"],
        documented:
            "`efsCsiDriver` leaves out upstream's `s3files:*` statements: Amazon S3 Files file systems cannot be mounted through the driver with this policy; give the role those permissions yourself if you use them.",
    },
    {
        addon: "externalSecrets",
        actions: ["secretsmanager:GetResourcePolicy", "secretsmanager:ListSecretVersionIds"],
        documented:
            "`externalSecrets` leaves out `secretsmanager:GetResourcePolicy` and `secretsmanager:ListSecretVersionIds`, which upstream and terraform-aws-modules grant: ESO v2.9.0 never calls them to read a secret; nothing is given up.",
    },
    {
        addon: "externalSecrets",
        actions: ["ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath", "ssm:DescribeParameters"],
        documented:
            "`externalSecrets` grants `ssm:GetParameter` only (upstream: `ssm:GetParameter*`; terraform-aws-modules adds `ssm:DescribeParameters` on `*`): `GetParametersByPath` on a listed name would read every parameter under it, so `dataFrom.find` against Parameter Store is given up.",
    },
    {
        addon: "externalSecrets",
        actions: ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource", "secretsmanager:DeleteSecret"],
        documented:
            "`externalSecrets` leaves out terraform-aws-modules' secret-writing statements (`external_secrets_secrets_manager_create_permission`): PushSecret to Secrets Manager is given up.",
    },
    {
        addon: "loadBalancerControllerTargetGroupBindingOnly",
        actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        documented:
            "`loadBalancerControllerTargetGroupBindingOnly` leaves out `ec2:AuthorizeSecurityGroupIngress` and `ec2:RevokeSecurityGroupIngress`, which terraform-aws-modules adds on `*`: upstream's TargetGroupBinding-only policy does not list them, so leave the binding's `networking` field out and open the nodes' security groups to the load balancer yourself.",
    },
    {
        addon: "velero",
        actions: ["kms:*"],
        documented:
            "`velero` leaves out terraform-aws-modules eks-pod-identity's KMS statement (`velero_kms_arns`), which the plugin's own policy does not have: a bucket encrypted with a customer managed key needs that key's permissions given through `inlinePolicies` or `policyArns`.",
    },
    {
        addon: "vpcCni",
        actions: ["logs:DescribeLogGroups", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        documented:
            "`vpcCni` leaves out terraform-aws-modules' CloudWatch Logs statement (`vpc_cni_enable_cloudwatch_logs`, on `*`): the network policy agent cannot send its logs to CloudWatch Logs with this policy.",
    },
    {
        addon: "externalDns",
        actions: ["route53:ListTagsForResource"],
        documented:
            "`externalDns` leaves out `route53:ListTagsForResource`, which terraform-aws-modules eks-pod-identity grants: external-dns v0.22.0 reads zone tags with `route53:ListTagsForResources`, which is granted on the listed zones; nothing is given up.",
    },
];

/** The exclusion a denied request of `addon` falls under, if any. */
export function exclusionOf(addon: AddonKey, request: { action: string; resource: string }): Exclusion | undefined {
    return EXCLUSIONS.find(
        (exclusion) => exclusion.addon === addon && exclusion.actions.some((pattern) => actionMatches(pattern, request.action)) && (exclusion.resource?.test(request.resource) ?? true),
    );
}
