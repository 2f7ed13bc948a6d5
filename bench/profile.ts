// Summarizes V8 CPU profiles (`node --cpu-prof`): the functions with the most self time, and with the most total time,
// by function and file. Usage: node profile.js <file.cpuprofile> [top]
import * as fs from "fs";
import * as path from "path";

interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}

interface CpuProfile {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
}

export interface HotSpot {
    frame: string;
    selfMs: number;
    totalMs: number;
}

function frameName(node: ProfileNode, root: string): string {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith("file://") ? path.relative(root, url.slice("file://".length)) : url;
    return `${functionName || "(anonymous)"} ${file ? `${file.replace(/^node_modules\//, "")}:${lineNumber + 1}` : ""}`.trim();
}

/** Self and total time per frame; a frame's total counts each sample once even when it recurses. */
export function hotSpots(file: string, root: string): { totalMs: number; spots: HotSpot[] } {
    const profile: CpuProfile = JSON.parse(fs.readFileSync(file, "utf8"));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
        for (const child of node.children ?? []) {
            parent.set(child, node.id);
        }
    }
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let all = 0;
    profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        all += ms;
        const leaf = frameName(byId.get(id)!, root);
        self.set(leaf, (self.get(leaf) ?? 0) + ms);
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
            const name = frameName(byId.get(at)!, root);
            if (!seen.has(name)) {
                seen.add(name);
                total.set(name, (total.get(name) ?? 0) + ms);
            }
        }
    });
    const spots = [...total.keys()].map((frame) => ({ frame, selfMs: self.get(frame) ?? 0, totalMs: total.get(frame)! }));
    return { totalMs: all, spots };
}

if (require.main === module) {
    const file = process.argv[2];
    const top = Number(process.argv[3] ?? 25);
    const { totalMs, spots } = hotSpots(file, path.resolve(__dirname, "..", ".."));
    const show = (title: string, key: "selfMs" | "totalMs") => {
        console.log(`${title} (of ${totalMs.toFixed(0)} ms sampled)`);
        for (const s of [...spots].sort((a, b) => b[key] - a[key]).slice(0, top)) {
            console.log(`${s.selfMs.toFixed(0).padStart(7)} ${s.totalMs.toFixed(0).padStart(7)}  ${s.frame}`);
        }
    };
    show("self ms, total ms — by self time", "selfMs");
    show("self ms, total ms — by total time", "totalMs");
}
