// The reading of a role's trust policy lives in eks-irsa (src/policy/trustReading.ts), which `eks-irsa audit` shares.
export { POD_IDENTITY_SERVICE, podIdentityGaps, podIdentityGapsAsWritten, readTrust } from "eks-irsa";
export type { PodIdentityGap, TrustReading } from "eks-irsa";
