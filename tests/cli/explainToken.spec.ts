import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from "jose";
import { cliInProcess, cliProcess, CliProcessResult } from "../cliProcess";
import { CLOCK_TOLERANCE_SECONDS, diagnoseToken, duration } from "../../src/policy/tokenDiagnosis";

// `eks-irsa explain --token`: tokens signed here with a key made for the test, judged against an EKS-shaped trust
// policy. Every run checks that nothing of the token's signature reaches the output.
const ISSUER = "https://oidc.eks.eu-west-3.amazonaws.com/id/A1B2C3D4E5F60718293A4B5C6D7E8F90";
const OTHER_ISSUER = "https://oidc.eks.eu-west-3.amazonaws.com/id/0FEDCBA9876543210FEDCBA987654321";
const ISSUER_HOST = ISSUER.slice("https://".length);
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER_HOST}`;
const POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: PROVIDER },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" } },
        },
    ],
});
const KID = "k1";

interface Keys {
    privateKey: KeyLike;
    jwks: { keys: JWK[] };
}

async function makeKeys(kid: string): Promise<Keys> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" }] } };
}

/** A token as the API server issues it for a pod: iss, sub, aud, iat, nbf, exp, and the kubernetes.io claim. */
async function sign(keys: Keys, claims: { [claim: string]: unknown } = {}, kid = KID): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
        iss: ISSUER,
        sub: "system:serviceaccount:prod:app",
        aud: ["sts.amazonaws.com"],
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        "kubernetes.io": { namespace: "prod", serviceaccount: { name: "app", uid: "5f0c6a5e-6d3c-4a51-9d0c-0c7e4b1f2a3d" } },
        ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid }).sign(keys.privateKey);
}

function unsigned(claims: { [claim: string]: unknown }): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

describe("eks-irsa explain --token", () => {
    let keys: Keys;
    let files: { [file: string]: string };
    const run = (argv: string[]) =>
        cliInProcess(argv, {
            readFile: (file) => {
                if (!(file in files)) {
                    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: "ENOENT" });
                }
                return files[file];
            },
        });
    /** Runs explain --token on `token` with the policy (and the JWKS unless told not to), and checks no secret leaked. */
    async function explain(token: string, extra: string[] = [], withJwks = true): Promise<CliProcessResult> {
        files["token"] = token;
        const result = await run(["explain", "--token", "token", "--policy", "policy.json", ...(withJwks ? ["--jwks", "jwks.json"] : []), ...extra]);
        const signature = token.split(".")[2];
        if (signature !== undefined && signature.length > 0) {
            expect(result.stdout + result.stderr).not.to.contain(signature);
        }
        if (token.trim().length > 0) {
            expect(result.stdout + result.stderr).not.to.contain(token.trim());
        }
        expect(result.stderr).not.to.match(/\n\s+at /); // no stack trace
        return result;
    }

    before(async () => {
        keys = await makeKeys(KID);
    });
    beforeEach(() => {
        files = { "policy.json": POLICY, "jwks.json": JSON.stringify(keys.jwks) };
    });

    it("allows the trusted ServiceAccount's valid token (exit 0) and says the signature verified", async () => {
        const { code, stdout, stderr } = await explain(`${await sign(keys)}\n`);
        expect(stderr).to.equal("");
        expect(code).to.equal(0);
        expect(stdout.split("\n")[0]).to.match(/^allowed: Statement 0 allows sts:AssumeRoleWithWebIdentity to system:serviceaccount:prod:app/);
        expect(stdout).to.match(/^ {2}ok {3}signature verified with the JWKS key for kid k1 \(RS256\)$/m);
        expect(stdout).to.contain("its signature is not shown: the token is a secret");
    });

    it("without --jwks: allowed, and says the signature was not checked", async () => {
        const { code, stdout } = await explain(await sign(keys), [], false);
        expect(code).to.equal(0);
        expect(stdout.split("\n")[0]).to.match(/^allowed: .*\(signature not checked: no --jwks/);
    });

    it("an expired token: denied (exit 1), token expired N min ago", async () => {
        const now = Math.floor(Date.now() / 1000);
        const { code, stdout } = await explain(await sign(keys, { iat: now - 3600, nbf: now - 3600, exp: now - 12 * 60 - 5 }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.match(/^denied: token expired 12 min ago \(exp \d{4}-\d\d-\d\dT/);
    });

    it("a token not valid yet (nbf ahead): denied", async () => {
        const now = Math.floor(Date.now() / 1000);
        const { code, stdout } = await explain(await sign(keys, { nbf: now + 600 }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.match(/^denied: token is not valid for another (9|10) min/);
    });

    it("a wrong audience: names the aud condition and statement", async () => {
        const { code, stdout } = await explain(await sign(keys, { aud: ["vault"] }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal(`denied: aud is vault; the trust admits only sts.amazonaws.com (statement 0, StringEquals ${ISSUER_HOST}:aud)`);
    });

    it("two audiences: says that a condition without a set operator never matches several values", async () => {
        const { code, stdout } = await explain(await sign(keys, { aud: ["sts.amazonaws.com", "vault"] }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal(
            `denied: aud is sts.amazonaws.com, vault; the trust admits only sts.amazonaws.com (statement 0, StringEquals ${ISSUER_HOST}:aud); ` +
                "StringEquals without ForAnyValue: or ForAllValues: never matches a claim with several values",
        );
    });

    it("another ServiceAccount: names the sub the trust admits", async () => {
        const { code, stdout } = await explain(await sign(keys, { sub: "system:serviceaccount:dev:app" }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal(
            `denied: sub is system:serviceaccount:dev:app; the trust admits only prod:app (statement 0, StringEquals ${ISSUER_HOST}:sub)`,
        );
    });

    it("another cluster's issuer: not the provider this role trusts", async () => {
        const { code, stdout } = await explain(await sign(keys, { iss: OTHER_ISSUER }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal(`denied: issuer ${OTHER_ISSUER.slice(8)} is not the provider this role trusts (${ISSUER_HOST})`);
    });

    it("a tampered token (payload changed, signature kept): the signature does not verify", async () => {
        const [header, , signature] = (await sign(keys, { sub: "system:serviceaccount:dev:app" })).split(".");
        const payload = (await sign(keys)).split(".")[1];
        const { code, stdout } = await explain(`${header}.${payload}.${signature}`);
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal("denied: the signature does not verify with the JWKS key for kid k1: the token was altered or signed by another key");
    });

    it("a token of another key whose kid the JWKS lacks: names the kid and the JWKS's keys", async () => {
        const other = await makeKeys("k2");
        const { code, stdout } = await explain(await sign(other, {}, "k2"));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal("denied: the JWKS has no RS256 key for the token's kid k2 (its keys: k1); is it the cluster's that signed the token?");
    });

    it("alg none: denied as unsigned, whatever the claims", async () => {
        const now = Math.floor(Date.now() / 1000);
        const { code, stdout } = await explain(unsigned({ iss: ISSUER, sub: "system:serviceaccount:prod:app", aud: "sts.amazonaws.com", exp: now + 600 }));
        expect(code).to.equal(1);
        expect(stdout.split("\n")[0]).to.equal("denied: the token is unsigned (alg none); STS accepts only RS256, RS384, RS512, ES256, ES384, ES512");
    });

    for (const [name, token, message] of [
        ["one part", "abc", "the token is not a signed JWT: it has 1 part separated by dots, a signed JWT has 3 (header.payload.signature)."],
        ["five parts (an encrypted JWT)", "a.b.c.d.e", "the token is not a signed JWT: it has 5 parts separated by dots, a signed JWT has 3 (header.payload.signature)."],
        ["a header that is not JSON", "bm90IGpzb24.e30.c2ln", "the token's header (its first part) is not base64url-encoded JSON."],
        ["an empty file", "\n", "the token is empty; give the file a pod mounts (AWS_WEB_IDENTITY_TOKEN_FILE)."],
    ]) {
        it(`a malformed token (${name}): one-line input error, exit 2`, async () => {
            const { code, stdout, stderr } = await explain(token);
            expect(code).to.equal(2);
            expect(stdout).to.equal("");
            expect(stderr).to.equal(`eks-irsa: --token token: ${message}\n`);
        });
    }

    it("a JWKS that is not a key set, or a token file that cannot be read: input errors, exit 2", async () => {
        files["jwks.json"] = '{"kty":"RSA"}';
        const notSet = await explain(await sign(keys));
        expect([notSet.code, notSet.stderr]).to.deep.equal([
            2,
            'eks-irsa: --token token: the JWKS is not a JSON Web Key Set: it needs a "keys" list of key objects, as kubectl get --raw /openid/v1/jwks prints.\n',
        ]);
        const missing = await run(["explain", "--token", "missing", "--policy", "policy.json"]);
        expect([missing.code, missing.stderr]).to.deep.equal([2, "eks-irsa: cannot read the token file missing: ENOENT.\n"]);
    });

    it("--token with the token's --namespace, or --jwks without --token: refused", async () => {
        const both = await explain(await sign(keys), ["--namespace", "prod"]);
        expect([both.code, both.stderr]).to.deep.equal([2, "eks-irsa: --token gives the token's claims (sub, aud, iss), so --namespace cannot be given with it; drop it.\n"]);
        const jwksAlone = await run(["explain", "--jwks", "jwks.json", "--policy", "policy.json", "--namespace", "prod", "--service-account", "app"]);
        expect([jwksAlone.code, jwksAlone.stderr]).to.deep.equal([2, "eks-irsa: --jwks goes with --token (the token to diagnose); give --token FILE or drop it.\n"]);
    });

    it("--format json: the verdict, the decoded claims and each check, never the signature", async () => {
        const { code, stdout } = await explain(await sign(keys, { aud: ["vault"] }), ["--format", "json"]);
        expect(code).to.equal(1);
        const result = JSON.parse(stdout);
        expect(result.allowed).to.equal(false);
        expect(result.claims).to.include({ alg: "RS256", kid: "k1", iss: ISSUER, sub: "system:serviceaccount:prod:app" });
        expect(result.claims.aud).to.deep.equal(["vault"]);
        expect(result.checks.map((c: { check: string; ok?: boolean }) => [c.check, c.ok])).to.deep.equal([
            ["signature", true],
            ["exp", true],
            ["nbf", true],
            ["iss", true],
            ["aud", false],
        ]);
        expect(result.providerArn).to.equal(PROVIDER);
        expect(result.decision.allowed).to.equal(false);
    });

    it("without --policy, judges against the trust policy render would create for the flags", async () => {
        const flags = ["--issuer-url", ISSUER, "--service-account-name", "app", "--role-namespace", "prod"];
        files["token"] = await sign(keys);
        expect((await run(["explain", "--token", "token", ...flags])).code).to.equal(0);
        files["token"] = await sign(keys, { sub: "system:serviceaccount:prod:other" });
        const denied = await run(["explain", "--token", "token", ...flags]);
        expect(denied.code).to.equal(1);
        expect(denied.stdout.split("\n")[0]).to.match(/^denied: sub is system:serviceaccount:prod:other; the trust admits only prod:app \(statement 0, StringEquals /);
    });

    it("several failures are named together, in the order STS meets them", async () => {
        const now = Math.floor(Date.now() / 1000);
        const result = await diagnoseToken({
            token: await sign(keys, { exp: now - 7200, sub: "system:serviceaccount:dev:app" }),
            jwks: keys.jwks,
            policy: POLICY,
            now: new Date(now * 1000),
        });
        expect(result.verdict).to.match(/^denied: token expired 2 h ago \(exp [^)]*\); sub is system:serviceaccount:dev:app; the trust admits only prod:app/);
    });

    describe("the clock: within CLOCK_TOLERANCE_SECONDS of exp or nbf the trust decides, and the clock is a warning", () => {
        // A fixed instant, so the boundaries are exact: 2026-01-01T00:00:00Z.
        const NOW = 1767225600;
        const at = async (claims: { [claim: string]: unknown }) =>
            diagnoseToken({ token: await sign(keys, { iat: NOW - 3600, nbf: NOW - 3600, exp: NOW + 3600, ...claims }), jwks: keys.jwks, policy: POLICY, now: new Date(NOW * 1000) });
        const check = (result: { checks: Array<{ check: string; ok?: boolean; detail: string }> }, name: string) => result.checks.find((c) => c.check === name)!;

        it("is five minutes", () => {
            expect(CLOCK_TOLERANCE_SECONDS).to.equal(300);
        });

        it("expired 1 s, 0 s and exactly 5 min ago: allowed by the trust, exp a warning that STS may or may not accept it", async () => {
            for (const late of [0, 1, CLOCK_TOLERANCE_SECONDS]) {
                const result = await at({ exp: NOW - late });
                expect(result.allowed, `${late} s late`).to.equal(true);
                expect(check(result, "exp").ok, `${late} s late`).to.equal(undefined);
                expect(check(result, "exp").detail).to.equal(
                    `token expired ${duration(late)} ago (exp ${new Date((NOW - late) * 1000).toISOString()}), within 5 min of this machine's clock: ` +
                        "STS may or may not accept it (its clock tolerance is not documented), so the trust is judged as if it did",
                );
                expect(result.verdict).to.match(/^allowed: Statement 0 allows sts:AssumeRoleWithWebIdentity to system:serviceaccount:prod:app.* \(exp token expired /);
            }
        });

        it("expired 5 min 1 s ago: denied on the clock, as before", async () => {
            const result = await at({ exp: NOW - CLOCK_TOLERANCE_SECONDS - 1 });
            expect(result.allowed).to.equal(false);
            expect(check(result, "exp").ok).to.equal(false);
            expect(result.verdict).to.match(/^denied: token expired 5 min ago \(exp 2025-12-31T23:54:59.000Z\)$/);
        });

        it("nbf 1 s and exactly 5 min ahead: allowed by the trust, nbf a warning; 5 min 1 s ahead: denied", async () => {
            for (const early of [1, CLOCK_TOLERANCE_SECONDS]) {
                const result = await at({ nbf: NOW + early });
                expect([result.allowed, check(result, "nbf").ok], `${early} s early`).to.deep.equal([true, undefined]);
                expect(check(result, "nbf").detail).to.match(/^token is not valid for another .*, within 5 min of this machine's clock: STS may or may not accept it/);
            }
            const result = await at({ nbf: NOW + CLOCK_TOLERANCE_SECONDS + 1 });
            expect([result.allowed, check(result, "nbf").ok]).to.deep.equal([false, false]);
            expect(result.verdict).to.match(/^denied: token is not valid for another 5 min \(nbf 2026-01-01T00:05:01.000Z\)$/);
        });

        it("within the window, the trust still decides: another ServiceAccount's just-expired token is denied for its sub, not its clock", async () => {
            const result = await at({ exp: NOW - 30, sub: "system:serviceaccount:dev:app" });
            expect(result.allowed).to.equal(false);
            expect(check(result, "exp").ok).to.equal(undefined);
            expect(result.verdict).to.match(/^denied: sub is system:serviceaccount:dev:app; the trust admits only prod:app \(statement 0, StringEquals /);
        });

        it("the CLI: exit 0, the verdict names the warning and the exp line is marked warn", async () => {
            const now = Math.floor(Date.now() / 1000);
            const { code, stdout } = await explain(await sign(keys, { iat: now - 3600, nbf: now - 3600, exp: now - 60 }));
            expect(code).to.equal(0);
            expect(stdout.split("\n")[0]).to.match(/^allowed: .* \(exp token expired 1 min ago \(exp [^)]*\), within 5 min of this machine's clock: STS may or may not accept it/);
            expect(stdout).to.match(/^ {2}warn exp {7}token expired 1 min ago/m);
        });
    });

    it("durations read as a person says them", () => {
        expect([0, 59, 60, 12 * 60 + 5, 3600, 3 * 3600 + 5 * 60, 3 * 86400].map(duration)).to.deep.equal(["0 s", "59 s", "1 min", "12 min", "1 h", "3 h 5 min", "3 days"]);
    });

    it("the process: a malformed token is one line on stderr and exit 2, no stack trace", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-token-"));
        fs.writeFileSync(path.join(dir, "token"), "not-a-token");
        fs.writeFileSync(path.join(dir, "policy.json"), POLICY);
        const { code, stdout, stderr } = await cliProcess(["explain", "--token", "token", "--policy", "policy.json"], { cwd: dir });
        fs.rmSync(dir, { recursive: true, force: true });
        expect([code, stdout, stderr]).to.deep.equal([
            2,
            "",
            "eks-irsa: --token token: the token is not a signed JWT: it has 1 part separated by dots, a signed JWT has 3 (header.payload.signature).\n",
        ]);
    });
});
