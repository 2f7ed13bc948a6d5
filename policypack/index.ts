import { PolicyPack } from "@pulumi/policy";
import { eksIrsaPolicies } from "./policies";

// Constructing the pack starts its server for the Pulumi engine: the tests import ./policies instead.
new PolicyPack("eks-irsa", {
    description: "Over-broad or broken workload trust (IRSA and EKS Pod Identity) in IAM roles and Kubernetes ServiceAccounts, decided by eks-irsa.",
    policies: eksIrsaPolicies(),
});
