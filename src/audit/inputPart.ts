import { AuditAssociation, AuditCluster, AuditInputError, AuditPod, AuditRole, AuditServiceAccount } from "./auditInput";

/** What one input file holds; the files' parts are merged into one AuditInput. */
export interface InputPart {
    kind: string;
    cluster?: AuditCluster;
    namespaces?: string[];
    serviceAccounts?: AuditServiceAccount[];
    pods?: AuditPod[];
    roles?: AuditRole[];
    /** Managed policy documents by ARN (the export's `Policies`, default versions). */
    managedPolicies?: Map<string, unknown>;
    oidcProviders?: string[];
    associations?: AuditAssociation[];
    /** What the reader left out, one sentence each. */
    notes?: string[];
}

/** Helpers the readers share: typed access to parsed JSON that names the file and the field on a mismatch. */
export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or an AuditInputError naming the file, the object and the field. */
export function text(file: string, where: string, object: Record<string, unknown>, field: string): string {
    const value = object[field];
    if (typeof value !== "string" || value === "") {
        throw new AuditInputError(`${file}: ${where} has no ${field} (a non-empty string); the file looks cut short or edited.`);
    }
    return value;
}

/** A list field, or an AuditInputError naming the file and the field. */
export function list(file: string, where: string, object: Record<string, unknown>, field: string): unknown[] {
    const value = object[field];
    if (!Array.isArray(value)) {
        throw new AuditInputError(`${file}: ${where} has no ${field} list; the file looks cut short or edited.`);
    }
    return value;
}

/** `arn:<partition>:eks:<region>:<account>:cluster/<name>` parsed, or an AuditInputError. */
export function clusterFromArn(file: string, arn: string, name: string, issuerUrl: string | undefined): AuditCluster {
    const match = /^arn:([^:]+):eks:[^:]+:(\d{12}):cluster\/([^/]+)$/.exec(arn);
    if (!match || match[3] !== name) {
        throw new AuditInputError(`${file}: the cluster's arn ${JSON.stringify(arn)} is not arn:<partition>:eks:<region>:<account>:cluster/${name}.`);
    }
    let issuer: string | undefined;
    if (issuerUrl !== undefined) {
        if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuerUrl)) {
            throw new AuditInputError(`${file}: the cluster's OIDC issuer ${JSON.stringify(issuerUrl)} is not an https:// URL.`);
        }
        issuer = issuerUrl.slice("https://".length).replace(/\/+$/, "");
    }
    return { name, arn, partition: match[1], accountId: match[2], ...(issuer !== undefined && { issuer }) };
}
