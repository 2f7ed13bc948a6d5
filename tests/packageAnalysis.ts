/**
 * The package's analysis, done once per test run and beside the other specs. The TypeScript analysis of index.ts
 * that yields schema.json and that construct() reads, and the type-check of the documentation's examples against the
 * package, are the costliest steps of the suite (each program holds every type of @pulumi/aws and
 * @pulumi/kubernetes). A worker thread, started when a spec first imports this file, builds that program once, answers
 * the schema and construct specs, then type-checks the documentation's examples reusing its parsed files, while the main
 * thread runs the other specs on the other core.
 */
import type { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { isMainThread, parentPort, Worker } from "worker_threads";
import * as eksIrsa from "../index";
import { CodeBlock, typeScriptBlocks, where } from "./docs/pages";
import { REPOSITORY_ROOT } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { componentProvider, generateSchema } = require(path.join(REPOSITORY_ROOT, "scripts/gen-schema.js")) as {
    componentProvider: (packageDir: string, exports: object) => ComponentProvider;
    generateSchema: (provider: ComponentProvider) => Promise<string>;
};

/** Where the documentation's examples are written to be type-checked and run: ignored by git and by tsc. */
export const SNIPPET_DIR = path.join(REPOSITORY_ROOT, "bin/tests/doc-snippets");

/** Every TypeScript block of README.md and docs/**\/*.md that imports the package (and not `@pulumi/eks`), in page order. */
export function documentationSnippets(): CodeBlock[] {
    return typeScriptBlocks().filter((block) => block.body.includes('from "eks-irsa"') && !needsEks(block.body));
}

/** The TypeScript blocks that need `@pulumi/eks`, a dependency of examples/eks-cluster and not of the package: each is that example as committed, which scripts/check-consumer.sh type-checks and runs where `@pulumi/eks` is installed. */
export function documentationEksSnippets(): CodeBlock[] {
    return typeScriptBlocks().filter((block) => needsEks(block.body));
}

function needsEks(code: string): boolean {
    return code.includes('from "@pulumi/eks"');
}

/** What the analysis tells the schema and construct specs. */
export interface PackageAnalysis {
    /** The text `npm run gen:schema` writes to schema.json. */
    schemaText: string;
    /** The file the analyzer started from. */
    entryPoint: string;
    /** The analyzer's own files (those outside node_modules), relative to the repository, sorted. */
    ownFiles: string[];
    /** The folders of `@pulumi/aws` (`.` for its top level) whose declarations the analyzer's program holds. */
    awsFolders: string[];
    /** The same for `@pulumi/kubernetes`. */
    kubernetesFolders: string[];
    /** The components' definitions the provider keeps from its analysis, which construct() reads. */
    componentDefinitions: unknown;
}

type Message = { analysis: PackageAnalysis } | { snippetDiagnostics: string[] } | { error: string };

interface Pending<T> {
    promise: Promise<T>;
    resolve: (value: T) => void;
    reject: (error: Error) => void;
}

function pending<T>(): Pending<T> {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    // The schema spec may run without the snippets spec: an unread failure is reported by the spec that reads it.
    promise.catch(() => undefined);
    return { promise, resolve, reject };
}

const analysis = pending<PackageAnalysis>();
const snippets = pending<string[]>();
let worker: Worker | undefined;
let waiting = 0;

/** The worker keeps the process alive only while a spec waits for one of its answers. */
function waitFor<T>(answer: Pending<T>): Promise<T> {
    if (waiting++ === 0) {
        worker?.ref();
    }
    return answer.promise.finally(() => {
        if (--waiting === 0) {
            worker?.unref();
        }
    });
}

if (isMainThread) {
    // The `.ts` specs run under ts-node; the worker needs it too to load this file.
    worker = new Worker(__filename, { execArgv: __filename.endsWith(".ts") ? ["--require", require.resolve("ts-node/register/transpile-only")] : [] });
    worker.unref();
    worker.on("message", (message: Message) => {
        if ("analysis" in message) {
            analysis.resolve(message.analysis);
        } else if ("snippetDiagnostics" in message) {
            snippets.resolve(message.snippetDiagnostics);
        } else {
            analysis.reject(new Error(message.error));
            snippets.reject(new Error(message.error));
        }
    });
    worker.on("error", (error) => {
        analysis.reject(error);
        snippets.reject(error);
    });
} else {
    work().catch((error: Error) => parentPort!.postMessage({ error: error.stack ?? String(error) } satisfies Message));
}

/** The run's analysis of the package. */
export function analysePackage(): Promise<PackageAnalysis> {
    return waitFor(analysis);
}

/**
 * A provider over the components this run loaded (the `.ts` sources or the build) that reuses the run's analysis.
 * ComponentProvider keeps its analysis in `cachedSchema` and `componentDefinitions`; were they renamed, construct()
 * would analyse again: slower, not wrong.
 */
export async function analysedProvider(): Promise<ComponentProvider> {
    const { schemaText, componentDefinitions } = await analysePackage();
    return Object.assign(componentProvider(REPOSITORY_ROOT, eksIrsa), { cachedSchema: schemaText, componentDefinitions });
}

/** The type-checker's messages for the documentation's examples compiled against the package (none when they compile). */
export function snippetDiagnostics(): Promise<string[]> {
    return waitFor(snippets);
}

async function work(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    let entryPoint: string | undefined;
    let program: ts.Program | undefined;
    // Records the analyzer's starting file and program while it analyses, instead of building a second program.
    const find = Analyzer.prototype.findProgramEntryPoint;
    Analyzer.prototype.findProgramEntryPoint = function (this: { program: ts.Program }) {
        const sourceFile = find.call(this);
        entryPoint = sourceFile.fileName;
        program = this.program;
        return sourceFile;
    };
    const provider = componentProvider(REPOSITORY_ROOT, eksIrsa);
    const schemaText = await generateSchema(provider);
    if (entryPoint === undefined || program === undefined) {
        throw new Error("the Pulumi analyzer no longer calls findProgramEntryPoint: update tests/packageAnalysis.ts");
    }
    const componentDefinitions = (provider as unknown as { componentDefinitions: unknown }).componentDefinitions;
    const files = program.getSourceFiles().map((file) => file.fileName);
    const ownFiles = files.filter((file) => !file.includes("/node_modules/")).map((file) => path.relative(REPOSITORY_ROOT, file)).sort();
    const analysis = { schemaText, entryPoint, ownFiles, awsFolders: foldersOf(files, "@pulumi/aws"), kubernetesFolders: foldersOf(files, "@pulumi/kubernetes"), componentDefinitions };
    parentPort!.postMessage({ analysis } satisfies Message);
    parentPort!.postMessage({ snippetDiagnostics: typeCheckSnippets(program) } satisfies Message);
}

/** The first folder, at any depth (types/enums/ec2/ counts as types), of each of `files` inside `pkg`; `.` for its top level. */
function foldersOf(files: string[], pkg: string): string[] {
    const inside = files.map((file) => file.split(`/node_modules/${pkg}/`)[1]?.split("/")).filter((parts) => parts !== undefined);
    return [...new Set(inside.map((parts) => (parts.length > 1 ? parts[0] : ".")))].sort();
}

/** Type-checks the documentation's examples against the package, taking the files `analysed` has parsed already. */
function typeCheckSnippets(analysed: ts.Program): string[] {
    fs.mkdirSync(SNIPPET_DIR, { recursive: true });
    const snippets = documentationSnippets();
    const files = snippets.map((block, i) => {
        const file = path.join(SNIPPET_DIR, `check${i}.ts`);
        fs.writeFileSync(file, block.body);
        return file;
    });
    const pageOf = new Map(files.map((file, i) => [file, where(snippets[i])]));
    const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        skipLibCheck: true,
        baseUrl: REPOSITORY_ROOT,
        paths: { "eks-irsa": ["./index.ts"] },
        types: ["node"],
        typeRoots: [path.join(REPOSITORY_ROOT, "node_modules/@types")],
    };
    // The analysis parsed index.ts and every declaration it reaches with the same target, so the trees are the same;
    // reusing them saves parsing them again, which is most of this check's cost.
    const host = ts.createCompilerHost(options);
    const parse = host.getSourceFile;
    host.getSourceFile = (fileName, languageVersion, ...rest) => analysed.getSourceFile(fileName) ?? parse.call(host, fileName, languageVersion, ...rest);
    const program = ts.createProgram(files, options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${pageOf.get(d.file.fileName) ?? path.basename(d.file.fileName)}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
