/**
 * How a role's trust policy, as an account holds it, bears on workloads: the reading the policy pack and `eks-irsa audit`
 * share, so both decide which roles concern workloads, and read them, through the same code and eks-irsa's one model.
 */
import { AnalysisBudget, PolicyOverBudgetError } from "./analysisBudget";
import { someValueMeets } from "./claimSatisfiability";
import { describeTrust, TrustDescription, TrustWarningCode } from "./explain";
import { InvalidPolicyError, UnsupportedPolicyError } from "./policyErrors";
import { isWildcardPrincipal, mayNamePodIdentityService, PolicyCondition, POD_IDENTITY_SERVICE, readPolicyDocument } from "./policyModel";
import { tagAdmitsEveryName } from "./sessionTagReach";

export { POD_IDENTITY_SERVICE };

/** An IAM OIDC provider ARN, as a Federated principal names one. */
const OIDC_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/\S+$/;

/**
 * Condition keys whose value the caller of sts:AssumeRoleWithWebIdentity chooses in its request (lower case): a
 * condition on them is met by whoever wants it met, so holding it true is the answer, not a guess. Session tags
 * (`aws:RequestTag/...`, `aws:TagKeys`, `sts:TransitiveTagKeys`) are not among them: they come from the token's issuer.
 */
const CALLER_CHOSEN_KEYS = ["sts:rolesessionname", "aws:useragent", "aws:securetransport", "aws:requestedregion"];

/** Of the keys a `mostAccess` reading held, those whose value the caller does not simply choose: the reading may admit more than IAM. */
export function keysNotChosenByCaller(assumedKeys: string[]): string[] {
    return assumedKeys.filter((key) => !CALLER_CHOSEN_KEYS.includes(key.toLowerCase()));
}

/** The model's warnings about how broad a web-identity statement is: what the breadth policies report. */
const BREADTH_CODES: string[] = [
    TrustWarningCode.NoSubjectCondition,
    TrustWarningCode.WholeSubjectPattern,
    TrustWarningCode.AnyPrincipal,
    TrustWarningCode.AnyNamespace,
    TrustWarningCode.AnyServiceAccount,
    TrustWarningCode.OnlyNegatedSubject,
    TrustWarningCode.NoAudienceCondition,
    TrustWarningCode.AudiencePattern,
];

/**
 * What the pack knows of a role's trust policy.
 * - `none`: no statement's principals can let a workload in (a Lambda or EC2 service role): the pack leaves it alone.
 * - `invalid`: not a trust policy IAM would accept.
 * - `unsupported`: it has workload statements, but eks-irsa's model cannot read them (`document`, when it could be
 *   parsed, is the policy as written).
 * - `read`: eks-irsa's model read its web-identity statements (`description`, of `webIdentityPolicy`). When they test
 *   keys the model does not handle (`description.assumedKeys`), the reading holds those conditions true in an Allow and
 *   false in a Deny, so it admits at least what IAM admits (`mostAccess`); `undecidable` then names the keys on which
 *   the breadth answer depends that a caller does not simply choose. `document` is the parsed policy, for the checks
 *   that read it as written (Pod Identity).
 */
export type TrustReading =
    | { kind: "none" }
    | { kind: "invalid"; error: InvalidPolicyError }
    | { kind: "unsupported"; error: UnsupportedPolicyError; document?: Record<string, unknown> }
    | { kind: "read"; description: TrustDescription; webIdentityPolicy: object; document: Record<string, unknown>; undecidable: string[] };

/**
 * Reads a role's `assumeRolePolicy` (JSON text or an object) through eks-irsa's model, with the model's own entry point
 * for policy text (so a document with a key twice is refused here as by `explain`).
 *
 * Whether a role concerns workloads is decided from the principals alone: a statement with `Principal: "*"` (or
 * `{"AWS": "*"}`, or any value of asterisks only), a `NotPrincipal`, a `Federated` IAM OIDC provider (or a wildcard that
 * may match one), the `pods.eks.amazonaws.com` service (or a value IAM may read as it: other case, wildcards), or a
 * principal type other than `AWS`, `Federated` and `Service` (which the model then refuses). Without one, the role is
 * left alone.
 *
 * eks-irsa's model reads web-identity and Pod Identity (`pods.eks.amazonaws.com`) statements. A statement whose
 * principals are only other services never matches either request, Deny included, but the model refuses it; so the pack
 * gives the model the policy with each such statement replaced by one that matches neither (the statement numbers stay
 * those of the policy as written). Conditions on keys the model does not handle are read with `mostAccess` (fail
 * closed: the breadth checks see at least every token IAM lets in); anything else the model cannot read makes the
 * whole policy `unsupported`.
 */
export function readTrust(policy: string | object): TrustReading {
    let document: unknown;
    try {
        document = readPolicyDocument(policy);
    } catch (error) {
        return refusal(error);
    }
    if (!isObject(document)) {
        // Never handed back to the model as text: a JSON string holding JSON would be read twice.
        return { kind: "invalid", error: new InvalidPolicyError("The trust policy must be a JSON object with a Statement element.") };
    }
    const statements = listOf(document.Statement);
    if (statements.length > 0 && statements.every((s) => isObject(s) && !admitsWorkloads(s))) {
        return { kind: "none" };
    }
    const webIdentityPolicy = document.Statement === undefined ? document : { ...document, Statement: statements.map(webIdentityView) };
    try {
        const description = describeTrust(webIdentityPolicy);
        return { kind: "read", description, webIdentityPolicy, document, undecidable: [] };
    } catch (error) {
        // Over the budget, the wider reading would only spend it again.
        if (!(error instanceof UnsupportedPolicyError) || error instanceof PolicyOverBudgetError) {
            return refusal(error, document);
        }
        try {
            const description = describeTrust(webIdentityPolicy, { unmodelled: "mostAccess" });
            const undecidable = undecidableKeys(webIdentityPolicy, description);
            return { kind: "read", description, webIdentityPolicy, document, undecidable };
        } catch {
            return refusal(error, document);
        }
    }
}

function refusal(error: unknown, document?: unknown): TrustReading {
    if (error instanceof InvalidPolicyError) {
        return { kind: "invalid", error };
    }
    if (error instanceof UnsupportedPolicyError) {
        return { kind: "unsupported", error, ...(isObject(document) && { document }) };
    }
    throw error;
}

/**
 * The held keys on which the breadth answer depends, and that a caller does not choose: empty when the reading that
 * holds them true in an Allow (`mostAccess`) and the one that holds them false there (`leastAccess`) give the same
 * breadth warnings, or when every held key is one the caller chooses (then `mostAccess` is the answer).
 */
function undecidableKeys(policy: object, most: TrustDescription): string[] {
    const notChosen = keysNotChosenByCaller(most.assumedKeys);
    if (notChosen.length === 0) {
        return [];
    }
    const breadth = (description: TrustDescription) =>
        description.warnings
            .filter((w) => BREADTH_CODES.includes(w.code))
            .map((w) => `${w.statement}:${w.code}`)
            .sort()
            .join();
    return breadth(most) === breadth(describeTrust(policy, { unmodelled: "leastAccess" })) ? [] : notChosen;
}

/** Whether a statement's principals can let a workload in: the only test of whether the pack looks at a role. */
function admitsWorkloads(statement: Record<string, unknown>): boolean {
    const principal = statement.Principal;
    if (statement.NotPrincipal !== undefined || isWildcardPrincipal(principal) || !isObject(principal)) {
        return true;
    }
    // A principal type IAM would not accept as written ("federated", "FEDERATED", "CanonicalUser") goes to the model too,
    // which refuses it: the role is left alone only when every principal is one the pack can place.
    if (Object.keys(principal).some((type) => !KNOWN_PRINCIPAL_TYPES.includes(type))) {
        return true;
    }
    const federated = listOf(principal.Federated);
    return (
        listOf(principal.AWS).some((value) => typeof value !== "string" || isWildcardPrincipal(value)) ||
        federated.some((value) => typeof value !== "string" || OIDC_PROVIDER_ARN.test(value) || /[*?\s]|oidc-provider/i.test(value)) ||
        mayBePodIdentity(principal.Service)
    );
}

const KNOWN_PRINCIPAL_TYPES = ["AWS", "Federated", "Service"];

/** Whether `Service` principals may name EKS Pod Identity's service: as written, in other case or with wildcards, or not a string. */
function mayBePodIdentity(services: unknown): boolean {
    return listOf(services).some((value) => typeof value !== "string" || mayNamePodIdentityService(value));
}

/**
 * A Deny that matches no workload request: Pod Identity's service never calls sts:AssumeRoleWithWebIdentity, and a
 * web-identity request's principal is an OIDC provider, not a service.
 */
const NEUTRAL_STATEMENT = {
    Effect: "Deny",
    Principal: { Service: POD_IDENTITY_SERVICE },
    Action: "sts:AssumeRoleWithWebIdentity",
};

/** The statement as it bears on workload requests: a statement of services other than Pod Identity's matches none. */
function webIdentityView(statement: unknown): unknown {
    if (!isObject(statement) || !isObject(statement.Principal) || statement.NotPrincipal !== undefined) {
        return statement;
    }
    const types = Object.keys(statement.Principal);
    const otherServicesOnly = types.length > 0 && types.every((type) => type === "Service") && !mayBePodIdentity(statement.Principal.Service);
    return otherServicesOnly ? { ...NEUTRAL_STATEMENT, ...(statement.Sid !== undefined && { Sid: statement.Sid }) } : statement;
}

/** A Pod Identity statement that does not test every required session tag, with its index in the policy. */
export interface PodIdentityGap {
    statement: number;
    missing: string[];
}

/**
 * Whether a condition tests the tag: it fails when the tag is absent, as EKS leaves every session tag with
 * disableSessionTags, and some tag value (never empty) fails it, as decided by eks-irsa's search: `StringLike "*"`, or
 * `["?", "??*"]` together, is met by every namespace and tests nothing. For the namespace and ServiceAccount tags, the
 * value must be one Kubernetes allows (`["a*", ..., "9*"]` is failed by `"-"` but admits every namespace). A search that
 * gives up (its own limit, or the role's `budget` spent) counts as no test.
 */
function testsTag(condition: PolicyCondition, budget: AnalysisBudget): boolean {
    const present = !condition.negated && !condition.isNull && !condition.ifExists && condition.setOperator !== "ForAllValues";
    const failedBySome = someValueMeets(
        [
            { ...condition, negated: true },
            { ...condition, like: true, negated: false, values: ["?*"] },
        ],
        budget,
    );
    return present && failedBySome === true && !tagAdmitsEveryName(condition);
}

/**
 * The Allow statements through which a Pod Identity association may assume the role (`sts:AssumeRole`, as eks-irsa's
 * model reads them: `Principal: "*"`, case and every principal form included) that do not test each required session
 * tag with a condition an absent tag fails and some value fails.
 *
 * @param description the model's reading of the policy.
 * @param required the session tags (`kubernetes-namespace`, ...) each statement must test.
 */
export function podIdentityGaps(description: TrustDescription, required: string[]): PodIdentityGap[] {
    const assumeRole = description.podIdentity.actions.find((a) => a.action === "sts:AssumeRole");
    // One budget for the role: once spent, a search gives up and its condition counts as no test (a gap is reported).
    const budget = new AnalysisBudget();
    return (assumeRole?.allows ?? []).flatMap((clause) => {
        const tested = new Set<string | undefined>(clause.conditions.filter((c) => testsTag(c, budget)).map((c) => c.tag));
        const missing = required.filter((tag) => !tested.has(tag.toLowerCase()));
        return missing.length > 0 ? [{ statement: clause.statement, missing }] : [];
    });
}

/**
 * The same check on a policy the model could not decide, reading `Principal.Service` and the condition keys as
 * written: for each Allow statement trusting `pods.eks.amazonaws.com`, the required session tags it does not test.
 */
export function podIdentityGapsAsWritten(document: Record<string, unknown>, required: string[]): PodIdentityGap[] {
    const gaps: PodIdentityGap[] = [];
    listOf(document.Statement).forEach((statement, index) => {
        if (!isObject(statement) || statement.Effect !== "Allow" || !isObject(statement.Principal)) {
            return;
        }
        if (!listOf(statement.Principal.Service).includes(POD_IDENTITY_SERVICE)) {
            return;
        }
        const tested = positiveConditionKeys(statement.Condition);
        const missing = required.filter((tag) => !tested.has(`aws:requesttag/${tag}`.toLowerCase()));
        if (missing.length > 0) {
            gaps.push({ statement: index, missing });
        }
    });
    return gaps;
}

/** Condition keys (lower case) whose value an operator tests so that an absent tag fails it: not Null, negated, IfExists or ForAllValues. */
function positiveConditionKeys(condition: unknown): Set<string> {
    const keys = new Set<string>();
    if (!isObject(condition)) {
        return keys;
    }
    for (const [operator, block] of Object.entries(condition)) {
        if (operator === "Null" || operator.includes("Not") || operator.endsWith("IfExists") || operator.startsWith("ForAllValues:") || !isObject(block)) {
            continue;
        }
        Object.keys(block).forEach((key) => keys.add(key.toLowerCase()));
    }
    return keys;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
