import { AuditAssociation, AuditInputError } from "./auditInput";
import { clusterFromArn, InputPart, isObject, text } from "./inputPart";

/** Whether `document` is `aws eks describe-cluster` output. */
export function isDescribeCluster(document: unknown): boolean {
    return isObject(document) && isObject(document.cluster);
}

/** Whether `document` holds Pod Identity associations: one `describe-pod-identity-association` output, a list of them, or `{"associations": [...]}`. */
export function isAssociations(document: unknown): boolean {
    if (Array.isArray(document)) {
        // An empty list is a cluster with no associations (a loop over list-pod-identity-associations found none).
        return document.every((d) => isObject(d) && isObject(d.association));
    }
    return isObject(document) && (isObject(document.association) || Array.isArray(document.associations));
}

/** Reads `aws eks describe-cluster`: the cluster's name, ARN (partition, account) and OIDC issuer. */
export function readDescribeCluster(file: string, document: Record<string, unknown>): InputPart {
    const cluster = document.cluster as Record<string, unknown>;
    const name = text(file, "cluster", cluster, "name");
    const arn = text(file, "cluster", cluster, "arn");
    const identity = isObject(cluster.identity) && isObject(cluster.identity.oidc) ? cluster.identity.oidc : undefined;
    const issuer = identity !== undefined && typeof identity.issuer === "string" ? identity.issuer : undefined;
    return { kind: "eks-cluster", cluster: clusterFromArn(file, arn, name, issuer) };
}

/**
 * Reads Pod Identity associations as `describe-pod-identity-association` prints them (`{"association": {...}}`), a
 * JSON list of such outputs, or `{"associations": [...]}` of full associations. `list-pod-identity-associations`'
 * summaries carry no roleArn and are refused with the command that gives it.
 */
export function readAssociations(file: string, document: unknown): InputPart {
    const raw: unknown[] = Array.isArray(document)
        ? document.map((d) => (d as Record<string, unknown>).association)
        : isObject(document) && Array.isArray(document.associations)
          ? document.associations
          : [(document as Record<string, unknown>).association];
    const associations = raw.map((entry, index): AuditAssociation => {
        const where = `association ${index}`;
        if (!isObject(entry)) {
            throw new AuditInputError(`${file}: ${where} is not an object.`);
        }
        if (entry.roleArn === undefined && typeof entry.associationId === "string") {
            throw new AuditInputError(
                `${file}: association ${entry.associationId} has no roleArn, as list-pod-identity-associations prints them; give each association's aws eks describe-pod-identity-association output.`,
            );
        }
        const targetRoleArn = entry.targetRoleArn;
        return {
            associationId: text(file, where, entry, "associationId"),
            clusterName: text(file, where, entry, "clusterName"),
            namespace: text(file, where, entry, "namespace"),
            serviceAccount: text(file, where, entry, "serviceAccount"),
            roleArn: text(file, where, entry, "roleArn"),
            ...(typeof targetRoleArn === "string" && targetRoleArn !== "" && { targetRoleArn }),
            disableSessionTags: entry.disableSessionTags === true,
            sessionPolicy: typeof entry.policy === "string" && entry.policy !== "",
            externalId: typeof entry.externalId === "string" && entry.externalId !== "",
        };
    });
    return { kind: "pod-identity-associations", associations };
}
