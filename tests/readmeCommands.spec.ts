import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { cliInProcess, cliProcess, CliProcessResult } from "./cliProcess";
import { REPOSITORY_ROOT } from "./harness";

const ROOT = REPOSITORY_ROOT;
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const FIXTURES = path.join(ROOT, "tests/fixtures/readme");

/** A shell command the README shows, with the output it documents (for `$ ` lines of a text block). */
interface ShownCommand {
    command: string;
    output?: string;
}

/** Every command of the README's `sh` blocks (comments cut), and every `$ ` line of its `text` blocks with what follows. */
function shownCommands(): ShownCommand[] {
    const commands: ShownCommand[] = [];
    for (const [, language, body] of README.matchAll(/```(sh|text)\n([\s\S]*?)```/g)) {
        if (language === "sh") {
            for (const line of body.split("\n")) {
                const command = line.replace(/\s+#.*$/, "").trim();
                // A subshell, `(cd dir && ...)`, is one command.
                const parts = command.startsWith("(") ? [command] : command.split(" && ");
                commands.push(...parts.filter((c) => c !== "").map((c) => ({ command: c })));
            }
        } else if (body.startsWith("$ ")) {
            const [first, ...rest] = body.split("\n");
            commands.push({ command: first.slice(2), output: rest.join("\n") });
        }
    }
    return commands;
}

/** Splits a command line as sh would for these commands: words, and single-quoted words kept whole. */
function words(command: string): string[] {
    return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** `npx eks-irsa ...` runs the package's `bin`: this build's file, in its own process, in the folder of the README's files. */
function runBin(args: string[]): Promise<CliProcessResult> {
    return cliProcess(args, { cwd: FIXTURES });
}

/**
 * A command the README shows, run by the CLI's entry function in this process, reading files from the README's folder;
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
// to run. This spec checks what they name: the pack's folder, and the config the README shows for --policy-pack-config.
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
// run. The audit's README example reads the committed files they would write (tests/fixtures/readme), and
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
// Setting that engine up: a developer's one-off (GitHub, tens of minutes of Go builds), never CI's. The script's options
// are checked below; .ci/run runs `npm run test:engine` where the engine is.
const ENGINE_SETUP = [
    "git clone --filter=blob:none https://github.com/pulumi/pulumi /tmp/pulumi-src",
    "scripts/install-pulumi-engine.sh --pulumi-source /tmp/pulumi-src",
    "npm run test:engine",
];

describe("README: every shell command it shows", () => {
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

    it("the engine set-up names the script's --pulumi-source option and the test:engine script", () => {
        expect(commands.map((c) => c.command)).to.include.members(ENGINE_SETUP);
        const script = fs.readFileSync(path.join(ROOT, "scripts/install-pulumi-engine.sh"), "utf8");
        expect(script).to.match(/^\s+--pulumi-source\) /m);
        expect(PACKAGE.scripts["test:engine"]).to.match(/mocha --config tests\/engine\/mocharc.json$/);
    });

    it("pulumi preview --policy-pack names this repository's pack, whose package installs eks-irsa from this repository", () => {
        expect(fs.readFileSync(path.join(ROOT, "policypack/PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
        expect(JSON.parse(fs.readFileSync(path.join(ROOT, "policypack/package.json"), "utf8")).dependencies["eks-irsa"]).to.equal("file:..");
    });

    it("every --policy-pack-config the README shows names only the pack's policies and their parameters", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("./policypack/usePackageBuild");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { eksIrsaPolicies } = require("../policypack/policies") as typeof import("../policypack/policies");
        const schemas = new Map(eksIrsaPolicies().map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {})]));
        const configs = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map(([, body]) => JSON.parse(body)).filter((c) => "irsa-subject-patterns" in c);
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
        it(`${shown.command} exits ${documentedExitCode(shown)}${shown.output === undefined ? "" : " and prints what the README shows"}`, async () => {
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
});
