// Compares what two heap snapshots hold, by node type and constructor or string kind: where one side's extra retained
// memory is. Usage: node heap.js <a.heapsnapshot> <b.heapsnapshot> <N> [top]
import * as fs from "fs";

interface Snapshot {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
}

/** Bytes and count per "type name" (strings grouped by their first 40 characters' shape). */
export function heapByKind(file: string): Map<string, { bytes: number; count: number }> {
    const snap: Snapshot = JSON.parse(fs.readFileSync(file, "utf8"));
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const width = fields.length;
    const typeAt = fields.indexOf("type");
    const nameAt = fields.indexOf("name");
    const sizeAt = fields.indexOf("self_size");
    const out = new Map<string, { bytes: number; count: number }>();
    for (let i = 0; i < snap.nodes.length; i += width) {
        const type = types[snap.nodes[i + typeAt]];
        let name = snap.strings[snap.nodes[i + nameAt]];
        if (type === "string" || type === "concatenated string" || type === "sliced string") {
            name = name.startsWith("Error\n") ? "Error stack text" : name.replace(/[0-9]+/g, "#").slice(0, 40);
        }
        const key = `${type} ${name}`;
        const entry = out.get(key) ?? { bytes: 0, count: 0 };
        entry.bytes += snap.nodes[i + sizeAt];
        entry.count++;
        out.set(key, entry);
    }
    return out;
}

if (require.main === module) {
    const [a, b, n, top] = [heapByKind(process.argv[2]), heapByKind(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] ?? 25)];
    const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => ({
        key,
        bytes: (a.get(key)?.bytes ?? 0) - (b.get(key)?.bytes ?? 0),
        count: (a.get(key)?.count ?? 0) - (b.get(key)?.count ?? 0),
    }));
    const total = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((s, e) => s + e.bytes, 0);
    console.log(`per role: ${(total(a) / n / 1024).toFixed(1)} KiB vs ${(total(b) / n / 1024).toFixed(1)} KiB`);
    for (const r of rows.sort((x, y) => y.bytes - x.bytes).slice(0, top)) {
        console.log(`${(r.bytes / n).toFixed(0).padStart(7)} B/role ${(r.count / n).toFixed(1).padStart(6)} objects/role  ${JSON.stringify(r.key).slice(0, 100)}`);
    }
}
