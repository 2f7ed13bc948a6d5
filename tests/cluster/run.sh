#!/usr/bin/env bash
# `npm run test:cluster`: runs tests/cluster/*.e2e.ts against a real control plane (scripts/install-kubernetes.sh) in a
# private network namespace: `unshare --net --map-root-user` gives the test, and every server it starts, a loopback of
# their own, so the webhook's fixed ports (9443, 9999) never clash with the host's and nothing listens outside. The
# namespace ends with the test (unshare --kill-child; the test stops each server in its after hook). Where it cannot
# run, says so in one line and exits 0 (as the engine test does), or 1 with EKS_IRSA_REQUIRE_CLUSTER=1.
set -uo pipefail
cd "$(dirname "$0")/../.."

not_run() {
  echo "test:cluster: not run: $*"
  exit "$([[ "${EKS_IRSA_REQUIRE_CLUSTER:-0}" == 1 ]] && echo 1 || echo 0)"
}

missing=$(node -e 'console.log(require("./bin/tests/cluster/controlPlane.js").missingControlPlane().join(", "))' 2>/dev/null) \
  || not_run "the test is not built (npm run build)"
[[ -z "${missing}" ]] || not_run "no control plane installed (scripts/install-kubernetes.sh; missing ${missing})"
for tool in unshare ip openssl; do
  command -v "${tool}" >/dev/null || not_run "${tool} is not on PATH (util-linux, iproute2, openssl)"
done
unshare --net --map-root-user true 2>/dev/null \
  || not_run "this machine does not allow user and network namespaces (unshare --net --map-root-user failed: kernel.unprivileged_userns_clone or a container's seccomp policy)"

exec unshare --net --map-root-user --kill-child -- \
  env EKS_IRSA_HOST_NETNS="$(readlink /proc/self/ns/net)" bash -c 'ip link set lo up && exec node_modules/.bin/mocha --config tests/cluster/mocharc.json "$@"' mocha "$@"
