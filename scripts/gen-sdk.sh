#!/usr/bin/env bash
# Regenerates the Node.js, Python and Go SDKs in sdk/<language> from schema.json
# with `pulumi package gen-sdk` (the CLI built by scripts/install-pulumi-cli.sh).
#
#   scripts/gen-sdk.sh                 # regenerate sdk/ (npm run gen:sdk)
#   scripts/gen-sdk.sh --out DIR       # write DIR/<language> instead (drift check)
#
# Never edit sdk/ by hand: change the component, run `npm run gen:schema`, then this.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LANGUAGES=(nodejs python go)
OUT="${ROOT}/sdk"
if [[ "${1:-}" == "--out" ]]; then
  [[ -n "${2:-}" ]] || { echo "usage: $0 [--out DIR]" >&2; exit 2; }
  OUT="$2"
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--out DIR]" >&2; exit 2
fi

PULUMI_BIN="${ROOT}/.tools/pulumi/bin"
if [[ ! -x "${PULUMI_BIN}/pulumi" ]]; then
  echo "error: no Pulumi CLI at ${PULUMI_BIN}/pulumi: build it with scripts/install-pulumi-cli.sh" >&2
  exit 1
fi
[[ -f "${ROOT}/schema.json" ]] || { echo "error: ${ROOT}/schema.json is missing: run npm run gen:schema" >&2; exit 1; }

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

mkdir -p "${OUT}"
for lang in "${LANGUAGES[@]}"; do
  rm -rf "${OUT:?}/${lang}"
  mv "${WORK}/gen-${lang}/${lang}" "${OUT}/${lang}"
done
echo "sdk: generated ${LANGUAGES[*]} in ${OUT#${ROOT}/}"
