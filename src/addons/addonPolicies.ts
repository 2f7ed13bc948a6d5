import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { DEFAULT_MANAGED_POLICY_LIMIT, MAX_INLINE_POLICIES_SIZE } from "../policy/rules";
import { policySize } from "../policy/trustPolicy";
import { AddonContext, AddonPolicyDocument, AddonPolicyStatement, AddonWildcard, BuiltAddonPolicy } from "./addonPolicy";
import { AmazonManagedPrometheusAddonArgs, buildAmazonManagedPrometheusPolicy } from "./amazonManagedPrometheus";
import { AwsGatewayControllerAddonArgs, buildAwsGatewayControllerPolicy } from "./awsGatewayController";
import { buildCertManagerPolicy, CertManagerAddonArgs } from "./certManager";
import { buildCloudwatchObservabilityPolicy, CloudwatchObservabilityAddonArgs } from "./cloudwatchObservability";
import { buildEbsCsiDriverPolicy, EbsCsiDriverAddonArgs } from "./ebsCsiDriver";
import { buildEfsCsiDriverPolicy, EfsCsiDriverAddonArgs } from "./efsCsiDriver";
import { buildExternalDnsPolicy, ExternalDnsAddonArgs } from "./externalDns";
import { buildExternalSecretsPolicy, ExternalSecretsAddonArgs } from "./externalSecrets";
import { buildFsxLustreCsiDriverPolicy, FsxLustreCsiDriverAddonArgs } from "./fsxLustreCsiDriver";
import { buildFsxOpenzfsCsiDriverPolicy, FsxOpenzfsCsiDriverAddonArgs } from "./fsxOpenzfsCsiDriver";
import { buildLoadBalancerControllerPolicy, LoadBalancerControllerAddonArgs } from "./loadBalancerController";
import { buildMountpointS3CsiDriverPolicy, MountpointS3CsiDriverAddonArgs } from "./mountpointS3CsiDriver";
import { buildVeleroPolicy, VeleroAddonArgs } from "./velero";
import { buildKarpenterPolicy, KarpenterAddonArgs } from "./karpenter";
import { buildClusterAutoscalerPolicy, ClusterAutoscalerAddonArgs } from "./clusterAutoscaler";
import { buildVpcCniPolicy, VpcCniAddonArgs } from "./vpcCni";
import { buildNodeTerminationHandlerPolicy, NodeTerminationHandlerAddonArgs } from "./nodeTerminationHandler";
import { buildLoadBalancerControllerTargetGroupBindingOnlyPolicy, LoadBalancerControllerTargetGroupBindingOnlyAddonArgs } from "./loadBalancerControllerTargetGroupBindingOnly";

/**
 * The permissions of common EKS add-ons, one optional key per add-on, each holding what that add-on may touch.
 * Every policy follows the add-on project's published policy at a named version, scoped to these inputs.
 */
export interface AddonPolicies {
    /** Amazon Managed Service for Prometheus remote write and query (`AmazonPrometheusRemoteWriteAccess` and `AmazonPrometheusQueryAccess` v1). Defaults to not granted. */
    amazonManagedPrometheus?: pulumi.Input<AmazonManagedPrometheusAddonArgs>;
    /** The Amazon EBS CSI driver (`AmazonEBSCSIDriverPolicy`, aws-ebs-csi-driver v1.64.0). Defaults to not granted. */
    ebsCsiDriver?: pulumi.Input<EbsCsiDriverAddonArgs>;
    /** The AWS Gateway API Controller for Amazon VPC Lattice (aws-application-networking-k8s v2.1.3 `recommended-inline-policy.json`). Defaults to not granted. */
    awsGatewayController?: pulumi.Input<AwsGatewayControllerAddonArgs>;
    /** cert-manager's Route 53 DNS-01 solver (cert-manager v1.21 documentation). Defaults to not granted. */
    certManager?: pulumi.Input<CertManagerAddonArgs>;
    /** The Amazon CloudWatch Observability add-on (`CloudWatchAgentServerPolicy` v3 and `AWSXrayWriteOnlyAccess` v2), logs limited to the cluster's log groups. Defaults to not granted. */
    cloudwatchObservability?: pulumi.Input<CloudwatchObservabilityAddonArgs>;
    /** external-dns with the AWS (Route 53) provider (external-dns v0.22.0). Defaults to not granted. */
    externalDns?: pulumi.Input<ExternalDnsAddonArgs>;
    /** The External Secrets Operator's AWS provider, reading Secrets Manager and Parameter Store (external-secrets v2.9.0). Defaults to not granted. */
    externalSecrets?: pulumi.Input<ExternalSecretsAddonArgs>;
    /** The Amazon FSx for Lustre CSI driver (aws-fsx-csi-driver v1.9.0 `docs/install.md`). Defaults to not granted. */
    fsxLustreCsiDriver?: pulumi.Input<FsxLustreCsiDriverAddonArgs>;
    /** The Amazon FSx for OpenZFS CSI driver (aws-fsx-openzfs-csi-driver v1.2.0 `docs/example-iam-policy.json`). Defaults to not granted. */
    fsxOpenzfsCsiDriver?: pulumi.Input<FsxOpenzfsCsiDriverAddonArgs>;
    /** The AWS Load Balancer Controller (`iam_policy.json` of v2.17.1). Defaults to not granted. */
    loadBalancerController?: pulumi.Input<LoadBalancerControllerAddonArgs>;
    /** The Amazon EFS CSI driver's controller (`AmazonEFSCSIDriverPolicy`, aws-efs-csi-driver v3.4.1). Defaults to not granted. */
    efsCsiDriver?: pulumi.Input<EfsCsiDriverAddonArgs>;
    /** The Mountpoint for Amazon S3 CSI driver (Mountpoint v1.23.0's policy, which driver v2.7.0 follows). Defaults to not granted. */
    mountpointS3CsiDriver?: pulumi.Input<MountpointS3CsiDriverAddonArgs>;
    /** Velero with its AWS plugin (velero-plugin-for-aws v1.13.2). Defaults to not granted. */
    velero?: pulumi.Input<VeleroAddonArgs>;
    /** Karpenter's controller (the controller policies of Karpenter v1.14.1's getting-started CloudFormation template). Defaults to not granted. */
    karpenter?: pulumi.Input<KarpenterAddonArgs>;
    /** Cluster Autoscaler (the AWS provider's recommended policy of cluster-autoscaler-1.36.1). Defaults to not granted. */
    clusterAutoscaler?: pulumi.Input<ClusterAutoscalerAddonArgs>;
    /** The Amazon VPC CNI plugin (`AmazonEKS_CNI_Policy` v6, or the EKS User Guide's IPv6 policy). Defaults to not granted. */
    vpcCni?: pulumi.Input<VpcCniAddonArgs>;
    /** The AWS Node Termination Handler in Queue Processor mode (aws-node-termination-handler v1.25.6). Defaults to not granted. */
    nodeTerminationHandler?: pulumi.Input<NodeTerminationHandlerAddonArgs>;
    /** The AWS Load Balancer Controller used for TargetGroupBindings only (v2.17.1's TargetGroupBinding-only policy). Defaults to not granted. */
    loadBalancerControllerTargetGroupBindingOnly?: pulumi.Input<LoadBalancerControllerTargetGroupBindingOnlyAddonArgs>;
}

/** `AddonPolicies` with every value known: what planAddonPolicies takes. */
export type ResolvedAddonPolicies = pulumi.Unwrap<AddonPolicies>;

/** The name of one add-on, a key of AddonPolicies. */
export type AddonKey = keyof AddonPolicies;

type AddonBuilder = (argument: string, value: unknown, context: AddonContext) => BuiltAddonPolicy;

// In a fixed order, so that the plan, and the resources made from it, never depend on the order of the caller's keys.
const BUILDERS: { [K in AddonKey]-?: AddonBuilder } = {
    amazonManagedPrometheus: buildAmazonManagedPrometheusPolicy,
    awsGatewayController: buildAwsGatewayControllerPolicy,
    certManager: buildCertManagerPolicy,
    cloudwatchObservability: buildCloudwatchObservabilityPolicy,
    ebsCsiDriver: buildEbsCsiDriverPolicy,
    externalDns: buildExternalDnsPolicy,
    externalSecrets: buildExternalSecretsPolicy,
    fsxLustreCsiDriver: buildFsxLustreCsiDriverPolicy,
    fsxOpenzfsCsiDriver: buildFsxOpenzfsCsiDriverPolicy,
    loadBalancerController: buildLoadBalancerControllerPolicy,
    efsCsiDriver: buildEfsCsiDriverPolicy,
    mountpointS3CsiDriver: buildMountpointS3CsiDriverPolicy,
    velero: buildVeleroPolicy,
    karpenter: buildKarpenterPolicy,
    clusterAutoscaler: buildClusterAutoscalerPolicy,
    vpcCni: buildVpcCniPolicy,
    nodeTerminationHandler: buildNodeTerminationHandlerPolicy,
    loadBalancerControllerTargetGroupBindingOnly: buildLoadBalancerControllerTargetGroupBindingOnlyPolicy,
};

/** Every add-on key, in the order plans list them. */
export const ADDON_KEYS = Object.keys(BUILDERS) as AddonKey[];

/** IAM's limit on one managed policy, in characters without white space; AWS does not raise it. */
export const MAX_MANAGED_POLICY_SIZE = 6144;

/**
 * The largest add-on document kept inline. Up to it, an add-on's policy is an inline policy of the role (no extra
 * resource, no managed-policy slot); above it, managed policies. The rule looks at each add-on's own document only,
 * so adding or removing an add-on never moves another one. Five add-ons at this size fill the role's inline budget.
 */
export const MAX_INLINE_ADDON_POLICY_SIZE = 2048;

/** What the planner needs besides the add-ons: where the role lives and what else it already holds. */
export interface AddonPlanContext extends AddonContext {
    /** Characters, white space not counted, of the role's other inline policies. Defaults to 0. */
    inlinePolicyCharacters?: number;
    /** Managed policies attached to the role besides the add-ons' (e.g. `policyArns`). Defaults to 0. */
    attachedManagedPolicies?: number;
    /** The account's managed-policies-per-role quota (`PoliciesPerRole`). Defaults to 10, IAM's default. */
    managedPolicyLimit?: number;
}

/** Where an add-on document goes. */
export type AddonPolicyPlacement = "inline" | "managed";

/** One policy document of the plan. */
export interface PlannedAddonPolicy {
    /** The add-on it grants. */
    addon: AddonKey;
    /**
     * `addon-<key>` for the first (often only) document of an add-on, `addon-<key>-<n>` for the n-th part of one
     * split to fit IAM's managed policy size. The inline policy's name, or the suffix of the managed policy's and its
     * attachment's resource names.
     */
    name: string;
    placement: AddonPolicyPlacement;
    document: AddonPolicyDocument;
    /** `JSON.stringify(document)`, what IAM receives. */
    json: string;
    /** The document's size as IAM counts it: characters without white space. */
    size: number;
}

/** The documents of the requested add-ons and where each goes, within IAM's limits. */
export interface AddonPolicyPlan {
    /** In ADDON_KEYS order, then part order. */
    policies: PlannedAddonPolicy[];
    /** Deliberate wildcards the caller opted into, for render, explain and the policy pack. */
    wildcards: AddonWildcard[];
    /** Inline characters of the role once the add-ons' inline policies are added to `inlinePolicyCharacters`. */
    inlineSize: number;
    /** Managed policies of the role once the add-ons' are added to `attachedManagedPolicies`. */
    managedPolicies: number;
}

/**
 * Validates every requested add-on's inputs and plans its policies, before anything is created. Throws
 * IrsaArgumentError naming `addonPolicies.<key>.<field>` for a bad input, and naming `addonPolicies` with the numbers
 * when the combination cannot fit the role's inline budget (10,240 characters) or its managed-policy quota.
 */
export function planAddonPolicies(addons: ResolvedAddonPolicies | undefined, context: AddonPlanContext): AddonPolicyPlan {
    const existingInline = context.inlinePolicyCharacters ?? 0;
    const existingManaged = context.attachedManagedPolicies ?? 0;
    const limit = context.managedPolicyLimit ?? DEFAULT_MANAGED_POLICY_LIMIT;
    if (addons === undefined) {
        return { policies: [], wildcards: [], inlineSize: existingInline, managedPolicies: existingManaged };
    }
    if (typeof addons !== "object" || addons === null || Array.isArray(addons)) {
        throw new IrsaArgumentError("addonPolicies", addons, `an object with one key per add-on (${ADDON_KEYS.join(", ")}).`);
    }
    for (const key of Object.keys(addons)) {
        if (!(ADDON_KEYS as string[]).includes(key)) {
            throw new IrsaArgumentError(`addonPolicies.${key}`, (addons as Record<string, unknown>)[key], `there is no add-on ${key}; the add-ons are ${ADDON_KEYS.join(", ")}.`);
        }
    }
    const policies: PlannedAddonPolicy[] = [];
    const wildcards: AddonWildcard[] = [];
    for (const key of ADDON_KEYS) {
        const value = addons[key];
        if (value === undefined) {
            continue;
        }
        const built = BUILDERS[key](`addonPolicies.${key}`, value, context);
        wildcards.push(...built.wildcards);
        policies.push(...placeAddon(key, built.document));
    }
    const inlineSize = existingInline + policies.filter((p) => p.placement === "inline").reduce((sum, p) => sum + p.size, 0);
    const managedPolicies = existingManaged + policies.filter((p) => p.placement === "managed").length;
    if (inlineSize > MAX_INLINE_POLICIES_SIZE) {
        throw new IrsaArgumentError(
            "addonPolicies",
            Object.keys(addons),
            `the role's inline policies would have ${inlineSize} characters (${existingInline} of inlinePolicies and ${inlineSize - existingInline} of add-ons ` +
                `under ${MAX_INLINE_ADDON_POLICY_SIZE} characters each, which stay inline), above IAM's ${MAX_INLINE_POLICIES_SIZE}, which AWS does not raise. ` +
                "Move some add-ons or inline policies to another role.",
        );
    }
    if (managedPolicies > limit) {
        throw new IrsaArgumentError(
            "addonPolicies",
            Object.keys(addons),
            `the role would have ${managedPolicies} managed policies (${existingManaged} of policyArns and ${managedPolicies - existingManaged} for add-ons ` +
                `above ${MAX_INLINE_ADDON_POLICY_SIZE} characters), above the limit of ${limit}. Raise managedPolicyLimit after raising the account's ` +
                "PoliciesPerRole quota (up to 20), or give some add-ons their own role.",
        );
    }
    return { policies, wildcards, inlineSize, managedPolicies };
}

/** One inline policy for a small document; otherwise managed policies, split by statement to fit IAM's managed size. */
function placeAddon(key: AddonKey, document: AddonPolicyDocument): PlannedAddonPolicy[] {
    const whole = planned(key, `addon-${key}`, "inline", document.Statement);
    if (whole.size <= MAX_INLINE_ADDON_POLICY_SIZE) {
        return [whole];
    }
    // A document's size is its envelope's plus each statement's plus one comma between two: each statement is measured once.
    const envelope = policySize(JSON.stringify({ Version: "2012-10-17", Statement: [] }));
    const parts: AddonPolicyStatement[][] = [[]];
    let partSize = envelope;
    for (const statement of document.Statement) {
        const size = policySize(JSON.stringify(statement));
        if (envelope + size > MAX_MANAGED_POLICY_SIZE) {
            throw new IrsaArgumentError(
                `addonPolicies.${key}`,
                `statement ${statement.Sid} of ${envelope + size} characters`,
                `one statement cannot exceed IAM's managed policy size of ${MAX_MANAGED_POLICY_SIZE} characters (white space not counted). List fewer ARNs.`,
            );
        }
        const current = parts[parts.length - 1];
        if (current.length > 0 && partSize + 1 + size > MAX_MANAGED_POLICY_SIZE) {
            parts.push([statement]);
            partSize = envelope + size;
        } else {
            partSize += (current.length > 0 ? 1 : 0) + size;
            current.push(statement);
        }
    }
    return parts.map((statements, index) => planned(key, index === 0 ? `addon-${key}` : `addon-${key}-${index + 1}`, "managed", statements));
}

function planned(addon: AddonKey, name: string, placement: AddonPolicyPlacement, statements: AddonPolicyStatement[]): PlannedAddonPolicy {
    const document: AddonPolicyDocument = { Version: "2012-10-17", Statement: statements };
    const json = JSON.stringify(document);
    return { addon, name, placement, document, json, size: policySize(json) };
}
