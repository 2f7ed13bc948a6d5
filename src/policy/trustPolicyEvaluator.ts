/**
 * Offline evaluation of an IAM role trust policy for `sts:AssumeRoleWithWebIdentity`, the call a pod makes
 * with its projected ServiceAccount token under IRSA. It answers "would STS let this token assume the
 * role?" without AWS credentials, and says which statement, element or condition decided it.
 *
 * It implements the part of IAM policy evaluation that trust policies for web identities use
 * (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition operators") and
 * refuses, with {@link UnsupportedPolicyError}, anything it would otherwise have to guess.
 */

import { issuerOfProviderArnLenient } from "./issuer";
import { InvalidPolicyError, UnsupportedPolicyError } from "./policyErrors";
import { callerRole, CallerRole, trustsRoleSession } from "./targetRoleTrust";
import {
    claimValues,
    conditionHolds,
    coversAction,
    parsePolicy,
    partialCondition,
    partialPodIdentityCondition,
    PodIdentityTag,
    POD_IDENTITY_ACTIONS,
    POD_IDENTITY_SERVICE,
    PolicyEffect,
    PolicyStatement,
    trustsPodIdentity,
    trustsProvider,
    WEB_IDENTITY_ACTION,
} from "./policyModel";

export { InvalidPolicyError, PolicyEffect, UnsupportedPolicyError };

/** The outcome of an evaluation, named as in the IAM User Guide's policy evaluation logic. */
export enum TrustDecisionKind {
    /** An Allow statement matches and no Deny statement does. */
    Allowed = "Allowed",
    /** No Allow statement matches (or STS rejects the token before evaluating the policy). */
    ImplicitDeny = "ImplicitDeny",
    /** A Deny statement matches; it overrides every Allow. */
    ExplicitDeny = "ExplicitDeny",
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

/**
 * The request EKS Auth makes for an EKS Pod Identity association: `sts:AssumeRole` as the service principal
 * `pods.eks.amazonaws.com`, and with session tags also `sts:TagSession`, carrying the tags EKS sets
 * (`aws:RequestTag/eks-cluster-arn`, `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`,
 * `kubernetes-pod-name`, `kubernetes-pod-uid`).
 */
export interface PodIdentityRequest {
    /** The cluster's ARN, `arn:<partition>:eks:<region>:<account>:cluster/<name>`: the `eks-cluster-arn` tag. */
    clusterArn: string;
    /** The cluster's name, the `eks-cluster-name` tag. Defaults to the name at the end of `clusterArn`. */
    clusterName?: string;
    /** The association's namespace, the `kubernetes-namespace` tag. */
    namespace: string;
    /** The association's ServiceAccount, the `kubernetes-service-account` tag. */
    serviceAccount: string;
    /** The pod's name, the `kubernetes-pod-name` tag. Needed only when a condition tests it; no default. */
    podName?: string;
    /** The pod's UID, the `kubernetes-pod-uid` tag. Needed only when a condition tests it; no default. */
    podUid?: string;
    /**
     * Whether EKS passes session tags (the association's `disableSessionTags` is false). Defaults to true. Without
     * them the request carries no `aws:RequestTag/...` key and only `sts:AssumeRole` is decided.
     */
    sessionTags?: boolean;
}

/**
 * The second call of EKS Pod Identity with a `targetRoleArn`: the component role's session calls `sts:AssumeRole` (and,
 * with session tags, `sts:TagSession`) on the target role, with the association's `externalId` as `sts:ExternalId`.
 */
export interface TargetRoleRequest {
    /** The component role's ARN (the association's `roleArn`), whose session makes the call. */
    callerRoleArn: string;
    /** The association's `externalId`, which EKS sends as `sts:ExternalId` (the `podIdentityExternalIds` output). */
    externalId: string;
    /**
     * Whether to require `sts:TagSession` too, as the first hop does. Defaults to false: `sts:AssumeRole` alone is decided.
     * AWS documents both actions for the first hop but not whether EKS tags the second hop's session, and requiring an
     * action EKS may not call would answer "denied" where STS allows, so only a caller who knows it asks for both.
     */
    sessionTags?: boolean;
}

/** The statement's `Principal` does not name the provider the token arrives through (or the Pod Identity service). */
export interface PrincipalFailure {
    part: StatementPart.Principal;
    /** The `Federated` principals the statement names, or `pods.eks.amazonaws.com` for a Pod Identity statement. */
    expected: string[];
    /** The request's provider ARN, or `pods.eks.amazonaws.com` for a Pod Identity request. */
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

/**
 * Decides, as AWS STS does for `sts:AssumeRoleWithWebIdentity`, whether a projected Kubernetes
 * ServiceAccount token may assume a role with the given trust policy.
 *
 * The policy is read by the one policy model (`policyModel.ts`), which `explain --who` shares. The request context
 * holds two keys, `<issuer>:sub` and `<issuer>:aud`, where `<issuer>` is the part of `providerArn` after
 * `oidc-provider/`; keys of other issuers are absent, and any other key (such as `sts:RoleSessionName`, which every
 * AssumeRoleWithWebIdentity carries) is refused as unsupported rather than guessed at. Key names
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
    const statements = parsePolicy(policy).statements;
    const issuerHostPath = issuerOf(request.providerArn);
    const action = request.action ?? WEB_IDENTITY_ACTION;
    if (!/^[^:*?]+:[^:]+$/.test(action)) {
        throw new TypeError(`request.action "${action}" must be "<service>:<action>", e.g. "${WEB_IDENTITY_ACTION}".`);
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

    const audiences = typeof request.audience === "string" ? [request.audience] : [...request.audience];
    const facts = { providerArn: request.providerArn, issuer: issuerHostPath, action, subject: request.subject, audiences };
    const outcomes = statements.map((statement) => evaluateStatement(statement, facts));
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

/**
 * Decides, as STS does for the calls EKS Auth makes, whether an EKS Pod Identity association may use a role with the
 * given trust policy: `sts:AssumeRole` as `pods.eks.amazonaws.com` and, with session tags (the default), also
 * `sts:TagSession`, both with the session tags as `aws:RequestTag/<tag>` keys; both must be allowed. Statements naming
 * an OIDC provider never apply; conditions on OIDC keys (in `Principal: "*"` statements) see an absent key. It shares
 * the model and partial evaluation of `explain --who`'s `podIdentity` answer.
 *
 * @param policy the trust policy, as JSON text or as a parsed object.
 * @param request the association: cluster, namespace, ServiceAccount, and whether session tags are on.
 * @returns the decision of the first required action that is not allowed (sts:AssumeRole first), else of sts:AssumeRole.
 * @throws InvalidPolicyError when the policy is not a well-formed trust policy.
 * @throws UnsupportedPolicyError when the policy uses something this evaluator does not implement.
 * @throws TypeError when `request.clusterArn` is not an EKS cluster ARN, or a condition tests a pod name or UID not given.
 */
export function evaluatePodIdentityAssociation(policy: string | object, request: PodIdentityRequest): TrustDecision {
    const statements = parsePolicy(policy).statements;
    const tags = podIdentityTags(request);
    const actions = tags === undefined ? POD_IDENTITY_ACTIONS.slice(0, 1) : POD_IDENTITY_ACTIONS;
    const who = `the Pod Identity association for ServiceAccount ${request.serviceAccount} in namespace ${request.namespace} of ${request.clusterArn}`;
    let decided: TrustDecision | undefined;
    for (const action of actions) {
        const outcomes = statements.map((statement) => evaluatePodIdentityStatement(statement, action, tags));
        const deny = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Deny);
        const allow = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Allow);
        const untagged = tags === undefined ? " (session tags disabled)" : "";
        if (deny) {
            return {
                allowed: false,
                decision: TrustDecisionKind.ExplicitDeny,
                reason: `${statementName(deny)} explicitly denies ${action} to ${who}${untagged}, which overrides every Allow.`,
                matchedStatement: deny.index,
                statements: outcomes,
            };
        }
        if (!allow) {
            return {
                allowed: false,
                decision: TrustDecisionKind.ImplicitDeny,
                reason: `${implicitDenyReason(outcomes, POD_IDENTITY_SERVICE)} (${action} for ${who}${untagged}; EKS Pod Identity needs ${actions.join(" and ")}.)`,
                statements: outcomes,
            };
        }
        decided ??= {
            allowed: true,
            decision: TrustDecisionKind.Allowed,
            reason: `${statementName(allow)} allows ${actions.join(" and ")} to ${who}${untagged}.`,
            matchedStatement: allow.index,
            statements: outcomes,
        };
    }
    return decided as TrustDecision;
}

/**
 * Decides, as STS does, whether the association whose role is `callerRoleArn` and whose `externalId` is given may assume
 * a target role with this trust policy: `sts:AssumeRole` and, with session tags, `sts:TagSession`, both by the caller
 * role's session, with `sts:ExternalId` set; both must be allowed. A statement applies when its principal is `*`, the
 * caller's account or the caller's role ARN exactly (see trustsRoleSession; a value IAM may read as the caller otherwise
 * is refused), its action covers the call, and its conditions hold, where `sts:ExternalId` is the one key of the request
 * read (OIDC keys are absent; any other key, such as `aws:RequestTag/...` or `aws:PrincipalTag/...`, is refused). It
 * answers for the target's trust policy: the component role's own policy must also allow the calls (cross-account).
 *
 * @param policy the target role's trust policy, as JSON text or as a parsed object.
 * @param request the component role's ARN, the association's externalId, and whether session tags are on.
 * @returns the decision of the first required action that is not allowed (sts:AssumeRole first), else of sts:AssumeRole.
 * @throws InvalidPolicyError when the policy is not a well-formed trust policy.
 * @throws UnsupportedPolicyError when the policy uses something this evaluator does not implement.
 * @throws TypeError when `request.callerRoleArn` is not a role ARN or `request.externalId` is not what STS accepts.
 */
export function evaluateTargetRoleAssumption(policy: string | object, request: TargetRoleRequest): TrustDecision {
    const caller = callerRole(request.callerRoleArn);
    if (typeof request.externalId !== "string" || !EXTERNAL_ID.test(request.externalId)) {
        throw new TypeError("request.externalId is not an external id STS accepts (2 to 1,224 characters of letters, digits and _+=,.@:/-).");
    }
    const statements = parsePolicy(policy, { externalId: true }).statements;
    const actions = request.sessionTags === true ? POD_IDENTITY_ACTIONS : POD_IDENTITY_ACTIONS.slice(0, 1);
    const who = `the session of ${caller.arn} with sts:ExternalId ${JSON.stringify(request.externalId)}`;
    let decided: TrustDecision | undefined;
    for (const action of actions) {
        const outcomes = statements.map((statement) => evaluateTargetRoleStatement(statement, action, caller, request.externalId));
        const deny = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Deny);
        const allow = outcomes.find((o) => o.applies && o.effect === PolicyEffect.Allow);
        if (deny) {
            const reason = `${statementName(deny)} explicitly denies ${action} to ${who}, which overrides every Allow.`;
            return { allowed: false, decision: TrustDecisionKind.ExplicitDeny, reason, matchedStatement: deny.index, statements: outcomes };
        }
        if (!allow) {
            const reason = `${implicitDenyReason(outcomes, caller.arn, `the role ${caller.arn} (nor its account, nor "*")`)} (${action} for ${who}; EKS Pod Identity needs ${actions.join(" and ")}.)`;
            return { allowed: false, decision: TrustDecisionKind.ImplicitDeny, reason, statements: outcomes };
        }
        const through = statements[allow.index].accounts.includes(caller.account) && !statements[allow.index].anyPrincipal && !statements[allow.index].others.includes(caller.arn)
            ? `, through the account principal of ${caller.account} (so only if the role's own policies allow it too)`
            : "";
        decided ??= {
            allowed: true,
            decision: TrustDecisionKind.Allowed,
            reason: `${statementName(allow)} allows ${actions.join(" and ")} to ${who}${through}.`,
            matchedStatement: allow.index,
            statements: outcomes,
        };
    }
    return decided as TrustDecision;
}

// STS's ExternalId: 2 to 1,224 characters of [\w+=,.@:/-].
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function evaluateTargetRoleStatement(statement: PolicyStatement, action: string, caller: CallerRole, externalId: string): StatementOutcome {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!trustsRoleSession(statement, caller)) {
        const failure: PrincipalFailure = { part: StatementPart.Principal, expected: [...statement.federated, ...statement.others], actual: caller.arn };
        return { ...outcome, applies: false, failure };
    }
    if (!coversAction(statement, action)) {
        const failure: ActionFailure = { part: StatementPart.Action, notAction: statement.notAction, expected: statement.actions, actual: action };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const actual = condition.externalId === true && condition.assumed === undefined ? [externalId] : undefined;
        if (!conditionHolds(condition, actual)) {
            const failure: ConditionFailure = { part: StatementPart.Condition, operator: condition.operator, key: condition.key, expected: condition.values, actual };
            return { ...outcome, applies: false, failure };
        }
    }
    return { ...outcome, applies: true };
}

/** The session tags EKS sets for the association, or undefined when they are disabled. */
export function podIdentityTags(request: PodIdentityRequest): Partial<Record<PodIdentityTag, string>> | undefined {
    const match = /^arn:[^:]+:eks:[^:]+:\d{12}:cluster\/([^/]+)$/.exec(request.clusterArn);
    if (!match) {
        throw new TypeError(`request.clusterArn "${request.clusterArn}" is not an EKS cluster ARN; expected arn:<partition>:eks:<region>:<account>:cluster/<name>.`);
    }
    if (request.sessionTags === false) {
        return undefined;
    }
    return {
        "eks-cluster-arn": request.clusterArn,
        "eks-cluster-name": request.clusterName ?? match[1],
        "kubernetes-namespace": request.namespace,
        "kubernetes-service-account": request.serviceAccount,
        ...(request.podName !== undefined && { "kubernetes-pod-name": request.podName }),
        ...(request.podUid !== undefined && { "kubernetes-pod-uid": request.podUid }),
    };
}

/** The request's value of a session tag: none when tags are off; a TypeError for a pod tag the request does not give. */
export function podIdentityTagValues(tag: PodIdentityTag, tags: Partial<Record<PodIdentityTag, string>> | undefined): string[] | undefined {
    if (tags === undefined) {
        return undefined;
    }
    const value = tags[tag];
    if (value === undefined) {
        throw new TypeError(`The trust policy tests aws:RequestTag/${tag}: give the request's ${tag === "kubernetes-pod-name" ? "podName" : "podUid"}.`);
    }
    return [value];
}

function evaluatePodIdentityStatement(statement: PolicyStatement, action: string, tags: Partial<Record<PodIdentityTag, string>> | undefined): StatementOutcome {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!trustsPodIdentity(statement)) {
        const failure: PrincipalFailure = { part: StatementPart.Principal, expected: statement.federated, actual: POD_IDENTITY_SERVICE };
        return { ...outcome, applies: false, failure };
    }
    if (!coversAction(statement, action)) {
        const failure: ActionFailure = { part: StatementPart.Action, notAction: statement.notAction, expected: statement.actions, actual: action };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const partial = partialPodIdentityCondition(condition, tags !== undefined);
        const actual = partial.kind === "tag" ? podIdentityTagValues(partial.tag, tags) : undefined;
        const holds = partial.kind === "constant" ? partial.value : conditionHolds(condition, actual);
        if (!holds) {
            const failure: ConditionFailure = { part: StatementPart.Condition, operator: condition.operator, key: condition.key, expected: condition.values, actual };
            return { ...outcome, applies: false, failure };
        }
    }
    return { ...outcome, applies: true };
}

function issuerOf(providerArn: string): string {
    const issuer = issuerOfProviderArnLenient(providerArn);
    if (issuer === undefined) {
        throw new TypeError(
            `request.providerArn "${providerArn}" is not an IAM OIDC provider ARN; expected ` +
                `arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>.`,
        );
    }
    return issuer;
}

/** Principal, then action, then each condition in policy order, each condition partially evaluated for the provider. */
function evaluateStatement(
    statement: PolicyStatement,
    request: { providerArn: string; issuer: string; action: string; subject: string; audiences: string[] },
): StatementOutcome {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!trustsProvider(statement, request.providerArn)) {
        const failure: PrincipalFailure = { part: StatementPart.Principal, expected: statement.federated, actual: request.providerArn };
        return { ...outcome, applies: false, failure };
    }
    if (!coversAction(statement, request.action)) {
        const failure: ActionFailure = {
            part: StatementPart.Action,
            notAction: statement.notAction,
            expected: statement.actions,
            actual: request.action,
        };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const partial = partialCondition(condition, request.issuer);
        const actual = partial.kind === "claim" ? claimValues(partial.claim, request.subject, request.audiences) : undefined;
        const holds = partial.kind === "constant" ? partial.value : conditionHolds(condition, actual);
        if (!holds) {
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

function statementName(outcome: StatementOutcome): string {
    return outcome.sid === undefined ? `Statement ${outcome.index}` : `Statement ${outcome.index} ("${outcome.sid}")`;
}

function implicitDenyReason(outcomes: StatementOutcome[], providerArn: string, principal?: string): string {
    const allows = outcomes.filter((o) => o.effect === PolicyEffect.Allow);
    if (allows.length === 0) {
        return "The trust policy has no Allow statement, so nothing may assume the role.";
    }
    const closest = allows.find((o) => o.failure?.part !== StatementPart.Principal);
    if (!closest?.failure) {
        if (principal !== undefined) {
            return `No Allow statement trusts ${principal}.`;
        }
        return providerArn === POD_IDENTITY_SERVICE ? `No Allow statement trusts ${POD_IDENTITY_SERVICE}.` : `No Allow statement trusts the OIDC provider ${providerArn}.`;
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
            if (failure.actual.length > 1 && !/^For(All|Any)Values?:/.test(failure.operator)) {
                return `${test} never matches the several values ${list(failure.actual)}; a multivalued key needs ForAnyValue: or ForAllValues:`;
            }
            return `${test} is false for ${list(failure.actual)}`;
        }
    }
}

function list(values: string[]): string {
    return values.length === 1 ? JSON.stringify(values[0]) : `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}
