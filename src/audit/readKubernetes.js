"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isKubernetesList = isKubernetesList;
exports.readKubernetesList = readKubernetesList;
const auditInput_1 = require("./auditInput");
const inputPart_1 = require("./inputPart");
/** Whether `document` is what `kubectl get ... -o json` prints for several objects: a `v1` List (or a typed `...List`). */
function isKubernetesList(document) {
    return (0, inputPart_1.isObject)(document) && typeof document.kind === "string" && document.kind.endsWith("List") && Array.isArray(document.items) && document.apiVersion === "v1";
}
/**
 * Reads `kubectl get namespaces,serviceaccounts,pods -A -o json`: Namespaces, ServiceAccounts (with the IRSA
 * annotations) and Pods (with `spec.serviceAccountName`, `default` when unset, as the API server fills it). Other kinds
 * are skipped. A List that is only part of a longer one (`metadata.continue` set, as `--chunk-size` leaves it) is refused.
 */
function readKubernetesList(file, document) {
    const metadata = (0, inputPart_1.isObject)(document.metadata) ? document.metadata : {};
    if (typeof metadata.continue === "string" && metadata.continue !== "") {
        throw new auditInput_1.AuditInputError(`${file}: the List is one page of a longer one (metadata.continue is set); run kubectl get without --chunk-size limits or --raw paging.`);
    }
    const namespaces = [];
    const serviceAccounts = [];
    const pods = [];
    document.items.forEach((item, index) => {
        const where = `items[${index}]`;
        if (!(0, inputPart_1.isObject)(item) || !(0, inputPart_1.isObject)(item.metadata)) {
            throw new auditInput_1.AuditInputError(`${file}: ${where} is not a Kubernetes object with metadata.`);
        }
        const name = (0, inputPart_1.text)(file, `${where}.metadata`, item.metadata, "name");
        if (item.kind === "Namespace") {
            namespaces.push(name);
            return;
        }
        if (item.kind !== "ServiceAccount" && item.kind !== "Pod") {
            return;
        }
        const namespace = (0, inputPart_1.text)(file, `${where}.metadata`, item.metadata, "namespace");
        if (item.kind === "ServiceAccount") {
            const annotations = (0, inputPart_1.isObject)(item.metadata.annotations) ? item.metadata.annotations : {};
            const roleArn = annotations[auditInput_1.ROLE_ARN_ANNOTATION];
            const audience = annotations[auditInput_1.AUDIENCE_ANNOTATION];
            serviceAccounts.push({
                namespace,
                name,
                ...(typeof roleArn === "string" && roleArn.trim() !== "" && { roleArn: roleArn.trim() }),
                ...(typeof audience === "string" && audience !== "" && { audience }),
            });
        }
        else {
            const spec = (0, inputPart_1.isObject)(item.spec) ? item.spec : {};
            const serviceAccount = typeof spec.serviceAccountName === "string" && spec.serviceAccountName !== "" ? spec.serviceAccountName : "default";
            pods.push({ namespace, name, serviceAccount });
        }
    });
    return { kind: "kubernetes", namespaces, serviceAccounts, pods };
}
