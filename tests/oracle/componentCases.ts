/**
 * Fixed oracle cases: the trust policies eks-irsa produces and the Qovery tutorial's hand-written ones,
 * each paired with tokens that should and should not get in. Add the policies the components produce
 * here; `tests/oracle.spec.ts` runs every case returned by {@link componentOracleCases}.
 */
import type { WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";
import { fixture } from "../harness";
import type { OracleCase } from "./generator";

/** The tutorial's two trust policies, as it tells the reader to write them (copies in tests/fixtures/qovery-tutorial/). */
export interface TutorialPolicies {
    /**
     * The environment-scoped policy printed after "you should have something like:". Its Federated ARN is
     * in us-east-2 but its condition key in eu-west-3, so as written it trusts no token at all.
     */
    environment: object;
    /**
     * The cluster-scoped policy: the environment policy with its Condition replaced by the tutorial's
     * quoted `"Condition": {"StringLike": {... "system:serviceaccount:z*:service_account_name"}}`, which is
     * how the tutorial tells the reader to build it. It keeps the region mismatch, and has no `:aud` check.
     */
    cluster: object;
}

/**
 * Reads the tutorial's trust policies from tests/fixtures/qovery-tutorial/.
 *
 * @returns the environment and cluster policies.
 */
export function tutorialPolicies(): TutorialPolicies {
    return {
        environment: JSON.parse(fixture("qovery-tutorial/environment-policy.json")),
        cluster: JSON.parse(fixture("qovery-tutorial/cluster-policy.json")),
    };
}

const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/ABC";
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const OTHER_ISSUER = "oidc.eks.us-east-2.amazonaws.com/id/DEF";
const OTHER_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${OTHER_ISSUER}`;
const NAMESPACE = "z9b830e28-ze23976e2";
const CLONED_NAMESPACE = "z0c1d2e3f-za9b8c7d6";
const AUDIENCE = "sts.amazonaws.com";

function sa(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

function federatedStatement(provider: string, condition: object): object {
    return { Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition };
}

function policyOf(...statements: object[]): object {
    return { Version: "2012-10-17", Statement: statements };
}

function environmentScoped(issuer: string, provider: string, namespace: string): object {
    return federatedStatement(provider, {
        StringEquals: { [`${issuer}:aud`]: AUDIENCE, [`${issuer}:sub`]: sa(namespace, "my-s3-role") },
    });
}

function clusterScoped(issuer: string, provider: string, subjects: string | string[]): object {
    return federatedStatement(provider, {
        StringEquals: { [`${issuer}:aud`]: AUDIENCE },
        StringLike: { [`${issuer}:sub`]: subjects },
    });
}

/** Pairs one policy with several tokens; `tokens` maps a label to the request's varying fields. */
function withTokens(
    policyName: string,
    policy: object,
    base: WebIdentityRequest,
    tokens: Record<string, Partial<WebIdentityRequest>>,
): OracleCase[] {
    return Object.entries(tokens).map(([label, token]) => ({
        name: `${policyName}: ${label}`,
        policy,
        request: { ...base, ...token },
    }));
}

/**
 * The fixed oracle cases: eks-irsa's environment-scoped, cluster-scoped, several-subject and
 * multi-cluster trust policies, and the tutorial's two policies as written and with the Federated region
 * corrected, each with matching and non-matching tokens.
 *
 * @returns the cases.
 */
export function componentOracleCases(): OracleCase[] {
    const token: WebIdentityRequest = { providerArn: PROVIDER, subject: sa(NAMESPACE, "my-s3-role"), audience: AUDIENCE };
    const commonTokens: Record<string, Partial<WebIdentityRequest>> = {
        "its own token": {},
        "its own token with aud as a one-element list": { audience: [AUDIENCE] },
        "its own token with the issuer claim": { issuer: `https://${ISSUER}` },
        "another ServiceAccount": { subject: sa(NAMESPACE, "other") },
        "a cloned environment's namespace": { subject: sa(CLONED_NAMESPACE, "my-s3-role") },
        "a namespace not starting with z": { subject: sa("payments", "my-s3-role") },
        "upper-case ServiceAccount": { subject: sa(NAMESPACE, "MY-S3-ROLE") },
        "another cluster's provider": { providerArn: OTHER_PROVIDER },
        "wrong audience": { audience: "https://kubernetes.default.svc" },
        "two audiences": { audience: [AUDIENCE, "https://kubernetes.default.svc"] },
        "action sts:AssumeRole": { action: "sts:AssumeRole" },
    };

    const tutorial = tutorialPolicies();
    const tutorialIssuer = "oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx";
    const tutorialProvider = `arn:aws:iam::yyyyyyy:oidc-provider/${tutorialIssuer}`;
    const tutorialProviderAsWritten = "arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx";
    const corrected = (policy: object): object => JSON.parse(JSON.stringify(policy).split("us-east-2").join("eu-west-3"));
    const tutorialToken: WebIdentityRequest = {
        providerArn: tutorialProvider,
        subject: sa("kubernetes_namespace", "service_account_name"),
        audience: AUDIENCE,
    };
    const tutorialTokens: Record<string, Partial<WebIdentityRequest>> = {
        "its namespace and ServiceAccount": {},
        "through the us-east-2 provider of its Federated ARN": { providerArn: tutorialProviderAsWritten },
        "a Qovery namespace": { subject: sa(NAMESPACE, "service_account_name") },
        "a Qovery namespace through the us-east-2 provider": {
            providerArn: tutorialProviderAsWritten,
            subject: sa(NAMESPACE, "service_account_name"),
        },
        "another ServiceAccount": { subject: sa(NAMESPACE, "other") },
        "a namespace not starting with z": { subject: sa("payments", "service_account_name") },
        "any audience (no :aud condition)": { subject: sa(NAMESPACE, "service_account_name"), audience: "vault" },
    };

    return [
        ...withTokens("eks-irsa environment scope", policyOf(environmentScoped(ISSUER, PROVIDER, NAMESPACE)), token, commonTokens),
        ...withTokens("eks-irsa cluster scope", policyOf(clusterScoped(ISSUER, PROVIDER, sa("z*", "my-s3-role"))), token, commonTokens),
        ...withTokens(
            "eks-irsa cluster scope, several subjects",
            policyOf(clusterScoped(ISSUER, PROVIDER, [sa("z*", "my-s3-role"), sa("payments", "my-s3-role")])),
            token,
            commonTokens,
        ),
        ...withTokens(
            "eks-irsa two clusters",
            policyOf(
                environmentScoped(ISSUER, PROVIDER, NAMESPACE),
                environmentScoped(OTHER_ISSUER, OTHER_PROVIDER, NAMESPACE),
            ),
            token,
            commonTokens,
        ),
        ...withTokens("tutorial environment policy as written", tutorial.environment, tutorialToken, tutorialTokens),
        ...withTokens("tutorial cluster policy as written", tutorial.cluster, tutorialToken, tutorialTokens),
        ...withTokens("tutorial environment policy, region corrected", corrected(tutorial.environment), tutorialToken, tutorialTokens),
        ...withTokens("tutorial cluster policy, region corrected", corrected(tutorial.cluster), tutorialToken, tutorialTokens),
    ];
}

/**
 * Cases for a trust policy a component produced: for each statement and each trusted subject, a token that
 * matches it (wildcards filled in) and near misses: another ServiceAccount, another namespace, the wrong
 * audience, and another cluster's provider.
 *
 * @param policyJson the policy as the component sent it to IAM.
 * @param label names the cases.
 * @returns the cases.
 */
export function producedPolicyCases(policyJson: string, label: string): OracleCase[] {
    const policy = JSON.parse(policyJson) as { Statement: { Principal: { Federated: string }; Condition: Record<string, Record<string, string | string[]>> }[] };
    const cases: OracleCase[] = [];
    policy.Statement.forEach((statement, index) => {
        const providerArn = statement.Principal.Federated;
        const issuer = providerArn.slice(providerArn.indexOf("oidc-provider/") + "oidc-provider/".length);
        const operators = Object.values(statement.Condition);
        const subjects = operators.flatMap((keys) => [keys[`${issuer}:sub`] ?? []].flat());
        const audience = operators.map((keys) => keys[`${issuer}:aud`]).find((value) => value !== undefined) as string;
        subjects.forEach((pattern, s) => {
            const subject = pattern.replace(/\*/g, "abc").replace(/\?/g, "q");
            const [, , namespace, serviceAccount] = subject.split(":");
            const base: WebIdentityRequest = { providerArn, subject, audience };
            cases.push(
                ...withTokens(`${label} statement ${index} subject ${s}`, policy, base, {
                    "its own token": {},
                    "another ServiceAccount": { subject: sa(namespace, `${serviceAccount}-other`) },
                    "another namespace": { subject: sa(`x${namespace}`, serviceAccount) },
                    "the wrong audience": { audience: "https://kubernetes.default.svc" },
                    "another cluster's provider": { providerArn: OTHER_PROVIDER },
                }),
            );
        });
    });
    return cases;
}
