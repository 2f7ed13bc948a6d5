import { AuditCluster, AuditInput, AuditInputError } from "./auditInput";
import { InputPart, isObject } from "./inputPart";
import { isAssociations, isDescribeCluster, readAssociations, readDescribeCluster } from "./readEks";
import { isAuthorizationDetails, isOidcProviderList, readAuthorizationDetails, readOidcProviderList } from "./readIam";
import { isKubernetesList, readKubernetesList } from "./readKubernetes";
import { isStackExport, readStackExport } from "./readPulumiStack";

/** One input file: its name (for messages) and its text. */
export interface AuditFile {
    file: string;
    text: string;
}

const KINDS =
    "kubectl get namespaces,serviceaccounts,pods -A -o json, aws iam get-account-authorization-details, aws iam list-open-id-connect-providers, " +
    "aws eks describe-cluster, aws eks describe-pod-identity-association (one, or a JSON list of them), or pulumi stack export";

/**
 * Reads the audit's input files, telling each file's kind from its shape, and merges them into one AuditInput. Every
 * problem (not JSON, cut short, a file of another kind, a part missing or given twice) is an AuditInputError whose
 * message names the file and says which command produces what is needed.
 *
 * @param files the files, in any order; several Kubernetes Lists, IAM exports or association files are merged.
 */
export function readAuditFiles(files: AuditFile[]): AuditInput {
    if (files.length === 0) {
        throw new AuditInputError(`no input files; give the outputs of ${KINDS}.`);
    }
    const parts = files.map(({ file, text }) => ({ file, part: readOne(file, text) }));
    return mergeParts(parts);
}

function readOne(file: string, text: string): InputPart {
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        const cut = /end of (JSON )?input|Unterminated/i.test((error as Error).message) ? " (it ends early: cut short?)" : "";
        throw new AuditInputError(`${file} is not JSON${cut}: ${(error as Error).message}; give the -o json / --output json output of ${KINDS}.`);
    }
    if (isKubernetesList(document)) {
        return readKubernetesList(file, document as Record<string, unknown>);
    }
    if (isAuthorizationDetails(document)) {
        return readAuthorizationDetails(file, document as Record<string, unknown>);
    }
    if (isOidcProviderList(document)) {
        return readOidcProviderList(file, document as Record<string, unknown>);
    }
    if (isDescribeCluster(document)) {
        return readDescribeCluster(file, document as Record<string, unknown>);
    }
    if (isAssociations(document)) {
        return readAssociations(file, document);
    }
    if (isStackExport(document)) {
        return readStackExport(file, document as Record<string, unknown>);
    }
    const keys = isObject(document) ? `an object with ${Object.keys(document).slice(0, 5).join(", ") || "no keys"}` : Array.isArray(document) ? "a list" : typeof document;
    throw new AuditInputError(`${file} is ${keys}, none of the inputs eks-irsa audit reads: ${KINDS}.`);
}

function mergeParts(parts: { file: string; part: InputPart }[]): AuditInput {
    const cluster = oneCluster(parts);
    const kubernetes = parts.filter((p) => p.part.kind === "kubernetes").map((p) => p.part);
    const stacks = parts.filter((p) => p.part.kind === "pulumi-stack").map((p) => p.part);
    const roleSources = parts.filter((p) => p.part.roles !== undefined && p.part.roles.length > 0);
    if (roleSources.length === 0 && !parts.some((p) => p.part.kind === "iam")) {
        throw new AuditInputError("no IAM roles: give the output of aws iam get-account-authorization-details (or a pulumi stack export with the roles).");
    }
    if (kubernetes.length === 0 && stacks.length === 0) {
        throw new AuditInputError("no Kubernetes objects: give the output of kubectl get namespaces,serviceaccounts,pods -A -o json (or a pulumi stack export).");
    }
    const k8sParts = kubernetes.length > 0 ? kubernetes : stacks;
    const managedPolicies = new Map(parts.flatMap((p) => [...(p.part.managedPolicies ?? new Map()).entries()]));
    const roles = uniqueBy(parts.flatMap((p) => p.part.roles ?? []), (r) => r.arn).map((role) => ({
        ...role,
        policies: role.policies.map((policy) => (policy.document === undefined && policy.arn !== undefined && managedPolicies.has(policy.arn) ? { ...policy, document: managedPolicies.get(policy.arn) } : policy)),
    }));
    const providerParts = parts.filter((p) => p.part.oidcProviders !== undefined);
    const associationParts = parts.filter((p) => p.part.associations !== undefined && (p.part.kind !== "pulumi-stack" || p.part.associations.length > 0));
    return {
        cluster,
        ...(kubernetes.length > 0 && { namespaces: [...new Set(kubernetes.flatMap((p) => p.namespaces ?? []))] }),
        wholeCluster: kubernetes.length > 0,
        serviceAccounts: uniqueBy(k8sParts.flatMap((p) => p.serviceAccounts ?? []), (s) => `${s.namespace}/${s.name}`),
        pods: uniqueBy(kubernetes.flatMap((p) => p.pods ?? []), (p) => `${p.namespace}/${p.name}`),
        roles,
        ...(providerParts.length > 0 && { oidcProviders: [...new Set(providerParts.flatMap((p) => p.part.oidcProviders ?? []))] }),
        ...(associationParts.length > 0 && {
            associations: uniqueBy(associationParts.flatMap((p) => p.part.associations ?? []), (a) => a.associationId).filter((a) => a.clusterName === cluster.name),
        }),
        sources: parts.map((p) => ({ file: p.file, kind: p.part.kind })),
        notes: parts.flatMap((p) => p.part.notes ?? []),
    };
}

function oneCluster(parts: { file: string; part: InputPart }[]): AuditCluster {
    const clusters = parts.filter((p) => p.part.cluster !== undefined);
    if (clusters.length === 0) {
        throw new AuditInputError("no EKS cluster: give the output of aws eks describe-cluster --name <cluster> (or a pulumi stack export with one aws.eks.Cluster).");
    }
    const arns = [...new Set(clusters.map((p) => p.part.cluster!.arn))];
    if (arns.length > 1) {
        throw new AuditInputError(`several clusters (${arns.join(", ")}, from ${clusters.map((p) => p.file).join(", ")}); audit one cluster at a time.`);
    }
    return clusters[0].part.cluster!;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
    const seen = new Map<string, T>();
    for (const item of items) {
        if (!seen.has(key(item))) {
            seen.set(key(item), item);
        }
    }
    return [...seen.values()];
}
