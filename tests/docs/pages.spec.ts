import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_ROOT } from "../harness";
import { codeBlocks, documentationPages, Page, where } from "./pages";

/** What each block's language is checked by: a block in any other language would escape every check. */
const LANGUAGES: { [language: string]: string } = {
    ts: "tests/docs/snippets.spec.ts (type-checked and run)",
    typescript: "tests/docs/snippets.spec.ts (type-checked and run)",
    sh: "tests/docs/commands.spec.ts (each command run, or named as the user's)",
    text: "tests/docs/commands.spec.ts (a command and its output, or output checked against the CLI)",
    json: "tests/docs/commands.spec.ts (a pack config, or a trust policy checked against render)",
    python: "the excerpt check below",
    go: "the excerpt check below",
    yaml: "the excerpt check below",
    csharp: "the excerpt check below",
};

/**
 * The example programs the tests run, by language: every TypeScript example under mocks (tests/examples.spec.ts, and
 * examples/eks-cluster by scripts/check-consumer.sh), the Python one under Pulumi's Python mocks, the Go one built and
 * vetted against sdk/go, and the YAML one against the schema (scripts/check-sdks.sh, run by .ci/run). A block in another language than TypeScript shows one of
 * these, whole or as an excerpt of whole lines, so that what the reader copies is what runs.
 */
const RUN_EXAMPLES: { [language: string]: string[] } = {
    python: ["examples/python/__main__.py"],
    go: ["examples/go/main.go"],
    yaml: ["examples/yaml/Pulumi.yaml"],
    csharp: [],
};

/** The page's text with its fenced blocks and inline code spans blanked out, where links are not links. */
function prose(text: string): string {
    return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Every markdown link `[text](target)` of a page's prose. */
function links(page: Page): string[] {
    return [...prose(page.text).matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
    const seen = new Map<string, number>();
    const result = new Set<string>();
    for (const [, heading] of prose(text.replace(/`([^`\n]*)`/g, "$1")).matchAll(/^#{1,6} (.+)$/gm)) {
        const slug = heading
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        result.add(count === 0 ? slug : `${slug}-${count}`);
    }
    return result;
}

/** Whether `block` is `file`'s text, or a run of its whole lines. */
function isExcerptOf(block: string, file: string): boolean {
    const text = fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8");
    if (block === text) {
        return true;
    }
    const lines = block.replace(/\n$/, "").split("\n");
    const fileLines = text.split("\n");
    return fileLines.some((_, start) => lines.every((line, i) => fileLines[start + i] === line));
}

describe("docs: README.md and docs/ as a whole", () => {
    const pages = documentationPages();

    it("reads README.md and the topic pages under docs/", () => {
        expect(pages.map((p) => p.file)).to.include.members([
            "README.md",
            "docs/addon-policies.md",
            "docs/audit.md",
            "docs/checks.md",
            "docs/cli.md",
            "docs/components.md",
            "docs/development.md",
            "docs/examples.md",
            "docs/other-languages.md",
            "docs/pod-identity.md",
            "docs/policy-pack.md",
            "docs/scopes.md",
            "docs/trust-model.md",
        ]);
    });

    it("README.md is a front door: at most 260 lines, with the set-up-and-run command and `npm test` in its first 40", () => {
        const lines = pages[0].text.split("\n");
        expect(lines.length).to.be.at.most(260);
        const head = lines.slice(0, 40).join("\n");
        expect(head).to.contain("npm ci && npm start");
        expect(head).to.match(/^npm test\b/m);
    });

    it("README.md links BENCHMARKS.md once, and holds no benchmark figures", () => {
        expect(links(pages[0]).filter((target) => target === "BENCHMARKS.md")).to.have.length(1);
        expect(pages[0].text).not.to.match(/\b\d+(\.\d+)? (s|ms|µs|min|minutes|MiB|GiB)\b/);
    });

    it("every fenced block names a language some check reads", () => {
        const unchecked = codeBlocks(pages).filter((block) => !(block.language in LANGUAGES));
        expect(unchecked.map((block) => `${where(block)} \`\`\`${block.language}`)).to.deep.equal([]);
    });

    it("every Python, Go, YAML or C# block is an example program the tests run, whole or a run of its whole lines", () => {
        const blocks = codeBlocks(pages).filter((block) => block.language in RUN_EXAMPLES);
        const strays = blocks.filter((block) => !RUN_EXAMPLES[block.language].some((file) => isExcerptOf(block.body, file)));
        expect(strays.map(where)).to.deep.equal([]);
    });

    it("the examples those blocks may show are the ones scripts/check-sdks.sh runs", () => {
        const script = fs.readFileSync(path.join(REPOSITORY_ROOT, "scripts/check-sdks.sh"), "utf8");
        for (const file of Object.values(RUN_EXAMPLES).flat()) {
            expect(fs.existsSync(path.join(REPOSITORY_ROOT, file)), file).to.equal(true);
            expect(script, file).to.contain(path.dirname(file));
        }
    });

    it("the excerpt check finds a run of whole lines and nothing else", () => {
        expect(isExcerptOf('import pulumi\nimport pulumi_eks_irsa as eks_irsa\n', "examples/python/__main__.py")).to.equal(true);
        expect(isExcerptOf("import pulumi_eks_irsa as eks\n", "examples/python/__main__.py")).to.equal(false);
        expect(isExcerptOf("import pulumi\n\nimport pulumi_eks_irsa as eks_irsa\n", "examples/python/__main__.py")).to.equal(false);
    });

    it("every relative link names a file or folder of the repository, and an anchor its page has", () => {
        const broken: string[] = [];
        for (const p of pages) {
            for (const target of links(p).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))) {
                const [file, anchor] = target.split("#");
                const resolved = file === "" ? p.file : path.normalize(path.join(path.dirname(p.file), file));
                const absolute = path.join(REPOSITORY_ROOT, resolved);
                if (resolved.startsWith("..") || path.isAbsolute(file)) {
                    broken.push(`${p.file}: ${target} leaves the repository`);
                } else if (!fs.existsSync(absolute)) {
                    broken.push(`${p.file}: ${target} names no file`);
                } else if (anchor !== undefined && resolved.endsWith(".md") && !anchors(fs.readFileSync(absolute, "utf8")).has(anchor)) {
                    broken.push(`${p.file}: ${target} names no heading of ${resolved}`);
                }
            }
        }
        expect(broken).to.deep.equal([]);
    });

    it("every link out of the repository is a public https page", () => {
        const outside = pages.flatMap((p) => links(p).filter((t) => /^[a-z][a-z0-9+.-]*:/i.test(t)).map((t) => `${p.file}: ${t}`));
        expect(outside.filter((link) => !/: https:\/\/[^/\s]+\.[a-z]{2,}(\/|$)/i.test(link))).to.deep.equal([]);
        expect(outside.filter((link) => /localhost|127\.0\.0\.1|file:/i.test(link))).to.deep.equal([]);
    });

    it("the link check reads GitHub's anchors and sees links only in prose", () => {
        expect([...anchors("# The `eks-irsa` command\n## With an `@pulumi/eks` cluster\n## 7. Measured by hand\n## Notes\n## Notes\n")]).to.deep.equal([
            "the-eks-irsa-command",
            "with-an-pulumieks-cluster",
            "7-measured-by-hand",
            "notes",
            "notes-1",
        ]);
        expect(links({ file: "x.md", text: "[a](b.md) `[c](d.md)`\n```sh\n[e](f.md)\n```\n[g](h.md#i)" })).to.deep.equal(["b.md", "h.md#i"]);
    });
});
