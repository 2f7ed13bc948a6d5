import { expect } from "chai";
import { describeTrust, describeWhoMayAssume, evaluatePodIdentityAssociation, evaluateTrustPolicy, tagAdmitsEveryName, TrustWarningCode, UnsupportedPolicyError } from "../../index";
import { formatTrust } from "../../src/cli/cliFormat";
import { simulatePodIdentityWithIamSimulate, simulateWithIamSimulate } from "../oracle/ironOracle";

// Issue 23, a hostile author's review of the readers: forms IAM may read otherwise than the model did are refused by
// every reader (refusing is always acceptable; a narrow answer that may be wrong never is).
const ISSUER_A = "oidc.eks.eu-west-3.amazonaws.com/id/AAAA";
const PROVIDER_A = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_A}`;
const ACTION = "sts:AssumeRoleWithWebIdentity";
const TOKEN = { providerArn: PROVIDER_A, subject: "system:serviceaccount:prod:app", audience: "sts.amazonaws.com" };
const STRANGER = { providerArn: PROVIDER_A, subject: "system:serviceaccount:kube-system:anything", audience: "sts.amazonaws.com" };
const ASSOCIATION = { clusterArn: "arn:aws:eks:eu-west-3:123456789012:cluster/other", namespace: "attacker", serviceAccount: "any" };

function refusedByEveryReader(policy: object, feature: RegExp): void {
    for (const read of [() => evaluateTrustPolicy(policy, TOKEN), () => describeTrust(policy), () => describeWhoMayAssume(policy), () => describeTrust(policy, { unmodelled: "mostAccess" })]) {
        expect(read).to.throw(UnsupportedPolicyError, feature);
    }
}

describe("issue 23 (hostile author): one condition key twice in a block, in different case", () => {
    // IAM compares condition key names ignoring case, so the two entries name one key; whether IAM tests both (as the
    // model and iam-simulate do) or keeps one of them is not documented. Keeping the "*" admits every ServiceAccount.
    const policy = (first: string, second: string) => ({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_A },
                Action: ACTION,
                Condition: { StringLike: { [`${ISSUER_A}${first}`]: "system:serviceaccount:prod:app", [`${ISSUER_A}${second}`]: "*" }, StringEquals: { [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    });

    it('{":sub": <one ServiceAccount>, ":SUB": "*"} is refused by every reader, not read as one ServiceAccount', () => {
        const p = policy(":sub", ":SUB");
        // iam-simulate tests both, as the model did; a last-wins reading would let the stranger in.
        expect(simulateWithIamSimulate(p, STRANGER).allowed).to.equal(false);
        refusedByEveryReader(p, /condition key ".*:SUB" beside ".*:sub" in one "StringLike" block/);
    });

    it("the same for keys differing in the case of the issuer's host", () => {
        const p = policy(":sub", ":sub") as { Statement: { Condition: { StringLike: Record<string, string> } }[] };
        p.Statement[0].Condition.StringLike = { [`${ISSUER_A}:sub`]: "system:serviceaccount:prod:app", [`${ISSUER_A.toUpperCase()}:sub`]: "*" };
        refusedByEveryReader(p, /in one "StringLike" block/);
    });
});

describe("issue 23 (hostile author): a Service principal IAM may read as pods.eks.amazonaws.com", () => {
    const tagged = { StringEquals: { "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-3:123456789012:cluster/prod", "aws:RequestTag/kubernetes-namespace": "prod" } };
    for (const service of ["PODS.EKS.AMAZONAWS.COM", "Pods.eks.amazonaws.com", "*", "pods.eks.*", "*.amazonaws.com", ["ec2.amazonaws.com", "pods.*"]]) {
        it(`{"Service": ${JSON.stringify(service)}} is refused by every reader, not read as another service`, () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }] };
            refusedByEveryReader(policy, /Service principal ".*", which IAM may read as pods\.eks\.amazonaws\.com/);
            expect(() => evaluatePodIdentityAssociation(policy, ASSOCIATION)).to.throw(UnsupportedPolicyError);
        });
    }

    it("beside a Federated principal, it is refused too: --who would otherwise say no association gets in", () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Federated: PROVIDER_A, Service: "Pods.EKS.amazonaws.com" }, Action: "*", Condition: { StringEqualsIfExists: { [`${ISSUER_A}:sub`]: TOKEN.subject } } },
                { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: tagged },
            ],
        };
        refusedByEveryReader(policy, /Service principal "Pods\.EKS\.amazonaws\.com"/);
    });

    it("the exact name is still read, and other services are still no workload", () => {
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: tagged }] };
        expect(evaluatePodIdentityAssociation(policy, ASSOCIATION).allowed).to.equal(simulatePodIdentityWithIamSimulate(policy, ASSOCIATION).allowed);
        expect(() => describeTrust({ Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] })).to.throw(UnsupportedPolicyError, /principal type "Service" without/);
    });
});

describe("issue 23 (hostile author): tagAdmitsEveryName", () => {
    const everyName = [..."abcdefghijklmnopqrstuvwxyz0123456789"].map((c) => `${c}*`);
    const on = (tag: string, values: string[], like = true, negated = false) => tagAdmitsEveryName({ tag: tag as never, values, like, negated });

    it("decides over DNS-1123 names, not over every string", () => {
        expect(on("kubernetes-namespace", everyName)).to.equal(true);
        expect(on("kubernetes-service-account", everyName)).to.equal(true);
        expect(on("kubernetes-namespace", ["?*"])).to.equal(true);
        expect(on("kubernetes-namespace", everyName.slice(1))).to.equal(false);
        expect(on("kubernetes-namespace", ["prod"], false)).to.equal(false);
        expect(on("kubernetes-namespace", ["*:*"])).to.equal(false);
        expect(on("kubernetes-service-account", ["*-*"], true, true)).to.equal(false);
        expect(on("kubernetes-namespace", ["*-*"], true, true)).to.equal(false);
        expect(on("kubernetes-namespace", ["-*"], true, true)).to.equal(true);
        expect(on("eks-cluster-arn", ["*"])).to.equal(false);
    });
});

describe("issue 23 (hostile author): --who names the principals it does not analyse instead of saying they admit nothing", () => {
    const irsa = { Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringEquals: { [`${ISSUER_A}:sub`]: TOKEN.subject, [`${ISSUER_A}:aud`]: "sts.amazonaws.com" } } };
    const cases: [string, object, string][] = [
        ["another account's root", { AWS: "arn:aws:iam::999988887777:root" }, "sts:AssumeRole"],
        ["a role and a bare account id", { AWS: ["arn:aws:iam::999988887777:role/deployer", "999988887777"] }, "sts:*"],
        ["a SAML provider", { Federated: "arn:aws:iam::123456789012:saml-provider/corp" }, "*"],
    ];
    for (const [what, principal, action] of cases) {
        it(`an Allow of ${what} with ${action}: an OtherPrincipal warning names it, and its --who line does not say "admits nothing"`, () => {
            const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: action }, irsa] };
            const description = describeWhoMayAssume(policy);
            const warning = description.warnings.find((w) => w.code === TrustWarningCode.OtherPrincipal);
            const named = Object.values(principal).flat() as string[];
            expect(warning?.statement).to.equal(0);
            named.forEach((value) => expect(warning?.message).to.contain(value));
            expect(description.statements[0].otherPrincipals).to.deep.equal(named);
            const text = formatTrust(description);
            expect(text).to.not.match(/Statement 0 [^\n]*\n {2}admits nothing/);
            expect(text).to.contain(`${named.join(", ")} may call sts:AssumeRole itself`);
        });
    }

    it("no warning where the statement allows only sts:AssumeRoleWithWebIdentity, nor for a Deny", () => {
        for (const statement of [
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: ACTION },
            { Effect: "Deny", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "sts:AssumeRole" },
        ]) {
            expect(describeTrust({ Version: "2012-10-17", Statement: [statement, irsa] }).warnings.map((w) => w.code)).to.not.include(TrustWarningCode.OtherPrincipal);
        }
    });
});

describe("issue 23 (hostile author): principals IAM may read otherwise than as written", () => {
    const cases: [string, object][] = [
        ["a provider ARN with a trailing space", { Federated: `${PROVIDER_A} ` }],
        ["a provider ARN in capitals", { Federated: PROVIDER_A.replace("oidc-provider", "OIDC-PROVIDER") }],
        ["a provider ARN with a space inside", { Federated: PROVIDER_A.replace("oidc-provider/", "oidc-provider/ ") }],
        ["an account root with a trailing space, in a Deny", { AWS: "arn:aws:iam::123456789012:root " }],
    ];
    for (const [what, principal] of cases) {
        it(`${what} is refused by every reader, not read as naming nobody`, () => {
            const policy = {
                Version: "2012-10-17",
                Statement: [{ Effect: what.includes("Deny") ? "Deny" : "Allow", Principal: principal, Action: ACTION }, { Effect: "Allow", Principal: { Federated: PROVIDER_A }, Action: ACTION, Condition: { StringEquals: { [`${ISSUER_A}:sub`]: TOKEN.subject } } }],
            };
            refusedByEveryReader(policy, /which IAM may read otherwise than as written/);
        });
    }
});
