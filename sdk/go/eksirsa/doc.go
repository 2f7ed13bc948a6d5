// Pulumi components that give Amazon EKS workloads an AWS IAM role through IAM Roles for Service Accounts (IRSA), with no stored credentials.
package eksirsa
