/**
 * `eks-irsa explain --token FILE [--jwks FILE]`: the CLI side of the token diagnosis (src/policy/tokenDiagnosis.ts).
 * It reads the files, turns unreadable input into one-line input errors, and prints the verdict as text or JSON. The
 * token file is a secret: only its decoded claims are printed, never its signature or encoded parts.
 */
import { CliInputError } from "./cliOptions";
import { diagnoseToken, TokenDiagnosis, TokenInputError } from "../policy/tokenDiagnosis";

/** The flags of `explain` that matter with --token. */
export interface ExplainTokenFlags {
    token?: string;
    jwks?: string;
    format?: string;
    who?: boolean;
    namespace?: string;
    serviceAccount?: string;
    audience?: string;
    issuer?: string;
    providerArn?: string;
}

/** What explainToken reads and writes (the CLI's io). */
export interface TokenIo {
    stdout(text: string): void;
    readFile(path: string): string;
}

/**
 * Diagnoses the token in `flags.token` against `policy` and prints the verdict.
 *
 * @returns 0 when STS would let the token assume the role (also when its exp or nbf is within the clock tolerance, named
 * as a warning), 1 when it would not.
 * @throws CliInputError for unreadable files, a token that is not a JWT, a JWKS that is not a key set, or flags that
 * describe the token a second time.
 */
export async function explainToken(flags: ExplainTokenFlags, policy: string, io: TokenIo): Promise<number> {
    const repeated = (["who", "namespace", "serviceAccount", "audience", "issuer", "providerArn"] as const).filter((f) => flags[f] !== undefined);
    if (repeated.length > 0) {
        const names = repeated.map((f) => `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
        throw new CliInputError(`--token gives the token's claims (sub, aud, iss), so ${names.join(", ")} cannot be given with it; drop ${repeated.length === 1 ? "it" : "them"}.`);
    }
    const token = readInput(io, flags.token!, "token");
    const jwks = flags.jwks === undefined ? undefined : readInput(io, flags.jwks, "JWKS");
    let diagnosis: TokenDiagnosis;
    try {
        diagnosis = await diagnoseToken({ token, jwks, policy });
    } catch (error) {
        if (error instanceof TokenInputError) {
            throw new CliInputError(`--token ${flags.token}: ${error.message}`);
        }
        throw error;
    }
    io.stdout(flags.format === "json" ? `${JSON.stringify(diagnosis, null, 2)}\n` : formatDiagnosis(diagnosis));
    return diagnosis.allowed ? 0 : 1;
}

function readInput(io: TokenIo, file: string, what: string): string {
    try {
        return io.readFile(file);
    } catch (error) {
        throw new CliInputError(`cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
}

/** The verdict, the decoded token (no signature), and one line per check. */
export function formatDiagnosis(diagnosis: TokenDiagnosis): string {
    const c = diagnosis.claims;
    const token = [
        `sub ${c.sub ?? "(none)"}`,
        `aud ${c.aud.length > 0 ? c.aud.join(", ") : "(none)"}`,
        `iss ${c.iss ?? "(none)"}`,
        `alg ${c.alg}${c.kid !== undefined ? `, kid ${c.kid}` : ""}`,
    ].join(", ");
    const lines = [diagnosis.verdict, `  token: ${token} (its signature is not shown: the token is a secret)`];
    for (const check of diagnosis.checks) {
        // An exp or nbf within the clock tolerance is undecided rather than unchecked: a warning the verdict depends on.
        const mark = check.ok === true ? "ok  " : check.ok === false ? "FAIL" : check.check === "exp" || check.check === "nbf" ? "warn" : "--  ";
        lines.push(`  ${mark} ${check.check.padEnd(9)} ${check.detail}`);
    }
    return `${lines.join("\n")}\n`;
}
