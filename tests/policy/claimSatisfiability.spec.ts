import { expect } from "chai";
import { describeTrust, TrustWarningCode, UnsupportedPolicyError } from "../../index";
import { someValueMeets } from "../../src/policy/claimSatisfiability";
import { parsePolicy } from "../../src/policy/policyModel";
import { simulateWithIamSimulate } from "../oracle/ironOracle";

const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/CCCC";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const statementWith = (condition: object) => ({ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition });
const policyWith = (condition: object) => ({ Version: "2012-10-17", Statement: [statementWith(condition)] });
/** The conditions of a policy's only statement, as the model reads them. */
const conditionsOf = (condition: object) => parsePolicy(policyWith(condition)).statements[0].conditions;
const every = (description: ReturnType<typeof describeTrust>) =>
    description.warnings.filter((w) => w.code === TrustWarningCode.NoSubjectCondition || w.code === TrustWarningCode.WholeSubjectPattern).length;

describe("someValueMeets: whether one value meets every condition, patterns and negations included", () => {
    it("finds a value a pattern and its negation leave, and none where they leave nothing", () => {
        expect(someValueMeets(conditionsOf({ StringLike: { [`${ISSUER}:aud`]: "sts.*" }, StringNotLike: { [`${ISSUER}:aud`]: "sts.amazonaws.*" } }))).to.equal(true);
        expect(someValueMeets(conditionsOf({ StringLike: { [`${ISSUER}:aud`]: "sts.*" }, StringNotLike: { [`${ISSUER}:aud`]: ["sts.?*", "sts."] } }))).to.equal(false);
    });

    it("reads StringEquals values literally: `sts.*` under StringEquals is one value, which StringLike `sts.?` does not match", () => {
        expect(someValueMeets(conditionsOf({ StringEquals: { [`${ISSUER}:aud`]: "sts.*" }, StringLike: { [`${ISSUER}:aud`]: "sts.?" } }))).to.equal(true);
        expect(someValueMeets(conditionsOf({ StringEquals: { [`${ISSUER}:aud`]: "sts.*" }, StringLike: { [`${ISSUER}:aud`]: "sts.??" } }))).to.equal(false);
    });

    it("gives up (undefined) on patterns too intricate to search, and the statement then stays: never less access than IAM grants", () => {
        const patterns = Array.from({ length: 12 }, (_, i) => `*${String.fromCharCode(97 + i)}*${String.fromCharCode(98 + i)}*${String.fromCharCode(99 + i)}*`);
        const condition = { StringLike: { [`${ISSUER}:aud`]: patterns.slice(0, 6) }, StringNotLike: { [`${ISSUER}:aud`]: patterns.slice(6) }, "ForAnyValue:StringLike": { [`${ISSUER}:aud`]: "*q*r*s*t*" } };
        expect(someValueMeets(conditionsOf(condition))).to.equal(undefined);
        expect(describeTrust(policyWith(condition)).statements[0].admitsNothing).to.equal(false);
    });

    it("needs a value no pattern names when the conditions exclude every named one", () => {
        // Everything but the two named audiences and anything under sts.: e.g. a character no pattern names.
        expect(someValueMeets(conditionsOf({ StringNotEquals: { [`${ISSUER}:aud`]: ["a", "b"] }, StringNotLike: { [`${ISSUER}:aud`]: ["sts.*", ""] } }))).to.equal(true);
    });
});

// Shrunk counterexamples of the policy pack's oracle property (tests/policypack/oracle.property.spec.ts), kept by name.
describe("explain: statements whose conditions no token meets admit nobody (regressions)", () => {
    const cases: [string, object][] = [
        ["ForAnyValue:StringLike sts.* beside StringNotLikeIfExists sts.* (seed 4)", { "ForAnyValue:StringLike": { [`${ISSUER}:aud`]: "sts.*" }, StringNotLikeIfExists: { [`${ISSUER}:aud`]: "sts.*" } }],
        ["ForAnyValue on :aud beside Null true on it (seed 20261129)", { "ForAnyValue:StringLike": { [`${ISSUER}:aud`]: "vault" }, Null: { [`${ISSUER}:aud`]: "true" } }],
        ["ForAllValues and ForAnyValue StringEquals with values no audience meets both ways", { "ForAllValues:StringEquals": { [`${ISSUER}:aud`]: "sts.amazonaws.co?" }, "ForAnyValue:StringEquals": { [`${ISSUER}:aud`]: "sts.*" } }],
    ];
    for (const [what, condition] of cases) {
        it(`${what}: no "every ServiceAccount" warning, and iam-simulate admits nobody either`, () => {
            const description = describeTrust(policyWith(condition));
            expect(every(description)).to.equal(0);
            expect(description.statements[0].admitsNothing).to.equal(true);
            for (const audience of [["sts.amazonaws.com"], ["vault"], ["sts.amazonaws.com", "vault"], ["sts.x"], []]) {
                expect(simulateWithIamSimulate(policyWith(condition), { providerArn: PROVIDER, subject: "system:serviceaccount:a:b", audience }).allowed, audience.join()).to.equal(false);
            }
        });
    }

    it("one issuer's :aud under two spellings of its key in one block (seed 20261129): refused, since IAM may read them as one key", () => {
        // iam-simulate tests both (nobody is admitted), as the model once did; a reading that keeps one would admit its audience.
        const condition = { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com", [`${ISSUER.toUpperCase()}:AUD`]: "vault" } };
        expect(() => describeTrust(policyWith(condition))).to.throw(UnsupportedPolicyError, /beside .* in one "StringEquals" block/);
        expect(simulateWithIamSimulate(policyWith(condition), { providerArn: PROVIDER, subject: "system:serviceaccount:a:b", audience: ["vault"] }).allowed).to.equal(false);
    });

    it('still says "every ServiceAccount" where one audience, not named by the policy, passes (seed 8)', () => {
        const condition = {
            StringLike: { [`${ISSUER}:aud`]: "sts.amazonaws.co?" },
            "ForAnyValue:StringNotEquals": { [`${ISSUER}:aud`]: "sts.amazonaws.co?" },
            StringNotEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
        };
        expect(every(describeTrust(policyWith(condition)))).to.equal(1);
        expect(simulateWithIamSimulate(policyWith(condition), { providerArn: PROVIDER, subject: "system:serviceaccount:a:b", audience: ["sts.amazonaws.coa"] }).allowed).to.equal(true);
    });

    it('still says "every ServiceAccount" where a token with two audiences passes (seed 10)', () => {
        const condition = { "ForAnyValue:StringLike": { [`${ISSUER}:aud`]: "sts.amazonaws.com" }, "ForAnyValue:StringEquals": { [`${ISSUER}:aud`]: "STS.amazonaws.com" } };
        expect(every(describeTrust(policyWith(condition)))).to.equal(1);
        const audience = ["sts.amazonaws.com", "STS.amazonaws.com"];
        expect(simulateWithIamSimulate(policyWith(condition), { providerArn: PROVIDER, subject: "system:serviceaccount:a:b", audience }).allowed).to.equal(true);
    });
});

describe("explain: a subject tested only by negated conditions (regression, seed 2)", () => {
    it("warns that every ServiceAccount they do not exclude is admitted, even when no namespace or name is wholly open", () => {
        const sub = `${ISSUER}:sub`;
        const description = describeTrust(
            policyWith({ StringNotLike: { [sub]: "system:serviceaccount:payments:*" }, "ForAllValues:StringNotLike": { [sub]: "system:serviceaccount:?*:app" }, StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }),
        );
        expect(description.warnings.map((w) => w.code)).to.deep.equal([TrustWarningCode.OnlyNegatedSubject]);
        expect(description.warnings[0].message).to.equal(
            `Statement 0 tests ${sub} only with negated conditions, so every ServiceAccount they do not exclude, in namespaces created later too, can assume the role. ` +
                `Name what it admits: "StringEquals": {"${sub}": "system:serviceaccount:<namespace>:<name>"}.`,
        );
    });

    it("says it alone where the exclusions also leave a whole namespace or name open: one finding, the mandatory one", () => {
        const description = describeTrust(policyWith({ StringNotEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:app" }, StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }));
        expect(description.warnings.map((w) => w.code)).to.deep.equal([TrustWarningCode.OnlyNegatedSubject]);
    });
});
