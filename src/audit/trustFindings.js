"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.packFindings = packFindings;
exports.squattingFindings = squattingFindings;
exports.providerFindings = providerFindings;
const explain_1 = require("../policy/explain");
const explain_2 = require("../policy/explain");
const trustReading_1 = require("../policy/trustReading");
const auditReport_1 = require("./auditReport");
const findingCodes_1 = require("./findingCodes");
const subjectIndex_1 = require("./subjectIndex");
const SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;
// The pack's pod-identity-session-tags default.
const REQUIRED_SESSION_TAGS = ["kubernetes-namespace", "kubernetes-service-account"];
// Statements these warnings concern already say the namespace is open; a second finding would repeat it.
const OPEN_NAMESPACE_WARNINGS = new Set([
    explain_1.TrustWarningCode.AnyPrincipal,
    explain_1.TrustWarningCode.NoSubjectCondition,
    explain_1.TrustWarningCode.WholeSubjectPattern,
    explain_1.TrustWarningCode.AnyNamespace,
    explain_1.TrustWarningCode.OnlyNegatedSubject,
]);
/**
 * What the policy pack reports for a role, through the same code: describeTrust's warnings (codes `TRUST_<WARNING>`),
 * the Pod Identity statements that do not test the namespace and ServiceAccount session tags, and trust the model
 * cannot decide.
 */
function packFindings(role) {
    const target = `role ${role.role.arn}`;
    if (role.undecided !== undefined) {
        return [
            {
                code: findingCodes_1.FindingCode.TrustUndecidable,
                severity: auditReport_1.Severity.Medium,
                target,
                message: `eks-irsa's model cannot decide this trust exactly (${role.undecided.reason}); which pods reach it is not in the map.`,
                fix: "Check this trust by hand (eks-irsa explain --policy), or rewrite it with the keys and operators eks-irsa models (README, What eks-irsa refuses).",
            },
        ];
    }
    const description = role.description;
    const warned = description.warnings.map((w) => ({ code: (0, findingCodes_1.packFindingCode)(w.code), severity: findingCodes_1.PACK_SEVERITY[w.code] ?? auditReport_1.Severity.Medium, target, message: w.message, fix: `Tighten statement ${w.statement} as the message says; the policy pack reports the same warning before deployment.` }));
    const unconditioned = new Set(description.warnings.filter((w) => w.code === explain_1.TrustWarningCode.AnyPodIdentityAssociation).map((w) => w.statement));
    const gaps = (0, trustReading_1.podIdentityGaps)(description, REQUIRED_SESSION_TAGS)
        .filter((gap) => !unconditioned.has(gap.statement))
        .map((gap) => ({
        code: findingCodes_1.FindingCode.PodIdentitySessionTags,
        severity: auditReport_1.Severity.Medium,
        target,
        message: `Statement ${gap.statement} lets Pod Identity associations in without testing ${gap.missing.map((t) => `aws:RequestTag/${t}`).join(" and ")}: any association of the account with another ${gap.missing.join(" or ")} may use the role.`,
        fix: `Add StringEquals conditions on ${gap.missing.map((t) => `aws:RequestTag/${t}`).join(" and ")} (and aws:RequestTag/eks-cluster-arn) to the statement.`,
    }));
    return [...warned, ...gaps];
}
/**
 * Names in a role's IRSA trust for this cluster that nobody has created: a namespace (whoever creates it gets the role),
 * a ServiceAccount of an existing namespace, and namespace patterns that admit namespaces not created yet. Made only
 * when the whole cluster's objects were given.
 */
function squattingFindings(role, input) {
    const allows = role.irsa?.allows ?? [];
    if (input.namespaces === undefined || allows.length === 0) {
        return [];
    }
    const target = `role ${role.role.arn}`;
    const namespaces = new Set(input.namespaces);
    const accounts = new Set(input.serviceAccounts.map((s) => `${s.namespace}/${s.name}`));
    const open = new Set(role.description.warnings.filter((w) => OPEN_NAMESPACE_WARNINGS.has(w.code)).map((w) => w.statement));
    const findings = [];
    const missingNamespaces = new Set();
    for (const clause of allows) {
        const span = (0, subjectIndex_1.clauseNamespaces)(clause);
        if (span.kind === "any") {
            if (!open.has(clause.statement)) {
                findings.push({
                    code: findingCodes_1.FindingCode.TrustNamespacePattern,
                    severity: auditReport_1.Severity.Medium,
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
            const [, namespace, name] = SUBJECT.exec(subject);
            if (namespaces.has(namespace) && !accounts.has(`${namespace}/${name}`) && (0, explain_2.accessAdmits)(role.irsa, subject, [audienceOf(clause)])) {
                findings.push({
                    code: findingCodes_1.FindingCode.TrustServiceAccountMissing,
                    severity: auditReport_1.Severity.Medium,
                    target,
                    message: `Statement ${clause.statement} trusts ServiceAccount ${namespace}/${name}, which does not exist: whoever may create ServiceAccounts in ${namespace} gets the role.`,
                    fix: `Remove ${subject} from the trust, or create the ServiceAccount it was meant for.`,
                });
            }
        }
    }
    for (const namespace of missingNamespaces) {
        findings.push({
            code: findingCodes_1.FindingCode.TrustNamespaceMissing,
            severity: auditReport_1.Severity.High,
            target,
            message: `The trust names namespace ${namespace}, which does not exist in cluster ${input.cluster.name}: whoever creates it (and a ServiceAccount in it) gets the role.`,
            fix: `Remove namespace ${namespace} from the trust, or create it now and restrict who may create ServiceAccounts in it.`,
        });
    }
    return findings;
}
/** The exact `system:serviceaccount:<ns>:<name>` values of a clause's positive `sub` conditions. */
function exactSubjects(conditions) {
    return conditions
        .filter((c) => c.claim === "sub" && !c.negated && !c.isNull)
        .flatMap((c) => c.values.filter((v) => SUBJECT.test(v) && !(c.like && /[*?]/.test(v))));
}
/** The audience a clause requires when it names exactly one, else the default a projected token carries. */
function audienceOf(clause) {
    const aud = clause.conditions.find((c) => c.claim === "aud" && !c.negated && !c.like && c.values.length === 1);
    return aud?.values[0] ?? "sts.amazonaws.com";
}
/** Federated OIDC providers of the account that the trust names and the account does not have. */
function providerFindings(role, input) {
    if (input.oidcProviders === undefined || role.description === undefined) {
        return [];
    }
    const present = new Set(input.oidcProviders);
    const account = role.role.arn.split(":")[4];
    const named = new Set(role.description.statements.filter((s) => s.effect === "Allow").flatMap((s) => s.providers));
    return [...named]
        .filter((arn) => arn.split(":")[4] === account && arn.includes(":oidc-provider/") && !present.has(arn))
        .map((arn) => ({
        code: findingCodes_1.FindingCode.OidcProviderMissing,
        severity: auditReport_1.Severity.Medium,
        target: `role ${role.role.arn}`,
        message: `The trust names OIDC provider ${arn}, which account ${account} does not have: tokens of that issuer are refused today, and admitted again if anyone recreates the provider.`,
        fix: `Remove the statement for ${arn} (its cluster is gone or elsewhere), or create the provider if the cluster still exists.`,
    }));
}
