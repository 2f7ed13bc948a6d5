"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TrustWarningCode = void 0;
exports.describeTrust = describeTrust;
exports.podIdentityAdmits = podIdentityAdmits;
exports.accessThrough = accessThrough;
exports.accessAdmits = accessAdmits;
exports.explainAccess = explainAccess;
const errors_1 = require("../errors");
const qovery_1 = require("../qovery");
const issuer_1 = require("./issuer");
const policyErrors_1 = require("./policyErrors");
const claimSatisfiability_1 = require("./claimSatisfiability");
const policyModel_1 = require("./policyModel");
const subjectLanguage_1 = require("./subjectLanguage");
const trustPolicy_1 = require("./trustPolicy");
const trustPolicyEvaluator_1 = require("./trustPolicyEvaluator");
const SUBJECT_PREFIX = "system:serviceaccount:";
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** What is too broad, or ineffective, in a trust policy. */
var TrustWarningCode;
(function (TrustWarningCode) {
    /** `Principal: "*"`: anyone, not only one cluster's tokens. */
    TrustWarningCode["AnyPrincipal"] = "AnyPrincipal";
    /** No condition on `<issuer>:sub`: every ServiceAccount of the cluster, so any pod, can assume the role. */
    TrustWarningCode["NoSubjectCondition"] = "NoSubjectCondition";
    /** A `StringLike` subject pattern that matches every ServiceAccount of every namespace. */
    TrustWarningCode["WholeSubjectPattern"] = "WholeSubjectPattern";
    /** A namespace pattern of just `*`: the ServiceAccount name in any namespace, including ones anybody can create. */
    TrustWarningCode["AnyNamespace"] = "AnyNamespace";
    /** A ServiceAccount pattern of just `*`: every ServiceAccount of the namespace(s), `default` included. */
    TrustWarningCode["AnyServiceAccount"] = "AnyServiceAccount";
    /**
     * Conditions on `<issuer>:sub` that are all negated (`StringNotEquals`, `StringNotLike`): every ServiceAccount they do
     * not exclude, in namespaces created later too, can assume the role.
     */
    TrustWarningCode["OnlyNegatedSubject"] = "OnlyNegatedSubject";
    /** No condition on `<issuer>:aud`, which AWS recommends (`StringEquals` to `sts.amazonaws.com`). */
    TrustWarningCode["NoAudienceCondition"] = "NoAudienceCondition";
    /** An audience pattern with wildcards. */
    TrustWarningCode["AudiencePattern"] = "AudiencePattern";
    /** Condition keys that name another issuer than the Federated principal: tokens never carry them. */
    TrustWarningCode["IssuerMismatch"] = "IssuerMismatch";
    /** A `*` or `?` under `StringEquals`, where it is literal and matches only a name that cannot exist. */
    TrustWarningCode["LiteralWildcard"] = "LiteralWildcard";
    /** A subject whose namespace or name no Kubernetes object can have (e.g. a placeholder left unreplaced). */
    TrustWarningCode["ImpossibleSubject"] = "ImpossibleSubject";
    /** An Allow statement whose actions do not include `sts:AssumeRoleWithWebIdentity`, the call IRSA makes. */
    TrustWarningCode["NotWebIdentity"] = "NotWebIdentity";
    /** An Allow statement whose conditions on `<issuer>:sub` no namespace and ServiceAccount name Kubernetes allows satisfy. */
    TrustWarningCode["NoServiceAccount"] = "NoServiceAccount";
    /** A Pod Identity Allow statement with no condition on the session tags: any Pod Identity association in the account may use the role. */
    TrustWarningCode["AnyPodIdentityAssociation"] = "AnyPodIdentityAssociation";
    /** A Pod Identity statement whose session-tag conditions stop restricting (an Allow that still holds, a Deny that no longer applies) when the association disables session tags. */
    TrustWarningCode["SessionTagsDisabledDefeats"] = "SessionTagsDisabledDefeats";
    /** A Pod Identity Allow statement that allows only one of `sts:AssumeRole` and `sts:TagSession`; EKS Pod Identity needs both. */
    TrustWarningCode["PodIdentityMissingAction"] = "PodIdentityMissingAction";
})(TrustWarningCode || (exports.TrustWarningCode = TrustWarningCode = {}));
/**
 * Says, per statement and per trusted cluster, which ServiceAccounts a trust policy admits and which audience it
 * requires, in plain words, and warns about trust that is too broad (patterns that admit every namespace or every
 * ServiceAccount, decided over the names Kubernetes allows; no `:sub` or `:aud` condition) or that can never work
 * (condition keys of another issuer than the Federated principal's, as in the Qovery tutorial's example, or names no
 * Kubernetes object can have). It reads the policy with the same model and the same partial evaluation as
 * `evaluateTrustPolicy`, so `providers` admits exactly the tokens the evaluator allows.
 *
 * @param policy the trust policy, as JSON text or parsed.
 * @throws InvalidPolicyError when it is not a trust policy; UnsupportedPolicyError when it uses what eks-irsa does not model.
 */
function describeTrust(policy) {
    const model = (0, policyModel_1.parsePolicy)(policy);
    const providers = providerAccesses(model);
    const podIdentity = podIdentityAccess(model);
    const statements = model.statements.map((statement) => describeStatement(statement, providers, podIdentity));
    const warnings = statements.flatMap((s) => s.warnings);
    return { statements: statements.map((s) => s.description), warnings, providers, podIdentity };
}
/**
 * Whether `access` admits the association: with session tags, an Allow clause and no Deny clause holds for each of
 * `sts:AssumeRole` and `sts:TagSession`; without them, for `sts:AssumeRole` with every session tag absent.
 *
 * @param access `describeTrust(policy).podIdentity`.
 * @param request the association (see `evaluatePodIdentityAssociation`).
 * @throws TypeError for a cluster ARN that is not one, or a pod name or UID a condition tests and the request lacks.
 */
function podIdentityAdmits(access, request) {
    const tags = (0, trustPolicyEvaluator_1.podIdentityTags)(request);
    const holds = (clause) => clause.conditions.every((c) => (0, policyModel_1.conditionHolds)(c, tags === undefined ? undefined : (0, trustPolicyEvaluator_1.podIdentityTagValues)(c.tag, tags)));
    const required = tags === undefined ? access.actions.slice(0, 1) : access.actions;
    return required.every((action) => action.allows.some(holds) && !action.denies.some(holds));
}
/**
 * The entry of `description.providers` that a token arriving through `providerArn` meets: the one naming it, else the
 * one of its issuer trusted through `Principal: "*"`, else the one for every other provider; undefined when none
 * trusts it (nothing is admitted).
 */
function accessThrough(description, providerArn) {
    const issuer = (0, issuer_1.issuerOfProviderArnLenient)(providerArn)?.toLowerCase();
    return (description.providers.find((p) => p.providerArn === providerArn) ??
        description.providers.find((p) => p.providerArn === undefined && p.issuer !== undefined && p.issuer.toLowerCase() === issuer) ??
        description.providers.find((p) => p.providerArn === undefined && p.issuer === undefined));
}
/**
 * Whether `access` admits a token with this `sub` and these `aud` values: an Allow clause holds and no Deny clause does.
 *
 * @param access the provider's entry (see {@link accessThrough}); undefined admits nothing.
 * @param subject the token's `sub`.
 * @param audiences the token's `aud` values; none when the claim is absent.
 */
function accessAdmits(access, subject, audiences) {
    const holds = (clause) => clause.conditions.every((c) => (0, policyModel_1.conditionHolds)(c, (0, policyModel_1.claimValues)(c.claim, subject, audiences)));
    return access !== undefined && access.allows.some(holds) && !access.denies.some(holds);
}
/**
 * Decides whether a ServiceAccount's token may assume a role with the given trust policy (see `evaluateTrustPolicy`).
 * Without `providerArn` the provider is the policy's one for `issuerUrl`, or, when neither is given, the policy's only
 * Federated principal.
 *
 * @throws IrsaArgumentError when the provider cannot be told; InvalidPolicyError or UnsupportedPolicyError for a bad policy.
 */
function explainAccess(policy, question) {
    const model = (0, policyModel_1.parsePolicy)(policy);
    const providers = [...new Set(model.statements.flatMap((s) => s.federated.filter((arn) => (0, issuer_1.issuerOfProviderArnLenient)(arn) !== undefined)))];
    let providerArn = question.providerArn;
    if (providerArn === undefined && question.issuerUrl !== undefined) {
        const issuer = (0, issuer_1.issuerOf)(question.issuerUrl);
        const account = providers.length > 0 ? providers[0].split(":")[4] : "123456789012";
        providerArn = providers.find((arn) => (0, issuer_1.issuerOfProviderArnLenient)(arn) === issuer) ?? (0, issuer_1.oidcProviderArn)("aws", account, issuer);
    }
    if (providerArn === undefined) {
        if (providers.length !== 1) {
            throw new errors_1.IrsaArgumentError("providerArn", undefined, providers.length === 0
                ? "the policy names no IAM OIDC provider, so say which one the token comes through (its ARN, or the cluster's issuer URL)."
                : `the policy trusts ${providers.length} OIDC providers (${providers.join(", ")}); say which one the token comes through (its ARN, or the cluster's issuer URL).`);
        }
        providerArn = providers[0];
    }
    const request = {
        providerArn,
        subject: (0, trustPolicy_1.serviceAccountSubject)(question.namespace, question.serviceAccount),
        audience: question.audience ?? issuer_1.DEFAULT_AUDIENCE,
        ...(question.issuerUrl !== undefined && { issuer: question.issuerUrl.replace(/\/+$/, "") }),
    };
    return { request, decision: (0, trustPolicyEvaluator_1.evaluateTrustPolicy)(policy, request) };
}
/**
 * One entry per provider whose tokens the policy may treat differently: each OIDC provider a Federated principal names,
 * and, when a statement trusts `Principal: "*"`, each issuer its condition keys name plus one for every other provider.
 */
function providerAccesses(model) {
    const entries = [];
    for (const arn of new Set(model.statements.flatMap((s) => s.federated))) {
        const issuer = (0, issuer_1.issuerOfProviderArnLenient)(arn);
        if (issuer !== undefined) {
            entries.push({ providerArn: arn, issuer });
        }
    }
    if (model.statements.some((s) => s.anyPrincipal)) {
        const keyIssuers = new Map(model.statements.flatMap((s) => s.conditions).map((c) => [c.keyIssuer.toLowerCase(), c.keyIssuer]));
        entries.push(...[...keyIssuers.values()].map((issuer) => ({ issuer })), {});
    }
    return entries.map(({ providerArn, issuer }) => {
        const clauses = model.statements
            .filter((s) => (providerArn === undefined ? s.anyPrincipal : (0, policyModel_1.trustsProvider)(s, providerArn)) && (0, policyModel_1.coversAction)(s, policyModel_1.WEB_IDENTITY_ACTION))
            .map((s) => clauseFor(s, issuer))
            .filter((clause) => clause !== undefined);
        const allows = clauses.filter(([effect]) => effect === policyModel_1.PolicyEffect.Allow).map(([, clause]) => clause);
        const denies = clauses.filter(([effect]) => effect === policyModel_1.PolicyEffect.Deny).map(([, clause]) => clause);
        const access = { ...(providerArn !== undefined && { providerArn }), ...(issuer !== undefined && { issuer }), allows, denies };
        return { ...access, text: providerText(access) };
    });
}
/**
 * The Pod Identity answer: per action, the clauses of the statements trusting `pods.eks.amazonaws.com` (or `"*"`) with
 * their conditions on the session tags; conditions on OIDC keys are constants (absent keys) and folded away.
 */
function podIdentityAccess(model) {
    const actions = policyModel_1.POD_IDENTITY_ACTIONS.map((action) => {
        const clauses = model.statements
            .filter((s) => (0, policyModel_1.trustsPodIdentity)(s) && (0, policyModel_1.coversAction)(s, action))
            .map((s) => podIdentityClause(s, true))
            .filter((clause) => clause !== undefined);
        return {
            action,
            allows: clauses.filter(([effect]) => effect === policyModel_1.PolicyEffect.Allow).map(([, clause]) => clause),
            denies: clauses.filter(([effect]) => effect === policyModel_1.PolicyEffect.Deny).map(([, clause]) => clause),
        };
    });
    return { actions, text: podIdentityText(actions) };
}
/** The statement's session-tag conditions for a Pod Identity request, or undefined when another condition is always false. */
function podIdentityClause(statement, sessionTags) {
    const conditions = [];
    for (const condition of statement.conditions) {
        const partial = (0, policyModel_1.partialPodIdentityCondition)(condition, sessionTags);
        if (partial.kind === "constant" && !partial.value) {
            return undefined;
        }
        if (partial.kind === "tag") {
            conditions.push(condition);
        }
    }
    return [statement.effect, { statement: statement.index, conditions, text: podIdentityClauseText(conditions) }];
}
const TAG_WORDS = {
    "eks-cluster-arn": "cluster ARN",
    "eks-cluster-name": "cluster name",
    "kubernetes-namespace": "namespace",
    "kubernetes-service-account": "ServiceAccount",
    "kubernetes-pod-name": "pod name",
    "kubernetes-pod-uid": "pod UID",
};
function podIdentityClauseText(conditions) {
    if (conditions.length === 0) {
        return "any association (no condition on the session tags)";
    }
    return conditions
        .map((c) => {
        const what = TAG_WORDS[c.tag];
        if (c.isNull) {
            const absent = c.values.includes("true");
            const present = c.values.includes("false");
            return absent && present ? `any ${what} or none (Null)` : absent ? `no ${what} tag (Null: session tags disabled)` : `a ${what} tag (Null)`;
        }
        const verb = c.negated ? (c.like ? "not matching" : "not") : c.like ? "matching" : "";
        const values = c.values.join(c.negated ? " nor " : " or ");
        const set = c.setOperator === undefined ? "" : ` (${c.setOperator})`;
        const absent = c.ifExists ? ", or no tag" : "";
        return `${what} ${verb ? `${verb} ` : ""}${values}${absent}${set}`;
    })
        .join(", and ");
}
function podIdentityText(actions) {
    const [assume, tag] = actions;
    const through = `Through EKS Pod Identity (${policyModel_1.POD_IDENTITY_SERVICE})`;
    if (assume.allows.length === 0) {
        return [`${through}: admits no association`];
    }
    const lines = [
        `${through}, an association is admitted (sts:AssumeRole) if it has one of:`,
        ...assume.allows.map((clause) => `  - ${clause.text} (Statement ${clause.statement})`),
        ...(assume.denies.length === 0 ? [] : ["  unless it has one of:", ...assume.denies.map((clause) => `  - ${clause.text} (Statement ${clause.statement}, Deny)`)]),
    ];
    if (tag.allows.length === 0) {
        lines.push("  but no statement allows sts:TagSession, so only an association with session tags disabled can use the role");
    }
    else if (!sameClauses(assume, tag)) {
        lines.push("  and, with session tags (the default), sts:TagSession if it has one of:", ...tag.allows.map((clause) => `  - ${clause.text} (Statement ${clause.statement})`), ...(tag.denies.length === 0 ? [] : ["  unless it has one of:", ...tag.denies.map((clause) => `  - ${clause.text} (Statement ${clause.statement}, Deny)`)]));
    }
    return lines;
}
function sameClauses(a, b) {
    const ids = (clauses) => clauses.map((c) => c.statement).join(",");
    return ids(a.allows) === ids(b.allows) && ids(a.denies) === ids(b.denies);
}
/** The statement's conditions left for the provider's tokens, or undefined when one of them is always false. */
function clauseFor(statement, issuer) {
    const conditions = [];
    for (const condition of statement.conditions) {
        const partial = (0, policyModel_1.partialCondition)(condition, issuer);
        if (partial.kind === "constant" && !partial.value) {
            return undefined;
        }
        if (partial.kind === "claim") {
            conditions.push(condition);
        }
    }
    if (!mayHold(conditions, "sub") || !mayHold(conditions, "aud")) {
        return undefined;
    }
    return [statement.effect, { statement: statement.index, conditions, text: clauseText(conditions) }];
}
/**
 * False when no token's claim can meet all the clause's conditions on it (the clause then admits nobody, as a constant
 * false condition makes it); true when some can, or when the search gives up. The claim is absent, one value (for
 * which patterns and their negations are searched exactly), or (the audience only) several values, which every
 * condition without a set operator refuses (`conditionHolds`).
 */
function mayHold(conditions, claim) {
    const onClaim = conditions.filter((c) => c.claim === claim);
    const valued = onClaim.filter((c) => !c.isNull);
    if (claim === "aud" && onClaim.every((c) => (0, policyModel_1.conditionHolds)(c, undefined))) {
        return true;
    }
    // Present from here on: a Null "true" allows nothing else.
    if (onClaim.some((c) => c.isNull && !c.values.includes("false"))) {
        return false;
    }
    if ((0, claimSatisfiability_1.someValueMeets)(valued) !== false) {
        return true;
    }
    if (claim === "sub" || valued.some((c) => c.setOperator === undefined)) {
        return false;
    }
    // Several audiences, with set operators only: each ForAnyValue needs a value of its own that every ForAllValues
    // admits, and a set of such values meets the clause. Without a ForAnyValue, any one value of a set would do alone.
    const forAll = valued.filter((c) => c.setOperator === "ForAllValues");
    const forAny = valued.filter((c) => c.setOperator === "ForAnyValue");
    return forAny.length > 0 && forAny.every((any) => (0, claimSatisfiability_1.someValueMeets)([any, ...forAll]) !== false);
}
function clauseText(conditions) {
    if (conditions.length === 0) {
        return "every token (no condition on sub or aud)";
    }
    return conditions.map(conditionText).join(", and ");
}
function conditionText(condition) {
    const set = condition.setOperator === undefined ? "" : ` (${condition.setOperator})`;
    if (condition.isNull) {
        const absent = condition.values.includes("true");
        const present = condition.values.includes("false");
        return absent && present ? "any audience or none (Null)" : absent ? "a token without audience (Null)" : "a token with an audience (Null)";
    }
    if (condition.claim === "aud") {
        return `audience ${describeAudience(condition)} (${condition.operator})`;
    }
    const subjects = condition.values.map((value) => describeSubject(condition, value, condition.keyIssuer, false).text);
    return condition.negated ? subjects.join(" and ") + set : subjects.join(" or ") + set;
}
function providerText(access) {
    const through = access.providerArn !== undefined
        ? `Through OIDC provider ${access.providerArn} (issuer https://${access.issuer})`
        : access.issuer !== undefined
            ? `Through any OIDC provider of issuer https://${access.issuer} (Principal "*")`
            : `Through any other OIDC provider (Principal "*")`;
    if (access.allows.length === 0) {
        return [`${through}: admits nothing`];
    }
    return [
        `${through}, a token is admitted if it is one of:`,
        ...access.allows.map((clause) => `  - ${clause.text} (Statement ${clause.statement})`),
        ...(access.denies.length === 0 ? [] : ["  unless it is one of:", ...access.denies.map((clause) => `  - ${clause.text} (Statement ${clause.statement}, Deny)`)]),
    ];
}
function describeStatement(statement, accesses, podIdentity) {
    const warnings = [];
    const warn = (code, message) => {
        if (!warnings.some((w) => w.code === code)) {
            warnings.push({ code, statement: statement.index, message });
        }
    };
    const name = `Statement ${statement.index}`;
    const { effect, anyPrincipal } = statement;
    const providers = statement.federated;
    const issuers = providers.map(issuer_1.issuerOfProviderArnLenient).filter((issuer) => issuer !== undefined);
    const webIdentity = (0, policyModel_1.coversAction)(statement, policyModel_1.WEB_IDENTITY_ACTION);
    const own = (keyIssuer) => anyPrincipal || issuers.some((issuer) => issuer.toLowerCase() === keyIssuer.toLowerCase());
    // The clause this statement leaves for each provider that it trusts and whose tokens it does not always refuse.
    const live = accesses.flatMap((access) => [...access.allows, ...access.denies].filter((clause) => clause.statement === statement.index));
    const podLive = podIdentity.actions.flatMap((a) => [...a.allows, ...a.denies]).filter((clause) => clause.statement === statement.index);
    const admitsNothing = live.length === 0 && podLive.length === 0;
    const oidcLive = live.length > 0;
    const subjects = [];
    const audiences = [];
    const foreignKeys = [];
    for (const condition of statement.conditions) {
        const foreign = issuers.length > 0 && !own(condition.keyIssuer);
        if (foreign) {
            foreignKeys.push(condition.key);
        }
        if (condition.isNull || condition.tag !== undefined) {
            continue;
        }
        if (condition.claim === "sub") {
            subjects.push(...condition.values.map((value) => describeSubject(condition, value, condition.keyIssuer, foreign)));
        }
        else {
            audiences.push({ operator: condition.operator, values: condition.values, keyIssuer: condition.keyIssuer, foreign, text: describeAudience(condition) });
        }
    }
    if (foreignKeys.length > 0) {
        const keyIssuers = [...new Set(foreignKeys.map((key) => key.slice(0, key.lastIndexOf(":"))))];
        warn(TrustWarningCode.IssuerMismatch, `${name} trusts the OIDC provider of ${issuers.join(" and ")} but its conditions test ${foreignKeys.join(", ")}, ` +
            `keys of ${keyIssuers.join(" and ")} that its tokens never carry, so ` +
            (admitsNothing ? "it admits no token at all" : "those conditions are always true and restrict nothing") +
            ". Use one issuer in both: the cluster's OpenID Connect provider URL without https://.");
    }
    if (anyPrincipal && effect === policyModel_1.PolicyEffect.Allow) {
        warn(TrustWarningCode.AnyPrincipal, `${name} trusts Principal "*": any principal, not only the cluster's tokens. Name the cluster's OIDC provider as Federated principal.`);
    }
    if (effect === policyModel_1.PolicyEffect.Allow && (providers.length > 0 || anyPrincipal) && !webIdentity) {
        warn(TrustWarningCode.NotWebIdentity, `${name} does not allow ${policyModel_1.WEB_IDENTITY_ACTION}, the call IRSA makes, so no pod can use it.`);
    }
    if (statement.podIdentity) {
        podIdentityWarnings(statement, podLive, name, warn);
    }
    const admitsSome = effect === policyModel_1.PolicyEffect.Allow && oidcLive ? breadthWarnings(statement, live, name, warn) : true;
    // A statement is never said to admit both no ServiceAccount and every ServiceAccount.
    if (!warnings.some((w) => EVERY_CODES.includes(w.code))) {
        for (const subject of subjects.filter((s) => !s.foreign && !s.negated)) {
            valueWarnings(subject, name, warn);
        }
        if (!admitsSome && !warnings.some((w) => w.code === TrustWarningCode.LiteralWildcard || w.code === TrustWarningCode.ImpossibleSubject)) {
            warn(TrustWarningCode.NoServiceAccount, `${name} admits no ServiceAccount: no namespace and ServiceAccount name Kubernetes allows satisfies its conditions on ${subjectKey(issuers)}. ` +
                "Check the namespace and name it tests.");
        }
    }
    const ownAudiences = audiences.filter((a) => !a.foreign && !a.operator.includes("Not"));
    if (effect === policyModel_1.PolicyEffect.Allow && oidcLive && ownAudiences.length === 0) {
        warn(TrustWarningCode.NoAudienceCondition, `${name} does not check the token's audience (${audienceKey(issuers)}): a token for any client ID of the provider is accepted. ` +
            `AWS recommends "StringEquals": {"${audienceKey(issuers)}": "${issuer_1.DEFAULT_AUDIENCE}"}.`);
    }
    for (const audience of ownAudiences) {
        if (effect === policyModel_1.PolicyEffect.Allow && oidcLive && audience.operator.includes("Like") && audience.values.some((value) => /[*?]/.test(value))) {
            warn(TrustWarningCode.AudiencePattern, `${name} accepts audiences matching ${audience.values.join(", ")}; require exactly "${issuer_1.DEFAULT_AUDIENCE}" with StringEquals.`);
        }
    }
    const description = {
        index: statement.index,
        ...(statement.sid !== undefined && { sid: statement.sid }),
        effect,
        providers,
        issuers,
        anyPrincipal,
        webIdentity,
        podIdentity: statement.podIdentity,
        ...(statement.podIdentity && podLive.length > 0 && { associations: podLive[0].text }),
        subjects,
        audiences,
        foreignKeys,
        admitsNothing,
    };
    return { description, warnings };
}
/**
 * Warnings about a Pod Identity statement: an Allow with no condition on the session tags (eksctl's
 * migrate-to-pod-identity shape), one that lacks sts:AssumeRole or sts:TagSession, and conditions that an association
 * with session tags disabled defeats (an Allow that still holds, a Deny that no longer applies, without the tags).
 */
function podIdentityWarnings(statement, clauses, name, warn) {
    const allow = statement.effect === policyModel_1.PolicyEffect.Allow;
    const [assumeRole, tagSession] = policyModel_1.POD_IDENTITY_ACTIONS.map((action) => (0, policyModel_1.coversAction)(statement, action));
    if (allow && clauses.some((clause) => clause.conditions.length === 0)) {
        warn(TrustWarningCode.AnyPodIdentityAssociation, `${name} trusts ${policyModel_1.POD_IDENTITY_SERVICE} without conditions on the session tags, so any Pod Identity association in the account may use this role ` +
            "(the shape eksctl's migrate-to-pod-identity leaves, and the one a statement for disabled session tags must have). " +
            'Add "StringEquals" on aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.');
    }
    if (allow && assumeRole !== tagSession) {
        const [has, lacks] = assumeRole ? policyModel_1.POD_IDENTITY_ACTIONS : [...policyModel_1.POD_IDENTITY_ACTIONS].reverse();
        warn(TrustWarningCode.PodIdentityMissingAction, `${name} allows ${has} but not ${lacks} to ${policyModel_1.POD_IDENTITY_SERVICE}: EKS Pod Identity calls both, so this statement does not work for Pod Identity ` +
            `${lacks === "sts:TagSession" ? "unless the association disables session tags" : "on its own"}. Allow both actions.`);
    }
    const tagged = clauses.filter((clause) => clause.conditions.length > 0);
    const untagged = podIdentityClause(statement, false) !== undefined;
    if (tagged.length > 0 && untagged === allow) {
        warn(TrustWarningCode.SessionTagsDisabledDefeats, allow
            ? `${name}'s conditions on the session tags hold when the tags are absent, so an association with session tags disabled passes them whatever its cluster, namespace and ServiceAccount. Use positive operators (StringEquals, StringLike) without IfExists.`
            : `${name} (Deny) stops applying when the session tags are absent, so an association with session tags disabled escapes it. Deny with a Null condition on the tag as well, or refuse disabled session tags.`);
    }
}
const EVERY_CODES = [TrustWarningCode.NoSubjectCondition, TrustWarningCode.WholeSubjectPattern, TrustWarningCode.AnyNamespace, TrustWarningCode.AnyServiceAccount];
/**
 * Warnings about what an Allow statement admits, decided over the names Kubernetes allows for each clause it leaves:
 * every subject, every namespace for one name, or every ServiceAccount of one namespace. Returns whether any clause
 * admits some ServiceAccount.
 */
function breadthWarnings(statement, clauses, name, warn) {
    const where = `Statement ${statement.index}`;
    const issuers = statement.federated.map(issuer_1.issuerOfProviderArnLenient).filter((issuer) => issuer !== undefined);
    let admitsSome = false;
    for (const clause of clauses) {
        const tests = clause.conditions.filter((c) => c.claim === "sub").map((c) => ({ values: c.values, like: c.like, negated: c.negated }));
        if (tests.length === 0) {
            admitsSome = true;
            warn(TrustWarningCode.NoSubjectCondition, `${name} has no condition on ${subjectKey(issuers)}, so every ServiceAccount in every namespace of the cluster (any pod) can assume the role. ` +
                `Add "StringEquals": {"${subjectKey(issuers)}": "system:serviceaccount:<namespace>:<name>"}.`);
            continue;
        }
        let reach;
        try {
            reach = (0, subjectLanguage_1.subjectReach)(tests);
        }
        catch (error) {
            if (error instanceof subjectLanguage_1.SubjectAnalysisLimitError) {
                throw new policyErrors_1.UnsupportedPolicyError(`subject patterns too intricate to analyse (${error.message})`, where);
            }
            throw error;
        }
        admitsSome ||= reach.some;
        const values = tests.flatMap((t) => (t.negated ? [] : t.values)).join(", ") || "its negated conditions";
        if (reach.everySubject) {
            warn(TrustWarningCode.WholeSubjectPattern, `${name} admits every ServiceAccount in every namespace of the cluster (any pod) with ${values}. ` +
                "Name the ServiceAccount, and the namespace or a narrow pattern such as z*.");
            continue;
        }
        if (reach.everyNamespace) {
            warn(TrustWarningCode.AnyNamespace, `${name} admits a ServiceAccount name in every namespace with ${values}: whoever can create a ServiceAccount of that name ` +
                "in any namespace can assume the role. Narrow it to the namespace, or a pattern such as z* or z????????-z????????.");
        }
        if (reach.everyServiceAccount) {
            warn(TrustWarningCode.AnyServiceAccount, `${name} admits every ServiceAccount of a namespace with ${values}, "default" included, which every pod without its own ServiceAccount uses. ` +
                "Write system:serviceaccount:<namespace pattern>:<name> and name the ServiceAccount.");
        }
        // Exclusions alone leave every other name open, even where they close every namespace or name to some degree.
        if (reach.some && tests.every((t) => t.negated) && !reach.everyNamespace && !reach.everyServiceAccount) {
            warn(TrustWarningCode.OnlyNegatedSubject, `${name} tests ${subjectKey(issuers)} only with negated conditions, so every ServiceAccount they do not exclude, in namespaces created later too, ` +
                'can assume the role. Name what it admits: "StringEquals": {"' +
                subjectKey(issuers) +
                '": "system:serviceaccount:<namespace>:<name>"}.');
        }
    }
    return admitsSome;
}
/** Warnings about one value that no ServiceAccount can match. */
function valueWarnings(subject, name, warn) {
    if (!subject.pattern && /[*?]/.test(subject.value)) {
        warn(TrustWarningCode.LiteralWildcard, `${name} compares ${subject.value} with ${subject.operator}, where * and ? are plain characters, so it matches no ServiceAccount. Use StringLike for a pattern.`);
        return;
    }
    const impossible = impossibleParts(subject);
    if (impossible.length > 0) {
        warn(TrustWarningCode.ImpossibleSubject, `${name} admits ${subject.value}, but ${impossible.join(" and ")}, so no token ever matches it. Replace it with the real namespace and ServiceAccount name.`);
    }
}
/** Why no Kubernetes object can have this subject, if none can. */
function impossibleParts(subject) {
    if (subject.namespace === undefined || subject.serviceAccount === undefined) {
        return [];
    }
    const strip = (value) => (subject.pattern ? value.replace(/[*?]/g, "a") : value);
    const parts = [];
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
function describeSubject(condition, value, keyIssuer, foreign) {
    const base = { operator: condition.operator, value, pattern: condition.like, negated: condition.negated, keyIssuer, foreign };
    const rest = value.startsWith(SUBJECT_PREFIX) ? value.slice(SUBJECT_PREFIX.length) : undefined;
    const parts = rest?.split(":");
    if (parts !== undefined && parts.length === 2 && parts[0] !== "" && parts[1] !== "" && !(condition.like && /\*/.test(parts[0]) && /\*/.test(parts[1]))) {
        const [namespace, serviceAccount] = parts;
        const text = `${describeServiceAccount(serviceAccount, condition.like)} ${describeNamespace(namespace, condition.like)}`;
        return { ...base, namespace, serviceAccount, text: condition.negated ? `not ${text}` : text };
    }
    let text;
    const reach = condition.like ? singlePatternReach(value) : undefined;
    if (reach?.everySubject) {
        text = `every ServiceAccount in every namespace (pattern ${value})`;
    }
    else if (condition.like && rest !== undefined && /^[^*?:]*\*$/.test(rest)) {
        // `*` also spans the colon, so `system:serviceaccount:z*` covers every name in the namespaces starting with z.
        const prefix = rest.slice(0, -1);
        text = `every ServiceAccount in every namespace whose name starts with ${prefix} (pattern ${value})`;
    }
    else {
        text = condition.like ? `every subject matching ${value}` : `the subject ${value}`;
    }
    if (parts !== undefined && parts.length === 2) {
        return { ...base, namespace: parts[0], serviceAccount: parts[1], text: condition.negated ? `not ${text}` : text };
    }
    return { ...base, text: condition.negated ? `not ${text}` : text };
}
function singlePatternReach(pattern) {
    try {
        return (0, subjectLanguage_1.subjectReach)([{ values: [pattern], like: true, negated: false }]);
    }
    catch (error) {
        if (error instanceof subjectLanguage_1.SubjectAnalysisLimitError) {
            return undefined;
        }
        throw error;
    }
}
function describeServiceAccount(serviceAccount, like) {
    if (!like || !/[*?]/.test(serviceAccount)) {
        return `ServiceAccount ${serviceAccount}`;
    }
    return serviceAccount === "*" ? "every ServiceAccount" : `every ServiceAccount matching ${serviceAccount} (${describePattern(serviceAccount, "ServiceAccount")})`;
}
function describeNamespace(namespace, like) {
    if (!like || !/[*?]/.test(namespace)) {
        return `in namespace ${namespace}`;
    }
    return namespace === "*" ? "in every namespace" : `in every namespace matching ${namespace} (${describePattern(namespace, "namespace")})`;
}
/** A `StringLike` pattern in words: "any namespace whose name starts with z". */
function describePattern(pattern, what) {
    const literal = (value) => !/[*?]/.test(value);
    if (what === "namespace" && pattern === qovery_1.QOVERY_ENVIRONMENT_NAMESPACE_PATTERN) {
        return "only Qovery's environment namespaces: z, 8 characters, -z, 8 characters";
    }
    if (what === "namespace" && pattern === qovery_1.QOVERY_CLUSTER_NAMESPACE_PATTERN) {
        return `any namespace whose name starts with z, not only Qovery's environments; ${qovery_1.QOVERY_ENVIRONMENT_NAMESPACE_PATTERN} admits only those`;
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
function describeAudience(condition) {
    const values = condition.values.join(" or ");
    if (condition.negated) {
        return `must not be ${values}`;
    }
    return condition.like && condition.values.some((value) => /[*?]/.test(value)) ? `must match ${values}` : `must be ${values}`;
}
function subjectKey(issuers) {
    return `${issuers[0] ?? "<issuer>"}:sub`;
}
function audienceKey(issuers) {
    return `${issuers[0] ?? "<issuer>"}:aud`;
}
