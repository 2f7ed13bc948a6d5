/**
 * tests/kubereader, the Go program that reads YAML as kubectl and Helm do (k8s.io/apimachinery's YAML decoder,
 * sigs.k8s.io/yaml, Helm's values reader, engine and --set parser): built from the Go module proxy on first use with the
 * `go` on the PATH, and cached outside the repository under `$EKS_IRSA_CACHE` (default `~/.cache/eks-irsa`), keyed on
 * its sources and the Go version, so that later runs start at once. Where Go is missing or older than go.mod needs,
 * `kubeReader()` says so in one line and the tests that need it are skipped.
 */
import { execFileSync, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPOSITORY_ROOT } from "./harness";

export const KUBEREADER_SOURCE = path.join(REPOSITORY_ROOT, "tests/kubereader");
/** A chart with the documented interface of Qovery's qovery-sa-helper, the name written unquoted as it does. */
export const STAND_IN_CHART = path.join(REPOSITORY_ROOT, "tests/fixtures/qovery-sa-helper-stand-in");

export type KubeReader = { binary: string } | { skipped: string };

let built: KubeReader | undefined;

/** The reader's binary, built on first use; or the one line saying why it cannot run here. */
export function kubeReader(): KubeReader {
    return (built ??= build());
}

function goVersion(): string | undefined {
    try {
        return execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        return undefined;
    }
}

function build(): KubeReader {
    const version = goVersion();
    if (version === undefined) {
        return { skipped: "the kubectl/Helm reader (tests/kubereader) did not run: no `go` on the PATH" };
    }
    const goMod = fs.readFileSync(path.join(KUBEREADER_SOURCE, "go.mod"), "utf8");
    const needed = /^go (\d+)\.(\d+)/m.exec(goMod)!;
    const have = /^go(\d+)\.(\d+)/.exec(version);
    if (have === null || Number(have[1]) * 1000 + Number(have[2]) < Number(needed[1]) * 1000 + Number(needed[2])) {
        return { skipped: `the kubectl/Helm reader (tests/kubereader) did not run: it needs Go ${needed[1]}.${needed[2]} and the PATH has ${version}` };
    }
    const hash = crypto.createHash("sha256").update(version);
    for (const file of ["go.mod", "go.sum", "main.go"]) {
        hash.update(fs.readFileSync(path.join(KUBEREADER_SOURCE, file)));
    }
    const cache = process.env.EKS_IRSA_CACHE ?? path.join(os.homedir(), ".cache", "eks-irsa");
    const binary = path.join(cache, "kubereader", hash.digest("hex").slice(0, 16), "kubereader");
    if (!fs.existsSync(binary)) {
        fs.mkdirSync(path.dirname(binary), { recursive: true });
        const partial = `${binary}.${process.pid}.tmp`;
        // go.mod and go.sum as committed (-mod=readonly): a missing requirement fails instead of being added.
        const run = spawnSync("go", ["build", "-mod=readonly", "-o", partial, "."], { cwd: KUBEREADER_SOURCE, encoding: "utf8" });
        if (run.status !== 0) {
            throw new Error(`go build of tests/kubereader failed:\n${run.stderr}`);
        }
        fs.renameSync(partial, binary);
    }
    return { binary };
}

/** One answer of the reader: the request's result, or the library's error. */
export interface KubeAnswer {
    objects?: unknown[];
    values?: { [key: string]: unknown };
    decimal?: string;
    valid?: boolean;
    error?: string;
}

/**
 * Runs `kubereader <command> <flags>` once on every request (JSON lines in and out), in order. A request is
 * `{ text }` (manifests, values, chart, quantity, release-name) or `{ args, kind }` (set).
 */
export function readAsKube(binary: string, command: string, requests: object[], flags: string[] = []): KubeAnswer[] {
    if (requests.length === 0) {
        return [];
    }
    const input = requests.map((request, id) => JSON.stringify({ id, ...request })).join("\n") + "\n";
    const run = spawnSync(binary, [command, ...flags], { input, encoding: "utf8", maxBuffer: 1 << 30 });
    if (run.status !== 0) {
        throw new Error(`kubereader ${command} failed (${run.status}): ${run.stderr}`);
    }
    const answers = run.stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as KubeAnswer & { id: number });
    if (answers.length !== requests.length || answers.some((answer, i) => answer.id !== i)) {
        throw new Error(`kubereader ${command} answered ${answers.length} of ${requests.length} requests`);
    }
    return answers;
}
