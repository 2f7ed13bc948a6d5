import * as fs from "fs";
import { Command, InvalidArgumentError } from "commander";
import { auditCluster, failsAt } from "../audit/audit";
import { AuditInputError } from "../audit/auditInput";
import { Severity } from "../audit/auditReport";
import { readAuditFiles } from "../audit/readAuditFiles";
import { formatAuditTable } from "./auditFormat";
import { formatDot, formatMermaid } from "./auditGraph";
import { formatAuditHtml } from "./auditHtml";
import { CliInputError } from "./cliOptions";

/** The command's I/O: what runCli's CliIo gives it. */
export interface AuditIo {
    stdout(text: string): void;
    readFile(path: string): string;
}

const FORMATS = ["table", "json", "mermaid", "dot", "html"] as const;
const FAIL_ON = ["high", "medium", "low", "info", "none"] as const;
// Far above any account's export (a 10,000-role account's is about 60 MB), and below what one string can hold.
const MAX_FILE_BYTES = 512 * 1024 * 1024;
// runCli's reader stops just above this (see cli.ts readBounded); a larger file is read again whole.
const BOUNDED_READ_BYTES = 1024 * 1024;

interface AuditFlags {
    format: (typeof FORMATS)[number];
    failOn: (typeof FAIL_ON)[number];
    permissions?: boolean;
}

/**
 * Adds `eks-irsa audit <files...>` to the program: reads the files, audits, prints the chosen format and reports exit 0
 * (no finding at or above --fail-on), 1 (some) or 2 (bad input, thrown as CliInputError for runCli's one-line message).
 */
export function addAuditCommand(program: Command, io: AuditIo, exit: (code: number) => void): void {
    program
        .command("audit")
        .description(
            "Audit a cluster and an account offline: which pods reach which IAM roles (IRSA, Pod Identity, target roles), exactly as " +
                "eks-irsa's trust model decides, and findings with a severity and a fix. Reads the JSON outputs of kubectl, aws and pulumi " +
                "(docs/audit.md shows the commands); exit 0 clean, 1 findings at or above --fail-on, 2 bad input.",
        )
        .argument("<files...>", "kubectl get namespaces,serviceaccounts,pods -A -o json, aws iam get-account-authorization-details, aws eks describe-cluster, and optionally list-open-id-connect-providers, describe-pod-identity-association outputs, or pulumi stack export")
        .option("--format <format>", `${FORMATS.join(", ")} (default: table)`, choice("--format", FORMATS), "table")
        .option("--fail-on <severity>", `exit 1 when a finding is at or above this: ${FAIL_ON.join(", ")} (default: low)`, choice("--fail-on", FAIL_ON), "low")
        .option("--permissions", "list each role policy's allowed actions by service (default: policy names only)")
        .action((files: string[], flags: AuditFlags) => {
            const report = auditCluster(readInputs(files, io), { permissions: flags.permissions === true });
            const failing = failsAt(report, flags.failOn === "none" ? "none" : (flags.failOn as Severity));
            const output = {
                table: () => formatAuditTable(report, failing, flags.failOn),
                json: () => JSON.stringify(report, null, 2) + "\n",
                mermaid: () => formatMermaid(report),
                dot: () => formatDot(report),
                html: () => formatAuditHtml(report),
            }[flags.format]();
            io.stdout(output);
            exit(failing ? 1 : 0);
        });
}

function readInputs(files: string[], io: AuditIo) {
    const inputs = files.map((file) => {
        let text: string;
        try {
            text = io.readFile(file);
            if (text.length > BOUNDED_READ_BYTES && fs.existsSync(file)) {
                if (fs.statSync(file).size > MAX_FILE_BYTES) {
                    throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
                }
                text = fs.readFileSync(file, "utf8");
            }
        } catch (error) {
            throw new CliInputError(`cannot read ${file}: ${(error as Error).message}`);
        }
        return { file, text };
    });
    try {
        return readAuditFiles(inputs);
    } catch (error) {
        if (error instanceof AuditInputError) {
            throw new CliInputError(error.message);
        }
        throw error;
    }
}

function choice<T extends string>(flag: string, values: readonly T[]): (value: string) => T {
    return (value) => {
        if (!values.includes(value as T)) {
            throw new InvalidArgumentError(`${flag} is one of ${values.join(", ")}.`);
        }
        return value as T;
    };
}
