import * as pulumi from "@pulumi/pulumi";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkArnList, checkFields, checkOptIn } from "./addonPolicy";
import { checkPrefixes, S3_BUCKET_ARN } from "./mountpointS3CsiDriver";

/**
 * Scoping inputs of Velero's policy with the AWS plugin, after vmware-tanzu/velero-plugin-for-aws v1.13.2
 * `README.md`, "Set permissions for Velero" (`velero-policy.json`).
 */
export interface VeleroAddonArgs {
    /** The buckets of Velero's backup storage locations, as ARNs `arn:<partition>:s3:::<bucket name>`. Required. */
    bucketArns: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The backup storage locations' `prefix` values, each followed by `/` (e.g. `cluster-a/`), that every listed bucket
     * is limited to: objects under them only, and listing only under them (`s3:prefix` condition). Literal text: no `*`,
     * `?` or policy variable `${...}`, and printable Latin-1 characters only (no control characters). Defaults to the
     * whole buckets.
     */
    prefixes?: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow `s3:PutObjectTagging`, which upstream says only a backup storage location's `config.tagging` needs. Defaults to false. */
    objectTagging?: pulumi.Input<boolean>;
    /**
     * Allow EBS volume snapshots through the plugin's volume snapshotter (upstream's `ec2:` actions). Defaults to false:
     * backups of Kubernetes objects, file-system backups and CSI snapshots need none of them.
     */
    volumeSnapshots?: pulumi.Input<boolean>;
}

const FIELDS = ["bucketArns", "prefixes", "objectTagging", "volumeSnapshots"] as const;

/** Builds Velero's policy: the listed buckets (or prefixes); EC2 snapshots only when opted in, volumes in the role's account, tags only on creation. */
export function buildVeleroPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const buckets = checkArnList(`${argument}.bucketArns`, args.bucketArns, S3_BUCKET_ARN, context);
    const prefixes = args.prefixes === undefined ? undefined : checkPrefixes(`${argument}.prefixes`, args.prefixes);
    const tagging = checkOptIn(`${argument}.objectTagging`, args.objectTagging);
    const snapshots = checkOptIn(`${argument}.volumeSnapshots`, args.volumeSnapshots);
    const objects = buckets.flatMap((bucket) => (prefixes ?? [""]).map((prefix) => `${bucket}/${prefix}*`));
    const statements: AddonPolicyStatement[] = [
        {
            Sid: "ReadWriteBackups",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", ...(tagging ? ["s3:PutObjectTagging"] : []), "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: objects,
        },
        {
            Sid: "ListBackups",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: buckets,
            ...(prefixes ? { Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } } : {}),
        },
    ];
    if (snapshots) {
        const volumes = `arn:${context.partition}:ec2:*:${accountOf(context)}:volume/*`;
        // Snapshot ARNs have no account part (arn:<partition>:ec2:<region>::snapshot/<ID>), so they cannot be limited to one.
        const snapshotArns = `arn:${context.partition}:ec2:*::snapshot/*`;
        statements.push(
            { Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: ["*"] },
            { Sid: "SnapshotAndRestoreVolumes", Effect: "Allow", Action: ["ec2:CreateSnapshot", "ec2:CreateVolume"], Resource: [volumes, snapshotArns] },
            // The plugin tags snapshots and restored volumes only through CreateSnapshot's and CreateVolume's TagSpecifications.
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: ["ec2:CreateTags"],
                Resource: [volumes, snapshotArns],
                Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
            },
            { Sid: "DeleteSnapshots", Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: [snapshotArns] },
        );
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
