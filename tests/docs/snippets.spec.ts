import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { installMocks, REPOSITORY_ROOT, resolvePackageToThisBuild, settle, valueOf } from "../harness";
import { documentationEksSnippets, documentationSnippets, SNIPPET_DIR, snippetDiagnostics } from "../packageAnalysis";
import { CodeBlock, typeScriptBlocks, where } from "./pages";

/** Every TypeScript block of README.md and docs/**\/*.md that imports the package: each must compile and run. */
const SNIPPETS = documentationSnippets();

// The Qovery clone's snippet takes its namespace from the variable Qovery sets in the clone's lifecycle job, as its
// comment says; set while the snippets run, as there (.mocharc.js removes the shell's own).
const QOVERY_NAMESPACE = "z4c1d2e3f-z5a6b7c8d";

/** Runs a snippet as a Pulumi program under fresh mocks and returns its exports' values and the registrations. */
async function run(block: CodeBlock): Promise<{ exports: { [key: string]: unknown }; types: string[] }> {
    const world = installMocks();
    const js = ts.transpileModule(block.body, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const file = path.join(SNIPPET_DIR, `snippet${SNIPPETS.indexOf(block)}.js`);
    fs.mkdirSync(SNIPPET_DIR, { recursive: true });
    fs.writeFileSync(file, js.outputText);
    delete require.cache[file];
    const saved = process.env.QOVERY_KUBERNETES_NAMESPACE_NAME;
    process.env.QOVERY_KUBERNETES_NAMESPACE_NAME = QOVERY_NAMESPACE;
    try {
        const program = require(file);
        const exports: { [key: string]: unknown } = {};
        for (const [key, value] of Object.entries(program)) {
            exports[key] = typeof (value as { apply?: unknown }).apply === "function" ? await valueOf(value as any) : value;
        }
        await settle();
        return { exports, types: world.registrations.map((r) => r.type) };
    } finally {
        if (saved === undefined) {
            delete process.env.QOVERY_KUBERNETES_NAMESPACE_NAME;
        } else {
            process.env.QOVERY_KUBERNETES_NAMESPACE_NAME = saved;
        }
    }
}

describe("docs: the TypeScript examples of README.md and docs/", () => {
    before(() => resolvePackageToThisBuild());

    it("has the quick start first, and the evaluateTrustPolicy example", () => {
        expect(where(SNIPPETS[0])).to.match(/^README\.md:/);
        expect(SNIPPETS[0].body).to.contain('new ServiceAccountRole("s3-reader"');
        expect(SNIPPETS.filter((block) => block.body.includes("evaluateTrustPolicy("))).to.have.length(1);
    });

    it("every TypeScript block is a program that imports the package or @pulumi/eks, so none escapes the checks below", () => {
        const loose = typeScriptBlocks().filter((block) => !block.body.includes('from "eks-irsa"') && !block.body.includes('from "@pulumi/eks"'));
        expect(loose.map(where)).to.deep.equal([]);
    });

    it("shows examples/eks-cluster/index.ts as committed for @pulumi/eks, once (scripts/check-consumer.sh type-checks and runs it)", () => {
        const example = fs.readFileSync(path.join(REPOSITORY_ROOT, "examples/eks-cluster/index.ts"), "utf8");
        expect(documentationEksSnippets().map((block) => block.body)).to.deep.equal([example]);
    });

    it("type-checks every example against the package", async function () {
        this.timeout(600000);
        expect(await snippetDiagnostics()).to.deep.equal([]);
    });

    it("runs the quick start: the role, its S3 attachment and the ServiceAccount", async () => {
        const { exports, types } = await run(SNIPPETS[0]);
        expect(exports.roleArn).to.equal("arn:aws:iam::123456789012:role/s3-reader-1a2b3c4");
        expect(types).to.deep.equal([
            "eks-irsa:index:ServiceAccountRole",
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "kubernetes:core/v1:ServiceAccount",
        ]);
    });

    it("runs the evaluateTrustPolicy example: allowed, as its comment says", async () => {
        const { exports } = await run(SNIPPETS.find((block) => block.body.includes("evaluateTrustPolicy("))!);
        expect((exports.decision as { allowed: boolean }).allowed).to.equal(true);
    });

    for (const block of SNIPPETS) {
        const components = [...block.body.matchAll(/new (ServiceAccountRole|ClusterOidcProvider)\(/g)].map((m) => `eks-irsa:index:${m[1]}`);
        it(`runs ${where(block)} under mocks: its ${components.length} component(s) registered with a ServiceAccount per role, every export resolved`, async () => {
            const { exports, types } = await run(block);
            expect(types.filter((type) => type.startsWith("eks-irsa:index:"))).to.deep.equal(components);
            const roles = components.filter((type) => type === "eks-irsa:index:ServiceAccountRole").length;
            expect(types.filter((type) => type === "kubernetes:core/v1:ServiceAccount"), "ServiceAccounts").to.have.length(roles);
            expect(Object.values(exports).filter((value) => value === undefined)).to.deep.equal([]);
        });
    }
});
