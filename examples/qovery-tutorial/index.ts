import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, ServiceAccountRole, TrustScope } from "eks-irsa";

const config = new pulumi.Config();
// "Get Kubernetes namespace name": run as a Qovery lifecycle job, the program sees QOVERY_KUBERNETES_NAMESPACE_NAME
// (the component would read it by itself; the Deployment needs it too); elsewhere, the tutorial's sample namespace.
const namespace = process.env.QOVERY_KUBERNETES_NAMESPACE_NAME ?? "z9b830e28-ze23976e2";
const scope = config.get("scope") === "Cluster" ? TrustScope.Cluster : TrustScope.Environment;

const s3Reader = new ServiceAccountRole("s3-reader", {
    // "Configure OIDC provider": the cluster's issuer is looked up from its name; the IAM identity provider is
    // created here (audience sts.amazonaws.com) or, by default, the existing one is reused.
    clusterName: config.require("clusterName"),
    createOidcProvider: config.getBoolean("createOidcProvider") ?? false,
    // "Configure trusted entities": StringEquals on this namespace, or StringLike on z* for the cluster scope.
    scope,
    namespace,
    serviceAccountName: config.get("serviceAccountName") ?? "my-s3-role",
    // "Role permissions": AmazonS3ReadOnlyAccess.
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
    roleDescription: "Lists S3 buckets for the Qovery IAM roles tutorial",
    // "Deploy a service account with Helm": Qovery's qovery-sa-helper 0.1.0 with serviceAccount.name and awsRoleArn.
    serviceAccountMode: ServiceAccountMode.HelmChart,
    // "Validate access": a Job runs `aws s3 ls` with the ServiceAccount; pulumi up fails if the role cannot be assumed.
    verifyAccess: true,
    verifyAccessOptions: { probeCommand: "aws s3 ls" },
});

// "Set application service account": the tutorial's Debian container, 1 instance with 128 MB, using the
// ServiceAccount. It depends on the component so that its pods start after the ServiceAccount exists.
const debian = new kubernetes.apps.v1.Deployment(
    "debian",
    {
        metadata: { namespace },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "debian" } },
            template: {
                metadata: { labels: { app: "debian" } },
                spec: {
                    serviceAccountName: s3Reader.serviceAccountName,
                    containers: [
                        {
                            name: "debian",
                            image: "debian:bookworm-slim",
                            command: ["sleep", "infinity"],
                            resources: { requests: { memory: "128Mi" }, limits: { memory: "128Mi" } },
                        },
                    ],
                },
            },
        },
    },
    { dependsOn: [s3Reader] },
);

export const roleArn = s3Reader.roleArn;
export const trustPolicy = s3Reader.trustPolicy;
export const serviceAccountAnnotations = s3Reader.serviceAccountAnnotations;
export const deployment = debian.metadata.name;
