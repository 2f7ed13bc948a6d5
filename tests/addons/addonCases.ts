/**
 * The completeness cases: for each add-on and identity, the caller's scope (its resources, the tags and context keys
 * the controller sends), eks-irsa's arguments for it, and the upstream documents to compare with (the add-on's own
 * and terraform-aws-modules' v6 policy for that identity), each filled in with the caller's resources.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { AddonKey } from "../../src/addons/addonPolicies";
import { AddonIdentity } from "../../src/addons/addonPolicy";
import { REPOSITORY_ROOT } from "../harness";
import { LooseDocument, Scope } from "./completeness";

export const FIXTURES = path.join(REPOSITORY_ROOT, "tests", "fixtures", "addons");
const ACCOUNT = "111122223333";
const REGION = "eu-west-3";
const CLUSTER = "prod";
const KEY_ID = "0b5a2a7e-1f6c-4c1e-9a55-1234567890ab";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const ZONE = `arn:aws:route53:::hostedzone/${ZONE_ID}`;

/** One upstream document of a case, by fixture name. */
export interface UpstreamDocument {
    name: string;
    document: LooseDocument;
}

/** One completeness case. */
export interface AddonCase {
    addon: AddonKey;
    identity: AddonIdentity;
    /** The case's name in the tests and the report, e.g. `vpcCni (ipv6, IRSA)`. */
    label: string;
    args: unknown;
    scope: Scope;
    upstream: UpstreamDocument[];
}

// Set only while addonCases builds the cases with some fixtures read from elsewhere (`npm run addons:drift`).
let replaced: ReadonlyMap<string, string> = new Map();

/** A fixture's text with each `replacements` key replaced (upstream's example names and placeholders by the caller's). */
export function fixtureText(file: string, replacements: Record<string, string> = {}): string {
    let text = fs.readFileSync(replaced.get(file) ?? path.join(FIXTURES, file), "utf8");
    for (const [from, to] of Object.entries(replacements)) {
        text = text.split(from).join(to);
    }
    return text;
}

/** A fixture as a policy document: an AWS managed policy's `GetPolicyVersion` output gives its `Document`. */
export function fixtureDocument(file: string, replacements: Record<string, string> = {}): UpstreamDocument {
    const parsed = JSON.parse(fixtureText(file, replacements));
    return { name: replacedName(file), document: parsed.PolicyVersion?.Document ?? parsed };
}

const KARPENTER_POLICIES = ["NodeLifecyclePolicy", "IAMIntegrationPolicy", "EKSIntegrationPolicy", "InterruptionPolicy", "ZonalShiftPolicy", "ResourceDiscoveryPolicy"];

/** Karpenter's getting-started template's six controller policies as one document, its `!Sub` variables filled in. */
export function karpenterTemplate(file: string, variables: Record<string, string>): UpstreamDocument {
    const keep = (tag: string) => ({ tag, resolve: (value: string) => value });
    const template = parse(fixtureText(file), { customTags: [keep("!Sub"), keep("!Ref"), keep("!GetAtt")] });
    const statements = KARPENTER_POLICIES.flatMap((name) => {
        const text = (template.Resources[name].Properties.PolicyDocument as string).replace(/\$\{([^}]+)\}/g, (_, variable: string) => {
            if (!(variable in variables)) {
                throw new Error(`unknown template variable ${variable}`);
            }
            return variables[variable];
        });
        return JSON.parse(text).Statement;
    });
    return { name: replacedName(file), document: { Statement: statements } };
}

/** `upstream` without the statements that grant `action`: terraform-aws-modules' VPC CNI document has both IP families' statements, each behind its own flag. */
function withoutStatementsOf(upstream: UpstreamDocument, action: string): UpstreamDocument {
    const statements = upstream.document.Statement.filter((statement) => ![statement.Action ?? []].flat().includes(action));
    return { name: `${upstream.name} (without ${action})`, document: { Statement: statements } };
}

function scope(names: Scope["names"], context: Scope["context"], identity: AddonIdentity, more: Pick<Scope, "resourceContext" | "resourceTypes"> = {}): Scope {
    const session: Scope["context"] = identity === "podIdentity" ? { "aws:PrincipalTag/eks-cluster-name": CLUSTER } : {};
    return { partition: "aws", account: ACCOUNT, region: REGION, names, context: { ...session, ...context }, ...more };
}

const FSX_ROLE = "aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx";
const FSX_S3_ROLE = "aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_fs-0123456789abcdef0";
// IAM receives the service's name with every CreateServiceLinkedRole call.
const SERVICE_NAMES: [RegExp, Record<string, string>][] = [
    [/\/fsx\.amazonaws\.com\//, { "iam:AWSServiceName": "fsx.amazonaws.com" }],
    [/\/s3\.data-source\.lustre\.fsx\.amazonaws\.com\//, { "iam:AWSServiceName": "s3.data-source.lustre.fsx.amazonaws.com" }],
    [/\/vpc-lattice\.amazonaws\.com\//, { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" }],
    [/\/delivery\.logs\.amazonaws\.com\//, { "iam:AWSServiceName": "delivery.logs.amazonaws.com" }],
    [/\/elasticloadbalancing\.amazonaws\.com\//, { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" }],
];

/** terraform-aws-modules' policy for `identity`: iam-role-for-service-accounts v6.5.0 or eks-pod-identity v2.8.1. */
function terraform(identity: AddonIdentity, irsaName: string, podIdentityName: string | undefined, replacements: Record<string, string>): UpstreamDocument[] {
    if (identity === "irsa") {
        return [fixtureDocument(`terraform-aws-iam-v6.5.0-irsa-${irsaName}.json`, replacements)];
    }
    return podIdentityName === undefined ? [] : [fixtureDocument(`terraform-aws-eks-pod-identity-v2.8.1-${podIdentityName}.json`, replacements)];
}

type CaseBuilder = (identity: AddonIdentity) => Omit<AddonCase, "addon" | "identity" | "label"> & { label?: string };

const BUILDERS: { [K in AddonKey]-?: CaseBuilder[] } = {
    amazonManagedPrometheus: [
        (identity) => {
            const workspace = `arn:aws:aps:${REGION}:${ACCOUNT}:workspace/ws-${KEY_ID}`;
            const fill = { "${amazon_managed_service_prometheus_workspace_arns}": workspace };
            return {
                args: { workspaceArns: [workspace], remoteWrite: true, query: true },
                scope: scope({ WorkspaceId: `ws-${KEY_ID}` }, {}, identity),
                upstream: [
                    fixtureDocument("AmazonPrometheusRemoteWriteAccess-v1.json"),
                    fixtureDocument("AmazonPrometheusQueryAccess-v1.json"),
                    ...terraform(identity, "amazon_managed_service_prometheus", "amazon_managed_service_prometheus", fill),
                ],
            };
        },
    ],
    awsGatewayController: [
        (identity) => ({
            args: {
                allowAllVpcLatticeResources: true,
                accessLogDestinationArns: [
                    "arn:aws:s3:::lattice-access-logs",
                    `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vpclattice/prod`,
                    `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/lattice-logs`,
                ],
            },
            scope: scope(
                {
                    BucketName: "lattice-access-logs",
                    LogGroupName: "/aws/vpclattice/prod",
                    DeliveryStreamName: "lattice-logs",
                    "iam:role:RoleNameWithPath": ["aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice", "aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery"],
                },
                {},
                identity,
                { resourceContext: SERVICE_NAMES, resourceTypes: { s3: ["bucket"] } },
            ),
            upstream: [fixtureDocument("aws-gateway-controller-v2.1.3.json"), ...terraform(identity, "aws_gateway_controller", "aws_gateway_controller", {})],
        }),
    ],
    certManager: [
        (identity) => ({
            args: { hostedZoneArns: [ZONE], lookUpHostedZones: true },
            // The DNS-01 solver changes TXT records only.
            scope: scope({ "route53:hostedzone:Id": ZONE_ID, "route53:change:Id": "C0123456789ABCDEFGHIJ" }, { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] }, identity, { resourceTypes: { route53: ["hostedzone", "change"] } }),
            upstream: [fixtureDocument("cert-manager-v1.21.json"), ...terraform(identity, "cert_manager", "cert_manager", { "${cert_manager_hosted_zone_arns}": ZONE })],
        }),
    ],
    cloudwatchObservability: [
        (identity) => ({
            args: { ...(identity === "irsa" ? { clusterName: CLUSTER } : {}), traces: true, agentConfigParameters: true },
            scope: scope({ LogGroupName: `/aws/containerinsights/${CLUSTER}/performance`, LogStreamName: "ip-10-0-0-1", ParameterNameWithoutLeadingSlash: "AmazonCloudWatch-linux" }, {}, identity),
            // terraform-aws-modules attaches the same two managed policies, in both modules.
            upstream: [fixtureDocument("CloudWatchAgentServerPolicy-v3.json"), fixtureDocument("AWSXrayWriteOnlyAccess-v2.json")],
        }),
    ],
    clusterAutoscaler: [
        (identity) => ({
            args: { clusterNames: [CLUSTER] },
            // Auto-discovered groups carry both tags eksctl and EKS managed node groups set.
            scope: scope(
                { AutoScalingGroupName: "eks-prod-ng", GroupId: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" },
                { [`autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${CLUSTER}`]: "owned", [`autoscaling:ResourceTag/kubernetes.io/cluster/${CLUSTER}`]: "owned", "autoscaling:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true" },
                identity,
            ),
            upstream: [fixtureDocument("cluster-autoscaler-1.36.1.json"), ...terraform(identity, "cluster_autoscaler", "cluster_autoscaler", { "${cluster_autoscaler_cluster_names}": CLUSTER })],
        }),
    ],
    ebsCsiDriver: [
        (identity) => ({
            args: { kmsKeyArns: [KEY] },
            // The driver tags what it creates with its cluster tag and the volume's or snapshot's name; EBS asks for grants.
            scope: scope(
                { KeyId: KEY_ID },
                {
                    "aws:RequestTag/ebs.csi.aws.com/cluster": "true",
                    "aws:RequestTag/CSIVolumeName": "pvc-0f1e2d3c",
                    "aws:RequestTag/CSIVolumeSnapshotName": "snapshot-0f1e2d3c",
                    "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true",
                    "kms:GrantIsForAWSResource": "true",
                    "kms:ViaService": `ec2.${REGION}.amazonaws.com`,
                },
                identity,
                { resourceTypes: { ec2: ["volume", "snapshot", "instance"] } },
            ),
            upstream: [
                fixtureDocument("ebs-csi-driver-v1.64.0.json"),
                fixtureDocument("ebs-csi-driver-v1.64.0-kms.json"),
                ...terraform(identity, "ebs_csi", "ebs_csi", { '"${ebs_csi_kms_cmk_arns}"': `"${KEY}"`, '"${aws_ebs_csi_kms_arns}"': `"${KEY}"` }),
            ],
        }),
    ],
    efsCsiDriver: [
        (identity) => {
            const fs = `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`;
            return {
                args: { fileSystemArns: [fs] },
                scope: scope(
                    { FileSystemId: "fs-0123456789abcdef0", AccessPointId: "fsap-0123456789abcdef0" },
                    { "aws:RequestTag/efs.csi.aws.com/cluster": "true", "aws:ResourceTag/efs.csi.aws.com/cluster": "true" },
                    identity,
                ),
                upstream: [fixtureDocument("efs-csi-driver-v3.4.1.json"), ...terraform(identity, "efs_csi", "efs_csi", {})],
            };
        },
    ],
    externalDns: [
        (identity) => ({
            args: { hostedZoneArns: [ZONE] },
            scope: scope({ "route53:hostedzone:Id": ZONE_ID }, {}, identity, { resourceTypes: { route53: ["hostedzone", "change"] } }),
            upstream: [fixtureDocument("external-dns-v0.22.0.json"), ...terraform(identity, "external_dns", "external_dns", { '"${external_dns_hosted_zone_arns}"': `"${ZONE}"` })],
        }),
        (identity) => ({
            label: "recordNames",
            // Upstream's ABAC example, for records under example.com: the controller upserts api.example.com's A record.
            args: { hostedZoneArns: [ZONE], recordNames: ["*.example.com"] },
            scope: scope(
                { "route53:hostedzone:Id": ZONE_ID },
                {
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["api.example.com"],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
                    "route53:ChangeResourceRecordSetsRecordTypes": ["A"],
                },
                identity,
                { resourceTypes: { route53: ["hostedzone", "change"] } },
            ),
            upstream: [fixtureDocument("external-dns-v0.22.0-abac.json")],
        }),
    ],
    externalSecrets: [
        (identity) => {
            const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:dev-db-AbC123`;
            const parameter = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/dev-app/db-password`;
            const fill = {
                "arn:aws:secretsmanager:us-west-2:111122223333:secret:dev-*": secret,
                "arn:aws:ssm:us-east-2:1234567889911:parameter/dev-*": parameter,
                '"${external_secrets_kms_key_arns}"': `"${KEY}"`,
                '"${external_secrets_secrets_manager_arns}"': `"${secret}"`,
                '"${external_secrets_ssm_parameter_arns}"': `"${parameter}"`,
            };
            return {
                args: { secretArns: [secret], parameterArns: [parameter], kmsKeyArns: [KEY], findSecrets: true },
                scope: scope(
                    { SecretId: "dev-db-AbC123", ParameterNameWithoutLeadingSlash: "dev-app/db-password", KeyId: KEY_ID },
                    { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` },
                    identity,
                ),
                upstream: [
                    fixtureDocument("external-secrets-v2.9.0-secrets-manager.json", fill),
                    fixtureDocument("external-secrets-v2.9.0-parameter-store.json", fill),
                    ...terraform(identity, "external_secrets", "external_secrets", fill),
                ],
            };
        },
    ],
    fsxLustreCsiDriver: [
        (identity) => ({
            args: { s3BucketArns: ["arn:aws:s3:::training-data"] },
            scope: scope(
                { BucketName: "training-data", FileSystemId: "fs-0123456789abcdef0", "iam:role:RoleNameWithPath": [FSX_ROLE, FSX_S3_ROLE] },
                { "aws:RequestTag/CSIVolumeName": "pvc-0f1e2d3c", "aws:ResourceTag/CSIVolumeName": "pvc-0f1e2d3c" },
                identity,
                // The Lustre driver makes and deletes file systems only (no final backup: SkipFinalBackup), and reads buckets.
                { resourceContext: SERVICE_NAMES, resourceTypes: { fsx: ["file-system"], s3: ["bucket"] } },
            ),
            upstream: [
                fixtureDocument("fsx-csi-driver-v1.9.0.json"),
                ...terraform(identity, "fsx_lustre_csi", "fsx_lustre_csi", {
                    '"${fsx_lustre_csi_service_role_arns}"': '"arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*"',
                    '"${aws_fsx_lustre_csi_service_role_arns}"': '"arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*"',
                }),
            ],
        }),
    ],
    fsxOpenzfsCsiDriver: [
        (identity) => ({
            args: { fileSystemArns: [`arn:aws:fsx:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`] },
            scope: scope(
                { FileSystemId: "fs-0123456789abcdef0", VolumeId: "fsvol-0123456789abcdef0", SnapshotId: "fsvolsnap-0123456789abcdef0", "iam:role:RoleNameWithPath": FSX_ROLE },
                { "aws:RequestTag/fsx.openzfs.csi.aws.com/cluster": "true", "aws:ResourceTag/fsx.openzfs.csi.aws.com/cluster": "true" },
                identity,
                // The OpenZFS driver's file systems, volumes and snapshots (no final backups, no ONTAP storage VMs).
                { resourceContext: SERVICE_NAMES, resourceTypes: { fsx: ["file-system", "volume", "snapshot"] } },
            ),
            upstream: [
                fixtureDocument("fsx-openzfs-csi-driver-v1.2.0.json"),
                ...terraform(identity, "fsx_openzfs_csi", undefined, { '"${fsx_openzfs_csi_service_role_arns}"': '"arn:aws:iam::*:role/aws-service-role/fsx.amazonaws.com/*"' }),
            ],
        }),
    ],
    loadBalancerController: [
        (identity) => ({
            args: { ...(identity === "irsa" ? { clusterName: CLUSTER } : {}), vpcId: "vpc-0123456789abcdef0" },
            // The controller tags what it creates and finds with elbv2.k8s.aws/cluster=<cluster>, in the cluster's VPC.
            scope: scope(
                { VpcId: "vpc-0123456789abcdef0", "iam:role:RoleNameWithPath": "aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing" },
                {
                    "aws:RequestTag/elbv2.k8s.aws/cluster": CLUSTER,
                    "aws:ResourceTag/elbv2.k8s.aws/cluster": CLUSTER,
                    "ec2:Vpc": `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`,
                },
                identity,
                // Security groups and their VPC; the controller does not tag security group rules (the rule type counts only then).
                { resourceContext: SERVICE_NAMES, resourceTypes: { ec2: ["security-group", "vpc"] } },
            ),
            upstream: [
                fixtureDocument("load-balancer-controller-v2.17.1.json"),
                fixtureDocument("load-balancer-controller-v2.17.1-wafv2-acl-name.json"),
                ...terraform(identity, "load_balancer_controller", "lb_controller", {}),
            ],
        }),
    ],
    loadBalancerControllerTargetGroupBindingOnly: [
        (identity) => {
            const group = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/web/0123456789abcdef`;
            const fill = { '"${load_balancer_controller_targetgroup_arns}"': `"${group}"`, '"${aws_lb_controller_targetgroup_arns}"': `"${group}"` };
            return {
                args: { targetGroupArns: [group] },
                scope: scope({ TargetGroupName: "web", TargetGroupId: "0123456789abcdef" }, {}, identity, { resourceTypes: { ec2: ["security-group"] } }),
                upstream: [
                    fixtureDocument("load-balancer-controller-v2.17.1-targetgroupbinding-only.json"),
                    ...terraform(identity, "load_balancer_controller_targetgroup_only", "lb_controller_targetgroup_only", fill),
                ],
            };
        },
    ],
    mountpointS3CsiDriver: [
        (identity) => {
            const bucket = "arn:aws:s3:::data-bucket";
            const fill = {
                "amzn-s3-demo-bucket": "data-bucket",
                '"${mountpoint_s3_csi_bucket_arns}"': `"${bucket}"`,
                '"${mountpoint_s3_csi_path_arns}"': `"${bucket}/*"`,
                '"${mountpoint_s3_csi_bucket_path_arns}"': `"${bucket}/*"`,
                '"${mountpoint_s3_csi_kms_arns}"': `"${KEY}"`,
            };
            return {
                args: { bucketArns: [bucket], allowWrites: true, allowDeletes: true, kmsKeyArns: [KEY] },
                scope: scope({ BucketName: "data-bucket", ObjectName: "data/part-0001", KeyId: KEY_ID }, {}, identity),
                upstream: [fixtureDocument("mountpoint-s3-1.23.0.json", fill), fixtureDocument("mountpoint-s3-1.23.0-kms.json", fill), ...terraform(identity, "mountpoint_s3_csi", "mountpoint_s3_csi", fill)],
            };
        },
    ],
    nodeTerminationHandler: [
        (identity) => {
            const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:nth-prod`;
            const fill = { '"${node_termination_handler_sqs_queue_arns}"': `"${queue}"`, '"${aws_node_termination_handler_sqs_queue_arns}"': `"${queue}"` };
            return {
                args: { queueArns: [queue] },
                scope: scope({ QueueName: "nth-prod", AutoScalingGroupName: "eks-prod-ng", GroupId: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" }, {}, identity),
                upstream: [fixtureDocument("aws-node-termination-handler-v1.25.6.json"), ...terraform(identity, "node_termination_handler", "node_termination_handler", fill)],
            };
        },
    ],
    velero: [
        (identity) => {
            const bucket = "arn:aws:s3:::velero-backups";
            const fill = {
                "${BUCKET}": "velero-backups",
                '"${velero_s3_bucket_arns}"': `"${bucket}"`,
                '"${velero_s3_bucket_arns}/*"': `"${bucket}/*"`,
                '"${velero_s3_bucket_path_arns}"': `"${bucket}/*"`,
                '"${velero_kms_arns}"': `"${KEY}"`,
            };
            return {
                args: { bucketArns: [bucket], objectTagging: true, volumeSnapshots: true },
                scope: scope({ BucketName: "velero-backups", ObjectName: "backups/daily/velero-backup.json", KeyId: KEY_ID }, {}, identity, {
                    // Velero's EBS snapshots and the volumes it restores; its bucket and objects.
                    resourceTypes: { ec2: ["volume", "snapshot"], s3: ["bucket", "object"] },
                    // The plugin tags only through CreateSnapshot's and CreateVolume's tag specifications.
                    resourceContext: [
                        [/:snapshot\//, { "ec2:CreateAction": "CreateSnapshot" }],
                        [/:volume\//, { "ec2:CreateAction": "CreateVolume" }],
                    ],
                }),
                upstream: [fixtureDocument("velero-plugin-for-aws-v1.13.2.json", fill), ...terraform(identity, "velero", "velero", fill)],
            };
        },
    ],
    karpenter: [
        (identity) => {
            const nodeRole = `arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-prod`;
            const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:prod`;
            const owned = `kubernetes.io/cluster/${CLUSTER}`;
            return {
                args: { clusterName: CLUSTER, region: REGION, nodeRoleArns: [nodeRole], interruptionQueueArn: queue },
                // What Karpenter v1 tags its instances, fleets, launch templates and instance profiles with.
                scope: scope(
                    {
                        ClusterName: CLUSTER,
                        QueueName: CLUSTER,
                        "iam:role:RoleNameWithPath": "KarpenterNodeRole-prod",
                        InstanceProfileNameWithPath: "prod_1234567890",
                        "ssm:parameter:ParameterNameWithoutLeadingSlash": "aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id",
                    },
                    {
                        [`aws:RequestTag/${owned}`]: "owned",
                        [`aws:ResourceTag/${owned}`]: "owned",
                        "aws:RequestTag/eks:eks-cluster-name": CLUSTER,
                        "aws:RequestTag/karpenter.sh/nodepool": "default",
                        "aws:ResourceTag/karpenter.sh/nodepool": "default",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "default",
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "default",
                        "aws:RequestTag/topology.kubernetes.io/region": REGION,
                        "aws:ResourceTag/topology.kubernetes.io/region": REGION,
                        "iam:PassedToService": "ec2.amazonaws.com",
                        "arc-zonal-shift:ResourceIdentifier": `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
                    },
                    identity,
                ),
                upstream: [
                    karpenterTemplate("karpenter-v1.14.1-cloudformation.yaml", {
                        "AWS::Partition": "aws",
                        "AWS::Region": REGION,
                        "AWS::AccountId": ACCOUNT,
                        ClusterName: CLUSTER,
                        "KarpenterNodeRole.Arn": nodeRole,
                        "KarpenterInterruptionQueue.Arn": queue,
                    }),
                    fixtureDocument("terraform-aws-eks-v21.19.0-karpenter-controller.json", {
                        "${region}": REGION,
                        "${account_id}": ACCOUNT,
                        "${cluster_name}": CLUSTER,
                        '"${node_iam_role_arn}"': `"${nodeRole}"`,
                        '"${queue_arn}"': `"${queue}"`,
                        '"${ami_id_ssm_parameter_arns}"': `"arn:aws:ssm:${REGION}::parameter/aws/service/*"`,
                    }),
                ],
            };
        },
    ],
    vpcCni: [
        (identity) => ({
            label: "ipv4",
            args: { ipFamily: "ipv4" },
            scope: scope({}, {}, identity),
            upstream: [fixtureDocument("AmazonEKS_CNI_Policy-v6.json"), ...terraform(identity, "vpc_cni", "vpc_cni", {}).map((d) => withoutStatementsOf(d, "ec2:AssignIpv6Addresses"))],
        }),
        (identity) => ({
            label: "ipv6",
            args: { ipFamily: "ipv6" },
            scope: scope({}, {}, identity),
            upstream: [fixtureDocument("eks-user-guide-cni-ipv6-policy.json"), ...terraform(identity, "vpc_cni", "vpc_cni", {}).map((d) => withoutStatementsOf(d, "ec2:AssignPrivateIpAddresses"))],
        }),
    ],
};

function replacedName(file: string): string {
    const other = replaced.get(file);
    return other === undefined ? file : path.basename(other);
}

/**
 * Every case: each add-on (and variant) once per identity. `instead` maps a fixture's name to another file to read
 * in its place, filled in the same way (a newer upstream document); that document is then named after the file.
 */
export function addonCases(instead: ReadonlyMap<string, string> = new Map()): AddonCase[] {
    replaced = instead;
    try {
        return (Object.keys(BUILDERS) as AddonKey[]).flatMap((addon) =>
            (["irsa", "podIdentity"] as const).flatMap((identity) =>
                BUILDERS[addon].map((build) => {
                    const { label, ...rest } = build(identity);
                    return { addon, identity, label: `${addon}${label ? ` (${label})` : ""} ${identity === "irsa" ? "IRSA" : "Pod Identity"}`, ...rest };
                }),
            ),
        );
    } finally {
        replaced = new Map();
    }
}

/** The names of the fixtures the cases compare with. */
export function pinnedFixtures(): string[] {
    return [...new Set(addonCases().flatMap((addonCase) => addonCase.upstream.map((upstream) => upstream.name.replace(/ \(without .*\)$/, ""))))];
}
