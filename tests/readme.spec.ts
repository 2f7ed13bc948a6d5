import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { installMocks, REPOSITORY_ROOT, resolvePackageToThisBuild, settle, valueOf } from "./harness";
import { readmeDiagnostics, readmeEksSnippets, readmeSnippets, SNIPPET_DIR } from "./packageAnalysis";

/** Every TypeScript block of the README that imports the package: each must compile and run. */
const SNIPPETS = readmeSnippets();

/** Runs a snippet as a Pulumi program under mocks and returns its exports. */
async function run(index: number): Promise<{ [key: string]: unknown }> {
    const js = ts.transpileModule(SNIPPETS[index], { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    const file = path.join(SNIPPET_DIR, `snippet${index}.js`);
    fs.mkdirSync(SNIPPET_DIR, { recursive: true });
    fs.writeFileSync(file, js.outputText);
    delete require.cache[file];
    return require(file);
}

describe("README: its TypeScript examples", () => {
    before(() => resolvePackageToThisBuild());

    it("has the quick start and the evaluateTrustPolicy examples", () => {
        expect(SNIPPETS.length).to.be.at.least(2);
    });

    it("shows examples/eks-cluster/index.ts as committed for @pulumi/eks (scripts/check-consumer.sh type-checks and runs it)", () => {
        const example = fs.readFileSync(path.join(REPOSITORY_ROOT, "examples/eks-cluster/index.ts"), "utf8");
        expect(readmeEksSnippets()).to.deep.equal([example]);
    });

    it("type-checks every example against the package", async function () {
        this.timeout(600000);
        expect(await readmeDiagnostics()).to.deep.equal([]);
    });

    it("runs the quick start: the role, its S3 attachment and the ServiceAccount", async () => {
        const world = installMocks();
        const exports = await run(0);
        expect(await valueOf(exports.roleArn as any)).to.equal("arn:aws:iam::123456789012:role/s3-reader-1a2b3c4");
        await settle();
        expect(world.registrations.map((r) => r.type)).to.deep.equal([
            "eks-irsa:index:ServiceAccountRole",
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "kubernetes:core/v1:ServiceAccount",
        ]);
    });

    it("runs the evaluateTrustPolicy example: allowed, as its comment says", async () => {
        const exports = await run(SNIPPETS.findIndex((code) => code.includes("evaluateTrustPolicy(")));
        expect((exports.decision as { allowed: boolean }).allowed).to.equal(true);
    });
});
