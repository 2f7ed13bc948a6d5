"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readAuditFiles = readAuditFiles;
const auditInput_1 = require("./auditInput");
const inputPart_1 = require("./inputPart");
const readEks_1 = require("./readEks");
const readIam_1 = require("./readIam");
const readKubernetes_1 = require("./readKubernetes");
const readPulumiStack_1 = require("./readPulumiStack");
const KINDS = "kubectl get namespaces,serviceaccounts,pods -A -o json, aws iam get-account-authorization-details, aws iam list-open-id-connect-providers, " +
    "aws eks describe-cluster, aws eks describe-pod-identity-association (one, or a JSON list of them), or pulumi stack export";
/**
 * Reads the audit's input files, telling each file's kind from its shape, and merges them into one AuditInput. Every
 * problem (not JSON, cut short, a file of another kind, a part missing or given twice) is an AuditInputError whose
 * message names the file and says which command produces what is needed.
 *
 * @param files the files, in any order; several Kubernetes Lists, IAM exports or association files are merged.
 */
function readAuditFiles(files) {
    if (files.length === 0) {
        throw new auditInput_1.AuditInputError(`no input files; give the outputs of ${KINDS}.`);
    }
    const parts = files.map(({ file, text }) => ({ file, part: readOne(file, text) }));
    return mergeParts(parts);
}
function readOne(file, text) {
    let document;
    try {
        document = JSON.parse(text);
    }
    catch (error) {
        const cut = /end of (JSON )?input|Unterminated/i.test(error.message) ? " (it ends early: cut short?)" : "";
        throw new auditInput_1.AuditInputError(`${file} is not JSON${cut}: ${error.message}; give the -o json / --output json output of ${KINDS}.`);
    }
    if ((0, readKubernetes_1.isKubernetesList)(document)) {
        return (0, readKubernetes_1.readKubernetesList)(file, document);
    }
    if ((0, readIam_1.isAuthorizationDetails)(document)) {
        return (0, readIam_1.readAuthorizationDetails)(file, document);
    }
    if ((0, readIam_1.isOidcProviderList)(document)) {
        return (0, readIam_1.readOidcProviderList)(file, document);
    }
    if ((0, readEks_1.isDescribeCluster)(document)) {
        return (0, readEks_1.readDescribeCluster)(file, document);
    }
    if ((0, readEks_1.isAssociations)(document)) {
        return (0, readEks_1.readAssociations)(file, document);
    }
    if ((0, readPulumiStack_1.isStackExport)(document)) {
        return (0, readPulumiStack_1.readStackExport)(file, document);
    }
    const keys = (0, inputPart_1.isObject)(document) ? `an object with ${Object.keys(document).slice(0, 5).join(", ") || "no keys"}` : Array.isArray(document) ? "a list" : typeof document;
    throw new auditInput_1.AuditInputError(`${file} is ${keys}, none of the inputs eks-irsa audit reads: ${KINDS}.`);
}
function mergeParts(parts) {
    const cluster = oneCluster(parts);
    const kubernetes = parts.filter((p) => p.part.kind === "kubernetes").map((p) => p.part);
    const stacks = parts.filter((p) => p.part.kind === "pulumi-stack").map((p) => p.part);
    const roleSources = parts.filter((p) => p.part.roles !== undefined && p.part.roles.length > 0);
    if (roleSources.length === 0 && !parts.some((p) => p.part.kind === "iam")) {
        throw new auditInput_1.AuditInputError("no IAM roles: give the output of aws iam get-account-authorization-details (or a pulumi stack export with the roles).");
    }
    if (kubernetes.length === 0 && stacks.length === 0) {
        throw new auditInput_1.AuditInputError("no Kubernetes objects: give the output of kubectl get namespaces,serviceaccounts,pods -A -o json (or a pulumi stack export).");
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
function oneCluster(parts) {
    const clusters = parts.filter((p) => p.part.cluster !== undefined);
    if (clusters.length === 0) {
        throw new auditInput_1.AuditInputError("no EKS cluster: give the output of aws eks describe-cluster --name <cluster> (or a pulumi stack export with one aws.eks.Cluster).");
    }
    const arns = [...new Set(clusters.map((p) => p.part.cluster.arn))];
    if (arns.length > 1) {
        throw new auditInput_1.AuditInputError(`several clusters (${arns.join(", ")}, from ${clusters.map((p) => p.file).join(", ")}); audit one cluster at a time.`);
    }
    return clusters[0].part.cluster;
}
function uniqueBy(items, key) {
    const seen = new Map();
    for (const item of items) {
        if (!seen.has(key(item))) {
            seen.set(key(item), item);
        }
    }
    return [...seen.values()];
}
