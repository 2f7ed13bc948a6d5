/**
 * The documentation the tests read: README.md and every page under docs/ (at any depth, so that a page added later is
 * read too), and their fenced code blocks. Each spec over the documentation reads it through here.
 */
import * as fs from "fs";
import * as path from "path";
import { REPOSITORY_ROOT } from "../harness";

/** A page of the documentation: its path from the repository's root, and its text. */
export interface Page {
    file: string;
    text: string;
}

/** A fenced code block: the page it is on, its line there (1-based, the opening fence), its language and its body. */
export interface CodeBlock {
    page: string;
    line: number;
    language: string;
    body: string;
}

/** README.md first, then docs/**\/*.md in path order. */
export function documentationPages(): Page[] {
    const files = ["README.md", ...markdownUnder("docs")];
    return files.map((file) => ({ file, text: fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8") }));
}

/** The page at `file` (from the repository's root); fails when it is not one of the documentation's pages. */
export function page(file: string): Page {
    const found = documentationPages().find((p) => p.file === file);
    if (found === undefined) {
        throw new Error(`${file} is not a page of the documentation (README.md or docs/**/*.md)`);
    }
    return found;
}

/** Every .md file under `folder` (relative to the repository's root), at any depth, sorted. */
function markdownUnder(folder: string): string[] {
    const root = path.join(REPOSITORY_ROOT, folder);
    if (!fs.existsSync(root)) {
        return [];
    }
    return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
        .map((entry) => path.relative(REPOSITORY_ROOT, path.join(entry.parentPath, entry.name)))
        .sort();
}

/** Every fenced block of every page, in page order. A block opens with ``` and a language (or none) and closes with ```. */
export function codeBlocks(pages: Page[] = documentationPages()): CodeBlock[] {
    const blocks: CodeBlock[] = [];
    for (const { file, text } of pages) {
        for (const match of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
            blocks.push({ page: file, line: text.slice(0, match.index).split("\n").length, language: match[1].trim(), body: match[2] });
        }
    }
    return blocks;
}

/** Where a block is, for messages: `docs/cli.md:42`. */
export function where(block: CodeBlock): string {
    return `${block.page}:${block.line}`;
}

/** The TypeScript blocks (```ts or ```typescript) of every page. */
export function typeScriptBlocks(): CodeBlock[] {
    return codeBlocks().filter((block) => block.language === "ts" || block.language === "typescript");
}
