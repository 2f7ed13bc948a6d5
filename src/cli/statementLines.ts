import { AccessClause, clauseWords, StatementDescription } from "../policy/explain";

/**
 * One statement of a trust policy in words, as `explain --who` and render's "Who may assume the role" print it: whom it
 * trusts, then whom it admits (or denies) through each provider, or why it admits nothing.
 */
export function statementLines(statement: StatementDescription): string[] {
    const name = `Statement ${statement.index}${statement.sid === undefined ? "" : ` (${statement.sid})`}`;
    const verb = statement.effect === "Allow" ? "admits" : "denies";
    let head: string;
    if (statement.podIdentity) {
        const lines = [`${name} (${statement.effect}) trusts EKS Pod Identity (pods.eks.amazonaws.com)`];
        lines.push(
            statement.associations === undefined
                ? `  ${verb} nothing: its actions include neither sts:AssumeRole nor sts:TagSession, or a condition is always false`
                : `  ${verb}: ${statement.associations}`,
        );
        return lines;
    }
    if (statement.anyPrincipal) {
        head = `${name} (${statement.effect}) trusts any principal ("*")`;
    } else if (statement.issuers.length > 0) {
        head = `${name} (${statement.effect}) trusts the cluster with issuer ${statement.issuers.map((i) => `https://${i}`).join(" and ")}, OIDC provider ${statement.providers.join(", ")}`;
    } else if (statement.accounts.length > 0 && statement.effect === "Deny") {
        head = `${name} (${statement.effect}) names account ${statement.accounts.join(" and ")}`;
    } else {
        head = `${name} (${statement.effect}) trusts no IAM OIDC provider (${statement.providers.join(", ") || "no Federated principal"})`;
    }
    if (statement.accounts.length > 0 && statement.effect === "Deny") {
        // IAM matches an account principal at account level: the Deny covers every web identity of the account.
        head += `, so every OIDC provider of account ${statement.accounts.join(" and ")}`;
    }
    const lines = [head];
    const subjects = statement.subjects;
    if (statement.admitsNothing) {
        const why =
            statement.issuers.length === 0 && !statement.anyPrincipal
                ? "no token arrives through it"
                : !statement.webIdentity
                  ? "its actions do not include sts:AssumeRoleWithWebIdentity"
                  : statement.foreignKeys.length > 0
                    ? `its conditions test ${statement.foreignKeys.join(", ")}, keys of another issuer`
                    : "one of its conditions is false for every token";
        // Other principals are not "nothing": they may call sts:AssumeRole themselves (the model's OtherPrincipal warning).
        const others = statement.effect === "Allow" && statement.otherPrincipals.length > 0;
        lines.push(
            others
                ? `  ${verb} no web identity token nor Pod Identity association (${why}); ${statement.otherPrincipals.join(", ")} may call sts:AssumeRole itself (see the warnings)`
                : `  ${verb} nothing: ${why}`,
        );
        lines.push(...subjects.map((subject) => `  it was meant for: ${subject.text}`));
        const audiences = statement.audiences;
        lines.push(audiences.length === 0 ? "  audience: not checked" : `  audience: ${audiences.map((a) => `${a.text} (${a.operator})`).join(", and ")}`);
        return lines;
    }
    // What it admits (or denies) through each provider: the clauses of the summary per provider, in the same words.
    const many = statement.access.length > 1;
    for (const { through, clause } of statement.access) {
        const indent = many ? "    " : "  ";
        if (many) {
            lines.push(`  through ${through}:`);
        }
        lines.push(...clauseLines(clause, verb).map((line) => `${indent}${line}`));
    }
    return lines;
}

/** One clause of a statement as `--who` prints it: whom, then the audience, from the words of the summary's clause text. */
function clauseLines(clause: AccessClause, verb: string): string[] {
    const words = clauseWords(clause);
    const lines = words.subjects.length === 0 ? [`${verb}: every ServiceAccount in every namespace (no :sub condition)`] : words.subjects.map((s) => `${verb}: ${s}`);
    if (words.subjectOperators.length > 1) {
        lines.push(`(a token must satisfy each of ${words.subjectOperators.join(" and ")}: conditions of one statement are ANDed)`);
    }
    lines.push(words.audiences.length === 0 ? "audience: not checked" : `audience: ${words.audiences.join(", and ")}`);
    return lines;
}

