import { AuditReport, GrantPath, SEVERITY_ORDER } from "../audit/auditReport";

const PATH_WORDS: Record<GrantPath, string> = {
    [GrantPath.Irsa]: "IRSA",
    [GrantPath.PodIdentity]: "Pod Identity",
    [GrantPath.TargetRole]: "target role",
};

/**
 * The audit as text: the access map (one line per ServiceAccount and role reached), the roles' policies, the findings
 * with their fixes, what was not checked, and a summary line.
 */
export function formatAuditTable(report: AuditReport, failing: boolean, failOn: string): string {
    const lines = [`Cluster ${report.cluster.name} (${report.cluster.arn})`, "", "ACCESS MAP (ServiceAccount -> role; * = what its pods' AWS SDK uses by default)"];
    const reached = report.serviceAccounts.filter((s) => s.grants.length > 0);
    for (const access of reached) {
        const pods = access.pods.length === 0 ? "no pods" : `${access.pods.length} pod(s): ${access.pods.slice(0, 3).join(", ")}${access.pods.length > 3 ? ", ..." : ""}`;
        lines.push(`  ${access.namespace}/${access.name}${access.exists ? "" : " (does not exist)"} [${pods}]`);
        for (const grant of access.grants) {
            const audience = grant.audience === undefined ? "" : ` with a token of audience ${grant.audience}`;
            const how = `${PATH_WORDS[grant.path]}${audience}${grant.configured ? "" : ", not configured (a pod can still ask for the token)"}`;
            lines.push(`    ${grant.sdkDefault ? "*" : "-"} ${grant.roleArn} (${how})`);
        }
    }
    if (reached.length === 0) {
        lines.push("  (no ServiceAccount reaches a role)");
    }
    const withPolicies = report.roles.filter((r) => r.policies.length > 0 && reached.some((s) => s.grants.some((g) => g.roleArn === r.arn)));
    if (withPolicies.length > 0) {
        lines.push("", "POLICIES OF THE ROLES REACHED");
        for (const role of withPolicies) {
            lines.push(`  ${role.name}: ${role.policies.map((p) => `${p.name} (${p.kind})`).join(", ")}`);
            for (const policy of role.policies.filter((p) => p.actions !== undefined)) {
                for (const [service, actions] of Object.entries(policy.actions!)) {
                    lines.push(`    ${policy.name} ${service}: ${actions.join(", ")}`);
                }
            }
        }
    }
    lines.push("", `FINDINGS (${report.findings.length})`);
    for (const finding of report.findings) {
        lines.push(`  ${finding.severity.toUpperCase()} ${finding.code} ${finding.target}`, `    ${finding.message}`, `    fix: ${finding.fix}`);
    }
    if (report.notChecked.length > 0) {
        lines.push("", "NOT CHECKED");
        lines.push(...report.notChecked.map((note) => `  ${note}`));
    }
    const counts = SEVERITY_ORDER.map((s) => `${report.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
    lines.push(
        "",
        `${report.counts.serviceAccounts} ServiceAccounts, ${report.counts.pods} pods, ${report.counts.roles} roles with workload trust ` +
            `(${report.counts.rolesWithoutWorkloadTrust} others), ${report.counts.grants} grants; findings: ${counts}; ` +
            `${failing ? `failing (exit 1) at --fail-on ${failOn}` : `passing at --fail-on ${failOn}`}`,
    );
    return lines.join("\n") + "\n";
}
