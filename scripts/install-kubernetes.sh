#!/usr/bin/env bash
# Installs the control plane that `npm run test:cluster` starts: etcd, kube-apiserver, kube-controller-manager, kubectl
# and AWS's amazon-eks-pod-identity-webhook, into a cache outside the repository. Every binary comes from a package
# registry: etcd from Debian (`etcd-server`) or, without apt, from the Go module proxy; the rest from the Go module
# proxy. Nothing is cloned. Idempotent: a binary already built at the pinned version is kept.
#
#   scripts/install-kubernetes.sh                      # build what is missing, reuse the rest
#   KUBERNETES_FORCE_REBUILD=1 scripts/install-kubernetes.sh
#   EKS_IRSA_KUBERNETES_CACHE=/some/dir scripts/install-kubernetes.sh
#
# Cold, on 2 shared cores: about 10-15 minutes and 2-3 GiB (most of it the Go build cache and module cache).
set -euo pipefail

KUBERNETES_VERSION="v1.34.4"              # k8s.io/kubernetes; its staging modules are v0.<minor>.<patch>
WEBHOOK_VERSION="v0.6.17"                 # github.com/aws/amazon-eks-pod-identity-webhook
ETCD_MODULE_VERSION="v3.6.7"              # go.etcd.io/etcd/server/v3, only where Debian's etcd-server is not to be had
STAGING_VERSION="v0.${KUBERNETES_VERSION#v1.}"

CACHE="${EKS_IRSA_KUBERNETES_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/eks-irsa/kubernetes}"
BIN="${CACHE}/bin"
BUILD="${CACHE}/build"
FORCE="${KUBERNETES_FORCE_REBUILD:-0}"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
export CGO_ENABLED=0
NICE=(nice -n 10)
START_ALL=$(date +%s)
declare -a SUMMARY=()

log() { printf '==> %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }
# first_line <cmd...>: the first line a command prints, or nothing.
first_line() { "$@" 2>/dev/null | head -n1 || true; }

command -v go >/dev/null || { echo "error: go is not on PATH: kube-apiserver, kube-controller-manager, kubectl and the pod identity webhook are built from the Go module proxy (install Go 1.24 or newer)" >&2; exit 1; }
mkdir -p "${BIN}" "${BUILD}"
log "control plane in ${CACHE}; go $(go env GOVERSION); GOPROXY=$(go env GOPROXY); GOSUMDB=$(go env GOSUMDB)"

# module_dir <module@version>: downloads it through the proxy and prints its directory in the module cache.
module_dir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'; }

# --- etcd ---------------------------------------------------------------------------------------------------------------
t0=$(date +%s)
etcd_version() { first_line "$1" --version | sed -n 's/^etcd Version: //p'; }
if [[ "${FORCE}" != 1 && -x "${BIN}/etcd" && -n "$(etcd_version "${BIN}/etcd")" ]]; then
  SUMMARY+=("etcd $(etcd_version "${BIN}/etcd"): cached ($(elapsed "${t0}"))")
elif [[ -x /usr/bin/etcd && -n "$(etcd_version /usr/bin/etcd)" ]] || { command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]] \
    && log "installing etcd-server from Debian" && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server >/dev/null; }; then
  # Debian's package may start a service where an init system runs; the tests start their own etcd.
  ln -sf /usr/bin/etcd "${BIN}/etcd"
  SUMMARY+=("etcd $(etcd_version "${BIN}/etcd"): Debian's etcd-server ($(dpkg-query -W -f '${Version}' etcd-server 2>/dev/null || echo /usr/bin/etcd)) ($(elapsed "${t0}"))")
else
  log "building etcd ${ETCD_MODULE_VERSION} from go.etcd.io/etcd/server/v3 (no apt-get as root here)"
  dir="${BUILD}/etcd"
  rm -rf "${dir}" && mkdir -p "${dir}"
  printf 'module eks-irsa-build/etcd\n\ngo 1.24\n' >"${dir}/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"${dir}/tools.go"
  (cd "${dir}" && go get "go.etcd.io/etcd/server/v3@${ETCD_MODULE_VERSION}" && go mod tidy && go mod verify >/dev/null)
  (cd "${dir}" && "${NICE[@]}" go build -trimpath -ldflags "-s -w" -o "${BIN}/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv -f "${BIN}/etcd.tmp" "${BIN}/etcd"
  SUMMARY+=("etcd $(etcd_version "${BIN}/etcd"): built from go.etcd.io/etcd/server/v3@${ETCD_MODULE_VERSION} in $(elapsed "${t0}")")
fi

# --- kube-apiserver, kube-controller-manager, kubectl -------------------------------------------------------------------
# k8s.io/kubernetes points its k8s.io/* staging modules at folders of its repository (`=> ./staging/src/k8s.io/api`),
# which `go install` refuses. A small consumer module requires it and replaces each staging module by the released
# module of the same name at v0.<minor>.<patch>; those replace lines are generated from its go.mod, and its go.sum
# seeds the consumer's, so every hash is the one the release recorded.
K8S_COMMANDS=(kube-apiserver kube-controller-manager kubectl)
VERSION_PKG="k8s.io/component-base/version"
minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
LDFLAGS="-s -w -X ${VERSION_PKG}.gitVersion=${KUBERNETES_VERSION} -X ${VERSION_PKG}.gitMajor=1 -X ${VERSION_PKG}.gitMinor=${minor} -X ${VERSION_PKG}.gitTreeState=clean"
LDFLAGS+=" -X k8s.io/client-go/pkg/version.gitVersion=${KUBERNETES_VERSION} -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=${minor}"
k8s_version() { first_line "$1" --version | awk '{print $2}'; }
kubectl_version() { "$1" version --client -o json 2>/dev/null | sed -n 's/^ *"gitVersion": "\(.*\)",$/\1/p' | head -n1 || true; }
dir="${BUILD}/kubernetes"
ensure_k8s_module() {
  [[ "${FORCE}" != 1 && -f "${dir}/.ready" && "$(cat "${dir}/.ready")" == "${KUBERNETES_VERSION}" ]] && return 0
  local src c
  src=$(module_dir "k8s.io/kubernetes@${KUBERNETES_VERSION}")
  [[ -f "${src}/go.mod" ]] || { echo "error: no go.mod for k8s.io/kubernetes@${KUBERNETES_VERSION}" >&2; return 1; }
  rm -rf "${dir}" && mkdir -p "${dir}"
  {
    echo "module eks-irsa-build/kubernetes"
    echo
    sed -n 's/^go \(.*\)$/go \1/p' "${src}/go.mod" | head -n1
    echo
    echo "require k8s.io/kubernetes ${KUBERNETES_VERSION}"
    echo
    echo "replace ("
    # "	k8s.io/api => ./staging/src/k8s.io/api" -> "	k8s.io/api => k8s.io/api v0.34.4"
    sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/src/\(k8s\.io/[^[:space:]]*\)[[:space:]]*$#\t\1 => \2 '"${STAGING_VERSION}"'#p' "${src}/go.mod"
    echo ")"
  } >"${dir}/go.mod"
  local count
  count=$(grep -c "=> k8s.io/.* ${STAGING_VERSION}" "${dir}/go.mod" || true)
  [[ "${count}" -gt 20 ]] || { echo "error: found only ${count} staging replaces in k8s.io/kubernetes@${KUBERNETES_VERSION}'s go.mod" >&2; return 1; }
  cp "${src}/go.sum" "${dir}/go.sum" && chmod u+w "${dir}/go.sum"
  {
    printf '//go:build tools\n\n// Generated by scripts/install-kubernetes.sh: the commands to build.\npackage tools\n\nimport (\n'
    for c in "${K8S_COMMANDS[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "${c}"; done
    printf ')\n'
  } >"${dir}/tools.go"
  log "k8s.io/kubernetes ${KUBERNETES_VERSION}: ${count} staging modules replaced by their ${STAGING_VERSION} releases (from its go.mod)"
  (cd "${dir}" && go mod tidy && go mod verify >/dev/null)
  echo "${KUBERNETES_VERSION}" >"${dir}/.ready"
}
for c in "${K8S_COMMANDS[@]}"; do
  t0=$(date +%s)
  if [[ "${c}" == kubectl ]]; then have=$(kubectl_version "${BIN}/${c}"); else have=$(k8s_version "${BIN}/${c}"); fi
  if [[ "${FORCE}" != 1 && "${have}" == "${KUBERNETES_VERSION}" ]]; then
    SUMMARY+=("${c} ${have}: cached ($(elapsed "${t0}"))")
    continue
  fi
  ensure_k8s_module
  log "building ${c} ${KUBERNETES_VERSION}"
  (cd "${dir}" && "${NICE[@]}" go build -trimpath -ldflags "${LDFLAGS}" -o "${BIN}/${c}.tmp" "k8s.io/kubernetes/cmd/${c}")
  mv -f "${BIN}/${c}.tmp" "${BIN}/${c}"
  SUMMARY+=("${c} ${KUBERNETES_VERSION}: built from k8s.io/kubernetes@${KUBERNETES_VERSION} in $(elapsed "${t0}")")
done

# --- amazon-eks-pod-identity-webhook ------------------------------------------------------------------------------------
t0=$(date +%s)
WEBHOOK_MODULE="github.com/aws/amazon-eks-pod-identity-webhook"
stamp="${BUILD}/amazon-eks-pod-identity-webhook.version"
if [[ "${FORCE}" != 1 && -x "${BIN}/amazon-eks-pod-identity-webhook" && "$(cat "${stamp}" 2>/dev/null)" == "${WEBHOOK_VERSION}" ]]; then
  SUMMARY+=("amazon-eks-pod-identity-webhook ${WEBHOOK_VERSION}: cached ($(elapsed "${t0}"))")
else
  log "building amazon-eks-pod-identity-webhook ${WEBHOOK_VERSION}"
  GOBIN="${BUILD}/webhook-bin" "${NICE[@]}" go install -trimpath -ldflags "-s -w" "${WEBHOOK_MODULE}@${WEBHOOK_VERSION}"
  mv -f "${BUILD}/webhook-bin/amazon-eks-pod-identity-webhook" "${BIN}/amazon-eks-pod-identity-webhook"
  echo "${WEBHOOK_VERSION}" >"${stamp}"
  SUMMARY+=("amazon-eks-pod-identity-webhook ${WEBHOOK_VERSION}: built by go install ${WEBHOOK_MODULE}@${WEBHOOK_VERSION} in $(elapsed "${t0}")")
fi

cat >"${CACHE}/versions" <<EOF
kubernetes ${KUBERNETES_VERSION}
etcd $(etcd_version "${BIN}/etcd")
amazon-eks-pod-identity-webhook ${WEBHOOK_VERSION}
EOF

echo
log "control plane ready in $(elapsed "${START_ALL}"): $(du -sh "${BIN}" | cut -f1) of binaries in ${BIN} ($(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1) Go module cache, $(du -sh "$(go env GOCACHE)" 2>/dev/null | cut -f1) Go build cache, shared with other Go builds)"
printf '    %s\n' "${SUMMARY[@]}"
echo
echo "npm run test:cluster finds it there (or set EKS_IRSA_KUBERNETES_CACHE=${CACHE})"
