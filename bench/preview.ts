// Preview cost: N ServiceAccountRoles against the same resources written by hand (and inside a bare component), under
// the Pulumi mock engine, each N and side in a fresh process per repetition, the sides of a repetition run back to back
// in rotating order; and eks-irsa's own cost at N=1000 in IRSA mode and in Pod Identity mode, each against a bare
// component registering the same children.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { PreviewResult, Side } from "./previewChild";
import { hotSpots, HotSpot } from "./profile";
import { fmt, summarize, Summary } from "./stats";

export const SIZES = [1, 10, 100, 1000];
/** The sides of the preview table, all in IRSA mode. */
type TableSide = "component" | "bare" | "hand";
const SIDES: TableSide[] = ["component", "bare", "hand"];
const LABELS: { [side in Side]: string } = {
    component: "ServiceAccountRole",
    bare: "bare component",
    hand: "hand-written",
    podIdentity: "ServiceAccountRole, Pod Identity",
    barePodIdentity: "bare component, Pod Identity",
};
/** A ServiceAccountRole side and the bare component that registers the same children: their ratio is eks-irsa's own cost. */
interface OwnCostMode {
    title: string;
    component: "component" | "podIdentity";
    bare: "bare" | "barePodIdentity";
}
const IRSA: OwnCostMode = { title: "IRSA", component: "component", bare: "bare" };
const POD_IDENTITY: OwnCostMode = { title: "Pod Identity", component: "podIdentity", bare: "barePodIdentity" };
const CHILD = path.join(__dirname, "previewChild.js");
const ROOT = path.resolve(__dirname, "..", "..");

export interface PreviewOptions {
    repetitions: number;
    /** Fewer repetitions for N=1000, which takes the longest. */
    repetitionsAt1000: number;
    /**
     * More ServiceAccountRole / bare component pairs at N=1000, for the own-cost figure alone: in IRSA mode, beside the
     * repetitions' pairs; in Pod Identity mode, as many pairs as IRSA's in all.
     */
    ownCostPairs: number;
    /** Runs per side (ServiceAccountRole, bare component, in each mode) at N=1000 with BENCH_OWN_TIME=1. */
    ownTimeRuns: number;
    /** Where the CPU profiles go. */
    profileDir: string;
}

export interface PreviewReport {
    markdown: string;
    aims: { text: string; met: boolean }[];
}

type Runs = { [side in TableSide]: PreviewResult[] };

function runChild(side: Side, n: number, extraNodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env): PreviewResult {
    const result = spawnSync(process.execPath, ["--expose-gc", ...extraNodeArgs, CHILD, side, String(n)], { encoding: "utf8", cwd: ROOT, env, maxBuffer: 64 * 2 ** 20 });
    if (result.status !== 0) {
        throw new Error(`previewChild ${side} ${n} failed (${result.status}): ${result.stderr}`);
    }
    const parsed: PreviewResult = JSON.parse(result.stdout.trim().split("\n").pop()!);
    const expectedComponents = side === "hand" ? 0 : n;
    // A Pod Identity role has an association too.
    const perRole = side === "podIdentity" || side === "barePodIdentity" ? 4 : 3;
    if (parsed.customResources !== perRole * n || parsed.components !== expectedComponents) {
        throw new Error(`previewChild ${side} ${n} registered ${parsed.customResources} resources and ${parsed.components} components`);
    }
    return parsed;
}

export function runPreview(options: PreviewOptions, log: (line: string) => void): PreviewReport {
    const runs = new Map<number, Runs>(SIZES.map((n) => [n, { component: [], bare: [], hand: [] }]));
    const repetitionsOf = (n: number) => (n === 1000 ? options.repetitionsAt1000 : options.repetitions);
    for (let rep = 0; rep < Math.max(options.repetitions, options.repetitionsAt1000); rep++) {
        for (const n of SIZES.filter((size) => rep < repetitionsOf(size))) {
            // Each side goes first, second and last equally often.
            const order = SIDES.map((_, i) => SIDES[(i + rep) % SIDES.length]);
            if (rep % 2 === 1) {
                order.reverse();
            }
            for (const side of order) {
                const r = runChild(side, n);
                runs.get(n)![side].push(r);
                log(`preview rep ${rep + 1} N=${n} ${side}: ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.maxRssMiB.toFixed(0)} MiB`);
            }
        }
    }

    const own = runOwnCost(runs.get(1000)!, options, log);

    // Repetition i of one side is paired with repetition i of another: they ran back to back.
    const paired = (n: number, a: TableSide, b: TableSide, key: "ms" | "cpuMs") => summarize(runs.get(n)![a].map((x, i) => x[key] / runs.get(n)![b][i][key]));
    const perRole = (results: PreviewResult[], n: number, key: "ms" | "cpuMs" | "gcMs") => summarize(results.map((r) => r[key] / n));
    const retainedKiB = (results: PreviewResult[], n: number) => summarize(results.map((r) => ((r.retainedHeapMiB - r.baselineHeapMiB) * 1024) / n));

    const lines: string[] = [
        "| N | side | ms per role, wall | ms per role, CPU | GC pauses, ms per role | peak RSS, MiB | heap retained, KiB per role | / hand-written, wall | / hand-written, CPU |",
        "|---:|---|---|---|---|---|---|---|---|",
    ];
    for (const n of SIZES) {
        const r = runs.get(n)!;
        for (const side of SIDES.slice(1)) {
            if (r[side][0].trustPolicies !== r.component[0].trustPolicies) {
                throw new Error(`N=${n}: ${side} and the component sent different trust policies`);
            }
        }
        for (const side of SIDES) {
            const ratios = side === "hand" ? " | " : `${side === "component" ? "**" : ""}${fmt(paired(n, side, "hand", "ms"))}${side === "component" ? "**" : ""} | ${fmt(paired(n, side, "hand", "cpuMs"))}`;
            lines.push(
                `| ${n} | ${LABELS[side]} | ${fmt(perRole(r[side], n, "ms"))} | ${fmt(perRole(r[side], n, "cpuMs"))} | ${fmt(perRole(r[side], n, "gcMs"))} | ` +
                    `${fmt(summarize(r[side].map((x) => x.maxRssMiB)), 0)} | ${n >= 100 ? fmt(retainedKiB(r[side], n), 1) : "—"} | ${ratios} |`,
            );
        }
    }

    const scaling = (side: TableSide, key: "ms" | "cpuMs") => summarize(runs.get(1000)![side].map((b, i) => b[key] / runs.get(100)![side][i][key]));
    lines.push(
        "",
        "| side | time(1000) / time(100), wall | time(1000) / time(100), CPU | ServiceAccountRole / bare component, N=100, CPU (N=1000: below) |",
        "|---|---|---|---|",
        ...SIDES.map(
            (side) =>
                `| ${LABELS[side]} | ${fmt(scaling(side, "ms"))} | ${fmt(scaling(side, "cpuMs"))} | ` +
                (side === "component" ? `${fmt(paired(100, "component", "bare", "cpuMs"))} |` : " |"),
        ),
    );

    const ratio = (n: number, key: "ms" | "cpuMs") => paired(n, "component", "hand", key).median;
    const drift = (key: "ms" | "cpuMs") => ratio(1000, key) / ratio(100, key) - 1;
    const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)}%`;
    const aims = [
        ...own.aims,
        {
            text: `preview ratio ServiceAccountRole / hand-written at N=1000 ≤ 1.35: ${ratio(1000, "ms").toFixed(2)} wall, ${ratio(1000, "cpuMs").toFixed(2)} CPU`,
            met: ratio(1000, "ms") <= 1.35 && ratio(1000, "cpuMs") <= 1.35,
        },
        {
            text:
                `preview ratio at N=1000 within 10% of N=100: wall ${ratio(1000, "ms").toFixed(2)} vs ${ratio(100, "ms").toFixed(2)} (${pct(drift("ms"))}), ` +
                `CPU ${ratio(1000, "cpuMs").toFixed(2)} vs ${ratio(100, "cpuMs").toFixed(2)} (${pct(drift("cpuMs"))})`,
            met: Math.abs(drift("ms")) <= 0.1 && Math.abs(drift("cpuMs")) <= 0.1,
        },
    ];

    const markdown = [
        `${options.repetitions} repetitions at N = 1, 10, 100 and ${options.repetitionsAt1000} at N = 1000; median (min–max). ` +
            "Ratios are medians of per-repetition ratios (the sides of a repetition ran back to back). An aim counts as met only " +
            "when both the wall and the CPU figure meet it. Retained heap per role is left out below N=100, where the modules' " +
            "lazily built state outweighs the roles.",
        "",
        ...lines,
        "",
        ...own.markdown,
        "",
        ...profileSection(options.profileDir, log),
    ];
    return { markdown: markdown.join("\n"), aims };
}

type Pair = { component: PreviewResult; bare: PreviewResult };

/**
 * eks-irsa's own cost at N=1000, in IRSA mode and in Pod Identity mode: the ServiceAccountRole / bare component ratio
 * over the repetitions' pairs and `ownCostPairs` more (a run moves by up to ±10% with the machine, so a few per cent
 * needs many pairs), as many Pod Identity pairs, and the constructors' own synchronous time measured in process
 * (BENCH_OWN_TIME), where that noise cancels out. With `at1000` empty (BENCH_ONLY=own-cost), the added pairs alone.
 */
export function runOwnCost(at1000: Runs, options: PreviewOptions, log: (line: string) => void): { aims: { text: string; met: boolean }[]; markdown: string[] } {
    const irsaPairs = runPairs(
        IRSA,
        at1000.component.map((component, i) => ({ component, bare: at1000.bare[i] })),
        options.ownCostPairs,
        log,
    );
    const podPairs = runPairs(POD_IDENTITY, [], irsaPairs.length, log);
    const ratios = (pairs: Pair[]) => ({
        wall: summarize(pairs.map((p) => p.component.ms / p.bare.ms)),
        cpu: summarize(pairs.map((p) => p.component.cpuMs / p.bare.cpuMs)),
    });
    const irsa = ratios(irsaPairs);
    const pod = ratios(podPairs);
    // The component's look-ups for its 1,000 roles on one cluster; the bare side looks it up once.
    const lookups = Math.max(...podPairs.map((p) => p.component.clusterLookups));
    const aim = (mode: OwnCostMode, r: { wall: Summary; cpu: Summary }, extra = "") =>
        `eks-irsa's own cost in ${mode.title} mode, ServiceAccountRole / bare component at N=1000 ≤ 1.05 (${r.wall.n} pairs): ` +
        `${r.wall.median.toFixed(2)} wall, ${r.cpu.median.toFixed(2)} CPU${extra}`;
    const aims = [
        { text: aim(IRSA, irsa), met: irsa.wall.median <= 1.05 && irsa.cpu.median <= 1.05 },
        {
            text: aim(POD_IDENTITY, pod, `; ${lookups} \`aws.eks.getCluster\` invoke(s) for 1,000 roles on one cluster (aim: 1)`),
            met: pod.wall.median <= 1.05 && pod.cpu.median <= 1.05 && lookups === 1,
        },
    ];
    const ratioText =
        `eks-irsa's own cost at N=1000, ServiceAccountRole / bare component over back-to-back pairs: IRSA mode over ${irsa.wall.n} pairs ` +
        `(the repetitions' ${at1000.component.length} and ${options.ownCostPairs} more), wall ${fmt(irsa.wall)}, CPU ${fmt(irsa.cpu)}; ` +
        `Pod Identity mode over ${pod.wall.n} pairs, wall ${fmt(pod.wall)}, CPU ${fmt(pod.cpu)}, with ${lookups} \`aws.eks.getCluster\` ` +
        "invoke(s) for the component's 1,000 roles and one for the bare component's.";
    return { aims, markdown: options.ownTimeRuns === 0 ? [ratioText] : [ratioText, "", ...ownTimeSection(options, log)] };
}

/** `count` more back-to-back pairs of a mode at N=1000 after `pairs`, each side going first equally often. */
function runPairs(mode: OwnCostMode, pairs: Pair[], count: number, log: (line: string) => void): Pair[] {
    const all = [...pairs];
    for (let i = 0; i < count; i++) {
        const order = i % 2 === 0 ? [mode.bare, mode.component] : [mode.component, mode.bare];
        const pair = {} as Pair;
        for (const side of order) {
            const r = runChild(side, 1000);
            pair[side === mode.component ? "component" : "bare"] = r;
            log(`own-cost ${mode.title} pair ${i + 1} ${side}: ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU`);
        }
        all.push(pair);
    }
    return all;
}

/**
 * The constructors' synchronous time outside the children's constructors and registerOutputs, in µs per role, for both
 * modes' sides (`ownTimeRuns` runs each with BENCH_OWN_TIME=1), and per 100 µs of the children's constructors, which
 * moves with the machine's speed as the rest does, so that runs compare.
 */
function ownTimeSection(options: PreviewOptions, log: (line: string) => void): string[] {
    const n = 1000;
    const outside = (r: PreviewResult) => ((r.ownTime!.constructorsMs - r.ownTime!.childrenMs - r.ownTime!.registerOutputsMs) * 1000) / n;
    const relative = (r: PreviewResult) => outside(r) / ((r.ownTime!.childrenMs * 1000) / n);
    const us = (values: number[]) => fmt(summarize(values), 0);
    const per100 = (values: number[]) => fmt(summarize(values.map((v) => v * 100)), 1);
    const rows: string[] = [];
    const extras: string[] = [];
    for (const mode of [IRSA, POD_IDENTITY]) {
        const timed = { component: [] as PreviewResult[], bare: [] as PreviewResult[] };
        for (let i = 0; i < options.ownTimeRuns; i++) {
            for (const side of i % 2 === 0 ? [mode.component, mode.bare] : [mode.bare, mode.component]) {
                const r = runChild(side, n, [], { ...process.env, BENCH_OWN_TIME: "1" });
                timed[side === mode.component ? "component" : "bare"].push(r);
                log(`own time ${mode.title} ${i + 1} ${side}: constructors ${r.ownTime!.constructorsMs.toFixed(0)} ms, children ${r.ownTime!.childrenMs.toFixed(0)} ms`);
            }
        }
        const extra = timed.component.map((c, i) => relative(c) - relative(timed.bare[i]));
        // The extra, at the bare run's speed, as a share of its wall time.
        const ofWall = timed.bare.map((b, i) => (extra[i] * b.ownTime!.childrenMs) / b.ms);
        rows.push(
            `| ${LABELS[mode.component]} | ${us(timed.component.map(outside))} | ${per100(timed.component.map(relative))} | ` +
                `${us(timed.component.map((r) => (r.ownTime!.planMs * 1000) / n))} | ${us(timed.component.map((r) => r.ownTime!.planMedianUs))} |`,
            `| ${LABELS[mode.bare]} | ${us(timed.bare.map(outside))} | ${per100(timed.bare.map(relative))} | | |`,
        );
        extras.push(`${mode.title} mode: ${per100(extra)} µs per 100 µs of the children; at the bare component's speed, ${per100(ofWall)}% of its wall time per role.`);
    }
    return [
        `In process (${options.ownTimeRuns} runs per side with BENCH_OWN_TIME=1, bench/ownTime.ts), the constructors' synchronous ` +
            "time outside the children's constructors and `registerOutputs`: the component's own code and Pulumi's component " +
            "registration on both sides. It is also given per 100 µs of the children's constructors in the same run, which moves " +
            "with the machine's speed as the rest does, so that the sides compare across runs:",
        "",
        "| side | outside the children, µs per role | per 100 µs of the children | ServiceAccountRole's plan, µs per role | plan, median call, µs |",
        "|---|---:|---:|---:|---:|",
        ...rows,
        "",
        `ServiceAccountRole's extra over the bare component: ${extras.join(" ")}`,
    ];
}

/** Profiles each side at N=1000 once and lists where the component spends more than the hand-written resources. */
function profileSection(dir: string, log: (line: string) => void): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const profiles = {} as { [side in Side]: { totalMs: number; spots: HotSpot[] } };
    for (const side of SIDES) {
        const name = `preview-${side}-1000.cpuprofile`;
        runChild(side, 1000, ["--cpu-prof", `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`]);
        profiles[side] = hotSpots(path.join(dir, name), ROOT);
        log(`profiled ${side} N=1000: ${path.join(dir, name)}`);
    }
    const self = (side: Side) => new Map(profiles[side].spots.map((s) => [s.frame, s.selfMs]));
    const total = (side: Side) => new Map(profiles[side].spots.map((s) => [s.frame, s.totalMs]));
    const [c, b, h, ct] = [self("component"), self("bare"), self("hand"), total("component")];
    const top = [...c.keys()].sort((x, y) => c.get(y)! - c.get(x)!).slice(0, 8);
    const extra = [...new Set([...c.keys(), ...h.keys()])]
        .map((frame) => ({ frame, delta: (c.get(frame) ?? 0) - (h.get(frame) ?? 0) }))
        .sort((x, y) => y.delta - x.delta)
        .slice(0, 8);
    const ms = (m: Map<string, number>, f: string) => (m.get(f) ?? 0).toFixed(0);
    // Where the time goes, per side: Pulumi's promise bookkeeping (debuggablePromise formats `new Error().stack` for every
    // promise it tracks), the garbage collector, and eks-irsa's own code (self time in the build's bin/src and index.js).
    const share = (side: Side) => {
        const p = profiles[side];
        const frame = (prefix: string, key: "selfMs" | "totalMs") => p.spots.filter((x) => x.frame.startsWith(prefix)).reduce((sum, x) => sum + x[key], 0);
        const own = p.spots.filter((x) => / bin\/(src\/|index\.js)/.test(x.frame)).reduce((sum, x) => sum + x.selfMs, 0);
        const pct = (x: number) => `${x.toFixed(0)} ms (${((x / p.totalMs) * 100).toFixed(0)}%)`;
        return `| ${LABELS[side]} | ${p.totalMs.toFixed(0)} | ${pct(frame("debuggablePromise ", "totalMs"))} | ${pct(frame("(garbage collector)", "selfMs"))} | ${pct(own)} |`;
    };
    return [
        `Profile (\`node --cpu-prof\`, N=1000, one run per side, module loading included; sampled ` +
            SIDES.map((s) => `${profiles[s].totalMs.toFixed(0)} ms ${LABELS[s]}`).join(", ") +
            `; files in \`${path.relative(ROOT, dir)}/\`, summarized by \`node bin/bench-out/profile.js <file>\`):`,
        "",
        "| side | sampled ms | under Pulumi's `debuggablePromise` | garbage collector | eks-irsa's own code (self time in bin/src) |",
        "|---|---:|---:|---:|---:|",
        ...SIDES.map(share),
        "",
        "| ServiceAccountRole: top self time | self ms | total ms | bare component self ms | hand-written self ms |",
        "|---|---:|---:|---:|---:|",
        ...top.map((f) => `| \`${f}\` | ${ms(c, f)} | ${ms(ct, f)} | ${ms(b, f)} | ${ms(h, f)} |`),
        "",
        "| largest extra self time, ServiceAccountRole − hand-written | ms | bare component − hand-written, ms |",
        "|---|---:|---:|",
        ...extra.map((e) => `| \`${e.frame}\` | ${e.delta.toFixed(0)} | ${((b.get(e.frame) ?? 0) - (h.get(e.frame) ?? 0)).toFixed(0)} |`),
    ];
}
