import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { checkPolicyText } from "../policy/rules";
import { AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArnList, checkFields, checkOptIn, KMS_KEY_ARN } from "./addonPolicy";

/**
 * Scoping inputs of the Mountpoint for Amazon S3 CSI driver's policy. The driver (awslabs/mountpoint-s3-csi-driver
 * v2.7.0, `docs/CONFIGURATION.md`) defers to Mountpoint's own least-privilege policy: awslabs/mountpoint-s3
 * v1.23.0 `doc/CONFIGURATION.md`, "IAM permissions" (general purpose buckets, and its SSE-KMS paragraph). Directory
 * buckets (`s3express:CreateSession`) are not granted.
 */
export interface MountpointS3CsiDriverAddonArgs {
    /**
     * The general purpose buckets the driver may mount, as ARNs `arn:<partition>:s3:::<bucket name>` (no object
     * path: use `prefixes`). Required.
     */
    bucketArns: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Key prefixes, each ending with `/` as Mountpoint's `--prefix` requires (e.g. `team-a/`), that every listed
     * bucket is limited to: objects under them only, and listing only under them (the `s3:prefix` condition, as
     * Mountpoint's documentation advises). Literal text: no `*`, `?` or policy variable `${...}`, and printable Latin-1
     * characters only (no control characters), as IAM reads them. Defaults to the whole buckets.
     */
    prefixes?: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow writing new files (`s3:PutObject`, `s3:AbortMultipartUpload`), Mountpoint's default unless `--read-only`. Defaults to false: read only. */
    allowWrites?: pulumi.Input<boolean>;
    /** Allow deleting files (`s3:DeleteObject`), what Mountpoint's `--allow-delete` needs. Defaults to false. */
    allowDeletes?: pulumi.Input<boolean>;
    /**
     * The KMS keys of SSE-KMS encrypted objects, as key ARNs `arn:<partition>:kms:<region>:<account>:key/<key ID>`:
     * `kms:Decrypt` to read, and `kms:GenerateDataKey` too when `allowWrites` is true. Defaults to none (no KMS permission).
     */
    kmsKeyArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["bucketArns", "prefixes", "allowWrites", "allowDeletes", "kmsKeyArns"] as const;

/** S3 general purpose bucket ARNs: `arn:<partition>:s3:::<bucket name>` (S3's naming rules: 3-63 lower-case letters, digits, `.` and `-`). */
export const S3_BUCKET_ARN: ArnRule = {
    service: "s3",
    resource: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    resourceForm: "<bucket name>",
    regional: false,
    hasAccount: false,
};

// A key prefix as Mountpoint takes it: not starting with `/`, ending with `/`, without the policy wildcards `*` and `?`.
const PREFIX = /^[^/*?][^*?]*\/$/;

/** Builds Mountpoint's policy: list and read the listed buckets (or their prefixes), write and delete only when opted in. */
export function buildMountpointS3CsiDriverPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const buckets = checkArnList(`${argument}.bucketArns`, args.bucketArns, S3_BUCKET_ARN, context);
    const prefixes = args.prefixes === undefined ? undefined : checkPrefixes(`${argument}.prefixes`, args.prefixes);
    const writes = checkOptIn(`${argument}.allowWrites`, args.allowWrites);
    const deletes = checkOptIn(`${argument}.allowDeletes`, args.allowDeletes);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : checkArnList(`${argument}.kmsKeyArns`, args.kmsKeyArns, KMS_KEY_ARN, context);
    const objects = buckets.flatMap((bucket) => (prefixes ?? [""]).map((prefix) => `${bucket}/${prefix}*`));
    const statements: AddonPolicyStatement[] = [
        {
            Sid: "ListBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: buckets,
            ...(prefixes ? { Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } } : {}),
        },
        { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects },
    ];
    if (writes) {
        statements.push({ Sid: "WriteObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: objects });
    }
    if (deletes) {
        statements.push({ Sid: "DeleteObjects", Effect: "Allow", Action: ["s3:DeleteObject"], Resource: objects });
    }
    if (keys.length > 0) {
        statements.push({ Sid: "UseObjectKeys", Effect: "Allow", Action: writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], Resource: keys });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}

/**
 * Key prefixes ending with `/`, without `*` or `?`, without a policy variable `${...}`, of printable Latin-1 characters
 * only, and without duplicates (see `prefixes`).
 */
export function checkPrefixes(argument: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new IrsaArgumentError(argument, value, "a non-empty list of key prefixes (e.g. [\"team-a/\"]) is required when set; leave it out to grant the whole buckets.");
    }
    value.forEach((prefix, index) => {
        if (typeof prefix !== "string" || prefix.length > 1024 || !PREFIX.test(prefix)) {
            throw new IrsaArgumentError(
                `${argument}[${index}]`,
                prefix,
                "a key prefix ends with /, does not start with /, and has no * or ? (which IAM would read as wildcards), e.g. team-a/.",
            );
        }
        checkPolicyText(`${argument}[${index}]`, prefix, "a key prefix is written into the policy's object ARNs and s3:prefix condition as it is");
    });
    const duplicate = value.find((prefix, index) => value.indexOf(prefix) !== index);
    if (duplicate !== undefined) {
        throw new IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each prefix once.`);
    }
    return value as string[];
}
