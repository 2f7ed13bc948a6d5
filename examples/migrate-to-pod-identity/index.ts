import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole, WorkloadIdentity } from "eks-irsa";

const config = new pulumi.Config();
// The migration is three deployments of this one program: `pulumi config set identity Irsa`, then Both, then
// PodIdentity (and back the same way). Only the trust policy, the association and the annotation change: the role, its
// name, ARN and attachment are never replaced. Restart the workloads after the PodIdentity step.
const identity = (config.get("identity") ?? WorkloadIdentity.Irsa) as WorkloadIdentity;

const s3Reader = new ServiceAccountRole("s3-reader", {
    oidcProviderArn: config.require("oidcProviderArn"),
    // Names the associations' cluster; ignored by Irsa, which creates none.
    clusterName: identity === WorkloadIdentity.Irsa ? undefined : config.require("clusterName"),
    identity,
    namespace: config.get("namespace") ?? "z9b830e28-ze23976e2",
    serviceAccountName: config.get("serviceAccountName") ?? "my-s3-role",
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
});

export const roleArn = s3Reader.roleArn;
export const roleName = s3Reader.roleName;
export const trustPolicy = s3Reader.trustPolicy;
export const serviceAccountAnnotations = s3Reader.serviceAccountAnnotations;
