import { expect } from "chai";
import { FIXTURES, ISSUER, NAMESPACE, OTHER_ISSUER, OTHER_PROVIDER, PROVIDER } from "../fixtures/trustPolicies";
import { eksIrsaPolicies, names, PolicyName, previewProps, UNKNOWN_STRING, validateResource, validateRole } from "./packHarness";

const TUTORIAL_ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx";
const QOVERY_CONFIG = { [PolicyName.SubjectPatterns]: { allowedNamespacePatterns: ["z*"] } };

describe("policy pack: names and default enforcement", () => {
    it("has the stable policy names with their default levels", () => {
        expect(eksIrsaPolicies().map((p) => [p.name, p.enforcementLevel])).to.deep.equal([
            ["irsa-subject-condition", "mandatory"],
            ["irsa-audience-condition", "advisory"],
            ["irsa-condition-issuer", "mandatory"],
            ["irsa-subject-patterns", "advisory"],
            ["irsa-trust-policy-size", "mandatory"],
            ["pod-identity-session-tags", "advisory"],
            ["addon-wildcards", "advisory"],
            ["irsa-unsupported-trust-policy", "mandatory"],
            ["irsa-other-trust-warnings", "advisory"],
            ["irsa-serviceaccount-trust", "mandatory"],
        ]);
    });

    it("declares each parameter's default in its config schema", () => {
        const defaults = Object.fromEntries(
            eksIrsaPolicies().flatMap((p) => Object.entries(p.configSchema?.properties ?? {}).map(([key, schema]) => [`${p.name}.${key}`, schema.default])),
        );
        expect(defaults).to.deep.equal({
            "irsa-audience-condition.audiences": ["sts.amazonaws.com"],
            "irsa-subject-patterns.allowedNamespacePatterns": [],
            "irsa-subject-patterns.allowedServiceAccountPatterns": [],
            "irsa-trust-policy-size.aclSizePerRole": 2048,
            "pod-identity-session-tags.requiredSessionTags": ["kubernetes-namespace", "kubernetes-service-account"],
        });
    });
});

describe("policy pack: the Qovery tutorial's policies", () => {
    it("as printed, the environment policy is flagged by irsa-condition-issuer only: it admits nobody", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.tutorialEnvironmentAsPrinted));
        expect(names(violations)).to.deep.equal([PolicyName.ConditionIssuer]);
        expect(violations[0].enforcementLevel).to.equal("mandatory");
        expect(violations[0].message).to.equal(
            "Statement 0 trusts the OIDC provider of oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx but its conditions test " +
                `${TUTORIAL_ISSUER}:sub, keys of ${TUTORIAL_ISSUER} that its tokens never carry, so it admits no token at all. ` +
                "Use one issuer in both: the cluster's OpenID Connect provider URL without https://. (Statement 0 admits: no token through " +
                "arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx.)",
        );
    });

    it("as printed, the cluster policy is flagged by irsa-condition-issuer only", async () => {
        expect(names(await validateRole(JSON.stringify(FIXTURES.tutorialClusterAsPrinted)))).to.deep.equal([PolicyName.ConditionIssuer]);
    });

    it("corrected (one region, real names, the audience check back), the environment policy passes every policy", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.tutorialEnvironmentCorrected))).to.deep.equal([]);
    });

    it("corrected, the cluster policy passes once z* is allowed, and is advisory otherwise", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.tutorialClusterCorrected), QOVERY_CONFIG)).to.deep.equal([]);
        const violations = await validateRole(JSON.stringify(FIXTURES.tutorialClusterCorrected));
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.SubjectPatterns, "advisory"]]);
        expect(violations[0].message).to.equal(
            "Statement 0 admits ServiceAccount my-s3-role in every namespace matching z* (any namespace whose name starts with z, not only " +
                "Qovery's environments; z????????-z???????? admits only those) (StringLike \"system:serviceaccount:z*:my-s3-role\"): a pattern also " +
                "admits namespaces and ServiceAccounts created later, by whoever may create them. Name the namespace and the ServiceAccount exactly, " +
                "or, if the pattern is meant (as Qovery's z* is, for cloned environments), add \"z*\" to allowedNamespacePatterns in this policy's config.",
        );
    });
});

describe("policy pack: irsa-subject-condition", () => {
    it("flags a statement without :sub, saying every ServiceAccount may assume the role", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.missingSubject));
        expect(names(violations)).to.deep.equal([PolicyName.SubjectCondition]);
        expect(violations[0].message).to.equal(
            `Statement 0 has no condition on ${ISSUER}:sub, so every ServiceAccount in every namespace of the cluster (any pod) can assume the role. ` +
                `Add "StringEquals": {"${ISSUER}:sub": "system:serviceaccount:<namespace>:<name>"}. (Statement 0 admits: audience must be sts.amazonaws.com (StringEquals) through OIDC provider ${PROVIDER} (issuer https://${ISSUER}).)`,
        );
    });

    it("reads assumeRolePolicy given as an object as well as JSON text", async () => {
        expect(names(await validateRole(FIXTURES.missingSubject))).to.deep.equal([PolicyName.SubjectCondition]);
        expect(await validateRole(FIXTURES.environmentScoped)).to.deep.equal([]);
    });

    it("flags a :sub pattern covering every subject, and Principal \"*\"", async () => {
        expect(names(await validateRole(JSON.stringify(FIXTURES.wholeSubjectPattern)))).to.deep.equal([PolicyName.SubjectCondition, PolicyName.SubjectPatterns]);
        expect(names(await validateRole(JSON.stringify(FIXTURES.anyPrincipal)))).to.deep.equal([PolicyName.SubjectCondition]);
    });

    it("passes eks-irsa's environment-scoped policy", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.environmentScoped))).to.deep.equal([]);
    });
});

describe("policy pack: several providers", () => {
    it("passes one recommended statement per cluster", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.severalProviders))).to.deep.equal([]);
    });

    it("flags the one statement without :sub, naming its provider", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.severalProvidersOneOpen));
        expect(names(violations)).to.deep.equal([PolicyName.SubjectCondition]);
        expect(violations[0].message).to.match(new RegExp(`^Statement 1 has no condition on ${OTHER_ISSUER.replace(/\./g, "\\.")}:sub`));
        expect(violations[0].message).to.contain(`through OIDC provider ${OTHER_PROVIDER} (issuer https://${OTHER_ISSUER}).)`);
    });

    it("flags a second statement whose keys name the first cluster's issuer", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.severalProvidersCrossedKeys));
        expect(names(violations)).to.deep.equal([PolicyName.ConditionIssuer]);
        expect(violations[0].message).to.match(/^Statement 1 trusts the OIDC provider of oidc\.eks\.us-east-2/);
    });
});

describe("policy pack: irsa-audience-condition", () => {
    it("flags a statement without :aud", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.missingAudience));
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.AudienceCondition, "advisory"]]);
        expect(violations[0].message).to.match(/^Statement 0 does not check the token's audience/);
    });

    it("flags an audience that is not configured, and passes it once configured", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.wrongAudience));
        expect(names(violations)).to.deep.equal([PolicyName.AudienceCondition]);
        expect(violations[0].message).to.equal(
            "Statement 0 accepts tokens whose audience must be https://kubernetes.default.svc, and https://kubernetes.default.svc is not one of the " +
                "configured audiences (sts.amazonaws.com): the role trusts tokens meant for another client of the provider. Require " +
                `"StringEquals": {"${ISSUER}:aud": "sts.amazonaws.com"}, or add the audience to this policy's "audiences" config if the cluster's tokens ` +
                `really carry it. (Statement 0 admits: audience must be https://kubernetes.default.svc (StringEquals), and ServiceAccount my-s3-role in namespace ${NAMESPACE} ` +
                `through OIDC provider ${PROVIDER} (issuer https://${ISSUER}).)`,
        );
        const config = { [PolicyName.AudienceCondition]: { audiences: ["sts.amazonaws.com", "https://kubernetes.default.svc"] } };
        expect(await validateRole(JSON.stringify(FIXTURES.wrongAudience), config)).to.deep.equal([]);
    });
});

describe("policy pack: irsa-subject-patterns", () => {
    it("flags every namespace and every ServiceAccount, whatever the allow-lists hold for other patterns", async () => {
        expect(names(await validateRole(JSON.stringify(FIXTURES.anyNamespace), QOVERY_CONFIG))).to.deep.equal([PolicyName.SubjectPatterns]);
        expect(names(await validateRole(JSON.stringify(FIXTURES.anyServiceAccount), QOVERY_CONFIG))).to.deep.equal([PolicyName.SubjectPatterns]);
    });

    it("a negated condition admitting every ServiceAccount but one is irsa-subject-condition's, mandatory: no pattern to allow-list (found by the oracle property)", async () => {
        const allButOne = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: PROVIDER },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" }, StringNotLike: { [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:my-s3-role` } },
                },
            ],
        };
        const violations = await validateRole(allButOne, QOVERY_CONFIG);
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.SubjectCondition, "mandatory"]]);
        expect(violations[0].message).to.match(/^Statement 0 tests .*:sub only with negated conditions, so every ServiceAccount they do not exclude/);
    });

    it("passes a ServiceAccount pattern once allowed", async () => {
        const config = { [PolicyName.SubjectPatterns]: { allowedServiceAccountPatterns: ["*"] } };
        expect(await validateRole(JSON.stringify(FIXTURES.anyServiceAccount), config)).to.deep.equal([]);
    });
});

describe("policy pack: a Deny", () => {
    it("is not read as trust: the z* Allow beside a Deny of kube-system passes with z* allowed", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.denyKubeSystem), QOVERY_CONFIG)).to.deep.equal([]);
    });
});

describe("policy pack: irsa-trust-policy-size", () => {
    it("flags a policy over the default 2,048 characters, and passes it under a raised quota", async () => {
        const json = JSON.stringify(FIXTURES.oversized);
        const violations = await validateRole(json);
        expect(names(violations)).to.deep.equal([PolicyName.TrustPolicySize]);
        expect(violations[0].message).to.match(/^The trust policy has 2\d{3} characters \(white space not counted\), over the account's ACLSizePerRole quota of 2048/);
        expect(await validateRole(json, { [PolicyName.TrustPolicySize]: { aclSizePerRole: 4096 } })).to.deep.equal([]);
    });

    it("does not count white space", async () => {
        const compact = JSON.stringify(FIXTURES.environmentScoped);
        const limit = { [PolicyName.TrustPolicySize]: { aclSizePerRole: compact.length } };
        expect(await validateRole(JSON.stringify(FIXTURES.environmentScoped, null, 4), limit)).to.deep.equal([]);
        const tighter = { [PolicyName.TrustPolicySize]: { aclSizePerRole: compact.length - 1 } };
        expect(names(await validateRole(compact, tighter))).to.deep.equal([PolicyName.TrustPolicySize]);
    });
});

describe("policy pack: pod-identity-session-tags", () => {
    it("flags eksctl's unconditioned Pod Identity trust", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.eksctlPodIdentity));
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.PodIdentitySessionTags, "advisory"]]);
        expect(violations[0].message).to.equal(
            "Statement 0 trusts pods.eks.amazonaws.com without a condition on aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account: " +
                "every Pod Identity association naming this role, in any cluster of the account and for any namespace and ServiceAccount, can assume it. " +
                'Add "StringEquals": {"aws:RequestTag/kubernetes-namespace": "<kubernetes-namespace>", "aws:RequestTag/kubernetes-service-account": "<kubernetes-service-account>"} to the statement.',
        );
    });

    it("passes the trust scoped with the session tags, and flags it when a tag is only tested negatively", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.scopedPodIdentity))).to.deep.equal([]);
        const negated = JSON.parse(JSON.stringify(FIXTURES.scopedPodIdentity).replace('"StringEquals"', '"StringNotEquals"'));
        expect(names(await validateRole(negated))).to.deep.equal([PolicyName.PodIdentitySessionTags]);
    });

    it("reads the statements as eks-irsa's model does: Principal \"*\" lets every association in, a tag tested only IfExists is no test", async () => {
        const anyone = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: ["sts:AssumeRole", "sts:TagSession"] }] };
        const violations = await validateRole(JSON.stringify(anyone));
        expect(violations.filter((v) => v.policy === PolicyName.PodIdentitySessionTags).map((v) => v.message.slice(0, 60))).to.deep.equal([
            "Statement 0 trusts pods.eks.amazonaws.com without a conditio",
        ]);
        const ifExists = JSON.parse(JSON.stringify(FIXTURES.scopedPodIdentity).replace('"StringEquals"', '"StringEqualsIfExists"'));
        expect(names(await validateRole(ifExists))).to.deep.equal([PolicyName.PodIdentitySessionTags]);
    });

    it("counts a tag matched by a pattern every value meets (StringLike \"*\" or \"?*\") as untested", async () => {
        for (const pattern of ["*", "?*", "**"]) {
            const open = JSON.parse(JSON.stringify(FIXTURES.scopedPodIdentity).replace('"StringEquals"', '"StringLike"').replace(`"${NAMESPACE}"`, JSON.stringify(pattern)));
            const violations = await validateRole(open);
            expect(names(violations), pattern).to.deep.equal([PolicyName.PodIdentitySessionTags]);
            expect(violations[0].message).to.match(/without a condition on aws:RequestTag\/kubernetes-namespace:/);
        }
        const narrow = JSON.parse(JSON.stringify(FIXTURES.scopedPodIdentity).replace('"StringEquals"', '"StringLike"').replace(`"${NAMESPACE}"`, '"z*"'));
        expect(await validateRole(narrow)).to.deep.equal([]);
    });

    it("counts values that together match every tag value (\"?\" and \"??*\") as no test (review finding)", async () => {
        const together = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { StringLike: { "aws:RequestTag/kubernetes-namespace": ["?", "??*"], "aws:RequestTag/kubernetes-service-account": ["?", "??*"] } } }] };
        const violations = await validateRole(JSON.stringify(together));
        expect(names(violations)).to.deep.equal([PolicyName.PodIdentitySessionTags]);
        expect(violations[0].message).to.match(/without a condition on aws:RequestTag\/kubernetes-namespace and aws:RequestTag\/kubernetes-service-account:/);
        // Every name but the one-character ones is still a test: some value fails it.
        const nearly = JSON.parse(JSON.stringify(together).replace(/\["\?","\?\?\*"\]/g, '"??*"'));
        expect(names(await validateRole(nearly))).to.deep.equal([]);
    });

    it("passes session tags whose keys are written in another case, which IAM reads alike", async () => {
        const shouted = JSON.parse(JSON.stringify(FIXTURES.scopedPodIdentity).replace(/aws:RequestTag\/kubernetes-[a-z-]+/g, (key) => key.toUpperCase()));
        expect(JSON.stringify(shouted)).to.contain("AWS:REQUESTTAG/KUBERNETES-NAMESPACE");
        expect(await validateRole(shouted)).to.deep.equal([]);
    });
});

describe("policy pack: IRSA and Pod Identity statements in one policy", () => {
    const podIdentity = FIXTURES.scopedPodIdentity.Statement[0];
    const mixed = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

    it("checks the IRSA statements, numbered as written, beside a Pod Identity statement", async () => {
        const violations = await validateRole(mixed(podIdentity, FIXTURES.missingSubject.Statement[0]));
        expect(names(violations)).to.deep.equal([PolicyName.SubjectCondition]);
        expect(violations[0].message).to.match(new RegExp(`^Statement 1 has no condition on ${ISSUER.replace(/\./g, "\\.")}:sub`));
        expect(await validateRole(mixed(podIdentity, FIXTURES.environmentScoped.Statement[0]))).to.deep.equal([]);
    });

    it("checks both halves: an unconditioned Pod Identity statement beside a sound IRSA one", async () => {
        const violations = await validateRole(mixed(FIXTURES.environmentScoped.Statement[0], FIXTURES.eksctlPodIdentity.Statement[0]));
        expect(names(violations)).to.deep.equal([PolicyName.PodIdentitySessionTags]);
        expect(violations[0].message).to.match(/^Statement 1 trusts pods\.eks\.amazonaws\.com without/);
    });

    it("reads a Deny of services other than Pod Identity's as no part of a workload decision", async () => {
        const serviceDeny = { Effect: "Deny", Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:*" };
        expect(await validateRole(mixed(serviceDeny, FIXTURES.environmentScoped.Statement[0]))).to.deep.equal([]);
        expect(names(await validateRole(mixed(serviceDeny, FIXTURES.missingSubject.Statement[0])))).to.deep.equal([PolicyName.SubjectCondition]);
    });

    it("reports as unsupported, once, a statement mixing a service with an AWS principal, which the model does not read", async () => {
        const awsAndService = { Effect: "Deny", Principal: { Service: "pods.eks.amazonaws.com", AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:*" };
        const violations = await validateRole(mixed(awsAndService, FIXTURES.environmentScoped.Statement[0]));
        expect(names(violations)).to.deep.equal([PolicyName.UnsupportedTrustPolicy]);
        expect(violations[0].message).to.contain(
            'it uses principal {"Service":"pods.eks.amazonaws.com","AWS":"arn:aws:iam::123456789012:root"} naming pods.eks.amazonaws.com beside other principals',
        );
    });
});

describe("policy pack: irsa-unsupported-trust-policy", () => {
    it("reports, as mandatory (the default), a policy the evaluator cannot decide, naming the feature", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.unsupportedOperator));
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.UnsupportedTrustPolicy, "mandatory"]]);
        expect(violations[0].message).to.match(
            /^eks-irsa's evaluator cannot decide exactly whom this trust policy admits, so this pack does not pass it: it uses condition operator "ForAnyValue:StringEqualsIfExists" \(ForAnyValue with IfExists on a key that may be absent\)\. Statement 0 uses /,
        );
    });

    it("reports a trust policy that is not JSON", async () => {
        const violations = await validateRole('{"Version": "2012-10-17", "Statement": [');
        expect(names(violations)).to.deep.equal([PolicyName.UnsupportedTrustPolicy]);
        expect(violations[0].message).to.match(/^eks-irsa cannot read this trust policy, and IAM will not accept it either: The trust policy is not valid JSON/);
    });

    it("leaves roles without workload trust alone, decided from the principals", async () => {
        expect(await validateRole(JSON.stringify(FIXTURES.lambdaService))).to.deep.equal([]);
        const ec2WithTags = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com", AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }],
        };
        expect(await validateRole(ec2WithTags)).to.deep.equal([]);
        const saml = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:saml-provider/corp" }, Action: "sts:AssumeRoleWithSAML" }] };
        expect(await validateRole(saml)).to.deep.equal([]);
    });

    it("never leaves alone a role whose principals may let a workload in: a wildcard Federated principal is reported as unsupported", async () => {
        const wildcard = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/*" }, Action: "sts:AssumeRoleWithWebIdentity" }] };
        const violations = await validateRole(wildcard);
        expect(names(violations)).to.deep.equal([PolicyName.UnsupportedTrustPolicy]);
        expect(violations[0].message).to.contain('it uses wildcard Federated principal "arn:aws:iam::123456789012:oidc-provider/*".');
    });
});

describe("policy pack: irsa-other-trust-warnings", () => {
    it("reports the model's other warnings, here a placeholder left in the subject", async () => {
        const violations = await validateRole(JSON.stringify(FIXTURES.placeholderSubject));
        expect(names(violations)).to.deep.equal([PolicyName.OtherTrustWarnings]);
        expect(violations[0].message).to.contain('"kubernetes_namespace" is no valid namespace name');
    });
});

describe("policy pack: values unknown during preview", () => {
    it("lets @pulumi/policy's unknown value error through, which the engine reports as advisory, not as a violation", async () => {
        let thrown: unknown;
        try {
            await validateResource("aws:iam/role:Role", "role", previewProps({ assumeRolePolicy: UNKNOWN_STRING }));
        } catch (error) {
            thrown = error;
        }
        expect((thrown as Error).message).to.equal("string value at .assumeRolePolicy can't be known during preview");
    });
});

describe("policy pack: addon-wildcards", () => {
    const PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    const component = (addonPolicies: object, extra: object = {}) =>
        validateResource("eks-irsa:index:ServiceAccountRole", "dns", { oidcProviderArn: PROVIDER_ARN, namespace: "kube-system", serviceAccountName: "dns", addonPolicies, ...extra });

    it("reports each deliberate wildcard of a ServiceAccountRole's add-ons, with what it grants", async () => {
        const violations = await component({ externalDns: { allowAllHostedZones: true }, awsGatewayController: { allowAllVpcLatticeResources: true } });
        expect(violations.map((v) => [v.policy, v.message.split(":")[0]])).to.deep.equal([
            [PolicyName.AddonWildcards, "addonPolicies.externalDns.allowAllHostedZones grants arn"],
            [PolicyName.AddonWildcards, "addonPolicies.awsGatewayController.allowAllVpcLatticeResources grants *"],
        ]);
        expect(violations[0].message).to.match(/^addonPolicies\.externalDns\.allowAllHostedZones grants arn:aws:route53:::hostedzone\/\*: every such resource of the account/);
    });

    it("passes add-ons scoped to named resources, and resources of other types", async () => {
        expect(await component({ externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } })).to.deep.equal([]);
        expect(await validateResource("aws:iam/role:Role", "dns", { addonPolicies: { externalDns: { allowAllHostedZones: true } } })).to.deep.equal([]);
    });

    it("still reports an opt-in when the add-on cannot be planned from what the pack sees (another partition's ARN)", async () => {
        const violations = await component({ certManager: { allowAllHostedZones: true, hostedZoneArns: ["arn:aws-cn:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } });
        expect(violations.map((v) => v.message.split(" grants ")[0])).to.deep.equal(["addonPolicies.certManager.allowAllHostedZones"]);
    });
});
