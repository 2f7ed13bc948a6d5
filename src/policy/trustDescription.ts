import type { PolicyCondition } from "./policyModel";
import type { TargetRoleAccess } from "./targetRoleTrust";

// What describeTrust answers (the statements, the access per provider and for Pod Identity, the warnings), declared
// apart from explain.ts so that the steps it calls (statementWarnings, podIdentityClause) use it without an import circle.

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
