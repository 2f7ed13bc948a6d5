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
import { describeTargetRoleTrust } from "./targetRoleTrust";
import { serviceAccountSubject } from "./trustPolicy";
import { evaluateTrustPolicy, PodIdentityRequest, podIdentityTags, podIdentityTagValues, TrustDecision, WebIdentityRequest } from "./trustPolicyEvaluator";
import { podIdentityClause } from "./podIdentityClause";
import { statementWarnings } from "./statementWarnings";
import {
    AccessClause,
    AudienceDescription,
    PodIdentityAccess,
    PodIdentityActionAccess,
    ProviderAccess,
    StatementAccess,
    StatementDescription,
    SubjectDescription,
    TrustDescription,
    TrustWarning,
} from "./trustDescription";

// describeTrust's answer is declared in trustDescription.ts, below the steps that build it (statementWarnings,
// podIdentityClause), so that none imports this file; its readers keep importing it from here, all of it.
export * from "./trustDescription";

const SUBJECT_PREFIX = "system:serviceaccount:";

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

/** One statement: whom it trusts, its clauses in the policy-wide answers, its conditions in words, and its warnings. */
function describeStatement(
    statement: PolicyStatement,
    accesses: ProviderAccess[],
    podIdentity: PodIdentityAccess,
): { description: StatementDescription; warnings: TrustWarning[] } {
    const { effect, anyPrincipal } = statement;
    const providers = statement.federated;
    const issuers = providers.map(issuerOfProviderArnLenient).filter((issuer): issuer is string => issuer !== undefined);
    const webIdentity = coversAction(statement, WEB_IDENTITY_ACTION);
    const access = statementAccess(statement, accesses);
    const live = access.map((a) => a.clause);
    const podLive = podIdentity.actions.flatMap((a) => [...a.allows, ...a.denies]).filter((clause) => clause.statement === statement.index);
    const admitsNothing = live.length === 0 && podLive.length === 0;
    const { subjects, audiences, foreignKeys } = describeConditions(statement, issuers);
    const warnings = statementWarnings({ statement, issuers, webIdentity, live, podLive, admitsNothing, subjects, audiences, foreignKeys });

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

/** The clause this statement leaves for each provider that it trusts and whose tokens it does not always refuse. */
function statementAccess(statement: PolicyStatement, accesses: ProviderAccess[]): StatementAccess[] {
    currentAnalysisBudget().charge(accesses.reduce((steps, access) => steps + 1 + access.allows.length + access.denies.length, 0));
    return accesses.flatMap((a) => [...a.allows, ...a.denies].filter((clause) => clause.statement === statement.index).map((clause) => ({ through: providerWords(a), clause })));
}

/** The statement's conditions on `sub` and `aud` in words, and its condition keys of an issuer it does not trust. */
function describeConditions(
    statement: PolicyStatement,
    issuers: string[],
): { subjects: SubjectDescription[]; audiences: AudienceDescription[]; foreignKeys: string[] } {
    const own = (keyIssuer: string) => statement.anyPrincipal || issuers.some((issuer) => issuer.toLowerCase() === keyIssuer.toLowerCase());
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
    return { subjects, audiences, foreignKeys };
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
