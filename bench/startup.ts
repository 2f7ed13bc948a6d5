// Start-up: a cold `require` of the package against a cold `require` of the two providers it wraps, fresh processes in
// alternating order; the offline `render` of the tutorial's case when the CLI is built; and `npm test`.
import * as fs from "fs";
import * as path from "path";
import { fmt, summarize, Summary, timed, TimedRun } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "src", "cli", "cli.js");

const PACKAGE = 'require("./bin/index.js")';
const PROVIDERS = 'require("@pulumi/aws"); require("@pulumi/kubernetes")';

function node(script: string): TimedRun {
    const run = timed(process.execPath, ["-e", script], { cwd: ROOT });
    if (run.status !== 0) {
        throw new Error(`node -e '${script}' failed: ${run.stderr}`);
    }
    return run;
}

export interface Report {
    markdown: string;
    aims: { text: string; met: boolean }[];
}

export function runStartup(runs: number, log: (line: string) => void): Report {
    const pkg: TimedRun[] = [];
    const providers: TimedRun[] = [];
    // One unmeasured run of each warms the file cache, so neither side pays for the first read from disk.
    node(PACKAGE);
    node(PROVIDERS);
    for (let i = 0; i < runs; i++) {
        const order = i % 2 === 0 ? ([pkg, PACKAGE, providers, PROVIDERS] as const) : ([providers, PROVIDERS, pkg, PACKAGE] as const);
        order[0].push(node(order[1]));
        order[2].push(node(order[3]));
        log(`start-up run ${i + 1}: package ${pkg[i].wallMs.toFixed(0)} ms, providers ${providers[i].wallMs.toFixed(0)} ms`);
    }
    const ratio = summarize(pkg.map((p, i) => p.wallMs / providers[i].wallMs));
    const row = (label: string, rs: TimedRun[], r: string) =>
        `| ${label} | ${fmt(summarize(rs.map((x) => x.wallMs)), 0)} | ${fmt(summarize(rs.map((x) => x.maxRssMiB)), 0)} | ${r} |`;
    const lines = [
        `${runs} runs each, fresh processes, alternating which goes first, after one unmeasured run of each; median (min–max). ` +
            "The ratio is the median of the per-run ratios.",
        "",
        "| cold start | wall ms | peak RSS, MiB | package / providers |",
        "|---|---|---|---|",
        row(`\`node -e '${PACKAGE}'\``, pkg, `**${fmt(ratio)}**`),
        row(`\`node -e '${PROVIDERS}'\``, providers, ""),
    ];
    return {
        markdown: lines.join("\n"),
        aims: [{ text: `cold require at most 10% over the providers alone: ${ratio.median.toFixed(2)} (${fmt(ratio)})`, met: ratio.median <= 1.1 }],
    };
}

export function runRender(runs: number, log: (line: string) => void): Report {
    if (!fs.existsSync(CLI)) {
        log("render: bin/src/cli/cli.js not built, skipped");
        return {
            markdown: "Skipped: `bin/src/cli/cli.js` does not exist in this build (the CLI is being written). `npm run bench` measures it once it is built.",
            aims: [],
        };
    }
    const render: TimedRun[] = [];
    const pkg: TimedRun[] = [];
    for (let i = 0; i < runs; i++) {
        // Alternating with the package's cold start shows what rendering adds to loading.
        const first = i % 2 === 0;
        if (!first) {
            pkg.push(node(PACKAGE));
        }
        render.push(timed(process.execPath, [CLI, "render"], { cwd: ROOT }));
        if (first) {
            pkg.push(node(PACKAGE));
        }
        log(`render run ${i + 1}: ${render[i].wallMs.toFixed(0)} ms, status ${render[i].status}`);
    }
    const failed = render.find((r) => r.status !== 0);
    const extra = summarize(render.map((r, i) => r.wallMs - pkg[i].wallMs));
    const lines = [
        `${runs} runs of \`node bin/src/cli/cli.js render\` (no flags: the Qovery tutorial's case, the real component under an offline ` +
            "engine), fresh processes, each paired with a cold require of the package; median (min–max).",
        "",
        "| command | wall ms | peak RSS, MiB | exit status | wall ms over the paired cold require |",
        "|---|---|---|---|---|",
        `| \`node bin/src/cli/cli.js render\` | ${fmt(summarize(render.map((r) => r.wallMs)), 0)} | ${fmt(summarize(render.map((r) => r.maxRssMiB)), 0)} | ` +
            `${[...new Set(render.map((r) => r.status))].join(", ")} | ${fmt(extra, 0)} |`,
        `| \`node -e '${PACKAGE}'\` | ${fmt(summarize(pkg.map((r) => r.wallMs)), 0)} | ${fmt(summarize(pkg.map((r) => r.maxRssMiB)), 0)} | 0 | |`,
    ];
    if (failed) {
        lines.push("", `It failed: \`${failed.stderr.trim().split("\n")[0]}\``);
    }
    return { markdown: lines.join("\n"), aims: [] };
}

export function runTests(runs: number, log: (line: string) => void): Report {
    const results: { run: TimedRun; passing: string; mochaS: number }[] = [];
    for (let i = 0; i < runs; i++) {
        const run = timed("npm", ["test", "--silent"], { cwd: ROOT });
        const passing = /(\d+) passing/.exec(run.stdout)?.[1] ?? "?";
        const failing = /(\d+) failing/.exec(run.stdout)?.[1] ?? "0";
        // Mocha's own wall time, as it reports it: "N passing (59s)" or "(1m)" (whole minutes past 60 s).
        const reported = /\d+ passing \((?:(\d+)m)?\s*(?:(\d+)s)?\)/.exec(run.stdout);
        const mochaS = reported === null ? NaN : Number(reported[1] ?? 0) * 60 + Number(reported[2] ?? 0);
        results.push({ run, passing: `${passing} passing, ${failing} failing, exit ${run.status}`, mochaS });
        log(`npm test run ${i + 1}: ${run.wallMs.toFixed(0)} ms (mocha ${mochaS} s), ${results[i].passing}`);
    }
    const wall: Summary = summarize(results.map((r) => r.run.wallMs / 1000));
    const mocha: Summary = summarize(results.map((r) => r.mochaS));
    return {
        markdown: [
            `${runs} runs of \`npm test\` (\`tsc\` build, then mocha); median (min–max). Mocha's time is the one it prints (whole seconds).`,
            "",
            "| command | wall s | mocha's run, s | peak RSS of the largest process, MiB | result |",
            "|---|---|---|---|---|",
            `| \`npm test\` | ${fmt(wall, 1)} | ${fmt(mocha, 0)} | ${fmt(summarize(results.map((r) => r.run.maxRssMiB)), 0)} | ${[...new Set(results.map((r) => r.passing))].join("; ")} |`,
        ].join("\n"),
        aims:
            runs === 0
                ? []
                : [
                      { text: `mocha's run within 40 s on 2 cores: ${fmt(mocha, 0)} s`, met: mocha.median <= 40 },
                      { text: `npm test (build included) within 60 s on 2 cores: ${fmt(wall, 1)} s`, met: wall.median <= 60 },
                  ],
    };
}
