/** The trusted cluster and the policy of the preview benchmark, shaped like the tests' and Qovery's tutorial. */
export const ACCOUNT = "123456789012";
export const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
/** The one cluster of the Pod Identity sides, as the benchmark's `aws.eks.getCluster` mock finds it. */
export const CLUSTER = "bench-cluster";
export const CLUSTER_ARN = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/${CLUSTER}`;
export const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

export interface Fixture {
    name: string;
    namespace: string;
    serviceAccountName: string;
    issuer: string;
}

/** The i-th role: a distinct name, a distinct Qovery environment namespace and a ServiceAccount in it. */
export function fixture(i: number): Fixture {
    const hex = (i * 2654435761 >>> 0).toString(16).padStart(8, "0");
    const index = i.toString(16).padStart(8, "0");
    return { name: `app-${i}`, namespace: `z${index}-z${hex}`, serviceAccountName: `app-${i}-s3`, issuer: ISSUER };
}
