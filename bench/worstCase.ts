// Worst-case policies (issue 23, "Bounded work"): the slowest trust policies we could build for the subject analysis
// (tests/oracle/worstCasePolicies.ts), at IAM's 2,048 and 4,096-character quotas and at the CLI's 1 MiB limit, through
// `explain --who` (the whole CLI process), and in a fresh process each: describeTrust, the evaluator for one token and
// the policy pack's resource policies on the role (its per-role time). Aims: within 1 s up to 4,096 characters, 5 s at
// 1 MiB, on 2 cores.
// Run alone: `node bin/bench-out/worstCase.js [--write]` after `npm run build && tsc -p bench` (--write replaces this
// section of BENCHMARKS.md). BENCH_WORST_RUNS sets the runs per policy (default 3).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fmt, loadAverage, summarize, timed } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const BUILD = path.join(ROOT, "bin");
const CLI = path.join(BUILD, "src", "cli", "cli.js");
const CHILD = path.join(__dirname, "worstCaseChild.js");
export const SECTION = "## 5. Worst-case policies";

const MiB = 1024 * 1024;
const CASES: Array<[shape: string, size: number]> = [
    ["subsequences", 2048],
    ["subsequences", 4096],
    ["exponential", 4096],
    ["colons", 4096],
    ["subsequences", MiB],
    ["statements", MiB],
    ["issuers", MiB],
];

interface ChildResult {
    outcome: string;
    whoMs: number;
    whoCpuMs: number;
    evaluatorMs: number;
    evaluator: string;
    packMs: number;
    packCpuMs: number;
    pack: string;
}

function child(mode: string, file: string, providerArn: string): Partial<ChildResult> {
    const run = timed(process.execPath, [CHILD, mode, file, providerArn], { cwd: ROOT });
    if (run.status !== 0) {
        throw new Error(`worstCaseChild ${mode} failed on ${file}: ${run.stderr}`);
    }
    return JSON.parse(run.stdout) as Partial<ChildResult>;
}

export interface Report {
    markdown: string;
    aims: { text: string; met: boolean }[];
}

const sizeText = (size: number) => (size >= MiB ? `${size / MiB} MiB` : `${size.toLocaleString("en-US")}`);

export function runWorstCase(runs: number, log: (line: string) => void): Report {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const builders: typeof import("../bin/tests/oracle/worstCasePolicies") = require(path.join(BUILD, "tests", "oracle", "worstCasePolicies.js"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-worst-"));
    const rows: string[] = [];
    // The largest medians, up to 4,096 characters and at 1 MiB: CPU for the aims (what the other load disturbs least), wall beside.
    const zero = () => ({ cli: 0, cliWall: 0, evaluator: 0, pack: 0, packWall: 0 });
    const worst = { small: zero(), large: zero() };
    for (const [shape, size] of CASES) {
        const policy = builders.WORST_CASE_POLICIES[shape](size);
        const file = path.join(dir, `${shape}-${size}.json`);
        fs.writeFileSync(file, policy);
        const cli: number[] = [];
        const cliCpu: number[] = [];
        const codes = new Set<number | null>();
        const children: ChildResult[] = [];
        for (let i = 0; i < runs; i++) {
            const run = timed(process.execPath, [CLI, "explain", "--policy", file, "--who"], { cwd: ROOT });
            cli.push(run.wallMs);
            cliCpu.push(run.cpuMs);
            codes.add(run.status);
            children.push({ ...child("who", file, builders.WORST_CASE_PROVIDER), ...child("pack", file, builders.WORST_CASE_PROVIDER) } as ChildResult);
            log(`worst case ${shape} ${size} run ${i + 1}: --who ${run.wallMs.toFixed(0)} ms (exit ${run.status}), pack ${children[i].packMs.toFixed(0)} ms`);
        }
        const of = (pick: (c: ChildResult) => number) => summarize(children.map(pick));
        const [cliS, whoS, evalS, packS] = [summarize(cli), of((c) => c.whoMs), of((c) => c.evaluatorMs), of((c) => c.packMs)];
        const [whoCpu, packCpu] = [of((c) => c.whoCpuMs), of((c) => c.packCpuMs)];
        const bucket = size <= 4096 ? worst.small : worst.large;
        const cliCpuS = summarize(cliCpu);
        bucket.cli = Math.max(bucket.cli, cliCpuS.median);
        bucket.cliWall = Math.max(bucket.cliWall, cliS.median);
        bucket.evaluator = Math.max(bucket.evaluator, evalS.median);
        bucket.pack = Math.max(bucket.pack, packCpu.median);
        bucket.packWall = Math.max(bucket.packWall, packS.median);
        rows.push(
            `| ${shape} | ${sizeText(size)} (${policy.length.toLocaleString("en-US")}) | ${children[0].outcome}, exit ${[...codes].join(", ")} | ${fmt(cliS, 0)} / ${fmt(cliCpuS, 0)} | ` +
                `${fmt(whoS, 0)} / ${fmt(whoCpu, 0)} | ${fmt(evalS, 1)} (${children[0].evaluator}) | ${fmt(packS, 0)} / ${fmt(packCpu, 0)} (${children[0].pack}) |`,
        );
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const markdown = [
        "Method: bench/worstCase.ts. The slowest policies we could build (tests/oracle/worstCasePolicies.ts): one statement of",
        "overlapping `StringLike`/`StringNotLike` subject patterns (subsequences `*a*h*o*...` against `*b*?e*?h...`; `*x??????*`",
        "runs, exponential to determinise; short patterns on both sides of the namespace's colon), filled to the size; at 1 MiB",
        'also many such statements, or `Principal: "*"` over thousands of issuers. Per policy and run: `node bin/src/cli/cli.js',
        "explain --policy <file> --who` timed as a whole process; a fresh process that times, cold, `describeTrust` (what `--who`",
        "prints) and `evaluateTrustPolicy` for one token; another that times every resource policy of the pack on the role (its",
        `per-role time). ${runs} runs; median (min–max) in ms, wall / CPU where both are given. The aims are judged on CPU time (user`,
        "and system, GC threads included): the machine is shared, and at a load average several times its 2 cores the wall time",
        `measures the queue more than the work. Load average when written: ${loadAverage()}.`,
        "",
        "Before the work budget (the same machine, one run): `explain --who` took 46 s on the subsequences policy at 1,596",
        "characters, 72 s at 2,023 and 100 s at 4,069, each ending in a refusal after 20,000 states; the pack as long per role.",
        "",
        "| policy | size, characters | outcome | `explain --who` process, wall / CPU | describeTrust, wall / CPU | evaluator (decision) | pack per role, wall / CPU (policies reporting) |",
        "|---|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
    const ms = (value: number) => value.toFixed(0);
    const aims = [
        {
            text: `worst-case policy up to 4,096 characters within 1 s: explain --who process ${ms(worst.small.cli)} ms CPU (${ms(worst.small.cliWall)} wall), evaluator ${ms(worst.small.evaluator)} ms, pack per role ${ms(worst.small.pack)} ms CPU (${ms(worst.small.packWall)} wall)`,
            met: Math.max(worst.small.cli, worst.small.evaluator, worst.small.pack) <= 1000,
        },
        {
            text: `worst-case 1 MiB policy within 5 s: explain --who process ${ms(worst.large.cli)} ms CPU (${ms(worst.large.cliWall)} wall), evaluator ${ms(worst.large.evaluator)} ms, pack per role ${ms(worst.large.pack)} ms CPU (${ms(worst.large.packWall)} wall)`,
            met: Math.max(worst.large.cli, worst.large.evaluator, worst.large.pack) <= 5000,
        },
    ];
    return { markdown, aims };
}

/** Replaces (or appends) the section in BENCHMARKS.md, and its aims' rows in the table of aims. */
export function writeSection(report: Report): void {
    const file = path.join(ROOT, "BENCHMARKS.md");
    let doc = fs.readFileSync(file, "utf8");
    const section = `${SECTION}\n\n${report.markdown}\n`;
    const at = doc.indexOf(SECTION);
    if (at < 0) {
        doc = `${doc.trimEnd()}\n\n${section}`;
    } else {
        const next = doc.indexOf("\n## ", at + SECTION.length);
        doc = doc.slice(0, at) + section + (next < 0 ? "" : doc.slice(next));
    }
    const rows = report.aims.map((a) => `| ${a.text} | ${a.met ? "yes" : "**no**"} |`);
    const kept = doc.split("\n").filter((line) => !line.startsWith("| worst-case "));
    const aimsEnd = kept.findIndex((line, i) => i > kept.indexOf("## Aims") + 3 && !line.startsWith("|"));
    kept.splice(aimsEnd, 0, ...rows);
    fs.writeFileSync(file, kept.join("\n"));
}

if (require.main === module) {
    const report = runWorstCase(Number(process.env.BENCH_WORST_RUNS ?? 3), (line) => process.stderr.write(`[bench] ${line}\n`));
    process.stdout.write(`${report.markdown}\n`);
    report.aims.forEach((a) => process.stderr.write(`[bench] ${a.met ? "met    " : "NOT MET"} ${a.text}\n`));
    if (process.argv.includes("--write")) {
        writeSection(report);
    }
}
