"""Qovery's environment-scoped S3 reader role, with the eks-irsa component from Python: through IRSA, and the same
reader through EKS Pod Identity."""

import pulumi
import pulumi_eks_irsa as eks_irsa

config = pulumi.Config()
NAMESPACE = "z9b830e28-ze23976e2"
S3_READ_ONLY = {"s3ReadOnly": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}

# Only system:serviceaccount:z9b830e28-ze23976e2:my-s3-role may assume the role (StringEquals); the component
# also creates that ServiceAccount, annotated with eks.amazonaws.com/role-arn.
s3_reader = eks_irsa.ServiceAccountRole(
    "s3-reader",
    issuer_url=config.require("issuerUrl"),
    scope=eks_irsa.TrustScope.ENVIRONMENT,
    namespace=NAMESPACE,
    service_account_name="my-s3-role",
    policy_arns=S3_READ_ONLY,
)

# The same reader through EKS Pod Identity: the role trusts pods.eks.amazonaws.com for this cluster's
# ServiceAccount only, an association binds them, and the ServiceAccount carries no eks.amazonaws.com/role-arn
# annotation. The cluster must run the eks-pod-identity-agent add-on; Pod Identity has no namespace patterns.
s3_reader_pod_identity = eks_irsa.ServiceAccountRole(
    "s3-reader-pod-identity",
    cluster_name=config.require("clusterName"),
    identity=eks_irsa.WorkloadIdentity.POD_IDENTITY,
    namespace=NAMESPACE,
    service_account_name="my-s3-role-pod-identity",
    policy_arns=S3_READ_ONLY,
)

pulumi.export("roleArn", s3_reader.role_arn)
pulumi.export("serviceAccountAnnotations", s3_reader.service_account_annotations)
pulumi.export("podIdentityRoleArn", s3_reader_pod_identity.role_arn)
