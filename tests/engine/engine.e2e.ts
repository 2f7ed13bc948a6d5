// The package through the real Pulumi engine (`npm run test:engine`, after scripts/install-pulumi-engine.sh): an inline
// TypeScript program through the Automation API (no language host: its runtime is this process), and, where the Node.js
// and Python hosts were copied in (--hosts), the schema the Node.js host serves, `pulumi package add` into Python and
// YAML projects and a TypeScript project; `pulumi preview`, `pulumi up` and `pulumi destroy` on a local backend. ServiceAccountRole runs in
// existing-role mode (`roleArn`) with a Manifest ServiceAccount and a kubernetes provider that renders YAML to a
// directory, so nothing reaches AWS or a cluster. Not part of `npm test`: it has its own mocha config.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as kubernetes from "@pulumi/kubernetes";
import type { Stack } from "@pulumi/pulumi/automation";
import { ServiceAccountRole } from "../../index";
import { Engine, ENGINE_DIR, missingEngineParts, missingLanguageHosts, sortKeys } from "./engine";
import { inlineStack, timed } from "./inlineStack";

// Paths are from the repository's root, where npm runs the test.
const ROOT = process.cwd();
const PULUMI_VERSION = "3.248.0";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const KUBERNETES_VERSION: string = require(path.join(ROOT, "node_modules/@pulumi/kubernetes/package.json")).pulumi.version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AWS_VERSION: string = require(path.join(ROOT, "node_modules/@pulumi/aws/package.json")).pulumi.version;

const ROLE_ARN = "arn:aws:iam::123456789012:role/qovery-s3-reader";
const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const OIDC_PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const NAMESPACE = "z9b830e28-ze23976e2";
const BAD_NAMESPACE = "Not_A_Namespace";
const SERVICE_ACCOUNT = "my-s3-role";

/** What every program must produce: the same component arguments in every language. */
const EXPECTED_ANNOTATIONS = { "eks.amazonaws.com/role-arn": ROLE_ARN, "eks.amazonaws.com/sts-regional-endpoints": "true" };
const EXPECTED_TRUST_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Federated: OIDC_PROVIDER_ARN },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com", [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}` } },
        },
    ],
};
const EXPECTED_MANIFEST = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: SERVICE_ACCOUNT, namespace: NAMESPACE, annotations: EXPECTED_ANNOTATIONS },
};
/** The component's own message for the bad namespace (src/policy/rules.ts), as the engine reports it for the resource `name`. */
function badNamespaceMessage(name: string): string {
    return (
        `ServiceAccountRole "${name}": invalid namespace "${BAD_NAMESPACE}": a Kubernetes namespace is a DNS-1123 label: ` +
        "at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit."
    );
}

const TYPESCRIPT_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as kubernetes from "@pulumi/kubernetes";
import { ServiceAccountRole } from "eks-irsa";

const config = new pulumi.Config();
const render = new kubernetes.Provider("render", { renderYamlToDirectory: config.require("renderDir") });
const role = new ServiceAccountRole(
    "s3-reader",
    {
        roleArn: "${ROLE_ARN}",
        oidcProviderArn: "${OIDC_PROVIDER_ARN}",
        namespace: config.require("namespace"),
        serviceAccountName: "${SERVICE_ACCOUNT}",
        stsRegionalEndpoints: true,
    },
    { providers: [render] },
);
export const roleArn = role.roleArn;
export const serviceAccountAnnotations = role.serviceAccountAnnotations;
export const trustPolicy = role.trustPolicy;
`;

const PYTHON_PROGRAM = `import pulumi
import pulumi_kubernetes as kubernetes
import pulumi_eks_irsa as eks_irsa

config = pulumi.Config()
render = kubernetes.Provider("render", render_yaml_to_directory=config.require("renderDir"))
role = eks_irsa.ServiceAccountRole(
    "s3-reader",
    role_arn="${ROLE_ARN}",
    oidc_provider_arn="${OIDC_PROVIDER_ARN}",
    namespace=config.require("namespace"),
    service_account_name="${SERVICE_ACCOUNT}",
    sts_regional_endpoints=True,
    opts=pulumi.ResourceOptions(providers=[render]),
)
pulumi.export("roleArn", role.role_arn)
pulumi.export("serviceAccountAnnotations", role.service_account_annotations)
pulumi.export("trustPolicy", role.trust_policy)
`;

const YAML_PROGRAM = `name: eks-irsa-engine-yaml
runtime: yaml
config:
  renderDir:
    type: string
  namespace:
    type: string
resources:
  render:
    type: pulumi:providers:kubernetes
    properties:
      renderYamlToDirectory: \${renderDir}
  s3Reader:
    type: eks-irsa:index:ServiceAccountRole
    properties:
      roleArn: ${ROLE_ARN}
      oidcProviderArn: ${OIDC_PROVIDER_ARN}
      namespace: \${namespace}
      serviceAccountName: ${SERVICE_ACCOUNT}
      stsRegionalEndpoints: true
    options:
      providers:
        - \${render}
outputs:
  roleArn: \${s3Reader.roleArn}
  serviceAccountAnnotations: \${s3Reader.serviceAccountAnnotations}
  trustPolicy: \${s3Reader.trustPolicy}
`;

/** Copies (hard links) `from` to `to`, as `cp -al`: node_modules trees are large, and npm replaces a package's files rather than writing into them. */
function linkTree(from: string, to: string): void {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const result = spawnSync("cp", ["-al", from, to], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`cp -al ${from} ${to}: ${result.stderr}`);
    }
}

/**
 * The package as `pulumi package add <git url>` gets it: the committed tree at HEAD (what the engine clones), without
 * bin/ or node_modules. The engine runs `npm install` in it, devDependencies included, which builds bin/ through
 * `prepare`; the repository's own node_modules (installed from the same lockfile) are hard-linked in first, so that
 * install finds the tree up to date and reaches no registry. The Node.js host's analyzer reads the TypeScript sources and
 * tsconfig.json that the clone has: the npm tarball, which ships compiled code only, is not what `package add` takes.
 */
function cleanCopy(to: string): void {
    fs.mkdirSync(to, { recursive: true });
    const archive = spawnSync("bash", ["-c", `git -C "${ROOT}" archive --format=tar HEAD | tar -x -C "${to}"`], { encoding: "utf8" });
    if (archive.status !== 0) {
        throw new Error(`git archive HEAD: ${archive.stderr}`);
    }
    expect(fs.existsSync(path.join(to, "bin")), "bin/ is not committed").to.equal(false);
    linkTree(path.join(ROOT, "node_modules"), path.join(to, "node_modules"));
    // npm rewrites its hidden lockfile in place: a copy of its own, so the engine's install leaves this checkout's alone.
    const hidden = path.join(to, "node_modules/.package-lock.json");
    if (fs.existsSync(hidden)) {
        fs.rmSync(hidden);
        fs.copyFileSync(path.join(ROOT, "node_modules/.package-lock.json"), hidden);
    }
}

/**
 * The Pulumi packages (package.json `pulumi.resource`) that the Node.js host finds below `dir`: like its
 * getPackagesFromDir (v3.248.0), every folder is walked, a package.json counts inside a node_modules tree, and a policy
 * pack's folder (PulumiPolicy.yaml) is skipped. What the engine then wants plugins for.
 */
function pulumiPackages(dir: string): string[] {
    const found = new Set<string>();
    const walk = (at: string, inNodeModules: boolean): void => {
        if (fs.existsSync(path.join(at, "PulumiPolicy.yaml"))) {
            return;
        }
        for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
            const full = path.join(at, entry.name);
            if (entry.isDirectory()) {
                walk(full, inNodeModules || path.basename(at) === "node_modules");
            } else if (inNodeModules && entry.name === "package.json") {
                const manifest = JSON.parse(fs.readFileSync(full, "utf8"));
                if (manifest.pulumi?.resource === true) {
                    found.add(manifest.name);
                }
            }
        }
    };
    walk(dir, false);
    return [...found].sort();
}

/**
 * A schema without what the CLI's re-serialisation drops or adds: `optional` at any depth (its schema model has no such
 * field), empty `required` and `requiredInputs` lists (omitted when empty), and `dependencies` and `config` at the top.
 */
function withoutReserialisedKeys(schema: { [key: string]: unknown }): unknown {
    const dropped = ([key, value]: [string, unknown]) =>
        key === "optional" || ((key === "required" || key === "requiredInputs") && Array.isArray(value) && value.length === 0);
    const strip = (value: unknown): unknown =>
        Array.isArray(value)
            ? value.map(strip)
            : value !== null && typeof value === "object"
              ? Object.fromEntries(Object.entries(value).filter((entry) => !dropped(entry)).map(([key, v]) => [key, strip(v)]))
              : value;
    const { dependencies: _dependencies, config: _config, ...rest } = schema;
    return strip(rest);
}

/** The rendered manifests under `dir`, by path relative to it, each printed for the record. */
function renderedManifests(dir: string): { [file: string]: unknown } {
    const manifests: { [file: string]: unknown } = {};
    const walk = (at: string): void => {
        for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
            const full = path.join(at, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else {
                const text = fs.readFileSync(full, "utf8");
                console.log(`      --- ${path.relative(dir, full)}\n${text.replace(/^/gm, "      ")}`);
                manifests[path.relative(dir, full)] = YAML.parse(text);
            }
        }
    };
    if (fs.existsSync(dir)) {
        walk(dir);
    }
    return manifests;
}

/** Said in place of each test that needs the language hosts, where they are missing. */
const NO_HOSTS = "not run: no Pulumi language hosts (--hosts)";
const hostsMissing = missingLanguageHosts();

interface Project {
    language: string;
    dir: string;
    /** The component's resource name in the program (in YAML, the resource's key). */
    resourceName: string;
    /** Sets the project up (writes it, `pulumi package add`s the package where that is how the language gets it). */
    setUp: () => void;
}

describe("eks-irsa through the real Pulumi engine (local backend, no cloud)", function () {
    this.timeout(20 * 60 * 1000);
    let work: string;
    let pkg: string;
    let engine: Engine;

    before(function () {
        const missing = missingEngineParts();
        if (hostsMissing.length > 0) {
            console.log(`      ${NO_HOSTS}: the tests that serve the component to Python, YAML and TypeScript projects do not run (missing ${hostsMissing.join(", ")})`);
        }
        if (missing.length > 0) {
            throw new Error(`the engine in ${ENGINE_DIR} lacks ${missing.join(", ")}: run scripts/install-pulumi-engine.sh first`);
        }
        // The package under test is the committed tree: say so when the checkout holds more.
        const dirty = spawnSync("git", ["-C", ROOT, "status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).stdout.trim();
        if (dirty !== "") {
            console.log(`      note: testing HEAD; uncommitted changes are not in it:\n${dirty.replace(/^/gm, "        ")}`);
        }
        work = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-engine-"));
        console.log(`      work directory ${work}; engine ${ENGINE_DIR}`);
        engine = new Engine(work);
        expect(engine.ok(work, "pulumi", ["version"]).stdout.trim()).to.equal(`v${PULUMI_VERSION}`);
        pkg = path.join(work, "eks-irsa");
        cleanCopy(pkg);
    });

    after(function () {
        if (work !== undefined && process.env.EKS_IRSA_ENGINE_KEEP === undefined) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    describe("the package", function () {
        it("needs the aws and kubernetes plugins only (not @pulumi/eks', which belongs to examples/eks-cluster)", function () {
            expect(pulumiPackages(pkg)).to.deep.equal(["@pulumi/aws", "@pulumi/kubernetes"]);
            // What the engine's `npm install` installs is the lockfile's tree, not only this checkout's node_modules.
            const lock = JSON.parse(fs.readFileSync(path.join(pkg, "package-lock.json"), "utf8")) as { packages: { [key: string]: unknown } };
            expect(Object.keys(lock.packages).filter((key) => /(^|\/)node_modules\/@pulumi\/eks$/.test(key))).to.deep.equal([]);
            // These are all the plugins the engine has and it may download none, so every command below proves it.
            const plugins = JSON.parse(engine.ok(work, "pulumi", ["plugin", "ls", "--json"]).stdout) as { name: string; kind: string; version: string }[];
            expect(plugins.map((p) => `${p.kind} ${p.name} ${p.version}`).sort()).to.deep.equal([`resource aws ${AWS_VERSION}`, `resource kubernetes ${KUBERNETES_VERSION}`]);
        });

        if (hostsMissing.length > 0) {
            it(`serves its schema through \`pulumi package get-schema\`: ${NO_HOSTS}; missing ${hostsMissing.join(", ")}`);
            return;
        }
        it("serves through `pulumi package get-schema` the schema that scripts/gen-schema.js completes into schema.json", function () {
            const served = JSON.parse(engine.ok(work, "pulumi", ["package", "get-schema", pkg]).stdout);
            // The committed file as the CLI re-serialises a schema (it drops what its schema model lacks, e.g. the
            // analyzer's `optional` and `dependencies`, and adds `config`), so both sides went through the CLI.
            const committed = JSON.parse(engine.ok(work, "pulumi", ["package", "get-schema", path.join(ROOT, "schema.json")]).stdout);
            // The analyzer's schema lacks the language metadata and the integer types, which gen-schema.js adds.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { publishedSchema } = require(path.join(ROOT, "scripts/gen-schema.js"));
            const packageJSON = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
            expect(sortKeys(publishedSchema(served, packageJSON))).to.deep.equal(sortKeys(committed));
            // And the re-serialisation took nothing else from schema.json than those keys.
            const raw = JSON.parse(fs.readFileSync(path.join(ROOT, "schema.json"), "utf8"));
            expect(sortKeys(withoutReserialisedKeys(raw))).to.deep.equal(sortKeys(withoutReserialisedKeys(committed)));
        });
    });

    const projects: Project[] = [
        {
            language: "TypeScript",
            dir: "ts",
            resourceName: "s3-reader",
            setUp() {
                const dir = path.join(work, "ts");
                // As `npm install <package>` lays it out: the package beside its dependencies in node_modules.
                for (const entry of fs.readdirSync(path.join(pkg, "node_modules"))) {
                    linkTree(path.join(pkg, "node_modules", entry), path.join(dir, "node_modules", entry));
                }
                for (const entry of fs.readdirSync(pkg).filter((e) => e !== "node_modules")) {
                    linkTree(path.join(pkg, entry), path.join(dir, "node_modules/eks-irsa", entry));
                }
                // The Node.js host compiles index.ts with the program's own TypeScript.
                for (const dep of ["typescript", "@types/node", "undici-types"]) {
                    linkTree(path.join(ROOT, "node_modules", dep), path.join(dir, "node_modules", dep));
                }
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: eks-irsa-engine-ts\nruntime: nodejs\n");
                fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "eks-irsa-engine-ts", main: "index.ts" }, null, 2));
                fs.writeFileSync(
                    path.join(dir, "tsconfig.json"),
                    JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", types: ["node"], skipLibCheck: true }, files: ["index.ts"] }, null, 2),
                );
                fs.writeFileSync(path.join(dir, "index.ts"), TYPESCRIPT_PROGRAM);
            },
        },
        {
            language: "Python",
            dir: "py",
            resourceName: "s3-reader",
            setUp() {
                const dir = path.join(work, "py");
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(
                    path.join(dir, "Pulumi.yaml"),
                    "name: eks-irsa-engine-py\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n",
                );
                fs.writeFileSync(path.join(dir, "requirements.txt"), `pulumi==${PULUMI_VERSION}\npulumi-kubernetes==${KUBERNETES_VERSION}\n`);
                fs.writeFileSync(path.join(dir, "__main__.py"), PYTHON_PROGRAM);
                engine.ok(dir, "python3", ["-m", "venv", "venv"]);
                engine.ok(dir, "venv/bin/pip", ["install", "-q", "-r", "requirements.txt"]);
                const added = engine.ok(dir, "pulumi", ["package", "add", pkg, "--non-interactive"]);
                console.log(added.stdout.replace(/^/gm, "        "));
                expect(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8")).to.match(/sdks[/\\]eks-irsa/);
                expect(engine.ok(dir, "venv/bin/python", ["-c", "import pulumi_eks_irsa; print(pulumi_eks_irsa.ServiceAccountRole.__name__)"]).stdout.trim()).to.equal(
                    "ServiceAccountRole",
                );
            },
        },
        {
            language: "YAML",
            dir: "yaml",
            resourceName: "s3Reader",
            setUp() {
                const dir = path.join(work, "yaml");
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML_PROGRAM);
                const added = engine.ok(dir, "pulumi", ["package", "add", pkg, "--non-interactive"]);
                console.log(added.stdout.replace(/^/gm, "        "));
                expect(YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).packages).to.deep.equal({ "eks-irsa": pkg });
            },
        },
    ];

    describe("an inline TypeScript program (Automation API, no language host)", function () {
        let dir: string;
        let renderDir: string;
        let namespace = NAMESPACE;
        let stack: Stack;
        const program = async () => {
            const render = new kubernetes.Provider("render", { renderYamlToDirectory: renderDir });
            const role = new ServiceAccountRole(
                "s3-reader",
                { roleArn: ROLE_ARN, oidcProviderArn: OIDC_PROVIDER_ARN, namespace, serviceAccountName: SERVICE_ACCOUNT, stsRegionalEndpoints: true },
                { providers: [render] },
            );
            return { roleArn: role.roleArn, serviceAccountAnnotations: role.serviceAccountAnnotations, trustPolicy: role.trustPolicy };
        };

        before(async function () {
            dir = path.join(work, "inline");
            fs.mkdirSync(dir, { recursive: true });
            renderDir = path.join(dir, "rendered");
            stack = await inlineStack(dir, "eks-irsa-engine-inline", program);
        });

        it("fails `preview` on a bad namespace with the component's message", async function () {
            namespace = BAD_NAMESPACE;
            const error = await timed("preview (bad namespace)", () => stack.preview()).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error, "preview must fail").to.be.instanceOf(Error);
            expect(error!.message.includes(badNamespaceMessage("s3-reader")), `the output lacks the component's message:\n${error!.message}`).to.equal(true);
            expect(renderedManifests(renderDir)).to.deep.equal({});
        });

        it("renders the annotated ServiceAccount and exports the role, annotations and trust policy with `up`", async function () {
            namespace = NAMESPACE;
            const result = await timed("up", () => stack.up());
            expect(renderedManifests(renderDir)).to.deep.equal({ [`1-manifest/v1-serviceaccount-${NAMESPACE}-${SERVICE_ACCOUNT}.yaml`]: EXPECTED_MANIFEST });
            expect(Object.keys(result.outputs).sort()).to.deep.equal(["roleArn", "serviceAccountAnnotations", "trustPolicy"]);
            expect(result.outputs.roleArn.value).to.equal(ROLE_ARN);
            expect(result.outputs.serviceAccountAnnotations.value).to.deep.equal(EXPECTED_ANNOTATIONS);
            expect(result.outputs.trustPolicy.value).to.equal(JSON.stringify(EXPECTED_TRUST_POLICY));
        });

        it("leaves an empty stack and no manifest after `destroy`", async function () {
            await timed("destroy", () => stack.destroy());
            const state = await stack.exportStack();
            expect(state.deployment.resources ?? []).to.deep.equal([]);
            expect(renderedManifests(renderDir)).to.deep.equal({});
            await stack.workspace.removeStack("dev");
        });
    });

    for (const project of projects) {
        if (hostsMissing.length > 0) {
            it(`a ${project.language} program (pulumi package add / the Node.js host serving the component): ${NO_HOSTS}`);
            continue;
        }
        describe(`a ${project.language} program`, function () {
            let dir: string;
            let renderDir: string;

            before(function () {
                dir = path.join(work, project.dir);
                renderDir = path.join(dir, "rendered");
                project.setUp();
                engine.pulumi(dir, "stack", "init", "dev");
                engine.pulumi(dir, "config", "set", "renderDir", renderDir);
            });

            it("fails `pulumi preview` on a bad namespace with the component's message", function () {
                engine.pulumi(dir, "config", "set", "namespace", BAD_NAMESPACE);
                const result = engine.run(dir, "pulumi", ["preview", "--non-interactive"]);
                const output = `${result.stdout}\n${result.stderr}`;
                expect(result.status).to.not.equal(0);
                expect(output.includes(badNamespaceMessage(project.resourceName)), `the output lacks the component's message:\n${output}`).to.equal(true);
                expect(renderedManifests(renderDir)).to.deep.equal({});
            });

            it("renders the annotated ServiceAccount and exports the role, annotations and trust policy with `pulumi up`", function () {
                engine.pulumi(dir, "config", "set", "namespace", NAMESPACE);
                engine.pulumi(dir, "up", "--yes", "--skip-preview");
                expect(renderedManifests(renderDir)).to.deep.equal({
                    [`1-manifest/v1-serviceaccount-${NAMESPACE}-${SERVICE_ACCOUNT}.yaml`]: EXPECTED_MANIFEST,
                });
                const outputs = JSON.parse(engine.pulumi(dir, "stack", "output", "--json").stdout);
                console.log(JSON.stringify(outputs, null, 2).replace(/^/gm, "      "));
                expect(Object.keys(outputs).sort()).to.deep.equal(["roleArn", "serviceAccountAnnotations", "trustPolicy"]);
                expect(outputs.roleArn).to.equal(ROLE_ARN);
                expect(outputs.serviceAccountAnnotations).to.deep.equal(EXPECTED_ANNOTATIONS);
                // Byte for byte the document the component would send to IAM (minified, in this key order).
                expect(outputs.trustPolicy).to.equal(JSON.stringify(EXPECTED_TRUST_POLICY));
            });

            it("leaves an empty stack and no manifest after `pulumi destroy`", function () {
                engine.pulumi(dir, "destroy", "--yes", "--skip-preview");
                const state = JSON.parse(engine.pulumi(dir, "stack", "export").stdout);
                expect(state.deployment.resources ?? []).to.deep.equal([]);
                expect(renderedManifests(renderDir)).to.deep.equal({});
                engine.pulumi(dir, "stack", "rm", "--yes");
            });
        });
    }
});
