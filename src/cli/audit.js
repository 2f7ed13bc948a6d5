"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.addAuditCommand = addAuditCommand;
const fs = __importStar(require("fs"));
const commander_1 = require("commander");
const audit_1 = require("../audit/audit");
const auditInput_1 = require("../audit/auditInput");
const readAuditFiles_1 = require("../audit/readAuditFiles");
const auditFormat_1 = require("./auditFormat");
const auditGraph_1 = require("./auditGraph");
const auditHtml_1 = require("./auditHtml");
const cliOptions_1 = require("./cliOptions");
const FORMATS = ["table", "json", "mermaid", "dot", "html"];
const FAIL_ON = ["high", "medium", "low", "info", "none"];
// Far above any account's export (a 10,000-role account's is about 60 MB), and below what one string can hold.
const MAX_FILE_BYTES = 512 * 1024 * 1024;
// runCli's reader stops just above this (see cli.ts readBounded); a larger file is read again whole.
const BOUNDED_READ_BYTES = 1024 * 1024;
/**
 * Adds `eks-irsa audit <files...>` to the program: reads the files, audits, prints the chosen format and reports exit 0
 * (no finding at or above --fail-on), 1 (some) or 2 (bad input, thrown as CliInputError for runCli's one-line message).
 */
function addAuditCommand(program, io, exit) {
    program
        .command("audit")
        .description("Audit a cluster and an account offline: which pods reach which IAM roles (IRSA, Pod Identity, target roles), exactly as " +
        "eks-irsa's trust model decides, and findings with a severity and a fix. Reads the JSON outputs of kubectl, aws and pulumi " +
        "(see the README for the commands); exit 0 clean, 1 findings at or above --fail-on, 2 bad input.")
        .argument("<files...>", "kubectl get namespaces,serviceaccounts,pods -A -o json, aws iam get-account-authorization-details, aws eks describe-cluster, and optionally list-open-id-connect-providers, describe-pod-identity-association outputs, or pulumi stack export")
        .option("--format <format>", `${FORMATS.join(", ")} (default: table)`, choice("--format", FORMATS), "table")
        .option("--fail-on <severity>", `exit 1 when a finding is at or above this: ${FAIL_ON.join(", ")} (default: low)`, choice("--fail-on", FAIL_ON), "low")
        .option("--permissions", "list each role policy's allowed actions by service (default: policy names only)")
        .action((files, flags) => {
        const report = (0, audit_1.auditCluster)(readInputs(files, io), { permissions: flags.permissions === true });
        const failing = (0, audit_1.failsAt)(report, flags.failOn === "none" ? "none" : flags.failOn);
        const output = {
            table: () => (0, auditFormat_1.formatAuditTable)(report, failing, flags.failOn),
            json: () => JSON.stringify(report, null, 2) + "\n",
            mermaid: () => (0, auditGraph_1.formatMermaid)(report),
            dot: () => (0, auditGraph_1.formatDot)(report),
            html: () => (0, auditHtml_1.formatAuditHtml)(report),
        }[flags.format]();
        io.stdout(output);
        exit(failing ? 1 : 0);
    });
}
function readInputs(files, io) {
    const inputs = files.map((file) => {
        let text;
        try {
            text = io.readFile(file);
            if (text.length > BOUNDED_READ_BYTES && fs.existsSync(file)) {
                if (fs.statSync(file).size > MAX_FILE_BYTES) {
                    throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
                }
                text = fs.readFileSync(file, "utf8");
            }
        }
        catch (error) {
            throw new cliOptions_1.CliInputError(`cannot read ${file}: ${error.message}`);
        }
        return { file, text };
    });
    try {
        return (0, readAuditFiles_1.readAuditFiles)(inputs);
    }
    catch (error) {
        if (error instanceof auditInput_1.AuditInputError) {
            throw new cliOptions_1.CliInputError(error.message);
        }
        throw error;
    }
}
function choice(flag, values) {
    return (value) => {
        if (!values.includes(value)) {
            throw new commander_1.InvalidArgumentError(`${flag} is one of ${values.join(", ")}.`);
        }
        return value;
    };
}
