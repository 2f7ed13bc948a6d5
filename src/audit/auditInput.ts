/**
 * What `eks-irsa audit` reads, once every input file has been read: one cluster, its Kubernetes objects, the account's
 * roles, and (when given) the account's OIDC providers and the cluster's Pod Identity associations. A part that was not
 * given is `undefined` (never an empty list), so the report can name what it did not check instead of assuming.
 */

/** One error for every input the audit cannot read: the CLI prints its message as one line and exits 2. */
export class AuditInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AuditInputError";
    }
}

/** The EKS cluster the audit is about (`aws eks describe-cluster`'s `cluster`, or an `aws:eks/cluster:Cluster` of a stack). */
export interface AuditCluster {
    name: string;
    /** `arn:<partition>:eks:<region>:<account>:cluster/<name>`. */
    arn: string;
    partition: string;
    accountId: string;
    /** The OIDC issuer's host and path (no `https://`); undefined when the cluster has no OIDC issuer (IRSA is then impossible). */
    issuer?: string;
}

/** A Kubernetes ServiceAccount, with the annotations the EKS Pod Identity webhook reads. */
export interface AuditServiceAccount {
    namespace: string;
    name: string;
    /** `eks.amazonaws.com/role-arn`: the role the webhook gives its pods' SDKs (IRSA); undefined when not annotated. */
    roleArn?: string;
    /** `eks.amazonaws.com/audience`; the token's audience. Defaults to `sts.amazonaws.com` when not annotated. */
    audience?: string;
}

/** A running (or pending) pod: the ServiceAccount it runs as (`spec.serviceAccountName`, `default` when unset). */
export interface AuditPod {
    namespace: string;
    name: string;
    serviceAccount: string;
}

/** One permission policy of a role: attached managed (by ARN) or inline (with its document). */
export interface AuditRolePolicy {
    name: string;
    kind: "managed" | "inline";
    /** The managed policy's ARN. */
    arn?: string;
    /** The policy document, parsed; undefined when the input does not hold it (a managed policy not listed in the export). */
    document?: unknown;
}

/** An IAM role of the account. */
export interface AuditRole {
    arn: string;
    name: string;
    /** The trust policy as JSON text or parsed, decoded from the API's URL encoding. */
    trustPolicy: string | object;
    policies: AuditRolePolicy[];
}

/** An EKS Pod Identity association (`aws eks describe-pod-identity-association`'s `association`). */
export interface AuditAssociation {
    associationId: string;
    clusterName: string;
    namespace: string;
    serviceAccount: string;
    roleArn: string;
    /** The role EKS chains to from `roleArn` (cross-account access); undefined when not set. */
    targetRoleArn?: string;
    /** True when EKS passes no session tags. Defaults to false. */
    disableSessionTags: boolean;
    /** Whether a session policy narrows the credentials (its text is not printed). */
    sessionPolicy: boolean;
    /** Whether EKS passes an external ID to the target role. */
    externalId: boolean;
}

/** Everything the audit read. */
export interface AuditInput {
    cluster: AuditCluster;
    /**
     * Namespace names that exist; undefined when no `kubectl get` output was given (a stack's namespaces are not the
     * cluster's), and the checks for names nobody has created yet are then not made.
     */
    namespaces?: string[];
    /** True when the ServiceAccounts and pods are the whole cluster's (`kubectl get -A`), false when only a stack's. */
    wholeCluster: boolean;
    serviceAccounts: AuditServiceAccount[];
    pods: AuditPod[];
    roles: AuditRole[];
    /** The account's IAM OIDC provider ARNs; undefined when not given (the missing-provider checks are then not made). */
    oidcProviders?: string[];
    /** The cluster's Pod Identity associations; undefined when not given (Pod Identity is then not in the map). */
    associations?: AuditAssociation[];
    /** The files read, by kind, for the report. */
    sources: { file: string; kind: string }[];
    /** What was left out while reading (a secret value in a stack, a resource without a known value), one sentence each. */
    notes: string[];
}

/** The annotation the EKS Pod Identity webhook reads for IRSA's role. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
/** The annotation that sets the token's audience. */
export const AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
