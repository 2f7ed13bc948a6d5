// Qovery's environment-scoped S3 reader role, with the eks-irsa component from Go: through IRSA, and the same reader
// through EKS Pod Identity.
package main

import (
	"github.com/eks-irsa/eks-irsa/sdk/go/eksirsa"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

const namespace = "z9b830e28-ze23976e2"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		s3ReadOnly := map[string]pulumi.StringInput{"s3ReadOnly": pulumi.String("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")}

		// Only system:serviceaccount:z9b830e28-ze23976e2:my-s3-role may assume the role (StringEquals); the component
		// also creates that ServiceAccount, annotated with eks.amazonaws.com/role-arn.
		scope := eksirsa.TrustScopeEnvironment
		s3Reader, err := eksirsa.NewServiceAccountRole(ctx, "s3-reader", &eksirsa.ServiceAccountRoleArgs{
			IssuerUrl:          pulumi.StringPtr(cfg.Require("issuerUrl")),
			Scope:              &scope,
			Namespace:          pulumi.StringPtr(namespace),
			ServiceAccountName: pulumi.String("my-s3-role"),
			PolicyArns:         s3ReadOnly,
		})
		if err != nil {
			return err
		}

		// The same reader through EKS Pod Identity: the role trusts pods.eks.amazonaws.com for this cluster's
		// ServiceAccount only, an association binds them, and the ServiceAccount carries no eks.amazonaws.com/role-arn
		// annotation. The cluster must run the eks-pod-identity-agent add-on; Pod Identity has no namespace patterns.
		identity := eksirsa.WorkloadIdentityPodIdentity
		s3ReaderPodIdentity, err := eksirsa.NewServiceAccountRole(ctx, "s3-reader-pod-identity", &eksirsa.ServiceAccountRoleArgs{
			ClusterName:        pulumi.StringPtr(cfg.Require("clusterName")),
			Identity:           &identity,
			Namespace:          pulumi.StringPtr(namespace),
			ServiceAccountName: pulumi.String("my-s3-role-pod-identity"),
			PolicyArns:         s3ReadOnly,
		})
		if err != nil {
			return err
		}

		ctx.Export("roleArn", s3Reader.RoleArn)
		ctx.Export("serviceAccountAnnotations", s3Reader.ServiceAccountAnnotations)
		ctx.Export("podIdentityRoleArn", s3ReaderPodIdentity.RoleArn)
		return nil
	})
}
