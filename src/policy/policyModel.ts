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
 * operators, policy variables, `ForAnyValue:` with `IfExists`) is refused with {@link UnsupportedPolicyError}; a reader
 * that asks who could get in may instead hold conditions on other keys to a value ({@link PolicyReadingOptions}).
 *
 * Principals are read as IAM reads them: any run of asterisks is the wildcard principal, and an account principal in a
 * Deny covers every web identity of the account. Policy text enters through {@link readPolicyDocument} alone.
 *
 * EKS Pod Identity: a statement whose principal is `{"Service": "pods.eks.amazonaws.com"}` (alone) is a Pod Identity
 * statement. EKS Auth calls `sts:AssumeRole` and, with session tags (the default), `sts:TagSession` for an association,
 * with one value for each of the session tags {@link POD_IDENTITY_TAGS} as `aws:RequestTag/<tag>`; with session tags
 * disabled no `aws:RequestTag` key is present. A Pod Identity statement may test only those keys; an OIDC statement
 * (or `Principal: "*"`) may not test them at all, since a web identity token can carry session tags of its own.
 */

import { issuerOfProviderArnLenient } from "./issuer";
import { InvalidPolicyError, UnsupportedPolicyError } from "./policyErrors";

/** The action IRSA's pods call. */
export const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com";

/** The actions EKS Pod Identity calls for an association: both must be allowed when session tags are on. */
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"] as const;

/** The session tags EKS Pod Identity sets (EKS User Guide, "pod-id-abac"), as `aws:RequestTag/<tag>` keys. */
export const POD_IDENTITY_TAGS = [
    "eks-cluster-arn",
    "eks-cluster-name",
    "kubernetes-namespace",
    "kubernetes-service-account",
    "kubernetes-pod-name",
    "kubernetes-pod-uid",
] as const;

/** One of the session tags EKS Pod Identity sets. */
export type PodIdentityTag = (typeof POD_IDENTITY_TAGS)[number];

const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"];
const STRING_OPERATORS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike"];
const SET_OPERATORS = ["ForAllValues", "ForAnyValue"];
const MAX_DEPTH = 16;
// IAM accepts only these characters in a policy document.
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]*$/;

/** A statement's `Effect`. */
export enum PolicyEffect {
    Allow = "Allow",
    Deny = "Deny",
}

/** The claim of the token a condition key names. */
export type TokenClaim = "sub" | "aud";

/** One condition of a statement: one operator applied to one key. */
export interface PolicyCondition {
    /** The operator as written, e.g. `ForAnyValue:StringLike`. */
    operator: string;
    /** The operator without set operator and `IfExists`: `StringEquals`, `StringNotEquals`, `StringLike`, `StringNotLike` or `Null`. */
    base: string;
    /** `ForAllValues` or `ForAnyValue`, when written. */
    setOperator?: "ForAllValues" | "ForAnyValue";
    /** True for `StringNotEquals` and `StringNotLike`. */
    negated: boolean;
    /** True for `StringLike` and `StringNotLike`, where `*` and `?` are wildcards. */
    like: boolean;
    /** True for `...IfExists`. */
    ifExists: boolean;
    /** True for `Null`. */
    isNull: boolean;
    /** The key as written, e.g. `oidc.eks.eu-west-3.amazonaws.com/id/ABC:sub`. */
    key: string;
    /** The issuer part of the key (host and path), as written; empty for an `aws:RequestTag/...` key. */
    keyIssuer: string;
    /** The token claim an OIDC key names; undefined for an `aws:RequestTag/...` key. */
    claim?: TokenClaim;
    /** The Pod Identity session tag an `aws:RequestTag/<tag>` key names (lower case); undefined for an OIDC key. */
    tag?: PodIdentityTag;
    /** True for an `sts:ExternalId` key, read only with {@link PolicyReadingOptions.externalId}. */
    externalId?: true;
    /** The condition's values (ORed for positive operators, NORed for negated ones). */
    values: string[];
    /**
     * Set only for a condition on a key the model does not handle, read with `mostAccess` or `leastAccess`: the value it
     * is held to, whatever the request.
     */
    assumed?: boolean;
}

/** One statement of a trust policy. */
export interface PolicyStatement {
    /** Zero-based position in the policy. */
    index: number;
    sid?: string;
    effect: PolicyEffect;
    /**
     * True for `Principal: "*"` or `{"AWS": "*"}`, or any value made only of asterisks (`"**"`, also as a list item), which
     * IAM and iam-simulate read as the wildcard principal too: every principal, so every OIDC provider.
     */
    anyPrincipal: boolean;
    /** The `Federated` principals as written. */
    federated: string[];
    /**
     * The accounts (12 digits) that `AWS` principals name as a whole (`arn:<partition>:iam::<account>:root` or the bare
     * id). In a Deny, IAM matches them at account level, so they cover the web identities of every OIDC provider of the
     * account; in an Allow they delegate to the account's identity policies, which a web identity has none of, so they
     * admit no token. Compared by the account number alone, as iam-simulate does, so that a Deny is never missed.
     */
    accounts: string[];
    /** True when the principal is `{"Service": "pods.eks.amazonaws.com"}`: a Pod Identity statement. */
    podIdentity: boolean;
    /**
     * The principals, as written, that are neither web identities of an IAM OIDC provider nor EKS Pod Identity: `AWS`
     * principals other than asterisks (accounts, roles, users), `Federated` principals that are not OIDC provider ARNs
     * (SAML providers) and other services. In an Allow they may assume the role by their own calls (`sts:AssumeRole`,
     * `sts:AssumeRoleWithSAML`), whoever their own policies let: the model does not decide those, and readers name them.
     */
    others: string[];
    /** True when the statement uses `NotAction` (and `actions` lists what it excludes). */
    notAction: boolean;
    actions: string[];
    conditions: PolicyCondition[];
}

/** A parsed trust policy. */
export interface PolicyModel {
    statements: PolicyStatement[];
    /** The condition keys the model does not handle and held to a value by {@link PolicyReadingOptions.unmodelled}. */
    assumedKeys: string[];
}

/**
 * What to do with a condition on a key the model does not handle (`sts:RoleSessionName`, `aws:SourceIp`, a claim such
 * as `:amr`, a session tag EKS does not set):
 * - `refuse` (the default): the policy is refused with {@link UnsupportedPolicyError}; the evaluator and `explain` do
 *   this, since an exact answer cannot be given.
 * - `mostAccess`: the condition is assumed to hold in an Allow and not to hold in a Deny, as if the caller chose its
 *   value (it does choose `sts:RoleSessionName`): the reading admits at least every request IAM admits. Sound for
 *   "who could get in", the question of the pack's breadth checks.
 * - `leastAccess`: the opposite; the reading admits at most what IAM admits.
 */
export type UnmodelledConditions = "refuse" | "mostAccess" | "leastAccess";

/** How {@link parsePolicy} reads a policy. */
export interface PolicyReadingOptions {
    /** Conditions on keys the model does not handle. Defaults to `refuse`. */
    unmodelled?: UnmodelledConditions;
    /**
     * Read `sts:ExternalId` (outside Pod Identity statements) as a modelled key, as the reader of a Pod Identity target
     * role's trust does: the second hop, `sts:AssumeRole` by the component role's session, carries the association's
     * `externalId` in it. Defaults to false: the key is then unmodelled (refused or held to a value), as before.
     */
    externalId?: boolean;
}

/** What a condition is for tokens of one provider: a constant, or a test on one claim. */
export type PartialCondition = { kind: "constant"; value: boolean } | { kind: "claim"; claim: TokenClaim };

/**
 * Reads a trust policy's JSON text (or takes a parsed object as is): the one entry point for policy text, for every
 * reader (the evaluator, `explain`, `--who`, the policy pack). Refuses text that is not JSON (InvalidPolicyError) and an
 * object with the same key twice (UnsupportedPolicyError: JSON.parse keeps the last, IAM may read it otherwise).
 *
 * @param policy the trust policy, as JSON text or as a parsed object.
 * @param what what the messages call the document. Defaults to "The trust policy"; a session policy's reader names it.
 * @returns the parsed document.
 */
export function readPolicyDocument(policy: string | object, what = "The trust policy"): unknown {
    if (typeof policy !== "string") {
        return policy;
    }
    let document: unknown;
    try {
        document = JSON.parse(policy);
    } catch (error) {
        throw new InvalidPolicyError(`${what} is not valid JSON: ${(error as Error).message}.`);
    }
    const duplicate = duplicateKey(policy);
    if (duplicate !== undefined) {
        throw new UnsupportedPolicyError(`the key ${JSON.stringify(duplicate)} twice in one object (JSON.parse keeps the last, IAM may read it otherwise)`, what);
    }
    return document;
}

/**
 * Parses a trust policy into the model, refusing what is not a trust policy (InvalidPolicyError) and what eks-irsa
 * does not model exactly (UnsupportedPolicyError).
 *
 * @param policy the trust policy, as JSON text or as a parsed object.
 * @param options how to read conditions on keys the model does not handle; by default they are refused.
 * @returns the statements, in policy order.
 */
export function parsePolicy(policy: string | object, options: PolicyReadingOptions = {}): PolicyModel {
    const document = readPolicyDocument(policy);
    checkShape(document, 0);
    if (!isObject(document)) {
        throw new InvalidPolicyError("The trust policy must be a JSON object with a Statement element.");
    }
    for (const element of Object.keys(document)) {
        if (!["Version", "Id", "Statement"].includes(element)) {
            throw new UnsupportedPolicyError(`policy element "${element}"`, "The trust policy");
        }
    }
    if (document.Version !== undefined && !POLICY_VERSIONS.includes(document.Version as string)) {
        throw new InvalidPolicyError(`The trust policy's Version ${JSON.stringify(document.Version)} is not one of ${POLICY_VERSIONS.join(", ")}.`);
    }
    const statement = document.Statement;
    if (statement === undefined) {
        throw new InvalidPolicyError("The trust policy has no Statement element.");
    }
    const statements = (Array.isArray(statement) ? statement : [statement]).map((s: unknown, index) => parseStatement(s, index, options.unmodelled ?? "refuse", options.externalId === true));
    const assumedKeys = [...new Set(statements.flatMap((s) => s.conditions.filter((c) => c.assumed !== undefined).map((c) => c.key)))];
    return { statements, assumedKeys };
}

/**
 * The first key that appears twice in one object of a JSON text that JSON.parse accepted, or undefined. JSON.parse
 * silently keeps the last of two equal keys; how IAM reads such a document is not documented, so it is refused.
 */
function duplicateKey(text: string): string | undefined {
    // One entry per open object (its keys so far) or array (undefined).
    const open: (Set<string> | undefined)[] = [];
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
                const key = JSON.parse(text.slice(i, end + 1)) as string;
                if (keys.has(key)) {
                    return key;
                }
                keys.add(key);
                expectKey = false;
            }
            i = end;
        } else if (c === "{") {
            open.push(new Set());
            expectKey = true;
        } else if (c === "[") {
            open.push(undefined);
        } else if (c === "}" || c === "]") {
            open.pop();
        } else if (c === ",") {
            expectKey = open[open.length - 1] !== undefined;
        }
    }
    return undefined;
}

/** Refuses documents nested deeper than any trust policy is, and characters IAM does not accept in a policy. */
function checkShape(value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) {
        throw new InvalidPolicyError(`The trust policy is nested more than ${MAX_DEPTH} levels deep; a trust policy needs 5.`);
    }
    if (typeof value === "string") {
        if (!POLICY_CHARACTERS.test(value)) {
            throw new InvalidPolicyError("The trust policy contains a character IAM does not accept in a policy (only tab, line breaks and U+0020 to U+00FF).");
        }
    } else if (Array.isArray(value)) {
        value.forEach((item) => checkShape(item, depth + 1));
    } else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) {
            checkShape(key, depth + 1);
            checkShape(item, depth + 1);
        }
    }
}

/**
 * Whether `statement` names `providerArn` as a principal: `Principal: "*"` does for every provider, `Federated`
 * principals are compared as written, as IAM does, and a Deny's account principal covers every provider of the account.
 */
export function trustsProvider(statement: PolicyStatement, providerArn: string): boolean {
    return statement.anyPrincipal || statement.federated.includes(providerArn) || deniesAccount(statement, providerArn.split(":")[4]);
}

/** Whether `statement` is a Deny naming `account` with an account principal (so every web identity of the account). */
export function deniesAccount(statement: PolicyStatement, account: string | undefined): boolean {
    return statement.effect === PolicyEffect.Deny && account !== undefined && statement.accounts.includes(account);
}

/** Whether `statement` names the EKS Pod Identity service principal, or every principal with `Principal: "*"`. */
export function trustsPodIdentity(statement: PolicyStatement): boolean {
    return statement.anyPrincipal || statement.podIdentity;
}

/**
 * What `condition` is for an EKS Pod Identity request: an OIDC key is absent, so a constant; an `aws:RequestTag/<tag>`
 * key is a test on the session tag (which is itself absent, so a constant, when session tags are disabled).
 */
export function partialPodIdentityCondition(condition: PolicyCondition, sessionTags: boolean): PartialCondition | { kind: "tag"; tag: PodIdentityTag } {
    if (condition.tag === undefined || !sessionTags || condition.assumed !== undefined) {
        return { kind: "constant", value: conditionHolds(condition, undefined) };
    }
    return { kind: "tag", tag: condition.tag };
}

/** Whether the statement's Action (or NotAction) covers `action`, service prefix ignoring case, `*` and `?` wildcards. */
export function coversAction(statement: PolicyStatement, action: string): boolean {
    return statement.actions.some((pattern) => actionMatches(pattern, action)) !== statement.notAction;
}

function actionMatches(pattern: string, action: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const colon = pattern.indexOf(":");
    const actionColon = action.indexOf(":");
    return (
        pattern.slice(0, colon).toLowerCase() === action.slice(0, actionColon).toLowerCase() &&
        globMatches(pattern.slice(colon + 1).toLowerCase(), action.slice(actionColon + 1).toLowerCase())
    );
}

/**
 * What `condition` is for tokens arriving through the provider of `issuer` (host and path): a key of another issuer is
 * absent, so the condition is a constant; a key of this issuer is a test on the token's `sub` (always present, one
 * value) or `aud` claim. Key names compare ignoring case, as in IAM.
 */
export function partialCondition(condition: PolicyCondition, issuer: string | undefined): PartialCondition {
    const own = issuer !== undefined && condition.claim !== undefined && condition.assumed === undefined && condition.keyIssuer.toLowerCase() === issuer.toLowerCase();
    if (!own) {
        return { kind: "constant", value: conditionHolds(condition, undefined) };
    }
    if (condition.claim === "sub" && condition.isNull) {
        return { kind: "constant", value: conditionHolds(condition, ["present"]) };
    }
    return { kind: "claim", claim: condition.claim as TokenClaim };
}

/**
 * Decides one condition for the request's values of its key: undefined (or none) when the key is absent. Without a
 * set operator, an absent key makes IfExists and negated operators true and the others false, and a key with several
 * values makes every operator false (IAM requires a set operator for a multivalued key; iam-simulate agrees).
 * `ForAllValues` is true for an absent key, `ForAnyValue` false. `Null` is true when "true" is among its values and
 * the key is absent, or "false" is and it is present.
 */
export function conditionHolds(condition: PolicyCondition, actual: string[] | undefined): boolean {
    if (condition.assumed !== undefined) {
        return condition.assumed;
    }
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
export function claimValues(claim: TokenClaim, subject: string, audiences: string[]): string[] | undefined {
    return claim === "sub" ? [subject] : audiences.length > 0 ? audiences : undefined;
}

/** Several policy values are ORed for positive operators and NORed for negated ones. */
function valueMatches(condition: PolicyCondition, value: string): boolean {
    const anyEqual = condition.values.some((expected) => (condition.like ? globMatches(expected, value) : expected === value));
    return condition.negated ? !anyEqual : anyEqual;
}

/**
 * Whether `value` matches the IAM pattern `pattern` (`*` any run of characters, none too; `?` exactly one; the rest
 * literal, case-sensitive). Linear in the lengths for each `*`, so a hostile pattern cannot make it backtrack for long.
 */
export function globMatches(pattern: string, value: string): boolean {
    let p = 0;
    let v = 0;
    let star = -1;
    let resume = 0;
    while (v < value.length) {
        if (p < pattern.length && (pattern[p] === "?" || (pattern[p] !== "*" && pattern[p] === value[v]))) {
            p++;
            v++;
        } else if (p < pattern.length && pattern[p] === "*") {
            star = p++;
            resume = v;
        } else if (star >= 0) {
            p = star + 1;
            v = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") {
        p++;
    }
    return p === pattern.length;
}

function parseStatement(statement: unknown, index: number, unmodelled: UnmodelledConditions, externalId: boolean): PolicyStatement {
    const where = `Statement ${index}`;
    if (!isObject(statement)) {
        throw new InvalidPolicyError(`${where} must be an object.`);
    }
    const { Sid, Effect, Principal, NotPrincipal, Action, NotAction, Condition } = statement;
    if (Effect !== PolicyEffect.Allow && Effect !== PolicyEffect.Deny) {
        throw new InvalidPolicyError(
            Effect === undefined ? `${where} has no Effect; set it to "Allow" or "Deny".` : `${where} has Effect ${JSON.stringify(Effect)}; it must be "Allow" or "Deny".`,
        );
    }
    if (Sid !== undefined && typeof Sid !== "string") {
        throw new InvalidPolicyError(`${where} has a Sid that is not a string.`);
    }
    if ("Resource" in statement || "NotResource" in statement) {
        throw new InvalidPolicyError(`${where} has a Resource or NotResource element, which a trust policy must not have.`);
    }
    if (NotPrincipal !== undefined) {
        throw new UnsupportedPolicyError("NotPrincipal", where);
    }
    if (Principal === undefined) {
        throw new InvalidPolicyError(`${where} has no Principal; a trust policy statement must name who may assume the role.`);
    }
    if ((Action === undefined) === (NotAction === undefined)) {
        throw new InvalidPolicyError(`${where} must have exactly one of Action and NotAction.`);
    }
    for (const element of Object.keys(statement)) {
        if (!["Sid", "Effect", "Principal", "Action", "NotAction", "Condition"].includes(element)) {
            throw new UnsupportedPolicyError(`statement element "${element}"`, where);
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
        conditions: Condition === undefined ? [] : parseConditions(Condition, where, principal.podIdentity, unmodelledValue(unmodelled, Effect), externalId),
    };
}

type ParsedPrincipal = Pick<PolicyStatement, "anyPrincipal" | "federated" | "accounts" | "podIdentity" | "others">;

// IAM's and iam-simulate's wildcard principal: a value made only of asterisks.
const WILDCARD_PRINCIPAL = /^\*+$/;

/** Whether a principal value (`Principal` itself or an `AWS` value) is the wildcard principal: only asterisks, as IAM reads it. */
export function isWildcardPrincipal(value: unknown): boolean {
    return typeof value === "string" && WILDCARD_PRINCIPAL.test(value);
}
/**
 * Whether a `Service` principal value may name EKS Pod Identity's service to IAM: the exact name, or one that equals it
 * ignoring case or matches it with wildcards (`"*"`, `"pods.eks.*"`). iam-simulate compares service principals
 * literally; AWS does not document either reading, so the model refuses all but the exact name rather than read such a
 * statement as one no association matches.
 */
export function mayNamePodIdentityService(value: unknown): boolean {
    return typeof value === "string" && globMatches(value.toLowerCase(), POD_IDENTITY_SERVICE);
}
const ACCOUNT_PRINCIPAL = /^(?:arn:[^:]+:iam::(\d{12}):root|(\d{12}))$/;

function parsePrincipal(principal: unknown, where: string): ParsedPrincipal {
    if (typeof principal === "string" && WILDCARD_PRINCIPAL.test(principal)) {
        return { anyPrincipal: true, federated: [], accounts: [], podIdentity: false, others: [] };
    }
    if (!isObject(principal)) {
        throw new InvalidPolicyError(`${where} has a Principal that is neither "*" nor an object such as {"Federated": "<provider ARN>"}.`);
    }
    let anyPrincipal = false;
    let federated: string[] = [];
    let accounts: string[] = [];
    let services: string[] = [];
    for (const [type, value] of Object.entries(principal)) {
        const values = stringList(value, `${where} Principal ${type}`);
        // Whether IAM trims it, or reads an ARN in other case as the provider's, is not documented; a reading that it
        // names nobody could hide a provider whose every token is admitted.
        const unclear = values.find((v) => /\s/.test(v) || (/oidc-provider/i.test(v) && issuerOfProviderArnLenient(v) === undefined));
        if (unclear !== undefined) {
            throw new UnsupportedPolicyError(`${type} principal ${JSON.stringify(unclear)}, which IAM may read otherwise than as written (white space, or an OIDC provider ARN not in its canonical form)`, where);
        }
        if (type === "Federated") {
            federated = federatedPrincipals(values, where);
        } else if (type === "AWS") {
            anyPrincipal ||= values.some((v) => WILDCARD_PRINCIPAL.test(v));
            accounts = awsAccounts(values, where);
        } else if (type === "Service") {
            services = values;
        } else if (type !== "CanonicalUser") {
            throw new InvalidPolicyError(`${where} has an unknown principal type "${type}".`);
        }
    }
    const lookAlike = services.find((service) => service !== POD_IDENTITY_SERVICE && mayNamePodIdentityService(service));
    if (lookAlike !== undefined) {
        throw new UnsupportedPolicyError(`Service principal "${lookAlike}", which IAM may read as ${POD_IDENTITY_SERVICE} (write the name exactly)`, where);
    }
    if (services.includes(POD_IDENTITY_SERVICE)) {
        // Its conditions test session tags, which mean something else for the other principals it would name.
        if (Object.keys(principal).length > 1 || services.length > 1) {
            throw new UnsupportedPolicyError(`principal ${JSON.stringify(principal)} naming ${POD_IDENTITY_SERVICE} beside other principals (write one statement for it alone)`, where);
        }
        return { anyPrincipal: false, federated: [], accounts: [], podIdentity: true, others: [] };
    }
    if (!anyPrincipal && federated.length === 0 && !("AWS" in principal)) {
        const types = Object.keys(principal).map((type) => `"${type}"`).join(", ");
        throw new UnsupportedPolicyError(`principal type ${types || "(none)"} without a Federated principal or "Service": "${POD_IDENTITY_SERVICE}"`, where);
    }
    const others = [
        ...listIn(principal.AWS).filter((value) => !WILDCARD_PRINCIPAL.test(value)),
        ...federated.filter((arn) => issuerOfProviderArnLenient(arn) === undefined),
        ...services,
        ...listIn(principal.CanonicalUser),
    ];
    return { anyPrincipal, federated, accounts, podIdentity: false, others };
}

function federatedPrincipals(values: string[], where: string): string[] {
    const wildcard = values.find((v) => /[*?]/.test(v));
    if (wildcard !== undefined) {
        throw new UnsupportedPolicyError(`wildcard Federated principal "${wildcard}"`, where);
    }
    // IAM takes an ARN, or the name of a built-in web identity provider (accounts.google.com, graph.facebook.com,
    // www.amazon.com, cognito-identity.amazonaws.com), whose tokens any of its users can present.
    const identityProvider = values.find((v) => !v.startsWith("arn:"));
    if (identityProvider !== undefined) {
        throw new UnsupportedPolicyError(`Federated principal "${identityProvider}", a web identity provider rather than an IAM OIDC provider ARN`, where);
    }
    return values;
}

/**
 * The accounts an `AWS` principal names as a whole. Other values (role, user and session ARNs, unique ids) are never a
 * web identity nor EKS Pod Identity, so they match neither request; a value that could be read as one (an OIDC provider
 * ARN, a wildcard inside an ARN) is refused rather than guessed at.
 */
function awsAccounts(values: string[], where: string): string[] {
    const accounts: string[] = [];
    for (const value of values) {
        const account = ACCOUNT_PRINCIPAL.exec(value);
        if (account) {
            accounts.push(account[1] ?? account[2]);
        } else if (!WILDCARD_PRINCIPAL.test(value) && (/[*?]/.test(value) || /:oidc-provider\//.test(value) || !/^(arn:|A[0-9A-Z]+$)/.test(value))) {
            throw new UnsupportedPolicyError(`AWS principal "${value}"`, where);
        }
    }
    return accounts;
}

function parseActions(value: unknown, what: string, where: string): string[] {
    const actions = stringList(value, what);
    for (const action of actions) {
        if (action === "*") {
            continue;
        }
        const colon = action.indexOf(":");
        if (colon <= 0 || colon === action.length - 1) {
            throw new InvalidPolicyError(`${what} "${action}" is not "*" or "<service>:<action>".`);
        }
        if (/[*?]/.test(action.slice(0, colon))) {
            throw new UnsupportedPolicyError(`wildcard in the service prefix of action "${action}"`, where);
        }
    }
    return actions;
}

/** The value a condition on an unmodelled key is held to in a statement of this effect, or undefined to refuse it. */
function unmodelledValue(unmodelled: UnmodelledConditions, effect: PolicyEffect): boolean | undefined {
    return unmodelled === "refuse" ? undefined : (unmodelled === "mostAccess") === (effect === PolicyEffect.Allow);
}

function parseConditions(condition: unknown, where: string, podIdentity: boolean, assumed: boolean | undefined, externalId: boolean): PolicyCondition[] {
    if (!isObject(condition)) {
        throw new InvalidPolicyError(`${where} has a Condition that is not an object of operators.`);
    }
    const parsed: PolicyCondition[] = [];
    for (const [operator, block] of Object.entries(condition)) {
        if (!isObject(block)) {
            throw new InvalidPolicyError(`${where} Condition "${operator}" must map condition keys to values.`);
        }
        const keys = Object.keys(block).map((key) => ({ key, modelled: podIdentity ? tagKey(key) : (claimKey(key) ?? (externalId ? externalIdKey(key) : undefined)) }));
        refuseKeyTwice(keys.map(({ key }) => key), operator, where);
        // A block only of keys held to a value may use any operator (IpAddress on aws:SourceIp): its values are not read.
        if (assumed !== undefined && keys.every((k) => k.modelled === undefined)) {
            parsed.push(...keys.map(({ key }) => assumedCondition(operator, key, assumed)));
            continue;
        }
        const { setOperator, base, ifExists } = parseOperator(operator, where);
        for (const { key, modelled } of keys) {
            if (modelled === undefined) {
                if (assumed === undefined) {
                    throw unmodelledKey(key, where, podIdentity);
                }
                parsed.push(assumedCondition(operator, key, assumed));
                continue;
            }
            const values = conditionValues(block[key], `${where} Condition "${operator}" "${key}"`, where);
            if (base === "Null" && values.some((v) => v !== "true" && v !== "false")) {
                throw new InvalidPolicyError(`${where} Condition "Null" "${key}" must be "true" or "false".`);
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
                ...modelled,
                values,
            });
        }
    }
    return parsed;
}

/**
 * IAM compares condition key names ignoring case, so `:sub` and `:SUB` in one operator's block name one key. Whether IAM
 * then tests both values (as the model and iam-simulate would) or keeps one of them is not documented; keeping a `"*"`
 * would admit every ServiceAccount, so such a block is refused whatever the keys.
 */
function refuseKeyTwice(keys: string[], operator: string, where: string): void {
    const seen = new Map<string, string>();
    for (const key of keys) {
        const first = seen.get(key.toLowerCase());
        if (first !== undefined) {
            throw new UnsupportedPolicyError(
                `condition key "${key}" beside "${first}" in one "${operator}" block (IAM compares key names ignoring case and may read them as one key)`,
                where,
            );
        }
        seen.set(key.toLowerCase(), key);
    }
}

/** A condition on a key the model does not handle, held to `assumed` whatever the request. */
function assumedCondition(operator: string, key: string, assumed: boolean): PolicyCondition {
    return { operator, base: operator, negated: false, like: false, ifExists: false, isNull: false, key, keyIssuer: "", values: [], assumed };
}

/**
 * A key `<issuer host and path>:sub` or `:aud`, or undefined for every other key (`sts:RoleSessionName`, `aws:SourceIp`,
 * another claim such as `:amr`): some are present on every AssumeRoleWithWebIdentity with values the caller chooses, and
 * treating them as absent could report a Deny as not applying, so they are refused or held to a value.
 */
function claimKey(key: string): { keyIssuer: string; claim: TokenClaim } | undefined {
    const colon = key.lastIndexOf(":");
    const keyIssuer = key.slice(0, colon);
    const claim = key.slice(colon + 1).toLowerCase();
    const issuerLike = colon > 0 && /^[^\s:/]+\.[^\s:/]+(\/[^\s:]*)?$/.test(keyIssuer) && !keyIssuer.includes("${");
    return issuerLike && (claim === "sub" || claim === "aud") ? { keyIssuer, claim } : undefined;
}

/**
 * A key `aws:RequestTag/<tag>` of a Pod Identity statement, for a session tag EKS sets (names compare ignoring case, as
 * IAM's condition keys do), or undefined for every other key: other tags are absent, and keys such as
 * `aws:SourceAccount` or `aws:SourceArn` are present with values eks-irsa does not model.
 */
function tagKey(key: string): { keyIssuer: string; tag: PodIdentityTag } | undefined {
    const match = /^aws:requesttag\/(.*)$/i.exec(key);
    const tag = POD_IDENTITY_TAGS.find((t) => t === match?.[1].toLowerCase());
    return tag === undefined ? undefined : { keyIssuer: "", tag };
}

/** The key `sts:ExternalId` (compared ignoring case, as IAM compares key names), or undefined. */
function externalIdKey(key: string): { keyIssuer: string; externalId: true } | undefined {
    return key.toLowerCase() === "sts:externalid" ? { keyIssuer: "", externalId: true } : undefined;
}

function unmodelledKey(key: string, where: string, podIdentity: boolean): UnsupportedPolicyError {
    return podIdentity
        ? new UnsupportedPolicyError(
              `condition key "${key}" in a Pod Identity statement (only ${POD_IDENTITY_TAGS.map((t) => `aws:RequestTag/${t}`).join(", ")} are modelled)`,
              where,
          )
        : new UnsupportedPolicyError(`condition key "${key}" (only an OIDC issuer's :sub and :aud keys are modelled)`, where);
}

function parseOperator(operator: string, where: string): { setOperator?: "ForAllValues" | "ForAnyValue"; base: string; ifExists: boolean } {
    const unsupported = (why = "") => new UnsupportedPolicyError(`condition operator "${operator}"${why}`, where);
    const parts = operator.split(":");
    if (parts.length > 2 || (parts.length === 2 && !SET_OPERATORS.includes(parts[0]))) {
        throw unsupported();
    }
    const setOperator = parts.length === 2 ? (parts[0] as "ForAllValues" | "ForAnyValue") : undefined;
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

function conditionValues(value: unknown, what: string, where: string): string[] {
    const values = Array.isArray(value) ? value : [value];
    const nonString = values.find((v) => typeof v !== "string");
    if (nonString !== undefined) {
        throw new UnsupportedPolicyError(`non-string condition value ${JSON.stringify(nonString)}`, where);
    }
    if (values.length === 0) {
        throw new InvalidPolicyError(`${what} has an empty list of values.`);
    }
    const variable = (values as string[]).map((v) => /\$\{[^}]*\}?/.exec(v)).find((m) => m !== null);
    if (variable) {
        throw new UnsupportedPolicyError(`policy variable "${variable[0]}"`, where);
    }
    return values as string[];
}

/** The strings of a principal value already checked by stringList, or none when the type is absent. */
function listIn(value: unknown): string[] {
    return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

function stringList(value: unknown, what: string): string[] {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => typeof v !== "string")) {
        throw new InvalidPolicyError(`${what} must be a string or a non-empty list of strings.`);
    }
    return values as string[];
}

/** The issuer (host and path) of a Federated principal that is an OIDC provider ARN, or undefined. */
export function providerIssuer(providerArn: string): string | undefined {
    return issuerOfProviderArnLenient(providerArn);
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
