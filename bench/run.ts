// `npm run bench`: runs every benchmark against the build in bin/ and writes BENCHMARKS.md. Never part of `npm test`.
// Environment: BENCH_REPS (preview repetitions, default 6: every order of the three sides once), BENCH_REPS_1000 (at N=1000, default 6),
// BENCH_OWN_PAIRS (more ServiceAccountRole / bare component pairs at N=1000, default 8), BENCH_OWN_TIME_RUNS (in-process
// timed runs per side, default 2), BENCH_STARTUP_RUNS (default 12), BENCH_RENDER_RUNS (default 5), BENCH_TEST_RUNS
// (default 2), BENCH_SEEDS (default 20), BENCH_WORST_RUNS (default 3; bench/worstCase.ts runs alone too), BENCH_AUDIT_REPS
// (audit runs per size, default 3). BENCH_ONLY=audit runs only the audit benchmark and rewrites only its section (and its
// aims) of BENCHMARKS.md. BENCH_ONLY=own-cost runs only the own-cost pairs of both modes (BENCH_OWN_PAIRS each) and the
// in-process timing, and prints their figures and aims without writing BENCHMARKS.md.
import * as fs from "fs";
import * as path from "path";
import { runAuditBench } from "./audit";
import { runCapacity } from "./capacity";
import { runWorstCase, SECTION as WORST_CASE_SECTION } from "./worstCase";
import { runOwnCost, runPreview } from "./preview";
import { loadAverage, machine } from "./stats";
import { runRender, runStartup, runTests } from "./startup";

const ROOT = path.resolve(__dirname, "..", "..");

function setting(name: string, fallback: number): number {
    const value = process.env[name];
    return value === undefined ? fallback : Number(value);
}

function log(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
}

const AUDIT_HEADING = "## 6. Audit";
/** The hand-written last section (set-ups and earlier runs the bench does not measure): every write keeps it as it is. */
const BY_HAND_HEADING = "## 7. Measured by hand";

/** BENCHMARKS.md's hand-written section, from its heading to the end, with a blank line before it; empty when there is none. */
function byHandSection(doc: string): string {
    const at = doc.indexOf(BY_HAND_HEADING);
    return at < 0 ? "" : `\n${doc.slice(at).trimEnd()}\n`;
}

function auditSection(audit: ReturnType<typeof runAuditBench>): string {
    return `${AUDIT_HEADING}

Method: bench/audit.ts. bench/auditGenerate.ts writes the files docs/audit.md's commands produce for a cluster of N
ServiceAccounts (ten per namespace, one in ten annotated, two pods each) and N/5 roles: 60% exact subjects (about 5%
in namespaces that do not exist), 10% every ServiceAccount of a namespace, 3% namespace patterns, 10% a pattern with a
Deny statement, 10% Pod Identity roles with session-tag conditions (N/20 associations), 5% other clusters' providers,
2% service roles. Each run is a fresh process (bench/auditChild.ts) that runs \`eks-irsa audit ... --format json\`
through the CLI's entry function: reading and parsing the files, the audit and the JSON; peak RSS is the process's
\`ru_maxrss\`. The audit decides each ServiceAccount only against the roles its namespace's index entry and the
unindexed patterns name; the naive anchor is every ServiceAccount against every role with the same model call
(\`accessAdmits\`), measured on 200 ServiceAccounts and multiplied out, parsing and describing excluded.

${audit.markdown}
`;
}

function main(): void {
    if (process.env.BENCH_ONLY === "own-cost") {
        const options = { repetitions: 0, repetitionsAt1000: 0, ownCostPairs: setting("BENCH_OWN_PAIRS", 8), ownTimeRuns: setting("BENCH_OWN_TIME_RUNS", 2), profileDir: "" };
        log(`load average ${loadAverage()}`);
        const own = runOwnCost({ component: [], bare: [], hand: [] }, options, log);
        log(`load average ${loadAverage()}`);
        process.stdout.write(own.markdown.join("\n") + "\n");
        own.aims.forEach((a) => log(`${a.met ? "met    " : "NOT MET"} ${a.text}`));
        return;
    }
    if (process.env.BENCH_ONLY === "audit") {
        const audit = runAuditBench(setting("BENCH_AUDIT_REPS", 3), path.join(ROOT, "bin", "bench-audit"), log);
        const file = path.join(ROOT, "BENCHMARKS.md");
        let doc = fs.readFileSync(file, "utf8");
        const at = doc.indexOf(AUDIT_HEADING);
        doc = (at >= 0 ? doc.slice(0, at) : doc.trimEnd() + "\n\n") + auditSection(audit) + byHandSection(doc);
        const aimLines = audit.aims.map((a) => `| ${a.text} | ${a.met ? "yes" : "**no**"} |`);
        doc = doc.replace(/^\| whole audit at .*\n|^\| audit grows .*\n/gm, "").replace(/(## Aims\n\n\| aim \| met \|\n\|---\|---\|\n(?:\|.*\n)*)/, (table) => table + aimLines.join("\n") + "\n");
        fs.writeFileSync(file, doc);
        audit.aims.forEach((a) => log(`${a.met ? "met    " : "NOT MET"} ${a.text}`));
        return;
    }
    const started = Date.now();
    const loadStart = loadAverage();
    const reps = setting("BENCH_REPS", 6);
    const reps1000 = setting("BENCH_REPS_1000", 6);
    const ownPairs = setting("BENCH_OWN_PAIRS", 8);
    const ownTimeRuns = setting("BENCH_OWN_TIME_RUNS", 2);
    const startupRuns = setting("BENCH_STARTUP_RUNS", 12);
    const renderRuns = setting("BENCH_RENDER_RUNS", 5);
    const testRuns = setting("BENCH_TEST_RUNS", 2);
    const seeds = setting("BENCH_SEEDS", 20);
    const worstRuns = setting("BENCH_WORST_RUNS", 3);
    log(`load average ${loadStart}`);

    const capacity = runCapacity(seeds);
    log("capacity done");
    const startup = runStartup(startupRuns, log);
    const render = runRender(renderRuns, log);
    const preview = runPreview({ repetitions: reps, repetitionsAt1000: reps1000, ownCostPairs: ownPairs, ownTimeRuns, profileDir: path.join(ROOT, "bin", "bench-prof") }, log);
    const tests = runTests(testRuns, log);
    const worstCase = runWorstCase(worstRuns, log);
    const audit = runAuditBench(setting("BENCH_AUDIT_REPS", 3), path.join(ROOT, "bin", "bench-audit"), log);
    const loadEnd = loadAverage();
    const minutes = ((Date.now() - started) / 60000).toFixed(1);

    const m = machine();
    const aims = [...preview.aims, ...capacity.aims, ...startup.aims, ...tests.aims, ...worstCase.aims, ...audit.aims];
    const doc = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, in ${minutes} minutes.
Not part of \`npm test\`. Figures are medians with min–max; ratios are taken within one run (pairs that ran back to back),
because the machine is shared: other builds may run beside the benchmark, and wall times move with them.

## Machine

| nproc | CPU | memory | node | OS | load average (1, 5, 15 min) at start | at end |
|---|---|---|---|---|---|---|
| ${m.nproc} | ${m.cpu} | ${m.memory} | ${m.node} | ${m.os} | ${loadStart} | ${loadEnd} |

## Aims

| aim | met |
|---|---|
${aims.map((a) => `| ${a.text} | ${a.met ? "yes" : "**no**"} |`).join("\n")}

## 1. Preview cost

Method: bench/previewChild.ts builds N roles under \`pulumi.runtime.setMocks\` (preview mode; every resource's state is its
inputs, a role also gets a name and an ARN) and waits for every output and registration. Three sides:
- **ServiceAccountRole**: N components (scope Environment, \`oidcProviderArn\`, one managed policy, a Manifest ServiceAccount;
  distinct names and \`z<8 hex>-z<8 hex>\` namespaces), their eight outputs resolved;
- **hand-written**: the same \`aws.iam.Role\`, \`aws.iam.RolePolicyAttachment\` and \`kubernetes.core.v1.ServiceAccount\`, with
  the trust JSON from the package's \`buildTrustPolicy\` and \`renderTrustPolicy\`, the role ARN waiting for the attachment
  and the ServiceAccount depending on it, as the component does; the same eight values resolved;
- **bare component**: the hand-written resources inside the thinnest \`ComponentResource\` with ServiceAccountRole's
  Pulumi-visible shape (same arguments registered as inputs, children parented to it, the same eight outputs registered):
  what Pulumi charges for any such component, so ServiceAccountRole / bare component is eks-irsa's own code. That ratio
  is taken over more pairs than the others (the repetitions' and \`BENCH_OWN_PAIRS\` more), and the constructors' own time
  is also measured in process (\`BENCH_OWN_TIME=1\`, bench/ownTime.ts), where the machine's noise cancels out;
- **Pod Identity mode**, for the own cost alone, at N=1000 over as many pairs: ServiceAccountRoles with
  \`identity: PodIdentity\` and \`clusterName\` alone (one cluster, which the mocks' \`aws.eks.getCluster\` finds) against
  a bare component registering the same four children (role, attachment, \`aws.eks.PodIdentityAssociation\`, a
  ServiceAccount without the role-ARN annotation), its trust naming the cluster that one look-up per program found, as
  the component's shared look-up does. The component's \`getCluster\` invokes are counted.

The benchmark checks that every side registers 3N resources (plus N components) and sends byte-identical trust policies.
Every (N, side, repetition) is a fresh \`node --expose-gc\` process; the sides of a repetition run back to back in rotating
order. Time runs from the first constructor to the last resolved output, after the modules are loaded and warmed; CPU
time is user + system of the whole process over that span (GC threads included) and is less disturbed by other load
than wall time; GC pauses are the \`gc\` performance entries over that span. Peak RSS is the child's \`ru_maxrss\` (about
139 MiB of it is the loaded modules); retained heap is the heap in use after a full GC once everything resolved, less the
same before the first resource. The component registers 4 resources where the hand-written code registers 3, so 4/3 ≈ 1.33
is the ratio's floor where registration dominates.

${preview.markdown}

## 2. Trust capacity

Method: bench/capacity.ts. The largest number of ServiceAccounts one role can trust within the \`ACLSizePerRole\` quota, one
EKS provider. eks-irsa: \`buildTrustPolicy\` with the subjects as exact subjects, as \`renderTrustPolicy\` sends it. Naive: a
statement per subject (\`StringEquals\` on \`:aud\` and \`:sub\`), \`JSON.stringify(doc, null, 2)\`; IAM does not count its
white space, so its capacity is by \`policySize\`, and its raw length is shown beside it. Floor: one statement's fixed part
(\`{"Version":...,"Statement":[{...,"<issuer>:sub":[]}]}\`) plus every subject's JSON string and the commas between them.

${capacity.markdown}

## 3. Start-up

Method: bench/startup.ts, \`/usr/bin/time\` around fresh processes for wall time and peak RSS.

${startup.markdown}

### Offline render

${render.markdown}

## 4. Tests

${tests.markdown}

${WORST_CASE_SECTION}

${worstCase.markdown}

${auditSection(audit)}${byHandSection(fs.readFileSync(path.join(ROOT, "BENCHMARKS.md"), "utf8"))}`;
    fs.writeFileSync(path.join(ROOT, "BENCHMARKS.md"), doc);
    log(`wrote BENCHMARKS.md in ${minutes} min; load average ${loadEnd}`);
    for (const a of aims) {
        log(`${a.met ? "met    " : "NOT MET"} ${a.text}`);
    }
}

main();
