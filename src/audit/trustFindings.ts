import { TrustWarningCode } from "../policy/explain";
import { accessAdmits } from "../policy/explain";
import { podIdentityGaps } from "../policy/trustReading";
import { AuditInput } from "./auditInput";
import { Finding, Severity } from "./auditReport";
import { FindingCode, PACK_SEVERITY, packFindingCode } from "./findingCodes";
import { ReadRole } from "./readRoles";
import { clauseNamespaces } from "./subjectIndex";

const SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;
// The pack's pod-identity-session-tags default.
const REQUIRED_SESSION_TAGS = ["kubernetes-namespace", "kubernetes-service-account"];
// Statements these warnings concern already say the namespace is open; a second finding would repeat it.
const OPEN_NAMESPACE_WARNINGS = new Set<string>([
    TrustWarningCode.AnyPrincipal,
    TrustWarningCode.NoSubjectCondition,
    TrustWarningCode.WholeSubjectPattern,
    TrustWarningCode.AnyNamespace,
    TrustWarningCode.OnlyNegatedSubject,
]);

/**
 * What the policy pack reports for a role, through the same code: describeTrust's warnings (codes `TRUST_<WARNING>`),
 * the Pod Identity statements that do not test the namespace and ServiceAccount session tags, and trust the model
 * cannot decide.
 */
export function packFindings(role: ReadRole): Finding[] {
    const target = `role ${role.role.arn}`;
    if (role.undecided !== undefined) {
        return [
            {
                code: FindingCode.TrustUndecidable,
                severity: Severity.Medium,
                target,
                message: `eks-irsa's model cannot decide this trust exactly (${role.undecided.reason}); which pods reach it is not in the map.`,
                fix: "Check this trust by hand (eks-irsa explain --policy), or rewrite it with the keys and operators eks-irsa models (docs/trust-model.md, What eks-irsa refuses).",
            },
        ];
    }
    const description = role.description!;
    const warned = description.warnings.map(
        (w): Finding => ({ code: packFindingCode(w.code), severity: PACK_SEVERITY[w.code] ?? Severity.Medium, target, message: w.message, fix: `Tighten statement ${w.statement} as the message says; the policy pack reports the same warning before deployment.` }),
    );
    const unconditioned = new Set(description.warnings.filter((w) => w.code === TrustWarningCode.AnyPodIdentityAssociation).map((w) => w.statement));
    const gaps = podIdentityGaps(description, REQUIRED_SESSION_TAGS)
        .filter((gap) => !unconditioned.has(gap.statement))
        .map(
            (gap): Finding => ({
                code: FindingCode.PodIdentitySessionTags,
                severity: Severity.Medium,
                target,
                message: `Statement ${gap.statement} lets Pod Identity associations in without testing ${gap.missing.map((t) => `aws:RequestTag/${t}`).join(" and ")}: any association of the account with another ${gap.missing.join(" or ")} may use the role.`,
                fix: `Add StringEquals conditions on ${gap.missing.map((t) => `aws:RequestTag/${t}`).join(" and ")} (and aws:RequestTag/eks-cluster-arn) to the statement.`,
            }),
        );
    return [...warned, ...gaps];
}

/**
 * Names in a role's IRSA trust for this cluster that nobody has created: a namespace (whoever creates it gets the role),
 * a ServiceAccount of an existing namespace, and namespace patterns that admit namespaces not created yet. Made only
 * when the whole cluster's objects were given.
 */
export function squattingFindings(role: ReadRole, input: AuditInput, existing: ExistingNames): Finding[] {
    const allows = role.irsa?.allows ?? [];
    if (existing.namespaces === undefined || allows.length === 0) {
        return [];
    }
    const target = `role ${role.role.arn}`;
    const { namespaces, accounts } = existing;
    const open = new Set(role.description!.warnings.filter((w) => OPEN_NAMESPACE_WARNINGS.has(w.code)).map((w) => w.statement));
    const findings: Finding[] = [];
    const missingNamespaces = new Set<string>();
    for (const clause of allows) {
        const span = clauseNamespaces(clause);
        if (span.kind === "any") {
            if (!open.has(clause.statement)) {
                findings.push({
                    code: FindingCode.TrustNamespacePattern,
                    severity: Severity.Medium,
                    target,
                    message: `Statement ${clause.statement} admits ${clause.text}: its namespace is a pattern, so namespaces nobody has created yet are admitted as soon as someone creates them.`,
                    fix: "Name the exact namespaces (StringEquals), or make sure only trusted people can create namespaces that match the pattern.",
                });
            }
            continue;
        }
        for (const namespace of span.namespaces) {
            if (!namespaces.has(namespace)) {
                missingNamespaces.add(namespace);
            }
        }
        for (const subject of exactSubjects(clause.conditions)) {
            const [, namespace, name] = SUBJECT.exec(subject)!;
            if (namespaces.has(namespace) && !accounts.has(`${namespace}/${name}`) && accessAdmits(role.irsa, subject, [audienceOf(clause)])) {
                findings.push({
                    code: FindingCode.TrustServiceAccountMissing,
                    severity: Severity.Medium,
                    target,
                    message: `Statement ${clause.statement} trusts ServiceAccount ${namespace}/${name}, which does not exist: whoever may create ServiceAccounts in ${namespace} gets the role.`,
                    fix: `Remove ${subject} from the trust, or create the ServiceAccount it was meant for.`,
                });
            }
        }
    }
    for (const namespace of missingNamespaces) {
        findings.push({
            code: FindingCode.TrustNamespaceMissing,
            severity: Severity.High,
            target,
            message: `The trust names namespace ${namespace}, which does not exist in cluster ${input.cluster.name}: whoever creates it (and a ServiceAccount in it) gets the role.`,
            fix: `Remove namespace ${namespace} from the trust, or create it now and restrict who may create ServiceAccounts in it.`,
        });
    }
    return findings;
}

/** The cluster's namespaces and ServiceAccounts (`<namespace>/<name>`), built once per audit; no namespaces without kubectl's output. */
export interface ExistingNames {
    namespaces?: Set<string>;
    accounts: Set<string>;
    /** Every role ARN of the input, workload trust or not. */
    roleArns: Set<string>;
}

/** The names that exist, for {@link squattingFindings}. */
export function existingNames(input: AuditInput): ExistingNames {
    return {
        ...(input.namespaces !== undefined && { namespaces: new Set(input.namespaces) }),
        accounts: new Set(input.serviceAccounts.map((s) => `${s.namespace}/${s.name}`)),
        roleArns: new Set(input.roles.map((r) => r.arn)),
    };
}

/** The exact `system:serviceaccount:<ns>:<name>` values of a clause's positive `sub` conditions. */
function exactSubjects(conditions: { claim?: string; negated: boolean; isNull: boolean; like: boolean; values: string[] }[]): string[] {
    return conditions
        .filter((c) => c.claim === "sub" && !c.negated && !c.isNull)
        .flatMap((c) => c.values.filter((v) => SUBJECT.test(v) && !(c.like && /[*?]/.test(v))));
}

/** The audience a clause requires when it names exactly one, else the default a projected token carries. */
function audienceOf(clause: { conditions: { claim?: string; negated: boolean; like: boolean; values: string[] }[] }): string {
    const aud = clause.conditions.find((c) => c.claim === "aud" && !c.negated && !c.like && c.values.length === 1);
    return aud?.values[0] ?? "sts.amazonaws.com";
}

/** Federated OIDC providers of the account that the trust names and the account does not have. */
export function providerFindings(role: ReadRole, input: AuditInput): Finding[] {
    if (input.oidcProviders === undefined || role.description === undefined) {
        return [];
    }
    const present = new Set(input.oidcProviders);
    const account = role.role.arn.split(":")[4];
    const named = new Set(role.description.statements.filter((s) => s.effect === "Allow").flatMap((s) => s.providers));
    return [...named]
        .filter((arn) => arn.split(":")[4] === account && arn.includes(":oidc-provider/") && !present.has(arn))
        .map((arn) => ({
            code: FindingCode.OidcProviderMissing,
            severity: Severity.Medium,
            target: `role ${role.role.arn}`,
            message: `The trust names OIDC provider ${arn}, which account ${account} does not have: tokens of that issuer are refused today, and admitted again if anyone recreates the provider.`,
            fix: `Remove the statement for ${arn} (its cluster is gone or elsewhere), or create the provider if the cluster still exists.`,
        }));
}
