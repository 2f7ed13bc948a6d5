import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
    DEFAULT_AUDIENCE,
    DEFAULT_TRUST_POLICY_SIZE_LIMIT,
    policySize,
    StatementDescription,
    SubjectDescription,
    TrustDescription,
    TrustWarningCode,
} from "eks-irsa";
import { checkAddonWildcards } from "./addonWildcards";
import { POD_IDENTITY_SERVICE, podIdentityGaps, podIdentityGapsAsWritten, readTrust, TrustReading } from "./trustReading";

/** The Pulumi type of the resources the trust policies check. */
export const ROLE_TYPE = "aws:iam/role:Role";

/** The pack's policy names. They are what users write in their policy config, so they never change. */
export enum PolicyName {
    SubjectCondition = "irsa-subject-condition",
    AudienceCondition = "irsa-audience-condition",
    ConditionIssuer = "irsa-condition-issuer",
    SubjectPatterns = "irsa-subject-patterns",
    TrustPolicySize = "irsa-trust-policy-size",
    PodIdentitySessionTags = "pod-identity-session-tags",
    AddonWildcards = "addon-wildcards",
    UnsupportedTrustPolicy = "irsa-unsupported-trust-policy",
    OtherTrustWarnings = "irsa-other-trust-warnings",
    ServiceAccountTrust = "irsa-serviceaccount-trust",
}

/**
 * Which policy reports each warning of eks-irsa's `describeTrust`. A code missing here (one the model adds later)
 * is reported by irsa-other-trust-warnings, so no warning passes silently. irsa-subject-patterns reads the subjects
 * themselves, so that its allow-lists apply per pattern; its codes are listed to keep them out of the catch-all.
 */
const POLICY_OF_WARNING: { readonly [code: string]: PolicyName } = {
    [TrustWarningCode.NoSubjectCondition]: PolicyName.SubjectCondition,
    [TrustWarningCode.WholeSubjectPattern]: PolicyName.SubjectCondition,
    [TrustWarningCode.AnyPrincipal]: PolicyName.SubjectCondition,
    // Exclusions alone admit every other ServiceAccount: no pattern as written to allow-list, so the mandatory policy's.
    [TrustWarningCode.OnlyNegatedSubject]: PolicyName.SubjectCondition,
    [TrustWarningCode.NoAudienceCondition]: PolicyName.AudienceCondition,
    [TrustWarningCode.AudiencePattern]: PolicyName.AudienceCondition,
    [TrustWarningCode.IssuerMismatch]: PolicyName.ConditionIssuer,
    [TrustWarningCode.AnyNamespace]: PolicyName.SubjectPatterns,
    [TrustWarningCode.AnyServiceAccount]: PolicyName.SubjectPatterns,
    // The Pod Identity policy reports these: the unconditioned statement through podIdentityGaps, with its configured tags.
    [TrustWarningCode.AnyPodIdentityAssociation]: PolicyName.PodIdentitySessionTags,
    [TrustWarningCode.PodIdentityMissingAction]: PolicyName.PodIdentitySessionTags,
    [TrustWarningCode.SessionTagsDisabledDefeats]: PolicyName.PodIdentitySessionTags,
};

/** Config of irsa-audience-condition. */
export interface AudienceConfig {
    /** The audiences a web-identity statement may require. Defaults to `["sts.amazonaws.com"]`. */
    audiences?: string[];
}

/** Config of irsa-subject-patterns. */
export interface SubjectPatternsConfig {
    /** Namespace patterns accepted as written, e.g. `["z*"]` for Qovery's cluster scope. Defaults to none. */
    allowedNamespacePatterns?: string[];
    /** ServiceAccount name patterns accepted as written. Defaults to none. */
    allowedServiceAccountPatterns?: string[];
}

/** Config of irsa-trust-policy-size. */
export interface TrustPolicySizeConfig {
    /** The account's `ACLSizePerRole` quota in characters, white space not counted. Defaults to 2048. */
    aclSizePerRole?: number;
}

/** Config of pod-identity-session-tags. */
export interface PodIdentityConfig {
    /**
     * The session tags a `pods.eks.amazonaws.com` statement must test with a positive condition on
     * `aws:RequestTag/<tag>`. Defaults to `["kubernetes-namespace", "kubernetes-service-account"]`.
     */
    requiredSessionTags?: string[];
}

const DEFAULT_SESSION_TAGS = ["kubernetes-namespace", "kubernetes-service-account"];

/** A role's trust policy as the policy sees it: as given (JSON text or object) and its reading by eks-irsa's model. */
interface RoleTrust {
    policy: string | object;
    reading: TrustReading;
}

function trustOf(args: ResourceValidationArgs): RoleTrust | undefined {
    if (args.type !== ROLE_TYPE) {
        return undefined;
    }
    const policy: unknown = args.props.assumeRolePolicy;
    return typeof policy === "string" || (typeof policy === "object" && policy !== null) ? { policy, reading: readTrust(policy) } : undefined;
}

/**
 * A resource validation over each role whose web-identity statements eks-irsa's model decided; roles it cannot
 * decide are irsa-unsupported-trust-policy's alone, roles without workload trust nobody's.
 */
function overTrust<Config extends object>(check: (description: TrustDescription, config: Config, report: ReportViolation) => void) {
    return (args: ResourceValidationArgs, report: ReportViolation): void => {
        const reading = trustOf(args)?.reading;
        if (reading?.kind === "read") {
            check(reading.description, args.getConfig<Config>(), report);
        }
    };
}

/** A resource validation over the policy as written, for every role with workload trust that is a trust policy, decidable or not. */
function overDocument<Config extends object>(check: (config: Config, report: ReportViolation, policy: string | object) => void) {
    return (args: ResourceValidationArgs, report: ReportViolation): void => {
        const trust = trustOf(args);
        if (trust?.reading.kind === "read" || trust?.reading.kind === "unsupported") {
            check(args.getConfig<Config>(), report, trust.policy);
        }
    };
}

/** Reports the model's warnings whose code the table gives to this policy. */
function warningsFor(policy: PolicyName) {
    return (description: TrustDescription, _config: object, report: ReportViolation): void => {
        for (const warning of description.warnings) {
            if ((POLICY_OF_WARNING[warning.code] ?? PolicyName.OtherTrustWarnings) === policy) {
                report(`${warning.message}${admitted(description, description.statements[warning.statement])}`);
            }
        }
    };
}

/**
 * What a statement admits, in the model's words (its clause per provider, as `--who` prints it), to follow a violation's
 * message; and, for a reading that held conditions on keys the model does not handle, which ones and how.
 */
function admitted(description: TrustDescription, statement: StatementDescription | undefined): string {
    const assumed =
        description.assumedKeys.length === 0
            ? ""
            : ` (Read as if the conditions on ${description.assumedKeys.join(", ")}, which eks-irsa does not model, held in every Allow and in no Deny: ` +
              "a caller chooses some of them, so this is whom the role may admit at most.)";
    if (statement === undefined) {
        return assumed;
    }
    const none = `no token${statement.providers.length > 0 ? ` through ${statement.providers.join(", ")}` : ""}`;
    const whom = statement.access.length > 0 ? statement.access.map((a) => `${a.clause.text} through ${a.through}`).join("; ") : none;
    return ` (Statement ${statement.index} ${statement.effect === "Allow" ? "admits" : "denies"}: ${whom}.)${assumed}`;
}

/** A statement that lets web-identity tokens in: the ones whose breadth matters. */
function admitsTokens(statement: StatementDescription): boolean {
    return statement.effect === "Allow" && statement.webIdentity && !statement.admitsNothing && (statement.issuers.length > 0 || statement.anyPrincipal);
}

function checkAudiences(description: TrustDescription, config: AudienceConfig, report: ReportViolation): void {
    warningsFor(PolicyName.AudienceCondition)(description, config, report);
    const allowed = config.audiences ?? [DEFAULT_AUDIENCE];
    for (const statement of description.statements.filter(admitsTokens)) {
        for (const audience of statement.audiences.filter((a) => !a.foreign && !a.operator.includes("Not"))) {
            // Wildcard audiences are the AudiencePattern warning's; exact ones are compared with the config here.
            const exact = audience.operator.includes("Like") ? audience.values.filter((v) => !/[*?]/.test(v)) : audience.values;
            const others = exact.filter((value) => !allowed.includes(value));
            if (others.length > 0) {
                report(
                    `Statement ${statement.index} accepts tokens whose audience ${audience.text}, and ${others.join(", ")} is not one of the configured ` +
                        `audiences (${allowed.join(", ")}): the role trusts tokens meant for another client of the provider. Require ` +
                        `"StringEquals": {"${audience.keyIssuer}:aud": "${DEFAULT_AUDIENCE}"}, or add the audience to this policy's "audiences" config ` +
                        `if the cluster's tokens really carry it.${admitted(description, statement)}`,
                );
            }
        }
    }
}

function checkSubjectPatterns(description: TrustDescription, config: SubjectPatternsConfig, report: ReportViolation): void {
    const namespaces = config.allowedNamespacePatterns ?? [];
    const serviceAccounts = config.allowedServiceAccountPatterns ?? [];
    const allowed = (subject: SubjectDescription) =>
        !wild(subject.value) ||
        (subject.namespace !== undefined &&
            subject.serviceAccount !== undefined &&
            (!wild(subject.namespace) || namespaces.includes(subject.namespace)) &&
            (!wild(subject.serviceAccount) || serviceAccounts.includes(subject.serviceAccount)));
    for (const statement of description.statements.filter(admitsTokens)) {
        const wide = statement.subjects.filter((s) => !s.foreign && !s.negated && s.pattern && !allowed(s));
        wide.forEach((subject) => report(`${subjectPatternMessage(statement, subject)}${admitted(description, undefined)}`));
        if (wide.length > 0 || withinAllowedPatterns(statement, allowed)) {
            continue;
        }
        // Breadth that no pattern as written shows (several conditions that only together leave every namespace open): the model's own words.
        for (const warning of description.warnings.filter((w) => w.statement === statement.index && BREADTH_CODES.includes(w.code))) {
            report(`${warning.message}${admitted(description, statement)}`);
        }
    }
}

const BREADTH_CODES: string[] = [TrustWarningCode.AnyNamespace, TrustWarningCode.AnyServiceAccount];

function wild(value: string | undefined): boolean {
    return value === undefined || /[*?]/.test(value);
}

/**
 * Whether the statement admits only subjects its allowed values cover: it trusts one issuer and has a positive condition
 * on that issuer's :sub (a test every token of it meets, since `sub` is always present) whose values are all exact or
 * allow-listed patterns. Other conditions only narrow what that one admits.
 */
function withinAllowedPatterns(statement: StatementDescription, allowed: (subject: SubjectDescription) => boolean): boolean {
    if (statement.issuers.length !== 1 || statement.anyPrincipal) {
        return false;
    }
    const conditions = new Map<string, SubjectDescription[]>();
    for (const subject of statement.subjects.filter((s) => !s.foreign && !s.negated)) {
        conditions.set(subject.operator, [...(conditions.get(subject.operator) ?? []), subject]);
    }
    return [...conditions.values()].some((subjects) => subjects.every(allowed));
}

function subjectPatternMessage(statement: StatementDescription, subject: SubjectDescription): string {
    const what = `Statement ${statement.index} admits ${subject.text} (${subject.operator} "${subject.value}")`;
    if (subject.namespace === undefined || subject.serviceAccount === undefined) {
        return (
            `${what}: the pattern spans the namespace and the name, so every ServiceAccount it reaches, "default" included, can assume the role. ` +
            "Write system:serviceaccount:<namespace>:<name>, with a pattern only where you mean one."
        );
    }
    const fixes: string[] = [];
    if (/[*?]/.test(subject.namespace)) {
        fixes.push(`add "${subject.namespace}" to allowedNamespacePatterns`);
    }
    if (/[*?]/.test(subject.serviceAccount)) {
        fixes.push(`add "${subject.serviceAccount}" to allowedServiceAccountPatterns`);
    }
    return (
        `${what}: a pattern also admits namespaces and ServiceAccounts created later, by whoever may create them. Name the namespace and the ` +
        `ServiceAccount exactly, or, if the pattern is meant (as Qovery's z* is, for cloned environments), ${fixes.join(" and ")} in this policy's config.`
    );
}

function checkSize(config: TrustPolicySizeConfig, report: ReportViolation, policy: string | object): void {
    const limit = config.aclSizePerRole ?? DEFAULT_TRUST_POLICY_SIZE_LIMIT;
    const size = policySize(typeof policy === "string" ? policy : JSON.stringify(policy));
    if (size > limit) {
        report(
            `The trust policy has ${size} characters (white space not counted), over the account's ACLSizePerRole quota of ${limit}: IAM refuses it ` +
                `with "LimitExceeded: Cannot exceed quota for ACLSizePerRole". Trust fewer ServiceAccounts or clusters, cover several namespaces with one ` +
                `pattern, or raise the quota in Service Quotas and set this policy's "aclSizePerRole" config to the new value.`,
        );
    }
}

/**
 * Pod Identity statements without the session-tag conditions: as eks-irsa's model reads the policy, or as written
 * where the model could not decide it (irsa-unsupported-trust-policy says so too).
 */
function checkPodIdentity(args: ResourceValidationArgs, report: ReportViolation): void {
    const reading = trustOf(args)?.reading;
    const required = args.getConfig<PodIdentityConfig>().requiredSessionTags ?? DEFAULT_SESSION_TAGS;
    const gaps =
        reading?.kind === "read"
            ? podIdentityGaps(reading.description, required)
            : reading?.kind === "unsupported" && reading.document !== undefined
              ? podIdentityGapsAsWritten(reading.document, required)
              : [];
    for (const { statement, missing } of gaps) {
        report(
            `Statement ${statement} trusts ${POD_IDENTITY_SERVICE} without a condition on ${missing.map((tag) => `aws:RequestTag/${tag}`).join(" and ")}: ` +
                "every Pod Identity association naming this role, in any cluster of the account and for any namespace and ServiceAccount, " +
                "can assume it. Add " +
                `"StringEquals": {${required.map((tag) => `"aws:RequestTag/${tag}": "<${tag}>"`).join(", ")}} to the statement.`,
        );
    }
}

/**
 * One violation for a role with workload trust that eks-irsa cannot read, or whose breadth it cannot decide (it depends on
 * conditions on keys eks-irsa does not model and a caller does not choose), naming why.
 */
function checkDecidable(args: ResourceValidationArgs, report: ReportViolation): void {
    const reading = trustOf(args)?.reading;
    if (reading?.kind === "invalid") {
        report(`eks-irsa cannot read this trust policy, and IAM will not accept it either: ${reading.error.message}`);
    } else if (reading?.kind === "unsupported") {
        report(
            `eks-irsa's evaluator cannot decide exactly whom this trust policy admits, so this pack does not pass it: it uses ${reading.error.feature}. ` +
                `${reading.error.message} The pack's other policies checked only its size and its Pod Identity statements. Review who can assume ` +
                "the role by hand, or keep web-identity trust in statements with a Federated principal and String condition operators on the issuer's :sub and :aud keys. " +
                UNDECIDABLE_LEVEL,
        );
    } else if (reading?.kind === "read" && reading.undecidable.length > 0) {
        report(
            `Whom this trust policy admits depends on its conditions on ${reading.undecidable.join(", ")}, which eks-irsa does not model and a caller does not ` +
                "simply choose: read as if they held (in every Allow, and in no Deny) the role admits more than read as if they did not, so this pack " +
                "cannot decide it. The breadth policies reported what it may admit at most. Test only the issuer's :sub and :aud keys in web-identity " +
                `statements, or review who can assume the role by hand. ${UNDECIDABLE_LEVEL}`,
        );
    }
}

const UNDECIDABLE_LEVEL = `Once reviewed, lower this policy to advisory in the policy pack's config: {"${PolicyName.UnsupportedTrustPolicy}": "advisory"}.`;

function stringList(description: string, defaults: string[]) {
    return { type: "array" as const, items: { type: "string" as const }, default: defaults, description };
}

/**
 * The resource policies over every `aws:iam/role:Role`'s `assumeRolePolicy` (JSON text or an object), with their default
 * enforcement levels; the policy config overrides them.
 */
export function trustPolicies(): ResourceValidationPolicy[] {
    return [
        {
            name: PolicyName.SubjectCondition,
            description:
                "A web-identity statement for an EKS issuer must test the token's :sub claim; without it (or with a pattern matching every subject, " +
                'or Principal "*", or only negated conditions) every ServiceAccount of the cluster, so any pod, can assume the role.',
            enforcementLevel: "mandatory",
            validateResource: overTrust(warningsFor(PolicyName.SubjectCondition)),
        },
        {
            name: PolicyName.AudienceCondition,
            description: "A web-identity statement must require the token's :aud claim to be one of the configured audiences (sts.amazonaws.com).",
            enforcementLevel: "advisory",
            configSchema: {
                properties: { audiences: stringList("The audiences a web-identity statement may require.", [DEFAULT_AUDIENCE]) },
            },
            validateResource: overTrust(checkAudiences),
        },
        {
            name: PolicyName.ConditionIssuer,
            description:
                "A statement's condition keys must name the issuer of its Federated OIDC provider; keys of another issuer are never in the token, " +
                "so the statement admits nobody (the Qovery tutorial's printed policy) or its conditions restrict nothing.",
            enforcementLevel: "mandatory",
            validateResource: overTrust(warningsFor(PolicyName.ConditionIssuer)),
        },
        {
            name: PolicyName.SubjectPatterns,
            description:
                "Subject patterns that admit every namespace or every ServiceAccount of some (a * or ? in the namespace or the name), unless the " +
                "pattern is in the config's allow-lists.",
            enforcementLevel: "advisory",
            configSchema: {
                properties: {
                    allowedNamespacePatterns: stringList('Namespace patterns accepted as written, e.g. "z*" for Qovery.', []),
                    allowedServiceAccountPatterns: stringList("ServiceAccount name patterns accepted as written.", []),
                },
            },
            validateResource: overTrust(checkSubjectPatterns),
        },
        {
            name: PolicyName.TrustPolicySize,
            description: "A trust policy must fit the account's ACLSizePerRole quota (white space not counted), or IAM refuses it.",
            enforcementLevel: "mandatory",
            configSchema: {
                properties: {
                    aclSizePerRole: {
                        type: "integer",
                        minimum: 1,
                        default: DEFAULT_TRUST_POLICY_SIZE_LIMIT,
                        description: "The account's ACLSizePerRole quota in characters.",
                    },
                },
            },
            validateResource: overDocument(checkSize),
        },
        {
            name: PolicyName.PodIdentitySessionTags,
            description: `A ${POD_IDENTITY_SERVICE} statement must test the session tags naming the namespace and ServiceAccount (aws:RequestTag/...).`,
            enforcementLevel: "advisory",
            configSchema: {
                properties: {
                    requiredSessionTags: stringList("Session tags the statement must test with a positive condition.", DEFAULT_SESSION_TAGS),
                },
            },
            validateResource: checkPodIdentity,
        },
        {
            name: PolicyName.AddonWildcards,
            description:
                "A ServiceAccountRole add-on given a deliberate wildcard (allowAllHostedZones, allowAllVpcLatticeResources) is reported: its " +
                "permissions reach every such resource of the account.",
            enforcementLevel: "advisory",
            validateResource: checkAddonWildcards,
        },
        {
            name: PolicyName.UnsupportedTrustPolicy,
            description:
                "A web-identity trust policy that eks-irsa's evaluator cannot read, or whose breadth depends on conditions eks-irsa does not model, is " +
                'reported as undecidable, naming why, never passed silently. Mandatory by default; set {"irsa-unsupported-trust-policy": "advisory"} ' +
                "in the policy pack config to lower it.",
            enforcementLevel: "mandatory",
            validateResource: checkDecidable,
        },
        {
            name: PolicyName.OtherTrustWarnings,
            description:
                "Every other warning of eks-irsa's model: subjects no Kubernetes object can have, * or ? under StringEquals, an Allow without " +
                "sts:AssumeRoleWithWebIdentity, and any warning added later.",
            enforcementLevel: "advisory",
            validateResource: overTrust(warningsFor(PolicyName.OtherTrustWarnings)),
        },
    ];
}
