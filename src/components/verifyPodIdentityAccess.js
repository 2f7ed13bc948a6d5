"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.POD_IDENTITY_VERIFY_ACCESS_SCRIPT = void 0;
exports.podIdentityVerifyAccessJobManifest = podIdentityVerifyAccessJobManifest;
const verifyAccess_1 = require("./verifyAccess");
/**
 * The verification container's script for identity PodIdentity, for POSIX `sh`. Like `VERIFY_ACCESS_SCRIPT` it reads
 * everything from the environment (`ROLE_NAME`, and optionally `EXPECTED_ROLE_ARN` and `PROBE_COMMAND`). It checks
 * that EKS Pod Identity injected `AWS_CONTAINER_CREDENTIALS_FULL_URI` and its token file, that no IRSA variable is
 * left to take precedence (the SDKs try web identity before container credentials), that `aws sts
 * get-caller-identity` returns a session of the role, then runs the probe. With a targetRoleArn, ROLE_NAME and
 * EXPECTED_ROLE_ARN are the target role's, which is the one the pod's credentials belong to.
 */
exports.POD_IDENTITY_VERIFY_ACCESS_SCRIPT = `set -eu
fail() {
  echo "eks-irsa: $*" >&2
  exit 1
}
: "\${ROLE_NAME:?eks-irsa: ROLE_NAME is not set}"
irsa=""
[ -z "\${AWS_ROLE_ARN:-}" ] || irsa="AWS_ROLE_ARN"
[ -z "\${AWS_WEB_IDENTITY_TOKEN_FILE:-}" ] || irsa="\${irsa:+$irsa and }AWS_WEB_IDENTITY_TOKEN_FILE"
if [ -n "$irsa" ]; then
  fail "$irsa set: the pod still gets IRSA, which the SDKs use before EKS Pod Identity. Remove the ServiceAccount's eks.amazonaws.com/role-arn annotation (identity PodIdentity), re-create the pod, and check that no container sets these variables itself."
fi
if [ -z "\${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}" ]; then
  fail "AWS_CONTAINER_CREDENTIALS_FULL_URI not set: EKS Pod Identity did not inject role $ROLE_NAME into this pod. Check that the eks-pod-identity-agent add-on runs in the cluster and on this node (not on Fargate or Windows), that the association for this namespace and ServiceAccount exists and existed before the pod, and that no container sets the variable itself."
fi
if [ -z "\${AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE:-}" ]; then
  fail "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE not set: EKS Pod Identity set AWS_CONTAINER_CREDENTIALS_FULL_URI but not the token the agent requires."
fi
if [ ! -r "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" ]; then
  fail "the Pod Identity token file $AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE does not exist or is not readable by this container's user."
fi
if [ -n "\${EXPECTED_ROLE_ARN:-}" ]; then
  iam=\${EXPECTED_ROLE_ARN%%:role/*}
  session_prefix="\${iam%%:iam::*}:sts::\${iam#*:iam::}:assumed-role/$ROLE_NAME/"
  role="$EXPECTED_ROLE_ARN"
else
  session_prefix=""
  role="role $ROLE_NAME"
fi
${(0, verifyAccess_1.callerIdentityAndProbe)({
    cannot: "get $role through EKS Pod Identity. Check the role's trust policy (pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, conditions on this cluster's ARN, the namespace and the ServiceAccount), that the association names this role, and that the eks-pod-identity-agent runs on this node.",
    mismatch: "the pod's association names another role, or the AWS CLI used other credentials.",
    via: " through EKS Pod Identity",
})}`;
/**
 * The verification Job for identity PodIdentity: `verifyAccessJobManifest`'s Job, running
 * `POD_IDENTITY_VERIFY_ACCESS_SCRIPT`. The container sets none of the variables EKS Pod Identity injects.
 */
function podIdentityVerifyAccessJobManifest(args) {
    const manifest = (0, verifyAccess_1.verifyAccessJobManifest)(args);
    const podSpec = manifest.spec.template.spec;
    const [container, ...others] = podSpec.containers;
    return {
        ...manifest,
        spec: {
            ...manifest.spec,
            template: {
                ...manifest.spec.template,
                spec: { ...podSpec, containers: [{ ...container, command: ["sh", "-c", exports.POD_IDENTITY_VERIFY_ACCESS_SCRIPT] }, ...others] },
            },
        },
    };
}
