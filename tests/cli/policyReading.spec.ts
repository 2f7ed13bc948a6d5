import { expect } from "chai";
import { cliInProcess, CliProcessResult } from "../cliProcess";

// Issue 23: how `explain` reads a policy file (a byte order mark), and `--who`'s per-statement lines, which say what the
// summary per provider says (section 4).
const ISSUER_A = "oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
const ISSUER_B = "oidc.eks.us-east-2.amazonaws.com/id/BBBB";
const PROVIDER_A = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_A}`;
const ACTION = "sts:AssumeRoleWithWebIdentity";

function run(argv: string[], files: { [path: string]: string }): Promise<CliProcessResult> {
    return cliInProcess(argv, { readFile: (file) => files[file] });
}

/** The lines `--who` prints for statement `index`, up to the next statement or the summary. */
function statementBlock(stdout: string, index: number): string[] {
    const lines = stdout.split("\n");
    const start = lines.findIndex((line) => line.startsWith(`Statement ${index} `));
    const end = lines.findIndex((line, i) => i > start && !line.startsWith("  "));
    return lines.slice(start, end);
}

describe("issue 23: explain reads a policy file that starts with a UTF-8 byte order mark", () => {
    const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringEquals: { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app" } } }],
    });

    it("as the same policy without the mark", async () => {
        const argv = ["explain", "--policy", "trust.json", "--namespace", "prod", "--service-account", "app"];
        const withMark = await run(argv, { "trust.json": `\uFEFF${policy}` });
        expect([withMark.code, withMark.stderr]).to.deep.equal([0, ""]);
        expect(withMark.stdout).to.equal((await run(argv, { "trust.json": policy })).stdout);
        const who = await run(["explain", "--who", "--policy", "trust.json"], { "trust.json": `\uFEFF${policy}` });
        expect([who.code, who.stderr]).to.deep.equal([0, ""]);
    });
});

describe("issue 23: --who's lines for a statement come from the summary's clauses", () => {
    // ForAllValues on keys of another cluster: the keys are absent from A's tokens, so the conditions hold for every token.
    const foreignForAll = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_A },
                Action: ACTION,
                Condition: { "ForAllValues:StringEquals": { [`${ISSUER_B}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_B}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    });

    it("ForAllValues:StringEquals on another cluster's keys: the statement admits every ServiceAccount, as the summary says", async () => {
        const { code, stdout } = await run(["explain", "--who", "--policy", "p.json"], { "p.json": foreignForAll });
        expect(code).to.equal(0);
        expect(statementBlock(stdout, 0).slice(1)).to.deep.equal(["  admits: every ServiceAccount in every namespace (no :sub condition)", "  audience: not checked"]);
        expect(stdout).to.contain("  - every token (no condition on sub or aud) (Statement 0)");
        expect(stdout).not.to.contain("admits: ServiceAccount app in namespace prod");
    });

    it("a statement trusting two providers gets one block per provider", async () => {
        const PROVIDER_B = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_B}`;
        const two = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: [PROVIDER_A, PROVIDER_B] },
                    Action: ACTION,
                    Condition: { StringEqualsIfExists: { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_B}:sub`]: "system:serviceaccount:dev:app" } },
                },
            ],
        });
        const { stdout } = await run(["explain", "--who", "--policy", "p.json"], { "p.json": two });
        expect(statementBlock(stdout, 0).slice(1)).to.deep.equal([
            `  through OIDC provider ${PROVIDER_A} (issuer https://${ISSUER_A}):`,
            "    admits: ServiceAccount app in namespace prod",
            "    audience: not checked",
            `  through OIDC provider ${PROVIDER_B} (issuer https://${ISSUER_B}):`,
            "    admits: ServiceAccount app in namespace dev",
            "    audience: not checked",
        ]);
    });
});

describe("issue 23: --who over-approximates conditions on keys eks-irsa does not model", () => {
    const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringLike: { [`${ISSUER_A}:sub`]: "*", "sts:RoleSessionName": "*" } } }],
    });

    it("lists whom the role may admit at most, saying so, where explain for one token refuses", async () => {
        const who = await run(["explain", "--who", "--policy", "p.json"], { "p.json": policy });
        expect([who.code, who.stderr]).to.deep.equal([0, ""]);
        expect(who.stdout.split("\n")[0]).to.equal(
            "note: for web identity tokens and Pod Identity associations, read as if its conditions on sts:RoleSessionName, which eks-irsa does " +
                "not model for them, held in every Allow and in no Deny (a caller chooses some of them): whom the role may admit at most.",
        );
        expect(who.stdout).to.contain("warning: Statement 0 admits every ServiceAccount in every namespace of the cluster");
        const one = await run(["explain", "--policy", "p.json", "--namespace", "a", "--service-account", "b"], { "p.json": policy });
        expect(one.code).to.equal(2);
        expect(one.stderr).to.contain('condition key "sts:RoleSessionName"');
    });
});
