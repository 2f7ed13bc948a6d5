import { expect } from "chai";
import { accessAdmits, accessThrough, describeTrust, evaluateTrustPolicy, explainAccess, TrustDecisionKind, TrustWarningCode, UnsupportedPolicyError } from "../../index";
import { simulateWithIamSimulate } from "../oracle/ironOracle";

// Issue 23, sections 1 and 2: what IAM reads as "anyone" is "anyone" to every reader, a Deny naming an account covers that
// account's web identities, and conditions on keys the model does not handle are refused, or held to a value, never dropped.
const ISSUER_A = "oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
const PROVIDER_A = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_A}`;
const GITHUB = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const GITHUB_TOKEN = { providerArn: GITHUB, subject: "repo:someone/anything:ref:refs/heads/main", audience: "sts.amazonaws.com" };
const ACTION = "sts:AssumeRoleWithWebIdentity";

/** The issue's policy: provider A beside an AWS principal of asterisks, conditions on A's keys (met when absent). */
function asterisks(aws: unknown): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_A, AWS: aws },
                Action: ACTION,
                Condition: { StringEqualsIfExists: { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    };
}

describe("issue 23: a principal of asterisks is the wildcard principal to every reader", () => {
    for (const aws of ["**", "***", ["arn:aws:iam::123456789012:role/deployer", "**"]]) {
        it(`{"Federated": A, "AWS": ${JSON.stringify(aws)}}: a GitHub Actions token is allowed, as iam-simulate says, and --who warns`, () => {
            const policy = asterisks(aws);
            expect(simulateWithIamSimulate(policy, GITHUB_TOKEN).allowed).to.equal(true);
            expect(evaluateTrustPolicy(policy, GITHUB_TOKEN).decision).to.equal(TrustDecisionKind.Allowed);
            const description = describeTrust(policy);
            expect(description.statements[0].anyPrincipal).to.equal(true);
            expect(description.warnings.map((w) => w.code)).to.include(TrustWarningCode.AnyPrincipal);
            expect(accessAdmits(accessThrough(description, GITHUB), GITHUB_TOKEN.subject, ["sts.amazonaws.com"])).to.equal(true);
        });
    }

    it('Principal "**" as a string is every principal too', () => {
        const policy = { Statement: [{ Effect: "Allow", Principal: "**", Action: ACTION }] };
        expect(simulateWithIamSimulate(policy, GITHUB_TOKEN).allowed).to.equal(true);
        expect(evaluateTrustPolicy(policy, GITHUB_TOKEN).allowed).to.equal(true);
        expect(describeTrust(policy).warnings.map((w) => w.code)).to.include(TrustWarningCode.AnyPrincipal);
    });

    it("a Deny of asterisks denies every token, as iam-simulate says", () => {
        const policy = { Statement: [{ Effect: "Allow", Principal: { Federated: GITHUB }, Action: ACTION }, { Effect: "Deny", Principal: { AWS: "**" }, Action: ACTION }] };
        expect(simulateWithIamSimulate(policy, GITHUB_TOKEN).allowed).to.equal(false);
        expect(evaluateTrustPolicy(policy, GITHUB_TOKEN).decision).to.equal(TrustDecisionKind.ExplicitDeny);
    });
});

describe("issue 23: a Deny naming an AWS account covers the web identities of that account", () => {
    const allowGithub = { Effect: "Allow", Principal: { Federated: GITHUB }, Action: ACTION, Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } };
    for (const account of ["arn:aws:iam::123456789012:root", "123456789012"]) {
        it(`{"Federated": A, "AWS": "${account}"} in a Deny denies a token of another provider of the account, as IAM does`, () => {
            const policy = { Version: "2012-10-17", Statement: [allowGithub, { Effect: "Deny", Principal: { Federated: PROVIDER_A, AWS: account }, Action: ACTION }] };
            expect(simulateWithIamSimulate(policy, GITHUB_TOKEN).allowed).to.equal(false);
            const decision = evaluateTrustPolicy(policy, GITHUB_TOKEN);
            expect([decision.decision, decision.matchedStatement]).to.deep.equal([TrustDecisionKind.ExplicitDeny, 1]);
            const answer = explainAccess(policy, { namespace: "prod", serviceAccount: "app", providerArn: GITHUB });
            expect(answer.decision.allowed).to.equal(false);
            const description = describeTrust(policy);
            expect(accessThrough(description, GITHUB)?.denies.map((d) => d.statement)).to.deep.equal([1]);
            expect(description.statements[1].accounts).to.deep.equal(["123456789012"]);
        });
    }

    it("a Deny of another account leaves the token allowed; an Allow of the account admits no web identity", () => {
        const other = { Version: "2012-10-17", Statement: [allowGithub, { Effect: "Deny", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: ACTION }] };
        expect(simulateWithIamSimulate(other, GITHUB_TOKEN).allowed).to.equal(true);
        expect(evaluateTrustPolicy(other, GITHUB_TOKEN).allowed).to.equal(true);
        const allowAccount = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: ACTION }] };
        expect(simulateWithIamSimulate(allowAccount, GITHUB_TOKEN).allowed).to.equal(false);
        expect(evaluateTrustPolicy(allowAccount, GITHUB_TOKEN).allowed).to.equal(false);
    });

    it('with Principal "*", --who gives the account a provider entry of its own, which the Deny covers', () => {
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: ACTION }, { Effect: "Deny", Principal: { AWS: "123456789012" }, Action: ACTION }] };
        const description = describeTrust(policy);
        expect(accessAdmits(accessThrough(description, GITHUB), GITHUB_TOKEN.subject, ["sts.amazonaws.com"])).to.equal(false);
        const elsewhere = "arn:aws:iam::999988887777:oidc-provider/token.actions.githubusercontent.com";
        expect(accessAdmits(accessThrough(description, elsewhere), GITHUB_TOKEN.subject, ["sts.amazonaws.com"])).to.equal(true);
        expect(simulateWithIamSimulate(policy, { ...GITHUB_TOKEN, providerArn: elsewhere }).allowed).to.equal(true);
        expect(description.providers.flatMap((p) => p.text).slice(0, 4)).to.deep.equal([
            'Through any other OIDC provider of account 123456789012 (Principal "*"), a token is admitted if it is one of:',
            "  - every token (no condition on sub or aud) (Statement 0)",
            "  unless it is one of:",
            "  - every token (no condition on sub or aud) (Statement 1, Deny)",
        ]);
    });
});

describe("issue 23: conditions on keys the model does not handle", () => {
    const sessionName = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_A },
                Action: ACTION,
                Condition: { StringLike: { [`${ISSUER_A}:sub`]: "*", "sts:RoleSessionName": "*" }, StringEquals: { [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    };

    it("are refused by the evaluator and by the default reading, as before", () => {
        expect(() => evaluateTrustPolicy(sessionName, { providerArn: PROVIDER_A, subject: "system:serviceaccount:a:b", audience: "sts.amazonaws.com" })).to.throw(
            UnsupportedPolicyError,
            'condition key "sts:RoleSessionName"',
        );
        expect(() => describeTrust(sessionName)).to.throw(UnsupportedPolicyError);
    });

    it("held true in an Allow by mostAccess: StringLike :sub * with sts:RoleSessionName * admits every ServiceAccount", () => {
        const most = describeTrust(sessionName, { unmodelled: "mostAccess" });
        expect(most.assumedKeys).to.deep.equal(["sts:RoleSessionName"]);
        expect(most.warnings.map((w) => w.code)).to.include(TrustWarningCode.WholeSubjectPattern);
        expect(most.warnings.map((w) => w.code)).not.to.include(TrustWarningCode.IssuerMismatch);
        const least = describeTrust(sessionName, { unmodelled: "leastAccess" });
        expect(least.providers[0].allows).to.deep.equal([]);
    });

    it("held false in a Deny by mostAccess, and true by leastAccess", () => {
        const deny = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION },
                { Effect: "Deny", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
            ],
        };
        const subject = "system:serviceaccount:a:b";
        expect(accessAdmits(accessThrough(describeTrust(deny, { unmodelled: "mostAccess" }), PROVIDER_A), subject, [])).to.equal(true);
        expect(accessAdmits(accessThrough(describeTrust(deny, { unmodelled: "leastAccess" }), PROVIDER_A), subject, [])).to.equal(false);
    });
});

// The model's property (tests/policy/policyModelProperty.ts, seed 20261129) with issue 23's generator, run against the
// code before the fix: each shrunk counterexample, and what iam-simulate says of it.
describe("issue 23: shrunk counterexamples of the property run", () => {
    const A = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
    const B = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/BBBB";
    const C = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/CCCC";
    const token = (providerArn: string, audience: string | string[]) => ({ providerArn, subject: "system:serviceaccount:z9b830e28-ze23976e2:my-s3-role", audience });
    const agree = (policy: object, request: ReturnType<typeof token>, allowed: boolean) => {
        expect(simulateWithIamSimulate(policy, request).allowed).to.equal(allowed);
        expect(evaluateTrustPolicy(policy, request).allowed).to.equal(allowed);
        const audiences = [request.audience].flat();
        expect(accessAdmits(accessThrough(describeTrust(policy), request.providerArn), request.subject, audiences)).to.equal(allowed);
    };

    it('Principal "**" (was refused as invalid): allowed', () => {
        agree({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "**", Action: ACTION }] }, token(A, "sts.amazonaws.com"), true);
    });

    it('{"Federated": A, "AWS": "**"} and a token of B without audience (was denied): allowed', () => {
        agree({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: A, AWS: "**" }, Action: ACTION }] }, token(B, []), true);
    });

    it('a Deny of {"Federated": A, "AWS": "arn:aws:iam::123456789012:root"} and an Allow of C, a token of C (was allowed): denied', () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Deny", Principal: { Federated: A, AWS: "arn:aws:iam::123456789012:root" }, Action: ACTION },
                { Effect: "Allow", Principal: { Federated: C }, Action: ACTION },
            ],
        };
        agree(policy, token(C, "sts.amazonaws.com"), false);
    });
});
