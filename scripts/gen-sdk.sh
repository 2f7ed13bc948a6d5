#!/usr/bin/env bash
# Regenerates the Python and Go SDKs in sdk/<language> from schema.json with `pulumi package gen-sdk` (the CLI in
# .tools/pulumi/bin, built by scripts/install-pulumi-cli.sh). No Node.js SDK is generated: the eks-irsa npm package is
# the Node.js SDK (docs/other-languages.md).
#
#   scripts/gen-sdk.sh                 # regenerate sdk/ (npm run gen:sdk)
#   scripts/gen-sdk.sh --out DIR       # write DIR/<language> instead (drift check)
#
# schema.json's language metadata (scripts/gen-schema.js) makes sdk/go the Go module github.com/eks-irsa/eks-irsa/sdk/go
# (package eksirsa) and sdk/python the Python package pulumi_eks_irsa. The generator's go.mod requires
# github.com/pulumi/pulumi/sdk/v3 v3.30.0 and leaves out what the code also imports: this script then requires the Pulumi
# release below and runs `go mod tidy`, so the committed go.mod and go.sum are complete and `go build` needs no rewrite.
# Needs the Go module proxy (or a module cache holding the Pulumi SDK's dependencies).
#
# Never edit sdk/ by hand: change the component, run `npm run gen:schema`, then this.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LANGUAGES=(python go)
OUT="${ROOT}/sdk"
if [[ "${1:-}" == "--out" ]]; then
  [[ -n "${2:-}" ]] || { echo "usage: $0 [--out DIR]" >&2; exit 2; }
  OUT="$2"
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--out DIR]" >&2; exit 2
fi

# The Pulumi release the Go SDK requires: the one scripts/install-pulumi-cli.sh builds, as package.json pins it.
PULUMI_VERSION="$(sed -n 's/^PULUMI_VERSION="\(v[0-9.]*\)".*/\1/p' "${ROOT}/scripts/install-pulumi-cli.sh")"
[[ -n "${PULUMI_VERSION}" ]] || { echo "error: no PULUMI_VERSION in scripts/install-pulumi-cli.sh" >&2; exit 1; }
PULUMI_BIN="${ROOT}/.tools/pulumi/bin"
for tool in pulumi "${LANGUAGES[@]/#/pulumi-language-}"; do
  if [[ ! -x "${PULUMI_BIN}/${tool}" ]]; then
    echo "error: no ${tool} in ${PULUMI_BIN}: scripts/install-pulumi-cli.sh builds the CLI and each language host" >&2
    exit 1
  fi
done
[[ -f "${ROOT}/schema.json" ]] || { echo "error: ${ROOT}/schema.json is missing: run npm run gen:schema" >&2; exit 1; }
command -v go >/dev/null || { echo "error: go is not on PATH (needed to complete sdk/go/go.mod)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
export PATH="${PULUMI_BIN}:${PATH}"
export PULUMI_HOME="${WORK}/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

for lang in "${LANGUAGES[@]}"; do
  # gen-sdk writes <out>/<language>.
  if ! pulumi package gen-sdk "${ROOT}/schema.json" --language "${lang}" --out "${WORK}/gen-${lang}" \
      >"${WORK}/${lang}.log" 2>&1; then
    cat "${WORK}/${lang}.log" >&2
    echo "error: pulumi package gen-sdk failed for ${lang}" >&2
    exit 1
  fi
  [[ -d "${WORK}/gen-${lang}/${lang}" ]] || { echo "error: gen-sdk wrote no ${lang}/ directory" >&2; exit 1; }
done

gomod="${WORK}/gen-go/go"
[[ -f "${gomod}/go.mod" ]] || { echo "error: gen-sdk wrote no go/go.mod: schema.json needs meta.supportPack" >&2; exit 1; }
if ! (cd "${gomod}" && go mod edit -require="github.com/pulumi/pulumi/sdk/v3@${PULUMI_VERSION}" &&
    GOFLAGS=-mod=mod go mod tidy) >"${WORK}/tidy.log" 2>&1; then
  cat "${WORK}/tidy.log" >&2
  echo "error: go mod tidy failed in the generated Go SDK" >&2
  exit 1
fi

mkdir -p "${OUT}"
for lang in "${LANGUAGES[@]}"; do
  rm -rf "${OUT:?}/${lang}"
  mv "${WORK}/gen-${lang}/${lang}" "${OUT}/${lang}"
done
echo "sdk: generated ${LANGUAGES[*]} in ${OUT#"${ROOT}"/}"
