import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole, WorkloadIdentity } from "eks-irsa";

const config = new pulumi.Config();

// A new role for EKS Pod Identity only: the role trusts pods.eks.amazonaws.com for this cluster's ServiceAccount
// (session-tag conditions on the cluster's ARN, the namespace and the ServiceAccount), an association binds it, and the
// ServiceAccount carries no eks.amazonaws.com/role-arn annotation. clusterName alone: the cluster's ARN comes from
// aws.eks.getCluster and no OIDC provider is needed. The cluster must run the eks-pod-identity-agent add-on.
const s3Reader = new ServiceAccountRole("s3-reader", {
    clusterName: config.require("clusterName"),
    identity: WorkloadIdentity.PodIdentity,
    namespace: config.get("namespace") ?? "z9b830e28-ze23976e2",
    serviceAccountName: config.get("serviceAccountName") ?? "my-s3-role",
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
});

export const roleArn = s3Reader.roleArn;
export const trustPolicy = s3Reader.trustPolicy;
export const serviceAccountAnnotations = s3Reader.serviceAccountAnnotations;
