"use strict";
/**
 * The one policy model of eks-irsa: a trust policy parsed into typed statements and conditions, and the IAM semantics
 * of `sts:AssumeRoleWithWebIdentity` over it. `evaluateTrustPolicy`, `explain`, `explain --who`, `render` and the CLI
 * all read policies through {@link parsePolicy} and decide conditions through {@link partialCondition} and
 * {@link conditionHolds}, so they cannot disagree.
 *
 * Partial evaluation: for a token that arrives through one IAM OIDC provider, the request context holds exactly the
 * keys `<issuer>:sub` (always, one value) and `<issuer>:aud` (one or several values, or absent). Every condition is
 * then either a constant (a key of another issuer is absent) or a test on the token's `sub` or `aud` claim. Anything
 * whose meaning is not known exactly (other condition keys, such as `sts:RoleSessionName` or `aws:SourceIp`, other
 * operators, policy variables, `ForAnyValue:` with `IfExists`) is refused with {@link UnsupportedPolicyError}.
 *
 * EKS Pod Identity: a statement whose principal is `{"Service": "pods.eks.amazonaws.com"}` (alone) is a Pod Identity
 * statement. EKS Auth calls `sts:AssumeRole` and, with session tags (the default), `sts:TagSession` for an association,
 * with one value for each of the session tags {@link POD_IDENTITY_TAGS} as `aws:RequestTag/<tag>`; with session tags
 * disabled no `aws:RequestTag` key is present. A Pod Identity statement may test only those keys; an OIDC statement
 * (or `Principal: "*"`) may not test them at all, since a web identity token can carry session tags of its own.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.PolicyEffect = exports.POD_IDENTITY_TAGS = exports.POD_IDENTITY_ACTIONS = exports.POD_IDENTITY_SERVICE = exports.WEB_IDENTITY_ACTION = void 0;
exports.parsePolicy = parsePolicy;
exports.trustsProvider = trustsProvider;
exports.trustsPodIdentity = trustsPodIdentity;
exports.partialPodIdentityCondition = partialPodIdentityCondition;
exports.coversAction = coversAction;
exports.partialCondition = partialCondition;
exports.conditionHolds = conditionHolds;
exports.claimValues = claimValues;
exports.globMatches = globMatches;
exports.providerIssuer = providerIssuer;
const issuer_1 = require("./issuer");
const policyErrors_1 = require("./policyErrors");
/** The action IRSA's pods call. */
exports.WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
/** The service principal EKS Pod Identity assumes roles as. */
exports.POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";
/** The actions EKS Pod Identity calls for an association: both must be allowed when session tags are on. */
exports.POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"];
/** The session tags EKS Pod Identity sets (EKS User Guide, "pod-id-abac"), as `aws:RequestTag/<tag>` keys. */
exports.POD_IDENTITY_TAGS = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
];
const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"];
const STRING_OPERATORS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike"];
const SET_OPERATORS = ["ForAllValues", "ForAnyValue"];
const MAX_DEPTH = 16;
// IAM accepts only these characters in a policy document.
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]*$/;
/** A statement's `Effect`. */
var PolicyEffect;
(function (PolicyEffect) {
    PolicyEffect["Allow"] = "Allow";
    PolicyEffect["Deny"] = "Deny";
})(PolicyEffect || (exports.PolicyEffect = PolicyEffect = {}));
/**
 * Parses a trust policy into the model, refusing what is not a trust policy (InvalidPolicyError) and what eks-irsa
 * does not model exactly (UnsupportedPolicyError).
 *
 * @param policy the trust policy, as JSON text or as a parsed object.
 * @returns the statements, in policy order.
 */
function parsePolicy(policy) {
    let document = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        }
        catch (error) {
            throw new policyErrors_1.InvalidPolicyError(`The trust policy is not valid JSON: ${error.message}.`);
        }
        const duplicate = duplicateKey(policy);
        if (duplicate !== undefined) {
            throw new policyErrors_1.UnsupportedPolicyError(`the key ${JSON.stringify(duplicate)} twice in one object (JSON.parse keeps the last, IAM may read it otherwise)`, "The trust policy");
        }
    }
    checkShape(document, 0);
    if (!isObject(document)) {
        throw new policyErrors_1.InvalidPolicyError("The trust policy must be a JSON object with a Statement element.");
    }
    for (const element of Object.keys(document)) {
        if (!["Version", "Id", "Statement"].includes(element)) {
            throw new policyErrors_1.UnsupportedPolicyError(`policy element "${element}"`, "The trust policy");
        }
    }
    if (document.Version !== undefined && !POLICY_VERSIONS.includes(document.Version)) {
        throw new policyErrors_1.InvalidPolicyError(`The trust policy's Version ${JSON.stringify(document.Version)} is not one of ${POLICY_VERSIONS.join(", ")}.`);
    }
    const statement = document.Statement;
    if (statement === undefined) {
        throw new policyErrors_1.InvalidPolicyError("The trust policy has no Statement element.");
    }
    const statements = Array.isArray(statement) ? statement : [statement];
    return { statements: statements.map((s, index) => parseStatement(s, index)) };
}
/**
 * The first key that appears twice in one object of a JSON text that JSON.parse accepted, or undefined. JSON.parse
 * silently keeps the last of two equal keys; how IAM reads such a document is not documented, so it is refused.
 */
function duplicateKey(text) {
    // One entry per open object (its keys so far) or array (undefined).
    const open = [];
    let expectKey = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
            let end = i + 1;
            while (text[end] !== '"') {
                end += text[end] === "\\" ? 2 : 1;
            }
            const keys = open[open.length - 1];
            if (expectKey && keys !== undefined) {
                const key = JSON.parse(text.slice(i, end + 1));
                if (keys.has(key)) {
                    return key;
                }
                keys.add(key);
                expectKey = false;
            }
            i = end;
        }
        else if (c === "{") {
            open.push(new Set());
            expectKey = true;
        }
        else if (c === "[") {
            open.push(undefined);
        }
        else if (c === "}" || c === "]") {
            open.pop();
        }
        else if (c === ",") {
            expectKey = open[open.length - 1] !== undefined;
        }
    }
    return undefined;
}
/** Refuses documents nested deeper than any trust policy is, and characters IAM does not accept in a policy. */
function checkShape(value, depth) {
    if (depth > MAX_DEPTH) {
        throw new policyErrors_1.InvalidPolicyError(`The trust policy is nested more than ${MAX_DEPTH} levels deep; a trust policy needs 5.`);
    }
    if (typeof value === "string") {
        if (!POLICY_CHARACTERS.test(value)) {
            throw new policyErrors_1.InvalidPolicyError("The trust policy contains a character IAM does not accept in a policy (only tab, line breaks and U+0020 to U+00FF).");
        }
    }
    else if (Array.isArray(value)) {
        value.forEach((item) => checkShape(item, depth + 1));
    }
    else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) {
            checkShape(key, depth + 1);
            checkShape(item, depth + 1);
        }
    }
}
/**
 * Whether `statement` names `providerArn` as a principal: `Principal: "*"` does for every provider, `Federated`
 * principals are compared as written, as IAM does.
 */
function trustsProvider(statement, providerArn) {
    return statement.anyPrincipal || statement.federated.includes(providerArn);
}
/** Whether `statement` names the EKS Pod Identity service principal, or every principal with `Principal: "*"`. */
function trustsPodIdentity(statement) {
    return statement.anyPrincipal || statement.podIdentity;
}
/**
 * What `condition` is for an EKS Pod Identity request: an OIDC key is absent, so a constant; an `aws:RequestTag/<tag>`
 * key is a test on the session tag (which is itself absent, so a constant, when session tags are disabled).
 */
function partialPodIdentityCondition(condition, sessionTags) {
    if (condition.tag === undefined || !sessionTags) {
        return { kind: "constant", value: conditionHolds(condition, undefined) };
    }
    return { kind: "tag", tag: condition.tag };
}
/** Whether the statement's Action (or NotAction) covers `action`, service prefix ignoring case, `*` and `?` wildcards. */
function coversAction(statement, action) {
    return statement.actions.some((pattern) => actionMatches(pattern, action)) !== statement.notAction;
}
function actionMatches(pattern, action) {
    if (pattern === "*") {
        return true;
    }
    const colon = pattern.indexOf(":");
    const actionColon = action.indexOf(":");
    return (pattern.slice(0, colon).toLowerCase() === action.slice(0, actionColon).toLowerCase() &&
        globMatches(pattern.slice(colon + 1).toLowerCase(), action.slice(actionColon + 1).toLowerCase()));
}
/**
 * What `condition` is for tokens arriving through the provider of `issuer` (host and path): a key of another issuer is
 * absent, so the condition is a constant; a key of this issuer is a test on the token's `sub` (always present, one
 * value) or `aud` claim. Key names compare ignoring case, as in IAM.
 */
function partialCondition(condition, issuer) {
    const own = issuer !== undefined && condition.claim !== undefined && condition.keyIssuer.toLowerCase() === issuer.toLowerCase();
    if (!own) {
        return { kind: "constant", value: conditionHolds(condition, undefined) };
    }
    if (condition.claim === "sub" && condition.isNull) {
        return { kind: "constant", value: conditionHolds(condition, ["present"]) };
    }
    return { kind: "claim", claim: condition.claim };
}
/**
 * Decides one condition for the request's values of its key: undefined (or none) when the key is absent. Without a
 * set operator, an absent key makes IfExists and negated operators true and the others false, and a key with several
 * values makes every operator false (IAM requires a set operator for a multivalued key; iam-simulate agrees).
 * `ForAllValues` is true for an absent key, `ForAnyValue` false. `Null` is true when "true" is among its values and
 * the key is absent, or "false" is and it is present.
 */
function conditionHolds(condition, actual) {
    const present = actual !== undefined && actual.length > 0;
    if (condition.isNull) {
        return condition.values.some((value) => (value === "true") !== present);
    }
    if (condition.setOperator === "ForAllValues") {
        return !present || actual.every((value) => valueMatches(condition, value));
    }
    if (condition.setOperator === "ForAnyValue") {
        return present && actual.some((value) => valueMatches(condition, value));
    }
    if (!present) {
        return condition.ifExists || condition.negated;
    }
    return actual.length === 1 && valueMatches(condition, actual[0]);
}
/** The request's values of a claim: the subject always, the audiences when there are any. */
function claimValues(claim, subject, audiences) {
    return claim === "sub" ? [subject] : audiences.length > 0 ? audiences : undefined;
}
/** Several policy values are ORed for positive operators and NORed for negated ones. */
function valueMatches(condition, value) {
    const anyEqual = condition.values.some((expected) => (condition.like ? globMatches(expected, value) : expected === value));
    return condition.negated ? !anyEqual : anyEqual;
}
/**
 * Whether `value` matches the IAM pattern `pattern` (`*` any run of characters, none too; `?` exactly one; the rest
 * literal, case-sensitive). Linear in the lengths for each `*`, so a hostile pattern cannot make it backtrack for long.
 */
function globMatches(pattern, value) {
    let p = 0;
    let v = 0;
    let star = -1;
    let resume = 0;
    while (v < value.length) {
        if (p < pattern.length && (pattern[p] === "?" || (pattern[p] !== "*" && pattern[p] === value[v]))) {
            p++;
            v++;
        }
        else if (p < pattern.length && pattern[p] === "*") {
            star = p++;
            resume = v;
        }
        else if (star >= 0) {
            p = star + 1;
            v = ++resume;
        }
        else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") {
        p++;
    }
    return p === pattern.length;
}
function parseStatement(statement, index) {
    const where = `Statement ${index}`;
    if (!isObject(statement)) {
        throw new policyErrors_1.InvalidPolicyError(`${where} must be an object.`);
    }
    const { Sid, Effect, Principal, NotPrincipal, Action, NotAction, Condition } = statement;
    if (Effect !== PolicyEffect.Allow && Effect !== PolicyEffect.Deny) {
        throw new policyErrors_1.InvalidPolicyError(Effect === undefined ? `${where} has no Effect; set it to "Allow" or "Deny".` : `${where} has Effect ${JSON.stringify(Effect)}; it must be "Allow" or "Deny".`);
    }
    if (Sid !== undefined && typeof Sid !== "string") {
        throw new policyErrors_1.InvalidPolicyError(`${where} has a Sid that is not a string.`);
    }
    if ("Resource" in statement || "NotResource" in statement) {
        throw new policyErrors_1.InvalidPolicyError(`${where} has a Resource or NotResource element, which a trust policy must not have.`);
    }
    if (NotPrincipal !== undefined) {
        throw new policyErrors_1.UnsupportedPolicyError("NotPrincipal", where);
    }
    if (Principal === undefined) {
        throw new policyErrors_1.InvalidPolicyError(`${where} has no Principal; a trust policy statement must name who may assume the role.`);
    }
    if ((Action === undefined) === (NotAction === undefined)) {
        throw new policyErrors_1.InvalidPolicyError(`${where} must have exactly one of Action and NotAction.`);
    }
    for (const element of Object.keys(statement)) {
        if (!["Sid", "Effect", "Principal", "Action", "NotAction", "Condition"].includes(element)) {
            throw new policyErrors_1.UnsupportedPolicyError(`statement element "${element}"`, where);
        }
    }
    const notAction = NotAction !== undefined;
    const principal = parsePrincipal(Principal, where);
    return {
        index,
        ...(Sid !== undefined && { sid: Sid }),
        effect: Effect,
        ...principal,
        notAction,
        actions: parseActions(notAction ? NotAction : Action, `${where} ${notAction ? "NotAction" : "Action"}`, where),
        conditions: Condition === undefined ? [] : parseConditions(Condition, where, principal.podIdentity),
    };
}
function parsePrincipal(principal, where) {
    if (principal === "*") {
        return { anyPrincipal: true, federated: [], podIdentity: false };
    }
    if (!isObject(principal)) {
        throw new policyErrors_1.InvalidPolicyError(`${where} has a Principal that is neither "*" nor an object such as {"Federated": "<provider ARN>"}.`);
    }
    let anyPrincipal = false;
    let federated = [];
    let services = [];
    for (const [type, value] of Object.entries(principal)) {
        const values = stringList(value, `${where} Principal ${type}`);
        if (type === "Federated") {
            const wildcard = values.find((v) => /[*?]/.test(v));
            if (wildcard !== undefined) {
                throw new policyErrors_1.UnsupportedPolicyError(`wildcard Federated principal "${wildcard}"`, where);
            }
            // IAM takes an ARN, or the name of a built-in web identity provider (accounts.google.com, graph.facebook.com,
            // www.amazon.com, cognito-identity.amazonaws.com), whose tokens any of its users can present.
            const identityProvider = values.find((v) => !v.startsWith("arn:"));
            if (identityProvider !== undefined) {
                throw new policyErrors_1.UnsupportedPolicyError(`Federated principal "${identityProvider}", a web identity provider rather than an IAM OIDC provider ARN`, where);
            }
            federated = values;
        }
        else if (type === "AWS") {
            anyPrincipal ||= values.includes("*");
        }
        else if (type === "Service") {
            services = values;
        }
        else if (type !== "CanonicalUser") {
            throw new policyErrors_1.InvalidPolicyError(`${where} has an unknown principal type "${type}".`);
        }
    }
    if (services.includes(exports.POD_IDENTITY_SERVICE)) {
        // Its conditions test session tags, which mean something else for the other principals it would name.
        if (Object.keys(principal).length > 1 || services.length > 1) {
            throw new policyErrors_1.UnsupportedPolicyError(`principal ${JSON.stringify(principal)} naming ${exports.POD_IDENTITY_SERVICE} beside other principals (write one statement for it alone)`, where);
        }
        return { anyPrincipal: false, federated: [], podIdentity: true };
    }
    if (!anyPrincipal && federated.length === 0) {
        const types = Object.keys(principal).map((type) => `"${type}"`).join(", ");
        throw new policyErrors_1.UnsupportedPolicyError(`principal type ${types || "(none)"} without a Federated principal or "Service": "${exports.POD_IDENTITY_SERVICE}"`, where);
    }
    return { anyPrincipal, federated, podIdentity: false };
}
function parseActions(value, what, where) {
    const actions = stringList(value, what);
    for (const action of actions) {
        if (action === "*") {
            continue;
        }
        const colon = action.indexOf(":");
        if (colon <= 0 || colon === action.length - 1) {
            throw new policyErrors_1.InvalidPolicyError(`${what} "${action}" is not "*" or "<service>:<action>".`);
        }
        if (/[*?]/.test(action.slice(0, colon))) {
            throw new policyErrors_1.UnsupportedPolicyError(`wildcard in the service prefix of action "${action}"`, where);
        }
    }
    return actions;
}
function parseConditions(condition, where, podIdentity) {
    if (!isObject(condition)) {
        throw new policyErrors_1.InvalidPolicyError(`${where} has a Condition that is not an object of operators.`);
    }
    const parsed = [];
    for (const [operator, block] of Object.entries(condition)) {
        const { setOperator, base, ifExists } = parseOperator(operator, where);
        if (!isObject(block)) {
            throw new policyErrors_1.InvalidPolicyError(`${where} Condition "${operator}" must map condition keys to values.`);
        }
        for (const [key, value] of Object.entries(block)) {
            const parsedKey = podIdentity ? { keyIssuer: "", tag: parseTagKey(key, where) } : parseKey(key, where);
            const values = conditionValues(value, `${where} Condition "${operator}" "${key}"`, where);
            if (base === "Null" && values.some((v) => v !== "true" && v !== "false")) {
                throw new policyErrors_1.InvalidPolicyError(`${where} Condition "Null" "${key}" must be "true" or "false".`);
            }
            parsed.push({
                operator,
                base,
                ...(setOperator !== undefined && { setOperator }),
                negated: base.includes("Not"),
                like: base.endsWith("Like"),
                ifExists,
                isNull: base === "Null",
                key,
                ...parsedKey,
                values,
            });
        }
    }
    return parsed;
}
/**
 * A key `<issuer host and path>:sub` or `:aud`. Every other key (`sts:RoleSessionName`, `aws:SourceIp`, another claim
 * such as `:amr`) is refused: some are present on every AssumeRoleWithWebIdentity with values the caller chooses, and
 * treating them as absent could report a Deny as not applying.
 */
function parseKey(key, where) {
    const colon = key.lastIndexOf(":");
    const keyIssuer = key.slice(0, colon);
    const claim = key.slice(colon + 1).toLowerCase();
    const issuerLike = colon > 0 && /^[^\s:/]+\.[^\s:/]+(\/[^\s:]*)?$/.test(keyIssuer) && !keyIssuer.includes("${");
    if (!issuerLike || (claim !== "sub" && claim !== "aud")) {
        throw new policyErrors_1.UnsupportedPolicyError(`condition key "${key}" (only an OIDC issuer's :sub and :aud keys are modelled)`, where);
    }
    return { keyIssuer, claim };
}
/**
 * A key `aws:RequestTag/<tag>` of a Pod Identity statement, for a session tag EKS sets; names compare ignoring case, as
 * IAM's condition keys do. Every other key is refused: other tags are absent, and keys such as `aws:SourceAccount` or
 * `aws:SourceArn` are present with values eks-irsa does not model.
 */
function parseTagKey(key, where) {
    const match = /^aws:requesttag\/(.*)$/i.exec(key);
    const tag = exports.POD_IDENTITY_TAGS.find((t) => t === match?.[1].toLowerCase());
    if (tag === undefined) {
        throw new policyErrors_1.UnsupportedPolicyError(`condition key "${key}" in a Pod Identity statement (only ${exports.POD_IDENTITY_TAGS.map((t) => `aws:RequestTag/${t}`).join(", ")} are modelled)`, where);
    }
    return tag;
}
function parseOperator(operator, where) {
    const unsupported = (why = "") => new policyErrors_1.UnsupportedPolicyError(`condition operator "${operator}"${why}`, where);
    const parts = operator.split(":");
    if (parts.length > 2 || (parts.length === 2 && !SET_OPERATORS.includes(parts[0]))) {
        throw unsupported();
    }
    const setOperator = parts.length === 2 ? parts[0] : undefined;
    const name = parts[parts.length - 1];
    if (name === "Null") {
        if (setOperator !== undefined) {
            throw unsupported(" (Null with a set operator)");
        }
        return { base: name, ifExists: false };
    }
    const ifExists = name.endsWith("IfExists");
    const base = ifExists ? name.slice(0, -"IfExists".length) : name;
    if (!STRING_OPERATORS.includes(base)) {
        throw unsupported();
    }
    // IAM documents ForAnyValue as false for an absent key and IfExists as true for one; which wins is not
    // documented (iam-simulate says false), so this combination is refused rather than guessed.
    if (setOperator === "ForAnyValue" && ifExists) {
        throw unsupported(" (ForAnyValue with IfExists on a key that may be absent)");
    }
    return { ...(setOperator !== undefined && { setOperator }), base, ifExists };
}
function conditionValues(value, what, where) {
    const values = Array.isArray(value) ? value : [value];
    const nonString = values.find((v) => typeof v !== "string");
    if (nonString !== undefined) {
        throw new policyErrors_1.UnsupportedPolicyError(`non-string condition value ${JSON.stringify(nonString)}`, where);
    }
    if (values.length === 0) {
        throw new policyErrors_1.InvalidPolicyError(`${what} has an empty list of values.`);
    }
    const variable = values.map((v) => /\$\{[^}]*\}?/.exec(v)).find((m) => m !== null);
    if (variable) {
        throw new policyErrors_1.UnsupportedPolicyError(`policy variable "${variable[0]}"`, where);
    }
    return values;
}
function stringList(value, what) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => typeof v !== "string")) {
        throw new policyErrors_1.InvalidPolicyError(`${what} must be a string or a non-empty list of strings.`);
    }
    return values;
}
/** The issuer (host and path) of a Federated principal that is an OIDC provider ARN, or undefined. */
function providerIssuer(providerArn) {
    return (0, issuer_1.issuerOfProviderArnLenient)(providerArn);
}
function isObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
