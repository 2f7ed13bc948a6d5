// The reading of a role's trust policy lives in eks-irsa (src/policy/trustReading.ts), which `eks-irsa audit` shares.
export { podIdentityGaps, podIdentityGapsAsWritten, readTrust } from "eks-irsa";
export type { PodIdentityGap, TrustReading } from "eks-irsa";

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
