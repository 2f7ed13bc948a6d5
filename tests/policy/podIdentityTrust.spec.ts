import { expect } from "chai";
import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../../src/enums";
import { IrsaArgumentError } from "../../src/errors";
import {
    buildPodIdentityStatements,
    buildWorkloadTrustPolicy,
    checkClusterArnMatchesName,
    checkEksClusterName,
    checkPodIdentityCombination,
    checkPodIdentityRoleAccount,
    checkPodIdentityServiceAccountChart,
    checkTargetRoleArn,
    eksClusterArn,
    parseEksClusterArn,
    PodIdentityCombination,
    podIdentitySubjects,
    renderWorkloadTrustPolicy,
    UNCONDITIONED_POD_IDENTITY_WARNING,
} from "../../src/policy/podIdentityTrust";
import { buildTrustPolicy, checkTrustPolicySize, policySize, renderTrustPolicy } from "../../src/policy/trustPolicy";
import { ACCOUNT, ISSUER, PROVIDER_ARN, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT } from "../harness";
import { podIdentitySessionTags, simulatePodIdentity } from "../oracle/podIdentityOracle";

const CLUSTER_ARN = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/qovery-cluster`;
const TUTORIAL = { namespace: TUTORIAL_NAMESPACE, serviceAccountName: TUTORIAL_SERVICE_ACCOUNT };

/** The tutorial's IRSA statement, exactly as today. */
const IRSA_STATEMENT = {
    Effect: "Allow",
    Principal: { Federated: PROVIDER_ARN },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com", [`${ISSUER}:sub`]: `system:serviceaccount:${TUTORIAL_NAMESPACE}:${TUTORIAL_SERVICE_ACCOUNT}` } },
};
/** The tutorial's Pod Identity statement. */
const POD_IDENTITY_STATEMENT = {
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
        StringEquals: {
            "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN,
            "aws:RequestTag/kubernetes-namespace": TUTORIAL_NAMESPACE,
            "aws:RequestTag/kubernetes-service-account": TUTORIAL_SERVICE_ACCOUNT,
        },
    },
};

function errorOf(fn: () => void): IrsaArgumentError {
    try {
        fn();
    } catch (error) {
        expect(error).to.be.instanceOf(IrsaArgumentError);
        return error as IrsaArgumentError;
    }
    throw new Error("expected an IrsaArgumentError");
}

describe("podIdentityTrust: the statements", () => {
    it("is exactly the contract's statement for the tutorial's ServiceAccount", () => {
        expect(buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL])).to.deep.equal([POD_IDENTITY_STATEMENT]);
    });

    it("lists ServiceAccounts of one namespace in one statement", () => {
        const [statement] = buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL, { namespace: TUTORIAL_NAMESPACE, serviceAccountName: "worker" }]);
        expect(statement.Condition!.StringEquals["aws:RequestTag/kubernetes-namespace"]).to.equal(TUTORIAL_NAMESPACE);
        expect(statement.Condition!.StringEquals["aws:RequestTag/kubernetes-service-account"]).to.deep.equal([TUTORIAL_SERVICE_ACCOUNT, "worker"]);
    });

    it("lists namespaces of one ServiceAccount in one statement", () => {
        const statements = buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL, { namespace: "z11111111-z22222222", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT }]);
        expect(statements).to.have.length(1);
        expect(statements[0].Condition!.StringEquals["aws:RequestTag/kubernetes-namespace"]).to.deep.equal([TUTORIAL_NAMESPACE, "z11111111-z22222222"]);
    });

    it("gives each pair its own statement when pairs differ in both parts, so no cross pair is admitted", () => {
        const statements = buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL, { namespace: "batch", serviceAccountName: "worker" }, TUTORIAL]);
        expect(statements.map((s) => s.Condition!.StringEquals)).to.deep.equal([
            POD_IDENTITY_STATEMENT.Condition.StringEquals,
            { "aws:RequestTag/eks-cluster-arn": CLUSTER_ARN, "aws:RequestTag/kubernetes-namespace": "batch", "aws:RequestTag/kubernetes-service-account": "worker" },
        ]);
    });

    it("lists several clusters in each statement", () => {
        const other = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/blue`;
        const [statement] = buildPodIdentityStatements([CLUSTER_ARN, other, CLUSTER_ARN], [TUTORIAL]);
        expect(statement.Condition!.StringEquals["aws:RequestTag/eks-cluster-arn"]).to.deep.equal([CLUSTER_ARN, other]);
    });

    it("has no Condition only when session-tag conditions are explicitly dropped", () => {
        expect(buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL], false)).to.deep.equal([
            { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
        ]);
        expect(UNCONDITIONED_POD_IDENTITY_WARNING).to.include("any Pod Identity association in the account may use this role");
    });
});

describe("podIdentityTrust: the three modes' documents", () => {
    const irsa = buildTrustPolicy([{ arn: PROVIDER_ARN, issuer: ISSUER }], [TUTORIAL], "sts.amazonaws.com");
    const pod = buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL]);

    it("Irsa is today's document byte for byte", () => {
        expect(renderWorkloadTrustPolicy(buildWorkloadTrustPolicy(WorkloadIdentity.Irsa, irsa, []))).to.equal(renderTrustPolicy(irsa));
    });

    it("PodIdentity is the Pod Identity statement alone", () => {
        expect(buildWorkloadTrustPolicy(WorkloadIdentity.PodIdentity, undefined, pod)).to.deep.equal({ Version: "2012-10-17", Statement: [POD_IDENTITY_STATEMENT] });
    });

    it("Both puts the IRSA statement first, unchanged, then Pod Identity's", () => {
        const both = renderWorkloadTrustPolicy(buildWorkloadTrustPolicy(WorkloadIdentity.Both, irsa, pod));
        expect(JSON.parse(both)).to.deep.equal({ Version: "2012-10-17", Statement: [IRSA_STATEMENT, POD_IDENTITY_STATEMENT] });
        expect(both.startsWith(renderTrustPolicy(irsa).slice(0, -2))).to.equal(true);
    });

    it("is measured by policySize, so the size guard applies to the combined policy", () => {
        const both = renderWorkloadTrustPolicy(buildWorkloadTrustPolicy(WorkloadIdentity.Both, irsa, pod));
        expect(policySize(both)).to.equal(both.length);
        expect(() => checkTrustPolicySize(both, both.length)).not.to.throw();
        expect(errorOf(() => checkTrustPolicySize(both, both.length - 1)).argument).to.equal("trustPolicySizeLimit");
    });

    it("Both with pairs that differ in both parts stays within 2048 characters for three ServiceAccounts", () => {
        const subjects = [TUTORIAL, { namespace: "batch", serviceAccountName: "worker" }, { namespace: "web", serviceAccountName: "frontend" }];
        const both = renderWorkloadTrustPolicy(
            buildWorkloadTrustPolicy(WorkloadIdentity.Both, buildTrustPolicy([{ arn: PROVIDER_ARN, issuer: ISSUER }], subjects, "sts.amazonaws.com"), buildPodIdentityStatements([CLUSTER_ARN], subjects)),
        );
        expect(policySize(both)).to.equal(1593);
    });
});

describe("podIdentityTrust: the oracle (iam-simulate) admits exactly the intended associations", () => {
    const otherAccountCluster = `arn:aws:eks:eu-west-3:210987654321:cluster/qovery-cluster`;
    const otherRegionCluster = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/qovery-cluster`;
    const otherCluster = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/other`;
    const clusters = [CLUSTER_ARN, otherAccountCluster, otherRegionCluster, otherCluster];
    const namespaces = [TUTORIAL_NAMESPACE, "batch", "z9b830e28-ze23976e3", "default"];
    const serviceAccounts = [TUTORIAL_SERVICE_ACCOUNT, "worker", "default", "my-s3-role-2"];
    const intentions: [string, { namespace: string; serviceAccountName: string }[]][] = [
        ["the tutorial's ServiceAccount", [TUTORIAL]],
        ["two ServiceAccounts of one namespace", [TUTORIAL, { namespace: TUTORIAL_NAMESPACE, serviceAccountName: "worker" }]],
        ["pairs that differ in both parts", [TUTORIAL, { namespace: "batch", serviceAccountName: "worker" }]],
    ];
    for (const [label, pairs] of intentions) {
        it(`${label}: every cluster x namespace x ServiceAccount of the universe (${clusters.length * namespaces.length * serviceAccounts.length} cases)`, () => {
            const policy = buildWorkloadTrustPolicy(WorkloadIdentity.PodIdentity, undefined, buildPodIdentityStatements([CLUSTER_ARN], pairs));
            const wrong: string[] = [];
            for (const cluster of clusters) {
                for (const namespace of namespaces) {
                    for (const serviceAccount of serviceAccounts) {
                        const intended = cluster === CLUSTER_ARN && pairs.some((p) => p.namespace === namespace && p.serviceAccountName === serviceAccount);
                        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                            const verdict = simulatePodIdentity(policy, ACCOUNT, { sessionTags: podIdentitySessionTags(cluster, namespace, serviceAccount), action });
                            expect(verdict.validationErrors).to.deep.equal([]);
                            if (verdict.allowed !== intended) {
                                wrong.push(`${cluster} ${namespace} ${serviceAccount} ${action}: ${verdict.result}`);
                            }
                        }
                    }
                }
            }
            expect(wrong).to.deep.equal([]);
        });
    }

    it("denies an association with session tags disabled, another service principal and another action", () => {
        const policy = buildWorkloadTrustPolicy(WorkloadIdentity.PodIdentity, undefined, buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL]));
        const tags = podIdentitySessionTags(CLUSTER_ARN, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT);
        expect(simulatePodIdentity(policy, ACCOUNT, { sessionTags: tags }).allowed).to.equal(true);
        expect(simulatePodIdentity(policy, ACCOUNT, {}).allowed).to.equal(false);
        expect(simulatePodIdentity(policy, ACCOUNT, { sessionTags: tags, principal: "ec2.amazonaws.com" }).allowed).to.equal(false);
        expect(simulatePodIdentity(policy, ACCOUNT, { sessionTags: tags, action: "sts:AssumeRoleWithWebIdentity" }).allowed).to.equal(false);
    });

    it("the unconditioned statement admits any association of any cluster, tagged or not: why it needs an explicit opt-in", () => {
        const policy = buildWorkloadTrustPolicy(WorkloadIdentity.PodIdentity, undefined, buildPodIdentityStatements([CLUSTER_ARN], [TUTORIAL], false));
        expect(simulatePodIdentity(policy, ACCOUNT, {}).allowed).to.equal(true);
        expect(simulatePodIdentity(policy, ACCOUNT, { sessionTags: podIdentitySessionTags(otherCluster, "default", "default") }).allowed).to.equal(true);
    });
});

describe("podIdentityTrust: cluster names and ARNs", () => {
    it("takes EKS's cluster names and refuses the rest, naming the argument", () => {
        for (const name of ["qovery-cluster", "a", "A_b-9", "9".repeat(100)]) {
            expect(() => checkEksClusterName("clusterName", name), name).not.to.throw();
        }
        for (const name of ["", "-a", "_a", "a.b", "a b", "a".repeat(101), "qovery-cluster*"]) {
            const error = errorOf(() => checkEksClusterName("clusterName", name));
            expect(error.argument).to.equal("clusterName");
            expect(error.message).to.include("an EKS cluster name has 1 to 100 characters: a letter or digit first, then letters, digits, '-' and '_'");
        }
    });

    it("builds and parses cluster ARNs", () => {
        expect(eksClusterArn("aws", "eu-west-3", ACCOUNT, "qovery-cluster")).to.equal(CLUSTER_ARN);
        expect(parseEksClusterArn("clusterArn", CLUSTER_ARN)).to.deep.equal({ partition: "aws", region: "eu-west-3", accountId: ACCOUNT, clusterName: "qovery-cluster" });
        expect(parseEksClusterArn("a", `arn:aws-cn:eks:cn-north-1:${ACCOUNT}:cluster/c`).partition).to.equal("aws-cn");
        for (const arn of [`arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/*`, `arn:aws:eks:eu-west-3:1234:cluster/c`, `arn:aws:iam::${ACCOUNT}:role/c`, `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/a/b`]) {
            expect(errorOf(() => parseEksClusterArn("clusterArn", arn)).message, arn).to.include("an EKS cluster ARN has the form arn:aws:eks:<region>:<12-digit account>:cluster/<cluster name>");
        }
    });

    it("refuses an ARN of another cluster than clusterName", () => {
        expect(() => checkClusterArnMatchesName("qovery-cluster", CLUSTER_ARN)).not.to.throw();
        expect(errorOf(() => checkClusterArnMatchesName("blue", CLUSTER_ARN)).message).to.equal(
            `invalid clusterName "blue": the cluster's ARN ${CLUSTER_ARN} names cluster "qovery-cluster"; the association and the trust must name the same cluster.`,
        );
    });
});

describe("podIdentityTrust: the argument combinations", () => {
    const base: PodIdentityCombination = {
        identity: WorkloadIdentity.PodIdentity,
        scope: TrustScope.Environment,
        serviceAccountMode: ServiceAccountMode.Manifest,
        clusterName: true,
        roleArn: false,
        disableSessionTags: false,
        allowUnconditionedPodIdentityTrust: false,
        targetRoleArn: false,
    };

    it("accepts PodIdentity and Both with clusterName, and Irsa without it", () => {
        expect(() => checkPodIdentityCombination(base)).not.to.throw();
        expect(() => checkPodIdentityCombination({ ...base, identity: WorkloadIdentity.Both, scope: TrustScope.Cluster })).not.to.throw();
        expect(() => checkPodIdentityCombination({ ...base, identity: WorkloadIdentity.Irsa, clusterName: false })).not.to.throw();
        expect(() => checkPodIdentityCombination({ ...base, disableSessionTags: true, allowUnconditionedPodIdentityTrust: true, targetRoleArn: true })).not.to.throw();
    });

    it("refuses an unknown identity", () => {
        expect(errorOf(() => checkPodIdentityCombination({ ...base, identity: "Oidc" as WorkloadIdentity })).message).to.equal(
            'invalid identity "Oidc": identity is one of Irsa, PodIdentity, Both.',
        );
    });

    it("refuses scope Cluster with PodIdentity, pointing to Irsa and Both", () => {
        expect(errorOf(() => checkPodIdentityCombination({ ...base, scope: TrustScope.Cluster })).message).to.equal(
            'invalid scope "Cluster": EKS Pod Identity has no namespace wildcards (an association names one namespace and one ServiceAccount), ' +
                "so scope Cluster cannot be expressed with identity PodIdentity. Use identity Irsa, or Both: the IRSA statement keeps namespacePattern " +
                "and associations cover the exact namespaces.",
        );
    });

    it("refuses a missing clusterName with PodIdentity and Both", () => {
        for (const identity of [WorkloadIdentity.PodIdentity, WorkloadIdentity.Both]) {
            expect(errorOf(() => checkPodIdentityCombination({ ...base, identity, clusterName: false })).message).to.equal(
                `invalid clusterName (not set): identity ${identity} creates an EKS Pod Identity association, which needs the cluster's name: ` +
                    "pass clusterName (beside oidcProviderArn or issuerUrl when the IRSA trust comes from them).",
            );
        }
    });

    it("refuses disableSessionTags without the explicit opt-in, and the opt-in alone", () => {
        const error = errorOf(() => checkPodIdentityCombination({ ...base, disableSessionTags: true }));
        expect(error.argument).to.equal("disableSessionTags");
        expect(error.message).to.equal(
            "invalid disableSessionTags true: without session tags the trust cannot require this cluster, namespace and ServiceAccount, so any " +
                "Pod Identity association in the account could use the role. Keep session tags (shorten the session policy instead of working " +
                "around PackedPolicyTooLarge), or set allowUnconditionedPodIdentityTrust: true to accept a trust statement without conditions.",
        );
        expect(errorOf(() => checkPodIdentityCombination({ ...base, allowUnconditionedPodIdentityTrust: true })).argument).to.equal("allowUnconditionedPodIdentityTrust");
    });

    it("refuses Pod Identity arguments with Irsa", () => {
        const error = errorOf(() => checkPodIdentityCombination({ ...base, identity: WorkloadIdentity.Irsa, disableSessionTags: true, targetRoleArn: true }));
        expect(error.message).to.equal(
            'invalid disableSessionTags/targetRoleArn "disableSessionTags set, targetRoleArn set": these configure the EKS Pod Identity association, ' +
                "which identity Irsa does not create. Set identity to PodIdentity or Both, or drop them.",
        );
    });
});

describe("podIdentityTrust: the ServiceAccounts that get an association", () => {
    const primary = { ...TUTORIAL, namespaceArgument: "namespace", nameArgument: "serviceAccountName" };
    const pattern = { namespace: "z*", serviceAccountName: TUTORIAL_SERVICE_ACCOUNT, namespaceArgument: "namespacePattern", nameArgument: "serviceAccountName" };
    const extra = { namespace: "batch", serviceAccountName: "worker", namespaceArgument: "additionalServiceAccounts[0].namespace", nameArgument: "additionalServiceAccounts[0].name" };

    it("PodIdentity takes every exact subject once; Irsa none", () => {
        expect(podIdentitySubjects(WorkloadIdentity.PodIdentity, [primary, extra, primary])).to.deep.equal([TUTORIAL, { namespace: "batch", serviceAccountName: "worker" }]);
        expect(podIdentitySubjects(WorkloadIdentity.Irsa, [pattern])).to.deep.equal([]);
    });

    it("PodIdentity refuses a namespace pattern, naming its argument and pointing to Irsa and Both", () => {
        const wildcard = { ...extra, namespace: "z????????-z????????" };
        expect(errorOf(() => podIdentitySubjects(WorkloadIdentity.PodIdentity, [primary, wildcard])).message).to.equal(
            'invalid additionalServiceAccounts[0].namespace "z????????-z????????": EKS Pod Identity has no namespace wildcards: an association ' +
                "names one exact namespace. Use identity Irsa, or Both, where the IRSA statement keeps the pattern and associations cover the exact " +
                "namespaces; or list each namespace in additionalServiceAccounts.",
        );
    });

    it("Both keeps the patterns for IRSA and associates the exact namespaces only", () => {
        expect(podIdentitySubjects(WorkloadIdentity.Both, [pattern, primary])).to.deep.equal([TUTORIAL]);
    });

    it("Both refuses when every namespace is a pattern", () => {
        expect(errorOf(() => podIdentitySubjects(WorkloadIdentity.Both, [pattern])).message).to.include("identity Both needs at least one exact namespace");
    });

    it("checks the names with the Kubernetes rules", () => {
        expect(errorOf(() => podIdentitySubjects(WorkloadIdentity.PodIdentity, [{ ...extra, serviceAccountName: "Worker" }])).argument).to.equal("additionalServiceAccounts[0].name");
        expect(errorOf(() => podIdentitySubjects(WorkloadIdentity.PodIdentity, [{ ...extra, namespace: "Batch" }])).argument).to.equal("additionalServiceAccounts[0].namespace");
    });
});

describe("podIdentityTrust: roles", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/my-s3-role`;

    it("takes a role of the cluster's account only", () => {
        expect(() => checkPodIdentityRoleAccount("roleArn", role, CLUSTER_ARN)).not.to.throw();
        expect(errorOf(() => checkPodIdentityRoleAccount("roleArn", "arn:aws:iam::210987654321:role/my-s3-role", CLUSTER_ARN)).message).to.equal(
            'invalid roleArn "arn:aws:iam::210987654321:role/my-s3-role": an EKS Pod Identity association takes a role of the cluster\'s own ' +
                `account (aws, ${ACCOUNT}). Use a role of that account, and reach a role of another account with targetRoleArn.`,
        );
        expect(errorOf(() => checkPodIdentityRoleAccount("roleArn", `arn:aws-cn:iam::${ACCOUNT}:role/r`, CLUSTER_ARN)).argument).to.equal("roleArn");
    });

    it("checks targetRoleArn's form and that it is another role", () => {
        expect(() => checkTargetRoleArn("targetRoleArn", "arn:aws:iam::210987654321:role/team/s3-reader", role)).not.to.throw();
        expect(errorOf(() => checkTargetRoleArn("targetRoleArn", "arn:aws:iam::210987654321:user/s3-reader")).message).to.equal(
            'invalid targetRoleArn "arn:aws:iam::210987654321:user/s3-reader": the target role EKS Pod Identity chains to is an IAM role ARN, ' +
                "arn:aws:iam::<12-digit account>:role/<path><name>.",
        );
        expect(errorOf(() => checkTargetRoleArn("targetRoleArn", role, role)).message).to.include("the target role is the association's own role");
    });
});

describe("podIdentityTrust: the Helm chart", () => {
    it("refuses PodIdentity with Qovery's qovery-sa-helper, which always renders the role-arn annotation", () => {
        expect(errorOf(() => checkPodIdentityServiceAccountChart(WorkloadIdentity.PodIdentity, ServiceAccountMode.HelmChart, "qovery-sa-helper")).message).to.equal(
            'invalid serviceAccountMode "HelmChart": Qovery\'s qovery-sa-helper chart always renders the eks.amazonaws.com/role-arn annotation, ' +
                "so its ServiceAccount would keep using IRSA and identity PodIdentity would remove the role's IRSA trust from under it. Use " +
                "serviceAccountMode Manifest (or None with your own ServiceAccount), identity Both, or point helmChart at a chart that can leave the annotation out.",
        );
    });

    it("accepts the chart with Both and Irsa, another chart with PodIdentity, and PodIdentity with Manifest", () => {
        expect(() => checkPodIdentityServiceAccountChart(WorkloadIdentity.Both, ServiceAccountMode.HelmChart, "qovery-sa-helper")).not.to.throw();
        expect(() => checkPodIdentityServiceAccountChart(WorkloadIdentity.Irsa, ServiceAccountMode.HelmChart, "qovery-sa-helper")).not.to.throw();
        expect(() => checkPodIdentityServiceAccountChart(WorkloadIdentity.PodIdentity, ServiceAccountMode.HelmChart, "my-sa-chart")).not.to.throw();
        expect(() => checkPodIdentityServiceAccountChart(WorkloadIdentity.PodIdentity, ServiceAccountMode.Manifest, "qovery-sa-helper")).not.to.throw();
    });
});
