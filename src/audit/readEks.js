"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isDescribeCluster = isDescribeCluster;
exports.isAssociations = isAssociations;
exports.readDescribeCluster = readDescribeCluster;
exports.readAssociations = readAssociations;
const auditInput_1 = require("./auditInput");
const inputPart_1 = require("./inputPart");
/** Whether `document` is `aws eks describe-cluster` output. */
function isDescribeCluster(document) {
    return (0, inputPart_1.isObject)(document) && (0, inputPart_1.isObject)(document.cluster);
}
/** Whether `document` holds Pod Identity associations: one `describe-pod-identity-association` output, a list of them, or `{"associations": [...]}`. */
function isAssociations(document) {
    if (Array.isArray(document)) {
        // An empty list is a cluster with no associations (a loop over list-pod-identity-associations found none).
        return document.every((d) => (0, inputPart_1.isObject)(d) && (0, inputPart_1.isObject)(d.association));
    }
    return (0, inputPart_1.isObject)(document) && ((0, inputPart_1.isObject)(document.association) || Array.isArray(document.associations));
}
/** Reads `aws eks describe-cluster`: the cluster's name, ARN (partition, account) and OIDC issuer. */
function readDescribeCluster(file, document) {
    const cluster = document.cluster;
    const name = (0, inputPart_1.text)(file, "cluster", cluster, "name");
    const arn = (0, inputPart_1.text)(file, "cluster", cluster, "arn");
    const identity = (0, inputPart_1.isObject)(cluster.identity) && (0, inputPart_1.isObject)(cluster.identity.oidc) ? cluster.identity.oidc : undefined;
    const issuer = identity !== undefined && typeof identity.issuer === "string" ? identity.issuer : undefined;
    return { kind: "eks-cluster", cluster: (0, inputPart_1.clusterFromArn)(file, arn, name, issuer) };
}
/**
 * Reads Pod Identity associations as `describe-pod-identity-association` prints them (`{"association": {...}}`), a
 * JSON list of such outputs, or `{"associations": [...]}` of full associations. `list-pod-identity-associations`'
 * summaries carry no roleArn and are refused with the command that gives it.
 */
function readAssociations(file, document) {
    const raw = Array.isArray(document)
        ? document.map((d) => d.association)
        : (0, inputPart_1.isObject)(document) && Array.isArray(document.associations)
            ? document.associations
            : [document.association];
    const associations = raw.map((entry, index) => {
        const where = `association ${index}`;
        if (!(0, inputPart_1.isObject)(entry)) {
            throw new auditInput_1.AuditInputError(`${file}: ${where} is not an object.`);
        }
        if (entry.roleArn === undefined && typeof entry.associationId === "string") {
            throw new auditInput_1.AuditInputError(`${file}: association ${entry.associationId} has no roleArn, as list-pod-identity-associations prints them; give each association's aws eks describe-pod-identity-association output.`);
        }
        const targetRoleArn = entry.targetRoleArn;
        return {
            associationId: (0, inputPart_1.text)(file, where, entry, "associationId"),
            clusterName: (0, inputPart_1.text)(file, where, entry, "clusterName"),
            namespace: (0, inputPart_1.text)(file, where, entry, "namespace"),
            serviceAccount: (0, inputPart_1.text)(file, where, entry, "serviceAccount"),
            roleArn: (0, inputPart_1.text)(file, where, entry, "roleArn"),
            ...(typeof targetRoleArn === "string" && targetRoleArn !== "" && { targetRoleArn }),
            disableSessionTags: entry.disableSessionTags === true,
            sessionPolicy: typeof entry.policy === "string" && entry.policy !== "",
            externalId: typeof entry.externalId === "string" && entry.externalId !== "",
        };
    });
    return { kind: "pod-identity-associations", associations };
}
