"use strict";
/**
 * Offline evaluation of an IAM role trust policy for `sts:AssumeRoleWithWebIdentity`, the call a pod makes
 * with its projected ServiceAccount token under IRSA. It answers "would STS let this token assume the
 * role?" without AWS credentials, and says which statement, element or condition decided it.
 *
 * It implements the part of IAM policy evaluation that trust policies for web identities use
 * (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy elements: Condition operators") and
 * refuses, with {@link UnsupportedPolicyError}, anything it would otherwise have to guess.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.StatementPart = exports.TrustDecisionKind = exports.UnsupportedPolicyError = exports.PolicyEffect = exports.InvalidPolicyError = void 0;
exports.evaluateTrustPolicy = evaluateTrustPolicy;
exports.evaluatePodIdentityAssociation = evaluatePodIdentityAssociation;
exports.podIdentityTags = podIdentityTags;
exports.podIdentityTagValues = podIdentityTagValues;
const issuer_1 = require("./issuer");
const policyErrors_1 = require("./policyErrors");
Object.defineProperty(exports, "InvalidPolicyError", { enumerable: true, get: function () { return policyErrors_1.InvalidPolicyError; } });
Object.defineProperty(exports, "UnsupportedPolicyError", { enumerable: true, get: function () { return policyErrors_1.UnsupportedPolicyError; } });
const policyModel_1 = require("./policyModel");
Object.defineProperty(exports, "PolicyEffect", { enumerable: true, get: function () { return policyModel_1.PolicyEffect; } });
/** The outcome of an evaluation, named as in the IAM User Guide's policy evaluation logic. */
var TrustDecisionKind;
(function (TrustDecisionKind) {
    /** An Allow statement matches and no Deny statement does. */
    TrustDecisionKind["Allowed"] = "Allowed";
    /** No Allow statement matches (or STS rejects the token before evaluating the policy). */
    TrustDecisionKind["ImplicitDeny"] = "ImplicitDeny";
    /** A Deny statement matches; it overrides every Allow. */
    TrustDecisionKind["ExplicitDeny"] = "ExplicitDeny";
})(TrustDecisionKind || (exports.TrustDecisionKind = TrustDecisionKind = {}));
/** The part of a statement that did not match the request. */
var StatementPart;
(function (StatementPart) {
    /** `Principal` does not name the OIDC provider the token arrives through. */
    StatementPart["Principal"] = "principal";
    /** `Action` does not cover (or `NotAction` excludes) the requested action. */
    StatementPart["Action"] = "action";
    /** A condition is false for the token's claims. */
    StatementPart["Condition"] = "condition";
})(StatementPart || (exports.StatementPart = StatementPart = {}));
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
function evaluateTrustPolicy(policy, request) {
    const statements = (0, policyModel_1.parsePolicy)(policy).statements;
    const issuerHostPath = issuerOf(request.providerArn);
    const action = request.action ?? policyModel_1.WEB_IDENTITY_ACTION;
    if (!/^[^:*?]+:[^:]+$/.test(action)) {
        throw new TypeError(`request.action "${action}" must be "<service>:<action>", e.g. "${policyModel_1.WEB_IDENTITY_ACTION}".`);
    }
    if (request.issuer !== undefined && request.issuer !== `https://${issuerHostPath}`) {
        return {
            allowed: false,
            decision: TrustDecisionKind.ImplicitDeny,
            reason: `No OpenIDConnect provider found for the token's issuer ${request.issuer}: it arrives through ` +
                `${request.providerArn}, whose issuer is https://${issuerHostPath}.`,
            statements: [],
        };
    }
    const audiences = typeof request.audience === "string" ? [request.audience] : [...request.audience];
    const facts = { providerArn: request.providerArn, issuer: issuerHostPath, action, subject: request.subject, audiences };
    const outcomes = statements.map((statement) => evaluateStatement(statement, facts));
    const deny = outcomes.find((o) => o.applies && o.effect === policyModel_1.PolicyEffect.Deny);
    if (deny) {
        return {
            allowed: false,
            decision: TrustDecisionKind.ExplicitDeny,
            reason: `${statementName(deny)} explicitly denies ${action} to ${request.subject}, which overrides every Allow.`,
            matchedStatement: deny.index,
            statements: outcomes,
        };
    }
    const allow = outcomes.find((o) => o.applies && o.effect === policyModel_1.PolicyEffect.Allow);
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
function evaluatePodIdentityAssociation(policy, request) {
    const statements = (0, policyModel_1.parsePolicy)(policy).statements;
    const tags = podIdentityTags(request);
    const actions = tags === undefined ? policyModel_1.POD_IDENTITY_ACTIONS.slice(0, 1) : policyModel_1.POD_IDENTITY_ACTIONS;
    const who = `the Pod Identity association for ServiceAccount ${request.serviceAccount} in namespace ${request.namespace} of ${request.clusterArn}`;
    let decided;
    for (const action of actions) {
        const outcomes = statements.map((statement) => evaluatePodIdentityStatement(statement, action, tags));
        const deny = outcomes.find((o) => o.applies && o.effect === policyModel_1.PolicyEffect.Deny);
        const allow = outcomes.find((o) => o.applies && o.effect === policyModel_1.PolicyEffect.Allow);
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
                reason: `${implicitDenyReason(outcomes, policyModel_1.POD_IDENTITY_SERVICE)} (${action} for ${who}${untagged}; EKS Pod Identity needs ${actions.join(" and ")}.)`,
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
    return decided;
}
/** The session tags EKS sets for the association, or undefined when they are disabled. */
function podIdentityTags(request) {
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
function podIdentityTagValues(tag, tags) {
    if (tags === undefined) {
        return undefined;
    }
    const value = tags[tag];
    if (value === undefined) {
        throw new TypeError(`The trust policy tests aws:RequestTag/${tag}: give the request's ${tag === "kubernetes-pod-name" ? "podName" : "podUid"}.`);
    }
    return [value];
}
function evaluatePodIdentityStatement(statement, action, tags) {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!(0, policyModel_1.trustsPodIdentity)(statement)) {
        const failure = { part: StatementPart.Principal, expected: statement.federated, actual: policyModel_1.POD_IDENTITY_SERVICE };
        return { ...outcome, applies: false, failure };
    }
    if (!(0, policyModel_1.coversAction)(statement, action)) {
        const failure = { part: StatementPart.Action, notAction: statement.notAction, expected: statement.actions, actual: action };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const partial = (0, policyModel_1.partialPodIdentityCondition)(condition, tags !== undefined);
        const actual = partial.kind === "tag" ? podIdentityTagValues(partial.tag, tags) : undefined;
        const holds = partial.kind === "constant" ? partial.value : (0, policyModel_1.conditionHolds)(condition, actual);
        if (!holds) {
            const failure = { part: StatementPart.Condition, operator: condition.operator, key: condition.key, expected: condition.values, actual };
            return { ...outcome, applies: false, failure };
        }
    }
    return { ...outcome, applies: true };
}
function issuerOf(providerArn) {
    const issuer = (0, issuer_1.issuerOfProviderArnLenient)(providerArn);
    if (issuer === undefined) {
        throw new TypeError(`request.providerArn "${providerArn}" is not an IAM OIDC provider ARN; expected ` +
            `arn:<partition>:iam::<account>:oidc-provider/<issuer host and path>.`);
    }
    return issuer;
}
/** Principal, then action, then each condition in policy order, each condition partially evaluated for the provider. */
function evaluateStatement(statement, request) {
    const outcome = { index: statement.index, sid: statement.sid, effect: statement.effect };
    if (!(0, policyModel_1.trustsProvider)(statement, request.providerArn)) {
        const failure = { part: StatementPart.Principal, expected: statement.federated, actual: request.providerArn };
        return { ...outcome, applies: false, failure };
    }
    if (!(0, policyModel_1.coversAction)(statement, request.action)) {
        const failure = {
            part: StatementPart.Action,
            notAction: statement.notAction,
            expected: statement.actions,
            actual: request.action,
        };
        return { ...outcome, applies: false, failure };
    }
    for (const condition of statement.conditions) {
        const partial = (0, policyModel_1.partialCondition)(condition, request.issuer);
        const actual = partial.kind === "claim" ? (0, policyModel_1.claimValues)(partial.claim, request.subject, request.audiences) : undefined;
        const holds = partial.kind === "constant" ? partial.value : (0, policyModel_1.conditionHolds)(condition, actual);
        if (!holds) {
            const failure = {
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
function statementName(outcome) {
    return outcome.sid === undefined ? `Statement ${outcome.index}` : `Statement ${outcome.index} ("${outcome.sid}")`;
}
function implicitDenyReason(outcomes, providerArn) {
    const allows = outcomes.filter((o) => o.effect === policyModel_1.PolicyEffect.Allow);
    if (allows.length === 0) {
        return "The trust policy has no Allow statement, so nothing may assume the role.";
    }
    const closest = allows.find((o) => o.failure?.part !== StatementPart.Principal);
    if (!closest?.failure) {
        return providerArn === policyModel_1.POD_IDENTITY_SERVICE ? `No Allow statement trusts ${policyModel_1.POD_IDENTITY_SERVICE}.` : `No Allow statement trusts the OIDC provider ${providerArn}.`;
    }
    return `No Allow statement matches: ${statementName(closest)} fails because ${describeFailure(closest.failure)}.`;
}
function describeFailure(failure) {
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
function list(values) {
    return values.length === 1 ? JSON.stringify(values[0]) : `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}
