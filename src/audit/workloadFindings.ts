import { AuditInput } from "./auditInput";
import { Finding, GrantPath, ServiceAccountAccess, Severity } from "./auditReport";
import { AssociationDecision } from "./accessMap";
import { FindingCode } from "./findingCodes";
import { ReadRole } from "./readRoles";
import { ExistingNames } from "./trustFindings";

/**
 * A ServiceAccount's annotated role that its pods cannot assume: missing from the account, or whose trust does not
 * admit the ServiceAccount's token through the cluster's provider. Roles of other accounts are not in the input and are
 * named in the report's notChecked instead.
 */
export function annotationFindings(
    access: ServiceAccountAccess,
    roles: Map<string, ReadRole>,
    input: AuditInput,
    existing: ExistingNames,
    providerArn: string | undefined,
): Finding[] {
    const arn = access.annotatedRoleArn;
    if (arn === undefined || !access.exists) {
        return [];
    }
    const target = `ServiceAccount ${access.namespace}/${access.name}`;
    const role = roles.get(arn);
    const inAccount = arn.split(":")[4] === input.cluster.accountId;
    if (role === undefined) {
        if (!inAccount || existing.roleArns.has(arn)) {
            return [];
        }
        return [
            {
                code: FindingCode.AnnotatedRoleMissing,
                severity: Severity.High,
                target,
                message: `Its eks.amazonaws.com/role-arn names ${arn}, which account ${input.cluster.accountId} does not have: its pods (${access.pods.length}) get AccessDenied from sts:AssumeRoleWithWebIdentity.`,
                fix: "Create the role (with a trust for this ServiceAccount) or correct the annotation.",
            },
        ];
    }
    if (role.undecided !== undefined || access.grants.some((g) => g.path === GrantPath.Irsa && g.roleArn === arn && g.audience === undefined)) {
        return [];
    }
    const why =
        providerArn === undefined
            ? "the cluster has no usable IAM OIDC provider"
            : role.irsa === undefined
              ? `its trust names no statement for this cluster's provider ${providerArn}`
              : `its trust does not admit system:serviceaccount:${access.namespace}:${access.name} with audience ${access.audience} (${role.irsa.text.join(" ")})`;
    return [
        {
            code: FindingCode.AnnotatedRoleDenies,
            severity: Severity.High,
            target,
            message: `Its annotated role ${arn} cannot be assumed by its pods (${access.pods.length}): ${why}; they get AccessDenied.`,
            fix: `Add this ServiceAccount to the role's trust for ${providerArn ?? "the cluster's provider"} (eks-irsa explain --policy shows whom it admits), or annotate the role meant for it.`,
        },
    ];
}

/** A namespace's `default` ServiceAccount that reaches a role: every pod of the namespace naming no ServiceAccount runs with it. */
export function defaultServiceAccountFindings(access: ServiceAccountAccess): Finding[] {
    const reached = [...new Set(access.grants.map((g) => g.roleArn))];
    if (access.name !== "default" || reached.length === 0) {
        return [];
    }
    return [
        {
            code: FindingCode.DefaultServiceAccountRole,
            severity: Severity.Medium,
            target: `ServiceAccount ${access.namespace}/default`,
            message: `The default ServiceAccount of namespace ${access.namespace} reaches ${reached.join(", ")}: every pod of the namespace that names no ServiceAccount gets it.`,
            fix: "Give the workload its own ServiceAccount and trust that one (or associate that one) instead of default.",
        },
    ];
}

/** Associations whose role is missing, refuses them, or depends on the pod; and associations for ServiceAccounts that do not exist. */
export function associationFindings(decision: AssociationDecision, input: AuditInput, existing: ExistingNames): Finding[] {
    const a = decision.association;
    const target = `association ${a.associationId}`;
    const who = `${a.namespace}/${a.serviceAccount}`;
    const findings: Finding[] = [];
    if (input.wholeCluster && !existing.accounts.has(`${a.namespace}/${a.serviceAccount}`)) {
        findings.push({
            code: FindingCode.AssociationServiceAccountMissing,
            severity: Severity.High,
            target,
            message: `It gives ${a.roleArn} to ServiceAccount ${who}, which does not exist: whoever creates it${input.namespaces?.includes(a.namespace) ? "" : ` (and namespace ${a.namespace})`} gets the role.`,
            fix: "Delete the association, or create the ServiceAccount it was meant for.",
        });
    }
    if (decision.role === undefined) {
        if (!existing.roleArns.has(a.roleArn)) {
            findings.push({
                code: FindingCode.AssociationRoleMissing,
                severity: Severity.High,
                target,
                message: `Its role ${a.roleArn} is not in the account's roles: pods of ${who} get no credentials.`,
                fix: "Create the role with a Pod Identity trust, or point the association at an existing one.",
            });
        }
    } else if (decision.admitted === false) {
        const tags = a.disableSessionTags ? "with session tags disabled (disableSessionTags: true), " : "";
        findings.push({
            code: FindingCode.AssociationRefused,
            severity: Severity.High,
            target,
            message: `The trust of ${a.roleArn} refuses this association ${tags}for ${who} in cluster ${input.cluster.name}: ${decision.role.description!.podIdentity.text.join(" ")}. Its pods get AccessDenied.`,
            fix: `Admit pods.eks.amazonaws.com for cluster ${input.cluster.arn}, namespace ${a.namespace} and ServiceAccount ${a.serviceAccount} (sts:AssumeRole and sts:TagSession)${a.disableSessionTags ? ", or keep session tags on" : ""}.`,
        });
    } else if (decision.admitted === undefined && decision.role.description !== undefined) {
        findings.push({
            code: FindingCode.AssociationPodDependent,
            severity: Severity.Info,
            target,
            message: `The trust of ${a.roleArn} tests the pod's name or UID, so whether pods of ${who} get it depends on each pod; it is not in the map.`,
            fix: "Check the pods by hand with eks-irsa explain, or test namespace and ServiceAccount instead.",
        });
    }
    return findings;
}
