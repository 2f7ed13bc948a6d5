import { expect } from "chai";
import { PolicyName, validateRole } from "./packHarness";

// Issue 23, a hostile author's review of the pack: a role is left alone only when every principal is one the pack knows
// cannot be a workload; a principal IAM may read otherwise goes to the model, which refuses it (mandatory).
const ISSUER_A = "oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
const PROVIDER_A = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_A}`;
const ACTION = "sts:AssumeRoleWithWebIdentity";
const levels = (violations: { policy: string; enforcementLevel: string }[]) => violations.map((v) => [v.policy, v.enforcementLevel]);
const one = (statement: object) => ({ Version: "2012-10-17", Statement: [statement] });

describe("issue 23 (hostile author): the pack does not leave alone a role whose principal it cannot place", () => {
    for (const principal of [{ FEDERATED: PROVIDER_A }, { federated: PROVIDER_A }, { aws: "*" }, { CanonicalUser: "*" }]) {
        it(`Principal ${JSON.stringify(principal)} is reported (mandatory), not passed as a role without workload trust`, async () => {
            const violations = await validateRole(JSON.stringify(one({ Effect: "Allow", Principal: principal, Action: ACTION })));
            expect(levels(violations)).to.deep.equal([[PolicyName.UnsupportedTrustPolicy, "mandatory"]]);
        });
    }

    for (const service of ["PODS.EKS.AMAZONAWS.COM", "*", "pods.eks.*"]) {
        it(`{"Service": "${service}"} is reported (mandatory): IAM may read it as pods.eks.amazonaws.com`, async () => {
            const violations = await validateRole(one({ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }));
            expect(levels(violations)).to.deep.include([PolicyName.UnsupportedTrustPolicy, "mandatory"]);
            expect(violations.find((v) => v.policy === PolicyName.UnsupportedTrustPolicy)?.message).to.contain("which IAM may read as pods.eks.amazonaws.com");
        });
    }

    it("a Federated statement beside {\"Service\": \"Pods.eks.amazonaws.com\"} is reported (mandatory)", async () => {
        const policy = one({
            Effect: "Allow",
            Principal: { Federated: PROVIDER_A, Service: "Pods.eks.amazonaws.com" },
            Action: "*",
            Condition: { StringEquals: { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } },
        });
        expect(levels(await validateRole(policy))).to.deep.include([PolicyName.UnsupportedTrustPolicy, "mandatory"]);
    });

    it('{":sub": <one ServiceAccount>, ":SUB": "*"} in one block is reported (mandatory), not only the advisory pattern finding', async () => {
        const policy = one({
            Effect: "Allow",
            Principal: { Federated: PROVIDER_A },
            Action: ACTION,
            Condition: { StringLike: { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_A}:SUB`]: "*" }, StringEquals: { [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } },
        });
        expect(levels(await validateRole(policy))).to.deep.equal([[PolicyName.UnsupportedTrustPolicy, "mandatory"]]);
    });

    it("a role of other services and accounts only is still left alone", async () => {
        const policy = one({ Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"], AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" });
        expect(await validateRole(policy)).to.deep.equal([]);
    });
});

describe("issue 23 (hostile author): pod-identity-session-tags decides over the names Kubernetes allows", () => {
    const everyName = [..."abcdefghijklmnopqrstuvwxyz0123456789"].map((c) => `${c}*`);
    const podIdentity = (condition: object) =>
        one({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: condition });

    it('["a*", ..., "9*"] on the namespace and the ServiceAccount is reported: "-" fails it, but no Kubernetes name does', async () => {
        const violations = await validateRole(
            podIdentity({ StringLike: { "aws:RequestTag/kubernetes-namespace": everyName, "aws:RequestTag/kubernetes-service-account": everyName } }),
        );
        expect(levels(violations)).to.deep.equal([[PolicyName.PodIdentitySessionTags, "advisory"]]);
        expect(violations[0].message).to.contain("without a condition on aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account");
    });

    it("a namespace pattern that some namespace fails is still a test", async () => {
        const violations = await validateRole(
            podIdentity({ StringLike: { "aws:RequestTag/kubernetes-namespace": everyName.slice(1), "aws:RequestTag/kubernetes-service-account": "app" } }),
        );
        expect(violations).to.deep.equal([]);
    });
});

describe("issue 23 (hostile author): the pack sends a Federated value that may be a provider's to the model", () => {
    for (const federated of [`${PROVIDER_A} `, PROVIDER_A.replace("oidc-provider", "OIDC-Provider")]) {
        it(`{"Federated": ${JSON.stringify(federated)}} with no condition is reported (mandatory), not left alone`, async () => {
            const violations = await validateRole(one({ Effect: "Allow", Principal: { Federated: federated }, Action: ACTION }));
            expect(levels(violations)).to.deep.equal([[PolicyName.UnsupportedTrustPolicy, "mandatory"]]);
        });
    }
});
