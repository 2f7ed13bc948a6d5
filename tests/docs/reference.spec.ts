// docs/reference.md, the argument and output reference: generated from schema.json by scripts/gen-docs.js (schema.json
// is generated from the components' JSDoc), committed, and checked here as schema.spec checks schema.json.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_ROOT } from "../harness";

interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    description?: string;
    plain?: boolean;
}
interface Schema {
    resources: {
        [token: string]: {
            description: string;
            inputProperties: { [name: string]: PropertySpec };
            requiredInputs?: string[];
            properties: { [name: string]: PropertySpec };
            required?: string[];
        };
    };
    types: {
        [token: string]: {
            enum?: { name: string; value: string; description?: string }[];
            properties?: { [name: string]: PropertySpec };
            required?: string[];
        };
    };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { REFERENCE_PATH, generateReference } = require(path.join(REPOSITORY_ROOT, "scripts/gen-docs.js")) as {
    REFERENCE_PATH: string;
    generateReference: (schema: Schema) => string;
};

const SCHEMA_TEXT = fs.readFileSync(path.join(REPOSITORY_ROOT, "schema.json"), "utf8");
const SCHEMA: Schema = JSON.parse(SCHEMA_TEXT);
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8"));
const PAGE = fs.readFileSync(path.join(REPOSITORY_ROOT, "docs/reference.md"), "utf8");
const short = (token: string) => token.slice(token.lastIndexOf(":") + 1);

/**
 * Every entry the page must have, written here from schema.json alone: its heading, the GitHub anchor that heading
 * gets, its description, and for a property the fact its facts line states (required or optional, always set or not).
 */
interface Entry {
    heading: string;
    id: string;
    description: string;
    fact?: string;
}
function expectedEntries(): Entry[] {
    const entries: Entry[] = [];
    const entry = (heading: string, names: string[], description: string, fact?: string) =>
        entries.push({ heading, id: names.join("-").toLowerCase(), description, fact });
    for (const [token, resource] of Object.entries(SCHEMA.resources)) {
        const name = short(token);
        entry(`## ${name}`, [name], resource.description);
        for (const [input, spec] of Object.entries(resource.inputProperties)) {
            const fact = (resource.requiredInputs ?? []).includes(input) ? "required" : "optional";
            entry(`#### ${name} input \`${input}\``, [name, "input", input], spec.description ?? "", fact);
        }
        for (const [output, spec] of Object.entries(resource.properties)) {
            const fact = (resource.required ?? []).includes(output) ? "always set" : "may be unset";
            entry(`#### ${name} output \`${output}\``, [name, "output", output], spec.description ?? "", fact);
        }
    }
    for (const [token, type] of Object.entries(SCHEMA.types)) {
        const name = short(token);
        entry(`### ${name}`, [name], "");
        for (const value of type.enum ?? []) {
            entry(`#### ${name} \`${value.value}\``, [name, value.value], value.description ?? "");
        }
        for (const [property, spec] of Object.entries(type.properties ?? {})) {
            const fact = (type.required ?? []).includes(property) ? "required" : "optional";
            entry(`#### ${name} \`${property}\``, [name, property], spec.description ?? "", fact);
        }
    }
    return entries;
}

/** GitHub's anchors of the page's headings, in order: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function githubAnchors(text: string): string[] {
    const seen = new Map<string, number>();
    return [...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => {
        const slug = heading
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .trim()
            .replace(/\s/g, "-");
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        return count === 0 ? slug : `${slug}-${count}`;
    });
}

/** The page's text from a heading line to the next heading. */
function section(heading: string): string {
    const start = PAGE.indexOf(`\n${heading}\n`);
    expect(start, heading).to.be.at.least(0);
    const next = PAGE.indexOf("\n#", start + 1);
    return PAGE.slice(start + 1, next === -1 ? undefined : next + 1);
}

describe("docs/reference.md: generated from schema.json, never edited", () => {
    it("equals what scripts/gen-docs.js generates from the committed schema.json: run `npm run gen:docs` (npm run gen:schema runs it) after changing a component's JSDoc", () => {
        expect(PAGE).to.equal(generateReference(SCHEMA));
    });

    it("is the file gen-docs.js writes, and npm run gen:schema regenerates it after schema.json", () => {
        expect(REFERENCE_PATH).to.equal(path.join(REPOSITORY_ROOT, "docs/reference.md"));
        expect(PACKAGE.scripts["gen:docs"]).to.equal("node scripts/gen-docs.js");
        expect(PACKAGE.scripts["gen:schema"]).to.match(/node scripts\/gen-schema\.js && npm run --silent gen:docs$/);
    });

    it("goes stale when a JSDoc description changes: the comparison above would fail until the page is regenerated", () => {
        const changed: Schema = JSON.parse(SCHEMA_TEXT);
        const role = Object.values(changed.resources).find((r) => "serviceAccountName" in r.inputProperties)!;
        role.inputProperties.serviceAccountName.description = "A changed comment.";
        const regenerated = generateReference(changed);
        expect(regenerated).to.not.equal(PAGE);
        expect(regenerated).to.contain("#### ServiceAccountRole input `serviceAccountName`\n\n`string`, required\n\nA changed comment.\n");
    });

    it("is a pure function of the schema: generating twice gives the same text, ending with one newline", () => {
        const text = generateReference(JSON.parse(SCHEMA_TEXT));
        expect(text).to.equal(generateReference(JSON.parse(SCHEMA_TEXT)));
        expect(text.endsWith("\n") && !text.endsWith("\n\n")).to.equal(true);
    });
});

describe("docs/reference.md: every component, input, output, object type and enum value of schema.json", () => {
    const entries = expectedEntries();
    const anchors = githubAnchors(PAGE);

    it("has one heading per entry of schema.json, each once, whose GitHub anchor is made of names only", () => {
        const headings = PAGE.split("\n").filter((line) => line.startsWith("#"));
        for (const entry of entries) {
            expect(headings.filter((line) => line === entry.heading), entry.heading).to.have.length(1);
        }
        expect(anchors).to.include.members(entries.map((e) => e.id));
        // No entry's anchor is a repeat that GitHub would number, and no two entries share one.
        expect(new Set(entries.map((e) => e.id)).size).to.equal(entries.length);
        expect(entries.filter((e) => anchors.includes(`${e.id}-1`)).map((e) => e.id)).to.deep.equal([]);
    });

    it("covers ServiceAccountRole and ClusterOidcProvider, their inputs and outputs, and VerifyAccessOptions", () => {
        for (const id of ["serviceaccountrole", "serviceaccountrole-input-serviceaccountname", "serviceaccountrole-output-rolearn", "clusteroidcprovider-output-arn", "verifyaccessoptions-probecommand", "trustscope-cluster"]) {
            expect(anchors).to.include(id);
        }
    });

    for (const entry of entries.filter((e) => e.fact !== undefined)) {
        it(`${entry.id}: its type and ${entry.fact}, and its description verbatim`, () => {
            const [heading, blank, facts] = section(entry.heading).split("\n");
            expect([heading, blank]).to.deep.equal([entry.heading, ""]);
            expect(facts.split(", ")).to.include(entry.fact);
            expect(section(entry.heading)).to.contain(`\n\n${entry.description}\n`);
        });
    }

    it("gives each enum value its description and each component its description", () => {
        for (const entry of entries.filter((e) => e.fact === undefined && e.description !== "")) {
            expect(section(entry.heading), entry.id).to.contain(`\n\n${entry.description}\n`);
        }
    });

    it("links only to its own headings' anchors", () => {
        const targets = [...PAGE.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
        expect(targets.filter((target) => !target.startsWith("#") || !anchors.includes(target.slice(1)))).to.deep.equal([]);
        expect(targets.length).to.be.above(entries.length / 4);
    });
});
