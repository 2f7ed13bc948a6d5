#!/usr/bin/env bash
# Checks the generated SDKs in sdk/ and the examples in other languages:
#   build checks (always): sdk/python installs with pip into a venv, passes `pip check`, imports, and its installed
#     pulumi-plugin.json names the plugin's git source; sdk/go is a Go module that builds and vets as committed
#     (`go build ./...`, `go vet ./...`, go.mod and go.sum read-only), and examples/go, a program importing
#     github.com/eks-irsa/eks-irsa/sdk/go/eksirsa, builds and vets against it; examples/python runs under Pulumi's mocks
#     (test_main.py); examples/yaml matches schema.json.
#   drift check (only where .tools/pulumi/bin holds the CLI and the Python and Go language hosts): sdk/ is what
#     scripts/gen-sdk.sh generates from schema.json.
# The venv is cached under .tools/ (git-ignored), keyed on the Pulumi version. The Go checks need the Go module proxy
# (or a module cache holding what sdk/go/go.sum lists).
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

LANGUAGES=(python go)
for lang in "${LANGUAGES[@]}"; do
  [[ -d "sdk/${lang}" ]] || { echo "error: sdk/${lang} is missing: run npm run gen:sdk" >&2; exit 1; }
done
[[ "$(ls sdk)" == "$(printf '%s\n' "${LANGUAGES[@]}" | sort)" ]] ||
  { echo "error: sdk/ holds $(ls sdk | paste -sd' '); scripts/gen-sdk.sh generates ${LANGUAGES[*]} only" >&2; exit 1; }

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
  # Install from a copy: building the package writes build/ and *.egg-info next to pyproject.toml.
  cp -r sdk/python "${WORK}/python-sdk"
  "${venv}/bin/pip" uninstall -q -y pulumi_eks_irsa 2>/dev/null || true
  # Its requirements (parver, semver, pulumi>=...) resolve against the pinned pulumi already in the venv.
  "${venv}/bin/pip" install -q "${WORK}/python-sdk"
  "${venv}/bin/pip" check
  local version server
  version="$(node -p 'require("./schema.json").version')"
  server="$(node -p 'require("./schema.json").pluginDownloadURL')"
  # Imported outside the repository, so the installed copy is the one checked.
  (cd "${WORK}" && "${venv}/bin/python" - "${version}" "${server}" <<'PY'
import json, sys
from importlib import resources

import pulumi_eks_irsa as m

m.ServiceAccountRole, m.ClusterOidcProvider, m.TrustScope.CLUSTER, m.WorkloadIdentity.POD_IDENTITY, m.AddonPoliciesArgs
plugin = json.loads(resources.files("pulumi_eks_irsa").joinpath("pulumi-plugin.json").read_text())
expected = {"resource": True, "name": "eks-irsa", "version": sys.argv[1], "server": sys.argv[2]}
assert plugin == expected, f"installed pulumi-plugin.json is {plugin}, expected {expected}"
print(f"pulumi_eks_irsa {plugin['version']}: plugin from {plugin['server']}")
PY
  )
}

check_go() {
  # The module as committed, in a copy: default flags (-mod=readonly), so a missing requirement or go.sum line fails
  # instead of being added.
  cp -r sdk/go "${WORK}/go-sdk"
  (cd "${WORK}/go-sdk" && go build ./... && go vet ./...)
  diff -r sdk/go "${WORK}/go-sdk"
  # A user's program, examples/go (the Go quick start of docs/_index.md): imports the package by its path, built and
  # vetted against the SDK copy as committed (go.mod and go.sum read-only), its replace pointed at that copy.
  cp -r examples/go "${WORK}/go-example"
  (cd "${WORK}/go-example" && go mod edit -replace "github.com/eks-irsa/eks-irsa/sdk/go=${WORK}/go-sdk" &&
    go build -o /dev/null . && go vet .)
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
  for lang in "${LANGUAGES[@]}"; do
    diff -r -x node_modules -x bin -x __pycache__ -x '*.egg-info' -x build -x dist \
      "${WORK}/regenerated/${lang}" "sdk/${lang}" || {
      echo "sdk/${lang} differs from what schema.json generates: run npm run gen:sdk" >&2
      return 1
    }
  done
}

echo "sdk: checking (Pulumi ${PULUMI_VERSION})"
step "python: venv (reused when cached)" python_venv
step "python: pip install + import" check_python
step "go: build + vet, examples/go" check_go
step "examples/python: mocks test" check_python_example
step "examples/yaml: schema check" check_yaml_example
# gen-sdk needs the CLI and the language host of each SDK it generates.
missing=()
for tool in pulumi "${LANGUAGES[@]/#/pulumi-language-}"; do
  [[ -x ".tools/pulumi/bin/${tool}" ]] || missing+=("${tool}")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  step "drift: regenerate + diff" check_drift
  drift="drift check passed"
else
  drift="drift check skipped (.tools/pulumi/bin has no ${missing[*]}: run scripts/install-pulumi-cli.sh)"
fi
printf '  %-34s       %3ds\n' "total" $((SECONDS - TOTAL_START))
echo "sdk: build checks passed (python, go); ${drift}"
