#!/usr/bin/env bash
# Assembles the Pulumi engine that `npm run test:engine` drives, in a cache outside the repository:
#
#   <engine>/bin/pulumi                      CLI, built from the Go module proxy (github.com/pulumi/pulumi/pkg/v3) by
#                                            scripts/install-pulumi-cli.sh --cli-only (one build for both scripts)
#   <engine>/bin/pulumi-language-yaml        YAML host, built from the Go module proxy (github.com/pulumi/pulumi-yaml)
#   <engine>/bin/pulumi-language-nodejs      Node.js and Python hosts, optional: copied from an existing Pulumi
#   <engine>/bin/pulumi-language-python(-exec)  installation of the release (--hosts DIR); the proxy does not serve them
#   <engine>/pulumi-home/plugins/            PULUMI_HOME: the kubernetes provider, built from the Go module proxy,
#                                            and a placeholder aws provider (see below)
#   <engine>/env                             `source` it: PATH and PULUMI_HOME for the above
#
#   npm ci && scripts/install-pulumi-engine.sh   # build what is missing, reuse and check the rest
#   scripts/install-pulumi-engine.sh --hosts DIR # also copy the Node.js and Python hosts of a Pulumi v3.248.0
#                                                # installation (DIR holds pulumi-language-nodejs, -python, -python-exec)
#   ENGINE_FORCE_REBUILD=1 scripts/install-pulumi-engine.sh ...
#
# <engine> is $EKS_IRSA_ENGINE_DIR, by default ${XDG_CACHE_HOME:-$HOME/.cache}/eks-irsa-engine. This is a development
# tool for the end-to-end test: users install Pulumi the normal way.
#
# Module integrity: each Go binary is built from a throw-away module under <engine>/build/<name>/ whose go.sum is
# seeded from the release's own go.sum (so every dependency hash is the one its authors recorded); anything not in it
# is checked against the Go checksum database by the go command; `go mod verify` re-checks the module cache against
# go.sum before every build, cached or not.
#
# Plugins: `pulumi package get-schema` and `pulumi package add` start a plugin for every Pulumi package in the
# component's node_modules. The kubernetes provider is real (it renders manifests with renderYamlToDirectory, no
# cluster needed). The aws provider cannot be built from the proxy (its module replaces a dependency with a local
# directory), so a placeholder that refuses to run is installed under the version @pulumi/aws asks for: the test uses
# ServiceAccountRole in existing-role mode, which creates no AWS resource, so the engine never starts it.
set -euo pipefail

PULUMI_VERSION="v3.248.0"        # keep in step with @pulumi/pulumi in package.json
YAML_VERSION="v1.30.0"           # pulumi-yaml: later releases are not all served by the proxy
K8S_MODULE="github.com/pulumi/pulumi-kubernetes/provider/v4"
K8S_VERSION="v4.0.0-20260115033456-f47bc2d6f199"  # provider source the proxy serves (no tagged v4 provider module)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE="${EKS_IRSA_ENGINE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/eks-irsa-engine}"
HOSTS="${PULUMI_LANGUAGE_HOSTS:-}"
FORCE="${ENGINE_FORCE_REBUILD:-0}"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) [[ -n "${2:-}" ]] || { usage >&2; exit 2; }; HOSTS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

command -v go >/dev/null || { echo "error: go is not on PATH" >&2; exit 1; }
for pkg in kubernetes aws; do
  [[ -f "${ROOT}/node_modules/@pulumi/${pkg}/package.json" ]] \
    || { echo "error: ${ROOT}/node_modules/@pulumi/${pkg} is missing: run npm ci first" >&2; exit 1; }
done
# The plugin versions the package asks for: the engine looks for exactly these.
plugin_version() { node -p "require('${ROOT}/node_modules/@pulumi/$1/package.json').pulumi.version"; }
K8S_PLUGIN_VERSION="$(plugin_version kubernetes)"
AWS_PLUGIN_VERSION="$(plugin_version aws)"

BIN="${ENGINE}/bin"
BUILD="${ENGINE}/build"
export PULUMI_HOME="${ENGINE}/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export GOCACHE="${ENGINE}/go-build-cache"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
export CGO_ENABLED=0
mkdir -p "${BIN}" "${BUILD}" "${PULUMI_HOME}"
NICE=(nice -n 10)
START_ALL=$(date +%s)
declare -a SUMMARY=() VERIFY=()

log() { printf '==> %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# module_dir <module> <version>: downloads it through the proxy (hash checked by the go command), prints its Dir.
module_dir() {
  go mod download -json "$1@$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p'
}

# make_build_module <dir> <module> <version> <main package | "">
# <dir>/go.mod gets the release go.mod's requirements and remote replaces, without its module line and `tool`
# directives. Replaces that point into the release's own repository (a local path) are resolved: another
# github.com/pulumi/pulumi module is pinned at PULUMI_VERSION; any other is dropped, so the go.mod's required version
# of it is used. <main package> is pinned with a tools.go; pass "" when <dir> holds its own main package.
make_build_module() {
  local dir=$1 mod=$2 ver=$3 pkg=$4 src old
  src=$(module_dir "${mod}" "${ver}")
  [[ -n "${src}" && -f "${src}/go.mod" ]] || { echo "error: no go.mod for ${mod}@${ver}" >&2; return 1; }
  mkdir -p "${dir}"
  awk '
    /^tool[[:space:]]*\($/ {skip=1; next}
    skip && /^\)/ {skip=0; next}
    skip {next}
    /^tool[[:space:]]/ {next}
    /^module[[:space:]]/ {next}
    {print}
  ' "${src}/go.mod" | { echo "module eks-irsa-engine/$(basename "${dir}")"; cat; } >"${dir}/go.mod"
  for old in $(awk '/=>/ {
      line=$0; sub(/^replace[[:space:]]+/, "", line); split(line, parts, "=>"); split(parts[1], lhs, " ")
      rhs=parts[2]; gsub(/^[[:space:]]+/, "", rhs); if (rhs ~ /^[.\/]/) print lhs[1] }' "${dir}/go.mod"); do
    go mod edit -dropreplace="${old}" "${dir}/go.mod"
    case "${old}" in
      github.com/pulumi/pulumi/*) go mod edit -require="${old}@${PULUMI_VERSION}" "${dir}/go.mod" ;;
    esac
  done
  go mod edit -require="${mod}@${ver}" "${dir}/go.mod"
  cp "${src}/go.sum" "${dir}/go.sum"
  chmod u+w "${dir}/go.mod" "${dir}/go.sum"
  if [[ -n "${pkg}" ]]; then
    printf '//go:build tools\n\n// Generated by scripts/install-pulumi-engine.sh: pins the main package to build.\npackage tools\n\nimport _ "%s"\n' \
      "${pkg}" >"${dir}/tools.go"
  fi
  (cd "${dir}" && go mod tidy >/dev/null 2>"${dir}/tidy.log") || { cat "${dir}/tidy.log" >&2; return 1; }
}

# verify_module <dir> <label>: `go mod verify` against the module's go.sum, recorded for the summary.
verify_module() {
  (cd "$1" && go mod verify) >/dev/null || { echo "error: go mod verify failed in $1" >&2; return 1; }
  VERIFY+=("$2: go.sum seeded from the release, 'go mod verify' ok")
}

# go_build <dir> <package> <out> <ldflags>: builds into <out> (atomically).
go_build() {
  (cd "$1" && "${NICE[@]}" go build -trimpath -ldflags "-s -w $4" -o "$3.tmp" "$2")
  mv -f "$3.tmp" "$3"
}

# first_line <cmd...>: the first line a binary prints, or nothing.
first_line() { "$@" 2>/dev/null | head -n1 || true; }

log "engine in ${ENGINE}; go $(go env GOVERSION); GOPROXY=$(go env GOPROXY); GOSUMDB=$(go env GOSUMDB)"

# --- Node.js and Python hosts -------------------------------------------------------------------------------------------
# The Go module proxy does not serve them (github.com/pulumi/pulumi/sdk/{nodejs,python}/cmd/... are refused), and the
# hosts inside older sdk/v3 releases cannot serve components (`RunPlugin: not supported`). So they come only from an
# existing Pulumi installation of the release (--hosts DIR, copied). Without them the engine is still complete for
# what needs no host: the TypeScript tests run inline Automation API programs, whose Node.js runtime is the test's own
# process; the tests that serve the component to Python and YAML programs say they did not run.
NEEDED_HOSTS=(pulumi-language-nodejs pulumi-language-python pulumi-language-python-exec)
t0=$(date +%s)
host_ok() { [[ "$(first_line "$1/pulumi-language-nodejs" -version)" == "${PULUMI_VERSION}" \
  && "$(first_line "$1/pulumi-language-python" -version)" == "${PULUMI_VERSION}" && -x "$1/pulumi-language-python-exec" ]]; }
if [[ -n "${HOSTS}" ]]; then
  host_ok "${HOSTS}" || {
    echo "error: ${HOSTS} must hold ${NEEDED_HOSTS[*]} of Pulumi ${PULUMI_VERSION} (\`<host> -version\` prints ${PULUMI_VERSION})" >&2
    for h in pulumi-language-nodejs pulumi-language-python; do
      echo "    ${h}: $(first_line "${HOSTS}/${h}" -version || true)" >&2
    done
    exit 1
  }
  for h in "${NEEDED_HOSTS[@]}"; do
    if ! cmp -s "${HOSTS}/${h}" "${BIN}/${h}"; then
      cp -f "${HOSTS}/${h}" "${BIN}/${h}.tmp" && chmod +x "${BIN}/${h}.tmp" && mv -f "${BIN}/${h}.tmp" "${BIN}/${h}"
    fi
  done
  SUMMARY+=("pulumi-language-nodejs, -python, -python-exec ${PULUMI_VERSION}: from ${HOSTS} ($(elapsed "${t0}"))")
elif host_ok "${BIN}"; then
  SUMMARY+=("pulumi-language-nodejs, -python, -python-exec ${PULUMI_VERSION}: copied earlier with --hosts ($(elapsed "${t0}"))")
else
  SUMMARY+=("pulumi-language-nodejs, -python: not installed (only from a Pulumi ${PULUMI_VERSION} installation: --hosts DIR); the Python and YAML engine tests will not run")
fi

# --- CLI ----------------------------------------------------------------------------------------------------------------
# One build for this script and scripts/install-pulumi-cli.sh: that script builds it into ${BIN}/pulumi.
t0=$(date +%s)
EKS_IRSA_ENGINE_DIR="${ENGINE}" PULUMI_FORCE_REBUILD="${FORCE}" "${ROOT}/scripts/install-pulumi-cli.sh" --cli-only
[[ "$(first_line "${BIN}/pulumi" version)" == "${PULUMI_VERSION}" ]] || { echo "error: ${BIN}/pulumi is not ${PULUMI_VERSION}" >&2; exit 1; }
SUMMARY+=("pulumi ${PULUMI_VERSION}: by scripts/install-pulumi-cli.sh --cli-only ($(elapsed "${t0}"))")

# --- kubernetes provider ------------------------------------------------------------------------------------------------
# The module's own command embeds generated files it does not ship, so a small main of our own serves the provider
# with the schema and Terraform mapping the module does ship, and the version the package asks for stamped in.
t0=$(date +%s)
dir="${BUILD}/pulumi-resource-kubernetes"
K8S_BIN="${BIN}/pulumi-resource-kubernetes"
if [[ "${FORCE}" != 1 && -f "${dir}/.ready" && "$(cat "${dir}/.ready")" == "${K8S_VERSION} ${K8S_PLUGIN_VERSION}" && -x "${K8S_BIN}" ]]; then
  verify_module "${dir}" pulumi-resource-kubernetes
  SUMMARY+=("pulumi-resource-kubernetes ${K8S_PLUGIN_VERSION}: cached ($(elapsed "${t0}"))")
else
  rm -rf "${dir}"
  log "building pulumi-resource-kubernetes ${K8S_PLUGIN_VERSION} from ${K8S_MODULE}@${K8S_VERSION} (10-20 minutes the first time)"
  # The main package goes in first, so that `go mod tidy` keeps what it imports.
  mkdir -p "${dir}"
  src=$(module_dir "${K8S_MODULE}" "${K8S_VERSION}")
  cp "${src}/cmd/pulumi-resource-kubernetes/schema.json" "${src}/cmd/pulumi-resource-kubernetes/terraform-mapping.json" "${dir}/"
  chmod u+w "${dir}"/*.json
  cat >"${dir}/main.go" <<'GO'
// Generated by scripts/install-pulumi-engine.sh: serves the kubernetes provider with the schema and Terraform
// mapping its module ships (the module's own command embeds generated files that the module does not contain).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema.json
var schema []byte

//go:embed terraform-mapping.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping)
}
GO
  make_build_module "${dir}" "${K8S_MODULE}" "${K8S_VERSION}" ""
  verify_module "${dir}" pulumi-resource-kubernetes
  go_build "${dir}" . "${K8S_BIN}" "-X ${K8S_MODULE}/pkg/version.Version=${K8S_PLUGIN_VERSION}"
  echo "${K8S_VERSION} ${K8S_PLUGIN_VERSION}" >"${dir}/.ready"
  SUMMARY+=("pulumi-resource-kubernetes ${K8S_PLUGIN_VERSION}: built from ${K8S_MODULE}@${K8S_VERSION} in $(elapsed "${t0}")")
fi

# --- YAML host ----------------------------------------------------------------------------------------------------------
t0=$(date +%s)
dir="${BUILD}/pulumi-language-yaml"
if [[ "${FORCE}" != 1 && -f "${dir}/.ready" && -x "${BIN}/pulumi-language-yaml" ]]; then
  verify_module "${dir}" pulumi-language-yaml
  SUMMARY+=("pulumi-language-yaml ${YAML_VERSION}: cached ($(elapsed "${t0}"))")
else
  rm -rf "${dir}"
  log "building pulumi-language-yaml ${YAML_VERSION}"
  make_build_module "${dir}" github.com/pulumi/pulumi-yaml "${YAML_VERSION}" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  verify_module "${dir}" pulumi-language-yaml
  go_build "${dir}" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "${BIN}/pulumi-language-yaml" \
    "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=${YAML_VERSION}"
  touch "${dir}/.ready"
  SUMMARY+=("pulumi-language-yaml ${YAML_VERSION}: built from github.com/pulumi/pulumi-yaml in $(elapsed "${t0}")")
fi

# --- Plugins in PULUMI_HOME ---------------------------------------------------------------------------------------------
t0=$(date +%s)
# placeholder <name> <version>: a plugin binary that is not the provider and refuses to run.
placeholder() {
  local file="${BUILD}/pulumi-resource-$1-placeholder"
  cat >"${file}" <<EOF
#!/bin/sh
# Installed by scripts/install-pulumi-engine.sh as pulumi-resource-$1 $2, so that the engine finds a plugin for
# @pulumi/$1. It is not the $1 provider and refuses to run.
echo "pulumi-resource-$1 placeholder (scripts/install-pulumi-engine.sh): the $1 provider is not installed in this engine" >&2
exit 1
EOF
  chmod +x "${file}"
  echo "${file}"
}
PLACEHOLDER="$(placeholder aws "${AWS_PLUGIN_VERSION}")"
# install_plugin <name> <version> <file>: (re)installs when the installed binary differs.
install_plugin() {
  local installed="${PULUMI_HOME}/plugins/resource-$1-v$2/pulumi-resource-$1"
  if [[ "${FORCE}" == 1 ]] || ! cmp -s "$3" "${installed}"; then
    "${BIN}/pulumi" plugin rm resource "$1" "$2" --yes >/dev/null 2>&1 || true
    "${BIN}/pulumi" plugin install resource "$1" "$2" --file "$3" >/dev/null
  fi
  cmp -s "$3" "${installed}" || { echo "error: plugin resource $1 $2 is not installed at ${installed}" >&2; exit 1; }
}
install_plugin kubernetes "${K8S_PLUGIN_VERSION}" "${K8S_BIN}"
install_plugin aws "${AWS_PLUGIN_VERSION}" "${PLACEHOLDER}"
# Only these two: @pulumi/eks is examples/eks-cluster's dependency, not the package's, so no devDependency that
# `pulumi package add` installs in the package's folder asks for another plugin. A plugin left from an older run goes.
for stale in "${PULUMI_HOME}"/plugins/resource-*; do
  case "$(basename "${stale}")" in
    resource-kubernetes-v"${K8S_PLUGIN_VERSION}"|resource-aws-v"${AWS_PLUGIN_VERSION}") ;;
    *.lock|*.partial) ;;
    *) rm -rf "${stale}" "${stale}.lock" ;;
  esac
done
SUMMARY+=("plugins in ${PULUMI_HOME}: kubernetes ${K8S_PLUGIN_VERSION} (built above), aws ${AWS_PLUGIN_VERSION} (placeholder) ($(elapsed "${t0}"))")

# --- Python wheels ------------------------------------------------------------------------------------------------------
# The test's Python project installs from these, never from an index (PIP_NO_INDEX): the Pulumi SDK of this release, the
# kubernetes SDK of the provider's version, and what building and importing the generated eks-irsa SDK needs.
t0=$(date +%s)
WHEELS="${ENGINE}/wheels"
REQUIREMENTS="pulumi==${PULUMI_VERSION#v} pulumi-kubernetes==${K8S_PLUGIN_VERSION} parver semver setuptools wheel"
if [[ "${FORCE}" != 1 && -f "${WHEELS}/.ready" && "$(cat "${WHEELS}/.ready")" == "${REQUIREMENTS}" ]]; then
  SUMMARY+=("python wheels (${REQUIREMENTS}): cached ($(elapsed "${t0}"))")
else
  command -v python3 >/dev/null || { echo "error: python3 is not on PATH" >&2; exit 1; }
  rm -rf "${WHEELS}"
  # shellcheck disable=SC2086 # one argument per requirement
  python3 -m pip wheel -q --disable-pip-version-check -w "${WHEELS}" ${REQUIREMENTS}
  echo "${REQUIREMENTS}" >"${WHEELS}/.ready"
  SUMMARY+=("python wheels (${REQUIREMENTS}): $(find "${WHEELS}" -name '*.whl' | wc -l) wheels in $(elapsed "${t0}")")
fi

cat >"${ENGINE}/env" <<EOF
# Written by scripts/install-pulumi-engine.sh: \`source\` it to use this engine.
export PATH="${BIN}:\${PATH}"
export PULUMI_HOME="${PULUMI_HOME}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
EOF

echo
log "engine ready in $(elapsed "${START_ALL}") ($(du -sh "${ENGINE}" | cut -f1) in ${ENGINE})"
printf '    %s\n' "${SUMMARY[@]}"
log "module integrity"
printf '    %s\n' "${VERIFY[@]}"
echo "    GONOSUMDB='$(go env GONOSUMDB)' GOPRIVATE='$(go env GOPRIVATE)' GOINSECURE='$(go env GOINSECURE)'"
echo
echo "source ${ENGINE}/env"
