/**
 * The slowest trust policies we could build for the subject analysis (issue 23, "Bounded work"), at a given size in
 * characters: overlapping `StringLike`/`StringNotLike` subject patterns with many `*` and `?`, and, for 1 MiB, many
 * statements or many issuers. Before the analysis had a work budget, `explain --who` took 46 s on the 1,596-character
 * `subsequences` policy, 72 s at 2,023 and 100 s at 4,069 characters (2 cores); each is now decided or refused within
 * the budget. tests/policy/analysisBudget.spec.ts asserts the outcome; bench/worstCase.ts measures the time.
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
export const WORST_CASE_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const WORST_CASE_PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${WORST_CASE_ISSUER}`;

const policyText = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function statementOf(like: string[], notLike: string[], issuer = WORST_CASE_ISSUER, effect = "Allow"): object {
    return {
        Effect: effect,
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringLike: { [`${issuer}:sub`]: like, [`${issuer}:aud`]: "sts.amazonaws.com" },
            ...(notLike.length > 0 && { StringNotLike: { [`${issuer}:sub`]: notLike } }),
        },
    };
}

/** One statement with as many patterns as fit in `size` characters, alternately StringLike and StringNotLike. */
function oneStatement(size: number, like: (i: number) => string, notLike: (i: number) => string): string {
    const likes: string[] = [];
    const notLikes: string[] = [];
    let text = policyText([statementOf(likes, notLikes)]);
    for (let i = 0; ; i++) {
        (i % 2 === 0 ? likes : notLikes).push(i % 2 === 0 ? like(i >> 1) : notLike(i >> 1));
        const next = policyText([statementOf(likes, notLikes)]);
        if (next.length > size) {
            return text;
        }
        text = next;
    }
}

/** Statements from `make` until `size` characters. */
function manyStatements(size: number, make: (i: number) => object): string {
    const statements: object[] = [];
    let length = policyText([]).length;
    for (let i = 0; ; i++) {
        const statement = make(i);
        const added = JSON.stringify(statement).length + 1;
        if (length + added > size) {
            return policyText(statements);
        }
        statements.push(statement);
        length += added;
    }
}

const spread = (i: number, count: number, step: number, separator: string) =>
    "*" + Array.from({ length: count }, (_, j) => LETTERS[(i * 5 + j * step) % 36]).join(separator) + "*";
const issuerOf = (i: number) => `oidc.eks.us-east-1.amazonaws.com/id/${((i * 2654435761) >>> 0).toString(16).toUpperCase().padStart(32, "0")}`;

/** The worst-case shapes, by name: each a function of the size in characters. */
export const WORST_CASE_POLICIES: Record<string, (size: number) => string> = {
    // Subsequences: every pattern keeps many positions alive at once, and their product many states (46 s at 1,596).
    subsequences: (size) => oneStatement(size, (i) => spread(i, 12, 7, "*"), (i) => spread(i * 2 + 1, 10, 3, "*?")),
    // A letter then a run of `?`: each pattern alone needs 2^n states, the classic blow-up of determinising.
    exponential: (size) =>
        oneStatement(
            size,
            (i) => `system:serviceaccount:*${LETTERS[i % 36]}${"?".repeat(6 + (i % 8))}*`,
            (i) => `system:serviceaccount:*${LETTERS[(i * 7) % 36]}*?${"?".repeat(3 + (i % 9))}*-*`,
        ),
    // Short overlapping patterns on both sides of the colon: many namespace ends, and the walk over sets of them.
    colons: (size) =>
        oneStatement(
            size,
            (i) => `system:serviceaccount:*${LETTERS[i % 36]}?:*${LETTERS[(i + 9) % 36]}*`,
            (i) => `system:serviceaccount:${LETTERS[(i * 7) % 36]}*:*?${LETTERS[(i + 2) % 36]}`,
        ),
    // Several statements of subsequence patterns, each its own analysis.
    statements: (size) => manyStatements(size, (i) => statementOf([spread(i, 12, 7, "*"), spread(i + 1, 12, 7, "*")], [spread(i, 10, 3, "*?")])),
    // Principal "*" with conditions on thousands of issuers: every issuer's tokens read every statement.
    issuers: (size) =>
        manyStatements(size, (i) => ({
            Effect: "Allow",
            Principal: "*",
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringLike: { [`${issuerOf(i)}:sub`]: `system:serviceaccount:z${LETTERS[i % 36]}*:*`, [`${issuerOf(i)}:aud`]: "sts.*" } },
        })),
};

/** The sizes the aims name: IAM's default trust policy quota, its maximum, and the largest file the CLI reads. */
export const WORST_CASE_SIZES = [2048, 4096, 1024 * 1024];
