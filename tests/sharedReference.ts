import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * The path of a file of the workplace's shared reference material. It lies at `../shared/reference/` beside the
 * checkout (as in CI); in a throw-away clone of a local checkout, beside the checkout it was cloned from.
 */
export function sharedReference(file: string): string {
    const root = path.resolve(__dirname, "../..");
    const candidates = [path.resolve(root, "../shared/reference", file)];
    try {
        const origin = execFileSync("git", ["config", "--get", "remote.origin.url"], { cwd: root, encoding: "utf8" }).trim();
        if (origin !== "" && fs.existsSync(origin)) {
            candidates.push(path.resolve(origin, "../shared/reference", file));
        }
    } catch {
        // Not a git checkout, or no origin: only the first place applies.
    }
    return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0];
}
