import { AUDIENCE_ANNOTATION, AuditInputError, AuditPod, AuditServiceAccount, ROLE_ARN_ANNOTATION } from "./auditInput";
import { InputPart, isObject, text } from "./inputPart";

/** Whether `document` is what `kubectl get ... -o json` prints for several objects: a `v1` List (or a typed `...List`). */
export function isKubernetesList(document: unknown): boolean {
    return isObject(document) && typeof document.kind === "string" && document.kind.endsWith("List") && Array.isArray(document.items) && document.apiVersion === "v1";
}

/**
 * Reads `kubectl get namespaces,serviceaccounts,pods -A -o json`: Namespaces, ServiceAccounts (with the IRSA
 * annotations) and Pods (with `spec.serviceAccountName`, `default` when unset, as the API server fills it). Other kinds
 * are skipped. A List that is only part of a longer one (`metadata.continue` set, as `--chunk-size` leaves it) is refused.
 */
export function readKubernetesList(file: string, document: Record<string, unknown>): InputPart {
    const metadata = isObject(document.metadata) ? document.metadata : {};
    if (typeof metadata.continue === "string" && metadata.continue !== "") {
        throw new AuditInputError(`${file}: the List is one page of a longer one (metadata.continue is set); run kubectl get without --chunk-size limits or --raw paging.`);
    }
    const namespaces: string[] = [];
    const serviceAccounts: AuditServiceAccount[] = [];
    const pods: AuditPod[] = [];
    (document.items as unknown[]).forEach((item, index) => {
        const where = `items[${index}]`;
        if (!isObject(item) || !isObject(item.metadata)) {
            throw new AuditInputError(`${file}: ${where} is not a Kubernetes object with metadata.`);
        }
        const name = text(file, `${where}.metadata`, item.metadata, "name");
        if (item.kind === "Namespace") {
            namespaces.push(name);
            return;
        }
        if (item.kind !== "ServiceAccount" && item.kind !== "Pod") {
            return;
        }
        const namespace = text(file, `${where}.metadata`, item.metadata, "namespace");
        if (item.kind === "ServiceAccount") {
            const annotations = isObject(item.metadata.annotations) ? item.metadata.annotations : {};
            const roleArn = annotations[ROLE_ARN_ANNOTATION];
            const audience = annotations[AUDIENCE_ANNOTATION];
            serviceAccounts.push({
                namespace,
                name,
                ...(typeof roleArn === "string" && roleArn.trim() !== "" && { roleArn: roleArn.trim() }),
                ...(typeof audience === "string" && audience !== "" && { audience }),
            });
        } else {
            const spec = isObject(item.spec) ? item.spec : {};
            const serviceAccount = typeof spec.serviceAccountName === "string" && spec.serviceAccountName !== "" ? spec.serviceAccountName : "default";
            pods.push({ namespace, name, serviceAccount });
        }
    });
    return { kind: "kubernetes", namespaces, serviceAccounts, pods };
}
