import { expect } from "chai";
import {
    evaluateTrustPolicy,
    InvalidPolicyError,
    PolicyEffect,
    StatementPart,
    TrustDecisionKind,
    UnsupportedPolicyError,
    type WebIdentityRequest,
} from "../../src/policy/trustPolicyEvaluator";
import { tutorialPolicies } from "../oracle/componentCases";

const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/ABC";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const OTHER_ISSUER = "oidc.eks.us-east-2.amazonaws.com/id/DEF";
const OTHER_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${OTHER_ISSUER}`;
const SUB = `${ISSUER}:sub`;
const AUD = `${ISSUER}:aud`;
const NAMESPACE = "z9b830e28-ze23976e2";
const AUDIENCE = "sts.amazonaws.com";

function subject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

const OWN_SUBJECT = subject(NAMESPACE, "my-s3-role");

function token(overrides: Partial<WebIdentityRequest> = {}): WebIdentityRequest {
    return { providerArn: PROVIDER, subject: OWN_SUBJECT, audience: AUDIENCE, ...overrides };
}

/** A one-statement Allow policy for PROVIDER with sts:AssumeRoleWithWebIdentity, overridden by `statement`. */
function policy(statement: Record<string, unknown> = {}): object {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", ...statement },
        ],
    };
}

function allowed(p: string | object, request: WebIdentityRequest = token()): boolean {
    return evaluateTrustPolicy(p, request).allowed;
}

function unsupportedFeature(p: string | object): string {
    try {
        evaluateTrustPolicy(p, token());
    } catch (error) {
        expect(error).to.be.instanceOf(UnsupportedPolicyError);
        return (error as UnsupportedPolicyError).feature;
    }
    throw new Error("expected an UnsupportedPolicyError");
}

describe("evaluateTrustPolicy", () => {
    describe("the tutorial's environment-scoped policy", () => {
        const tutorialIssuer = "oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx";
        const federatedAsWritten = "arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx";
        const tutorialProvider = `arn:aws:iam::yyyyyyy:oidc-provider/${tutorialIssuer}`;
        const ownSubject = subject("kubernetes_namespace", "service_account_name");
        const environment = tutorialPolicies().environment;
        const corrected = JSON.parse(JSON.stringify(environment).replace("us-east-2", "eu-west-3"));
        const request = (overrides: Partial<WebIdentityRequest>) =>
            token({ providerArn: tutorialProvider, subject: ownSubject, ...overrides });

        it("as written, trusts no token: its Federated ARN is in us-east-2 and its condition key in eu-west-3", () => {
            expect(evaluateTrustPolicy(environment, request({})).reason).to.equal(
                `No Allow statement trusts the OIDC provider ${tutorialProvider}.`,
            );
            expect(evaluateTrustPolicy(environment, request({ providerArn: federatedAsWritten })).reason).to.equal(
                `No Allow statement matches: Statement 0 fails because StringEquals ${tutorialIssuer}:sub ` +
                    `"${ownSubject}" is false when the request has no ${tutorialIssuer}:sub.`,
            );
        });

        it("with the region corrected, allows its namespace and ServiceAccount only", () => {
            expect(allowed(corrected, request({}))).to.equal(true);
            expect(allowed(corrected, request({ subject: subject("other_namespace", "service_account_name") }))).to.equal(false);
            expect(allowed(corrected, request({ subject: subject("kubernetes_namespace", "other") }))).to.equal(false);
        });

        it("with the region corrected, checks no audience", () => {
            expect(allowed(corrected, request({ audience: "vault" }))).to.equal(true);
        });
    });

    describe("the tutorial's cluster-scoped policy", () => {
        const tutorialIssuer = "oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx";
        const tutorialProvider = `arn:aws:iam::yyyyyyy:oidc-provider/${tutorialIssuer}`;
        const cluster = tutorialPolicies().cluster;
        const corrected = JSON.parse(JSON.stringify(cluster).replace("us-east-2", "eu-west-3"));
        const request = (namespace: string, serviceAccount: string) =>
            token({ providerArn: tutorialProvider, subject: subject(namespace, serviceAccount) });

        it("is the environment policy with the quoted StringLike z* condition", () => {
            expect((cluster as { Statement: { Condition: unknown }[] }).Statement[0].Condition).to.deep.equal({
                StringLike: { [`${tutorialIssuer}:sub`]: "system:serviceaccount:z*:service_account_name" },
            });
        });

        it("as written, trusts no token", () => {
            expect(allowed(cluster, request(NAMESPACE, "service_account_name"))).to.equal(false);
        });

        it("with the region corrected, allows the ServiceAccount in every namespace starting with z", () => {
            expect(allowed(corrected, request(NAMESPACE, "service_account_name"))).to.equal(true);
            expect(allowed(corrected, request("zeta-tools", "service_account_name"))).to.equal(true);
            expect(allowed(corrected, request("payments", "service_account_name"))).to.equal(false);
            expect(allowed(corrected, request(NAMESPACE, "other"))).to.equal(false);
        });
    });

    describe("eks-irsa's environment-scoped policy", () => {
        const minified =
            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${PROVIDER}"},` +
            `"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${AUD}":"${AUDIENCE}","${SUB}":"${OWN_SUBJECT}"}}}]}`;

        it("allows its ServiceAccount, naming the statement", () => {
            expect(evaluateTrustPolicy(minified, token())).to.deep.equal({
                allowed: true,
                decision: TrustDecisionKind.Allowed,
                reason: `Statement 0 allows sts:AssumeRoleWithWebIdentity to ${OWN_SUBJECT} through ${PROVIDER}.`,
                matchedStatement: 0,
                statements: [{ index: 0, sid: undefined, effect: PolicyEffect.Allow, applies: true }],
            });
        });

        it("denies another ServiceAccount, naming the failed condition", () => {
            const decision = evaluateTrustPolicy(minified, token({ subject: subject(NAMESPACE, "other") }));
            expect(decision.decision).to.equal(TrustDecisionKind.ImplicitDeny);
            expect(decision.matchedStatement).to.equal(undefined);
            expect(decision.statements[0].failure).to.deep.equal({
                part: StatementPart.Condition,
                operator: "StringEquals",
                key: SUB,
                expected: [OWN_SUBJECT],
                actual: [subject(NAMESPACE, "other")],
            });
            expect(decision.reason).to.equal(
                `No Allow statement matches: Statement 0 fails because StringEquals ${SUB} "${OWN_SUBJECT}" ` +
                    `is false for "${subject(NAMESPACE, "other")}".`,
            );
        });
    });

    describe("explicit Deny wins over Allow", () => {
        const allowAndDeny = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:*" },
                {
                    Sid: "NoPayments",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringLike: { [SUB]: "system:serviceaccount:payments:*" } },
                },
            ],
        };

        it("denies when a Deny statement matches, whatever the Allow says", () => {
            const decision = evaluateTrustPolicy(allowAndDeny, token({ subject: subject("payments", "app") }));
            expect(decision.decision).to.equal(TrustDecisionKind.ExplicitDeny);
            expect(decision.allowed).to.equal(false);
            expect(decision.matchedStatement).to.equal(1);
            expect(decision.reason).to.equal(
                `Statement 1 ("NoPayments") explicitly denies sts:AssumeRoleWithWebIdentity to ` +
                    `${subject("payments", "app")}, which overrides every Allow.`,
            );
        });

        it("allows when the Deny statement does not match", () => {
            const decision = evaluateTrustPolicy(allowAndDeny, token());
            expect(decision.decision).to.equal(TrustDecisionKind.Allowed);
            expect(decision.statements[1]).to.deep.equal({
                index: 1,
                sid: "NoPayments",
                effect: PolicyEffect.Deny,
                applies: false,
                failure: {
                    part: StatementPart.Condition,
                    operator: "StringLike",
                    key: SUB,
                    expected: ["system:serviceaccount:payments:*"],
                    actual: [OWN_SUBJECT],
                },
            });
        });
    });

    describe("condition operators and keys are ANDed", () => {
        const both = policy({
            Condition: {
                StringEquals: { [SUB]: OWN_SUBJECT, [AUD]: AUDIENCE },
                StringLike: { [SUB]: "system:serviceaccount:z*:*" },
            },
        });

        it("allows only when a StringEquals sub and a StringLike sub in one statement both match", () => {
            expect(allowed(both)).to.equal(true);
            expect(allowed(both, token({ subject: subject("z0c1d2e3f-za9b8c7d6", "my-s3-role") }))).to.equal(false);
        });

        it("fails when one key of an operator fails", () => {
            const decision = evaluateTrustPolicy(both, token({ audience: "vault" }));
            expect(decision.statements[0].failure).to.deep.include({ operator: "StringEquals", key: AUD, actual: ["vault"] });
        });

        it("ORs separate statements, so two statements allow either subject", () => {
            const either = {
                Version: "2012-10-17",
                Statement: [
                    (policy({ Condition: { StringEquals: { [SUB]: OWN_SUBJECT } } }) as { Statement: object[] }).Statement[0],
                    (policy({ Condition: { StringLike: { [SUB]: "system:serviceaccount:payments:*" } } }) as { Statement: object[] }).Statement[0],
                ],
            };
            expect(evaluateTrustPolicy(either, token({ subject: subject("payments", "app") })).matchedStatement).to.equal(1);
            expect(evaluateTrustPolicy(either, token()).matchedStatement).to.equal(0);
        });
    });

    describe("the values of one key are ORed", () => {
        const several = policy({ Condition: { StringEquals: { [SUB]: [subject("payments", "app"), OWN_SUBJECT] } } });

        it("allows any listed subject and denies the others", () => {
            expect(allowed(several)).to.equal(true);
            expect(allowed(several, token({ subject: subject("payments", "app") }))).to.equal(true);
            expect(allowed(several, token({ subject: subject("payments", "worker") }))).to.equal(false);
        });

        it("NORs the values of a negated operator", () => {
            const neither = policy({ Condition: { StringNotEquals: { [SUB]: [subject("payments", "app"), OWN_SUBJECT] } } });
            expect(allowed(neither)).to.equal(false);
            expect(allowed(neither, token({ subject: subject("payments", "worker") }))).to.equal(true);
        });
    });

    describe("wildcards: * and ? in StringLike, literal in StringEquals", () => {
        const like = (pattern: string, sub: string) => allowed(policy({ Condition: { StringLike: { [SUB]: pattern } } }), token({ subject: sub }));
        const equals = (value: string, sub: string) => allowed(policy({ Condition: { StringEquals: { [SUB]: value } } }), token({ subject: sub }));

        it("* matches any run of characters, also none", () => {
            expect(like("system:serviceaccount:z*:my-s3-role", OWN_SUBJECT)).to.equal(true);
            expect(like("system:serviceaccount:z*:my-s3-role", subject("z", "my-s3-role"))).to.equal(true);
            expect(like("system:serviceaccount:z*:my-s3-role", subject("payments", "my-s3-role"))).to.equal(false);
        });

        it("? matches exactly one character", () => {
            expect(like("system:serviceaccount:team-?:app", subject("team-a", "app"))).to.equal(true);
            expect(like("system:serviceaccount:team-?:app", subject("team-", "app"))).to.equal(false);
            expect(like("system:serviceaccount:team-?:app", subject("team-ab", "app"))).to.equal(false);
        });

        it("other characters are literal, regular-expression ones included", () => {
            expect(like("system:serviceaccount:ns:api.v2", subject("ns", "apixv2"))).to.equal(false);
        });

        it("StringEquals treats * and ? literally", () => {
            expect(equals("system:serviceaccount:z*:my-s3-role", OWN_SUBJECT)).to.equal(false);
            expect(equals("system:serviceaccount:z*:my-s3-role", subject("z*", "my-s3-role"))).to.equal(true);
            expect(equals("system:serviceaccount:team-?:app", subject("team-a", "app"))).to.equal(false);
        });
    });

    describe("case sensitivity", () => {
        it("compares condition values case-sensitively", () => {
            expect(allowed(policy({ Condition: { StringEquals: { [SUB]: OWN_SUBJECT.toUpperCase() } } }))).to.equal(false);
            expect(allowed(policy({ Condition: { StringLike: { [SUB]: "system:serviceaccount:Z*:*" } } }))).to.equal(false);
            expect(allowed(policy({ Condition: { StringEquals: { [AUD]: "STS.amazonaws.com" } } }))).to.equal(false);
        });

        it("matches condition key names ignoring case", () => {
            expect(allowed(policy({ Condition: { StringEquals: { [SUB.toUpperCase()]: OWN_SUBJECT } } }))).to.equal(true);
        });

        it("matches actions ignoring case", () => {
            expect(allowed(policy({ Action: "STS:assumerolewithwebidentity" }))).to.equal(true);
        });
    });

    describe("issue 9, example 4: a Deny on sts:RoleSessionName, a key every AssumeRoleWithWebIdentity carries", () => {
        const denyOnSessionName = {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [SUB]: OWN_SUBJECT } } },
                {
                    Effect: "Deny",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringNotLike: { "sts:RoleSessionName": "approved-*" } },
                },
            ],
        };

        it("is refused as unsupported, never reported as allowing", () => {
            expect(unsupportedFeature(denyOnSessionName)).to.equal('condition key "sts:RoleSessionName" (only an OIDC issuer\'s :sub and :aud keys are modelled)');
        });
    });

    describe("Null: true when the key is absent", () => {
        const on = (key: string, value: string | string[], request = token()) => allowed(policy({ Condition: { Null: { [key]: value } } }), request);

        it("the token's sub is always present", () => {
            expect(on(SUB, "false")).to.equal(true);
            expect(on(SUB, "true")).to.equal(false);
        });

        it("its aud is present unless it has no audience", () => {
            expect(on(AUD, "false")).to.equal(true);
            expect(on(AUD, "true", token({ audience: [] }))).to.equal(true);
            expect(on(AUD, "false", token({ audience: [] }))).to.equal(false);
        });

        it("another issuer's key is absent", () => {
            expect(on(`${OTHER_ISSUER}:sub`, "true")).to.equal(true);
            expect(on(`${OTHER_ISSUER}:sub`, "false")).to.equal(false);
        });

        it("refuses values other than true and false", () => {
            expect(() => evaluateTrustPolicy(policy({ Condition: { Null: { [SUB]: "yes" } } }), token())).to.throw(
                InvalidPolicyError,
                'Statement 0 Condition "Null" "oidc.eks.eu-west-3.amazonaws.com/id/ABC:sub" must be "true" or "false".',
            );
        });
    });

    describe("absent keys: IfExists and negated operators", () => {
        const otherKey = `${OTHER_ISSUER}:sub`;
        const on = (operator: string, key: string, value: string) => allowed(policy({ Condition: { [operator]: { [key]: value } } }));

        it("an operator on a key the request does not have is false", () => {
            expect(on("StringEquals", otherKey, OWN_SUBJECT)).to.equal(false);
            expect(on("StringLike", otherKey, "*")).to.equal(false);
        });

        it("IfExists makes it true when the key is absent", () => {
            expect(on("StringEqualsIfExists", otherKey, OWN_SUBJECT)).to.equal(true);
            expect(on("StringLikeIfExists", otherKey, "nothing")).to.equal(true);
        });

        it("IfExists evaluates a present key as usual", () => {
            expect(on("StringEqualsIfExists", SUB, OWN_SUBJECT)).to.equal(true);
            expect(on("StringEqualsIfExists", SUB, subject(NAMESPACE, "other"))).to.equal(false);
        });

        it("StringNotEquals and StringNotLike are true when the key is absent", () => {
            expect(on("StringNotEquals", otherKey, OWN_SUBJECT)).to.equal(true);
            expect(on("StringNotLike", otherKey, "*")).to.equal(true);
        });

        it("reports the absent key as actual: undefined", () => {
            const decision = evaluateTrustPolicy(policy({ Condition: { StringEquals: { [otherKey]: OWN_SUBJECT } } }), token());
            expect(decision.statements[0].failure).to.deep.equal({
                part: StatementPart.Condition,
                operator: "StringEquals",
                key: otherKey,
                expected: [OWN_SUBJECT],
                actual: undefined,
            });
        });
    });

    describe("multivalued aud: ForAnyValue and ForAllValues", () => {
        const two = token({ audience: [AUDIENCE, "https://kubernetes.default.svc"] });
        const on = (operator: string, values: string | string[], request: WebIdentityRequest) =>
            allowed(policy({ Condition: { [operator]: { [AUD]: values } } }), request);

        it("ForAnyValue is true when one audience matches", () => {
            expect(on("ForAnyValue:StringEquals", AUDIENCE, two)).to.equal(true);
            expect(on("ForAnyValue:StringLike", "vault*", two)).to.equal(false);
        });

        it("ForAllValues is true when every audience matches", () => {
            expect(on("ForAllValues:StringEquals", AUDIENCE, two)).to.equal(false);
            expect(on("ForAllValues:StringEquals", [AUDIENCE, "https://kubernetes.default.svc"], two)).to.equal(true);
            expect(on("ForAllValues:StringLike", "*", two)).to.equal(true);
        });

        it("ForAllValues is true and ForAnyValue false when the key is absent", () => {
            const none = token({ audience: [] });
            expect(on("ForAllValues:StringEquals", "vault", none)).to.equal(true);
            expect(on("ForAllValues:StringNotEqualsIfExists", "vault", none)).to.equal(true);
            expect(on("ForAnyValue:StringEquals", AUDIENCE, none)).to.equal(false);
            expect(on("ForAnyValue:StringNotEquals", AUDIENCE, none)).to.equal(false);
        });

        it("an operator without a set operator never matches several audiences", () => {
            expect(on("StringEquals", AUDIENCE, two)).to.equal(false);
            expect(on("StringNotEquals", "vault", two)).to.equal(false);
            expect(on("StringLikeIfExists", "*", two)).to.equal(false);
            expect(evaluateTrustPolicy(policy({ Condition: { StringEquals: { [AUD]: AUDIENCE } } }), two).reason).to.equal(
                `No Allow statement matches: Statement 0 fails because StringEquals ${AUD} "${AUDIENCE}" never matches ` +
                    `the several values ["${AUDIENCE}", "https://kubernetes.default.svc"]; a multivalued key needs ` +
                    `ForAnyValue: or ForAllValues:.`,
            );
        });

        it("a one-element aud list is single-valued", () => {
            expect(on("StringEquals", AUDIENCE, token({ audience: [AUDIENCE] }))).to.equal(true);
        });
    });

    describe("Action and NotAction", () => {
        const withAction = (element: Record<string, unknown>, action?: string) =>
            allowed(
                { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { Federated: PROVIDER }, ...element } },
                token({ action }),
            );

        it("matches * and ? wildcards in Action", () => {
            expect(withAction({ Action: "sts:*" })).to.equal(true);
            expect(withAction({ Action: "*" })).to.equal(true);
            expect(withAction({ Action: "sts:AssumeRoleWith*" })).to.equal(true);
            expect(withAction({ Action: "sts:AssumeRoleWith?ebIdentity" })).to.equal(true);
            expect(withAction({ Action: ["sts:AssumeRole", "sts:TagSession"] })).to.equal(false);
            expect(withAction({ Action: "sts:AssumeRole*" }, "sts:AssumeRole")).to.equal(true);
        });

        it("NotAction applies to every action it does not list", () => {
            expect(withAction({ NotAction: "sts:AssumeRole" })).to.equal(true);
            expect(withAction({ NotAction: "sts:*" })).to.equal(false);
        });

        it("reports the action failure", () => {
            const decision = evaluateTrustPolicy(policy({ Action: "sts:AssumeRole" }), token());
            expect(decision.statements[0].failure).to.deep.equal({
                part: StatementPart.Action,
                notAction: false,
                expected: ["sts:AssumeRole"],
                actual: "sts:AssumeRoleWithWebIdentity",
            });
            expect(decision.reason).to.equal(
                `No Allow statement matches: Statement 0 fails because its Action "sts:AssumeRole" does not cover sts:AssumeRoleWithWebIdentity.`,
            );
        });
    });

    describe("Principal", () => {
        it("accepts a list of Federated providers", () => {
            expect(allowed(policy({ Principal: { Federated: [OTHER_PROVIDER, PROVIDER] } }))).to.equal(true);
        });

        it('accepts "*" and {"AWS": "*"} as everyone', () => {
            expect(allowed(policy({ Principal: "*" }))).to.equal(true);
            expect(allowed(policy({ Principal: { AWS: "*" } }))).to.equal(true);
        });

        it("denies a token from a provider the policy does not name", () => {
            const decision = evaluateTrustPolicy(policy(), token({ providerArn: OTHER_PROVIDER }));
            expect(decision.statements[0].failure).to.deep.equal({
                part: StatementPart.Principal,
                expected: [PROVIDER],
                actual: OTHER_PROVIDER,
            });
            expect(decision.reason).to.equal(`No Allow statement trusts the OIDC provider ${OTHER_PROVIDER}.`);
        });
    });

    describe("the token's issuer", () => {
        it("denies with STS's reason when iss is not the provider's issuer", () => {
            const decision = evaluateTrustPolicy(policy(), token({ issuer: `https://${OTHER_ISSUER}` }));
            expect(decision).to.deep.equal({
                allowed: false,
                decision: TrustDecisionKind.ImplicitDeny,
                reason:
                    `No OpenIDConnect provider found for the token's issuer https://${OTHER_ISSUER}: it arrives through ` +
                    `${PROVIDER}, whose issuer is https://${ISSUER}.`,
                statements: [],
            });
        });

        it("evaluates the policy when iss is the provider's issuer", () => {
            expect(allowed(policy(), token({ issuer: `https://${ISSUER}` }))).to.equal(true);
        });
    });

    describe("policy shapes", () => {
        it("accepts Statement as a single object", () => {
            const single = { Version: "2012-10-17", Statement: (policy() as { Statement: object[] }).Statement[0] };
            expect(allowed(single)).to.equal(true);
        });

        it("denies implicitly when no statement is an Allow", () => {
            expect(evaluateTrustPolicy({ Version: "2012-10-17", Statement: [] }, token()).reason).to.equal(
                "The trust policy has no Allow statement, so nothing may assume the role.",
            );
        });
    });

    describe("unsupported features are refused, not guessed", () => {
        it("names an unsupported condition operator", () => {
            expect(unsupportedFeature(policy({ Condition: { ArnLike: { [SUB]: "x" } } }))).to.equal('condition operator "ArnLike"');
            expect(unsupportedFeature(policy({ Condition: { "ForAllValues:Null": { [AUD]: "false" } } }))).to.equal(
                'condition operator "ForAllValues:Null" (Null with a set operator)',
            );
            expect(unsupportedFeature(policy({ Condition: { Bool: { "aws:SecureTransport": "true" } } }))).to.equal('condition operator "Bool"');
            expect(unsupportedFeature(policy({ Condition: { NumericLessThan: { [SUB]: "1" } } }))).to.equal('condition operator "NumericLessThan"');
            expect(unsupportedFeature(policy({ Condition: { stringequals: { [SUB]: OWN_SUBJECT } } }))).to.equal('condition operator "stringequals"');
            expect(unsupportedFeature(policy({ Condition: { "ForAnyValue:StringEqualsIfExists": { [AUD]: AUDIENCE } } }))).to.equal(
                'condition operator "ForAnyValue:StringEqualsIfExists" (ForAnyValue with IfExists on a key that may be absent)',
            );
        });

        it("refuses every condition key but an OIDC issuer's sub and aud, whichever the operator", () => {
            const keyFeature = (key: string) => `condition key "${key}" (only an OIDC issuer's :sub and :aud keys are modelled)`;
            for (const key of ["aws:SourceIp", "sts:RoleSessionName", "aws:PrincipalTag/team", `${ISSUER}:amr`, "sub", `\${aws:username}:sub`]) {
                for (const operator of ["StringEquals", "StringNotEquals", "ForAllValues:StringLike", "StringNotLikeIfExists"]) {
                    expect(unsupportedFeature(policy({ Condition: { [operator]: { [key]: "x" } } })), `${operator} ${key}`).to.equal(keyFeature(key));
                }
            }
        });

        it("says what it supports in the message", () => {
            expect(() => evaluateTrustPolicy(policy({ Condition: { ArnLike: { [SUB]: "x" } } }), token())).to.throw(
                UnsupportedPolicyError,
                'Statement 0 uses condition operator "ArnLike", which evaluateTrustPolicy does not evaluate.',
            );
        });

        it("refuses policy variables, NotPrincipal, other principal types alone and unknown elements", () => {
            expect(unsupportedFeature(policy({ Condition: { StringLike: { [SUB]: "system:serviceaccount:${aws:username}:*" } } }))).to.equal(
                'policy variable "${aws:username}"',
            );
            expect(unsupportedFeature(policy({ Principal: undefined, NotPrincipal: { Federated: PROVIDER } }))).to.equal("NotPrincipal");
            expect(unsupportedFeature(policy({ Principal: { Service: "ec2.amazonaws.com" } }))).to.equal(
                'principal type "Service" without a Federated principal or "Service": "pods.eks.amazonaws.com"',
            );
            expect(unsupportedFeature(policy({ Principal: { Federated: "*" } }))).to.equal('wildcard Federated principal "*"');
            expect(unsupportedFeature(policy({ Action: "s?s:AssumeRoleWithWebIdentity" }))).to.equal(
                'wildcard in the service prefix of action "s?s:AssumeRoleWithWebIdentity"',
            );
            expect(unsupportedFeature(policy({ Foo: "bar" }))).to.equal('statement element "Foo"');
        });
    });

    describe("invalid policies", () => {
        it("rejects invalid JSON", () => {
            expect(() => evaluateTrustPolicy('{"Version": "2012-10-17",', token())).to.throw(
                InvalidPolicyError,
                "The trust policy is not valid JSON:",
            );
        });

        it("rejects a statement without Effect or with another Effect", () => {
            expect(() => evaluateTrustPolicy(policy({ Effect: undefined }), token())).to.throw(
                InvalidPolicyError,
                'Statement 0 has no Effect; set it to "Allow" or "Deny".',
            );
            expect(() => evaluateTrustPolicy(policy({ Effect: "allow" }), token())).to.throw(
                InvalidPolicyError,
                'Statement 0 has Effect "allow"; it must be "Allow" or "Deny".',
            );
        });

        it("rejects bad shapes", () => {
            expect(() => evaluateTrustPolicy([], token())).to.throw(InvalidPolicyError, "must be a JSON object");
            expect(() => evaluateTrustPolicy({ Version: "2012-10-17" }, token())).to.throw(InvalidPolicyError, "no Statement");
            expect(() => evaluateTrustPolicy(policy({ Resource: "*" }), token())).to.throw(InvalidPolicyError, "Resource");
            expect(() => evaluateTrustPolicy(policy({ NotAction: "sts:TagSession" }), token())).to.throw(
                InvalidPolicyError,
                "exactly one of Action and NotAction",
            );
            expect(() => evaluateTrustPolicy(policy({ Condition: { StringEquals: { [SUB]: [] } } }), token())).to.throw(
                InvalidPolicyError,
                "empty list of values",
            );
            expect(() => evaluateTrustPolicy({ Version: "2020-01-01", Statement: [] }, token())).to.throw(InvalidPolicyError, "Version");
        });

        it("rejects a providerArn that is not an OIDC provider ARN", () => {
            expect(() => evaluateTrustPolicy(policy(), token({ providerArn: "arn:aws:iam::123456789012:role/x" }))).to.throw(
                TypeError,
                "is not an IAM OIDC provider ARN",
            );
        });
    });
});
