"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isObject = isObject;
exports.text = text;
exports.list = list;
exports.clusterFromArn = clusterFromArn;
const auditInput_1 = require("./auditInput");
/** Helpers the readers share: typed access to parsed JSON that names the file and the field on a mismatch. */
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
/** A string field, or an AuditInputError naming the file, the object and the field. */
function text(file, where, object, field) {
    const value = object[field];
    if (typeof value !== "string" || value === "") {
        throw new auditInput_1.AuditInputError(`${file}: ${where} has no ${field} (a non-empty string); the file looks cut short or edited.`);
    }
    return value;
}
/** A list field, or an AuditInputError naming the file and the field. */
function list(file, where, object, field) {
    const value = object[field];
    if (!Array.isArray(value)) {
        throw new auditInput_1.AuditInputError(`${file}: ${where} has no ${field} list; the file looks cut short or edited.`);
    }
    return value;
}
/** `arn:<partition>:eks:<region>:<account>:cluster/<name>` parsed, or an AuditInputError. */
function clusterFromArn(file, arn, name, issuerUrl) {
    const match = /^arn:([^:]+):eks:[^:]+:(\d{12}):cluster\/([^/]+)$/.exec(arn);
    if (!match || match[3] !== name) {
        throw new auditInput_1.AuditInputError(`${file}: the cluster's arn ${JSON.stringify(arn)} is not arn:<partition>:eks:<region>:<account>:cluster/${name}.`);
    }
    let issuer;
    if (issuerUrl !== undefined) {
        if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuerUrl)) {
            throw new auditInput_1.AuditInputError(`${file}: the cluster's OIDC issuer ${JSON.stringify(issuerUrl)} is not an https:// URL.`);
        }
        issuer = issuerUrl.slice("https://".length).replace(/\/+$/, "");
    }
    return { name, arn, partition: match[1], accountId: match[2], ...(issuer !== undefined && { issuer }) };
}
