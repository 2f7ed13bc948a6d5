import { expect } from "chai";
import { describeTrust, evaluateTrustPolicy, UnsupportedPolicyError } from "../../index";

// Policies a hostile or careless author could write, which eks-irsa must refuse rather than read otherwise than IAM.
const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const REQUEST = { providerArn: PROVIDER, subject: "system:serviceaccount:ns:sa", audience: "sts.amazonaws.com" };

function withCondition(conditionJson: string): string {
    return (
        `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER}"},` +
        `"Action":"sts:AssumeRoleWithWebIdentity","Condition":${conditionJson}}]}`
    );
}

describe("hostile policies: duplicate keys", () => {
    // JSON.parse keeps the last "…:sub", so eks-irsa read this as admitting only ns:other (and denied ns:sa); IAM's reading
    // of a duplicate key is not documented, and if it keeps the first, ns:sa is admitted: less access reported than granted.
    const twiceInOneObject = withCondition(`{"StringEquals":{"${ISSUER}:sub":"system:serviceaccount:ns:sa","${ISSUER}:sub":"system:serviceaccount:ns:other"}}`);

    it("refuses a key written twice in one object, in the evaluator and in describeTrust", () => {
        expect(() => evaluateTrustPolicy(twiceInOneObject, REQUEST)).to.throw(UnsupportedPolicyError, `the key "${ISSUER}:sub" twice in one object`);
        expect(() => describeTrust(twiceInOneObject)).to.throw(UnsupportedPolicyError, `the key "${ISSUER}:sub" twice in one object`);
    });

    it("refuses an element written twice, such as two Effects or two Condition operators", () => {
        const twoEffects = `{"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Effect":"Allow"}}`;
        expect(() => describeTrust(twoEffects)).to.throw(UnsupportedPolicyError, `the key "Effect" twice in one object`);
        const twoOperators = withCondition(`{"StringEquals":{"${ISSUER}:sub":"system:serviceaccount:ns:sa"},"StringEquals":{"${ISSUER}:aud":"x"}}`);
        expect(() => describeTrust(twoOperators)).to.throw(UnsupportedPolicyError, `the key "StringEquals" twice in one object`);
    });

    it("refuses keys spelled with an escape that JSON decodes to the same key", () => {
        const escaped = `{"Statement":{"Effect":"Allow","\\u0045ffect":"Deny","Principal":"*","Action":"*"}}`;
        expect(() => describeTrust(escaped)).to.throw(UnsupportedPolicyError, `the key "Effect" twice in one object`);
    });

    it("still reads equal keys in different objects, and strings that look like keys", () => {
        const policy = withCondition(
            `{"StringEquals":{"${ISSUER}:sub":"system:serviceaccount:ns:sa"},"StringLike":{"${ISSUER}:sub":"system:serviceaccount:n*:sa","${ISSUER}:aud":["\\"x\\":", "sts.amazonaws.com"]}}`,
        );
        expect(evaluateTrustPolicy(policy, REQUEST).allowed).to.equal(true);
    });
});

describe("hostile policies: built-in web identity providers", () => {
    // `--who` said "admits nothing: no token arrives through it" of a role that any Google account can assume.
    for (const provider of ["accounts.google.com", "graph.facebook.com", "www.amazon.com", "cognito-identity.amazonaws.com"]) {
        it(`refuses Federated "${provider}" instead of reporting that it admits nothing`, () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: [PROVIDER, provider] }, Action: "sts:AssumeRoleWithWebIdentity" }] };
            const feature = `Federated principal "${provider}", a web identity provider rather than an IAM OIDC provider ARN`;
            expect(() => describeTrust(policy)).to.throw(UnsupportedPolicyError, feature);
            expect(() => evaluateTrustPolicy(policy, REQUEST)).to.throw(UnsupportedPolicyError, feature);
        });
    }
});
