/**
 * Offline evaluation of an IAM role trust policy for `sts:AssumeRoleWithWebIdentity`, the call a pod makes
 * with its projected ServiceAccount token under IRSA. It answers "would STS let this token assume the
 * role?" without AWS credentials, and says which statement, element or condition decided it.
 *
 * It implements the part of IAM policy evaluation that trust policies for web identities use
 * (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition operators") and
 * refuses, with {@link UnsupportedPolicyError}, anything it would otherwise have to guess.
 */

import { iamPatternRegExp, matchesStringLike } from "./rules";

/** The outcome of an evaluation, named as in the IAM User Guide's policy evaluation logic. */
export enum TrustDecisionKind {
    /** An Allow statement matches and no Deny statement does. */
    Allowed = "Allowed",
    /** No Allow statement matches (or STS rejects the token before evaluating the policy). */
    ImplicitDeny = "ImplicitDeny",
    /** A Deny statement matches; it overrides every Allow. */
    ExplicitDeny = "ExplicitDeny",
}

/** A statement's `Effect`. */
export enum PolicyEffect {
    Allow = "Allow",
    Deny = "Deny",
}

/** The part of a statement that did not match the request. */
export enum StatementPart {
    /** `Principal` does not name the OIDC provider the token arrives through. */
    Principal = "principal",
    /** `Action` does not cover (or `NotAction` excludes) the requested action. */
    Action = "action",
    /** A condition is false for the token's claims. */
    Condition = "condition",
}

/** The request STS evaluates: a token presented through one IAM OIDC provider. */
export interface WebIdentityRequest {
    /** ARN of the IAM OIDC provider the token arrives through: `arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>`. */
    providerArn: string;
    /** The token's `sub` claim, e.g. `system:serviceaccount:<namespace>:<serviceaccount>`. */
    subject: string;
    /**
     * The token's `aud` claim: one value or several. A one-element list is single-valued, as in a
     * projected token's `["sts.amazonaws.com"]`; an empty list means the claim is absent.
     */
    audience: string | string[];
    /**
     * The token's `iss` claim (`https://...`). Optional; when given and not equal to
     * `https://<issuer from providerArn>`, STS finds no provider for it and the request is denied with
     * "No OpenIDConnect provider found" before the policy is read.
     */
    issuer?: string;
    /** The action asked for. Defaults to `sts:AssumeRoleWithWebIdentity`. */
    action?: string;
}

/** The statement's `Principal` does not name the provider the token arrives through. */
export interface PrincipalFailure {
    part: StatementPart.Principal;
    /** The `Federated` principals the statement names. */
    expected: string[];
    /** The request's provider ARN. */
    actual: string;
}

/** The statement's `Action` does not cover, or its `NotAction` excludes, the requested action. */
export interface ActionFailure {
    part: StatementPart.Action;
    /** True when the statement uses `NotAction` (and so `expected` lists what it excludes). */
    notAction: boolean;
    /** The statement's action patterns. */
    expected: string[];
    /** The requested action. */
    actual: string;
}

/** A condition of the statement is false. */
export interface ConditionFailure {
    part: StatementPart.Condition;
    /** The condition operator as written, e.g. `ForAnyValue:StringLike`. */
    operator: string;
    /** The condition key as written in the policy. */
    key: string;
    /** The condition's values. */
    expected: string[];
    /** The request's values for the key; undefined when the request has no such key. */
    actual?: string[];
}

/** Why a statement does not apply to the request. */
export type StatementFailure = PrincipalFailure | ActionFailure | ConditionFailure;

/** How one statement of the policy relates to the request. */
export interface StatementOutcome {
    /** Zero-based position of the statement in the policy. */
    index: number;
    /** The statement's `Sid`, if it has one. */
    sid?: string;
    /** The statement's `Effect`. */
    effect: PolicyEffect;
    /** True when principal, action and every condition match, so the effect takes part in the decision. */
    applies: boolean;
    /** When the statement does not apply: the first part that failed, in the order principal, action, conditions. */
    failure?: StatementFailure;
}

/** The answer of {@link evaluateTrustPolicy}. */
export interface TrustDecision {
    /** True exactly when `decision` is `Allowed`. */
    allowed: boolean;
    /** Allowed, ImplicitDeny or ExplicitDeny. */
    decision: TrustDecisionKind;
    /** One plain sentence saying why. */
    reason: string;
    /** Index of the statement that decided: the first matching Deny, else the first matching Allow. */
    matchedStatement?: number;
    /** One outcome per statement, in policy order; empty when STS rejects the token before evaluation. */
    statements: StatementOutcome[];
}

/** The policy is not a well-formed trust policy: invalid JSON, a missing `Effect`, a value of the wrong type. */
export class InvalidPolicyError extends Error {
    override readonly name = "InvalidPolicyError";
}

/**
 * The policy uses something this evaluator does not implement (another condition operator, a policy
 * variable, `NotPrincipal`...). It is refused rather than guessed at.
 */
export class UnsupportedPolicyError extends Error {
    override readonly name = "UnsupportedPolicyError";
    /** The unsupported thing, e.g. `condition operator "ArnLike"`. */
    readonly feature: string;

    /**
     * @param feature the unsupported thing, e.g. `condition operator "ArnLike"`.
     * @param where where it occurs, e.g. `Statement 0`.
     */
    constructor(feature: string, where: string) {
        super(
            `${where} uses ${feature}, which evaluateTrustPolicy does not evaluate. It supports Federated and "*" ` +
                `principals, Action/NotAction, and the StringEquals, StringNotEquals, StringLike and StringNotLike ` +
                `condition operators with IfExists, ForAllValues: and ForAnyValue:.`,
        );
        this.feature = feature;
    }
}

const DEFAULT_ACTION = "sts:AssumeRoleWithWebIdentity";
const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"];
const STRING_OPERATORS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike"];
const SET_OPERATORS = ["ForAllValues", "ForAnyValue"];
const PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(\S+)$/;

interface ParsedCondition {
    operator: string;
    setOperator?: string;
    negated: boolean;
    like: boolean;
    ifExists: boolean;
    key: string;
    values: string[];
}

interface ParsedStatement {
    index: number;
    sid?: string;
    effect: PolicyEffect;
    anyPrincipal: boolean;
    federated: string[];
    notAction: boolean;
    actions: string[];
    conditions: ParsedCondition[];
}

/**
 * Decides, as AWS STS does for `sts:AssumeRoleWithWebIdentity`, whether a projected Kubernetes
 * ServiceAccount token may assume a role with the given trust policy.
 *
 * The request context holds two keys, `<issuer>:sub` and `<issuer>:aud`, where `<issuer>` is the part of
 * `providerArn` after `oidc-provider/`; every other condition key is absent, as it is in IAM. Key names
 * are compared ignoring case, values case-sensitively. A condition operator without `ForAnyValue:` or
 * `ForAllValues:` never matches a key that has several values (an `aud` with two or more audiences),
 * whatever the operator: IAM requires a set operator for multivalued keys, and `@cloud-copilot/iam-simulate`
 * evaluates it this way.
 *
 * @param policy the trust policy, as JSON text or as a parsed object.
 * @param request the token and the provider it arrives through.
 * @returns the decision, its reason, and one outcome per statement.
 * @throws InvalidPolicyError when the policy is not a well-formed trust policy.
 * @throws UnsupportedPolicyError when the policy uses something this evaluator does not implement.
 * @throws TypeError when `request.providerArn` is not an OIDC provider ARN or `request.action` has no service prefix.
 */
export function evaluateTrustPolicy(policy: string | object, request: WebIdentityRequest): TrustDecision {
    const statements = parsePolicy(policy);
    const issuerHostPath = issuerOf(request.providerArn);
    const action = request.action ?? DEFAULT_ACTION;
    if (!/^[^:*?]+:[^:]+$/.test(action)) {
        throw new TypeError(`request.action "${action}" must be "<service>:<action>", e.g. "${DEFAULT_ACTION}".`);
    }

    if (request.issuer !== undefined && request.issuer !== `https://${issuerHostPath}`) {
        return {
            allowed: false,
            decision: TrustDecisionKind.ImplicitDeny,
            reason:
                `No OpenIDConnect provider found for the token's issuer ${request.issuer}: it arrives through ` +
                `${request.providerArn}, whose issuer is https://${issuerHostPath}.`,
            statements: [],
        };
    }

    const context = new Map<string, string[]>();
    context.set(`${issuerHostPath}:sub`.toLowerCase(), [request.subject]);
    const audiences = typeof request.audience === "string" ? [request.audience] : request.audience;
    if (audiences.length > 0) {
        context.set(`${issuerHostPath}:aud`.toLowerCase(), [...audiences]);
    }

    const outcomes = statements.map((statement) => evaluateStatement(statement, request.providerArn, action, context));
    const deny = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Deny);
    if (deny) {
        return {
            allowed: false,
            decision: TrustDecisionKind.ExplicitDeny,
            reason: `${statementName(deny)} explicitly denies ${action} to ${request.subject}, which overrides every Allow.`,
            matchedStatement: deny.index,
            statements: outcomes,
        };
    }
    const allow = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Allow);
    if (allow) {
        return {
            allowed: true,
            decision: TrustDecisionKind.Allowed,
            reason: `${statementName(allow)} allows ${action} to ${request.subject} through ${request.providerArn}.`,
            matchedStatement: allow.index,
            statements: outcomes,
        };
    }
    return {
        allowed: false,
        decision: TrustDecisionKind.ImplicitDeny,
        reason: implicitDenyReason(outcomes, request.providerArn),
        statements: outcomes,
    };
}

function issuerOf(providerArn: string): string {
    const match = PROVIDER_ARN.exec(providerArn);
    if (!match) {
        throw new TypeError(
            `request.providerArn "${providerArn}" is not an IAM OIDC provider ARN; expected ` +
                `arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>.`,
        );
    }
    return match[1];
}

function evaluateStatement(
    statement: ParsedStatement,
    providerArn: string,
    action: string,
    context: Map<string, string[]>,
): StatementOutcome {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!statement.anyPrincipal && !statement.federated.includes(providerArn)) {
        const failure: PrincipalFailure = { part: StatementPart.Principal, expected: statement.federated, actual: providerArn };
        return { ...outcome, applies: false, failure };
    }
    if (statement.actions.some((pattern) => actionMatches(pattern, action)) === statement.notAction) {
        const failure: ActionFailure = {
            part: StatementPart.Action,
            notAction: statement.notAction,
            expected: statement.actions,
            actual: action,
        };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const actual = context.get(condition.key.toLowerCase());
        if (!conditionHolds(condition, actual)) {
            const failure: ConditionFailure = {
                part: StatementPart.Condition,
                operator: condition.operator,
                key: condition.key,
                expected: condition.values,
                actual,
            };
            return { ...outcome, applies: false, failure };
        }
    }
    return { ...outcome, applies: true };
}

function actionMatches(pattern: string, action: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const [patternService, patternAction] = splitAction(pattern);
    const [service, name] = splitAction(action);
    return patternService.toLowerCase() === service.toLowerCase() && iamPatternRegExp(patternAction, true).test(name);
}

function splitAction(action: string): [string, string] {
    const colon = action.indexOf(":");
    return [action.slice(0, colon), action.slice(colon + 1)];
}

/**
 * Evaluates one condition key. Without a set operator, an absent key makes IfExists and negated operators
 * true and the others false; a key with several values makes every operator false.
 */
function conditionHolds(condition: ParsedCondition, actual: string[] | undefined): boolean {
    const present = actual !== undefined && actual.length > 0;
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

/** Several policy values are ORed for positive operators and NORed for negated ones. */
function valueMatches(condition: ParsedCondition, value: string): boolean {
    const anyEqual = condition.values.some((expected) =>
        condition.like ? matchesStringLike(expected, value) : expected === value,
    );
    return condition.negated ? !anyEqual : anyEqual;
}

function statementName(outcome: StatementOutcome): string {
    return outcome.sid === undefined ? `Statement ${outcome.index}` : `Statement ${outcome.index} ("${outcome.sid}")`;
}

function implicitDenyReason(outcomes: StatementOutcome[], providerArn: string): string {
    const allows = outcomes.filter((o) => o.effect === PolicyEffect.Allow);
    if (allows.length === 0) {
        return "The trust policy has no Allow statement, so nothing may assume the role.";
    }
    const closest = allows.find((o) => o.failure?.part !== StatementPart.Principal);
    if (!closest?.failure) {
        return `No Allow statement trusts the OIDC provider ${providerArn}.`;
    }
    return `No Allow statement matches: ${statementName(closest)} fails because ${describeFailure(closest.failure)}.`;
}

function describeFailure(failure: StatementFailure): string {
    switch (failure.part) {
        case StatementPart.Principal:
            return `it trusts ${list(failure.expected)}, not ${failure.actual}`;
        case StatementPart.Action:
            return failure.notAction
                ? `its NotAction ${list(failure.expected)} excludes ${failure.actual}`
                : `its Action ${list(failure.expected)} does not cover ${failure.actual}`;
        case StatementPart.Condition: {
            const test = `${failure.operator} ${failure.key} ${list(failure.expected)}`;
            if (failure.actual === undefined) {
                return `${test} is false when the request has no ${failure.key}`;
            }
            if (failure.actual.length > 1 && !SET_OPERATORS.some((set) => failure.operator.startsWith(`${set}:`))) {
                return `${test} never matches the several values ${list(failure.actual)}; a multivalued key needs ForAnyValue: or ForAllValues:`;
            }
            return `${test} is false for ${list(failure.actual)}`;
        }
    }
}

function list(values: string[]): string {
    return values.length === 1 ? JSON.stringify(values[0]) : `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

function parsePolicy(policy: string | object): ParsedStatement[] {
    let document: unknown = policy;
    if (typeof policy === "string") {
        try {
            document = JSON.parse(policy);
        } catch (error) {
            throw new InvalidPolicyError(`The trust policy is not valid JSON: ${(error as Error).message}.`);
        }
    }
    if (!isObject(document)) {
        throw new InvalidPolicyError("The trust policy must be a JSON object with a Statement element.");
    }
    for (const element of Object.keys(document)) {
        if (!["Version", "Id", "Statement"].includes(element)) {
            throw new UnsupportedPolicyError(`policy element "${element}"`, "The trust policy");
        }
    }
    if (document.Version !== undefined && !POLICY_VERSIONS.includes(document.Version as string)) {
        throw new InvalidPolicyError(
            `The trust policy's Version ${JSON.stringify(document.Version)} is not one of ${POLICY_VERSIONS.join(", ")}.`,
        );
    }
    const statement = document.Statement;
    if (statement === undefined) {
        throw new InvalidPolicyError("The trust policy has no Statement element.");
    }
    const statements = Array.isArray(statement) ? statement : [statement];
    return statements.map((s: unknown, index) => parseStatement(s, index));
}

function parseStatement(statement: unknown, index: number): ParsedStatement {
    const where = `Statement ${index}`;
    if (!isObject(statement)) {
        throw new InvalidPolicyError(`${where} must be an object.`);
    }
    const { Sid, Effect, Principal, NotPrincipal, Action, NotAction, Condition } = statement;
    if (Effect !== PolicyEffect.Allow && Effect !== PolicyEffect.Deny) {
        throw new InvalidPolicyError(
            Effect === undefined
                ? `${where} has no Effect; set it to "Allow" or "Deny".`
                : `${where} has Effect ${JSON.stringify(Effect)}; it must be "Allow" or "Deny".`,
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
    return {
        index,
        sid: Sid,
        effect: Effect,
        ...parsePrincipal(Principal, where),
        notAction,
        actions: parseActions(notAction ? NotAction : Action, `${where} ${notAction ? "NotAction" : "Action"}`, where),
        conditions: Condition === undefined ? [] : parseConditions(Condition, where),
    };
}

function parsePrincipal(principal: unknown, where: string): { anyPrincipal: boolean; federated: string[] } {
    if (principal === "*") {
        return { anyPrincipal: true, federated: [] };
    }
    if (!isObject(principal)) {
        throw new InvalidPolicyError(`${where} has a Principal that is neither "*" nor an object such as {"Federated": "<provider ARN>"}.`);
    }
    let anyPrincipal = false;
    let federated: string[] = [];
    for (const [type, value] of Object.entries(principal)) {
        const values = stringList(value, `${where} Principal ${type}`);
        if (type === "Federated") {
            const wildcard = values.find((v) => /[*?]/.test(v));
            if (wildcard !== undefined) {
                throw new UnsupportedPolicyError(`wildcard Federated principal "${wildcard}"`, where);
            }
            federated = values;
        } else if (type === "AWS") {
            anyPrincipal ||= values.includes("*");
        } else if (type !== "Service" && type !== "CanonicalUser") {
            throw new InvalidPolicyError(`${where} has an unknown principal type "${type}".`);
        }
    }
    if (!anyPrincipal && federated.length === 0) {
        const types = Object.keys(principal).map((type) => `"${type}"`).join(", ");
        throw new UnsupportedPolicyError(`principal type ${types || "(none)"} without a Federated principal`, where);
    }
    return { anyPrincipal, federated };
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

function parseConditions(condition: unknown, where: string): ParsedCondition[] {
    if (!isObject(condition)) {
        throw new InvalidPolicyError(`${where} has a Condition that is not an object of operators.`);
    }
    const parsed: ParsedCondition[] = [];
    for (const [operator, block] of Object.entries(condition)) {
        const { setOperator, base, ifExists } = parseOperator(operator, where);
        if (!isObject(block)) {
            throw new InvalidPolicyError(`${where} Condition "${operator}" must map condition keys to values.`);
        }
        for (const [key, value] of Object.entries(block)) {
            const values = conditionValues(value, `${where} Condition "${operator}" "${key}"`, where);
            parsed.push({
                operator,
                setOperator,
                negated: base.includes("Not"),
                like: base.endsWith("Like"),
                ifExists,
                key,
                values,
            });
        }
    }
    return parsed;
}

function parseOperator(operator: string, where: string): { setOperator?: string; base: string; ifExists: boolean } {
    const unsupported = () => new UnsupportedPolicyError(`condition operator "${operator}"`, where);
    const parts = operator.split(":");
    if (parts.length > 2 || (parts.length === 2 && !SET_OPERATORS.includes(parts[0]))) {
        throw unsupported();
    }
    const setOperator = parts.length === 2 ? parts[0] : undefined;
    const name = parts[parts.length - 1];
    const ifExists = name.endsWith("IfExists");
    const base = ifExists ? name.slice(0, -"IfExists".length) : name;
    if (!STRING_OPERATORS.includes(base)) {
        throw unsupported();
    }
    // IAM documents ForAnyValue as false for an absent key and IfExists as true for one; which wins is not
    // documented, so this combination is refused rather than guessed.
    if (setOperator === "ForAnyValue" && ifExists) {
        throw unsupported();
    }
    return { setOperator, base, ifExists };
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

function stringList(value: unknown, what: string): string[] {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => typeof v !== "string")) {
        throw new InvalidPolicyError(`${what} must be a string or a non-empty list of strings.`);
    }
    return values as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
