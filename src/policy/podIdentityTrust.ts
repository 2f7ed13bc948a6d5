import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";
import { QOVERY_SA_HELPER_CHART } from "../qovery";
import { checkNamespace, checkServiceAccountName } from "./rules";
import { hasWildcard, TrustedSubject, TrustPolicyDocument, TrustPolicyStatement } from "./trustPolicy";

// EKS Pod Identity (EKS User Guide, "pod-id-role" and "pod-id-abac"): the EKS Auth service assumes the role as the
// service principal pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, and tags the session with
// eks-cluster-arn, eks-cluster-name, kubernetes-namespace, kubernetes-service-account, kubernetes-pod-name and
// kubernetes-pod-uid unless the association disables session tags.

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_SERVICE_PRINCIPAL = "pods.eks.amazonaws.com";
/** The actions EKS Pod Identity needs: AssumeRole for the credentials, TagSession for the session tags. */
export const POD_IDENTITY_ACTIONS: ["sts:AssumeRole", "sts:TagSession"] = ["sts:AssumeRole", "sts:TagSession"];
/**
 * The session tags the trust conditions on. The cluster is named by its ARN, not its name: an ARN holds the account and
 * region, so a cluster of the same name in another account or region never matches.
 */
export const CLUSTER_ARN_TAG_KEY = "aws:RequestTag/eks-cluster-arn";
export const NAMESPACE_TAG_KEY = "aws:RequestTag/kubernetes-namespace";
export const SERVICE_ACCOUNT_TAG_KEY = "aws:RequestTag/kubernetes-service-account";

/** The warning that comes with a Pod Identity statement without conditions (session tags disabled by explicit opt-in). */
export const UNCONDITIONED_POD_IDENTITY_WARNING =
    "the Pod Identity trust statement has no conditions because disableSessionTags is true: any Pod Identity association " +
    "in the account may use this role, whatever its cluster, namespace or ServiceAccount; only iam:PassRole on the role " +
    "limits who can create one.";

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const MAX_CLUSTER_NAME_LENGTH = 100;
const EKS_CLUSTER_ARN = /^arn:(aws[a-z-]*):eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The Pod Identity trust statement: the service principal, both actions, and the session-tag conditions unless disabled. */
export interface PodIdentityTrustStatement {
    Effect: "Allow";
    Principal: { Service: typeof POD_IDENTITY_SERVICE_PRINCIPAL };
    Action: ["sts:AssumeRole", "sts:TagSession"];
    Condition?: { StringEquals: { [key: string]: string | string[] } };
}

/** A trust policy that may hold IRSA and Pod Identity statements. */
export interface WorkloadTrustPolicyDocument {
    Version: "2012-10-17";
    Statement: (TrustPolicyStatement | PodIdentityTrustStatement)[];
}

/** The parts of an EKS cluster ARN, `arn:<partition>:eks:<region>:<account>:cluster/<name>`. */
export interface ParsedEksClusterArn {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
}

/** Checks an EKS cluster name as EKS's CreateCluster does: 1 to 100 characters, a letter or digit first, then letters, digits, `-` and `_`. */
export function checkEksClusterName(argument: string, value: string): void {
    if (typeof value !== "string" || value.length < 1 || value.length > MAX_CLUSTER_NAME_LENGTH || !CLUSTER_NAME.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            `an EKS cluster name has 1 to ${MAX_CLUSTER_NAME_LENGTH} characters: a letter or digit first, then letters, digits, '-' and '_' ` +
                "(the name shown by `aws eks list-clusters`).",
        );
    }
}

/** The ARN EKS gives a cluster. */
export function eksClusterArn(partition: string, region: string, accountId: string, clusterName: string): string {
    return `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
}

/** Parses `arn:<partition>:eks:<region>:<account>:cluster/<name>`, naming the argument when it is not one. */
export function parseEksClusterArn(argument: string, arn: string): ParsedEksClusterArn {
    const match = typeof arn === "string" ? EKS_CLUSTER_ARN.exec(arn) : null;
    if (!match || !CLUSTER_NAME.test(match[4]) || match[4].length > MAX_CLUSTER_NAME_LENGTH) {
        throw new IrsaArgumentError(
            argument,
            arn,
            "an EKS cluster ARN has the form arn:aws:eks:<region>:<12-digit account>:cluster/<cluster name>, e.g. " +
                "arn:aws:eks:eu-west-3:123456789012:cluster/qovery-cluster (aws.eks.Cluster's arn).",
        );
    }
    const [, partition, region, accountId, clusterName] = match;
    return { partition, region, accountId, clusterName };
}

/**
 * The Pod Identity trust statements that let exactly the given ServiceAccounts of the given clusters' associations
 * assume the role. Conditions of one statement are ANDed and the values of one key ORed, so a namespace list and a
 * ServiceAccount list in one statement would also admit their cross pairs: the pairs share one statement only when they
 * all have the same namespace or the same ServiceAccount, and otherwise get one statement each. Every cluster may use
 * every pair, so the clusters are always one list.
 *
 * @param clusterArns the clusters whose associations may use the role (at least one).
 * @param subjects exact (namespace, ServiceAccount) pairs; duplicates are dropped, order is kept.
 * @param sessionTagConditions false only when the associations disable session tags and the user said explicitly that
 *   the role may then be used by any association of the account: the statement has no Condition at all.
 */
export function buildPodIdentityStatements(clusterArns: string[], subjects: TrustedSubject[], sessionTagConditions = true): PodIdentityTrustStatement[] {
    const statement = (condition?: PodIdentityTrustStatement["Condition"]): PodIdentityTrustStatement => ({
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_SERVICE_PRINCIPAL },
        Action: [...POD_IDENTITY_ACTIONS],
        ...(condition === undefined ? {} : { Condition: condition }),
    });
    if (!sessionTagConditions) {
        return [statement()];
    }
    const clusters = unique(clusterArns);
    const pairs = uniquePairs(subjects);
    if (clusters.length === 0 || pairs.length === 0) {
        throw new Error("buildPodIdentityStatements needs at least one cluster and one ServiceAccount");
    }
    const condition = (namespaces: string[], serviceAccounts: string[]) => ({
        StringEquals: {
            [CLUSTER_ARN_TAG_KEY]: single(clusters),
            [NAMESPACE_TAG_KEY]: single(namespaces),
            [SERVICE_ACCOUNT_TAG_KEY]: single(serviceAccounts),
        },
    });
    const namespaces = unique(pairs.map((p) => p.namespace));
    const serviceAccounts = unique(pairs.map((p) => p.serviceAccountName));
    if (namespaces.length === 1 || serviceAccounts.length === 1) {
        return [statement(condition(namespaces, serviceAccounts))];
    }
    return pairs.map((p) => statement(condition([p.namespace], [p.serviceAccountName])));
}

/**
 * The role's whole trust policy for a WorkloadIdentity: Irsa returns the IRSA document itself (byte for byte today's),
 * PodIdentity the Pod Identity statements alone, Both the IRSA statements first, unchanged, then the Pod Identity ones.
 * Render it with `renderWorkloadTrustPolicy` and measure it with trustPolicy's `policySize`/`checkTrustPolicySize`.
 */
export function buildWorkloadTrustPolicy(
    identity: WorkloadIdentity,
    irsa: TrustPolicyDocument | undefined,
    podIdentity: PodIdentityTrustStatement[],
): WorkloadTrustPolicyDocument {
    const needsIrsa = identity !== WorkloadIdentity.PodIdentity;
    const needsPodIdentity = identity !== WorkloadIdentity.Irsa;
    if ((needsIrsa && irsa === undefined) || (needsPodIdentity && podIdentity.length === 0)) {
        throw new Error(`buildWorkloadTrustPolicy: identity ${identity} needs ${needsIrsa ? "the IRSA document" : ""}${needsPodIdentity ? " Pod Identity statements" : ""}`);
    }
    if (identity === WorkloadIdentity.Irsa) {
        return irsa!;
    }
    return { Version: "2012-10-17", Statement: [...(needsIrsa ? irsa!.Statement : []), ...podIdentity] };
}

/** The policy as sent to IAM: minified JSON, as trustPolicy's renderTrustPolicy writes an IRSA document. */
export function renderWorkloadTrustPolicy(document: WorkloadTrustPolicyDocument): string {
    return JSON.stringify(document);
}

/** Which Pod Identity arguments are set: known from the arguments' presence, before any value arrives. */
export interface PodIdentityCombination {
    identity: WorkloadIdentity;
    scope: TrustScope;
    serviceAccountMode: ServiceAccountMode;
    /** Whether clusterName is given (the association's cluster). */
    clusterName: boolean;
    /** Whether an existing role is adopted with roleArn. */
    roleArn: boolean;
    disableSessionTags: boolean;
    /** The explicit opt-in to a Pod Identity statement without conditions. */
    allowUnconditionedPodIdentityTrust: boolean;
    targetRoleArn: boolean;
    /** Whether a session policy is given (the associations' `policy`). */
    sessionPolicy?: boolean;
}

/**
 * Refuses the Pod Identity arguments that make no sense together, before any child is created: an unknown identity,
 * scope Cluster with PodIdentity, a missing clusterName, disableSessionTags without the explicit opt-in (or the opt-in
 * alone), a session policy with session tags on (EKS refuses it), and Pod Identity arguments with Irsa.
 */
export function checkPodIdentityCombination(c: PodIdentityCombination): void {
    if (!Object.values(WorkloadIdentity).includes(c.identity)) {
        throw new IrsaArgumentError("identity", c.identity, `identity is one of ${Object.values(WorkloadIdentity).join(", ")}.`);
    }
    const podOnly = (["disableSessionTags", "allowUnconditionedPodIdentityTrust", "targetRoleArn", "sessionPolicy"] as const).filter((key) => c[key]);
    if (c.identity === WorkloadIdentity.Irsa) {
        if (podOnly.length > 0) {
            throw new IrsaArgumentError(
                podOnly.join("/"),
                podOnly.map((key) => `${key} set`).join(", "),
                "these configure the EKS Pod Identity association, which identity Irsa does not create. Set identity to PodIdentity or Both, or drop them.",
            );
        }
        return;
    }
    if (c.identity === WorkloadIdentity.PodIdentity && c.scope === TrustScope.Cluster) {
        throw new IrsaArgumentError(
            "scope",
            c.scope,
            "EKS Pod Identity has no namespace wildcards (an association names one namespace and one ServiceAccount), so scope Cluster " +
                "cannot be expressed with identity PodIdentity. Use identity Irsa, or Both: the IRSA statement keeps namespacePattern and " +
                "associations cover the exact namespaces.",
        );
    }
    if (!c.clusterName) {
        throw new IrsaArgumentError(
            "clusterName",
            undefined,
            `identity ${c.identity} creates an EKS Pod Identity association, which needs the cluster's name: pass clusterName ` +
                "(beside oidcProviderArn or issuerUrl when the IRSA trust comes from them).",
        );
    }
    if (c.sessionPolicy && !c.disableSessionTags) {
        throw new IrsaArgumentError(
            "sessionPolicy",
            "(set)",
            "EKS takes an association's session policy only with session tags disabled (CreatePodIdentityAssociation: policy requires " +
                "disableSessionTags true), so set disableSessionTags: true and allowUnconditionedPodIdentityTrust: true (the trust then " +
                "cannot name the cluster, namespace and ServiceAccount), or drop sessionPolicy and narrow the role's own policies.",
        );
    }
    if (c.disableSessionTags && !c.allowUnconditionedPodIdentityTrust) {
        throw new IrsaArgumentError(
            "disableSessionTags",
            true,
            "without session tags the trust cannot require this cluster, namespace and ServiceAccount, so any Pod Identity association " +
                "in the account could use the role. Keep session tags (shorten the session policy instead of working around " +
                "PackedPolicyTooLarge), or set allowUnconditionedPodIdentityTrust: true to accept a trust statement without conditions.",
        );
    }
    if (c.allowUnconditionedPodIdentityTrust && !c.disableSessionTags) {
        throw new IrsaArgumentError(
            "allowUnconditionedPodIdentityTrust",
            true,
            "this accepts the unconditioned trust that disableSessionTags needs; with session tags the trust keeps its conditions, so it would do nothing. Drop it.",
        );
    }
}

/**
 * Refuses Pod Identity with a Helm chart that cannot leave out the IRSA annotation. Qovery's qovery-sa-helper 0.1.0
 * always renders `eks.amazonaws.com/role-arn: {{ .Values.awsRoleArn }}` (its template has no condition, and
 * serviceAccount.annotations only adds to it), so its ServiceAccount keeps IRSA whatever the component asks.
 *
 * @param chartName the chart the release would deploy (helmChart.chart, `qovery-sa-helper` by default).
 */
export function checkPodIdentityServiceAccountChart(identity: WorkloadIdentity, mode: ServiceAccountMode, chartName: string): void {
    if (identity === WorkloadIdentity.PodIdentity && mode === ServiceAccountMode.HelmChart && chartName === QOVERY_SA_HELPER_CHART) {
        throw new IrsaArgumentError(
            "serviceAccountMode",
            mode,
            `Qovery's ${QOVERY_SA_HELPER_CHART} chart always renders the eks.amazonaws.com/role-arn annotation, so its ServiceAccount ` +
                "would keep using IRSA and identity PodIdentity would remove the role's IRSA trust from under it. Use serviceAccountMode " +
                "Manifest (or None with your own ServiceAccount), identity Both, or point helmChart at a chart that can leave the annotation out.",
        );
    }
}

/** A ServiceAccount of the IRSA trust, with the arguments it came from (for the messages). */
export interface NamedSubject extends TrustedSubject {
    /** Where the namespace came from, e.g. `namespace`, `namespacePattern` or `additionalServiceAccounts[0].namespace`. */
    namespaceArgument: string;
    /** Where the name came from, e.g. `serviceAccountName` or `additionalServiceAccounts[0].name`. */
    nameArgument: string;
}

/** Checks one ServiceAccount that gets an association: an exact namespace (Pod Identity has no wildcards) and a valid name. */
export function checkPodIdentitySubject(subject: NamedSubject): void {
    if (typeof subject.namespace === "string" && hasWildcard(subject.namespace)) {
        throw new IrsaArgumentError(
            subject.namespaceArgument,
            subject.namespace,
            "EKS Pod Identity has no namespace wildcards: an association names one exact namespace. Use identity Irsa, or Both, where the " +
                "IRSA statement keeps the pattern and associations cover the exact namespaces; or list each namespace in additionalServiceAccounts.",
        );
    }
    checkNamespace(subject.namespaceArgument, subject.namespace);
    checkServiceAccountName(subject.nameArgument, subject.serviceAccountName);
}

/**
 * The ServiceAccounts that get an association and a Pod Identity trust: with PodIdentity every subject, each checked
 * (a pattern is refused); with Both only the exact ones (the IRSA statement keeps the patterns), and at least one;
 * with Irsa none.
 */
export function podIdentitySubjects(identity: WorkloadIdentity, subjects: NamedSubject[]): TrustedSubject[] {
    if (identity === WorkloadIdentity.Irsa) {
        return [];
    }
    const chosen = identity === WorkloadIdentity.Both ? subjects.filter((s) => !hasWildcard(s.namespace)) : subjects;
    chosen.forEach(checkPodIdentitySubject);
    if (chosen.length === 0) {
        throw new IrsaArgumentError(
            "namespace",
            undefined,
            "identity Both needs at least one exact namespace for its Pod Identity association, and every trusted namespace is a pattern. " +
                "Pass namespace (the ServiceAccount's own), or use identity Irsa.",
        );
    }
    return uniquePairs(chosen).map((s) => ({ namespace: s.namespace, serviceAccountName: s.serviceAccountName }));
}

/**
 * Checks the association's role against the cluster: EKS Pod Identity associations take a role of the cluster's own
 * account (and partition); a role elsewhere is reached with targetRoleArn.
 */
export function checkPodIdentityRoleAccount(argument: string, roleArn: string, clusterArn: string): void {
    const role = parseRoleArn(argument, roleArn, "the role of a Pod Identity association");
    const cluster = parseEksClusterArn("clusterName (its ARN)", clusterArn);
    if (role.accountId !== cluster.accountId || role.partition !== cluster.partition) {
        throw new IrsaArgumentError(
            argument,
            roleArn,
            `an EKS Pod Identity association takes a role of the cluster's own account (${cluster.partition}, ${cluster.accountId}). ` +
                "Use a role of that account, and reach a role of another account with targetRoleArn.",
        );
    }
}

/** Checks targetRoleArn: an IAM role ARN, not the association's own role. */
export function checkTargetRoleArn(argument: string, targetRoleArn: string, roleArn?: string): void {
    parseRoleArn(argument, targetRoleArn, "the target role EKS Pod Identity chains to");
    if (roleArn !== undefined && targetRoleArn === roleArn) {
        throw new IrsaArgumentError(argument, targetRoleArn, "the target role is the association's own role; drop targetRoleArn, or name the role (often in another account) to chain to.");
    }
}

/** Checks that clusterName and the cluster's ARN name the same cluster, so the trust names the cluster the association is in. */
export function checkClusterArnMatchesName(clusterName: string, clusterArn: string): void {
    const parsed = parseEksClusterArn("clusterName (its ARN)", clusterArn);
    if (parsed.clusterName !== clusterName) {
        throw new IrsaArgumentError("clusterName", clusterName, `the cluster's ARN ${clusterArn} names cluster "${parsed.clusterName}"; the association and the trust must name the same cluster.`);
    }
}

function parseRoleArn(argument: string, arn: string, what: string): { partition: string; accountId: string } {
    const match = typeof arn === "string" ? ROLE_ARN.exec(arn) : null;
    if (!match) {
        throw new IrsaArgumentError(argument, arn, `${what} is an IAM role ARN, arn:aws:iam::<12-digit account>:role/<path><name>.`);
    }
    return { partition: match[1], accountId: match[2] };
}

function single(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}

function uniquePairs<T extends TrustedSubject>(subjects: T[]): T[] {
    const seen = new Set<string>();
    return subjects.filter((s) => {
        // A namespace never contains ':', so the pair's key is unambiguous.
        const key = `${s.namespace}:${s.serviceAccountName}`;
        if (seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}
