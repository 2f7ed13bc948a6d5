/**
 * `npm run addons:drift -- <newer upstream files or folders>`: for maintainers, what a newer upstream add-on
 * document changes against eks-irsa's policy. Each newer file replaces the pinned fixture of tests/fixtures/addons/
 * whose name it shares once versions are set aside (`ebs-csi-driver-v1.65.0.json` replaces
 * `ebs-csi-driver-v1.64.0.json`); for every add-on case that compares with it, the requests the newer document
 * allows in the case's scope (tests/addons/completeness.ts) are compared with the pinned one's, and each added
 * request is asked of eks-irsa's policy. Exits 1 when eks-irsa denies an added request that is not a deliberate
 * exclusion (tests/addons/exclusions.ts), 2 on a usage error. Uses the tests' iam-simulate, a devDependency:
 * not part of the package, and not run by `npm test` (tests/addons/drift.spec.ts runs it on a fixture pair).
 */
import { Command, CommanderError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { AddonCase, addonCases, pinnedFixtures } from "../tests/addons/addonCases";
import { ScopedRequest, scopedRequests } from "../tests/addons/completeness";
import { documentsOf } from "../tests/addons/completenessCheck";
import { exclusionOf } from "../tests/addons/exclusions";
import { allows } from "../tests/addons/upstream";

/** A file name without its version tokens: what a pinned fixture and its newer copy share. */
export function stemOf(file: string): string {
    return path.basename(file).replace(/(?<=-)v?\d+(\.\d+)*(?=[-.])/g, "");
}

/** The files to read: each path given, and the documents in each folder given (`inFolder` true). */
function documentFiles(paths: string[]): { file: string; inFolder: boolean }[] {
    return paths.flatMap((entry): { file: string; inFolder: boolean }[] => {
        if (!fs.existsSync(entry)) {
            throw new UsageError(`${entry} does not exist: give upstream policy documents (.json, or Karpenter's .yaml template), or folders of them.`);
        }
        if (fs.statSync(entry).isDirectory()) {
            return fs
                .readdirSync(entry)
                .filter((name) => /\.(json|ya?ml)$/.test(name))
                .sort()
                .map((name) => ({ file: path.join(entry, name), inFolder: true }));
        }
        return [{ file: entry, inFolder: false }];
    });
}

class UsageError extends Error {}

/**
 * Which pinned fixture each file replaces, by stem. A file given by name that replaces none is a usage error; one found
 * in a folder is listed in `skipped` (a folder may hold other documents).
 */
export function replacements(paths: string[], skipped: string[] = []): Map<string, string> {
    const pinned = pinnedFixtures();
    const map = new Map<string, string>();
    for (const { file, inFolder } of documentFiles(paths)) {
        const fixture = pinned.find((name) => stemOf(name) === stemOf(file));
        if (fixture === undefined && inFolder) {
            skipped.push(file);
            continue;
        }
        if (fixture === undefined) {
            throw new UsageError(`${file} matches no pinned upstream document (by its name without versions); the pinned ones are:\n  ${pinned.join("\n  ")}`);
        }
        map.set(fixture, path.resolve(file));
    }
    return map;
}

const key = (request: ScopedRequest) => `${request.action} on ${request.resource}`;

/** The drift of one case: its replaced documents' requests, pinned against newer, and eks-irsa's answer to each added one. */
async function caseDrift(pinned: AddonCase, newer: AddonCase): Promise<{ lines: string[]; missing: number }> {
    const lines: string[] = [];
    let missing = 0;
    const ours = documentsOf(pinned);
    for (const [index, before] of pinned.upstream.entries()) {
        const after = newer.upstream[index];
        if (after.name === before.name) {
            continue;
        }
        const old = await scopedRequests(before.name, before.document, pinned.scope);
        const now = await scopedRequests(after.name, after.document, newer.scope);
        const oldKeys = new Set(old.requests.map(key));
        const nowKeys = new Set(now.requests.map(key));
        const added = [...new Map(now.requests.filter((request) => !oldKeys.has(key(request))).map((request) => [key(request), request])).values()];
        const removed = [...new Map(old.requests.filter((request) => !nowKeys.has(key(request))).map((request) => [key(request), request])).values()];
        lines.push(`${pinned.label}: ${before.name} -> ${after.name}: ${added.length} added, ${removed.length} removed`);
        for (const request of added) {
            const exclusion = allows(ours, request) ? undefined : exclusionOf(pinned.addon, request);
            if (allows(ours, request)) {
                lines.push(`  + ${key(request)}: allowed by eks-irsa`);
            } else if (exclusion !== undefined) {
                lines.push(`  + ${key(request)}: denied, a deliberate exclusion: ${exclusion.documented}`);
            } else {
                missing++;
                lines.push(`  + ${key(request)}: DENIED by eks-irsa, which the newer upstream needs (${request.source})`);
            }
        }
        for (const request of removed) {
            lines.push(`  - ${key(request)}: no longer in upstream${allows(ours, request) ? " (eks-irsa still allows it)" : ""}`);
        }
        for (const source of now.outside) {
            lines.push(`  ! ${source} allows nothing in the case's scope: extend the case in tests/addons/addonCases.ts`);
        }
    }
    return { lines, missing };
}

/** The drift of `newerPaths` against the pinned fixtures (or against `pinnedPaths`, which replace them first). */
export async function addonsDrift(newerPaths: string[], pinnedPaths: string[] = []): Promise<{ lines: string[]; missing: number }> {
    const skipped: string[] = [];
    const baseline = replacements(pinnedPaths, skipped);
    const newer = replacements(newerPaths, skipped);
    const pinnedCases = addonCases(baseline);
    const newerCases = addonCases(new Map([...baseline, ...newer]));
    const lines = skipped.map((file) => `skipped ${file}: named like no pinned upstream document`);
    let missing = 0;
    for (const [index, pinnedCase] of pinnedCases.entries()) {
        const result = await caseDrift(pinnedCase, newerCases[index]);
        lines.push(...result.lines);
        missing += result.missing;
    }
    lines.push(missing === 0 ? "eks-irsa allows every request the newer upstream adds, or excludes it deliberately." : `eks-irsa denies ${missing} request(s) the newer upstream needs.`);
    return { lines, missing };
}

/** The command: returns its exit code; `write` receives the output. */
export async function main(argv: string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
    const program = new Command("addons:drift")
        .description("What newer upstream add-on policy documents add and remove against eks-irsa's add-on policies.")
        .argument("<newer...>", "newer upstream documents, or folders of them, named like the pinned ones in tests/fixtures/addons/ with another version")
        .option("--pinned <path>", "a document (or folder) to compare against instead of the pinned fixture it is named like; repeatable", (value: string, previous: string[]) => [...previous, value], [] as string[])
        .exitOverride()
        .configureOutput({ writeOut: write, writeErr: write });
    try {
        program.parse(argv, { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
    }
    try {
        const { lines, missing } = await addonsDrift(program.args, program.opts<{ pinned: string[] }>().pinned);
        write(`${lines.join("\n")}\n`);
        return missing === 0 ? 0 : 1;
    } catch (error) {
        if (error instanceof UsageError) {
            write(`addons:drift: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (error) => {
            process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
            process.exitCode = 2;
        },
    );
}
