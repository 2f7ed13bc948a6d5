import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ADDON_KEYS } from "../../src/addons/addonPolicies";
import { REPOSITORY_ROOT } from "../harness";
import { codeBlocks, page } from "./pages";

/** Every .ts file under `folder` of the repository, at any depth, as a path from the repository's root. */
function typeScriptUnder(folder: string): string[] {
    return (fs.readdirSync(path.join(REPOSITORY_ROOT, folder), { recursive: true }) as string[])
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .map((file) => path.join(folder, file))
        .sort();
}

/** The rows of the first markdown table of `text` whose first column is a code span: that span, and the row's cells. */
function tableRows(text: string): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const [line] of text.matchAll(/^\| `[^`]+` \|.*$/gm)) {
        const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
        rows.set(cells[0].slice(1, -1), cells);
    }
    return rows;
}

/** docs/development.md's map of the code: its section, split into its bullets. */
function codeMapBullets(): string[] {
    const text = page("docs/development.md").text;
    const section = text.slice(text.indexOf("## The map of the code"), text.indexOf("\n## ", text.indexOf("## The map of the code") + 1));
    return section.split(/\n- /).slice(1);
}

describe("docs/development.md: the map of the code names every file of src/", () => {
    it("names each file in the bullet of its folder", () => {
        const bullets = codeMapBullets();
        const missing = typeScriptUnder("src").filter((file) => {
            const folder = `\`${path.dirname(file)}/\``;
            return !bullets.some((bullet) => bullet.startsWith(folder) && bullet.includes(`\`${path.basename(file)}\``));
        });
        expect(missing).to.deep.equal([]);
    });

    it("names no file of src/ that does not exist", () => {
        const bullets = codeMapBullets().filter((bullet) => bullet.startsWith("`src/"));
        const named = bullets.flatMap((bullet) => {
            const folder = /^`(src\/[a-z/]*)`/.exec(bullet)![1];
            return [...bullet.matchAll(/`([A-Za-z]+\.ts)`/g)].map((m) => path.join(folder, m[1]));
        });
        expect(named.filter((file) => !fs.existsSync(path.join(REPOSITORY_ROOT, file)))).to.deep.equal([]);
    });
});

describe("docs/development.md: adding an add-on, each step enforced", () => {
    it("each add-on has its builder in src/addons/<key>.ts and its own spec in tests/addons/<key>.spec.ts", () => {
        const missing = ADDON_KEYS.flatMap((key) => [`src/addons/${key}.ts`, `tests/addons/${key}.spec.ts`]).filter((file) => !fs.existsSync(path.join(REPOSITORY_ROOT, file)));
        expect(missing).to.deep.equal([]);
    });

    it("each add-on is a row of docs/addon-policies.md's table, and the table lists no other", () => {
        expect([...tableRows(page("docs/addon-policies.md").text).keys()]).to.have.members([...ADDON_KEYS]);
    });

    it("each upstream document under tests/fixtures/addons/ has its row in SOURCES.md, and each row its documents", () => {
        const folder = path.join(REPOSITORY_ROOT, "tests/fixtures/addons");
        const sources = fs.readFileSync(path.join(folder, "SOURCES.md"), "utf8");
        const documents = fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name !== "SOURCES.md").map((entry) => entry.name);
        // A row names one file, or several as `...<name>...` with their number: `(16 files)`.
        const rows = [...sources.matchAll(/^\| `([^`]+)`( \((\d+) files\))? \|/gm)].map((m) => ({
            pattern: new RegExp(`^${m[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("<name>", "[a-z0-9_]+")}$`),
            count: m[3] === undefined ? 1 : Number(m[3]),
            row: m[1],
        }));
        expect(documents.length).to.be.greaterThan(ADDON_KEYS.length);
        expect(documents.filter((file) => !rows.some((row) => row.pattern.test(file)))).to.deep.equal([]);
        expect(rows.filter((row) => documents.filter((file) => row.pattern.test(file)).length !== row.count).map((row) => row.row)).to.deep.equal([]);
    });
});

describe("docs/development.md: adding a policy-pack rule, each step enforced", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../policypack/usePackageBuild");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { eksIrsaPolicies, PolicyName } = require("../../policypack/policies") as typeof import("../../policypack/policies");
    const policies = eksIrsaPolicies();

    it("PolicyName and eksIrsaPolicies() name the same policies", () => {
        expect(policies.map((p) => p.name)).to.have.members(Object.values(PolicyName));
    });

    it("each policy is named by a spec under tests/policypack/", () => {
        const folder = path.join(REPOSITORY_ROOT, "tests/policypack");
        const specs = fs.readdirSync(folder).filter((file) => file.endsWith(".spec.ts")).map((file) => fs.readFileSync(path.join(folder, file), "utf8"));
        const member = (name: string) => Object.entries(PolicyName).find(([, value]) => value === name)![0];
        const unnamed = policies.filter((p) => !specs.some((spec) => spec.includes(`"${p.name}"`) || spec.includes(`PolicyName.${member(p.name)}`)));
        expect(unnamed.map((p) => p.name)).to.deep.equal([]);
    });

    it("each policy is a row of docs/policy-pack.md's table with its default level", () => {
        const rows = tableRows(page("docs/policy-pack.md").text);
        expect([...rows.keys()]).to.have.members(policies.map((p) => p.name));
        for (const p of policies) {
            expect(rows.get(p.name)![1], p.name).to.equal(p.enforcementLevel);
        }
    });

    it("docs/policy-pack.md's defaults config holds each policy with its level and its parameters' defaults", () => {
        const defaults = codeBlocks([page("docs/policy-pack.md")])
            .filter((block) => block.language === "json")
            .map((block) => JSON.parse(block.body))
            .find((config) => Object.keys(config).length > 1)!;
        expect(Object.keys(defaults)).to.have.members(policies.map((p) => p.name));
        for (const p of policies) {
            const properties = (p.configSchema?.properties ?? {}) as { [name: string]: { default?: unknown } };
            const expected = Object.keys(properties).length === 0 ? p.enforcementLevel : { enforcementLevel: p.enforcementLevel, ...Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.default])) };
            expect(defaults[p.name], p.name).to.deep.equal(expected);
        }
    });
});
