// The audit benchmark (bench/auditGenerate.ts's clusters, bench/auditChild.ts's timed runs): the whole `eks-irsa audit`
// at 1,000 to 10,000 ServiceAccounts, each run a fresh process, with the naive pairwise evaluation's cost beside it.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { generateAuditInputs } from "./auditGenerate";
import { fmt, summarize } from "./stats";

const SIZES = [1000, 2000, 5000, 10000];
const NAIVE_SAMPLE = 200;

interface ChildResult {
    wallMs: number;
    processWallMs: number;
    cpuMs: number;
    maxRssMiB: number;
    findings: number;
    grants: number;
    naivePairs: number;
    naiveNsPerPair: number;
}

/** Runs the audit benchmark; `repetitions` fresh processes per size. */
export function runAuditBench(repetitions: number, outDir: string, log: (line: string) => void): { markdown: string; aims: { text: string; met: boolean }[] } {
    const rows: { n: number; runs: ChildResult[] }[] = [];
    for (const n of SIZES) {
        const dir = path.join(outDir, String(n));
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(generateAuditInputs(n))) {
            fs.writeFileSync(path.join(dir, file), text);
        }
        const runs: ChildResult[] = [];
        for (let r = 0; r < repetitions; r++) {
            const out = execFileSync(process.execPath, [path.join(__dirname, "auditChild.js"), dir, ...(r === 0 ? [String(NAIVE_SAMPLE)] : [])], { encoding: "utf8", maxBuffer: 1 << 26 });
            runs.push(JSON.parse(out.trim().split("\n").pop() as string));
        }
        log(`audit N=${n}: ${runs.map((x) => x.wallMs.toFixed(0)).join(", ")} ms`);
        rows.push({ n, runs });
    }
    const stat = (row: { runs: ChildResult[] }, key: keyof ChildResult) => summarize(row.runs.map((x) => x[key]));
    const largest = rows[rows.length - 1];
    const smallest = rows[0];
    const wall10k = stat(largest, "processWallMs").median / 1000;
    const rss10k = stat(largest, "maxRssMiB").max;
    const perSa = (row: (typeof rows)[number]) => stat(row, "wallMs").median / row.n;
    const growth = perSa(largest) / perSa(smallest);
    const table = rows
        .map((row) => {
            const naive = row.runs[0];
            const naiveSeconds = (naive.naiveNsPerPair * row.n * (naive.naivePairs / NAIVE_SAMPLE)) / 1e9;
            return `| ${row.n} | ${2 * row.n} | ${row.n / 5} | ${row.n / 20} | ${fmt(summarize(row.runs.map((x) => x.processWallMs / 1000)))} | ${fmt(summarize(row.runs.map((x) => x.wallMs / 1000)))} | ${fmt(summarize(row.runs.map((x) => x.cpuMs / 1000)))} | ${fmt(stat(row, "maxRssMiB"), 0)} | ${naive.grants} | ${naive.findings} | ${(naive.naivePairs / NAIVE_SAMPLE) * row.n} pairs × ${naive.naiveNsPerPair.toFixed(0)} ns = ${naiveSeconds.toFixed(1)} s |`;
        })
        .join("\n");
    const markdown = `| ServiceAccounts | pods | roles | associations | whole process, s wall | audit command, s wall | its s CPU | peak RSS, MiB | grants | findings | naive pairwise evaluation (the model's decision alone) |
|---|---|---|---|---|---|---|---|---|---|---|
${table}

Time per ServiceAccount at ${largest.n} is ${growth.toFixed(2)}× that at ${smallest.n} (${(perSa(largest) * 1000).toFixed(0)} vs ${(perSa(smallest) * 1000).toFixed(0)} µs).`;
    return {
        markdown,
        aims: [
            { text: `whole audit at ${largest.n} ServiceAccounts within 10 s on 2 cores (the process, node's start included): ${wall10k.toFixed(2)} s`, met: wall10k <= 10 },
            { text: `whole audit at ${largest.n} ServiceAccounts within 1 GiB: ${rss10k.toFixed(0)} MiB peak RSS`, met: rss10k <= 1024 },
            { text: `audit grows about linearly, time per ServiceAccount at ${largest.n} within 2× that at ${smallest.n}: ${growth.toFixed(2)}×`, met: growth <= 2 },
        ],
    };
}
