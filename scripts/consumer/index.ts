// A consumer's program: the README's quick start, type-checked against the packed package's declarations.
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "eks-irsa";

const args: ServiceAccountRoleArgs = {
    issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    namespace: "z9b830e28-ze23976e2", // QOVERY_KUBERNETES_NAMESPACE_NAME
    serviceAccountName: "my-s3-role",
    scope: TrustScope.Environment,
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
};

export const s3Reader = new ServiceAccountRole("s3-reader", args);
export const roleArn: pulumi.Output<string> = s3Reader.roleArn;
