import * as eks from "@pulumi/eks";
import * as kubernetes from "@pulumi/kubernetes";
import { ServiceAccountRole } from "eks-irsa";

// @pulumi/eks registers the cluster's issuer itself; the role reuses that provider instead of creating a second one,
// which IAM would refuse with EntityAlreadyExists.
const cluster = new eks.Cluster("irsa-demo", { createOidcProvider: true });
const clusterProvider = new kubernetes.Provider("irsa-demo", { kubeconfig: cluster.kubeconfigJson });

const s3Reader = new ServiceAccountRole(
    "s3-reader",
    {
        oidcProviderArn: cluster.oidcProviderArn,
        namespace: "default",
        serviceAccountName: "s3-reader",
        policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
    },
    { providers: [clusterProvider] },
);

export const kubeconfig = cluster.kubeconfig;
export const roleArn = s3Reader.roleArn;
export const serviceAccountAnnotations = s3Reader.serviceAccountAnnotations;
