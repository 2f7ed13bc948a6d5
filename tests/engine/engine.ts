// Drives the Pulumi engine that scripts/install-pulumi-engine.sh assembles: where it is, and how to run its commands
// against a local backend so that every command, its exit status and its time appear in the test's output.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The engine directory: $EKS_IRSA_ENGINE_DIR, by default ${XDG_CACHE_HOME:-$HOME/.cache}/eks-irsa-engine (as the script). */
export const ENGINE_DIR =
    process.env.EKS_IRSA_ENGINE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "eks-irsa-engine");

/** What every engine test needs, relative to ENGINE_DIR: the CLI and the plugins (the kubernetes provider). */
const NEEDED = ["bin/pulumi", "pulumi-home/plugins"];

/**
 * What serving the component to Python and YAML programs needs besides: the Node.js host (the component runs in it),
 * the Python host and wheels, and the YAML host. The Node.js and Python hosts come only from an existing Pulumi
 * installation (scripts/install-pulumi-engine.sh --hosts DIR): the Go module proxy does not serve them.
 */
const LANGUAGE_HOSTS = ["bin/pulumi-language-nodejs", "bin/pulumi-language-python", "bin/pulumi-language-python-exec", "bin/pulumi-language-yaml", "wheels"];

/** The parts of the engine that are missing (none when scripts/install-pulumi-engine.sh has run). */
export function missingEngineParts(): string[] {
    return NEEDED.filter((part) => !fs.existsSync(path.join(ENGINE_DIR, part)));
}

/** The language hosts that are missing (none when the engine script ran with --hosts). */
export function missingLanguageHosts(): string[] {
    return LANGUAGE_HOSTS.filter((part) => !fs.existsSync(path.join(ENGINE_DIR, part)));
}

export interface Result {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs commands with the engine on PATH, a file:// backend under `work` and automatic plugin downloads off. */
export class Engine {
    readonly env: NodeJS.ProcessEnv;

    constructor(readonly work: string) {
        const backend = path.join(work, "backend");
        fs.mkdirSync(backend, { recursive: true });
        this.env = {
            ...process.env,
            PATH: `${path.join(ENGINE_DIR, "bin")}${path.delimiter}${process.env.PATH}`,
            PULUMI_HOME: path.join(ENGINE_DIR, "pulumi-home"),
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: "eks-irsa-engine-test",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            PULUMI_SUPPRESS_COPILOT_LINK: "true",
            NO_COLOR: "1",
            // Python packages come from the wheels the script collected, never from an index.
            PIP_NO_INDEX: "1",
            PIP_FIND_LINKS: path.join(ENGINE_DIR, "wheels"),
            PIP_DISABLE_PIP_VERSION_CHECK: "1",
        };
    }

    /** Runs `command args` in `cwd`; prints the command line, its status and its time. */
    run(cwd: string, command: string, args: string[]): Result {
        const started = process.hrtime.bigint();
        const result = spawnSync(command, args, { cwd, env: this.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const status = result.status ?? -1;
        const where = path.relative(this.work, cwd) || ".";
        console.log(`      $ (${where}) ${[command, ...args].join(" ")}  -> exit ${status}, ${seconds.toFixed(1)} s`);
        return { status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    }

    /** Like run, but throws with the command's output when it fails. */
    ok(cwd: string, command: string, args: string[]): Result {
        const result = this.run(cwd, command, args);
        if (result.status !== 0) {
            throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    pulumi(cwd: string, ...args: string[]): Result {
        return this.ok(cwd, "pulumi", [...args, "--non-interactive"]);
    }
}

/** Sorts object keys at every depth (arrays keep their order), so two JSON documents compare by content. */
export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys((value as { [key: string]: unknown })[key])]),
        );
    }
    return value;
}
