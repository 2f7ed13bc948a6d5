/**
 * The result of `eks-irsa audit`: the access map (pods → ServiceAccount → roles, with how each role is reached) and the
 * findings. Its JSON form (`--format json`) is this object as is; `schemaVersion` changes when a field changes meaning.
 */

/** How bad a finding is; `--fail-on` compares with this order. */
export enum Severity {
    High = "high",
    Medium = "medium",
    Low = "low",
    Info = "info",
}

/** The severities from the worst. */
export const SEVERITY_ORDER: Severity[] = [Severity.High, Severity.Medium, Severity.Low, Severity.Info];

/** One finding: a stable code, its severity, what it is about, what is wrong and how to fix it. */
export interface Finding {
    /** Stable, e.g. `ANNOTATED_ROLE_DENIES`; docs/audit.md lists them all. */
    code: string;
    severity: Severity;
    /** What it is about: `role <arn>`, `ServiceAccount <namespace>/<name>`, `association <id>` or `provider <arn>`. */
    target: string;
    /** What is wrong, in one sentence or two. */
    message: string;
    /** How to fix it. */
    fix: string;
}

/** How a ServiceAccount's pods reach a role. */
export enum GrantPath {
    /** `sts:AssumeRoleWithWebIdentity` with the ServiceAccount's token: the role's trust admits it. */
    Irsa = "irsa",
    /** An EKS Pod Identity association names the ServiceAccount and the role's trust admits the association. */
    PodIdentity = "podIdentity",
    /** An association's `targetRoleArn`: EKS chains from the association's role to this one. */
    TargetRole = "targetRole",
}

/** One role a ServiceAccount's pods can get. */
export interface Grant {
    roleArn: string;
    path: GrantPath;
    /**
     * True when the cluster is set up to hand it out: the ServiceAccount's `eks.amazonaws.com/role-arn` (IRSA) or an
     * association (Pod Identity). False for a role the trust admits but nothing configures: any pod of the
     * ServiceAccount can still assume it with a projected token it asks for itself.
     */
    configured: boolean;
    /**
     * For IRSA, the token audience that gets the role when it is not the ServiceAccount's own: a pod must mount a
     * projected token with this audience itself (the webhook's token would be refused). Undefined otherwise.
     */
    audience?: string;
    /** The association it comes through (Pod Identity and target roles). */
    associationId?: string;
    /** True when this is the credential the pods' AWS SDKs pick up by default (see docs/audit.md, "Which credential a pod uses"). */
    sdkDefault: boolean;
}

/** One ServiceAccount (existing, or named by an association or a pod only) and the roles its pods reach. */
export interface ServiceAccountAccess {
    namespace: string;
    name: string;
    /** False for a ServiceAccount that an association or pod names but the Kubernetes input does not hold. */
    exists: boolean;
    /** Names of the pods that run as it. */
    pods: string[];
    /** Its `eks.amazonaws.com/role-arn` annotation. */
    annotatedRoleArn?: string;
    /** The token audience its pods present: the `eks.amazonaws.com/audience` annotation, else `sts.amazonaws.com`. */
    audience: string;
    grants: Grant[];
}

/** A permission policy of a role, and with `--permissions` its allowed actions by service. */
export interface RolePolicyEntry {
    name: string;
    kind: "managed" | "inline";
    arn?: string;
    /** Allowed actions by service prefix, as written (wildcards kept); undefined without `--permissions` or when the document is not in the input. */
    actions?: Record<string, string[]>;
}

/** A role whose trust concerns workloads (an OIDC provider, `pods.eks.amazonaws.com` or `*`). */
export interface RoleEntry {
    arn: string;
    name: string;
    /** `read`: decided by eks-irsa's model; `unsupported` or `invalid`: not decided, its access is not in the map. */
    trust: "read" | "unsupported" | "invalid";
    /** Why it was not decided. */
    reason?: string;
    policies: RolePolicyEntry[];
}

/** The audit's answer. */
export interface AuditReport {
    schemaVersion: 1;
    cluster: { name: string; arn: string; issuer?: string; providerArn?: string };
    /** The files read and their kinds. */
    inputs: { file: string; kind: string }[];
    /** Checks not made, and parts of the input that were missing or left out, one sentence each. */
    notChecked: string[];
    serviceAccounts: ServiceAccountAccess[];
    roles: RoleEntry[];
    findings: Finding[];
    /** Counts for the summary line. */
    counts: { serviceAccounts: number; pods: number; roles: number; rolesWithoutWorkloadTrust: number; grants: number };
}
