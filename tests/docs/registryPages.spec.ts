// The two pages the Pulumi Registry takes from a package's repository, docs/_index.md and
// docs/installation-configuration.md: their front matter as the Registry's resourcedocsgen reads it, the lint its
// community-package check runs on them, the quick start as the committed examples, and the install facts as
// package.json, schema.json and sdk/ state them.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cliProcess } from "../cliProcess";
import { REPOSITORY_ROOT } from "../harness";

const read = (file: string) => fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8");
const INDEX = "docs/_index.md";
const INSTALLATION = "docs/installation-configuration.md";
const PAGES = [INDEX, INSTALLATION];
const PACKAGE = JSON.parse(read("package.json"));
const SCHEMA = JSON.parse(read("schema.json"));

/** A page split as resourcedocsgen splits it: the YAML front matter between the first two `---` lines, and the body. */
function frontMatter(text: string): { data: unknown; body: string } {
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    expect(match, "the page starts with a YAML front matter between --- lines").to.not.equal(null);
    return { data: YAML.parse(match![1]), body: match![2] };
}

/** The body without its fenced code blocks, where `#` lines are comments, not headings. */
function prose(body: string): string {
    return body.replace(/^```[\s\S]*?^```$/gm, "");
}

// scripts/ci/community-package/doc_lint.py in pulumi/registry: patterns that break on the Registry's pages.
const REGISTRY_LINT: [RegExp, string][] = [
    [/<img[^>]+src="(\.|\/|[^hH])/, "relative-image"],
    [/<img[^>]+src='(\.|\/|[^hH])/, "relative-image"],
    [/!\[[^\]]*\]\((\.|\/)/, "relative-image"],
    [/<a[^>]+href="(\.|\/)/, "raw-relative-link"],
    [/\]\((?!https?:\/\/)[^)]*\.md[)#]/, "md-suffixed-link"],
];

describe("docs/_index.md and docs/installation-configuration.md: pages the Pulumi Registry takes as they are", () => {
    for (const page of PAGES) {
        it(`${page} opens with front matter that parses, with exactly title, meta_desc and layout: package`, () => {
            const text = read(page);
            // resourcedocsgen's readDocsFile refuses a page that does not start with "---\n" (after leading white space).
            expect(text.startsWith("---\n")).to.equal(true);
            const { data } = frontMatter(text);
            expect(data).to.be.an("object");
            const fields = data as { [key: string]: unknown };
            expect(Object.keys(fields).sort()).to.deep.equal(["layout", "meta_desc", "title"]);
            expect(fields.layout).to.equal("package");
            expect(fields.title).to.be.a("string").and.match(/^eks-irsa\b/);
            expect(fields.meta_desc).to.be.a("string").and.have.length.within(50, 160);
        });

        it(`${page} has no H1 of its own (the Registry renders the title as the page's heading) and ends with one newline`, () => {
            const text = read(page);
            expect(prose(frontMatter(text).body)).to.not.match(/^# /m);
            expect(text.endsWith("\n") && !text.endsWith("\n\n")).to.equal(true);
        });

        it(`${page} passes the Registry's doc lint, and every link is to a public https:// page`, () => {
            const lines = read(page).split("\n");
            const findings = lines.flatMap((line, i) => REGISTRY_LINT.filter(([pattern]) => pattern.test(line)).map(([, kind]) => `${i + 1}: ${kind}`));
            expect(findings).to.deep.equal([]);
            // A relative link breaks either on GitHub (`./installation-configuration`) or on the Registry (`x.md`).
            const targets = [...read(page).matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
            expect(targets.filter((target) => !target.startsWith("https://"))).to.deep.equal([]);
        });
    }
});

/**
 * The committed program each language's tab shows, and the check that runs it. TypeScript's is the README's quick start
 * (its first `ts` block), which the documentation's snippet spec runs under mocks with no stack config; the others are
 * whole files.
 */
const QUICK_START: { language: string; file: string; checkedBy: [string, string] }[] = [
    { language: "typescript", file: "README.md", checkedBy: ["the spec that runs README.md's TypeScript blocks", "runs the quick start: the role, its S3 attachment and the ServiceAccount"] },
    { language: "python", file: "examples/python/__main__.py", checkedBy: ["scripts/check-sdks.sh", "(cd examples/python && \"${CACHE}/venv/bin/python\" test_main.py)"] },
    { language: "go", file: "examples/go/main.go", checkedBy: ["scripts/check-sdks.sh", 'cp -r examples/go "${WORK}/go-example"'] },
    { language: "yaml", file: "examples/yaml/Pulumi.yaml", checkedBy: ["scripts/check-sdks.sh", "node examples/yaml/check_schema.js examples/yaml/Pulumi.yaml schema.json"] },
];

/** What a tab must show of `file`: README.md's quick start, or the whole file. */
function shownOf(file: string): string {
    return file === "README.md" ? /^```ts\n([\s\S]*?)^```$/m.exec(read(file))![1] : read(file);
}

/** The spec that runs README.md's TypeScript blocks: tests/readme.spec.ts, or its successor over every page. */
function snippetSpec(): string {
    const spec = ["tests/docs/snippets.spec.ts", "tests/readme.spec.ts"].find((file) => fs.existsSync(path.join(REPOSITORY_ROOT, file)));
    expect(spec, "a spec runs README.md's TypeScript blocks").to.not.equal(undefined);
    return read(spec!);
}

/** Each `choosable` tab of the page: its language, the file its caption names (its last code span), its fence's language and its code. */
function tabs(text: string): { language: string; file: string; fence: string; code: string }[] {
    const pattern = /\{\{% choosable language (\w+) %\}\}\n\n[^\n]*`([^`\n]+)`[^`\n]*:\n\n```(\w+)\n([\s\S]*?)```\n\n\{\{% \/choosable %\}\}/g;
    return [...text.matchAll(pattern)].map(([, language, file, fence, code]) => ({ language, file, fence, code }));
}

describe("docs/_index.md: the quick start in TypeScript, Python, Go and YAML, as the committed examples", () => {
    const text = read(INDEX);

    it("has one chooser with a tab per language, in the Registry's shortcodes, each tab one code block in its language", () => {
        expect(text.match(/\{\{< chooser language "([^"]+)" >\}\}/g)).to.deep.equal(['{{< chooser language "typescript,python,go,yaml" >}}']);
        expect(text.match(/\{\{< \/chooser >\}\}/g)).to.have.length(1);
        expect(text.match(/\{\{% choosable /g)).to.have.length(4);
        expect(tabs(text).map((tab) => [tab.language, tab.fence])).to.deep.equal(QUICK_START.map((q) => [q.language, q.language]));
    });

    for (const { language, file, checkedBy } of QUICK_START) {
        it(`shows ${file === "README.md" ? "README.md's quick start" : file} byte for byte in the ${language} tab, the file its caption names`, () => {
            const tab = tabs(text).find((t) => t.language === language);
            expect(tab?.file).to.equal(file);
            expect(tab?.code).to.equal(shownOf(file));
        });

        it(`${file} is a program a check runs: ${checkedBy[0]}`, () => {
            expect(file === "README.md" ? snippetSpec() : read(checkedBy[0])).to.contain(checkedBy[1]);
        });
    }

    it(".ci/run runs scripts/check-sdks.sh, which checks the Python, Go and YAML programs", () => {
        expect(read(".ci/run")).to.contain("bash scripts/check-sdks.sh");
    });

    it("imports the package as each language names it: the npm package, schema.json's Python package and Go import path, the YAML type", () => {
        const code = (language: string) => tabs(text).find((t) => t.language === language)!.code;
        expect(code("typescript")).to.contain(`from "${PACKAGE.name}"`);
        expect(code("python")).to.contain(`import ${SCHEMA.language.python.packageName} as`);
        expect(code("go")).to.contain(`"${SCHEMA.language.go.importBasePath}"`);
        expect(code("yaml")).to.contain("type: eks-irsa:index:ServiceAccountRole");
    });
});

/** The commands of the page's `sh` blocks (comments cut), and its `text` blocks that start with `$ `, with their output. */
function shownCommands(text: string): { sh: string[]; shown: { command: string; output: string }[] } {
    const sh: string[] = [];
    const shown: { command: string; output: string }[] = [];
    for (const [, language, body] of text.matchAll(/```(sh|text)\n([\s\S]*?)```/g)) {
        if (language === "sh") {
            sh.push(...body.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter((line) => line !== ""));
        } else if (body.startsWith("$ ")) {
            const [first, ...rest] = body.split("\n");
            shown.push({ command: first.slice(2), output: rest.join("\n") });
        }
    }
    return { sh, shown };
}

describe("docs/installation-configuration.md: every command runs in a check, every fact from the package's files", () => {
    const text = read(INSTALLATION);
    // The prose with its line breaks as spaces: a fact does not depend on where a line wraps.
    const flat = text.replace(/\s+/g, " ");
    const { sh, shown } = shownCommands(text);
    const consumerCheck = read("scripts/check-consumer.sh");
    const engineTest = read("tests/engine/engine.e2e.ts");

    it("shows exactly the commands that the package's checks run, or that need the user's project and the network", () => {
        expect(sh).to.deep.equal([
            "npm install eks-irsa @pulumi/pulumi @pulumi/aws @pulumi/kubernetes",
            "pulumi package add https://github.com/eks-irsa/eks-irsa",
            "pulumi package add /path/to/eks-irsa",
            "pulumi package get-schema /path/to/eks-irsa",
        ]);
        expect(shown.map((s) => s.command)).to.deep.equal(["npx eks-irsa --version"]);
    });

    it("npm install: scripts/check-consumer.sh (.ci/run) installs the packed package with exactly these peers into a new project", () => {
        expect(consumerCheck).to.match(/"eks-irsa": "file:\$\{WORK\}/);
        for (const peer of Object.keys(PACKAGE.peerDependencies)) {
            expect(consumerCheck).to.contain(`"${peer}": "\${`);
        }
        expect(Object.keys(PACKAGE.peerDependencies).sort()).to.deep.equal(["@pulumi/aws", "@pulumi/kubernetes", "@pulumi/pulumi"]);
        expect(read(".ci/run")).to.contain("bash scripts/check-consumer.sh");
    });

    it("pulumi package add and get-schema of a checkout: the engine test (npm run test:engine) runs both; the git URL is the repository's", () => {
        expect(engineTest).to.contain('["package", "add", pkg, "--non-interactive"]');
        expect(engineTest).to.contain('["package", "get-schema", pkg]');
        expect(SCHEMA.repository).to.equal("https://github.com/eks-irsa/eks-irsa");
    });

    it("npx eks-irsa --version prints what the page shows, from the bin in its own process", async () => {
        const { code, stdout, stderr } = await cliProcess(["--version"]);
        expect({ code, stderr }).to.deep.equal({ code: 0, stderr: "" });
        expect(stdout).to.equal(shown[0].output);
        expect(stdout).to.equal(`${PACKAGE.version}\n`);
    });

    it("states the peer ranges of package.json and its Node.js engine", () => {
        const rows = [...text.matchAll(/^\| `(@pulumi\/[a-z]+)` \| `(.+)` \|$/gm)].map(([, name, range]) => [name, range.replace(/\\\|/g, "|")]);
        expect(Object.fromEntries(rows)).to.deep.equal(PACKAGE.peerDependencies);
        expect(PACKAGE.engines.node).to.equal(">=20");
        expect(flat).to.contain("Node.js 20 or later");
    });

    it("installs from git with package.json's repository URL, as check-consumer.sh's git install does from this clone", () => {
        expect(flat).to.contain(`\`npm install ${PACKAGE.repository.url}\``);
        expect(consumerCheck).to.contain('"eks-irsa": "git+file://${ROOT}#');
    });

    it("names the plugin and its git source as schema.json does", () => {
        expect(SCHEMA.name).to.equal("eks-irsa");
        expect(flat).to.contain("plugin, `eks-irsa`");
        expect(flat).to.contain(`\`${SCHEMA.pluginDownloadURL}\``);
        expect(flat).to.contain(`the tag \`v<version>\` of \`${SCHEMA.repository}\``);
    });

    it("Python: the SDK's folder, package name, Python and pulumi floors as sdk/python/pyproject.toml states them", () => {
        const pyproject = read("sdk/python/pyproject.toml");
        expect(flat).to.contain(`\`pip install "git+${SCHEMA.repository}#subdirectory=sdk/python"\``);
        expect(flat).to.contain(`\`import ${SCHEMA.language.python.packageName} as eks_irsa\``);
        expect(/requires-python = ">=([0-9.]+)"/.exec(pyproject)?.[1]).to.equal("3.9");
        expect(flat).to.contain("Python 3.9 or later");
        expect(/"pulumi>=([0-9.]+),<4\.0\.0"/.exec(pyproject)?.[1]).to.equal("3.231.0");
        expect(flat).to.contain("`pulumi` 3.231.0 or later 3.x");
    });

    it("Go: schema.json's import path, the module and the Go and Pulumi versions of sdk/go/go.mod", () => {
        const goMod = read("sdk/go/go.mod");
        const importPath = SCHEMA.language.go.importBasePath;
        expect(flat).to.contain(`\`go get ${importPath}\``);
        expect(flat).to.contain(`the module \`${path.posix.dirname(importPath)}\``);
        expect(/^module (\S+)$/m.exec(goMod)?.[1]).to.equal(path.posix.dirname(importPath));
        expect(flat).to.contain(`requires Go ${/^go (\S+)$/m.exec(goMod)?.[1]}`);
        expect(flat).to.contain(`\`github.com/pulumi/pulumi/sdk/v3\` ${/^\s+github\.com\/pulumi\/pulumi\/sdk\/v3 v(\S+)$/m.exec(goMod)?.[1]} or later`);
    });

    it("YAML: the type tokens of schema.json's components", () => {
        for (const token of Object.keys(SCHEMA.resources)) {
            expect(flat).to.contain(`\`${token}\``);
        }
    });
});
