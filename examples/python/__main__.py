"""Qovery's environment-scoped S3 reader role, with the eks-irsa component from Python."""

import pulumi
import pulumi_eks_irsa as eks_irsa

config = pulumi.Config()

# Only system:serviceaccount:z9b830e28-ze23976e2:my-s3-role may assume the role (StringEquals); the component
# also creates that ServiceAccount, annotated with eks.amazonaws.com/role-arn.
s3_reader = eks_irsa.ServiceAccountRole(
    "s3-reader",
    issuer_url=config.require("issuerUrl"),
    scope=eks_irsa.TrustScope.ENVIRONMENT,
    namespace="z9b830e28-ze23976e2",
    service_account_name="my-s3-role",
    policy_arns={"s3ReadOnly": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
)

pulumi.export("roleArn", s3_reader.role_arn)
pulumi.export("serviceAccountAnnotations", s3_reader.service_account_annotations)
