import { IrsaArgumentError } from "../errors";
import { QOVERY_CLUSTER_NAMESPACE_PATTERN, QOVERY_ENVIRONMENT_NAMESPACE_PATTERN } from "../qovery";
import { DEFAULT_AUDIENCE, issuerOf, oidcProviderArn } from "./issuer";
import { matchesStringLike } from "./rules";
import { serviceAccountSubject } from "./trustPolicy";
import { evaluateTrustPolicy, InvalidPolicyError, TrustDecision, WebIdentityRequest } from "./trustPolicyEvaluator";

const WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity";
const SUBJECT_PREFIX = "system:serviceaccount:";
const OIDC_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(\S+)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Subjects unlike each other in every way a namespace or name can be: a pattern matching all of them covers every subject.
const PROBE_SUBJECTS = [
    serviceAccountSubject("a", "b"),
    serviceAccountSubject("kube-system", "default"),
    serviceAccountSubject("0", "0.0"),
    serviceAccountSubject("z".repeat(63), `x.${"y".repeat(200)}`),
];

/** What is too broad, or ineffective, in a trust policy. */
export enum TrustWarningCode {
    /** `Principal: "*"`: anyone, not only one cluster's tokens. */
    AnyPrincipal = "AnyPrincipal",
    /** No condition on `<issuer>:sub`: every ServiceAccount of the cluster, so any pod, can assume the role. */
    NoSubjectCondition = "NoSubjectCondition",
    /** A `StringLike` subject pattern that matches every ServiceAccount of every namespace. */
    WholeSubjectPattern = "WholeSubjectPattern",
    /** A namespace pattern of just `*`: the ServiceAccount name in any namespace, including ones anybody can create. */
    AnyNamespace = "AnyNamespace",
    /** A ServiceAccount pattern of just `*`: every ServiceAccount of the namespace(s), `default` included. */
    AnyServiceAccount = "AnyServiceAccount",
    /** No condition on `<issuer>:aud`, which AWS recommends (`StringEquals` to `sts.amazonaws.com`). */
    NoAudienceCondition = "NoAudienceCondition",
    /** An audience pattern with wildcards. */
    AudiencePattern = "AudiencePattern",
    /** Condition keys that name another issuer than the Federated principal: tokens never carry them. */
    IssuerMismatch = "IssuerMismatch",
    /** A `*` or `?` under `StringEquals`, where it is literal and matches only a name that cannot exist. */
    LiteralWildcard = "LiteralWildcard",
    /** A subject whose namespace or name no Kubernetes object can have (e.g. a placeholder left unreplaced). */
    ImpossibleSubject = "ImpossibleSubject",
    /** An Allow statement whose actions do not include `sts:AssumeRoleWithWebIdentity`, the call IRSA makes. */
    NotWebIdentity = "NotWebIdentity",
}

export interface TrustWarning {
    code: TrustWarningCode;
    /** The statement it concerns (zero-based). */
    statement: number;
    /** What is wrong and how to fix it, in plain words. */
    message: string;
}

/** One value of a condition on `<issuer>:sub`. */
export interface SubjectDescription {
    /** The condition operator as written, e.g. `StringLike`. */
    operator: string;
    /** The value as written, e.g. `system:serviceaccount:z*:my-s3-role`. */
    value: string;
    /** True for `StringLike` and `StringNotLike`, where `*` and `?` are wildcards. */
    pattern: boolean;
    /** True for `StringNotEquals` and `StringNotLike`: the value is excluded rather than admitted. */
    negated: boolean;
    /** The namespace (or namespace pattern) of a `system:serviceaccount:<namespace>:<name>` value. */
    namespace?: string;
    /** The ServiceAccount name (or pattern) of such a value. */
    serviceAccount?: string;
    /** The issuer (host and path) of the condition key. */
    keyIssuer: string;
    /** True when the key's issuer is not that of the statement's Federated principal. */
    foreign: boolean;
    /** Plain words, e.g. "ServiceAccount my-s3-role in namespace z9b830e28-ze23976e2". */
    text: string;
}

/** The statement's condition on `<issuer>:aud`. */
export interface AudienceDescription {
    operator: string;
    values: string[];
    keyIssuer: string;
    foreign: boolean;
    /** Plain words, e.g. "must be sts.amazonaws.com". */
    text: string;
}

/** One statement of the policy: which cluster it trusts, and whom in it. */
export interface StatementDescription {
    index: number;
    sid?: string;
    effect: "Allow" | "Deny";
    /** The Federated principals: IAM OIDC provider ARNs for IRSA. */
    providers: string[];
    /** The issuers (host and path, without `https://`) of those providers that are OIDC provider ARNs. */
    issuers: string[];
    /** True for `Principal: "*"` (or `{"AWS": "*"}`). */
    anyPrincipal: boolean;
    /** True when the statement's actions include `sts:AssumeRoleWithWebIdentity`. */
    webIdentity: boolean;
    /** The values of its `:sub` conditions; several operators on `:sub` are ANDed, several values of one are ORed. */
    subjects: SubjectDescription[];
    /** Its `:aud` conditions. */
    audiences: AudienceDescription[];
    /** Condition keys that name an issuer other than the Federated principal's. */
    foreignKeys: string[];
    /** True when no token can ever satisfy the statement (a condition on a key no token carries). */
    admitsNothing: boolean;
}

/** The result of {@link describeTrust}. */
export interface TrustDescription {
    statements: StatementDescription[];
    warnings: TrustWarning[];
}

interface Condition {
    operator: string;
    negated: boolean;
    like: boolean;
    ifExists: boolean;
    key: string;
    values: string[];
}

/**
 * Says, per statement (one per trusted cluster), which ServiceAccounts a trust policy admits and which audience it
 * requires, in plain words, and warns about trust that is too broad (`*` namespaces or ServiceAccounts, no `:sub` or
 * `:aud` condition, a pattern covering the whole subject) or that can never work (condition keys of another issuer
 * than the Federated principal's, as in the Qovery tutorial's example, or names no Kubernetes object can have).
 *
 * @param policy the trust policy, as JSON text or parsed.
 * @throws InvalidPolicyError when it is not a trust policy.
 */
export function describeTrust(policy: string | object): TrustDescription {
    const statements = statementsOf(policy).map(describeStatement);
    const warnings = statements.flatMap((s) => s.warnings);
    return { statements: statements.map((s) => s.description), warnings };
}

/** The token a pod would present, by the ServiceAccount that carries it. */
export interface AccessQuestion {
    namespace: string;
    serviceAccount: string;
    /** The ARN of the IAM OIDC provider the token arrives through. */
    providerArn?: string;
    /** The cluster's issuer URL (`https://...`), when the provider ARN is not given: the policy's provider for it is used. */
    issuerUrl?: string;
    /** The token's audience. Defaults to `sts.amazonaws.com`. */
    audience?: string;
}

export interface AccessAnswer {
    /** The request evaluated: the provider, the `sub` and the `aud` claims. */
    request: WebIdentityRequest;
    decision: TrustDecision;
}

/**
 * Decides whether a ServiceAccount's token may assume a role with the given trust policy (see `evaluateTrustPolicy`).
 * Without `providerArn` the provider is the policy's one for `issuerUrl`, or, when neither is given, the policy's only
 * Federated principal.
 *
 * @throws IrsaArgumentError when the provider cannot be told; InvalidPolicyError or UnsupportedPolicyError for a bad policy.
 */
export function explainAccess(policy: string | object, question: AccessQuestion): AccessAnswer {
    const providers = [...new Set(statementsOf(policy).flatMap((s) => federatedOf(s).filter((arn) => OIDC_PROVIDER_ARN.test(arn))))];
    let providerArn = question.providerArn;
    if (providerArn === undefined && question.issuerUrl !== undefined) {
        const issuer = issuerOf(question.issuerUrl);
        const account = providers.length > 0 ? providers[0].split(":")[4] : "123456789012";
        providerArn = providers.find((arn) => issuerOfArn(arn) === issuer) ?? oidcProviderArn("aws", account, issuer);
    }
    if (providerArn === undefined) {
        if (providers.length !== 1) {
            throw new IrsaArgumentError(
                "providerArn",
                undefined,
                providers.length === 0
                    ? "the policy names no IAM OIDC provider, so say which one the token comes through (its ARN, or the cluster's issuer URL)."
                    : `the policy trusts ${providers.length} OIDC providers (${providers.join(", ")}); say which one the token comes through (its ARN, or the cluster's issuer URL).`,
            );
        }
        providerArn = providers[0];
    }
    const request: WebIdentityRequest = {
        providerArn,
        subject: serviceAccountSubject(question.namespace, question.serviceAccount),
        audience: question.audience ?? DEFAULT_AUDIENCE,
        ...(question.issuerUrl !== undefined && { issuer: question.issuerUrl.replace(/\/+$/, "") }),
    };
    return { request, decision: evaluateTrustPolicy(policy, request) };
}

function statementsOf(policy: string | object): Record<string, unknown>[] {
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch (error) {
            throw new InvalidPolicyError(`The trust policy is not valid JSON: ${(error as Error).message}.`);
        }
    }
    if (!isObject(document) || document.Statement === undefined) {
        throw new InvalidPolicyError("The trust policy must be a JSON object with a Statement element.");
    }
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    statements.forEach((statement, index) => {
        if (!isObject(statement) || (statement.Effect !== "Allow" && statement.Effect !== "Deny")) {
            throw new InvalidPolicyError(`Statement ${index} must be an object whose Effect is "Allow" or "Deny".`);
        }
    });
    return statements as Record<string, unknown>[];
}

function describeStatement(statement: Record<string, unknown>, index: number): { description: StatementDescription; warnings: TrustWarning[] } {
    const warnings: TrustWarning[] = [];
    const warn = (code: TrustWarningCode, message: string) => warnings.push({ code, statement: index, message });
    const name = `Statement ${index}`;
    const effect = statement.Effect as "Allow" | "Deny";
    const providers = federatedOf(statement);
    const issuers = providers.map(issuerOfArn).filter((issuer): issuer is string => issuer !== undefined);
    const anyPrincipal = statement.Principal === "*" || (isObject(statement.Principal) && listOf(statement.Principal.AWS).includes("*"));
    const webIdentity = coversWebIdentity(statement);
    const conditions = conditionsOf(statement.Condition);
    const own = (keyIssuer: string) => anyPrincipal || issuers.some((issuer) => issuer.toLowerCase() === keyIssuer.toLowerCase());

    const subjects: SubjectDescription[] = [];
    const audiences: AudienceDescription[] = [];
    const foreignKeys: string[] = [];
    let admitsNothing = false;
    for (const condition of conditions) {
        const colon = condition.key.lastIndexOf(":");
        const keyIssuer = condition.key.slice(0, colon);
        const claim = condition.key.slice(colon + 1).toLowerCase();
        const foreign = issuers.length > 0 && !own(keyIssuer);
        if (foreign) {
            foreignKeys.push(condition.key);
            // A key the request lacks makes a positive operator false and a negated or IfExists one true.
            admitsNothing ||= !condition.negated && !condition.ifExists;
        }
        if (claim === "sub") {
            subjects.push(...condition.values.map((value) => describeSubject(condition, value, keyIssuer, foreign)));
        } else if (claim === "aud") {
            audiences.push({ operator: condition.operator, values: condition.values, keyIssuer, foreign, text: describeAudience(condition) });
        }
    }

    if (foreignKeys.length > 0) {
        const keyIssuers = [...new Set(foreignKeys.map((key) => key.slice(0, key.lastIndexOf(":"))))];
        warn(
            TrustWarningCode.IssuerMismatch,
            `${name} trusts the OIDC provider of ${issuers.join(" and ")} but its conditions test ${foreignKeys.join(", ")}, ` +
                `keys of ${keyIssuers.join(" and ")} that its tokens never carry, so ` +
                (admitsNothing ? "it admits no token at all" : "those conditions are always true and restrict nothing") +
                ". Use one issuer in both: the cluster's OpenID Connect provider URL without https://.",
        );
    }
    if (anyPrincipal && effect === "Allow") {
        warn(TrustWarningCode.AnyPrincipal, `${name} trusts Principal "*": any principal, not only the cluster's tokens. Name the cluster's OIDC provider as Federated principal.`);
    }
    if (effect === "Allow" && (providers.length > 0 || anyPrincipal) && !webIdentity) {
        warn(TrustWarningCode.NotWebIdentity, `${name} does not allow ${WEB_IDENTITY_ACTION}, the call IRSA makes, so no pod can use it.`);
    }
    const ownSubjects = subjects.filter((s) => !s.foreign);
    const relevant = effect === "Allow" && !admitsNothing && webIdentity && (issuers.length > 0 || anyPrincipal);
    if (relevant && !ownSubjects.some((s) => !s.negated)) {
        warn(
            TrustWarningCode.NoSubjectCondition,
            `${name} has no condition on ${subjectKey(issuers)}, so every ServiceAccount in every namespace of the cluster (any pod) can assume the role. ` +
                `Add "StringEquals": {"${subjectKey(issuers)}": "system:serviceaccount:<namespace>:<name>"}.`,
        );
    }
    for (const subject of ownSubjects.filter((s) => !s.negated)) {
        subjectWarnings(subject, relevant, name, warn);
    }
    const ownAudiences = audiences.filter((a) => !a.foreign && !a.operator.includes("Not"));
    if (relevant && ownAudiences.length === 0) {
        warn(
            TrustWarningCode.NoAudienceCondition,
            `${name} does not check the token's audience (${audienceKey(issuers)}): a token for any client ID of the provider is accepted. ` +
                `AWS recommends "StringEquals": {"${audienceKey(issuers)}": "${DEFAULT_AUDIENCE}"}.`,
        );
    }
    for (const audience of ownAudiences) {
        if (relevant && audience.operator.includes("Like") && audience.values.some((value) => /[*?]/.test(value))) {
            warn(TrustWarningCode.AudiencePattern, `${name} accepts audiences matching ${audience.values.join(", ")}; require exactly "${DEFAULT_AUDIENCE}" with StringEquals.`);
        }
    }

    const description: StatementDescription = {
        index,
        ...(typeof statement.Sid === "string" && { sid: statement.Sid }),
        effect,
        providers,
        issuers,
        anyPrincipal,
        webIdentity,
        subjects,
        audiences,
        foreignKeys,
        admitsNothing,
    };
    return { description, warnings };
}

function subjectWarnings(subject: SubjectDescription, relevant: boolean, name: string, warn: (code: TrustWarningCode, message: string) => void): void {
    if (!subject.pattern && /[*?]/.test(subject.value)) {
        warn(
            TrustWarningCode.LiteralWildcard,
            `${name} compares ${subject.value} with ${subject.operator}, where * and ? are plain characters, so it matches no ServiceAccount. Use StringLike for a pattern.`,
        );
        return;
    }
    const impossible = impossibleParts(subject);
    if (impossible.length > 0) {
        warn(
            TrustWarningCode.ImpossibleSubject,
            `${name} admits ${subject.value}, but ${impossible.join(" and ")}, so no token ever matches it. Replace it with the real namespace and ServiceAccount name.`,
        );
        return;
    }
    if (!relevant || !subject.pattern) {
        return;
    }
    if (PROBE_SUBJECTS.every((probe) => matchesStringLike(subject.value, probe))) {
        warn(
            TrustWarningCode.WholeSubjectPattern,
            `${name} matches the whole subject with "${subject.value}": every ServiceAccount in every namespace of the cluster (any pod) can assume the role. ` +
                "Name the ServiceAccount, and the namespace or a narrow pattern such as z*.",
        );
        return;
    }
    if (subject.namespace === undefined && /^system:serviceaccount:[^*?:]*\*$/.test(subject.value)) {
        warn(
            TrustWarningCode.AnyServiceAccount,
            `${name} admits ${subject.text}: the trailing * spans the namespace and the name, so "default" and every other ServiceAccount there can assume the role. ` +
                "Write system:serviceaccount:<namespace pattern>:<name>.",
        );
        return;
    }
    if (subject.namespace === "*") {
        warn(
            TrustWarningCode.AnyNamespace,
            `${name} admits ServiceAccount ${subject.serviceAccount} in every namespace (pattern "*"): whoever can create a ServiceAccount of that name ` +
                "in any namespace can assume the role. Narrow it to the namespace, or a pattern such as z* or z????????-z????????.",
        );
    }
    if (subject.serviceAccount === "*") {
        warn(
            TrustWarningCode.AnyServiceAccount,
            `${name} admits every ServiceAccount ${describeNamespace(subject.namespace!, true)}, "default" included, which every pod without its own ServiceAccount uses. Name the ServiceAccount.`,
        );
    }
}

/** Why no Kubernetes object can have this subject, if none can. */
function impossibleParts(subject: SubjectDescription): string[] {
    if (subject.namespace === undefined || subject.serviceAccount === undefined) {
        return [];
    }
    const strip = (value: string) => (subject.pattern ? value.replace(/[*?]/g, "a") : value);
    const parts: string[] = [];
    const namespace = strip(subject.namespace);
    if (namespace.length > 63 || !DNS_LABEL.test(namespace)) {
        parts.push(`"${subject.namespace}" is no valid namespace name`);
    }
    const serviceAccount = strip(subject.serviceAccount);
    if (serviceAccount.length > 253 || !DNS_SUBDOMAIN.test(serviceAccount)) {
        parts.push(`"${subject.serviceAccount}" is no valid ServiceAccount name`);
    }
    return parts;
}

function describeSubject(condition: Condition, value: string, keyIssuer: string, foreign: boolean): SubjectDescription {
    const base = { operator: condition.operator, value, pattern: condition.like, negated: condition.negated, keyIssuer, foreign };
    const rest = value.startsWith(SUBJECT_PREFIX) ? value.slice(SUBJECT_PREFIX.length) : undefined;
    const parts = rest?.split(":");
    if (parts !== undefined && parts.length === 2 && parts[0] !== "" && parts[1] !== "") {
        const [namespace, serviceAccount] = parts;
        const text = `${describeServiceAccount(serviceAccount, condition.like)} ${describeNamespace(namespace, condition.like)}`;
        return { ...base, namespace, serviceAccount, text: condition.negated ? `not ${text}` : text };
    }
    let text: string;
    if (condition.like && PROBE_SUBJECTS.every((probe) => matchesStringLike(value, probe))) {
        text = `every ServiceAccount in every namespace (pattern ${value})`;
    } else if (condition.like && rest !== undefined && /^[^*?:]*\*$/.test(rest)) {
        // `*` also spans the colon, so `system:serviceaccount:z*` covers every name in the namespaces starting with z.
        const prefix = rest.slice(0, -1);
        text = `every ServiceAccount in every namespace whose name starts with ${prefix} (pattern ${value})`;
    } else {
        text = condition.like ? `every subject matching ${value}` : `the subject ${value}`;
    }
    return { ...base, text: condition.negated ? `not ${text}` : text };
}

function describeServiceAccount(serviceAccount: string, like: boolean): string {
    if (!like || !/[*?]/.test(serviceAccount)) {
        return `ServiceAccount ${serviceAccount}`;
    }
    return serviceAccount === "*" ? "every ServiceAccount" : `every ServiceAccount matching ${serviceAccount} (${describePattern(serviceAccount, "ServiceAccount")})`;
}

function describeNamespace(namespace: string, like: boolean): string {
    if (!like || !/[*?]/.test(namespace)) {
        return `in namespace ${namespace}`;
    }
    return namespace === "*" ? "in every namespace" : `in every namespace matching ${namespace} (${describePattern(namespace, "namespace")})`;
}

/** A `StringLike` pattern in words: "any namespace whose name starts with z". */
function describePattern(pattern: string, what: string): string {
    const literal = (value: string) => !/[*?]/.test(value);
    if (what === "namespace" && pattern === QOVERY_ENVIRONMENT_NAMESPACE_PATTERN) {
        return "only Qovery's environment namespaces: z, 8 characters, -z, 8 characters";
    }
    if (what === "namespace" && pattern === QOVERY_CLUSTER_NAMESPACE_PATTERN) {
        return `any namespace whose name starts with z, not only Qovery's environments; ${QOVERY_ENVIRONMENT_NAMESPACE_PATTERN} admits only those`;
    }
    if (pattern.endsWith("*") && literal(pattern.slice(0, -1))) {
        return `any ${what} whose name starts with ${pattern.slice(0, -1)}`;
    }
    if (pattern.startsWith("*") && literal(pattern.slice(1))) {
        return `any ${what} whose name ends with ${pattern.slice(1)}`;
    }
    if (pattern.length > 2 && pattern.startsWith("*") && pattern.endsWith("*") && literal(pattern.slice(1, -1))) {
        return `any ${what} whose name contains ${pattern.slice(1, -1)}`;
    }
    return `* is any run of characters, ? exactly one`;
}

function describeAudience(condition: Condition): string {
    const values = condition.values.join(" or ");
    if (condition.negated) {
        return `must not be ${values}`;
    }
    return condition.like && condition.values.some((value) => /[*?]/.test(value)) ? `must match ${values}` : `must be ${values}`;
}

function federatedOf(statement: Record<string, unknown>): string[] {
    return isObject(statement.Principal) ? listOf(statement.Principal.Federated) : [];
}

function issuerOfArn(arn: string): string | undefined {
    return OIDC_PROVIDER_ARN.exec(arn)?.[1];
}

function coversWebIdentity(statement: Record<string, unknown>): boolean {
    const matches = (pattern: string) =>
        pattern === "*" || (pattern.toLowerCase().startsWith("sts:") && matchesStringLike(pattern.slice(4).toLowerCase(), WEB_IDENTITY_ACTION.slice(4).toLowerCase()));
    if (statement.NotAction !== undefined) {
        return !listOf(statement.NotAction).some(matches);
    }
    return listOf(statement.Action).some(matches);
}

function conditionsOf(condition: unknown): Condition[] {
    if (!isObject(condition)) {
        return [];
    }
    return Object.entries(condition).flatMap(([operator, block]) => {
        const name = operator.slice(operator.indexOf(":") + 1);
        const ifExists = name.endsWith("IfExists");
        const base = ifExists ? name.slice(0, -"IfExists".length) : name;
        if (!isObject(block)) {
            return [];
        }
        return Object.entries(block).map(([key, value]) => ({
            operator,
            negated: base.includes("Not"),
            like: base.endsWith("Like"),
            ifExists,
            key,
            values: listOf(value),
        }));
    });
}

function subjectKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:sub`;
}

function audienceKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:aud`;
}

function listOf(value: unknown): string[] {
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
