import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliIo, runCli } from "../src/cli/cli";
import { REPOSITORY_ROOT } from "./harness";

/** The package's `bin`, as `npx eks-irsa` runs it: always the build, also when a spec runs from its sources. */
const CLI = path.join(REPOSITORY_ROOT, JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")).bin["eks-irsa"]);

export interface CliProcessResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

const runs = new Map<string, Promise<CliProcessResult>>();
const waiting: (() => void)[] = [];
let running = 0;
// The CLI's start is CPU-bound (loading @pulumi/pulumi): one process per core keeps every core busy.
const LIMIT = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

async function slot<T>(task: () => Promise<T>): Promise<T> {
    if (running >= LIMIT) {
        await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
        return await task();
    } finally {
        running--;
        waiting.shift()?.();
    }
}

function runOnce(argv: string[], cwd: string, input: string | undefined): Promise<CliProcessResult> {
    const env = { ...process.env };
    // The CLI reads Qovery's namespace variable; a developer's shell must not change what the tests see.
    delete env.QOVERY_KUBERNETES_NAMESPACE_NAME;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...argv], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input ?? "");
    });
}

/**
 * Runs `node bin/src/cli/cli.js <argv>` as a user would, in its own process.
 * Processes run one per core at a time, and each (argv, cwd, stdin) runs once per mocha process: a spec starts the
 * runs it needs in `before` (without awaiting), and each test awaits its own, so the runs overlap.
 */
export function cliProcess(argv: string[], options: { cwd?: string; input?: string } = {}): Promise<CliProcessResult> {
    const cwd = options.cwd ?? process.cwd();
    const key = JSON.stringify([argv, cwd, options.input ?? null]);
    let run = runs.get(key);
    if (run === undefined) {
        run = slot(() => runOnce(argv, cwd, options.input));
        // A run started ahead and never awaited must not become an unhandled rejection.
        run.catch(() => undefined);
        runs.set(key, run);
    }
    return run;
}

/**
 * Runs the CLI's entry function in this process, its output buffered: the bin's code but for its process wiring (argv,
 * streams, exit code), which `cliProcess` checks. Fast: no process loads @pulumi/pulumi again (about 1.5 s of CPU each).
 */
export async function cliInProcess(argv: string[], input: { readFile: (file: string) => string; stdin?: string }): Promise<CliProcessResult> {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        readStdin: async () => input.stdin ?? "",
        readFile: input.readFile,
    };
    const code = await runCli(argv, io);
    return { code, stdout, stderr };
}
