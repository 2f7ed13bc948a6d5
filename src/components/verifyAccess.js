"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.VERIFY_ACCESS_SCRIPT = exports.MAX_VERIFY_ACCESS_TIMEOUT_SECONDS = exports.DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT = exports.DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST = exports.DEFAULT_VERIFY_ACCESS_CPU_REQUEST = exports.DEFAULT_VERIFY_ACCESS_TTL_SECONDS = exports.DEFAULT_VERIFY_ACCESS_BACKOFF_LIMIT = exports.DEFAULT_VERIFY_ACCESS_TIMEOUT_SECONDS = exports.DEFAULT_VERIFY_ACCESS_IMAGE = void 0;
exports.callerIdentityAndProbe = callerIdentityAndProbe;
exports.verifyAccessJobName = verifyAccessJobName;
exports.checkVerifyAccessJobName = checkVerifyAccessJobName;
exports.checkVerifyAccessArgs = checkVerifyAccessArgs;
exports.verifyAccessSettings = verifyAccessSettings;
exports.verifyAccessJobManifest = verifyAccessJobManifest;
exports.createVerifyAccessJob = createVerifyAccessJob;
const batch = __importStar(require("@pulumi/kubernetes/batch/v1"));
const pulumi = __importStar(require("@pulumi/pulumi"));
const errors_1 = require("../errors");
/**
 * The AWS CLI's official image, pinned by tag so that a deployment never changes behaviour on its own
 * (https://gallery.ecr.aws/aws-cli/aws-cli).
 */
exports.DEFAULT_VERIFY_ACCESS_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.27.49";
exports.DEFAULT_VERIFY_ACCESS_TIMEOUT_SECONDS = 300;
exports.DEFAULT_VERIFY_ACCESS_BACKOFF_LIMIT = 2;
exports.DEFAULT_VERIFY_ACCESS_TTL_SECONDS = 600;
exports.DEFAULT_VERIFY_ACCESS_CPU_REQUEST = "50m";
exports.DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST = "128Mi";
exports.DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT = "256Mi";
/** The Pulumi Kubernetes provider waits 10 minutes for a Job by default; the Job's own deadline must end first. */
exports.MAX_VERIFY_ACCESS_TIMEOUT_SECONDS = 600;
/** Long enough for any allowed deadline, so that a failure is reported as the Job's, not as the provider's timeout. */
const JOB_AWAIT_TIMEOUT = "15m";
const JOB_NAME_SUFFIX = "-verify-access";
// The Job's name goes into its pods' `batch.kubernetes.io/job-name` label, whose values have at most 63 characters.
const MAX_JOB_NAME_LENGTH = 63;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
// The AWS CLI needs no root, and Pod Security's "restricted" level refuses it. Kubernetes gives the projected token
// file to the pod's runAsUser, so the non-root user can still read it.
const NOBODY = 65534;
/**
 * The end both verification scripts share, for POSIX \`sh\`: \`aws sts get-caller-identity\` must return a session of
 * \`ROLE_NAME\` (of \`EXPECTED_ROLE_ARN\`'s account when \`session_prefix\` is set), then the probe runs. \`text\` holds what
 * differs between IRSA and EKS Pod Identity: what the pod cannot do when the call fails, with the checks to make; what a
 * session of another role means; and how the role was assumed (e.g. " through EKS Pod Identity"), for the last lines.
 */
function callerIdentityAndProbe(text) {
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
exports.VERIFY_ACCESS_SCRIPT = `set -eu
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
function verifyAccessJobName(componentName) {
    return `${componentName}${JOB_NAME_SUFFIX}`;
}
/** The component's name must make a Job name Kubernetes accepts, since the Job is named after it. */
function checkVerifyAccessJobName(componentName) {
    const jobName = verifyAccessJobName(componentName);
    if (jobName.length > MAX_JOB_NAME_LENGTH || !DNS_SUBDOMAIN.test(jobName)) {
        throw new errors_1.IrsaArgumentError("name", componentName, `with verifyAccess the Job is named "${jobName}", which must have at most ${MAX_JOB_NAME_LENGTH} lower-case letters, digits, '-' and '.', ` +
            `starting and ending with a letter or digit: use a component name of at most ${MAX_JOB_NAME_LENGTH - JOB_NAME_SUFFIX.length} such characters.`);
    }
}
/** Checks the verification options once their values are known; `argument` prefixes the names in the messages. */
function checkVerifyAccessArgs(options, argument = "verifyAccessOptions") {
    const { image, probeCommand, timeoutSeconds, backoffLimit, ttlSecondsAfterFinished, resources } = options;
    if (image !== undefined && (typeof image !== "string" || image.length === 0 || /\s/.test(image))) {
        throw new errors_1.IrsaArgumentError(`${argument}.image`, image, "an image reference is a non-empty string without white space, e.g. \"public.ecr.aws/aws-cli/aws-cli:2.27.49\".");
    }
    if (probeCommand !== undefined && (typeof probeCommand !== "string" || probeCommand.trim().length === 0)) {
        throw new errors_1.IrsaArgumentError(`${argument}.probeCommand`, probeCommand, "a probe is a shell command, e.g. \"aws s3 ls\"; leave it unset to check the identity only.");
    }
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > exports.MAX_VERIFY_ACCESS_TIMEOUT_SECONDS)) {
        throw new errors_1.IrsaArgumentError(`${argument}.timeoutSeconds`, timeoutSeconds, `the Job's deadline is a whole number of seconds from 1 to ${exports.MAX_VERIFY_ACCESS_TIMEOUT_SECONDS}, the time the Pulumi Kubernetes provider waits for a Job.`);
    }
    if (backoffLimit !== undefined && (!Number.isInteger(backoffLimit) || backoffLimit < 0)) {
        throw new errors_1.IrsaArgumentError(`${argument}.backoffLimit`, backoffLimit, "the number of retries is a whole number of at least 0.");
    }
    if (ttlSecondsAfterFinished !== undefined && (!Number.isInteger(ttlSecondsAfterFinished) || ttlSecondsAfterFinished < 1)) {
        throw new errors_1.IrsaArgumentError(`${argument}.ttlSecondsAfterFinished`, ttlSecondsAfterFinished, "this is a whole number of seconds of at least 1, so that the Job outlives the provider's wait for it.");
    }
    for (const key of ["cpuRequest", "memoryRequest", "memoryLimit"]) {
        const quantity = resources?.[key];
        if (quantity !== undefined && (typeof quantity !== "string" || !QUANTITY.test(quantity))) {
            throw new errors_1.IrsaArgumentError(`${argument}.resources.${key}`, quantity, "a Kubernetes quantity is a number with an optional suffix, e.g. \"50m\", \"128Mi\" or \"1Gi\".");
        }
    }
}
/** The Job's settings with every default applied. */
function verifyAccessSettings(options = {}) {
    return {
        image: options.image ?? exports.DEFAULT_VERIFY_ACCESS_IMAGE,
        probeCommand: options.probeCommand,
        timeoutSeconds: options.timeoutSeconds ?? exports.DEFAULT_VERIFY_ACCESS_TIMEOUT_SECONDS,
        backoffLimit: options.backoffLimit ?? exports.DEFAULT_VERIFY_ACCESS_BACKOFF_LIMIT,
        ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? exports.DEFAULT_VERIFY_ACCESS_TTL_SECONDS,
        cpuRequest: options.resources?.cpuRequest ?? exports.DEFAULT_VERIFY_ACCESS_CPU_REQUEST,
        memoryRequest: options.resources?.memoryRequest ?? exports.DEFAULT_VERIFY_ACCESS_MEMORY_REQUEST,
        memoryLimit: options.resources?.memoryLimit ?? exports.DEFAULT_VERIFY_ACCESS_MEMORY_LIMIT,
    };
}
/**
 * The `batch/v1` Job that runs `VERIFY_ACCESS_SCRIPT` with the ServiceAccount. The container sets neither
 * `AWS_ROLE_ARN` nor `AWS_WEB_IDENTITY_TOKEN_FILE`: the EKS pod identity webhook skips a container that does.
 */
function verifyAccessJobManifest(args) {
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
                            command: ["sh", "-c", exports.VERIFY_ACCESS_SCRIPT],
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
function createVerifyAccessJob(name, args, parent, dependsOn, manifestOf = verifyAccessJobManifest) {
    const jobName = verifyAccessJobName(name);
    const manifest = pulumi.output(args).apply((a) => manifestOf({
        name: jobName,
        namespace: a.namespace,
        serviceAccountName: a.serviceAccountName,
        roleName: a.roleName,
        roleArn: a.roleArn,
        ...verifyAccessSettings(a.options),
    }));
    return new batch.Job(jobName, { metadata: manifest.metadata, spec: manifest.spec }, { parent, dependsOn, customTimeouts: { create: JOB_AWAIT_TIMEOUT, update: JOB_AWAIT_TIMEOUT } });
}
