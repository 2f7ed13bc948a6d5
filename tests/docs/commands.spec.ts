import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { cliInProcess, cliProcess, CliProcessResult } from "../cliProcess";
import { REPOSITORY_ROOT } from "../harness";
import { codeBlocks, documentationPages, page } from "./pages";

const ROOT = REPOSITORY_ROOT;
const PAGES = documentationPages();
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const FIXTURES = path.join(ROOT, "tests/fixtures/readme");

/** A shell command a page shows, with the output it documents (for `$ ` lines of a text block), and its page. */
interface ShownCommand {
    command: string;
    output?: string;
    page: string;
}

/** Every command of the pages' `sh` blocks (comments cut), and every `$ ` line of their `text` blocks with what follows. */
function shownCommands(): ShownCommand[] {
    const commands: ShownCommand[] = [];
    for (const { language, body, page } of codeBlocks(PAGES)) {
        if (language === "sh") {
            for (const line of body.split("\n")) {
                const command = line.replace(/\s+#.*$/, "").trim();
                // A subshell, `(cd dir && ...)`, is one command.
                const parts = command.startsWith("(") ? [command] : command.split(" && ");
                commands.push(...parts.filter((c) => c !== "").map((c) => ({ command: c, page })));
            }
        } else if (language === "text" && body.startsWith("$ ")) {
            const [first, ...rest] = body.split("\n");
            commands.push({ command: first.slice(2), output: rest.join("\n"), page });
        }
    }
    return commands;
}

/** Splits a command line as sh would for these commands: words, and single-quoted words kept whole. */
function words(command: string): string[] {
    return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** `npx eks-irsa ...` runs the package's `bin`: this build's file, in its own process, in the folder of the documented example files (tests/fixtures/readme). */
function runBin(args: string[]): Promise<CliProcessResult> {
    return cliProcess(args, { cwd: FIXTURES });
}

/**
 * A command the documentation shows, run by the CLI's entry function in this process, reading files from that folder;
 * `npm start` and `--version` below and cli.spec's process tests check the bin's process wiring.
 */
function runEksIrsa(args: string[]): Promise<CliProcessResult> {
    return cliInProcess(args, { readFile: (file) => fs.readFileSync(path.resolve(FIXTURES, file), "utf8") });
}

/** The exit code each command documents: 1 for an `explain` answered "denied:", 0 for everything else. */
function documentedExitCode(shown: ShownCommand): number {
    return shown.output?.startsWith("denied:") ? 1 : 0;
}

// .ci/run runs these on a fresh clone and fails unless each exits 0: npm ci and npm test itself, the install of the
// packed package with its peer dependencies in scripts/check-consumer.sh.
// The build, and the policy pack's own install in policy_pack_loads (which then type-checks and loads the pack).
const RUN_BY_CI = ["npm ci", "npm test", "npm install eks-irsa @pulumi/pulumi @pulumi/aws @pulumi/kubernetes", "npm run build", "(cd policypack && npm ci)"];

// The policy pack section's commands need the Pulumi CLI, a user's project and its cloud credentials: they are the user's
// to run. This spec checks what they name: the pack's folder, and the config the documentation shows for --policy-pack-config.
const PACK_DIR = "/path/to/eks-irsa/policypack";
// The git URL form needs the project's git host: the CLI takes only https:// git URLs (none served here); the engine test
// adds the same tree, the committed HEAD, by path.
const LEFT_TO_A_REAL_STACK = [
    "cd ~/my-infra",
    `pulumi preview --policy-pack ${PACK_DIR}`,
    `pulumi preview --policy-pack ${PACK_DIR} --policy-pack-config eks-irsa-policy.json`,
    "pulumi package add https://github.com/eks-irsa/eks-irsa",
];

// The commands that produce `eks-irsa audit`'s inputs need a cluster, an account and their credentials: the user's to
// run. The audit's documentation example reads the committed files they would write (tests/fixtures/readme), and
// tests/audit/ reads the same files.
const PRODUCE_AUDIT_INPUTS = [
    "kubectl get namespaces,serviceaccounts,pods -A -o json > kubernetes.json",
    "aws iam get-account-authorization-details --output json > iam.json",
    "aws eks describe-cluster --name prod --output json > eks-cluster.json",
    "aws iam list-open-id-connect-providers --output json > oidc-providers.json",
    "aws eks list-pod-identity-associations --cluster-name prod --query 'associations[].associationId' --output text | tr '\\t' '\\n' | xargs -I{} aws eks describe-pod-identity-association --cluster-name prod --association-id {} --output json | jq -s . > associations.json",
    "pulumi stack export --file stack.json",
];

// The real Pulumi engine's commands: `npm run test:engine` runs both where scripts/install-pulumi-engine.sh has
// assembled the engine (.ci/run says whether it ran); they need the Pulumi CLI and its language hosts.
const RUN_BY_ENGINE_TEST = ["pulumi package add /path/to/eks-irsa", "pulumi package get-schema /path/to/eks-irsa"];
// Setting that engine and the control plane up: a developer's one-off (tens of minutes of Go builds from the Go module
// proxy), never CI's. The scripts' options are checked below; .ci/run runs `npm run test:engine` and
// `npm run test:cluster` where they are installed.
const ENGINE_SETUP = ["scripts/install-pulumi-engine.sh", "npm run test:engine", "scripts/install-kubernetes.sh", "npm run test:cluster"];

describe("docs: every shell command README.md and docs/ show", () => {
    const commands = shownCommands();
    const eksIrsaCommands = commands.filter((c) => c.command.startsWith("npx eks-irsa "));
    // The processes start as the spec loads, so that they run while the other specs do; each test awaits its own.
    void runBin(["render"]);
    void runBin(["--version"]);

    it("shows the commands this spec knows how to run, and no other", () => {
        const unknown = commands.filter(
            (c) =>
                !RUN_BY_CI.includes(c.command) &&
                !RUN_BY_ENGINE_TEST.includes(c.command) &&
                !ENGINE_SETUP.includes(c.command) &&
                !LEFT_TO_A_REAL_STACK.includes(c.command) &&
                !PRODUCE_AUDIT_INPUTS.includes(c.command) &&
                c.command !== "npm start" &&
                !c.command.startsWith("npx eks-irsa "),
        );
        expect(unknown).to.deep.equal([]);
        expect(commands.map((c) => c.command)).to.include.members(["npm ci", "npm start", "npm test", "npx eks-irsa --version", ...LEFT_TO_A_REAL_STACK, ...PRODUCE_AUDIT_INPUTS]);
    });

    it("the engine and control-plane set-ups name the scripts' options and the test:engine and test:cluster scripts", () => {
        expect(commands.map((c) => c.command)).to.include.members(ENGINE_SETUP);
        const script = fs.readFileSync(path.join(ROOT, "scripts/install-pulumi-engine.sh"), "utf8");
        expect(script).to.match(/^\s+--hosts\) /m);
        expect(page("docs/other-languages.md").text).to.contain("add --hosts DIR to copy the hosts of an existing Pulumi installation");
        expect(PACKAGE.scripts["test:engine"]).to.match(/mocha --config tests\/engine\/mocharc.json$/);
        expect(PACKAGE.scripts["test:cluster"]).to.equal("npm run build && tests/cluster/run.sh");
        expect(fs.statSync(path.join(ROOT, "scripts/install-kubernetes.sh")).mode & 0o111).to.not.equal(0);
    });

    it("no script or documented recipe builds another project from a clone or a snapshot", () => {
        const scripts = fs.readdirSync(path.join(ROOT, "scripts")).filter((f) => f.endsWith(".sh"));
        for (const text of [...PAGES.map((p) => p.text), ...scripts.map((f) => fs.readFileSync(path.join(ROOT, "scripts", f), "utf8"))]) {
            expect(text).not.to.match(/git clone (--|https?:|git@)|--pulumi-source|PULUMI_SOURCE|git archive[^\n]*pkg\//);
        }
    });

    it("pulumi preview --policy-pack names this repository's pack, whose package installs eks-irsa from this repository", () => {
        expect(fs.readFileSync(path.join(ROOT, "policypack/PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
        expect(JSON.parse(fs.readFileSync(path.join(ROOT, "policypack/package.json"), "utf8")).dependencies["eks-irsa"]).to.equal("file:..");
    });

    it("every --policy-pack-config the pages show names only the pack's policies and their parameters", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../policypack/usePackageBuild");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { eksIrsaPolicies } = require("../../policypack/policies") as typeof import("../../policypack/policies");
        const schemas = new Map(eksIrsaPolicies().map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {})]));
        const configs = codeBlocks(PAGES)
            .filter((block) => block.language === "json")
            .map((block) => JSON.parse(block.body))
            .filter((c) => "irsa-subject-patterns" in c);
        expect(configs).to.have.length(2);
        for (const config of configs) {
            for (const [name, entry] of Object.entries(config)) {
                expect(schemas.has(name), name).to.equal(true);
                const parameters = typeof entry === "string" ? [] : Object.keys(entry as object).filter((k) => k !== "enforcementLevel");
                expect(schemas.get(name)).to.include.members(parameters);
            }
        }
    });

    it("npm start is the build, then `eks-irsa render` with no flags, which exits 0 with the tutorial's role", async () => {
        expect(PACKAGE.scripts.start).to.equal("npm run --silent build && node bin/src/cli/cli.js render");
        const { code, stdout, stderr } = await runBin(["render"]);
        expect(stderr).to.equal("");
        expect(code).to.equal(0);
        expect(stdout).to.contain('ServiceAccountRole "s3-reader"');
    });

    for (const shown of eksIrsaCommands) {
        it(`${shown.command} (${shown.page}) exits ${documentedExitCode(shown)}${shown.output === undefined ? "" : " and prints what the page shows"}`, async () => {
            const { code, stdout, stderr } = await runEksIrsa(words(shown.command).slice(2));
            expect(stderr).to.equal("");
            expect(code).to.equal(documentedExitCode(shown));
            if (shown.output !== undefined) {
                expect(stdout).to.equal(shown.output);
            }
        });
    }

    it("npx eks-irsa --version prints the package's version, from the bin in its own process", async () => {
        expect(await runBin(["--version"])).to.deep.equal({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: "" });
    });

    it("npx eks-irsa render --scope cluster --namespace-pattern ... --format json prints the pattern-scoped trust policy", async () => {
        const { stdout } = await runEksIrsa(["render", "--scope", "cluster", "--namespace-pattern", "z????????-z????????", "--format", "json"]);
        const sub = JSON.parse(stdout).trustPolicy.document.Statement[0].Condition.StringLike;
        expect(sub).to.deep.equal({
            "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:z????????-z????????:my-s3-role",
        });
    });

    // The blocks that show what the package prints or builds, without a command line of their own: each is checked
    // against what the package prints for the case its page names.
    const TEXT_OUTPUTS = codeBlocks(PAGES).filter((block) => block.language === "text" && !block.body.startsWith("$ "));
    const JSON_BLOCKS = codeBlocks(PAGES).filter((block) => block.language === "json");
    const TUTORIAL_ISSUER = "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    async function renderedTrust(args: string[]): Promise<{ Statement: object[] }> {
        const { code, stdout } = await runEksIrsa(["render", ...args, "--format", "json"]);
        expect(code).to.equal(0);
        return JSON.parse(stdout).trustPolicy.document;
    }

    it("every text block is a command with its output, `explain --who`'s admits lines, or the identity modes' trust policies", () => {
        const known = TEXT_OUTPUTS.filter((block) => block.body.startsWith("admits: ") || block.body.startsWith("// identity: "));
        expect(TEXT_OUTPUTS.filter((block) => !known.includes(block)).map((b) => `${b.page}:${b.line}`)).to.deep.equal([]);
        expect(known).to.have.length(2);
    });

    it("each `admits:` line is what explain --scope cluster --who prints for z* or for z????????-z????????", async () => {
        const printed = [
            (await runEksIrsa(["explain", "--scope", "cluster", "--who"])).stdout,
            (await runEksIrsa(["explain", "--scope", "cluster", "--namespace-pattern", "z????????-z????????", "--who"])).stdout,
        ].join("\n");
        const lines = TEXT_OUTPUTS.filter((block) => block.body.startsWith("admits: ")).flatMap((block) => block.body.trimEnd().split("\n"));
        expect(lines).to.have.length(2);
        for (const line of lines) {
            expect(printed.split("\n").map((l) => l.trim()), line).to.include(line);
        }
    });

    it("each `// identity:` trust policy is what render prints for the tutorial's ServiceAccount with clusterName qovery-cluster", async () => {
        const block = TEXT_OUTPUTS.find((b) => b.body.startsWith("// identity: "))!;
        const lines = block.body.trimEnd().split("\n");
        const flags: { [mode: string]: string } = { Irsa: "irsa", Both: "both", PodIdentity: "pod-identity" };
        expect(lines.filter((_, i) => i % 2 === 0).map((l) => /^\/\/ identity: (\w+)/.exec(l)?.[1])).to.deep.equal(["Irsa", "Both", "PodIdentity"]);
        for (let i = 0; i < lines.length; i += 2) {
            const mode = /^\/\/ identity: (\w+)/.exec(lines[i])![1];
            const document = await renderedTrust(["--identity", flags[mode], "--cluster-name", "qovery-cluster", "--issuer-url", TUTORIAL_ISSUER]);
            expect(lines[i + 1], mode).to.equal(JSON.stringify(document));
        }
    });

    it("every json block parses, and is a pack config, a trust policy or statement render prints, or the target role's trust", async () => {
        const both = await renderedTrust(["--identity", "both", "--cluster-name", "qovery-cluster", "--issuer-url", TUTORIAL_ISSUER]);
        const rendered = [await renderedTrust([]), await renderedTrust(["--scope", "cluster"]), both, ...both.Statement];
        const kinds = JSON_BLOCKS.map((block) => {
            const value = JSON.parse(block.body);
            if (Object.keys(value).some((key) => key.startsWith("irsa-"))) {
                return "pack config";
            }
            if (rendered.some((r) => JSON.stringify(r) === JSON.stringify(value))) {
                return "rendered";
            }
            if (value.Principal?.AWS !== undefined) {
                // The target role's trust of the component's role, bound to the association's externalId.
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const { evaluateTargetRoleAssumption } = require("../../index") as typeof import("../../index");
                const trust = { Version: "2012-10-17", Statement: [value] };
                const request = { callerRoleArn: value.Principal.AWS, externalId: "association-external-id" };
                const id = value.Condition.StringEquals["sts:ExternalId"];
                expect(id).to.equal("<the association's externalId>");
                const withId = JSON.parse(JSON.stringify(trust).replace(id, request.externalId));
                expect(evaluateTargetRoleAssumption(withId, request).allowed).to.equal(true);
                expect(evaluateTargetRoleAssumption(withId, { ...request, externalId: "another-external-id" }).allowed).to.equal(false);
                return "target role trust";
            }
            return `unchecked ${block.page}:${block.line}`;
        });
        expect(kinds.filter((kind) => kind.startsWith("unchecked"))).to.deep.equal([]);
        expect(kinds.filter((kind) => kind === "rendered")).to.have.length(3);
    });
});
