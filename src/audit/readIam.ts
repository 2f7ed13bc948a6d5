import { AuditInputError, AuditRole, AuditRolePolicy } from "./auditInput";
import { InputPart, isObject, list, text } from "./inputPart";

/** Whether `document` is `aws iam get-account-authorization-details` output. */
export function isAuthorizationDetails(document: unknown): boolean {
    return isObject(document) && Array.isArray(document.RoleDetailList);
}

/** Whether `document` is `aws iam list-open-id-connect-providers` output. */
export function isOidcProviderList(document: unknown): boolean {
    return isObject(document) && Array.isArray(document.OpenIDConnectProviderList);
}

/**
 * Reads `aws iam get-account-authorization-details`: each role's trust policy (a JSON object as the CLI prints it, or
 * the URL-encoded text the raw API returns), its attached and inline policies, and the managed policies' default
 * documents. A page of a paginated answer (`IsTruncated: true`) and a role without a trust policy are refused.
 */
export function readAuthorizationDetails(file: string, document: Record<string, unknown>): InputPart {
    if (document.IsTruncated === true) {
        throw new AuditInputError(`${file}: IsTruncated is true, so this is one page of the account's roles; run aws iam get-account-authorization-details without --max-items or --no-paginate.`);
    }
    const roles = list(file, "the export", document, "RoleDetailList").map((raw, index): AuditRole => {
        const where = `RoleDetailList[${index}]`;
        if (!isObject(raw)) {
            throw new AuditInputError(`${file}: ${where} is not a role.`);
        }
        const arn = text(file, where, raw, "Arn");
        if (raw.AssumeRolePolicyDocument === undefined || raw.AssumeRolePolicyDocument === null || raw.AssumeRolePolicyDocument === "") {
            throw new AuditInputError(`${file}: role ${arn} has no AssumeRolePolicyDocument; every IAM role has a trust policy, so the export is incomplete (use the unfiltered output of get-account-authorization-details).`);
        }
        return { arn, name: text(file, where, raw, "RoleName"), trustPolicy: decodeDocument(file, `role ${arn}'s trust policy`, raw.AssumeRolePolicyDocument), policies: rolePolicies(file, arn, raw) };
    });
    const managedPolicies = new Map<string, unknown>();
    for (const policy of Array.isArray(document.Policies) ? document.Policies : []) {
        if (!isObject(policy) || typeof policy.Arn !== "string" || !Array.isArray(policy.PolicyVersionList)) {
            continue;
        }
        const version = policy.PolicyVersionList.find((v) => isObject(v) && v.IsDefaultVersion === true);
        if (isObject(version) && version.Document !== undefined) {
            managedPolicies.set(policy.Arn, decodeDocument(file, `policy ${policy.Arn}`, version.Document));
        }
    }
    return { kind: "iam", roles, managedPolicies };
}

function rolePolicies(file: string, arn: string, raw: Record<string, unknown>): AuditRolePolicy[] {
    const attached = (Array.isArray(raw.AttachedManagedPolicies) ? raw.AttachedManagedPolicies : []).filter(isObject).map(
        (p): AuditRolePolicy => ({ name: String(p.PolicyName), kind: "managed", arn: String(p.PolicyArn) }),
    );
    const inline = (Array.isArray(raw.RolePolicyList) ? raw.RolePolicyList : []).filter(isObject).map(
        (p): AuditRolePolicy => ({ name: String(p.PolicyName), kind: "inline", document: decodeDocument(file, `role ${arn}'s inline policy ${String(p.PolicyName)}`, p.PolicyDocument) }),
    );
    return [...attached, ...inline];
}

/** A policy document as the CLI prints it (an object) or as the API returns it (URL-encoded JSON text), parsed. */
export function decodeDocument(file: string, what: string, value: unknown): string | object {
    if (isObject(value)) {
        return value;
    }
    if (typeof value !== "string") {
        throw new AuditInputError(`${file}: ${what} is neither a JSON object nor its (URL-encoded) text.`);
    }
    let decoded = value;
    if (!value.trimStart().startsWith("{")) {
        try {
            decoded = decodeURIComponent(value);
        } catch {
            throw new AuditInputError(`${file}: ${what} is text that is neither JSON nor URL-encoded JSON.`);
        }
    }
    return decoded;
}

/** Reads `aws iam list-open-id-connect-providers`: the provider ARNs of the account. */
export function readOidcProviderList(file: string, document: Record<string, unknown>): InputPart {
    const oidcProviders = (document.OpenIDConnectProviderList as unknown[]).map((entry, index) => {
        if (!isObject(entry)) {
            throw new AuditInputError(`${file}: OpenIDConnectProviderList[${index}] is not an object with an Arn.`);
        }
        return text(file, `OpenIDConnectProviderList[${index}]`, entry, "Arn");
    });
    return { kind: "oidc-providers", oidcProviders };
}
