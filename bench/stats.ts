import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";

/** Median, min and max of a sample. */
export interface Summary {
    median: number;
    min: number;
    max: number;
    n: number;
}

export function summarize(values: number[]): Summary {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** `median (min–max)` with the given number of decimals. */
export function fmt(s: Summary, digits = 2): string {
    return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

export function loadAverage(): string {
    return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** The machine, as BENCHMARKS.md states it. */
export function machine(): { [key: string]: string } {
    const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
    const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown";
    return {
        nproc: execFileSync("nproc").toString().trim(),
        cpu: model,
        memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
        node: process.version,
        os: `${os.type()} ${os.release()}`,
    };
}

export interface TimedRun {
    /** Wall time of the whole process, in ms, measured from here. */
    wallMs: number;
    /** Peak resident set size of the process, in MiB, from `/usr/bin/time -f %M`. */
    maxRssMiB: number;
    /** User + system CPU time of the process, in ms, from `/usr/bin/time -f "%U %S"` (10 ms resolution). */
    cpuMs: number;
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs a command in a fresh process under `/usr/bin/time`, for its wall time and peak memory. */
export function timed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): TimedRun {
    const marker = "@@maxrss=";
    const started = process.hrtime.bigint();
    const result = spawnSync("/usr/bin/time", ["-f", `${marker}%M %U %S`, command, ...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        encoding: "utf8",
        maxBuffer: 256 * 2 ** 20,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const stderr = result.stderr ?? "";
    const at = stderr.lastIndexOf(marker);
    const [maxRssKiB, user, system] = at >= 0 ? stderr.slice(at + marker.length).trim().split(/\s+/).map(Number) : [NaN, NaN, NaN];
    return { wallMs, maxRssMiB: maxRssKiB / 1024, cpuMs: (user + system) * 1000, status: result.status, stdout: result.stdout ?? "", stderr: at >= 0 ? stderr.slice(0, at) : stderr };
}
