import { expect } from "chai";
import { IrsaArgumentError } from "../../index";
import { buildTrustPolicy, checkTrustPolicySize, policySize, renderTrustPolicy, serviceAccountSubject, TrustedProvider } from "../../src/policy/trustPolicy";
import { ISSUER, PROVIDER_ARN, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT } from "../harness";

const provider: TrustedProvider = { arn: PROVIDER_ARN, issuer: ISSUER };
const blue: TrustedProvider = {
    arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/BLUE0000000000000000000000000000",
    issuer: "oidc.eks.us-east-2.amazonaws.com/id/BLUE0000000000000000000000000000",
};

describe("trust policy: the tutorial's environment-scoped role", () => {
    it("is StringEquals on the exact subject and on the audience, minified", () => {
        const policy = renderTrustPolicy(buildTrustPolicy([provider], [{ namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }], "sts.amazonaws.com"));
        expect(policy).to.equal(
            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER_ARN}"},` +
                `"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${ISSUER}:aud":"sts.amazonaws.com",` +
                `"${ISSUER}:sub":"system:serviceaccount:z9b830e28-ze23976e2:my-s3-role"}}}]}`,
        );
    });
});

describe("trust policy: the tutorial's cluster-scoped role", () => {
    it("is StringLike on system:serviceaccount:z*:<sa> and keeps the audience check the tutorial drops", () => {
        const policy = renderTrustPolicy(buildTrustPolicy([provider], [{ namespace: "z*", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }], "sts.amazonaws.com"));
        expect(policy).to.equal(
            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER_ARN}"},` +
                `"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${ISSUER}:aud":"sts.amazonaws.com"},` +
                `"StringLike":{"${ISSUER}:sub":"system:serviceaccount:z*:my-s3-role"}}}]}`,
        );
    });
});

describe("trust policy: several subjects", () => {
    it("lists exact subjects in one StringEquals array, in order, without duplicates", () => {
        const document = buildTrustPolicy(
            [provider],
            [
                { namespace: "prod", serviceAccountName: "api" },
                { namespace: "prod", serviceAccountName: "worker" },
                { namespace: "prod", serviceAccountName: "api" },
            ],
            "sts.amazonaws.com",
        );
        expect(document.Statement[0].Condition).to.deep.equal({
            StringEquals: {
                [`${ISSUER}:aud`]: "sts.amazonaws.com",
                [`${ISSUER}:sub`]: ["system:serviceaccount:prod:api", "system:serviceaccount:prod:worker"],
            },
        });
    });

    it("moves every subject to one StringLike array when any has a wildcard, since conditions of one statement are ANDed", () => {
        const document = buildTrustPolicy(
            [provider],
            [
                { namespace: "prod", serviceAccountName: "api" },
                { namespace: "z????????-z????????", serviceAccountName: "api" },
            ],
            "sts.amazonaws.com",
        );
        expect(document.Statement[0].Condition).to.deep.equal({
            StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${ISSUER}:sub`]: ["system:serviceaccount:prod:api", "system:serviceaccount:z????????-z????????:api"] },
        });
    });
});

describe("trust policy: several clusters", () => {
    it("has one statement per provider, each with its own issuer's condition keys", () => {
        const document = buildTrustPolicy([provider, blue, provider], [{ namespace: "prod", serviceAccountName: "api" }], "sts.amazonaws.com");
        expect(document.Statement.map((s) => s.Principal.Federated)).to.deep.equal([PROVIDER_ARN, blue.arn]);
        expect(document.Statement[1].Condition).to.deep.equal({
            StringEquals: { [`${blue.issuer}:aud`]: "sts.amazonaws.com", [`${blue.issuer}:sub`]: "system:serviceaccount:prod:api" },
        });
    });
});

describe("trust policy: size as IAM counts it", () => {
    const policy = renderTrustPolicy(buildTrustPolicy([provider], [{ namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }], "sts.amazonaws.com"));

    it("counts every character of the minified policy, which has no white space", () => {
        // The fixed skeleton of one statement plus the variable strings: ARN, the issuer twice, audience, subject.
        const skeleton = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":""},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{":aud":"",":sub":""}}}]}`;
        const variable = PROVIDER_ARN.length + 2 * ISSUER.length + "sts.amazonaws.com".length + serviceAccountSubject(TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT).length;
        expect(skeleton.length).to.equal(178);
        expect(policySize(policy)).to.equal(skeleton.length + variable);
        expect(policySize(policy)).to.equal(491);
    });

    it("does not count the white space of a pretty-printed policy", () => {
        expect(policySize(JSON.stringify(JSON.parse(policy), null, 4))).to.equal(491);
    });

    it("accepts a policy of exactly the limit and refuses one character more, naming the size, the limit and the fixes", () => {
        expect(() => checkTrustPolicySize(policy, 491)).not.to.throw();
        expect(() => checkTrustPolicySize(policy, 490))
            .to.throw(IrsaArgumentError)
            .with.property("message")
            .that.matches(/^invalid trustPolicySizeLimit 490: the trust policy has 491 characters .* quota of 490 .*namespacePattern.*trustPolicySizeLimit/);
    });

    it("serviceAccountSubject is the token's sub claim", () => {
        expect(serviceAccountSubject("ns", "sa")).to.equal("system:serviceaccount:ns:sa");
    });
});
