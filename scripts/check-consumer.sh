#!/usr/bin/env bash
# The package as a consumer gets it: packs it (npm pack, which builds through `prepare`), installs the tarball into a
# throw-away project pinned to a set of Pulumi SDK versions, and checks there
#   - one copy of @pulumi/pulumi, @pulumi/aws and @pulumi/kubernetes (`npm ls`): the peer dependencies are the consumer's;
#   - scripts/consumer/index.ts (README.md's quick start) type-checks against the package's declarations;
#   - scripts/consumer/test.ts, with the consumer's own mocks, creates the quick-start role and sees its children;
#   - newest set only: examples/eks-cluster (docs/components.md's @pulumi/eks block), with @pulumi/eks installed from npm at the
#     lowest version the example allows, type-checks and runs under mocks (scripts/consumer/eksClusterTest.ts);
# then installs it from git (this clone's HEAD) as `npm install git+https://...` would, and loads it and its bin.
#
#   scripts/check-consumer.sh              # both version sets below
#   scripts/check-consumer.sh lowest       # one of them (also: newest, git)
#   scripts/check-consumer.sh custom PULUMI AWS KUBERNETES   # any versions (used to find the floors)
#   EKS_IRSA_TARBALL=path.tgz scripts/check-consumer.sh ...   # reuse a packed tarball instead of packing
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
# lowest: the floors of the peer ranges in package.json, with @pulumi/aws 6.x. newest: the newest releases that run
# on Node.js 20 (@pulumi/pulumi 3.249 and later require Node.js 22).
LOWEST=(3.202.0 6.0.0 4.1.1)
NEWEST=(3.248.0 7.48.0 4.34.2)
# examples/eks-cluster's @pulumi/eks, with the newest set: the lowest version its package.json allows (4.x needs
# @pulumi/aws 7), pinned so that the run does not change with npm's newest release.
EKS="$(node -p 'require("./examples/eks-cluster/package.json").dependencies["@pulumi/eks"].replace(/^[\^~]/, "")')"
# The consumer's compiler and Node.js types: the versions in this repository's lockfile.
TYPESCRIPT="$(node -p 'require("./node_modules/typescript/package.json").version')"
TYPES_NODE="$(node -p 'require("./node_modules/@types/node/package.json").version')"

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { # step NAME COMMAND...: runs a step, prints its wall time, stops on failure with its output
  local name="$1" start=$SECONDS log="${WORK}/step.log"; shift
  if "$@" >"${log}" 2>&1; then
    printf '  %-52s ok    %3ds\n' "${name}" $((SECONDS - start))
  else
    cat "${log}"
    printf '  %-52s FAIL  %3ds\n' "${name}" $((SECONDS - start))
    echo "consumer: failed (${name})"
    exit 1
  fi
}

pack() {
  if [[ -n "${EKS_IRSA_TARBALL:-}" ]]; then # a tarball packed before, to try many version sets with one build
    cp "${EKS_IRSA_TARBALL}" "${WORK}/" && basename "${EKS_IRSA_TARBALL}" >"${WORK}/tarball.name"
  else
    npm pack --silent --pack-destination "${WORK}" >"${WORK}/tarball.name"
  fi
}

one_copy() { # one_copy PACKAGE: exactly one installed copy of PACKAGE in the consumer project
  local count
  count="$(cd "${WORK}/consumer" && npm ls --all --parseable "$1" | grep -c "/node_modules/$1\$" || true)"
  [[ "${count}" == 1 ]] || { (cd "${WORK}/consumer" && npm ls --all "$1"); echo "$1: ${count} copies" >&2; return 1; }
}

consumer() { # consumer LABEL PULUMI AWS KUBERNETES [EKS]
  local label="$1" pulumi="$2" aws="$3" kubernetes="$4" eks="${5:-}" dir="${WORK}/consumer"
  echo "consumer (${label}): @pulumi/pulumi ${pulumi}, @pulumi/aws ${aws}, @pulumi/kubernetes ${kubernetes}${eks:+, @pulumi/eks ${eks}}"
  rm -rf "${dir}" && mkdir -p "${dir}"
  cp scripts/consumer/index.ts scripts/consumer/test.ts scripts/consumer/support.ts scripts/consumer/tsconfig.json "${dir}/"
  if [[ -n "${eks}" ]]; then
    cp examples/eks-cluster/index.ts "${dir}/eksCluster.ts"
    cp scripts/consumer/eksClusterTest.ts "${dir}/"
    node -e 'const f = process.argv[1], c = require(f); c.files.push("eksCluster.ts", "eksClusterTest.ts"); require("fs").writeFileSync(f, JSON.stringify(c, null, 2))' "${dir}/tsconfig.json"
  fi
  cat >"${dir}/package.json" <<JSON
{
  "name": "eks-irsa-consumer",
  "private": true,
  "dependencies": {
    "eks-irsa": "file:${WORK}/$(cat "${WORK}/tarball.name")",
    "@pulumi/pulumi": "${pulumi}",
    "@pulumi/aws": "${aws}",
    "@pulumi/kubernetes": "${kubernetes}"${eks:+,
    \"@pulumi/eks\": \"${eks}\"}
  },
  "devDependencies": { "typescript": "${TYPESCRIPT}", "@types/node": "${TYPES_NODE}" }
}
JSON
  # --ignore-scripts: @pulumi/kubernetes' install script downloads its provider plugin, which mocks do not need.
  step "npm install" bash -c "cd '${dir}' && npm install --ignore-scripts --prefer-offline"
  step "one copy of each SDK (npm ls)" bash -c 'for p in @pulumi/pulumi @pulumi/aws @pulumi/kubernetes; do one_copy "$p" || exit 1; done'
  step "type-check the quick start${eks:+ and the eks example} (declarations)" bash -c "cd '${dir}' && node_modules/.bin/tsc -p tsconfig.json"
  step "unit test with the consumer's mocks" bash -c "set -o pipefail; cd '${dir}' && node out/test.js | tee '${WORK}/test.out'"
  sed 's/^/    /' "${WORK}/test.out"
  if [[ -n "${eks}" ]]; then
    step "examples/eks-cluster with @pulumi/eks, under mocks" bash -c "set -o pipefail; cd '${dir}' && node out/eksClusterTest.js | tee '${WORK}/test.out'"
    sed 's/^/    /' "${WORK}/test.out"
  fi
}
# The install a user gets from `npm install git+https://github.com/eks-irsa/eks-irsa`: npm clones the commit, installs
# its devDependencies, builds it through `prepare` and packs it. Here from this clone's HEAD (git+file), with the
# newest peers pinned (npm would otherwise pick @pulumi/pulumi releases that need Node.js 22).
git_install() {
  local dir="${WORK}/git-consumer"
  rm -rf "${dir}" && mkdir -p "${dir}"
  cat >"${dir}/package.json" <<JSON
{
  "name": "eks-irsa-git-consumer",
  "private": true,
  "dependencies": {
    "eks-irsa": "git+file://${ROOT}#$(git -C "${ROOT}" rev-parse HEAD)",
    "@pulumi/pulumi": "${NEWEST[0]}",
    "@pulumi/aws": "${NEWEST[1]}",
    "@pulumi/kubernetes": "${NEWEST[2]}"
  }
}
JSON
  step "npm install git+file://<this clone>#HEAD" bash -c "cd '${dir}' && npm install --prefer-offline --foreground-scripts=false"
  step "require(\"eks-irsa\") and npx eks-irsa --version" bash -c "cd '${dir}' && node -e 'const m = require(\"eks-irsa\"); if (typeof m.ServiceAccountRole !== \"function\") process.exit(1)' && [ \"\$(npx --no-install eks-irsa --version)\" = \"\$(node -p 'require(\"eks-irsa/package.json\").version')\" ]"
  printf '    installed from git: %s files under node_modules/eks-irsa, bin/index.js %s\n' \
    "$(find "${dir}/node_modules/eks-irsa" -type f | wc -l)" "$([ -f "${dir}/node_modules/eks-irsa/bin/index.js" ] && echo present || echo MISSING)"
}
export -f one_copy
export WORK

TOTAL_START=$SECONDS
echo "consumer: packing"
step "npm pack (builds through prepare)" pack
printf '    %s: %s files, %s bytes packed\n' "$(cat "${WORK}/tarball.name")" \
  "$(tar -tzf "${WORK}/$(cat "${WORK}/tarball.name")" | wc -l)" "$(stat -c %s "${WORK}/$(cat "${WORK}/tarball.name")")"
case "${1:-all}" in
  lowest) consumer lowest "${LOWEST[@]}" ;;
  newest) consumer newest "${NEWEST[@]}" "${EKS}" ;;
  all) consumer lowest "${LOWEST[@]}"; consumer newest "${NEWEST[@]}" "${EKS}"
    if git -C "${ROOT}" rev-parse --verify -q HEAD >/dev/null; then
      echo "consumer (git install)"
      git_install
    else
      echo "consumer (git install): skipped, ${ROOT} is not a git clone"
    fi ;;
  git) git_install ;;
  custom) [[ $# -eq 4 ]] || { echo "usage: $0 custom PULUMI AWS KUBERNETES" >&2; exit 2; }; consumer custom "$2" "$3" "$4" ;;
  *) echo "usage: $0 [all|lowest|newest|git|custom PULUMI AWS KUBERNETES]" >&2; exit 2 ;;
esac
printf '  %-52s       %3ds\n' "total" $((SECONDS - TOTAL_START))
echo "consumer: passed"
