import { expect } from "chai";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { PolicyName, validateRole } from "./packHarness";

// Issue 23: the pack reads policy text through the model's one entry point, reads "**" as "*", keeps the level of a
// breadth violation found with conditions it does not model held true, and reports what it cannot decide as mandatory.
const ISSUER_A = "oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
const PROVIDER_A = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_A}`;
const GITHUB = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const ACTION = "sts:AssumeRoleWithWebIdentity";
const SUB = `${ISSUER_A}:sub`;
const AUD = `${ISSUER_A}:aud`;

const levels = (violations: { policy: string; enforcementLevel: string }[]) => violations.map((v) => [v.policy, v.enforcementLevel]);

describe("issue 23: the pack reads a principal of asterisks as every principal", () => {
    it('{"Federated": A, "AWS": "**"} with conditions on A\'s keys is flagged by irsa-subject-condition (mandatory)', async () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER_A, AWS: "**" },
                    Action: ACTION,
                    Condition: { StringEqualsIfExists: { [SUB]: "system:serviceaccount:prod:app", [AUD]: "sts.amazonaws.com" } },
                },
            ],
        };
        expect(simulateWithIamSimulate(policy, { providerArn: GITHUB, subject: "repo:someone/anything:ref:refs/heads/main", audience: "sts.amazonaws.com" }).allowed).to.equal(true);
        const violations = await validateRole(JSON.stringify(policy));
        expect(levels(violations)).to.deep.include([PolicyName.SubjectCondition, "mandatory"]);
        expect(violations.find((v) => v.policy === PolicyName.SubjectCondition)?.message).to.match(/^Statement 0 trusts Principal "\*": any principal/);
    });

    it('a role whose only workload principal is {"AWS": "***"} is not left alone', async () => {
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/ci", "***"] }, Action: ACTION }] };
        expect(levels(await validateRole(policy))).to.deep.include([PolicyName.SubjectCondition, "mandatory"]);
    });
});

describe("issue 23: the pack reads policy text as explain does", () => {
    it("refuses, as mandatory, a policy with a key twice that JSON.parse would read as narrow", async () => {
        // JSON.parse keeps the second StringLike (one ServiceAccount); IAM may keep the first (every ServiceAccount).
        const text =
            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER_A}"},"Action":"${ACTION}",` +
            `"Condition":{"StringLike":{"${SUB}":"*"},"StringLike":{"${SUB}":"system:serviceaccount:prod:app"},"StringEquals":{"${AUD}":"sts.amazonaws.com"}}}]}`;
        const violations = await validateRole(text);
        expect(levels(violations)).to.deep.equal([[PolicyName.UnsupportedTrustPolicy, "mandatory"]]);
        expect(violations[0].message).to.contain('it uses the key "StringLike" twice in one object');
    });

    it("still checks the size of such a policy", async () => {
        const statement = `{"Effect":"Allow","Effect":"Allow","Principal":{"Federated":"${PROVIDER_A}"},"Action":"${ACTION}","Condition":{"StringEquals":{"${SUB}":"${"x".repeat(2100)}"}}}`;
        const violations = await validateRole(`{"Version":"2012-10-17","Statement":[${statement}]}`);
        expect(violations.map((v) => v.policy)).to.deep.equal([PolicyName.TrustPolicySize, PolicyName.UnsupportedTrustPolicy]);
    });
});

describe("issue 23: fail closed on conditions the model does not handle", () => {
    const withConditions = (condition: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: condition }] });

    it('StringLike {":sub": "*", "sts:RoleSessionName": "*"} is the mandatory irsa-subject-condition, not only an advisory', async () => {
        const policy = withConditions({ StringLike: { [SUB]: "*", "sts:RoleSessionName": "*" }, StringEquals: { [AUD]: "sts.amazonaws.com" } });
        const violations = await validateRole(JSON.stringify(policy));
        expect(levels(violations)).to.deep.equal([
            [PolicyName.SubjectCondition, "mandatory"],
            [PolicyName.SubjectPatterns, "advisory"],
        ]);
        expect(violations[0].message).to.contain("Read as if the conditions on sts:RoleSessionName, which eks-irsa does not model, held in every Allow and in no Deny");
    });

    it("a narrow statement with a session-name condition passes: the caller's choice cannot widen it", async () => {
        const policy = withConditions({ StringEquals: { [SUB]: "system:serviceaccount:prod:app", [AUD]: "sts.amazonaws.com", "sts:RoleSessionName": "ci" } });
        expect(await validateRole(policy)).to.deep.equal([]);
    });

    it("breadth that depends on a key the caller does not choose is reported as undecidable, mandatory by default", async () => {
        const policy = withConditions({ StringLike: { [SUB]: "*" }, StringEquals: { [AUD]: "sts.amazonaws.com" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } });
        const violations = await validateRole(policy);
        expect(levels(violations)).to.deep.equal([
            [PolicyName.SubjectCondition, "mandatory"],
            [PolicyName.SubjectPatterns, "advisory"],
            [PolicyName.UnsupportedTrustPolicy, "mandatory"],
        ]);
        expect(violations[2].message).to.match(/^Whom this trust policy admits depends on its conditions on aws:SourceIp, which eks-irsa does not model/);
        expect(violations[2].message).to.contain('{"irsa-unsupported-trust-policy": "advisory"}');
    });

    it("a Deny on an unmodelled key does not hide an open Allow", async () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringEquals: { [AUD]: "sts.amazonaws.com" } } },
                { Effect: "Deny", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringNotEquals: { "sts:RoleSessionName": "ci" } } },
            ],
        };
        expect(levels(await validateRole(policy))).to.deep.equal([[PolicyName.SubjectCondition, "mandatory"]]);
    });
});

// The pack's property (tests/policypack/packOracleProperty.ts, seed 20261129) while it was written: its shrunk
// counterexamples, which the pack handled as meant and the property's expectations now say.
describe("issue 23: shrunk counterexamples of the pack's property run", () => {
    it("a role whose only principal is an account is left alone, and iam-simulate lets no token in", async () => {
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "123456789012" }, Action: ACTION }] };
        expect(await validateRole(JSON.stringify(policy))).to.deep.equal([]);
        expect(simulateWithIamSimulate(policy, { providerArn: PROVIDER_A, subject: "system:serviceaccount:a:b", audience: "sts.amazonaws.com" }).allowed).to.equal(false);
    });

    it("session-name conditions no caller meets together are held true one by one: a false alarm, on the side of caution", async () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER_A },
                    Action: ACTION,
                    Condition: {
                        StringEquals: { "sts:RoleSessionName": "system:serviceaccount:z9b830e28-ze23976e2:my-s3-role" },
                        "ForAllValues:StringLikeIfExists": { "sts:RoleSessionName": "system:serviceaccount:kube-system:?efault" },
                    },
                },
            ],
        };
        expect(levels(await validateRole(JSON.stringify(policy)))).to.deep.include([PolicyName.SubjectCondition, "mandatory"]);
        const stranger = { providerArn: PROVIDER_A, subject: "system:serviceaccount:qb0:wbb", audience: "sts.amazonaws.com" };
        for (const name of ["system:serviceaccount:z9b830e28-ze23976e2:my-s3-role", "system:serviceaccount:kube-system:default"]) {
            expect(simulateWithIamSimulate(policy, stranger, { "sts:RoleSessionName": name }).allowed).to.equal(false);
        }
    });
});
