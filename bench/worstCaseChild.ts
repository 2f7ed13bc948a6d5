// One measurement of bench/worstCase.ts in a fresh process, so that no answer is remembered from another run: reads
// the policy file given, then times, cold, either describeTrust (what `explain --who` prints) and the evaluator for one
// token (`who`), or the policy pack's resource policies on one role (`pack`, its per-role time). Prints one JSON line.
import * as fs from "fs";
import * as path from "path";

const BUILD = path.resolve(__dirname, "..");
// The tests' build holds the pack's harness (it resolves the pack's "eks-irsa" to this build); types from its declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const irsa: typeof import("../bin/index") = require(path.join(BUILD, "index.js"));

function timedMs<T>(run: () => T): { ms: number; value?: T; error?: string } {
    const started = process.hrtime.bigint();
    try {
        const value = run();
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
    } catch (error) {
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, error: (error as Error).message };
    }
}

function cpuMs(since: NodeJS.CpuUsage): number {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
    const [mode, file, providerArn] = process.argv.slice(2);
    const policy = fs.readFileSync(file, "utf8");
    if (mode === "pack") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const harness: typeof import("../bin/tests/policypack/packHarness") = require(path.join(BUILD, "tests", "policypack", "packHarness.js"));
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        const violations = await harness.validateRole(policy);
        const packMs = Number(process.hrtime.bigint() - started) / 1e6;
        process.stdout.write(JSON.stringify({ packMs, packCpuMs: cpuMs(cpu), pack: [...new Set(violations.map((v) => v.policy))].join(", ") }) + "\n");
        return;
    }
    const cpu = process.cpuUsage();
    const who = timedMs(() => irsa.describeTrust(policy));
    const whoCpuMs = cpuMs(cpu);
    const evaluator = timedMs(() => irsa.evaluateTrustPolicy(policy, { providerArn, subject: "system:serviceaccount:prod:app-a1", audience: "sts.amazonaws.com" }).decision);
    const outcome = who.error === undefined ? "decided" : /analysis budget/.test(who.error) ? "refused (budget)" : "refused";
    process.stdout.write(JSON.stringify({ outcome, whoMs: who.ms, whoCpuMs, evaluatorMs: evaluator.ms, evaluator: evaluator.value ?? evaluator.error }) + "\n");
}

main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
});
