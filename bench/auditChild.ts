// One timed audit in a fresh process: `node auditChild.js <dir> [naive-sample]`. Runs `eks-irsa audit <files> --format
// json` through the CLI's entry function (reading, parsing, the audit and the JSON output), then prints one JSON line:
// wall and CPU milliseconds, peak RSS, findings and grants; with a sample size, also the cost of the naive pairwise
// evaluation (every ServiceAccount against every role) measured on that many ServiceAccounts.
import * as fs from "fs";
import * as path from "path";
import { BENCH_PROVIDER } from "./auditGenerate";

// From the build in bin/, as bench/capacity.ts loads its modules: `tsc -p bench` compiles only bench/.
const built = (module: string) => require(path.resolve(__dirname, "..", "src", module));
const { runCli }: typeof import("../bin/src/cli/cli") = built("cli/cli.js");
const { accessAdmits }: typeof import("../bin/src/policy/explain") = built("policy/explain.js");
const { readAuditFiles }: typeof import("../bin/src/audit/readAuditFiles") = built("audit/readAuditFiles.js");
const { readRoles }: typeof import("../bin/src/audit/readRoles") = built("audit/readRoles.js");

const FILES = ["kubernetes.json", "iam.json", "eks-cluster.json", "oidc-providers.json", "associations.json"];

async function main(): Promise<void> {
    const [dir, sampleText] = process.argv.slice(2);
    let output = "";
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const code = await runCli(["audit", ...FILES.map((f) => path.join(dir, f)), "--format", "json", "--fail-on", "none"], {
        stdout: (text) => (output += text),
        stderr: (text) => process.stderr.write(text),
        readStdin: async () => "",
        readFile: (file) => fs.readFileSync(file, "utf8"),
    });
    const wallMs = performance.now() - t0;
    // performance.now() counts from the process's start: node's start and loading the CLI's modules included.
    const processWallMs = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const report = JSON.parse(output);
    const result: Record<string, number> = {
        code,
        wallMs,
        processWallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        findings: report.findings.length,
        grants: report.counts.grants,
    };
    if (sampleText !== undefined) {
        Object.assign(result, naivePairCost(dir, Number(sampleText)));
    }
    process.stdout.write(JSON.stringify(result) + "\n");
}

/** The naive anchor: each of `sample` ServiceAccounts decided against every role with the same model call, no index. */
function naivePairCost(dir: string, sample: number): { naivePairs: number; naiveAdmitted: number; naiveNsPerPair: number } {
    const input = readAuditFiles(FILES.map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), "utf8") })));
    const { read } = readRoles(input.roles, BENCH_PROVIDER);
    const accounts = input.serviceAccounts.slice(0, sample);
    const t0 = performance.now();
    let admitted = 0;
    for (const account of accounts) {
        const subject = `system:serviceaccount:${account.namespace}:${account.name}`;
        for (const role of read) {
            admitted += accessAdmits(role.irsa, subject, ["sts.amazonaws.com"]) ? 1 : 0;
        }
    }
    // Roles without workload trust cost nothing here, as in the audit: the pairs are the decided roles'.
    const pairs = accounts.length * read.length;
    return { naivePairs: pairs, naiveAdmitted: admitted, naiveNsPerPair: ((performance.now() - t0) * 1e6) / pairs };
}

main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(3);
});
