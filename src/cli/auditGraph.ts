import { AuditReport, GrantPath } from "../audit/auditReport";

/** A node of the access graph: a pod, a ServiceAccount or a role. */
export interface GraphNode {
    id: string;
    kind: "pod" | "serviceAccount" | "role";
    label: string;
    /** The highest severity of the findings about it, if any. */
    severity?: string;
}

/** An edge: pod → ServiceAccount ("runs as"), ServiceAccount → role (IRSA, Pod Identity), role → target role. */
export interface GraphEdge {
    from: string;
    to: string;
    label: string;
    /** True for what the cluster hands out (annotation, association), false for a role a pod could still ask for. */
    configured: boolean;
}

/**
 * The access map as a graph: only ServiceAccounts that reach a role, their pods and the roles. Node ids are stable and
 * safe for Mermaid and Graphviz (letters, digits and `_`).
 */
export function accessGraph(report: AuditReport): { nodes: GraphNode[]; edges: GraphEdge[] } {
    const nodes = new Map<string, GraphNode>();
    const edges: GraphEdge[] = [];
    const severityOf = (target: string) => report.findings.find((f) => f.target === target)?.severity;
    const add = (node: GraphNode) => (nodes.has(node.id) ? undefined : nodes.set(node.id, node));
    for (const access of report.serviceAccounts.filter((s) => s.grants.length > 0)) {
        const said = nodeId("sa", `${access.namespace}/${access.name}`);
        const severity = severityOf(`ServiceAccount ${access.namespace}/${access.name}`);
        add({ id: said, kind: "serviceAccount", label: `${access.namespace}/${access.name}`, ...(severity !== undefined && { severity }) });
        for (const pod of access.pods) {
            const podId = nodeId("pod", `${access.namespace}/${pod}`);
            add({ id: podId, kind: "pod", label: `${access.namespace}/${pod}` });
            edges.push({ from: podId, to: said, label: "runs as", configured: true });
        }
        for (const grant of access.grants) {
            const roleId = nodeId("role", grant.roleArn);
            const roleSeverity = severityOf(`role ${grant.roleArn}`);
            add({ id: roleId, kind: "role", label: grant.roleArn.replace(/^arn:[^:]+:iam::(\d+):role\//, "$1/"), ...(roleSeverity !== undefined && { severity: roleSeverity }) });
            if (grant.path === GrantPath.TargetRole) {
                const association = access.grants.find((g) => g.path === GrantPath.PodIdentity && g.associationId === grant.associationId);
                edges.push({ from: association === undefined ? said : nodeId("role", association.roleArn), to: roleId, label: "targetRoleArn", configured: true });
            } else {
                edges.push({ from: said, to: roleId, label: grant.path === GrantPath.Irsa ? "IRSA" : "Pod Identity", configured: grant.configured });
            }
        }
    }
    return { nodes: [...nodes.values()], edges: dedupe(edges) };
}

function dedupe(edges: GraphEdge[]): GraphEdge[] {
    const seen = new Set<string>();
    return edges.filter((e) => {
        const key = `${e.from}>${e.to}>${e.label}`;
        return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** A stable id from the kind and name: their characters outside [A-Za-z0-9] become `_xx` hex codes, so ids never collide. */
function nodeId(kind: string, name: string): string {
    return `${kind}_${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** The graph in Mermaid's flowchart syntax; labels quoted, with `"` written as `#quot;`. */
export function formatMermaid(report: AuditReport): string {
    const { nodes, edges } = accessGraph(report);
    const quote = (s: string) => `"${s.replace(/"/g, "#quot;")}"`;
    const shape = (n: GraphNode) => (n.kind === "role" ? `[${quote(n.label)}]` : n.kind === "serviceAccount" ? `([${quote(n.label)}])` : `(${quote(n.label)})`);
    const lines = ["flowchart LR", ...nodes.map((n) => `    ${n.id}${shape(n)}`), ...edges.map((e) => `    ${e.from} ${e.configured ? "-->" : "-.->"}|${quote(e.label)}| ${e.to}`)];
    const flagged = nodes.filter((n) => n.severity === "high").map((n) => n.id);
    if (flagged.length > 0) {
        lines.push("    classDef high stroke:#c00,stroke-width:3px", `    class ${flagged.join(",")} high`);
    }
    return lines.join("\n") + "\n";
}

/** The graph in Graphviz's DOT language; strings escaped as DOT requires. */
export function formatDot(report: AuditReport): string {
    const { nodes, edges } = accessGraph(report);
    const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    const shapes = { pod: "ellipse", serviceAccount: "box", role: "hexagon" };
    const lines = [
        "digraph access {",
        "  rankdir=LR;",
        ...nodes.map((n) => `  ${n.id} [label=${quote(n.label)}, shape=${shapes[n.kind]}${n.severity === "high" ? ", color=red, penwidth=3" : ""}];`),
        ...edges.map((e) => `  ${e.from} -> ${e.to} [label=${quote(e.label)}${e.configured ? "" : ", style=dashed"}];`),
        "}",
    ];
    return lines.join("\n") + "\n";
}
