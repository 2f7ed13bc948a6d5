import * as batch from "@pulumi/kubernetes/batch/v1";
import type * as k8sInputs from "@pulumi/kubernetes/types/input";
import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { compareQuantities, parseQuantity, Quantity } from "./quantity";

/**
 * The AWS CLI's official image, pinned by tag so that a deployment never changes behaviour on its own
 * (https://gallery.ecr.aws/aws-cli/aws-cli).
 */
export const DEFAULT_VERIFY_ACCESS_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.27.49";
export const DEFAULT_VERIFY_ACCESS_TIMEOUT_SECONDS = 300;
export const DEFAULT_VERIFY_ACCESS_BACKOFF_LIMIT = 2;
export const DEFAULT_VERIFY_ACCESS_TTL_SECONDS = 600;
export const DEFAULT_VERIFY_ACCESS_CPU_REQUEST = "50m";
export const DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST = "128Mi";
export const DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT = "256Mi";
/** The Pulumi Kubernetes provider waits 10 minutes for a Job by default; the Job's own deadline must end first. */
export const MAX_VERIFY_ACCESS_TIMEOUT_SECONDS = 600;
/** Long enough for any allowed deadline, so that a failure is reported as the Job's, not as the provider's timeout. */
const JOB_AWAIT_TIMEOUT = "15m";
const JOB_NAME_SUFFIX = "-verify-access";
// The Job's name goes into its pods' `batch.kubernetes.io/job-name` label, whose values have at most 63 characters.
const MAX_JOB_NAME_LENGTH = 63;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The AWS CLI needs no root, and Pod Security's "restricted" level refuses it. Kubernetes gives the projected token
// file to the pod's runAsUser, so the non-root user can still read it.
const NOBODY = 65534;

/** What the verification container may use. Only memory is limited: a CPU limit would only slow the AWS CLI's start. */
export interface VerifyAccessResources {
    /**
     * The CPU request, a Kubernetes quantity as the API server reads it (`resource.ParseQuantity`: `50m`, `0.5`, `1e3`,
     * `+1`, `1.`), not negative. Defaults to `50m`.
     */
    cpuRequest?: pulumi.Input<string>;
    /** The memory request, a Kubernetes quantity (as cpuRequest), at most the memory limit. Defaults to `128Mi`. */
    memoryRequest?: pulumi.Input<string>;
    /**
     * The memory limit, a Kubernetes quantity at least the request (the API server refuses a request above its limit,
     * so the component refuses it first). Defaults to `256Mi`.
     */
    memoryLimit?: pulumi.Input<string>;
}

/** How the Job that proves the role can be assumed from the ServiceAccount runs. */
export interface VerifyAccessOptions {
    /**
     * The container image. It must provide `sh` and the AWS CLI v2 as `aws`. Defaults to
     * `public.ecr.aws/aws-cli/aws-cli:2.27.49`, the AWS CLI's official image pinned by tag.
     */
    image?: pulumi.Input<string>;
    /**
     * A shell command run with the role's credentials after the identity check, which must exit 0 (e.g. `aws s3 ls`, as
     * Qovery's tutorial validates access). Defaults to none: only `aws sts get-caller-identity` is checked.
     */
    probeCommand?: pulumi.Input<string>;
    /**
     * The Job's `activeDeadlineSeconds`: how long every attempt together, image pulls included, may take, from 1 to 600
     * (the Pulumi Kubernetes provider's wait for a Job). Defaults to 300.
     */
    timeoutSeconds?: pulumi.Input<number>;
    /**
     * The Job's `backoffLimit`: failed attempts retried before the Job fails, which also rides out IAM's eventual
     * consistency for a role created moments before. A whole number from 0 to 2,147,483,647 (an int32). Defaults to 2.
     */
    backoffLimit?: pulumi.Input<number>;
    /**
     * The Job's `ttlSecondsAfterFinished`: Kubernetes deletes the finished Job (and its logs) after this many seconds.
     * A whole number from 1 to 2,147,483,647 (an int32). Defaults to 600. After a `pulumi refresh` notices the deletion, the next `pulumi up` creates and runs the Job again.
     */
    ttlSecondsAfterFinished?: pulumi.Input<number>;
    /** The container's resources. Defaults to a 50m CPU request, a 128Mi memory request and a 256Mi memory limit. */
    resources?: pulumi.Input<VerifyAccessResources>;
}

/** Every setting of the Job, defaults applied. */
export interface VerifyAccessSettings {
    image: string;
    probeCommand?: string;
    timeoutSeconds: number;
    backoffLimit: number;
    ttlSecondsAfterFinished: number;
    cpuRequest: string;
    memoryRequest: string;
    memoryLimit: string;
}

/** The values of a verification Job, all known. */
export interface VerifyAccessJobManifestArgs extends VerifyAccessSettings {
    /** The Job's name, `<component name>-verify-access`. */
    name: string;
    namespace: string;
    serviceAccountName: string;
    /** The role's name: the assumed-role ARN carries it without the role's path. */
    roleName: string;
    /** The role's ARN; when given, the injected `AWS_ROLE_ARN`, the partition and the account are checked too. */
    roleArn?: string;
}

/** The inputs of `createVerifyAccessJob`. */
export interface VerifyAccessJobArgs {
    namespace: pulumi.Input<string>;
    serviceAccountName: pulumi.Input<string>;
    roleName: pulumi.Input<string>;
    roleArn?: pulumi.Input<string>;
    options?: pulumi.Input<VerifyAccessOptions>;
}

/**
 * The end both verification scripts share, for POSIX \`sh\`: \`aws sts get-caller-identity\` must return a session of
 * \`ROLE_NAME\` (of \`EXPECTED_ROLE_ARN\`'s account when \`session_prefix\` is set), then the probe runs. \`text\` holds what
 * differs between IRSA and EKS Pod Identity: what the pod cannot do when the call fails, with the checks to make; what a
 * session of another role means; and how the role was assumed (e.g. " through EKS Pod Identity"), for the last lines.
 */
export function callerIdentityAndProbe(text: { cannot: string; mismatch: string; via: string }): string {
    return `status=0
arn=$(aws sts get-caller-identity --query Arn --output text) || status=$?
if [ "$status" -ne 0 ]; then
  fail "aws sts get-caller-identity failed with exit status $status (its error is above), so this pod cannot ${text.cannot}"
fi
matched=false
if [ -n "$session_prefix" ]; then
  case "$arn" in "$session_prefix"?*) matched=true ;; esac
else
  case "$arn" in arn:*:sts::*:assumed-role/"$ROLE_NAME"/?*) matched=true ;; esac
fi
if [ "$matched" != true ]; then
  fail "aws sts get-caller-identity returned $arn, not a session of role $ROLE_NAME (arn:<partition>:sts::<account>:assumed-role/$ROLE_NAME/<session>): ${text.mismatch}"
fi
if [ -n "\${PROBE_COMMAND:-}" ]; then
  echo "eks-irsa: $arn assumed${text.via}; running the probe: $PROBE_COMMAND"
  status=0
  sh -c "$PROBE_COMMAND" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "eks-irsa: the probe \\"$PROBE_COMMAND\\" failed with exit status $status: role $ROLE_NAME can be assumed but its policies do not allow what the probe does." >&2
    exit "$status"
  fi
  echo "eks-irsa: verified: $arn can be assumed${text.via} from this ServiceAccount, and the probe \\"$PROBE_COMMAND\\" passed."
else
  echo "eks-irsa: verified: $arn can be assumed${text.via} from this ServiceAccount."
fi
`;
}

/**
 * The verification container's script, for POSIX `sh`. It reads everything from the environment (`ROLE_NAME`, and
 * optionally `EXPECTED_ROLE_ARN` and `PROBE_COMMAND`), so no value is ever spliced into shell code and the script is
 * the same for every role. Each failure exits non-zero with a message that says what to check.
 */
export const VERIFY_ACCESS_SCRIPT = `set -eu
fail() {
  echo "eks-irsa: $*" >&2
  exit 1
}
: "\${ROLE_NAME:?eks-irsa: ROLE_NAME is not set}"
missing=""
[ -n "\${AWS_ROLE_ARN:-}" ] || missing="AWS_ROLE_ARN"
[ -n "\${AWS_WEB_IDENTITY_TOKEN_FILE:-}" ] || missing="\${missing:+$missing and }AWS_WEB_IDENTITY_TOKEN_FILE"
if [ -n "$missing" ]; then
  fail "$missing not set: the EKS pod identity webhook did not inject role $ROLE_NAME into this pod. Check that the ServiceAccount has the eks.amazonaws.com/role-arn annotation and existed before the pod, that the webhook runs in the cluster, and that no container sets these variables itself."
fi
if [ ! -f "$AWS_WEB_IDENTITY_TOKEN_FILE" ]; then
  fail "the web identity token file $AWS_WEB_IDENTITY_TOKEN_FILE does not exist: the webhook set the variables but the projected token volume is not mounted."
fi
if [ ! -r "$AWS_WEB_IDENTITY_TOKEN_FILE" ]; then
  fail "the web identity token file $AWS_WEB_IDENTITY_TOKEN_FILE is not readable by this container's user."
fi
if [ -n "\${EXPECTED_ROLE_ARN:-}" ]; then
  if [ "$AWS_ROLE_ARN" != "$EXPECTED_ROLE_ARN" ]; then
    fail "AWS_ROLE_ARN is $AWS_ROLE_ARN, not $EXPECTED_ROLE_ARN: the ServiceAccount's eks.amazonaws.com/role-arn annotation names another role."
  fi
  iam=\${EXPECTED_ROLE_ARN%%:role/*}
  session_prefix="\${iam%%:iam::*}:sts::\${iam#*:iam::}:assumed-role/$ROLE_NAME/"
else
  case "$AWS_ROLE_ARN" in
    */"$ROLE_NAME") ;;
    *) fail "AWS_ROLE_ARN is $AWS_ROLE_ARN, not an ARN of role $ROLE_NAME: the ServiceAccount's eks.amazonaws.com/role-arn annotation names another role." ;;
  esac
  session_prefix=""
fi
${callerIdentityAndProbe({
    cannot: "assume $AWS_ROLE_ARN. Check the role's trust policy (the cluster's OIDC provider, the audience, system:serviceaccount:<namespace>:<name>) and that the provider exists in IAM.",
    mismatch: "the AWS CLI used other credentials.",
    via: "",
})}`;

/** The name of the verification Job of a component: also its Pulumi name. */
export function verifyAccessJobName(componentName: string): string {
    return `${componentName}${JOB_NAME_SUFFIX}`;
}

/** The component's name must make a Job name Kubernetes accepts, since the Job is named after it. */
export function checkVerifyAccessJobName(componentName: string): void {
    const jobName = verifyAccessJobName(componentName);
    if (jobName.length > MAX_JOB_NAME_LENGTH || !DNS_SUBDOMAIN.test(jobName)) {
        throw new IrsaArgumentError(
            "name",
            componentName,
            `with verifyAccess the Job is named "${jobName}", which must have at most ${MAX_JOB_NAME_LENGTH} lower-case letters, digits, '-' and '.', ` +
                `starting and ending with a letter or digit: use a component name of at most ${MAX_JOB_NAME_LENGTH - JOB_NAME_SUFFIX.length} such characters.`,
        );
    }
}

/** Checks the verification options once their values are known; `argument` prefixes the names in the messages. */
export function checkVerifyAccessArgs(options: pulumi.Unwrap<VerifyAccessOptions>, argument = "verifyAccessOptions"): void {
    const { image, probeCommand, timeoutSeconds, backoffLimit, ttlSecondsAfterFinished, resources } = options;
    // Go's strings.TrimSpace (the API server's check) also trims U+0085, which JavaScript's \s does not match.
    if (image !== undefined && (typeof image !== "string" || image.length === 0 || /[\s\u0085]/.test(image))) {
        throw new IrsaArgumentError(`${argument}.image`, image, "an image reference is a non-empty string without white space, e.g. \"public.ecr.aws/aws-cli/aws-cli:2.27.49\".");
    }
    if (probeCommand !== undefined && (typeof probeCommand !== "string" || probeCommand.trim().length === 0)) {
        throw new IrsaArgumentError(`${argument}.probeCommand`, probeCommand, "a probe is a shell command, e.g. \"aws s3 ls\"; leave it unset to check the identity only.");
    }
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_VERIFY_ACCESS_TIMEOUT_SECONDS)) {
        throw new IrsaArgumentError(
            `${argument}.timeoutSeconds`,
            timeoutSeconds,
            `the Job's deadline is a whole number of seconds from 1 to ${MAX_VERIFY_ACCESS_TIMEOUT_SECONDS}, the time the Pulumi Kubernetes provider waits for a Job.`,
        );
    }
    if (backoffLimit !== undefined && !isInt32From(backoffLimit, 0)) {
        throw new IrsaArgumentError(`${argument}.backoffLimit`, backoffLimit, `the number of retries is a whole number from 0 to ${MAX_INT32} (the Job's backoffLimit is an int32).`);
    }
    if (ttlSecondsAfterFinished !== undefined && !isInt32From(ttlSecondsAfterFinished, 1)) {
        throw new IrsaArgumentError(
            `${argument}.ttlSecondsAfterFinished`,
            ttlSecondsAfterFinished,
            `this is a whole number of seconds from 1 to ${MAX_INT32} (the Job's field is an int32), so that the Job outlives the provider's wait for it.`,
        );
    }
    checkVerifyAccessResources(resources, `${argument}.resources`);
}

/** The largest value of a Kubernetes int32 field (a Job's backoffLimit, ttlSecondsAfterFinished). */
const MAX_INT32 = 2 ** 31 - 1;
const isInt32From = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_INT32;

/**
 * Each quantity as `resource.ParseQuantity` reads it (see quantity.ts), not negative, and the memory request at most the
 * memory limit (defaults included), as the API server requires of a container.
 */
function checkVerifyAccessResources(resources: pulumi.Unwrap<VerifyAccessResources> | undefined, argument: string): void {
    const parsed: { [key: string]: Quantity } = {};
    for (const key of ["cpuRequest", "memoryRequest", "memoryLimit"] as const) {
        const quantity = resources?.[key];
        if (quantity === undefined) {
            continue;
        }
        const value = typeof quantity === "string" ? parseQuantity(quantity) : undefined;
        if (value === undefined) {
            throw new IrsaArgumentError(
                `${argument}.${key}`,
                quantity,
                "a Kubernetes quantity is a number with an optional suffix (m, k, M, G, Ki, Mi, Gi, ... or an exponent such as e3), e.g. \"50m\", \"128Mi\" or \"1Gi\".",
            );
        }
        if (value.mantissa < 0n) {
            throw new IrsaArgumentError(`${argument}.${key}`, quantity, "a resource quantity must be at least 0.");
        }
        parsed[key] = value;
    }
    const request = parsed.memoryRequest ?? parseQuantity(DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST)!;
    const limit = parsed.memoryLimit ?? parseQuantity(DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT)!;
    if (compareQuantities(request, limit) > 0) {
        const given = parsed.memoryRequest !== undefined ? "memoryRequest" : "memoryLimit";
        const requestText = resources?.memoryRequest ?? DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST;
        const limitText = resources?.memoryLimit ?? DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT;
        throw new IrsaArgumentError(
            `${argument}.${given}`,
            resources![given],
            `the memory request (${requestText}) must not exceed the memory limit (${limitText}${parsed.memoryLimit === undefined ? ", the default" : ""}): the API server refuses such a container. Give a request at most the limit.`,
        );
    }
}

/** The Job's settings with every default applied. */
export function verifyAccessSettings(options: pulumi.Unwrap<VerifyAccessOptions> = {}): VerifyAccessSettings {
    return {
        image: options.image ?? DEFAULT_VERIFY_ACCESS_IMAGE,
        probeCommand: options.probeCommand,
        timeoutSeconds: options.timeoutSeconds ?? DEFAULT_VERIFY_ACCESS_TIMEOUT_SECONDS,
        backoffLimit: options.backoffLimit ?? DEFAULT_VERIFY_ACCESS_BACKOFF_LIMIT,
        ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? DEFAULT_VERIFY_ACCESS_TTL_SECONDS,
        cpuRequest: options.resources?.cpuRequest ?? DEFAULT_VERIFY_ACCESS_CPU_REQUEST,
        memoryRequest: options.resources?.memoryRequest ?? DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST,
        memoryLimit: options.resources?.memoryLimit ?? DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT,
    };
}

/**
 * The `batch/v1` Job that runs `VERIFY_ACCESS_SCRIPT` with the ServiceAccount. The container sets neither
 * `AWS_ROLE_ARN` nor `AWS_WEB_IDENTITY_TOKEN_FILE`: the EKS pod identity webhook skips a container that does.
 */
export function verifyAccessJobManifest(args: VerifyAccessJobManifestArgs): pulumi.Unwrap<k8sInputs.batch.v1.Job> {
    const labels = { "app.kubernetes.io/managed-by": "eks-irsa", "app.kubernetes.io/component": "verify-access" };
    const env = [{ name: "ROLE_NAME", value: args.roleName }];
    if (args.roleArn !== undefined) {
        env.push({ name: "EXPECTED_ROLE_ARN", value: args.roleArn });
    }
    if (args.probeCommand !== undefined) {
        env.push({ name: "PROBE_COMMAND", value: args.probeCommand });
    }
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            name: args.name,
            namespace: args.namespace,
            labels,
            // A failed Job never completes, so the next `pulumi up` replaces it (and verifies again) instead of waiting on it.
            annotations: { "pulumi.com/replaceUnready": "true" },
        },
        spec: {
            backoffLimit: args.backoffLimit,
            activeDeadlineSeconds: args.timeoutSeconds,
            ttlSecondsAfterFinished: args.ttlSecondsAfterFinished,
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: args.serviceAccountName,
                    restartPolicy: "Never",
                    securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "verify-access",
                            image: args.image,
                            command: ["sh", "-c", VERIFY_ACCESS_SCRIPT],
                            env,
                            resources: {
                                requests: { cpu: args.cpuRequest, memory: args.memoryRequest },
                                limits: { memory: args.memoryLimit },
                            },
                            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                        },
                    ],
                },
            },
        },
    };
}

/**
 * Creates the Job `<name>-verify-access` as a child of `parent`, after `dependsOn` (the ServiceAccount and every policy
 * of the role). The Pulumi Kubernetes provider waits for a Job to complete, so `pulumi up` fails when the role cannot
 * be assumed or the probe fails; `pulumi.com/skipAwait` must therefore never be set on it. Options that are Outputs
 * must have been checked with `checkVerifyAccessArgs` by the caller.
 */
export function createVerifyAccessJob(
    name: string,
    args: VerifyAccessJobArgs,
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
    manifestOf: (args: VerifyAccessJobManifestArgs) => pulumi.Unwrap<k8sInputs.batch.v1.Job> = verifyAccessJobManifest,
): batch.Job {
    const jobName = verifyAccessJobName(name);
    const manifest = pulumi.output(args).apply((a) =>
        manifestOf({
            name: jobName,
            namespace: a.namespace,
            serviceAccountName: a.serviceAccountName,
            roleName: a.roleName,
            roleArn: a.roleArn,
            ...verifyAccessSettings(a.options),
        }),
    );
    return new batch.Job(
        jobName,
        { metadata: manifest.metadata, spec: manifest.spec },
        { parent, dependsOn, customTimeouts: { create: JOB_AWAIT_TIMEOUT, update: JOB_AWAIT_TIMEOUT } },
    );
}
