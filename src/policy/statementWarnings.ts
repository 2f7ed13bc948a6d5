import { DEFAULT_AUDIENCE, issuerOfProviderArnLenient } from "./issuer";
import { UnsupportedPolicyError } from "./policyErrors";
import { coversAction, PolicyEffect, PolicyStatement, POD_IDENTITY_ACTIONS, POD_IDENTITY_SERVICE, WEB_IDENTITY_ACTION } from "./policyModel";
import { podIdentityClause } from "./podIdentityClause";
import { SubjectAnalysisLimitError, SubjectReach, subjectReach } from "./subjectLanguage";
import { AccessClause, AudienceDescription, SubjectDescription, TrustWarning, TrustWarningCode } from "./trustDescription";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What describeTrust has read of one statement, which its warnings judge. */
export interface StatementReading {
    statement: PolicyStatement;
    /** The issuers of its Federated principals that are OIDC provider ARNs. */
    issuers: string[];
    /** True when its actions include `sts:AssumeRoleWithWebIdentity`. */
    webIdentity: boolean;
    /** Its clauses for the tokens of the providers it takes part in. */
    live: AccessClause[];
    /** Its clauses for EKS Pod Identity associations. */
    podLive: AccessClause[];
    /** True when it takes part in no decision for any token or association. */
    admitsNothing: boolean;
    subjects: SubjectDescription[];
    audiences: AudienceDescription[];
    /** Condition keys that name an issuer other than the Federated principal's. */
    foreignKeys: string[];
}

type Warn = (code: TrustWarningCode, message: string) => void;

/**
 * What is too broad, or ineffective, in one statement, each code at most once: whom it trusts and how, then whom its
 * subjects admit, then its audience.
 */
export function statementWarnings(reading: StatementReading): TrustWarning[] {
    const warnings: TrustWarning[] = [];
    const warn: Warn = (code, message) => {
        if (!warnings.some((w) => w.code === code)) {
            warnings.push({ code, statement: reading.statement.index, message });
        }
    };
    const name = `Statement ${reading.statement.index}`;
    principalWarnings(reading, name, warn);
    subjectWarnings(reading, name, warn, warnings);
    audienceWarnings(reading, name, warn);
    return warnings;
}

/** Keys of another issuer, any principal, no web identity action, then the Pod Identity and other principals' warnings. */
function principalWarnings(reading: StatementReading, name: string, warn: Warn): void {
    const { statement, issuers, webIdentity, podLive, admitsNothing, foreignKeys } = reading;
    const { effect, anyPrincipal } = statement;
    const providers = statement.federated;
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
    if (anyPrincipal && effect === PolicyEffect.Allow) {
        warn(TrustWarningCode.AnyPrincipal, `${name} trusts Principal "*": any principal, not only the cluster's tokens. Name the cluster's OIDC provider as Federated principal.`);
    }
    if (effect === PolicyEffect.Allow && (providers.length > 0 || anyPrincipal) && !webIdentity) {
        warn(TrustWarningCode.NotWebIdentity, `${name} does not allow ${WEB_IDENTITY_ACTION}, the call IRSA makes, so no pod can use it.`);
    }
    if (statement.podIdentity) {
        podIdentityWarnings(statement, podLive, name, warn);
    }
    otherPrincipalWarning(statement, name, warn);
}

/**
 * An Allow's breadth over the names Kubernetes allows, then, unless it admits every ServiceAccount somewhere, values no
 * ServiceAccount can match and an Allow that admits none. `warnings` are the statement's so far.
 */
function subjectWarnings(reading: StatementReading, name: string, warn: Warn, warnings: TrustWarning[]): void {
    const { statement, issuers, live, subjects } = reading;
    const admitsSome = statement.effect === PolicyEffect.Allow && live.length > 0 ? breadthWarnings(statement, live, name, warn) : true;
    // A statement is never said to admit both no ServiceAccount and every ServiceAccount.
    if (!warnings.some((w) => EVERY_CODES.includes(w.code))) {
        for (const subject of subjects.filter((s) => !s.foreign && !s.negated)) {
            valueWarnings(subject, name, warn);
        }
        if (!admitsSome && !warnings.some((w) => w.code === TrustWarningCode.LiteralWildcard || w.code === TrustWarningCode.ImpossibleSubject)) {
            warn(
                TrustWarningCode.NoServiceAccount,
                `${name} admits no ServiceAccount: no namespace and ServiceAccount name Kubernetes allows satisfies its conditions on ${subjectKey(issuers)}. ` +
                    "Check the namespace and name it tests.",
            );
        }
    }
}

/** An Allow that does not check the token's audience, or accepts audiences by pattern. */
function audienceWarnings(reading: StatementReading, name: string, warn: Warn): void {
    const { statement, issuers, live, audiences } = reading;
    const effect = statement.effect;
    const oidcLive = live.length > 0;
    const ownAudiences = audiences.filter((a) => !a.foreign && !a.operator.includes("Not"));
    if (effect === PolicyEffect.Allow && oidcLive && ownAudiences.length === 0) {
        warn(
            TrustWarningCode.NoAudienceCondition,
            `${name} does not check the token's audience (${audienceKey(issuers)}): a token for any client ID of the provider is accepted. ` +
                `AWS recommends "StringEquals": {"${audienceKey(issuers)}": "${DEFAULT_AUDIENCE}"}.`,
        );
    }
    for (const audience of ownAudiences) {
        if (effect === PolicyEffect.Allow && oidcLive && audience.operator.includes("Like") && audience.values.some((value) => /[*?]/.test(value))) {
            warn(TrustWarningCode.AudiencePattern, `${name} accepts audiences matching ${audience.values.join(", ")}; require exactly "${DEFAULT_AUDIENCE}" with StringEquals.`);
        }
    }
}

/**
 * Warnings about a Pod Identity statement: an Allow with no condition on the session tags (eksctl's
 * migrate-to-pod-identity shape), one that lacks sts:AssumeRole or sts:TagSession, and conditions that an association
 * with session tags disabled defeats (an Allow that still holds, a Deny that no longer applies, without the tags).
 */
function podIdentityWarnings(statement: PolicyStatement, clauses: AccessClause[], name: string, warn: Warn): void {
    const allow = statement.effect === PolicyEffect.Allow;
    const [assumeRole, tagSession] = POD_IDENTITY_ACTIONS.map((action) => coversAction(statement, action));
    if (allow && clauses.some((clause) => clause.conditions.length === 0)) {
        warn(
            TrustWarningCode.AnyPodIdentityAssociation,
            `${name} trusts ${POD_IDENTITY_SERVICE} without conditions on the session tags, so any Pod Identity association in the account may use this role ` +
                "(the shape eksctl's migrate-to-pod-identity leaves, and the one a statement for disabled session tags must have). " +
                'Add "StringEquals" on aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.',
        );
    }
    if (allow && assumeRole !== tagSession) {
        const [has, lacks] = assumeRole ? POD_IDENTITY_ACTIONS : [...POD_IDENTITY_ACTIONS].reverse();
        warn(
            TrustWarningCode.PodIdentityMissingAction,
            `${name} allows ${has} but not ${lacks} to ${POD_IDENTITY_SERVICE}: EKS Pod Identity calls both, so this statement does not work for Pod Identity ` +
                `${lacks === "sts:TagSession" ? "unless the association disables session tags" : "on its own"}. Allow both actions.`,
        );
    }
    const tagged = clauses.filter((clause) => clause.conditions.length > 0);
    const untagged = podIdentityClause(statement, false) !== undefined;
    if (tagged.length > 0 && untagged === allow) {
        warn(
            TrustWarningCode.SessionTagsDisabledDefeats,
            allow
                ? `${name}'s conditions on the session tags hold when the tags are absent, so an association with session tags disabled passes them whatever its cluster, namespace and ServiceAccount. Use positive operators (StringEquals, StringLike) without IfExists.`
                : `${name} (Deny) stops applying when the session tags are absent, so an association with session tags disabled escapes it. Deny with a Null condition on the tag as well, or refuse disabled session tags.`,
        );
    }
}

/** The calls through which the principals of `PolicyStatement.others` assume a role. */
const OTHER_CALLS = ["sts:AssumeRole", "sts:AssumeRoleWithSAML"];

/** An Allow that lets accounts, roles, SAML providers or other services assume the role: never "admits nothing". */
function otherPrincipalWarning(statement: PolicyStatement, name: string, warn: Warn): void {
    const calls = OTHER_CALLS.filter((action) => coversAction(statement, action));
    if (statement.effect === PolicyEffect.Allow && statement.others.length > 0 && calls.length > 0) {
        warn(
            TrustWarningCode.OtherPrincipal,
            `${name} also lets ${statement.others.join(", ")} assume the role (${calls.join(" or ")}): whoever their own policies let, ` +
                "in their account, which eks-irsa does not read; explain --who describes role sessions only as EKS Pod Identity's second hop to a target role.",
        );
    }
}

const EVERY_CODES = [TrustWarningCode.NoSubjectCondition, TrustWarningCode.WholeSubjectPattern, TrustWarningCode.AnyNamespace, TrustWarningCode.AnyServiceAccount];

/**
 * Warnings about what an Allow statement admits, decided over the names Kubernetes allows for each clause it leaves:
 * every subject, every namespace for one name, or every ServiceAccount of one namespace. Returns whether any clause
 * admits some ServiceAccount.
 */
function breadthWarnings(statement: PolicyStatement, clauses: AccessClause[], name: string, warn: Warn): boolean {
    const where = `Statement ${statement.index}`;
    const issuers = statement.federated.map(issuerOfProviderArnLenient).filter((issuer): issuer is string => issuer !== undefined);
    let admitsSome = false;
    for (const clause of clauses) {
        const tests = clause.conditions.filter((c) => c.claim === "sub").map((c) => ({ values: c.values, like: c.like, negated: c.negated }));
        if (tests.length === 0) {
            admitsSome = true;
            warn(
                TrustWarningCode.NoSubjectCondition,
                `${name} has no condition on ${subjectKey(issuers)}, so every ServiceAccount in every namespace of the cluster (any pod) can assume the role. ` +
                    `Add "StringEquals": {"${subjectKey(issuers)}": "system:serviceaccount:<namespace>:<name>"}.`,
            );
            continue;
        }
        let reach: SubjectReach;
        try {
            reach = subjectReach(tests);
        } catch (error) {
            if (error instanceof SubjectAnalysisLimitError) {
                throw new UnsupportedPolicyError(`subject patterns too intricate to analyse (${error.message})`, where);
            }
            throw error;
        }
        admitsSome ||= reach.some;
        // Exclusions alone leave every other name open, in namespaces created later too: no pattern as written shows that
        // breadth, so no allow-list can accept it, and it is the mandatory finding whatever else it reaches.
        if (reach.some && tests.every((t) => t.negated)) {
            warn(
                TrustWarningCode.OnlyNegatedSubject,
                `${name} tests ${subjectKey(issuers)} only with negated conditions, so every ServiceAccount they do not exclude, in namespaces created later too, ` +
                    'can assume the role. Name what it admits: "StringEquals": {"' +
                    subjectKey(issuers) +
                    '": "system:serviceaccount:<namespace>:<name>"}.',
            );
            continue;
        }
        const values = tests.flatMap((t) => (t.negated ? [] : t.values)).join(", ");
        if (reach.everySubject) {
            warn(
                TrustWarningCode.WholeSubjectPattern,
                `${name} admits every ServiceAccount in every namespace of the cluster (any pod) with ${values}. ` +
                    "Name the ServiceAccount, and the namespace or a narrow pattern such as z*.",
            );
            continue;
        }
        if (reach.everyNamespace) {
            warn(
                TrustWarningCode.AnyNamespace,
                `${name} admits a ServiceAccount name in every namespace with ${values}: whoever can create a ServiceAccount of that name ` +
                    "in any namespace can assume the role. Narrow it to the namespace, or a pattern such as z* or z????????-z????????.",
            );
        }
        if (reach.everyServiceAccount) {
            warn(
                TrustWarningCode.AnyServiceAccount,
                `${name} admits every ServiceAccount of a namespace with ${values}, "default" included, which every pod without its own ServiceAccount uses. ` +
                    "Write system:serviceaccount:<namespace pattern>:<name> and name the ServiceAccount.",
            );
        }
    }
    return admitsSome;
}

/** Warnings about one value that no ServiceAccount can match. */
function valueWarnings(subject: SubjectDescription, name: string, warn: Warn): void {
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

function subjectKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:sub`;
}

function audienceKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:aud`;
}
