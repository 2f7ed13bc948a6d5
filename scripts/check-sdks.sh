#!/usr/bin/env bash
# Checks the generated SDKs in sdk/ and the examples in other languages:
#   build checks (always): sdk/nodejs type-checks; sdk/python installs into a venv and imports; sdk/go builds;
#     examples/python runs under Pulumi's mocks (test_main.py); examples/yaml matches schema.json.
#   drift check (only with .tools/pulumi/bin/pulumi): sdk/ is what scripts/gen-sdk.sh generates from schema.json.
# The venv and the Go check module are cached under .tools/ (git-ignored), keyed on the Pulumi version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
# The Pulumi release the SDKs are built against: the one scripts/install-pulumi-cli.sh builds.
PULUMI_VERSION="$(sed -n 's/^PULUMI_VERSION="v\([0-9.]*\)".*/\1/p' scripts/install-pulumi-cli.sh)"
[[ -n "${PULUMI_VERSION}" ]] || { echo "error: no PULUMI_VERSION in scripts/install-pulumi-cli.sh" >&2; exit 1; }
CACHE="${ROOT}/.tools/sdk-check/pulumi-${PULUMI_VERSION}"
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

for lang in nodejs python go; do
  [[ -d "sdk/${lang}" ]] || { echo "error: sdk/${lang} is missing: run npm run gen:sdk" >&2; exit 1; }
done

TOTAL_START=$SECONDS
step() { # step NAME COMMAND...: runs a step, prints its wall time, stops on failure with its output
  local name="$1" start=$SECONDS log="${WORK}/step.log"; shift
  if "$@" >"${log}" 2>&1; then
    printf '  %-34s ok    %3ds\n' "${name}" $((SECONDS - start))
  else
    cat "${log}"
    printf '  %-34s FAIL  %3ds\n' "${name}" $((SECONDS - start))
    echo "sdk: build checks failed (${name})"
    exit 1
  fi
}

check_nodejs() {
  # Resolves @pulumi/pulumi and @types/node from the root node_modules (sdk/nodejs is inside the repository).
  [[ -x node_modules/.bin/tsc ]] || { echo "node_modules/.bin/tsc missing: run npm ci" >&2; return 1; }
  node_modules/.bin/tsc -p sdk/nodejs/tsconfig.json --noEmit
}

python_venv() {
  local venv="${CACHE}/venv"
  if [[ ! -x "${venv}/bin/python" ]] || ! "${venv}/bin/python" -c "import pulumi" 2>/dev/null; then
    rm -rf "${venv}"
    python3 -m venv "${venv}"
    "${venv}/bin/pip" install -q "pulumi==${PULUMI_VERSION}"
  fi
}

check_python() {
  local venv="${CACHE}/venv"
  # Install from a copy: a setup.py build writes build/ and *.egg-info next to it.
  cp -r sdk/python "${WORK}/python-sdk"
  "${venv}/bin/pip" uninstall -q -y pulumi_eks_irsa 2>/dev/null || true
  # Its requirements (parver, semver, pulumi>=...) resolve against the pinned pulumi already in the venv.
  "${venv}/bin/pip" install -q "${WORK}/python-sdk"
  "${venv}/bin/pip" check
  (cd "${WORK}" && "${venv}/bin/python" -c "import pulumi_eks_irsa as m; m.ServiceAccountRole; m.ClusterOidcProvider; m.TrustScope.CLUSTER")
}

check_go() {
  # schema.json sets no Go module (no meta.supportPack / language.go.importBasePath), so gen-sdk writes no go.mod and
  # the code imports example.com/pulumi-eks-irsa/sdk/go/eks-irsa: build it in a check module of that path.
  local mod="${CACHE}/go"
  mkdir -p "${mod}"
  if [[ ! -f "${mod}/go.mod" ]]; then
    printf 'module example.com/pulumi-eks-irsa/sdk\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' \
      "${PULUMI_VERSION}" >"${mod}/go.mod"
    [[ -f .tools/pulumi-build/cli/go.sum ]] && cp .tools/pulumi-build/cli/go.sum "${mod}/go.sum"
  fi
  rm -rf "${mod}/go"
  mkdir -p "${mod}/go"
  cp -r sdk/go/eksirsa "${mod}/go/eks-irsa"
  (cd "${mod}" && GOFLAGS=-mod=mod go build ./... && GOFLAGS=-mod=mod go vet ./...)
}

check_python_example() {
  (cd examples/python && "${CACHE}/venv/bin/python" test_main.py)
}

check_yaml_example() {
  node examples/yaml/check_schema.js examples/yaml/Pulumi.yaml schema.json
}

check_drift() {
  scripts/gen-sdk.sh --out "${WORK}/regenerated"
  local lang
  for lang in nodejs python go; do
    diff -r -x node_modules -x bin -x __pycache__ -x '*.egg-info' -x build -x dist \
      "${WORK}/regenerated/${lang}" "sdk/${lang}" || {
      echo "sdk/${lang} differs from what schema.json generates: run npm run gen:sdk" >&2
      return 1
    }
  done
}

echo "sdk: checking (Pulumi ${PULUMI_VERSION})"
step "nodejs: tsc --noEmit" check_nodejs
step "python: venv (reused when cached)" python_venv
step "python: pip install + import" check_python
step "go: go build + vet" check_go
step "examples/python: mocks test" check_python_example
step "examples/yaml: schema check" check_yaml_example
if [[ -x .tools/pulumi/bin/pulumi ]]; then
  step "drift: regenerate + diff" check_drift
  drift="drift check passed"
else
  drift="drift check skipped (no Pulumi CLI: run scripts/install-pulumi-cli.sh)"
fi
printf '  %-34s       %3ds\n' "total" $((SECONDS - TOTAL_START))
echo "sdk: build checks passed (nodejs, python, go); ${drift}"
