import { IrsaArgumentError } from "../errors";

// The limits below come from ../shared/reference/iam-and-eks-facts.md (IAM and EKS user guides, Kubernetes API
// conventions). Each check throws IrsaArgumentError naming the argument, the value and the rule.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE_PATTERN = /^[a-z0-9*?-]+$/;
const IAM_NAME = /^[\w+=,.@-]+$/;
const ROLE_PATH = /^\/([\u0021-\u007E]*\/)?$/;
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([\u0021-\u007E]*\/)?[\w+=,.@-]{1,128}$/;
// The EKS pod identity webhook's own check of eks.amazonaws.com/role-arn.
const WEBHOOK_ROLE_ARN = /^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w-/.@+=,]+$/;
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]*$/;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const RESOURCE_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// What IAM reads as exactly these characters: no white space, no control characters, no look-alike Unicode.
const PRINTABLE_ASCII = /^[\u0021-\u007E]*$/;
// The printable Latin-1 characters: what IAM accepts in a policy, without control characters (C0, DEL, C1) and the no-break space.
const PRINTABLE_LATIN1 = /^[\u0020-\u007E\u00A1-\u00FF]*$/;

/** Pulumi auto-names a role `<logical name>-<7 hex>`, and IAM allows 64 characters. */
export const AUTO_NAME_SUFFIX_LENGTH = 8;
export const MAX_ROLE_NAME_LENGTH = 64;
export const DEFAULT_MANAGED_POLICY_LIMIT = 10;
export const MAX_INLINE_POLICIES_SIZE = 10240;
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
export const MAX_TOKEN_EXPIRATION_SECONDS = 86400;

export function checkNamespace(argument: string, value: string): void {
    if (typeof value !== "string" || value.length > 63 || !DNS_LABEL.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "a Kubernetes namespace is a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit" +
                (typeof value === "string" && hasPatternCharacter(value)
                    ? ". Wildcards belong in namespacePattern with scope Cluster, or in additionalServiceAccounts."
                    : "."),
        );
    }
}

/**
 * A namespace or a `StringLike` pattern of namespaces: the characters of a DNS label plus `*` and `?`, and a pattern
 * that at least one namespace (a DNS-1123 label) can match.
 */
export function checkNamespacePattern(argument: string, value: string): void {
    if (typeof value !== "string" || value.length === 0 || value.length > 63 || !NAMESPACE_PATTERN.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "a namespace pattern has 1 to 63 characters: lower-case letters, digits, '-', and the StringLike wildcards '*' (any run) and '?' (one character), e.g. \"z*\".",
        );
    }
    if (!namespacePatternCanMatch(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "no namespace can match this pattern: a namespace is a DNS-1123 label of 1 to 63 characters that starts and ends with a letter or digit. Fix the pattern.",
        );
    }
}

/**
 * Whether some DNS-1123 label (1 to 63 of `[a-z0-9-]`, no '-' at either end) matches a namespace pattern. Each '?'
 * can be a letter and each '*' nothing, except that a '*' at an end may have to supply the letter a '-' cannot be.
 */
export function namespacePatternCanMatch(pattern: string): boolean {
    const fixed = [...pattern].filter((c) => c !== "*");
    if (fixed.length === 0) {
        return pattern.length > 0;
    }
    let length = fixed.length;
    const first = pattern.search(/[^*]/);
    const last = pattern.length - 1 - [...pattern].reverse().join("").search(/[^*]/);
    if (pattern[first] === "-") {
        if (first === 0) {
            return false;
        }
        length++;
    }
    if (pattern[last] === "-") {
        if (last === pattern.length - 1) {
            return false;
        }
        length++;
    }
    return length <= 63;
}

/** Whether a namespace pattern matches every namespace: only wildcards, at least one '*' and at most one '?'. */
export function namespacePatternMatchesEverything(pattern: string): boolean {
    const chars = [...pattern];
    return chars.every((c) => c === "*" || c === "?") && chars.includes("*") && chars.filter((c) => c === "?").length <= 1;
}

export function checkServiceAccountName(argument: string, value: string): void {
    if (typeof value !== "string" || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "a ServiceAccount name is a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit.",
        );
    }
}

export function checkAudience(argument: string, value: string): void {
    if (typeof value !== "string" || value.length < 1 || value.length > 255 || !PRINTABLE_ASCII.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "an audience (OIDC client ID) has 1 to 255 characters, all printable ASCII: no white space, control characters or look-alike Unicode; EKS uses \"sts.amazonaws.com\".",
        );
    }
    checkLiteral(argument, value, "an audience is compared with StringEquals");
}

/**
 * Refuses what IAM would read as something other than the literal text: a policy variable `${...}`, which IAM
 * substitutes (or, unresolved, makes the condition fail), and the `StringLike` wildcards `*` and `?` in a value that is
 * not a pattern.
 */
export function checkLiteral(argument: string, value: string, why: string): void {
    if (value.includes("${")) {
        throw new IrsaArgumentError(argument, value, `${why}, and IAM reads "\${...}" as a policy variable, not as text. Remove it.`);
    }
    if (hasPatternCharacter(value)) {
        throw new IrsaArgumentError(argument, value, `${why}, so '*' and '?' are not wildcards here; they belong in a namespace pattern only. Remove them.`);
    }
}

/**
 * Refuses, in a value the component writes into a policy document as text (an add-on's ARN or key prefix), what IAM
 * would read otherwise or refuse: a policy variable `${...}`, which IAM substitutes (`.../${aws:userid}/*` would grant each
 * caller a path of its own), and any character outside printable Latin-1 (control characters such as NUL, the no-break
 * space, characters above U+00FF), with which IAM refuses the whole document at deploy time.
 */
export function checkPolicyText(argument: string, value: string, why: string): void {
    if (value.includes("${")) {
        throw new IrsaArgumentError(argument, value, `${why}, and IAM reads "\${...}" as a policy variable, not as text. Remove it.`);
    }
    const bad = [...value].find((c) => !PRINTABLE_LATIN1.test(c));
    if (bad !== undefined) {
        const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
        throw new IrsaArgumentError(
            argument,
            value,
            `${why}, and it holds ${code}: a policy accepts only printable Latin-1 text (U+0020 to U+007E and U+00A1 to U+00FF), no control characters, and IAM refuses the whole document otherwise.`,
        );
    }
}

export function checkClientIds(argument: string, values: string[]): void {
    if (!Array.isArray(values) || values.length < 1 || values.length > 100) {
        throw new IrsaArgumentError(argument, values, "an OIDC provider has 1 to 100 client IDs (audiences), e.g. [\"sts.amazonaws.com\"].");
    }
    values.forEach((value, i) => checkAudience(`${argument}[${i}]`, value));
}

export function checkThumbprints(argument: string, values: string[]): void {
    if (!Array.isArray(values) || values.length > 5) {
        throw new IrsaArgumentError(argument, values, "an OIDC provider has at most 5 thumbprints (and EKS issuers need none).");
    }
    values.forEach((value, i) => {
        if (typeof value !== "string" || !/^[0-9a-fA-F]{40}$/.test(value)) {
            throw new IrsaArgumentError(`${argument}[${i}]`, value, "a thumbprint is the SHA-1 of the issuer's top intermediate CA: exactly 40 hexadecimal characters.");
        }
    });
}

export function checkRoleName(argument: string, value: string): void {
    if (typeof value !== "string" || value.length < 1 || value.length > MAX_ROLE_NAME_LENGTH || !IAM_NAME.test(value)) {
        throw new IrsaArgumentError(argument, value, `an IAM role name has 1 to ${MAX_ROLE_NAME_LENGTH} characters of letters, digits and + = , . @ _ -.`);
    }
}

/** When no roleName is given, Pulumi names the role after the component, so the component's name must fit IAM's rule. */
export function checkAutoNamedRole(componentName: string): void {
    const room = MAX_ROLE_NAME_LENGTH - AUTO_NAME_SUFFIX_LENGTH;
    if (componentName.length > room || !IAM_NAME.test(componentName)) {
        throw new IrsaArgumentError(
            "name",
            componentName,
            `without roleName the IAM role is named "<name>-<7 random characters>", so the component's name must have at most ${room} ` +
                "characters of letters, digits and + = , . @ _ -. Shorten the name or pass roleName.",
        );
    }
}

export function checkRolePath(argument: string, value: string): void {
    if (typeof value !== "string" || value.length > 512 || !ROLE_PATH.test(value)) {
        throw new IrsaArgumentError(argument, value, "an IAM path is \"/\" or starts and ends with \"/\" (e.g. \"/irsa/\"), with at most 512 printable ASCII characters.");
    }
}

export function checkMaxSessionDuration(argument: string, value: number): void {
    if (!Number.isInteger(value) || value < 3600 || value > 43200) {
        throw new IrsaArgumentError(argument, value, "a role's maximum session duration is a whole number of seconds from 3600 (1 hour) to 43200 (12 hours).");
    }
}

export function checkRoleDescription(argument: string, value: string): void {
    if (typeof value !== "string" || value.length > 1000 || !/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/.test(value)) {
        throw new IrsaArgumentError(argument, value, "a role description has at most 1000 characters of printable Latin-1 text.");
    }
}

export function checkTags(argument: string, tags: { [key: string]: string }): void {
    if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
        throw new IrsaArgumentError(argument, tags, "tags are a map from key to value.");
    }
    const keys = Object.keys(tags);
    if (keys.length > 50) {
        throw new IrsaArgumentError(argument, `${keys.length} tags`, "IAM allows at most 50 tags on a role or an OIDC provider.");
    }
    const seen = new Map<string, string>();
    for (const key of keys) {
        if (key.length < 1 || key.length > 128 || !TAG_CHARACTERS.test(key)) {
            throw new IrsaArgumentError(`${argument} key`, key, "a tag key has 1 to 128 letters, digits, spaces and _ . : / = + - @.");
        }
        if (key === "__proto__") {
            // JavaScript's own name for an object's prototype: Pulumi's serialization of the resource's inputs drops it silently.
            throw new IrsaArgumentError(`${argument} key`, key, "a tag key may not be __proto__: Pulumi drops a key of that name when it sends the tags to AWS, so the tag would silently be missing.");
        }
        if (key === "toString") {
            // Pulumi's registration writes each input as text (`${tags}`), which calls the map's own toString: a string.
            throw new IrsaArgumentError(
                `${argument} key`,
                key,
                "a tag key may not be toString: Pulumi writes the tags map as text when it registers the resource, and fails with a TypeError on a key of that name.",
            );
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw new IrsaArgumentError(`${argument} key`, key, "tag keys starting with \"aws:\" are reserved for AWS.");
        }
        const other = seen.get(key.toLowerCase());
        if (other !== undefined) {
            throw new IrsaArgumentError(`${argument} key`, key, `IAM compares tag keys ignoring case, so "${key}" and "${other}" collide; keep one.`);
        }
        seen.set(key.toLowerCase(), key);
        const value = tags[key];
        if (typeof value !== "string" || value.length > 256 || !TAG_CHARACTERS.test(value)) {
            throw new IrsaArgumentError(`${argument}.${key}`, value, "a tag value has at most 256 letters, digits, spaces and _ . : / = + - @.");
        }
    }
}

export function checkManagedPolicyArn(argument: string, value: string): void {
    if (typeof value !== "string" || !MANAGED_POLICY_ARN.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "a managed policy ARN has the form arn:aws:iam::aws:policy/<name> (AWS managed, e.g. arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess) " +
                "or arn:aws:iam::<12-digit account>:policy/<path><name>.",
        );
    }
}

export function checkRoleArn(argument: string, value: string): void {
    if (typeof value !== "string" || !WEBHOOK_ROLE_ARN.test(value)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "a role ARN has the form arn:aws:iam::<12-digit account>:role/<path><name>; the EKS pod identity webhook ignores any other value of eks.amazonaws.com/role-arn.",
        );
    }
}

/** Map keys that name child resources must stay short and plain, since they become part of resource names. */
export function checkResourceKey(argument: string, key: string): void {
    if (!RESOURCE_KEY.test(key)) {
        throw new IrsaArgumentError(
            `${argument} key`,
            key,
            "a key names a child resource: 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. \"s3ReadOnly\").",
        );
    }
}

export function checkManagedPolicyCount(argument: string, count: number, limit: number): void {
    if (count > limit) {
        throw new IrsaArgumentError(
            argument,
            `${count} policies`,
            `IAM attaches at most ${limit} managed policies to a role (quota PoliciesPerRole). Merge policies, or raise the quota ` +
                "in Service Quotas and pass the new value as managedPolicyLimit.",
        );
    }
}

export function checkPositiveInteger(argument: string, value: number): void {
    if (!Number.isInteger(value) || value < 1) {
        throw new IrsaArgumentError(argument, value, "this is a whole number of at least 1.");
    }
}

/** An inline policy: IAM's name rule, a JSON object with a Statement, and the characters IAM accepts. */
export function checkInlinePolicy(argument: string, name: string, document: string): void {
    if (name.length > 128 || !IAM_NAME.test(name)) {
        throw new IrsaArgumentError(`${argument} key`, name, "an inline policy name has 1 to 128 characters of letters, digits and + = , . @ _ -.");
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(document);
    } catch {
        throw new IrsaArgumentError(`${argument}.${name}`, document, "an inline policy is a JSON policy document, e.g. JSON.stringify({ Version: \"2012-10-17\", Statement: [...] }).");
    }
    if (typeof parsed !== "object" || parsed === null || !("Statement" in parsed)) {
        throw new IrsaArgumentError(`${argument}.${name}`, document, "an inline policy document is a JSON object with a Statement.");
    }
    if (!POLICY_CHARACTERS.test(document)) {
        throw new IrsaArgumentError(`${argument}.${name}`, document, "IAM policy documents accept only tab, new line, carriage return and the characters U+0020 to U+00FF.");
    }
}

/** IAM counts every inline policy of a role together, without white space, against a limit that cannot be raised. */
export function checkInlinePoliciesTotal(argument: string, documents: string[]): void {
    const total = documents.reduce((sum, document) => sum + document.replace(/\s/g, "").length, 0);
    if (total > MAX_INLINE_POLICIES_SIZE) {
        throw new IrsaArgumentError(
            argument,
            `${total} characters`,
            `a role's inline policies have at most ${MAX_INLINE_POLICIES_SIZE} characters in total (white space not counted), a limit AWS does not raise. ` +
                "Move permissions to managed policies in policyArns.",
        );
    }
}

export function checkTokenExpiration(argument: string, value: number): void {
    if (!Number.isInteger(value) || value < MIN_TOKEN_EXPIRATION_SECONDS || value > MAX_TOKEN_EXPIRATION_SECONDS) {
        throw new IrsaArgumentError(
            argument,
            value,
            `the projected token's lifetime is a whole number of seconds from ${MIN_TOKEN_EXPIRATION_SECONDS} to ${MAX_TOKEN_EXPIRATION_SECONDS} ` +
                "(the EKS pod identity webhook raises shorter values to 600).",
        );
    }
}

/** Label and annotation keys: Kubernetes qualified names, `[prefix/]name`. */
export function checkMetadataKey(argument: string, key: string): void {
    const slash = key.lastIndexOf("/");
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    if (!prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
        throw new IrsaArgumentError(
            `${argument} key`,
            key,
            "a label or annotation key is an optional DNS subdomain prefix and '/', then 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.",
        );
    }
}

export function checkLabels(argument: string, labels: { [key: string]: string }): void {
    for (const [key, value] of Object.entries(labels)) {
        checkMetadataKey(argument, key);
        if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
            throw new IrsaArgumentError(`${argument}.${key}`, value, "a label value has at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit.");
        }
    }
}

/** Extra annotations may not replace the ones the component derives from its own arguments. */
export function checkAnnotations(argument: string, annotations: { [key: string]: string }, derivedKeys: string[]): void {
    for (const [key, value] of Object.entries(annotations)) {
        checkMetadataKey(argument, key);
        if (derivedKeys.includes(key)) {
            throw new IrsaArgumentError(`${argument} key`, key, "the component sets this annotation from its own arguments (roleArn, audience, stsRegionalEndpoints, tokenExpirationSeconds); set it there.");
        }
        if (typeof value !== "string") {
            throw new IrsaArgumentError(`${argument}.${key}`, value, "an annotation value is a string.");
        }
    }
}

/** The regular expression of an IAM pattern: `*` any run of characters (none too), `?` exactly one, the rest literal. */
export function iamPatternRegExp(pattern: string, ignoreCase = false): RegExp {
    const source = pattern.replace(/[.+^${}()|[\]\\/*?]/g, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : `\\${c}`));
    return new RegExp(`^${source}$`, ignoreCase ? "i" : "");
}

/** Whether a value matches a `StringLike` pattern: case-sensitive, `*` any run of characters, `?` exactly one. */
export function matchesStringLike(pattern: string, value: string): boolean {
    return iamPatternRegExp(pattern).test(value);
}

function hasPatternCharacter(value: string): boolean {
    return value.includes("*") || value.includes("?");
}
