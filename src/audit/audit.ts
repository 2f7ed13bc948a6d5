import { oidcProviderArn } from "../policy/issuer";
import { AuditInput } from "./auditInput";
import { AuditReport, Finding, RoleEntry, SEVERITY_ORDER, Severity } from "./auditReport";
import { buildAccessMap, decideAssociations } from "./accessMap";
import { FindingCode } from "./findingCodes";
import { policyEntries } from "./permissions";
import { ReadRole, readRoles } from "./readRoles";
import { existingNames, packFindings, providerFindings, squattingFindings } from "./trustFindings";
import { annotationFindings, associationFindings, defaultServiceAccountFindings } from "./workloadFindings";

/** Options of {@link auditCluster}. */
export interface AuditOptions {
    /** List each policy's allowed actions by service. Defaults to false (policy names only). */
    permissions?: boolean;
}

/**
 * Audits one cluster against one account, offline: the access map (which pods reach which roles, how, and which
 * credential their SDKs use) and the findings. Pure: the same input gives the same report.
 *
 * @param input what readAuditFiles read.
 * @param options see {@link AuditOptions}.
 */
export function auditCluster(input: AuditInput, options: AuditOptions = {}): AuditReport {
    const { cluster } = input;
    const ownProvider = cluster.issuer === undefined ? undefined : oidcProviderArn(cluster.partition, cluster.accountId, cluster.issuer);
    const providerMissing = ownProvider !== undefined && input.oidcProviders !== undefined && !input.oidcProviders.includes(ownProvider);
    // STS finds no provider for the cluster's tokens: no IRSA role is reachable.
    const providerArn = providerMissing ? undefined : ownProvider;
    const { read, withoutWorkloadTrust } = readRoles(input.roles, providerArn);
    const byArn = new Map(read.map((r) => [r.role.arn, r]));
    const associations = decideAssociations(input, byArn);
    const serviceAccounts = buildAccessMap(input, read, associations);
    const existing = existingNames(input);
    const findings: Finding[] = [
        ...(providerMissing ? [clusterProviderFinding(ownProvider!, cluster.accountId)] : []),
        ...read.flatMap((role) => [...packFindings(role), ...squattingFindings(role, input, existing), ...providerFindings(role, input)]),
        ...serviceAccounts.flatMap((access) => [...annotationFindings(access, byArn, input, existing, providerArn), ...defaultServiceAccountFindings(access)]),
        ...associations.flatMap((decision) => associationFindings(decision, input, existing)),
    ];
    return {
        schemaVersion: 1,
        cluster: { name: cluster.name, arn: cluster.arn, ...(cluster.issuer !== undefined && { issuer: `https://${cluster.issuer}` }), ...(ownProvider !== undefined && { providerArn: ownProvider }) },
        inputs: input.sources,
        notChecked: notChecked(input, read),
        serviceAccounts,
        roles: read.map((role) => roleEntry(role, options.permissions === true)),
        findings: sortFindings(findings),
        counts: {
            serviceAccounts: serviceAccounts.length,
            pods: input.pods.length,
            roles: read.length,
            rolesWithoutWorkloadTrust: withoutWorkloadTrust,
            grants: serviceAccounts.reduce((n, s) => n + s.grants.length, 0),
        },
    };
}

/** Whether any finding is at or above `failOn` (never for `none`). */
export function failsAt(report: AuditReport, failOn: Severity | "none"): boolean {
    return failOn !== "none" && report.findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= SEVERITY_ORDER.indexOf(failOn));
}

function roleEntry(role: ReadRole, permissions: boolean): RoleEntry {
    return {
        arn: role.role.arn,
        name: role.role.name,
        trust: role.undecided?.kind ?? "read",
        ...(role.undecided !== undefined && { reason: role.undecided.reason }),
        policies: policyEntries(role.role.policies, permissions),
    };
}

function clusterProviderFinding(providerArn: string, account: string): Finding {
    return {
        code: FindingCode.ClusterOidcProviderMissing,
        severity: Severity.High,
        target: `provider ${providerArn}`,
        message: `Account ${account} has no IAM OIDC provider for the cluster's issuer: STS refuses every IRSA token of the cluster, so no pod gets a role through IRSA.`,
        fix: "Create the provider (eksctl utils associate-iam-oidc-provider, or eks-irsa's ClusterOidcProvider).",
    };
}

function notChecked(input: AuditInput, read: ReadRole[]): string[] {
    const notes = [...input.notes];
    if (input.namespaces === undefined) {
        notes.push("Namespaces: no kubectl get output, so trusts naming namespaces or ServiceAccounts nobody has created were not looked for (a stack holds only its own).");
    }
    if (input.oidcProviders === undefined) {
        notes.push("OIDC providers: no aws iam list-open-id-connect-providers output, so trusts through providers the account lacks were not looked for.");
    }
    if (input.associations === undefined) {
        notes.push("Pod Identity: no describe-pod-identity-association output, so Pod Identity access is not in the map.");
    }
    if (input.cluster.issuer === undefined) {
        notes.push("IRSA: the cluster has no OIDC issuer, so no pod reaches a role through IRSA.");
    }
    const targets = (input.associations ?? []).filter((a) => a.targetRoleArn !== undefined);
    if (targets.length > 0) {
        notes.push(`Target roles: the trust of ${targets.length} association target role(s) toward the association's role is an AWS-principal trust, outside eks-irsa's model; the map shows the chain as configured.`);
    }
    const elsewhere = [...new Set(input.serviceAccounts.map((s) => s.roleArn).filter((arn) => arn !== undefined && arn.split(":")[4] !== input.cluster.accountId))];
    if (elsewhere.length > 0) {
        notes.push(`Annotated roles of other accounts (${elsewhere.join(", ")}): not in the input, so whether they trust their ServiceAccounts is not checked.`);
    }
    notes.push(
        "Role chaining: roles a reached role's own credentials may assume (trusts naming AWS principals) are not followed; only Pod Identity's targetRoleArn is shown.",
    );
    const undecided = read.filter((r) => r.undecided !== undefined).length;
    if (undecided > 0) {
        notes.push(`${undecided} role(s) with workload trust could not be decided by eks-irsa's model (TRUST_UNDECIDABLE findings); their access is not in the map.`);
    }
    return notes;
}

function sortFindings(findings: Finding[]): Finding[] {
    return findings.sort(
        (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.code.localeCompare(b.code) || a.target.localeCompare(b.target) || a.message.localeCompare(b.message),
    );
}
