// The committed SDKs as a user gets them: what scripts/check-sdks.sh builds (pip install, go build, go vet) rests on
// these facts of the files, checked here without Python or Go.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPOSITORY_ROOT } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { INTEGER_PROPERTIES } = require(path.join(REPOSITORY_ROOT, "scripts/gen-schema.js")) as { INTEGER_PROPERTIES: { [token: string]: string[] } };

interface Schema {
    name: string;
    version: string;
    pluginDownloadURL: string;
    language: { go: { importBasePath: string }; python: { packageName: string } };
    resources: { [token: string]: { inputProperties: { [name: string]: unknown } } };
}

const schema: Schema = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "schema.json"), "utf8"));
const SDK = path.join(REPOSITORY_ROOT, "sdk");
const GO_IMPORT_BASE = schema.language.go.importBasePath;
const GO_MODULE = path.posix.dirname(GO_IMPORT_BASE);
const GO_PACKAGE_DIR = path.join(SDK, "go", path.posix.basename(GO_IMPORT_BASE));
const PYTHON_PACKAGE_DIR = path.join(SDK, "python", schema.language.python.packageName);
const read = (file: string) => fs.readFileSync(file, "utf8");
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const goFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? goFiles(file) : entry.name.endsWith(".go") ? [file] : [];
    });
// The Pulumi release the repository pins (scripts/install-pulumi-cli.sh), which the Go SDK requires.
const PULUMI_VERSION = /^PULUMI_VERSION="(v[0-9.]+)"/m.exec(read(path.join(REPOSITORY_ROOT, "scripts/install-pulumi-cli.sh")))![1];

describe("sdk/: one generated SDK per language that needs one", () => {
    it("holds exactly the Go and Python SDKs: the npm package itself is the Node.js SDK", () => {
        expect(fs.readdirSync(SDK).sort()).to.deep.equal(["go", "python"]);
    });
});

describe("sdk/go: a Go module a user can go get", () => {
    it("is the module github.com/eks-irsa/eks-irsa/sdk/go, the folder above the package importBasePath names", () => {
        expect(GO_MODULE).to.equal("github.com/eks-irsa/eks-irsa/sdk/go");
        expect(/^module (\S+)$/m.exec(read(path.join(SDK, "go/go.mod")))?.[1]).to.equal(GO_MODULE);
        expect(fs.statSync(GO_PACKAGE_DIR).isDirectory()).to.equal(true);
    });

    it("requires the Pulumi Go SDK of the release the repository pins, with its hash in go.sum", () => {
        const goMod = read(path.join(SDK, "go/go.mod"));
        expect(goMod).to.match(new RegExp(`^\\s+github\\.com/pulumi/pulumi/sdk/v3 ${PULUMI_VERSION.replace(/\./g, "\\.")}$`, "m"));
        expect(read(path.join(SDK, "go/go.sum"))).to.match(new RegExp(`^github\\.com/pulumi/pulumi/sdk/v3 ${PULUMI_VERSION.replace(/\./g, "\\.")} h1:`, "m"));
    });

    it("imports its own packages by paths inside the module, each a folder of sdk/go", () => {
        const own = goFiles(path.join(SDK, "go")).flatMap((file) => [...read(file).matchAll(/"(github\.com\/eks-irsa\/[^"]+)"/g)].map((m) => m[1]));
        expect([...new Set(own)].sort()).to.deep.equal([`${GO_IMPORT_BASE}/internal`]);
        for (const imported of own) {
            expect(fs.statSync(path.join(SDK, "go", path.posix.relative(GO_MODULE, imported))).isDirectory(), imported).to.equal(true);
        }
    });

    it("declares the package eksirsa in every file of its folder", () => {
        const packages = goFiles(GO_PACKAGE_DIR)
            .filter((file) => path.dirname(file) === GO_PACKAGE_DIR)
            .map((file) => /^package (\w+)$/m.exec(read(file))?.[1]);
        expect([...new Set(packages)]).to.deep.equal(["eksirsa"]);
    });
});

describe("sdk/python: the package pulumi_eks_irsa", () => {
    it("is built from pyproject.toml, named and versioned as the schema says", () => {
        const pyproject = read(path.join(SDK, "python/pyproject.toml"));
        expect(/^\s*name = "([^"]+)"$/m.exec(pyproject)?.[1]).to.equal("pulumi_eks_irsa");
        expect(/^\s*version = "([^"]+)"$/m.exec(pyproject)?.[1]).to.equal(schema.version);
        expect(pyproject).to.include('pulumi_eks_irsa = ["py.typed", "pulumi-plugin.json"]');
    });
});

describe("the SDKs' pulumi-plugin.json: where the engine gets the plugin", () => {
    for (const file of ["go/eksirsa/pulumi-plugin.json", "python/pulumi_eks_irsa/pulumi-plugin.json"]) {
        it(`sdk/${file} names the plugin eks-irsa at the schema's version, from git://github.com/eks-irsa/eks-irsa`, () => {
            expect(JSON.parse(read(path.join(SDK, file)))).to.deep.equal({
                resource: true,
                name: "eks-irsa",
                version: schema.version,
                server: "git://github.com/eks-irsa/eks-irsa",
            });
            expect(schema.pluginDownloadURL).to.equal("git://github.com/eks-irsa/eks-irsa");
        });
    }
});

describe("the SDKs carry every argument of the components", () => {
    const components: [string, string, string][] = [
        ["eks-irsa:index:ServiceAccountRole", "serviceAccountRole.go", "service_account_role.py"],
        ["eks-irsa:index:ClusterOidcProvider", "clusterOidcProvider.go", "cluster_oidc_provider.py"],
    ];
    for (const [token, goFile, pythonFile] of components) {
        it(`${token}: every input in Go's args and Python's constructor`, () => {
            const go = read(path.join(GO_PACKAGE_DIR, goFile));
            const python = read(path.join(PYTHON_PACKAGE_DIR, pythonFile));
            const inputs = Object.keys(schema.resources[token].inputProperties);
            expect(inputs.filter((name) => !go.includes(`\`pulumi:"${name}"\``))).to.deep.equal([]);
            expect(inputs.filter((name) => !new RegExp(`^\\s+${snakeCase(name)}: `, "m").test(python))).to.deep.equal([]);
        });
    }

    it("ServiceAccountRole's identity (WorkloadIdentity) and addonPolicies (AddonPolicies) in both", () => {
        const go = read(path.join(GO_PACKAGE_DIR, "serviceAccountRole.go"));
        const python = read(path.join(PYTHON_PACKAGE_DIR, "service_account_role.py"));
        expect(go).to.match(/^\s+Identity \*WorkloadIdentity `pulumi:"identity"`$/m);
        expect(go).to.match(/^\s+AddonPolicies \*AddonPolicies `pulumi:"addonPolicies"`$/m);
        expect(python).to.include("identity: Optional['WorkloadIdentity'] = None");
        expect(python).to.include("addon_policies: Optional[Union['AddonPoliciesArgs', 'AddonPoliciesArgsDict']] = None");
    });
});

describe("the SDKs type the whole-number arguments as integers", () => {
    const integers = Object.entries(INTEGER_PROPERTIES).flatMap(([token, names]) => names.map((name) => [token, name] as const));

    it("Go: *int in the plain struct, pulumi.IntPtrInput in the args, and no float64 anywhere", () => {
        const go = goFiles(GO_PACKAGE_DIR).map(read).join("\n");
        const untyped = integers.filter(([, name]) => {
            const field = name[0].toUpperCase() + name.slice(1);
            return !new RegExp(`^\\s+${field} \\*int \`pulumi:"${name}"\`$`, "m").test(go) || !new RegExp(`^\\s+${field} pulumi\\.IntPtrInput\\b`, "m").test(go);
        });
        expect(untyped).to.deep.equal([]);
        expect(go).not.to.include("float64");
    });

    it("Python: int in the constructors and input classes, and no float anywhere", () => {
        const python = fs
            .readdirSync(PYTHON_PACKAGE_DIR)
            .filter((file) => file.endsWith(".py"))
            .map((file) => read(path.join(PYTHON_PACKAGE_DIR, file)))
            .join("\n");
        const untyped = integers.filter(([, name]) => !python.includes(`${snakeCase(name)}: pulumi.Input[Optional[_builtins.int]] = None`));
        expect(untyped).to.deep.equal([]);
        expect(python).not.to.include("_builtins.float");
    });
});

describe("examples/yaml/check_schema.js: integers", () => {
    const check = (maxSessionDuration: string) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-yaml-"));
        try {
            const program = path.join(dir, "Pulumi.yaml");
            fs.writeFileSync(
                program,
                [
                    "name: integers",
                    "runtime: yaml",
                    "packages:",
                    "  eks-irsa: ../..",
                    "resources:",
                    "  role:",
                    "    type: eks-irsa:index:ServiceAccountRole",
                    "    properties:",
                    "      serviceAccountName: my-s3-role",
                    `      maxSessionDuration: ${maxSessionDuration}`,
                    "",
                ].join("\n"),
            );
            const run = spawnSync(process.execPath, [path.join(REPOSITORY_ROOT, "examples/yaml/check_schema.js"), program, path.join(REPOSITORY_ROOT, "schema.json")], { encoding: "utf8" });
            return [run.status, run.stdout.trim() || run.stderr.trim()];
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };

    it("accepts a whole number where the schema says integer", () => {
        expect(check("7200")).to.deep.equal([0, "yaml example: 1 eks-irsa resource(s) match schema.json"]);
    });

    it("refuses a fraction where the schema says integer", () => {
        expect(check("3600.5")).to.deep.equal([1, "yaml example: resources.role.properties.maxSessionDuration: expected an integer"]);
    });
});
