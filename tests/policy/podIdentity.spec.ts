/**
 * EKS Pod Identity in the policy model: the statement eks-irsa emits admits exactly its (cluster, namespace,
 * ServiceAccount) pairs, decided alike by evaluatePodIdentityAssociation and describeTrust's podIdentity answer, and
 * --who warns about the shapes that admit too much or do not work.
 */
import { expect } from "chai";
import { describeTrust, podIdentityAdmits, TrustWarningCode } from "../../src/policy/explain";
import { evaluatePodIdentityAssociation, PodIdentityRequest, TrustDecisionKind, UnsupportedPolicyError } from "../../src/policy/trustPolicyEvaluator";

const CLUSTER = "arn:aws:eks:eu-west-3:123456789012:cluster/prod";
const OTHER_CLUSTER = "arn:aws:eks:us-east-2:123456789012:cluster/prod";

function podIdentityStatement(condition?: object, action: string | string[] = ["sts:AssumeRole", "sts:TagSession"]): object {
    return { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: action, ...(condition !== undefined && { Condition: condition }) };
}

function policy(...statements: object[]): object {
    return { Version: "2012-10-17", Statement: statements };
}

/** The statement eks-irsa emits for two pairs that differ in both parts: one statement per (namespace, ServiceAccount) pair. */
const CONTRACT = policy(
    podIdentityStatement({
        StringEquals: {
            "aws:RequestTag/eks-cluster-arn": CLUSTER,
            "aws:RequestTag/kubernetes-namespace": "payments",
            "aws:RequestTag/kubernetes-service-account": "api",
        },
    }),
    podIdentityStatement({
        StringEquals: {
            "aws:RequestTag/eks-cluster-arn": CLUSTER,
            "aws:RequestTag/kubernetes-namespace": "billing",
            "aws:RequestTag/kubernetes-service-account": "worker",
        },
    }),
);

function both(p: object, request: PodIdentityRequest): boolean {
    const decision = evaluatePodIdentityAssociation(p, request).allowed;
    expect(podIdentityAdmits(describeTrust(p).podIdentity, request), "--who agrees with the evaluator").to.equal(decision);
    return decision;
}

const codes = (p: object) => describeTrust(p).warnings.map((w) => w.code);

describe("Pod Identity: the statement eks-irsa emits admits exactly its pairs", () => {
    it("admits (prod, payments, api) and (prod, billing, worker), and no cross pair, other cluster or other name", () => {
        const admitted: string[] = [];
        for (const clusterArn of [CLUSTER, OTHER_CLUSTER]) {
            for (const namespace of ["payments", "billing", "default"]) {
                for (const serviceAccount of ["api", "worker", "default"]) {
                    if (both(CONTRACT, { clusterArn, namespace, serviceAccount })) {
                        admitted.push(`${clusterArn.split(":")[3]}/${namespace}/${serviceAccount}`);
                    }
                }
            }
        }
        expect(admitted).to.deep.equal(["eu-west-3/payments/api", "eu-west-3/billing/worker"]);
        expect(codes(CONTRACT)).to.deep.equal([]);
    });

    it("denies every association once session tags are disabled: the conditions see absent tags", () => {
        const decision = evaluatePodIdentityAssociation(CONTRACT, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api", sessionTags: false });
        expect(decision.decision).to.equal(TrustDecisionKind.ImplicitDeny);
        expect(both(CONTRACT, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api", sessionTags: false })).to.equal(false);
    });

    it("--who says which cluster, namespace and ServiceAccount an association must have", () => {
        const description = describeTrust(CONTRACT);
        expect(description.statements.map((s) => s.associations)).to.deep.equal([
            `cluster ARN ${CLUSTER}, and namespace payments, and ServiceAccount api`,
            `cluster ARN ${CLUSTER}, and namespace billing, and ServiceAccount worker`,
        ]);
        expect(description.podIdentity.text).to.deep.equal([
            "Through EKS Pod Identity (pods.eks.amazonaws.com), an association is admitted (sts:AssumeRole) if it has one of:",
            `  - cluster ARN ${CLUSTER}, and namespace payments, and ServiceAccount api (Statement 0)`,
            `  - cluster ARN ${CLUSTER}, and namespace billing, and ServiceAccount worker (Statement 1)`,
        ]);
    });

    it("accepts the hand-written variants: StringLike, single values, eks-cluster-name, tag keys in any case", () => {
        const p = policy(
            podIdentityStatement({
                StringLike: { "AWS:RequestTag/EKS-Cluster-Name": "prod", "aws:RequestTag/kubernetes-namespace": "z*" },
                StringEquals: { "aws:RequestTag/kubernetes-service-account": ["app", "api"] },
            }),
        );
        expect(both(p, { clusterArn: CLUSTER, namespace: "z1", serviceAccount: "api" })).to.equal(true);
        expect(both(p, { clusterArn: OTHER_CLUSTER, namespace: "z1", serviceAccount: "app" })).to.equal(true);
        expect(both(p, { clusterArn: CLUSTER, namespace: "z1", serviceAccount: "api", clusterName: "staging" })).to.equal(false);
        expect(both(p, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api" })).to.equal(false);
    });

    it("decides IRSA and Pod Identity statements of one policy apart", () => {
        const irsa = {
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "oidc.eks.eu-west-3.amazonaws.com/id/ABC:sub": "system:serviceaccount:other:sa" } },
        };
        const p = policy(irsa, ...(CONTRACT as { Statement: object[] }).Statement);
        expect(both(p, { clusterArn: CLUSTER, namespace: "other", serviceAccount: "sa" })).to.equal(false);
        expect(both(p, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api" })).to.equal(true);
        expect(evaluatePodIdentityAssociation(p, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api" }).matchedStatement).to.equal(1);
    });

    it("a Deny on a session tag overrides the Allow", () => {
        const deny = { Effect: "Deny", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:RequestTag/kubernetes-service-account": "api" } } };
        const p = policy(...(CONTRACT as { Statement: object[] }).Statement, deny);
        const decision = evaluatePodIdentityAssociation(p, { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "api" });
        expect(decision.decision).to.equal(TrustDecisionKind.ExplicitDeny);
        expect(decision.matchedStatement).to.equal(2);
        expect(both(p, { clusterArn: CLUSTER, namespace: "billing", serviceAccount: "worker" })).to.equal(true);
    });
});

describe("Pod Identity: what is not modelled exactly is refused", () => {
    it("refuses other keys in a Pod Identity statement, and the service beside other principals", () => {
        const refused = (condition: object) => () => evaluatePodIdentityAssociation(policy(podIdentityStatement(condition)), { clusterArn: CLUSTER, namespace: "a", serviceAccount: "b" });
        expect(refused({ StringEquals: { "aws:SourceAccount": "123456789012" } })).to.throw(UnsupportedPolicyError, 'condition key "aws:SourceAccount" in a Pod Identity statement');
        expect(refused({ StringEquals: { "aws:RequestTag/team": "x" } })).to.throw(UnsupportedPolicyError, 'condition key "aws:RequestTag/team"');
        expect(refused({ StringEquals: { "oidc.eks.eu-west-3.amazonaws.com/id/ABC:sub": "x" } })).to.throw(UnsupportedPolicyError);
        const mixed = policy({ Effect: "Allow", Principal: { Service: ["pods.eks.amazonaws.com", "ec2.amazonaws.com"] }, Action: "sts:AssumeRole" });
        expect(() => describeTrust(mixed)).to.throw(UnsupportedPolicyError, "beside other principals");
    });

    it("refuses aws:RequestTag keys in an OIDC statement, where a token may carry tags of its own", () => {
        const p = policy({
            Effect: "Allow",
            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "x" } },
        });
        expect(() => describeTrust(p)).to.throw(UnsupportedPolicyError, 'condition key "aws:RequestTag/kubernetes-namespace"');
    });

    it("asks for the pod name when a condition tests it", () => {
        const p = policy(podIdentityStatement({ StringLike: { "aws:RequestTag/kubernetes-pod-name": "app-*" } }));
        expect(() => evaluatePodIdentityAssociation(p, { clusterArn: CLUSTER, namespace: "a", serviceAccount: "b" })).to.throw(TypeError, "give the request's podName");
        expect(both(p, { clusterArn: CLUSTER, namespace: "a", serviceAccount: "b", podName: "app-1" })).to.equal(true);
    });
});

describe("Pod Identity: --who warnings", () => {
    it("warns about eksctl's unconditioned shape: any association in the account may use the role", () => {
        const eksctl = policy(podIdentityStatement());
        const description = describeTrust(eksctl);
        expect(description.warnings.map((w) => [w.code, w.statement])).to.deep.equal([[TrustWarningCode.AnyPodIdentityAssociation, 0]]);
        expect(description.warnings[0].message).to.contain("any Pod Identity association in the account may use this role");
        expect(both(eksctl, { clusterArn: OTHER_CLUSTER, namespace: "kube-system", serviceAccount: "default" })).to.equal(true);
        expect(both(eksctl, { clusterArn: OTHER_CLUSTER, namespace: "kube-system", serviceAccount: "default", sessionTags: false })).to.equal(true);
    });

    it("warns when a statement allows only one of sts:AssumeRole and sts:TagSession", () => {
        const condition = { StringEquals: { "aws:RequestTag/kubernetes-namespace": "payments" } };
        expect(codes(policy(podIdentityStatement(condition, "sts:AssumeRole")))).to.deep.equal([TrustWarningCode.PodIdentityMissingAction]);
        expect(describeTrust(policy(podIdentityStatement(condition, "sts:AssumeRole"))).warnings[0].message).to.equal(
            "Statement 0 allows sts:AssumeRole but not sts:TagSession to pods.eks.amazonaws.com: EKS Pod Identity calls both, so this statement does not work " +
                "for Pod Identity unless the association disables session tags. Allow both actions.",
        );
        expect(codes(policy(podIdentityStatement(condition, "sts:TagSession")))).to.deep.equal([TrustWarningCode.PodIdentityMissingAction]);
        expect(both(policy(podIdentityStatement(undefined, "sts:AssumeRole")), { clusterArn: CLUSTER, namespace: "payments", serviceAccount: "a" })).to.equal(false);
    });

    it("warns about conditions that disabled session tags defeat: a negated Allow, an IfExists Allow, a Deny on a tag", () => {
        const negated = policy(podIdentityStatement({ StringNotEquals: { "aws:RequestTag/kubernetes-namespace": "kube-system" } }));
        expect(codes(negated)).to.deep.equal([TrustWarningCode.SessionTagsDisabledDefeats]);
        expect(both(negated, { clusterArn: CLUSTER, namespace: "kube-system", serviceAccount: "a" })).to.equal(false);
        expect(both(negated, { clusterArn: CLUSTER, namespace: "kube-system", serviceAccount: "a", sessionTags: false })).to.equal(true);
        expect(codes(policy(podIdentityStatement({ StringEqualsIfExists: { "aws:RequestTag/kubernetes-namespace": "payments" } })))).to.deep.equal([
            TrustWarningCode.SessionTagsDisabledDefeats,
        ]);
        const deny = { Effect: "Deny", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "kube-system" } } };
        expect(codes(policy(podIdentityStatement({ StringEquals: { "aws:RequestTag/kubernetes-namespace": "payments" } }), deny))).to.deep.equal([
            TrustWarningCode.SessionTagsDisabledDefeats,
        ]);
    });

    it("raises no IRSA warning (audience, subject) on a Pod Identity statement", () => {
        expect(codes(CONTRACT)).to.deep.equal([]);
        expect(describeTrust(CONTRACT).statements.map((s) => [s.podIdentity, s.admitsNothing, s.webIdentity])).to.deep.equal([
            [true, false, false],
            [true, false, false],
        ]);
    });
});
