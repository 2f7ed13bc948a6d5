import { expect } from "chai";
import { accessAdmits, accessThrough, buildTrustPolicy, describeTrust, evaluateTrustPolicy, explainAccess, InvalidPolicyError, IrsaArgumentError, TrustWarningCode } from "../../index";
import { tutorialPolicies } from "../oracle/componentCases";

const TUTORIAL_ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx";
const TUTORIAL_AS_WRITTEN_PROVIDER = "arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx";
const TUTORIAL_PROVIDER = `arn:aws:iam::yyyyyyy:oidc-provider/${TUTORIAL_ISSUER}`;
const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const GREEN_ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/GREEN";
const GREEN = `arn:aws:iam::123456789012:oidc-provider/${GREEN_ISSUER}`;
const NAMESPACE = "z9b830e28-ze23976e2";

const tutorial = tutorialPolicies();
const corrected = (policy: object): object => JSON.parse(JSON.stringify(policy).split("us-east-2").join("eu-west-3"));
/** The tutorial's policy as a reader who replaced its placeholders and its region would end with. */
const completed = (policy: object): object =>
    JSON.parse(JSON.stringify(corrected(policy)).split("kubernetes_namespace").join(NAMESPACE).split("service_account_name").join("my-s3-role"));

function statement(condition: object, principal: object | string = { Federated: PROVIDER }, action: string | string[] = "sts:AssumeRoleWithWebIdentity"): object {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: action, Condition: condition }] };
}

const codes = (policy: object) => describeTrust(policy).warnings.map((w) => w.code);
const texts = (policy: object) => describeTrust(policy).statements.flatMap((s) => s.subjects.map((subject) => subject.text));

describe("describeTrust: the tutorial's environment policy as written", () => {
    const description = describeTrust(tutorial.environment);

    it("trusts the us-east-2 provider but tests a eu-west-3 key, so it admits nothing", () => {
        expect(description.statements).to.have.length(1);
        const [s] = description.statements;
        expect(s.providers).to.deep.equal([TUTORIAL_AS_WRITTEN_PROVIDER]);
        expect(s.issuers).to.deep.equal(["oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx"]);
        expect(s.foreignKeys).to.deep.equal([`${TUTORIAL_ISSUER}:sub`]);
        expect(s.admitsNothing).to.equal(true);
        expect(s.audiences).to.deep.equal([]);
    });

    it("still says whom it was meant for", () => {
        expect(description.statements[0].subjects).to.deep.equal([
            {
                operator: "StringEquals",
                value: "system:serviceaccount:kubernetes_namespace:service_account_name",
                pattern: false,
                negated: false,
                namespace: "kubernetes_namespace",
                serviceAccount: "service_account_name",
                keyIssuer: TUTORIAL_ISSUER,
                foreign: true,
                text: "ServiceAccount service_account_name in namespace kubernetes_namespace",
            },
        ]);
    });

    it("warns of the issuer mismatch only", () => {
        expect(description.warnings).to.deep.equal([
            {
                code: TrustWarningCode.IssuerMismatch,
                statement: 0,
                message:
                    "Statement 0 trusts the OIDC provider of oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx but its conditions test " +
                    `${TUTORIAL_ISSUER}:sub, keys of ${TUTORIAL_ISSUER} that its tokens never carry, so it admits no token at all. ` +
                    "Use one issuer in both: the cluster's OpenID Connect provider URL without https://.",
            },
        ]);
    });
});

describe("describeTrust: the tutorial's cluster policy", () => {
    it("as written: the z* pattern in words, and the same mismatch", () => {
        expect(texts(tutorial.cluster)).to.deep.equal(["ServiceAccount service_account_name in every namespace matching z* (any namespace whose name starts with z, not only Qovery's environments; z????????-z???????? admits only those)"]);
        expect(codes(tutorial.cluster)).to.deep.equal([TrustWarningCode.IssuerMismatch]);
    });

    it("region corrected: admits its subject, but the placeholder name cannot exist and the audience is not checked", () => {
        const description = describeTrust(corrected(tutorial.cluster));
        expect(description.statements[0].admitsNothing).to.equal(false);
        expect(description.statements[0].foreignKeys).to.deep.equal([]);
        expect(codes(corrected(tutorial.cluster))).to.deep.equal([TrustWarningCode.ImpossibleSubject, TrustWarningCode.NoAudienceCondition]);
        expect(description.warnings[0].message).to.contain('"service_account_name" is no valid ServiceAccount name');
    });

    it("completed (region and placeholders): only the missing audience condition", () => {
        expect(texts(completed(tutorial.cluster))).to.deep.equal(["ServiceAccount my-s3-role in every namespace matching z* (any namespace whose name starts with z, not only Qovery's environments; z????????-z???????? admits only those)"]);
        expect(describeTrust(completed(tutorial.cluster)).warnings.map((w) => w.message)).to.deep.equal([
            `Statement 0 does not check the token's audience (${TUTORIAL_ISSUER}:aud): a token for any client ID of the provider is accepted. ` +
                `AWS recommends "StringEquals": {"${TUTORIAL_ISSUER}:aud": "sts.amazonaws.com"}.`,
        ]);
    });
});

describe("describeTrust: the tutorial's environment policy corrected", () => {
    it("region corrected: both placeholders are impossible names, and no audience check", () => {
        expect(codes(corrected(tutorial.environment))).to.deep.equal([TrustWarningCode.ImpossibleSubject, TrustWarningCode.NoAudienceCondition]);
        expect(describeTrust(corrected(tutorial.environment)).warnings[0].message).to.contain(
            '"kubernetes_namespace" is no valid namespace name and "service_account_name" is no valid ServiceAccount name',
        );
    });

    it("completed: ServiceAccount my-s3-role in its namespace", () => {
        expect(texts(completed(tutorial.environment))).to.deep.equal([`ServiceAccount my-s3-role in namespace ${NAMESPACE}`]);
        expect(codes(completed(tutorial.environment))).to.deep.equal([TrustWarningCode.NoAudienceCondition]);
    });
});

describe("describeTrust: eks-irsa's policies", () => {
    const provider = { arn: PROVIDER, issuer: ISSUER };

    it("environment scope: one subject, the audience, no warning", () => {
        const policy = buildTrustPolicy([provider], [{ namespace: NAMESPACE, serviceAccountName: "my-s3-role" }], "sts.amazonaws.com");
        const description = describeTrust(policy);
        expect(description.warnings).to.deep.equal([]);
        expect(description.statements[0].audiences).to.deep.equal([
            { operator: "StringEquals", values: ["sts.amazonaws.com"], keyIssuer: ISSUER, foreign: false, text: "must be sts.amazonaws.com" },
        ]);
        expect(texts(policy)).to.deep.equal([`ServiceAccount my-s3-role in namespace ${NAMESPACE}`]);
    });

    it("cluster scope with several subjects and two clusters: one statement per cluster, patterns in words", () => {
        const subjects = [
            { namespace: "z*", serviceAccountName: "my-s3-role" },
            { namespace: "z????????-z????????", serviceAccountName: "batch" },
            { namespace: "*-prod", serviceAccountName: "api" },
            { namespace: "payments", serviceAccountName: "api" },
        ];
        const policy = buildTrustPolicy([provider, { arn: GREEN, issuer: GREEN_ISSUER }], subjects, "sts.amazonaws.com");
        const description = describeTrust(policy);
        expect(description.warnings).to.deep.equal([]);
        expect(description.statements.map((s) => s.issuers)).to.deep.equal([[ISSUER], [GREEN_ISSUER]]);
        expect(description.statements[1].subjects.map((s) => s.text)).to.deep.equal([
            "ServiceAccount my-s3-role in every namespace matching z* (any namespace whose name starts with z, not only Qovery's environments; z????????-z???????? admits only those)",
            "ServiceAccount batch in every namespace matching z????????-z???????? (only Qovery's environment namespaces: z, 8 characters, -z, 8 characters)",
            "ServiceAccount api in every namespace matching *-prod (any namespace whose name ends with -prod)",
            "ServiceAccount api in namespace payments",
        ]);
    });
});

describe("describeTrust: warnings about over-broad or broken trust", () => {
    const aud = { [`${ISSUER}:aud`]: "sts.amazonaws.com" };
    const like = (...subjects: string[]) => statement({ StringEquals: aud, StringLike: { [`${ISSUER}:sub`]: subjects } });

    it("a * namespace", () => {
        expect(codes(like("system:serviceaccount:*:my-s3-role"))).to.deep.equal([TrustWarningCode.AnyNamespace]);
        expect(texts(like("system:serviceaccount:*:my-s3-role"))).to.deep.equal(["ServiceAccount my-s3-role in every namespace"]);
    });

    it("a * ServiceAccount, or a trailing * spanning namespace and name", () => {
        expect(codes(like(`system:serviceaccount:${NAMESPACE}:*`))).to.deep.equal([TrustWarningCode.AnyServiceAccount]);
        expect(codes(like("system:serviceaccount:z*"))).to.deep.equal([TrustWarningCode.AnyServiceAccount]);
        expect(texts(like("system:serviceaccount:z*"))).to.deep.equal(["every ServiceAccount in every namespace whose name starts with z (pattern system:serviceaccount:z*)"]);
    });

    it("a pattern covering the whole subject", () => {
        for (const pattern of ["*", "system:*", "system:serviceaccount:*", "system:serviceaccount:*:*", "system:serviceaccount:?*:?*"]) {
            expect(codes(like(pattern)), pattern).to.deep.equal([TrustWarningCode.WholeSubjectPattern]);
        }
    });

    it("no :sub condition, no :aud condition, or an audience pattern", () => {
        expect(codes(statement({ StringEquals: aud }))).to.deep.equal([TrustWarningCode.NoSubjectCondition]);
        expect(codes(statement({ StringEquals: { [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:my-s3-role` } }))).to.deep.equal([TrustWarningCode.NoAudienceCondition]);
        expect(codes(statement({ StringLike: { [`${ISSUER}:aud`]: "*", [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:a` } }))).to.deep.equal([
            TrustWarningCode.AudiencePattern,
        ]);
    });

    it("a wildcard under StringEquals, which is literal", () => {
        expect(codes(statement({ StringEquals: { ...aud, [`${ISSUER}:sub`]: "system:serviceaccount:z*:my-s3-role" } }))).to.deep.equal([TrustWarningCode.LiteralWildcard]);
    });

    it("any principal, and an action that is not the web identity one", () => {
        const sub = { StringEquals: { ...aud, [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:a` } };
        expect(codes(statement(sub, "*"))).to.deep.equal([TrustWarningCode.AnyPrincipal]);
        expect(codes(statement(sub, { Federated: PROVIDER }, "sts:AssumeRole"))).to.deep.equal([TrustWarningCode.NotWebIdentity]);
        expect(codes(statement(sub, { Federated: PROVIDER }, "sts:AssumeRoleWith*"))).to.deep.equal([]);
    });

    it("a negated condition on another issuer's key restricts nothing, and says so", () => {
        const policy = statement({ StringEquals: aud, StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:z*:a" }, StringNotEquals: { [`${GREEN_ISSUER}:sub`]: "x" } });
        const description = describeTrust(policy);
        expect(description.statements[0].admitsNothing).to.equal(false);
        expect(description.warnings.map((w) => w.code)).to.deep.equal([TrustWarningCode.IssuerMismatch]);
        expect(description.warnings[0].message).to.contain("those conditions are always true and restrict nothing");
    });

    it("refuses what is not a trust policy", () => {
        expect(() => describeTrust("{")).to.throw(InvalidPolicyError, /not valid JSON/);
        expect(() => describeTrust({ Statement: [{ Effect: "Maybe" }] })).to.throw(InvalidPolicyError, /Statement 0/);
    });
});

describe("explainAccess", () => {
    it("takes the policy's only provider and allows the completed tutorial's ServiceAccount", () => {
        const answer = explainAccess(completed(tutorial.environment), { namespace: NAMESPACE, serviceAccount: "my-s3-role" });
        expect(answer.request).to.deep.equal({ providerArn: TUTORIAL_PROVIDER, subject: `system:serviceaccount:${NAMESPACE}:my-s3-role`, audience: "sts.amazonaws.com" });
        expect(answer.decision.allowed).to.equal(true);
    });

    it("denies every token to the tutorial's policy as written", () => {
        const answer = explainAccess(tutorial.environment, { namespace: "kubernetes_namespace", serviceAccount: "service_account_name" });
        expect(answer.request.providerArn).to.equal(TUTORIAL_AS_WRITTEN_PROVIDER);
        expect(answer.decision.allowed).to.equal(false);
    });

    it("finds the provider of an issuer URL, or a provider the policy does not trust", () => {
        const policy = buildTrustPolicy([{ arn: PROVIDER, issuer: ISSUER }, { arn: GREEN, issuer: GREEN_ISSUER }], [{ namespace: NAMESPACE, serviceAccountName: "a" }], "sts.amazonaws.com");
        const green = explainAccess(policy, { namespace: NAMESPACE, serviceAccount: "a", issuerUrl: `https://${GREEN_ISSUER}` });
        expect(green.request.providerArn).to.equal(GREEN);
        expect(green.decision.allowed).to.equal(true);
        const other = explainAccess(policy, { namespace: NAMESPACE, serviceAccount: "a", issuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/OTHER" });
        expect(other.request.providerArn).to.equal("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER");
        expect(other.decision.allowed).to.equal(false);
        expect(() => explainAccess(policy, { namespace: NAMESPACE, serviceAccount: "a" })).to.throw(IrsaArgumentError, /trusts 2 OIDC providers/);
    });
});

describe("describeTrust: issue 9, example 3 — ForAllValues on another cluster's keys", () => {
    const policy = statement({ StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" }, "ForAllValues:StringEquals": { [`${GREEN_ISSUER}:sub`]: "system:serviceaccount:a:b" } });

    it("admits every ServiceAccount of the cluster, as IAM and evaluateTrustPolicy do", () => {
        const description = describeTrust(policy);
        expect(description.statements[0].admitsNothing).to.equal(false);
        expect(description.statements[0].foreignKeys).to.deep.equal([`${GREEN_ISSUER}:sub`]);
        expect(codes(policy)).to.deep.equal([TrustWarningCode.IssuerMismatch, TrustWarningCode.NoSubjectCondition]);
        expect(description.warnings[0].message).to.contain("those conditions are always true and restrict nothing");
        const access = accessThrough(description, PROVIDER);
        expect(access?.allows.map((c) => c.text)).to.deep.equal(["audience must be sts.amazonaws.com (StringEquals)"]);
        expect(accessAdmits(access, "system:serviceaccount:kube-system:default", ["sts.amazonaws.com"])).to.equal(true);
        expect(evaluateTrustPolicy(policy, { providerArn: PROVIDER, subject: "system:serviceaccount:kube-system:default", audience: "sts.amazonaws.com" }).allowed).to.equal(true);
    });

    it("ForAnyValue on the same key admits nothing", () => {
        const anyValue = statement({ "ForAnyValue:StringEquals": { [`${GREEN_ISSUER}:sub`]: "system:serviceaccount:a:b" } });
        expect(describeTrust(anyValue).statements[0].admitsNothing).to.equal(true);
        expect(accessThrough(describeTrust(anyValue), PROVIDER)?.allows).to.deep.equal([]);
    });
});

describe("describeTrust: patterns that admit every namespace or every ServiceAccount, decided over Kubernetes names", () => {
    const aud = { [`${ISSUER}:aud`]: "sts.amazonaws.com" };
    const like = (...subjects: string[]) => statement({ StringEquals: aud, StringLike: { [`${ISSUER}:sub`]: subjects } });

    it("every namespace: *, **, ?*, *?, and a * spanning the colon", () => {
        for (const pattern of ["system:serviceaccount:*:app", "system:serviceaccount:**:app", "system:serviceaccount:?*:app", "system:serviceaccount:*?:app", "system:serviceaccount:*app"]) {
            expect(codes(like(pattern)), pattern).to.deep.equal([TrustWarningCode.AnyNamespace]);
        }
    });

    it("every ServiceAccount of a namespace: *, ?*, a trailing * after the namespace", () => {
        for (const pattern of ["system:serviceaccount:payments:*", "system:serviceaccount:payments:?*", "system:serviceaccount:payments:**", "system:serviceaccount:payments*"]) {
            expect(codes(like(pattern)), pattern).to.deep.equal([TrustWarningCode.AnyServiceAccount]);
        }
    });

    it("every subject, whatever the spelling", () => {
        for (const pattern of ["*", "**", "?*", "system:serviceaccount:**", "system:*:*", "*:*", "system:serviceaccount:*?:*"]) {
            expect(codes(like(pattern)), pattern).to.deep.equal([TrustWarningCode.WholeSubjectPattern]);
        }
    });

    it("not for narrow patterns: a prefix, a fixed length, one character", () => {
        for (const pattern of ["system:serviceaccount:z*:app", "system:serviceaccount:z????????-z????????:app", "system:serviceaccount:team-?:app", "system:serviceaccount:payments:api-*"]) {
            expect(codes(like(pattern)), pattern).to.deep.equal([]);
        }
    });

    it("a negated condition narrows a broad pattern, a second pattern ANDed too", () => {
        const narrowed = statement({ StringEquals: aud, StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:*:app" }, StringNotLike: { [`${ISSUER}:sub`]: "system:serviceaccount:?*:app" } });
        expect(codes(narrowed)).to.deep.equal([TrustWarningCode.NoServiceAccount]);
        const onlyNegated = statement({ StringEquals: aud, StringNotEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:kube-system:default" } });
        expect(codes(onlyNegated)).to.deep.equal([TrustWarningCode.OnlyNegatedSubject]);
    });

    it("never says both no ServiceAccount and every ServiceAccount about one statement", () => {
        const both = like("system:serviceaccount:*:*", "system:serviceaccount:Bad_NS:x");
        expect(codes(both)).to.deep.equal([TrustWarningCode.WholeSubjectPattern]);
        const noneButEvery = statement({ StringEquals: { ...aud, [`${ISSUER}:sub`]: "system:serviceaccount:z*:app" } }, { Federated: "arn:aws:iam::123456789012:saml-provider/x" });
        expect(describeTrust(noneButEvery).statements[0].admitsNothing).to.equal(true);
        expect(codes(noneButEvery)).to.deep.equal([TrustWarningCode.LiteralWildcard]);
    });
});
