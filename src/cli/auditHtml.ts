import * as dagre from "@dagrejs/dagre";
import { AuditReport } from "../audit/auditReport";
import { accessGraph, GraphNode } from "./auditGraph";

const NODE_HEIGHT = 28;
const CHAR_WIDTH = 7.5;

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * Lays the access graph out left to right with dagre (@dagrejs/dagre, the layered layout for directed graphs): pods,
 * then ServiceAccounts, then roles and their target roles. Returns each node's box and each edge's polyline.
 */
function layoutGraph(report: AuditReport) {
    const { nodes, edges } = accessGraph(report);
    const graph = new dagre.graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir: "LR", nodesep: 12, ranksep: 80, marginx: 10, marginy: 10 });
    for (const node of nodes) {
        graph.setNode(node.id, { width: Math.max(80, node.label.length * CHAR_WIDTH + 20), height: NODE_HEIGHT });
    }
    edges.forEach((edge, index) => graph.setEdge({ v: edge.from, w: edge.to, name: String(index) }, {}));
    dagre.layout(graph);
    const placed = nodes.map((node) => ({ node, box: graph.node(node.id) as { x: number; y: number; width: number; height: number } }));
    const lines = edges.map((edge, index) => ({ edge, points: (graph.edge({ v: edge.from, w: edge.to, name: String(index) }) as { points: { x: number; y: number }[] }).points }));
    const size = graph.graph() as { width?: number; height?: number };
    return { placed, lines, width: Math.ceil(size.width ?? 200), height: Math.ceil(size.height ?? 100) };
}

function nodeSvg({ node, box }: { node: GraphNode; box: { x: number; y: number; width: number; height: number } }): string {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const rx = node.kind === "pod" ? 14 : node.kind === "serviceAccount" ? 6 : 0;
    const severity = node.severity === undefined ? "" : ` severity-${escapeHtml(node.severity)}`;
    return (
        `<g class="node ${node.kind}${severity}" data-id="${escapeHtml(node.id)}" data-label="${escapeHtml(node.label.toLowerCase())}">` +
        `<rect x="${x}" y="${y}" width="${box.width}" height="${box.height}" rx="${rx}"/>` +
        `<text x="${box.x}" y="${box.y + 4}" text-anchor="middle">${escapeHtml(node.label)}</text></g>`
    );
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:24px}
#search{width:420px;padding:6px;font-size:14px}
svg{border:1px solid #ddd;background:#fafafa;max-width:100%;height:auto}
.node rect{fill:#fff;stroke:#555;stroke-width:1.5}
.node.pod rect{fill:#eef6ff} .node.serviceAccount rect{fill:#f0fff0} .node.role rect{fill:#fff8e6}
.node.severity-high rect{stroke:#c00;stroke-width:3} .node.severity-medium rect{stroke:#d80;stroke-width:2.5}
.node text{font-size:12px;font-family:ui-monospace,monospace;fill:#111}
.edge{fill:none;stroke:#888;stroke-width:1.3;marker-end:url(#arrow)} .edge.unconfigured{stroke-dasharray:5 4}
.edge-label{font-size:10px;fill:#666}
.dim{opacity:.15} .hit rect{stroke:#06c;stroke-width:3}
table{border-collapse:collapse;margin-top:8px} td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
tr.high td:first-child{color:#c00;font-weight:bold} tr.medium td:first-child{color:#b60;font-weight:bold}
.hidden{display:none} .muted{color:#666}
`;

// Filters the graph and the findings by a search term; no network, no library.
const SCRIPT = `
const search = document.getElementById("search");
search.addEventListener("input", () => {
  const term = search.value.trim().toLowerCase();
  for (const node of document.querySelectorAll(".node")) {
    const hit = term !== "" && node.dataset.label.includes(term);
    node.classList.toggle("hit", hit);
    node.classList.toggle("dim", term !== "" && !hit);
  }
  let shown = 0;
  for (const row of document.querySelectorAll("#findings tbody tr")) {
    const hit = term === "" || row.textContent.toLowerCase().includes(term);
    row.classList.toggle("hidden", !hit);
    shown += hit ? 1 : 0;
  }
  document.getElementById("shown").textContent = String(shown);
});
`;

/**
 * The audit as one self-contained HTML page: the access graph as inline SVG (laid out by dagre when the page is
 * written, so the page loads no library), the findings with their fixes, what was not checked, and a search that
 * highlights matching nodes and filters the findings. A Content-Security-Policy forbids every network request.
 */
export function formatAuditHtml(report: AuditReport): string {
    const { placed, lines, width, height } = layoutGraph(report);
    const edgesSvg = lines
        .map(({ edge, points }) => {
            const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
            const mid = points[Math.floor(points.length / 2)];
            return (
                `<path class="edge${edge.configured ? "" : " unconfigured"}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" d="${d}"/>` +
                `<text class="edge-label" x="${mid.x.toFixed(1)}" y="${(mid.y - 3).toFixed(1)}" text-anchor="middle">${escapeHtml(edge.label)}</text>`
            );
        })
        .join("\n");
    const findings = report.findings
        .map((f) => `<tr class="${escapeHtml(f.severity)}"><td>${escapeHtml(f.severity)}</td><td>${escapeHtml(f.code)}</td><td>${escapeHtml(f.target)}</td><td>${escapeHtml(f.message)}<br><span class="muted">fix: ${escapeHtml(f.fix)}</span></td></tr>`)
        .join("\n");
    const notChecked = report.notChecked.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
    const title = `eks-irsa audit: ${report.cluster.name}`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(report.cluster.arn)}: ${report.counts.serviceAccounts} ServiceAccounts, ${report.counts.pods} pods, ${report.counts.roles} roles with workload trust, ${report.counts.grants} grants. Dashed: a role the trust admits but nothing configures (a pod can still ask for the token). Red: high findings.</p>
<input id="search" type="search" placeholder="Search pods, ServiceAccounts, roles, findings" aria-label="search">
<h2>Access map</h2>
<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>
${edgesSvg}
${placed.map(nodeSvg).join("\n")}
</svg>
<h2>Findings (<span id="shown">${report.findings.length}</span> of ${report.findings.length})</h2>
<table id="findings"><thead><tr><th>severity</th><th>code</th><th>about</th><th>what and fix</th></tr></thead><tbody>
${findings}
</tbody></table>
${notChecked === "" ? "" : `<h2>Not checked</h2><ul id="not-checked">${notChecked}</ul>`}
<script>${SCRIPT}</script>
</body></html>
`;
}
