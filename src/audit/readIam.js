"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isAuthorizationDetails = isAuthorizationDetails;
exports.isOidcProviderList = isOidcProviderList;
exports.readAuthorizationDetails = readAuthorizationDetails;
exports.decodeDocument = decodeDocument;
exports.readOidcProviderList = readOidcProviderList;
const auditInput_1 = require("./auditInput");
const inputPart_1 = require("./inputPart");
/** Whether `document` is `aws iam get-account-authorization-details` output. */
function isAuthorizationDetails(document) {
    return (0, inputPart_1.isObject)(document) && Array.isArray(document.RoleDetailList);
}
/** Whether `document` is `aws iam list-open-id-connect-providers` output. */
function isOidcProviderList(document) {
    return (0, inputPart_1.isObject)(document) && Array.isArray(document.OpenIDConnectProviderList);
}
/**
 * Reads `aws iam get-account-authorization-details`: each role's trust policy (a JSON object as the CLI prints it, or
 * the URL-encoded text the raw API returns), its attached and inline policies, and the managed policies' default
 * documents. A page of a paginated answer (`IsTruncated: true`) and a role without a trust policy are refused.
 */
function readAuthorizationDetails(file, document) {
    if (document.IsTruncated === true) {
        throw new auditInput_1.AuditInputError(`${file}: IsTruncated is true, so this is one page of the account's roles; run aws iam get-account-authorization-details without --max-items or --no-paginate.`);
    }
    const roles = (0, inputPart_1.list)(file, "the export", document, "RoleDetailList").map((raw, index) => {
        const where = `RoleDetailList[${index}]`;
        if (!(0, inputPart_1.isObject)(raw)) {
            throw new auditInput_1.AuditInputError(`${file}: ${where} is not a role.`);
        }
        const arn = (0, inputPart_1.text)(file, where, raw, "Arn");
        if (raw.AssumeRolePolicyDocument === undefined || raw.AssumeRolePolicyDocument === null || raw.AssumeRolePolicyDocument === "") {
            throw new auditInput_1.AuditInputError(`${file}: role ${arn} has no AssumeRolePolicyDocument; every IAM role has a trust policy, so the export is incomplete (use the unfiltered output of get-account-authorization-details).`);
        }
        return { arn, name: (0, inputPart_1.text)(file, where, raw, "RoleName"), trustPolicy: decodeDocument(file, `role ${arn}'s trust policy`, raw.AssumeRolePolicyDocument), policies: rolePolicies(file, arn, raw) };
    });
    const managedPolicies = new Map();
    for (const policy of Array.isArray(document.Policies) ? document.Policies : []) {
        if (!(0, inputPart_1.isObject)(policy) || typeof policy.Arn !== "string" || !Array.isArray(policy.PolicyVersionList)) {
            continue;
        }
        const version = policy.PolicyVersionList.find((v) => (0, inputPart_1.isObject)(v) && v.IsDefaultVersion === true);
        if ((0, inputPart_1.isObject)(version) && version.Document !== undefined) {
            managedPolicies.set(policy.Arn, decodeDocument(file, `policy ${policy.Arn}`, version.Document));
        }
    }
    return { kind: "iam", roles, managedPolicies };
}
function rolePolicies(file, arn, raw) {
    const attached = (Array.isArray(raw.AttachedManagedPolicies) ? raw.AttachedManagedPolicies : []).filter(inputPart_1.isObject).map((p) => ({ name: String(p.PolicyName), kind: "managed", arn: String(p.PolicyArn) }));
    const inline = (Array.isArray(raw.RolePolicyList) ? raw.RolePolicyList : []).filter(inputPart_1.isObject).map((p) => ({ name: String(p.PolicyName), kind: "inline", document: decodeDocument(file, `role ${arn}'s inline policy ${String(p.PolicyName)}`, p.PolicyDocument) }));
    return [...attached, ...inline];
}
/** A policy document as the CLI prints it (an object) or as the API returns it (URL-encoded JSON text), parsed. */
function decodeDocument(file, what, value) {
    if ((0, inputPart_1.isObject)(value)) {
        return value;
    }
    if (typeof value !== "string") {
        throw new auditInput_1.AuditInputError(`${file}: ${what} is neither a JSON object nor its (URL-encoded) text.`);
    }
    let decoded = value;
    if (!value.trimStart().startsWith("{")) {
        try {
            decoded = decodeURIComponent(value);
        }
        catch {
            throw new auditInput_1.AuditInputError(`${file}: ${what} is text that is neither JSON nor URL-encoded JSON.`);
        }
    }
    return decoded;
}
/** Reads `aws iam list-open-id-connect-providers`: the provider ARNs of the account. */
function readOidcProviderList(file, document) {
    const oidcProviders = document.OpenIDConnectProviderList.map((entry, index) => {
        if (!(0, inputPart_1.isObject)(entry)) {
            throw new auditInput_1.AuditInputError(`${file}: OpenIDConnectProviderList[${index}] is not an object with an Arn.`);
        }
        return (0, inputPart_1.text)(file, `OpenIDConnectProviderList[${index}]`, entry, "Arn");
    });
    return { kind: "oidc-providers", oidcProviders };
}
