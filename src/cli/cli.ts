#!/usr/bin/env node
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { formatAccess, formatRender, formatRenderJson, formatTrust } from "./cliFormat";
import { CliInputError, parseAddon, RenderFlags, TUTORIAL } from "./cliOptions";
import { renderRequestFromFlags } from "./renderRequest";
import { addRenderOptions } from "./renderCommandOptions";
import { ServiceAccountMode } from "../enums";
import { IrsaArgumentError } from "../errors";
import { describeWhoMayAssume, explainAccess } from "../policy/explain";
import { normalizeIssuerUrl, parseOidcProviderArn } from "../policy/issuer";
import { isRenderInputError, renderServiceAccountRole } from "./render";
import { addAuditCommand } from "./audit";
import { explainToken } from "./explainToken";
import type { AddonWildcard } from "../addons/addonPolicy";
import { InvalidPolicyError, UnsupportedPolicyError } from "../policy/trustPolicyEvaluator";

/** Where the CLI reads and writes; the process's own streams in `main`, buffers in tests. */
export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    readStdin(): Promise<string>;
    readFile(path: string): string;
}

// A reader that stops early (`eks-irsa render | head`) closes the pipe; that is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") {
        process.exit(0);
    }
    throw error;
});

const EXIT_OK = 0;
const EXIT_DENIED = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 3;

const EXIT_CODES = `
Exit codes: 0 done (explain: allowed), 1 explain: denied, 2 bad input (flags, files, arguments the component refuses), 3 internal error.`;

/**
 * Runs the eks-irsa command line on `argv` (the arguments after the program name) and returns the exit code. Every
 * error becomes one line `eks-irsa: <message>` on stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
    let exitCode = EXIT_OK;
    const program = buildProgram(io, (code) => (exitCode = code));
    // render is the default command, so a mistyped command would otherwise read as render's "too many arguments".
    const first = argv[0];
    if (first !== undefined && !first.startsWith("-") && !program.commands.some((c) => c.name() === first) && first !== "help") {
        io.stderr(`eks-irsa: unknown command '${first}'; the commands are ${program.commands.map((c) => c.name()).join(", ").replace(/, ([^,]*)$/, " and $1")} (see eks-irsa --help).\n`);
        return EXIT_BAD_INPUT;
    }
    try {
        await program.parseAsync(argv, { from: "user" });
        return exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // Commander has printed its message (see outputError) or the help.
            return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
        }
        const message = error instanceof Error ? error.message : String(error);
        if (isInputError(error)) {
            io.stderr(`eks-irsa: ${oneLine(message)}\n`);
            return EXIT_BAD_INPUT;
        }
        io.stderr(`eks-irsa: internal error: ${oneLine(message)}\n`);
        return EXIT_INTERNAL;
    }
}

function isInputError(error: unknown): boolean {
    return (
        error instanceof CliInputError ||
        error instanceof IrsaArgumentError ||
        error instanceof InvalidPolicyError ||
        error instanceof UnsupportedPolicyError ||
        isRenderInputError(error)
    );
}

function oneLine(text: string): string {
    return text.replace(/^error: /, "").trim().replace(/\s*\n\s*/g, " ");
}

/** The version in the package's package.json: the nearest one above this file (bin/src/cli/ once built, src/cli/ in the sources). */
function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            return JSON.parse(fs.readFileSync(file, "utf8")).version;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${__dirname}`);
        }
    }
}

function buildProgram(io: CliIo, exit: (code: number) => void): Command {
    const program = new Command("eks-irsa")
        .description(
            "IAM Roles for Service Accounts on Amazon EKS, offline: render what the eks-irsa ServiceAccountRole component creates, " +
                "and explain whom a trust policy admits.",
        )
        .configureOutput({
            writeOut: (text) => io.stdout(text),
            writeErr: (text) => io.stderr(text),
            outputError: (text, write) => write(`eks-irsa: ${oneLine(text)}\n`),
        })
        .version(packageVersion(), "-V, --version", "print the eks-irsa version")
        .exitOverride()
        .showHelpAfterError(false)
        .addHelpText("after", EXIT_CODES);

    const render = program
        .command("render", { isDefault: true })
        .description(
            "Print what `pulumi up` would create for a ServiceAccountRole built from the flags: the OIDC provider, the IAM role and its " +
                "trust policy, its policies, and the ServiceAccount as YAML for kubectl apply -f -. Runs the real component under an " +
                "offline engine. With no flags it renders the Qovery AWS IAM roles tutorial's example.",
        )
        .option("--format <format>", "human (headed sections as YAML comments, then the manifests) or json (default: human)", parseFormat)
        .addHelpText("after", EXIT_CODES);
    addRenderOptions(render, "all");
    render.action(async (flags: RenderFlags & { format?: string }) => {
        const request = renderRequestFromFlags(flags, io.readFile);
        const result = await renderServiceAccountRole(request.args, request.options);
        io.stdout(flags.format === "json" ? formatRenderJson(result, request.tutorialDefaults) : formatRender(result, request.tutorialDefaults));
        exit(EXIT_OK);
    });

    const explain = program
        .command("explain")
        .description(
            "Say whether a ServiceAccount's token may assume a role, and why (exit 0 allowed, 1 denied), or with --who whom the trust " +
                "policy admits, per trusted cluster, with warnings about over-broad or broken trust. The policy comes from --policy " +
                "(e.g. the tutorial's, pasted from the IAM console) or, without it, is rendered from the render flags below.",
        )
        .option("--policy <file>", "the trust policy JSON file, or - for stdin (default: rendered from the flags, as eks-irsa render would)")
        .option("--who", "list whom the policy admits per trusted cluster, with warnings, instead of (or besides) deciding for one token")
        .option("--namespace <namespace>", `the token's namespace (required with --policy; default: the rendered role's namespace, or ${TUTORIAL.namespace})`)
        .option("--service-account <name>", "the token's ServiceAccount (required with --policy; default: the rendered role's --service-account-name)")
        .option("--issuer <url>", "the cluster's issuer URL the token comes from; the policy's provider for it is used (default: the policy's only provider)")
        .option("--provider-arn <arn>", "the IAM OIDC provider ARN the token arrives through (default: the policy's only provider)", parseProviderArn)
        .option("--audience <audience>", "the token's audience (default: the rendered role's, or sts.amazonaws.com)")
        .option("--role-namespace <namespace>", `without --policy: the rendered role's namespace, render's --namespace (default: ${TUTORIAL.namespace}; none with --scope cluster)`)
        .option("--role-audience <audience>", "without --policy: the audience the rendered role requires, render's --audience (default: sts.amazonaws.com)")
        .option("--token <file>", "diagnose this token (the file a pod mounts, AWS_WEB_IDENTITY_TOKEN_FILE): exp, nbf, issuer, then the trust for its sub and aud; it is a secret, its signature is never printed (default: none)")
        .option("--jwks <file>", "with --token, the cluster's JSON Web Key Set (kubectl get --raw /openid/v1/jwks) to verify the signature with (default: not verified)")
        .option("--format <format>", "with --token: human or json (default: human)", parseFormat)
        .addHelpText("after", EXIT_CODES);
    addRenderOptions(explain, "trust");
    explain.option(
        "--addon <add-on[:field=value,...]>",
        "without --policy: an add-on of the rendered role, as render's --addon; its deliberate wildcards are warned about (default: none)",
        parseAddon,
    );
    explain.action(async (flags: ExplainFlags) => exit(await runExplain(flags, io)));
    addAuditCommand(program, io, exit);
    return program;
}

interface ExplainFlags extends RenderFlags {
    roleNamespace?: string;
    roleAudience?: string;
    policy?: string;
    who?: boolean;
    serviceAccount?: string;
    issuer?: string;
    providerArn?: string;
    token?: string;
    jwks?: string;
    format?: string;
}

async function runExplain(flags: ExplainFlags, io: CliIo): Promise<number> {
    let policy: string;
    let namespace = flags.namespace;
    let serviceAccount = flags.serviceAccount;
    let audience = flags.audience;
    let addonWildcards: AddonWildcard[] = [];
    if (flags.policy !== undefined) {
        if (flags.addon !== undefined) {
            throw new CliInputError("--addon describes the rendered role's permissions; with --policy there is no rendered role. Drop one of them.");
        }
        policy = await readPolicy(flags.policy, io);
    } else {
        // Only the trust policy matters here, so no ServiceAccount is rendered.
        const { roleNamespace, roleAudience, ...renderFlags } = flags;
        const request = renderRequestFromFlags(
            { ...renderFlags, namespace: roleNamespace, audience: roleAudience, serviceAccountMode: ServiceAccountMode.None },
            io.readFile,
        );
        const result = await renderServiceAccountRole(request.args, request.options);
        policy = result.outputs.trustPolicy!;
        addonWildcards = result.addonWildcards;
        namespace ??= (request.args.namespace as string | undefined) ?? TUTORIAL.namespace;
        serviceAccount ??= request.args.serviceAccountName as string;
        audience ??= request.args.audience as string | undefined;
    }
    if (flags.token !== undefined) {
        return explainToken(flags, policy, io);
    } else if (flags.jwks !== undefined || flags.format !== undefined) {
        throw new CliInputError(`${flags.jwks !== undefined ? "--jwks" : "--format"} goes with --token (the token to diagnose); give --token FILE or drop it.`);
    }
    const issuerUrl = flags.issuer === undefined ? undefined : normalizeIssuerUrl("--issuer", flags.issuer);

    // The role's deliberate add-on wildcards, worded as render words them.
    const wildcardWarnings = addonWildcards.map((w) => `warning: deliberate wildcard: ${w.argument} grants ${w.resource} (every such resource of the account), by your opt-in.\n`).join("");
    if (flags.who) {
        io.stdout(formatTrust(describeWhoMayAssume(policy)) + wildcardWarnings);
        if (flags.namespace === undefined || flags.serviceAccount === undefined) {
            return EXIT_OK;
        }
    } else if (namespace === undefined || serviceAccount === undefined) {
        throw new CliInputError("explain --policy needs the token's --namespace and --service-account (or --who to list whom the policy admits).");
    }
    const answer = explainAccess(policy, { namespace: namespace!, serviceAccount: serviceAccount!, providerArn: flags.providerArn, issuerUrl, audience });
    io.stdout(formatAccess(answer) + (flags.who ? "" : wildcardWarnings));
    return answer.decision.allowed ? EXIT_OK : EXIT_DENIED;
}

async function readPolicy(file: string, io: CliIo): Promise<string> {
    const source = file === "-" ? "from stdin" : file;
    let text: string;
    try {
        text = file === "-" ? await io.readStdin() : io.readFile(file);
    } catch (error) {
        throw new CliInputError(`cannot read the policy ${source}: ${(error as Error).message}`);
    }
    if (Buffer.byteLength(text, "utf8") > MAX_INPUT_BYTES) {
        throw new CliInputError(`the policy ${source} is larger than ${MAX_INPUT_BYTES} bytes; a trust policy has at most 8,192 characters.`);
    }
    if (/[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(text)) {
        throw new CliInputError(`the policy ${source} is not text (it holds control characters or bytes that are not UTF-8); give the trust policy's JSON.`);
    }
    // A UTF-8 byte order mark (Windows editors write one) marks the file's encoding; it is no part of the JSON.
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

// Far above any trust policy (IAM's largest quota is 8,192 characters), and small enough to read and parse at once.
const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Reads at most `MAX_INPUT_BYTES + 1` bytes of a file, so that an endless one (`/dev/zero`, a FIFO) or a huge one ends
 * fast; a longer result tells the caller the file is too large. Invalid UTF-8 becomes U+FFFD, which readPolicy refuses.
 */
function readBounded(path: string): string {
    const fd = fs.openSync(path, "r");
    try {
        const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
        let length = 0;
        while (length < buffer.length) {
            const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
            if (read === 0) {
                break;
            }
            length += read;
        }
        return buffer.subarray(0, length).toString("utf8");
    } finally {
        fs.closeSync(fd);
    }
}

function parseFormat(value: string): string {
    if (value !== "human" && value !== "json") {
        throw new InvalidArgumentError(`expected human or json, got "${value}".`);
    }
    return value;
}

function parseProviderArn(value: string): string {
    try {
        parseOidcProviderArn("--provider-arn", value);
    } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
    }
    return value;
}

/** Reads stdin up to one byte past the bound, then stops, so that an endless stream ends fast. */
function readStdin(): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const done = () => resolve(Buffer.concat(chunks).subarray(0, MAX_INPUT_BYTES + 1).toString("utf8"));
        process.stdin.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            length += chunk.length;
            if (length > MAX_INPUT_BYTES) {
                process.stdin.pause();
                process.stdin.removeAllListeners("end");
                done();
            }
        });
        process.stdin.on("end", done);
        process.stdin.on("error", reject);
    });
}

/** The process entry point: runs the CLI, then exits as soon as stdout is flushed, whatever the Pulumi runtime still holds. */
function main(): void {
    // A check that fails inside an Output also rejects promises nobody awaits; render reports the first, the rest are noise.
    process.on("unhandledRejection", () => undefined);
    const io: CliIo = {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        readStdin,
        readFile: readBounded,
    };
    let finished = false;
    // The event loop only drains with work left when the engine stopped answering: say so rather than exit silently.
    process.on("beforeExit", () => {
        if (!finished) {
            process.stderr.write("eks-irsa: internal error: rendering stopped before every resource was registered\n");
            process.exit(EXIT_INTERNAL);
        }
    });
    runCli(process.argv.slice(2), io).then((code) => {
        finished = true;
        // Exiting explicitly skips the Pulumi runtime's exit-time report of promises a failed render left pending.
        process.stdout.write("", () => process.exit(code));
    });
}

if (require.main === module) {
    main();
}
