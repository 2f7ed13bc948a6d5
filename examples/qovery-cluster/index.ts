import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole, TrustScope } from "eks-irsa";

const config = new pulumi.Config();

// The tutorial's cluster-scoped role: StringLike on system:serviceaccount:z*:my-s3-role, so every Qovery
// environment's ServiceAccount called my-s3-role may assume it, including clones that do not exist yet.
const s3Reader = new ServiceAccountRole("s3-reader", {
    oidcProviderArn: config.require("oidcProviderArn"),
    scope: TrustScope.Cluster,
    namespace: config.get("namespace") ?? "z9b830e28-ze23976e2",
    serviceAccountName: "my-s3-role",
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
});

// A clone lives in a new namespace: it needs only the ServiceAccount, annotated with the same role.
const clone = new ServiceAccountRole("s3-reader-clone", {
    roleArn: s3Reader.roleArn,
    namespace: config.get("cloneNamespace") ?? "z1c2d3e4f-z5a6b7c8d",
    serviceAccountName: "my-s3-role",
});

export const roleArn = s3Reader.roleArn;
export const trustPolicy = s3Reader.trustPolicy;
export const cloneAnnotations = clone.serviceAccountAnnotations;
