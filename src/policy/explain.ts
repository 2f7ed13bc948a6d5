import { IrsaArgumentError } from "../errors";
import { QOVERY_CLUSTER_NAMESPACE_PATTERN, QOVERY_ENVIRONMENT_NAMESPACE_PATTERN } from "../qovery";
import { currentAnalysisBudget, PolicyOverBudgetError, withAnalysisBudget } from "./analysisBudget";
import { DEFAULT_AUDIENCE, issuerOf, issuerOfProviderArnLenient, oidcProviderArn } from "./issuer";
import { UnsupportedPolicyError } from "./policyErrors";
import { someValueMeets } from "./claimSatisfiability";
import {
    claimValues,
    conditionHolds,
    coversAction,
    deniesAccount,
    parsePolicy,
    partialCondition,
    partialPodIdentityCondition,
    PodIdentityTag,
    POD_IDENTITY_ACTIONS,
    POD_IDENTITY_SERVICE,
    PolicyCondition,
    PolicyEffect,
    PolicyModel,
    PolicyReadingOptions,
    PolicyStatement,
    TokenClaim,
    trustsPodIdentity,
    trustsProvider,
    WEB_IDENTITY_ACTION,
} from "./policyModel";
import { SubjectAnalysisLimitError, SubjectReach, subjectReach } from "./subjectLanguage";
import { describeTargetRoleTrust, TargetRoleAccess } from "./targetRoleTrust";
import { serviceAccountSubject } from "./trustPolicy";
import { evaluateTrustPolicy, PodIdentityRequest, podIdentityTags, podIdentityTagValues, TrustDecision, WebIdentityRequest } from "./trustPolicyEvaluator";

const SUBJECT_PREFIX = "system:serviceaccount:";
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

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
    /**
     * Conditions on `<issuer>:sub` that are all negated (`StringNotEquals`, `StringNotLike`): every ServiceAccount they do
     * not exclude, in namespaces created later too, can assume the role.
     */
    OnlyNegatedSubject = "OnlyNegatedSubject",
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
    /** An Allow statement whose conditions on `<issuer>:sub` no namespace and ServiceAccount name Kubernetes allows satisfy. */
    NoServiceAccount = "NoServiceAccount",
    /** A Pod Identity Allow statement with no condition on the session tags: any Pod Identity association in the account may use the role. */
    AnyPodIdentityAssociation = "AnyPodIdentityAssociation",
    /** A Pod Identity statement whose session-tag conditions stop restricting (an Allow that still holds, a Deny that no longer applies) when the association disables session tags. */
    SessionTagsDisabledDefeats = "SessionTagsDisabledDefeats",
    /** A Pod Identity Allow statement that allows only one of `sts:AssumeRole` and `sts:TagSession`; EKS Pod Identity needs both. */
    PodIdentityMissingAction = "PodIdentityMissingAction",
    /**
     * An Allow statement that lets principals other than web identities and EKS Pod Identity assume the role (an account,
     * a role, a SAML provider, another service): whoever their own policies let, which eks-irsa does not read.
     */
    OtherPrincipal = "OtherPrincipal",
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
    /** True for `Principal: "*"` (or `{"AWS": "*"}`, or any value made only of asterisks). */
    anyPrincipal: boolean;
    /** The accounts its `AWS` principals name as a whole; in a Deny they cover every web identity of the account. */
    accounts: string[];
    /**
     * Its principals that are neither web identities of an OIDC provider nor EKS Pod Identity (accounts, roles, users,
     * SAML providers, other services), as written: an Allow lets them assume the role by their own calls.
     */
    otherPrincipals: string[];
    /** True when the statement's actions include `sts:AssumeRoleWithWebIdentity`. */
    webIdentity: boolean;
    /** True when the principal is `{"Service": "pods.eks.amazonaws.com"}`: an EKS Pod Identity statement. */
    podIdentity: boolean;
    /**
     * For a Pod Identity statement that is not always false: the cluster, namespace and ServiceAccount (and any other
     * session tag) an association must have, in plain words; undefined otherwise.
     */
    associations?: string;
    /** The values of its `:sub` conditions; several operators on `:sub` are ANDed, several values of one are ORed. */
    subjects: SubjectDescription[];
    /** Its `:aud` conditions. */
    audiences: AudienceDescription[];
    /** Condition keys that name an issuer other than the Federated principal's. */
    foreignKeys: string[];
    /**
     * What the statement admits (or, a Deny, excludes) through each provider entry of `TrustDescription.providers` that
     * it takes part in: the very clauses of that answer, so that `--who`'s line for a statement never says less than its
     * summary per provider. Empty when it takes part in none.
     */
    access: StatementAccess[];
    /**
     * True when the statement takes part in no decision for any token or Pod Identity association: for every provider it
     * trusts, a condition is always false (a positive condition on a key no token carries), or it trusts no OIDC provider
     * nor Pod Identity, or its actions include neither `sts:AssumeRoleWithWebIdentity` nor a Pod Identity action.
     */
    admitsNothing: boolean;
}

/** A statement's clause for the tokens of one provider entry: `through` names the entry as `--who`'s summary does. */
export interface StatementAccess {
    /** The providers, in plain words, e.g. `OIDC provider arn:... (issuer https://...)`. */
    through: string;
    /** The clause, the same object as in the provider's `allows` or `denies`. */
    clause: AccessClause;
}

/** What a statement's conditions leave for the tokens of one provider: the conditions on their `sub` and `aud` claims. */
export interface AccessClause {
    /** The statement (zero-based). */
    statement: number;
    /** Its conditions that test the token's claims, ANDed; conditions that are constant for this provider are left out. */
    conditions: PolicyCondition[];
    /** Plain words, e.g. "ServiceAccount my-s3-role in namespace payments, and audience must be sts.amazonaws.com". */
    text: string;
}

/**
 * Whom the policy admits through one OIDC provider: what its Allow statements admit minus what its Deny statements
 * exclude, with every condition partially evaluated for the provider's tokens, as `evaluateTrustPolicy` does.
 */
export interface ProviderAccess {
    /** The provider's ARN, as a Federated principal names it; undefined for a provider only `Principal: "*"` trusts. */
    providerArn?: string;
    /** The provider's issuer (host and path); undefined, with no ARN, for every provider no statement names or tests. */
    issuer?: string;
    /**
     * For an entry without ARN: the account of the providers it stands for, when a Deny names that account with an
     * account principal; undefined for the providers of every other account (and for an entry with an ARN).
     */
    account?: string;
    /** The Allow statements that can admit a token of this provider (a token must satisfy all conditions of one). */
    allows: AccessClause[];
    /** The Deny statements that can exclude a token of this provider. */
    denies: AccessClause[];
    /** Plain words: which provider, then what it admits and what it excludes. */
    text: string[];
}

/** Whom the policy admits for one action called by EKS Pod Identity: its Allow clauses minus its Deny clauses. */
export interface PodIdentityActionAccess {
    /** `sts:AssumeRole` or `sts:TagSession`. */
    action: string;
    /** The Allow statements that can admit an association, with their conditions on the session tags (ANDed). */
    allows: AccessClause[];
    /** The Deny statements that can exclude one. */
    denies: AccessClause[];
}

/**
 * Which EKS Pod Identity associations the policy admits: with session tags, both `sts:AssumeRole` and `sts:TagSession`
 * must be admitted; without them, `sts:AssumeRole` with every session-tag condition seeing an absent key.
 */
export interface PodIdentityAccess {
    /** The access for `sts:AssumeRole`, then for `sts:TagSession`. */
    actions: PodIdentityActionAccess[];
    /** Plain words: which cluster, namespace and ServiceAccount an association must have. */
    text: string[];
}

/** The result of {@link describeTrust}. */
export interface TrustDescription {
    statements: StatementDescription[];
    warnings: TrustWarning[];
    /** Per OIDC provider that can present a token, whom the policy admits: `--who`'s structured answer. */
    providers: ProviderAccess[];
    /** Which EKS Pod Identity associations the policy admits: `--who`'s structured answer for `pods.eks.amazonaws.com`. */
    podIdentity: PodIdentityAccess;
    /**
     * Which component roles' sessions, with which externalIds, may make EKS Pod Identity's second hop to this role as a
     * `targetRoleArn` (sts:AssumeRole and sts:TagSession with sts:ExternalId): `--who`'s answer for role principals.
     */
    targetRole: TargetRoleAccess;
    /**
     * The condition keys the model does not handle that this reading held to a value (see `PolicyReadingOptions`); empty
     * for an exact reading.
     */
    assumedKeys: string[];
}

/**
 * Says, per statement and per trusted cluster, which ServiceAccounts a trust policy admits and which audience it
 * requires, in plain words, and warns about trust that is too broad (patterns that admit every namespace or every
 * ServiceAccount, decided over the names Kubernetes allows; no `:sub` or `:aud` condition) or that can never work
 * (condition keys of another issuer than the Federated principal's, as in the Qovery tutorial's example, or names no
 * Kubernetes object can have). It reads the policy with the same model and the same partial evaluation as
 * `evaluateTrustPolicy`, so `providers` admits exactly the tokens the evaluator allows.
 *
 * @param policy the trust policy, as JSON text or parsed.
 * @param options how to read conditions on keys the model does not handle: refused by default; the policy pack reads
 *   them with `mostAccess` (held to hold in an Allow and not in a Deny), so that its breadth checks over-approximate.
 * @throws InvalidPolicyError when it is not a trust policy; UnsupportedPolicyError when it uses what eks-irsa does not model.
 */
export function describeTrust(policy: string | object, options: PolicyReadingOptions = {}): TrustDescription {
    return withAnalysisBudget("The policy", () => describeTrustWithin(policy, options));
}

function describeTrustWithin(policy: string | object, options: PolicyReadingOptions): TrustDescription {
    const model = parsePolicy(policy, options);
    const providers = providerAccesses(model);
    const podIdentity = podIdentityAccess(model);
    const statements = model.statements.map((statement) => describeStatement(statement, providers, podIdentity));
    const warnings = statements.flatMap((s) => s.warnings);
    const targetRole = describeTargetRoleTrust(policy);
    return { statements: statements.map((s) => s.description), warnings, providers, podIdentity, targetRole, assumedKeys: model.assumedKeys };
}

/**
 * `explain --who`'s reading, which asks who could get in: exact when the model reads the policy; when only conditions on
 * keys it does not handle stop it (`sts:RoleSessionName`, `aws:SourceIp`...), read with them held true in every Allow and
 * false in every Deny (`mostAccess`), so that it names at least everyone IAM admits; `assumedKeys` says which.
 *
 * @param policy the trust policy, as JSON text or parsed.
 * @throws InvalidPolicyError or UnsupportedPolicyError as describeTrust does, for anything else it cannot read.
 */
export function describeWhoMayAssume(policy: string | object): TrustDescription {
    try {
        return describeTrust(policy);
    } catch (error) {
        // Over the budget, the wider reading would only spend it again.
        if (!(error instanceof UnsupportedPolicyError) || error instanceof PolicyOverBudgetError) {
            throw error;
        }
        try {
            return describeTrust(policy, { unmodelled: "mostAccess" });
        } catch {
            throw error;
        }
    }
}

/**
 * Whether `access` admits the association: with session tags, an Allow clause and no Deny clause holds for each of
 * `sts:AssumeRole` and `sts:TagSession`; without them, for `sts:AssumeRole` with every session tag absent.
 *
 * @param access `describeTrust(policy).podIdentity`.
 * @param request the association (see `evaluatePodIdentityAssociation`).
 * @throws TypeError for a cluster ARN that is not one, or a pod name or UID a condition tests and the request lacks.
 */
export function podIdentityAdmits(access: PodIdentityAccess, request: PodIdentityRequest): boolean {
    const tags = podIdentityTags(request);
    const holds = (clause: AccessClause) =>
        clause.conditions.every((c) => conditionHolds(c, tags === undefined ? undefined : podIdentityTagValues(c.tag as PodIdentityTag, tags)));
    const required = tags === undefined ? access.actions.slice(0, 1) : access.actions;
    return required.every((action) => action.allows.some(holds) && !action.denies.some(holds));
}

/**
 * The entry of `description.providers` that a token arriving through `providerArn` meets: the one naming it, else the
 * one of its issuer trusted through `Principal: "*"`, else the one for every other provider; undefined when none
 * trusts it (nothing is admitted).
 */
export function accessThrough(description: TrustDescription, providerArn: string): ProviderAccess | undefined {
    const issuer = issuerOfProviderArnLenient(providerArn)?.toLowerCase();
    const account = providerArn.split(":")[4];
    const unnamed = description.providers.filter((p) => p.providerArn === undefined && (p.account === undefined || p.account === account));
    // The entry of the provider's own account, when a Deny names it, else the one for every other account.
    const byAccount = (entries: ProviderAccess[]) => entries.find((p) => p.account !== undefined) ?? entries[0];
    return (
        description.providers.find((p) => p.providerArn === providerArn) ??
        byAccount(unnamed.filter((p) => p.issuer !== undefined && p.issuer.toLowerCase() === issuer)) ??
        byAccount(unnamed.filter((p) => p.issuer === undefined))
    );
}

/**
 * Whether `access` admits a token with this `sub` and these `aud` values: an Allow clause holds and no Deny clause does.
 *
 * @param access the provider's entry (see {@link accessThrough}); undefined admits nothing.
 * @param subject the token's `sub`.
 * @param audiences the token's `aud` values; none when the claim is absent.
 */
export function accessAdmits(access: ProviderAccess | undefined, subject: string, audiences: string[]): boolean {
    const holds = (clause: AccessClause) => clause.conditions.every((c) => conditionHolds(c, claimValues(c.claim as TokenClaim, subject, audiences)));
    return access !== undefined && access.allows.some(holds) && !access.denies.some(holds);
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
    const model = parsePolicy(policy);
    const providers = [...new Set(model.statements.flatMap((s) => s.federated.filter((arn) => issuerOfProviderArnLenient(arn) !== undefined)))];
    let providerArn = question.providerArn;
    if (providerArn === undefined && question.issuerUrl !== undefined) {
        const issuer = issuerOf(question.issuerUrl);
        const account = providers.length > 0 ? providers[0].split(":")[4] : "123456789012";
        providerArn = providers.find((arn) => issuerOfProviderArnLenient(arn) === issuer) ?? oidcProviderArn("aws", account, issuer);
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

/**
 * One entry per provider whose tokens the policy may treat differently: each OIDC provider a Federated principal names,
 * and, when a statement trusts `Principal: "*"`, each issuer its condition keys name plus one for every other issuer,
 * each of them once per account a Deny names with an account principal and once for every other account.
 */
function providerAccesses(model: PolicyModel): ProviderAccess[] {
    const entries: Array<{ providerArn?: string; issuer?: string; account?: string }> = [];
    for (const arn of new Set(model.statements.flatMap((s) => s.federated))) {
        const issuer = issuerOfProviderArnLenient(arn);
        if (issuer !== undefined) {
            entries.push({ providerArn: arn, issuer });
        }
    }
    if (model.statements.some((s) => s.anyPrincipal)) {
        const keyIssuers = new Map(
            model.statements
                .flatMap((s) => s.conditions)
                .filter((c) => c.claim !== undefined && c.assumed === undefined)
                .map((c) => [c.keyIssuer.toLowerCase(), c.keyIssuer] as const),
        );
        const deniedAccounts = [...new Set(model.statements.filter((s) => s.effect === PolicyEffect.Deny).flatMap((s) => s.accounts))];
        for (const issuer of [...keyIssuers.values(), undefined]) {
            entries.push(...deniedAccounts.map((account) => ({ ...(issuer !== undefined && { issuer }), account })), issuer === undefined ? {} : { issuer });
        }
    }
    // Each provider reads every condition: a policy of thousands of issuers spends its budget here rather than minutes.
    currentAnalysisBudget().charge(entries.length * model.statements.reduce((steps, s) => steps + 1 + s.conditions.length, 0));
    return entries.map(({ providerArn, issuer, account }) => {
        const trusts = (s: PolicyStatement) => (providerArn === undefined ? s.anyPrincipal || deniesAccount(s, account) : trustsProvider(s, providerArn));
        const clauses = model.statements
            .filter((s) => trusts(s) && coversAction(s, WEB_IDENTITY_ACTION))
            .map((s) => clauseFor(s, issuer))
            .filter((clause): clause is [PolicyEffect, AccessClause] => clause !== undefined);
        const allows = clauses.filter(([effect]) => effect === PolicyEffect.Allow).map(([, clause]) => clause);
        const denies = clauses.filter(([effect]) => effect === PolicyEffect.Deny).map(([, clause]) => clause);
        const access = { ...(providerArn !== undefined && { providerArn }), ...(issuer !== undefined && { issuer }), ...(account !== undefined && { account }), allows, denies };
        return { ...access, text: providerText(access) };
    });
}

/**
 * The Pod Identity answer: per action, the clauses of the statements trusting `pods.eks.amazonaws.com` (or `"*"`) with
 * their conditions on the session tags; conditions on OIDC keys are constants (absent keys) and folded away.
 */
function podIdentityAccess(model: PolicyModel): PodIdentityAccess {
    const actions = POD_IDENTITY_ACTIONS.map((action) => {
        const clauses = model.statements
            .filter((s) => trustsPodIdentity(s) && coversAction(s, action))
            .map((s) => podIdentityClause(s, true))
            .filter((clause): clause is [PolicyEffect, AccessClause] => clause !== undefined);
        return {
            action,
            allows: clauses.filter(([effect]) => effect === PolicyEffect.Allow).map(([, clause]) => clause),
            denies: clauses.filter(([effect]) => effect === PolicyEffect.Deny).map(([, clause]) => clause),
        };
    });
    return { actions, text: podIdentityText(actions) };
}

/** The statement's session-tag conditions for a Pod Identity request, or undefined when another condition is always false. */
function podIdentityClause(statement: PolicyStatement, sessionTags: boolean): [PolicyEffect, AccessClause] | undefined {
    const conditions: PolicyCondition[] = [];
    for (const condition of statement.conditions) {
        const partial = partialPodIdentityCondition(condition, sessionTags);
        if (partial.kind === "constant" && !partial.value) {
            return undefined;
        }
        if (partial.kind === "tag") {
            conditions.push(condition);
        }
    }
    return [statement.effect, { statement: statement.index, conditions, text: podIdentityClauseText(conditions) }];
}

const TAG_WORDS: Record<PodIdentityTag, string> = {
    "eks-cluster-arn": "cluster ARN",
    "eks-cluster-name": "cluster name",
    "kubernetes-namespace": "namespace",
    "kubernetes-service-account": "ServiceAccount",
    "kubernetes-pod-name": "pod name",
    "kubernetes-pod-uid": "pod UID",
};

function podIdentityClauseText(conditions: PolicyCondition[]): string {
    if (conditions.length === 0) {
        return "any association (no condition on the session tags)";
    }
    return conditions
        .map((c) => {
            const what = TAG_WORDS[c.tag as PodIdentityTag];
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

function podIdentityText(actions: PodIdentityActionAccess[]): string[] {
    const [assume, tag] = actions;
    const through = `Through EKS Pod Identity (${POD_IDENTITY_SERVICE})`;
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
    } else if (!sameClauses(assume, tag)) {
        lines.push(
            "  and, with session tags (the default), sts:TagSession if it has one of:",
            ...tag.allows.map((clause) => `  - ${clause.text} (Statement ${clause.statement})`),
            ...(tag.denies.length === 0 ? [] : ["  unless it has one of:", ...tag.denies.map((clause) => `  - ${clause.text} (Statement ${clause.statement}, Deny)`)]),
        );
    }
    return lines;
}

function sameClauses(a: PodIdentityActionAccess, b: PodIdentityActionAccess): boolean {
    const ids = (clauses: AccessClause[]) => clauses.map((c) => c.statement).join(",");
    return ids(a.allows) === ids(b.allows) && ids(a.denies) === ids(b.denies);
}

/** The statement's conditions left for the provider's tokens, or undefined when one of them is always false. */
function clauseFor(statement: PolicyStatement, issuer: string | undefined): [PolicyEffect, AccessClause] | undefined {
    const conditions: PolicyCondition[] = [];
    for (const condition of statement.conditions) {
        const partial = partialCondition(condition, issuer);
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
function mayHold(conditions: PolicyCondition[], claim: TokenClaim): boolean {
    const onClaim = conditions.filter((c) => c.claim === claim);
    const valued = onClaim.filter((c) => !c.isNull);
    if (claim === "aud" && onClaim.every((c) => conditionHolds(c, undefined))) {
        return true;
    }
    // Present from here on: a Null "true" allows nothing else.
    if (onClaim.some((c) => c.isNull && !c.values.includes("false"))) {
        return false;
    }
    if (someValueMeets(valued) !== false) {
        return true;
    }
    if (claim === "sub" || valued.some((c) => c.setOperator === undefined)) {
        return false;
    }
    // Several audiences, with set operators only: each ForAnyValue needs a value of its own that every ForAllValues
    // admits, and a set of such values meets the clause. Without a ForAnyValue, any one value of a set would do alone.
    const forAll = valued.filter((c) => c.setOperator === "ForAllValues");
    const forAny = valued.filter((c) => c.setOperator === "ForAnyValue");
    return forAny.length > 0 && forAny.every((any) => someValueMeets([any, ...forAll]) !== false);
}

function clauseText(conditions: PolicyCondition[]): string {
    if (conditions.length === 0) {
        return "every token (no condition on sub or aud)";
    }
    return conditions
        .map((condition) => {
            const words = conditionWords(condition);
            if (condition.isNull) {
                return words[0];
            }
            return condition.claim === "sub" ? words.join(condition.negated ? " and " : " or ") : `audience ${words[0]}`;
        })
        .join(", and ");
}

/** What a clause says, grouped as `explain --who` prints it under its statement. */
export interface ClauseWords {
    /** One entry per value of each condition on `sub` (ORed within a condition, or NORed: "not ..."); empty when none. */
    subjects: string[];
    /** The operators of those conditions, which are ANDed. */
    subjectOperators: string[];
    /** One entry per condition on `aud`, e.g. "must be sts.amazonaws.com (StringEquals)"; empty when none. */
    audiences: string[];
}

/**
 * The words of a clause, from the same {@link conditionWords} as the clause's `text` (`--who`'s summary per provider),
 * so that a statement's lines never say less than the summary.
 */
export function clauseWords(clause: AccessClause): ClauseWords {
    const onSubject = clause.conditions.filter((c) => c.claim === "sub" && !c.isNull);
    return {
        subjects: onSubject.flatMap(conditionWords),
        subjectOperators: [...new Set(onSubject.map((c) => c.operator))],
        audiences: clause.conditions.filter((c) => !onSubject.includes(c)).flatMap(conditionWords),
    };
}

/** A condition of a clause in words: one entry per value of a `sub` condition, one entry for any other condition. */
function conditionWords(condition: PolicyCondition): string[] {
    const set = condition.setOperator === undefined ? "" : ` (${condition.setOperator})`;
    if (condition.isNull) {
        const absent = condition.values.includes("true");
        const present = condition.values.includes("false");
        const claim = condition.claim === "sub" ? "subject" : "audience";
        return [absent && present ? `any ${claim} or none (Null)` : absent ? `a token without ${claim} (Null)` : `a token with ${claim === "subject" ? "a subject" : "an audience"} (Null)`];
    }
    if (condition.claim === "aud") {
        return [`${describeAudience(condition)} (${condition.operator})`];
    }
    return condition.values.map((value) => describeSubject(condition, value, condition.keyIssuer, false).text + set);
}

/** Which providers an entry stands for, in plain words. */
export function providerWords(access: Pick<ProviderAccess, "providerArn" | "issuer" | "account">): string {
    const ofAccount = access.account === undefined ? "" : ` of account ${access.account}`;
    return access.providerArn !== undefined
        ? `OIDC provider ${access.providerArn} (issuer https://${access.issuer})`
        : access.issuer !== undefined
          ? `any OIDC provider${ofAccount} of issuer https://${access.issuer} (Principal "*")`
          : `any other OIDC provider${ofAccount} (Principal "*")`;
}

function providerText(access: Omit<ProviderAccess, "text">): string[] {
    const through = `Through ${providerWords(access)}`;
    if (access.allows.length === 0) {
        return [`${through}: admits nothing`];
    }
    return [
        `${through}, a token is admitted if it is one of:`,
        ...access.allows.map((clause) => `  - ${clause.text} (Statement ${clause.statement})`),
        ...(access.denies.length === 0 ? [] : ["  unless it is one of:", ...access.denies.map((clause) => `  - ${clause.text} (Statement ${clause.statement}, Deny)`)]),
    ];
}

function describeStatement(
    statement: PolicyStatement,
    accesses: ProviderAccess[],
    podIdentity: PodIdentityAccess,
): { description: StatementDescription; warnings: TrustWarning[] } {
    const warnings: TrustWarning[] = [];
    const warn = (code: TrustWarningCode, message: string) => {
        if (!warnings.some((w) => w.code === code)) {
            warnings.push({ code, statement: statement.index, message });
        }
    };
    const name = `Statement ${statement.index}`;
    const { effect, anyPrincipal } = statement;
    const providers = statement.federated;
    const issuers = providers.map(issuerOfProviderArnLenient).filter((issuer): issuer is string => issuer !== undefined);
    const webIdentity = coversAction(statement, WEB_IDENTITY_ACTION);
    const own = (keyIssuer: string) => anyPrincipal || issuers.some((issuer) => issuer.toLowerCase() === keyIssuer.toLowerCase());
    // The clause this statement leaves for each provider that it trusts and whose tokens it does not always refuse.
    currentAnalysisBudget().charge(accesses.reduce((steps, access) => steps + 1 + access.allows.length + access.denies.length, 0));
    const access = accesses.flatMap((a) => [...a.allows, ...a.denies].filter((clause) => clause.statement === statement.index).map((clause) => ({ through: providerWords(a), clause })));
    const live = access.map((a) => a.clause);
    const podLive = podIdentity.actions.flatMap((a) => [...a.allows, ...a.denies]).filter((clause) => clause.statement === statement.index);
    const admitsNothing = live.length === 0 && podLive.length === 0;
    const oidcLive = live.length > 0;

    const subjects: SubjectDescription[] = [];
    const audiences: AudienceDescription[] = [];
    const foreignKeys: string[] = [];
    for (const condition of statement.conditions.filter((c) => c.assumed === undefined)) {
        const foreign = issuers.length > 0 && !own(condition.keyIssuer);
        if (foreign) {
            foreignKeys.push(condition.key);
        }
        if (condition.isNull || condition.tag !== undefined) {
            continue;
        }
        if (condition.claim === "sub") {
            subjects.push(...condition.values.map((value) => describeSubject(condition, value, condition.keyIssuer, foreign)));
        } else {
            audiences.push({ operator: condition.operator, values: condition.values, keyIssuer: condition.keyIssuer, foreign, text: describeAudience(condition) });
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
    const admitsSome = effect === PolicyEffect.Allow && oidcLive ? breadthWarnings(statement, live, name, warn) : true;
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

    const description: StatementDescription = {
        index: statement.index,
        ...(statement.sid !== undefined && { sid: statement.sid }),
        effect,
        providers,
        issuers,
        anyPrincipal,
        accounts: statement.accounts,
        otherPrincipals: statement.others,
        webIdentity,
        podIdentity: statement.podIdentity,
        ...(statement.podIdentity && podLive.length > 0 && { associations: podLive[0].text }),
        subjects,
        audiences,
        foreignKeys,
        access,
        admitsNothing,
    };
    return { description, warnings };
}

/**
 * Warnings about a Pod Identity statement: an Allow with no condition on the session tags (eksctl's
 * migrate-to-pod-identity shape), one that lacks sts:AssumeRole or sts:TagSession, and conditions that an association
 * with session tags disabled defeats (an Allow that still holds, a Deny that no longer applies, without the tags).
 */
function podIdentityWarnings(statement: PolicyStatement, clauses: AccessClause[], name: string, warn: (code: TrustWarningCode, message: string) => void): void {
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
function otherPrincipalWarning(statement: PolicyStatement, name: string, warn: (code: TrustWarningCode, message: string) => void): void {
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
function breadthWarnings(statement: PolicyStatement, clauses: AccessClause[], name: string, warn: (code: TrustWarningCode, message: string) => void): boolean {
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
function valueWarnings(subject: SubjectDescription, name: string, warn: (code: TrustWarningCode, message: string) => void): void {
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

function describeSubject(condition: PolicyCondition, value: string, keyIssuer: string, foreign: boolean): SubjectDescription {
    const base = { operator: condition.operator, value, pattern: condition.like, negated: condition.negated, keyIssuer, foreign };
    const rest = value.startsWith(SUBJECT_PREFIX) ? value.slice(SUBJECT_PREFIX.length) : undefined;
    const parts = rest?.split(":");
    if (parts !== undefined && parts.length === 2 && parts[0] !== "" && parts[1] !== "" && !(condition.like && /\*/.test(parts[0]) && /\*/.test(parts[1]))) {
        const [namespace, serviceAccount] = parts;
        const text = `${describeServiceAccount(serviceAccount, condition.like)} ${describeNamespace(namespace, condition.like)}`;
        return { ...base, namespace, serviceAccount, text: condition.negated ? `not ${text}` : text };
    }
    let text: string;
    const reach = condition.like ? singlePatternReach(value) : undefined;
    if (reach?.everySubject) {
        text = `every ServiceAccount in every namespace (pattern ${value})`;
    } else if (condition.like && rest !== undefined && /^[^*?:]*\*$/.test(rest)) {
        // `*` also spans the colon, so `system:serviceaccount:z*` covers every name in the namespaces starting with z.
        const prefix = rest.slice(0, -1);
        text = `every ServiceAccount in every namespace whose name starts with ${prefix} (pattern ${value})`;
    } else {
        text = condition.like ? `every subject matching ${value}` : `the subject ${value}`;
    }
    if (parts !== undefined && parts.length === 2) {
        return { ...base, namespace: parts[0], serviceAccount: parts[1], text: condition.negated ? `not ${text}` : text };
    }
    return { ...base, text: condition.negated ? `not ${text}` : text };
}

function singlePatternReach(pattern: string): SubjectReach | undefined {
    try {
        return subjectReach([{ values: [pattern], like: true, negated: false }]);
    } catch (error) {
        if (error instanceof SubjectAnalysisLimitError) {
            return undefined;
        }
        throw error;
    }
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

function describeAudience(condition: PolicyCondition): string {
    const values = condition.values.join(" or ");
    if (condition.negated) {
        return `must not be ${values}`;
    }
    return condition.like && condition.values.some((value) => /[*?]/.test(value)) ? `must match ${values}` : `must be ${values}`;
}

function subjectKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:sub`;
}

function audienceKey(issuers: string[]): string {
    return `${issuers[0] ?? "<issuer>"}:aud`;
}
