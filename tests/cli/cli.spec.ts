import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { ServiceAccount } from "kubernetes-models/v1";
import * as YAML from "yaml";
import { cliInProcess, cliProcess, CliProcessResult } from "../cliProcess";
import { tutorialPolicies } from "../oracle/componentCases";
const NAMESPACE = "z9b830e28-ze23976e2";

/** Runs the CLI in this process, reading `files` only: fast, for everything but the process's own behaviour. */
function run(argv: string[], files: { [path: string]: string } = {}, stdin = ""): Promise<CliProcessResult> {
    const readFile = (file: string) => {
        if (!(file in files)) {
            throw new Error(`ENOENT: no such file or directory, open '${file}'`);
        }
        return files[file];
    };
    return cliInProcess(argv, { readFile, stdin });
}

/** Runs `node bin/src/cli/cli.js` as a user would, in its own process. */
const spawn = (argv: string[], input?: string) => cliProcess(argv, { input });

const tutorial = tutorialPolicies();
const environmentPolicy = JSON.stringify(tutorial.environment);
const correctedPolicy = environmentPolicy.split("us-east-2").join("eu-west-3");

describe("eks-irsa (the process)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-cli-"));
    fs.writeFileSync(path.join(dir, "environment.json"), environmentPolicy);
    fs.writeFileSync(path.join(dir, "corrected.json"), correctedPolicy);
    const subject = ["--namespace", "kubernetes_namespace", "--service-account", "service_account_name"];
    const processRuns: [string[], string?][] = [
        [[]],
        [["render", "--format", "json", "--scope", "Cluster"]],
        [["render", "--trust-policy-size-limit", "100"]],
        [["explain", "--policy", path.join(dir, "environment.json"), ...subject]],
        [["explain", "--policy", path.join(dir, "corrected.json"), ...subject]],
        [["explain", "--who", "--policy", "-"], environmentPolicy],
        [["render", "--tag", "team"]],
        ...[["--help"], ["render", "--help"], ["explain", "--help"]].map((argv): [string[]] => [argv]),
    ];
    // Every process starts as the spec loads, so that they run while the other specs do; each test awaits its own.
    for (const [argv, input] of processRuns) {
        void spawn(argv, input);
    }
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("render with no flags prints the tutorial's role, its trust policy, and a ServiceAccount kubectl accepts", async () => {
        const { code, stdout, stderr } = await spawn([]);
        expect(stderr).to.equal("");
        expect(code).to.equal(0);
        expect(stdout).to.match(/^# eks-irsa render: what `pulumi up` would create for ServiceAccountRole "s3-reader"/);
        expect(stdout).to.contain("# These values are the Qovery AWS IAM roles tutorial's defaults:");
        expect(stdout).to.contain("# trust policy: 491 of 2048 characters");
        expect(stdout).to.contain(`#           "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:${NAMESPACE}:my-s3-role"`);
        const documents = YAML.parseAllDocuments(stdout)
            .map((d) => d.toJS())
            .filter((d) => d !== null);
        expect(documents).to.have.length(1);
        expect(() => new ServiceAccount(documents[0]).validate()).not.to.throw();
        expect(documents[0].metadata).to.deep.equal({
            name: "my-s3-role",
            namespace: NAMESPACE,
            annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/s3-reader-55ad1e1" },
        });
    });

    it("render --format json prints one JSON object", async () => {
        const { code, stdout, stderr } = await spawn(["render", "--format", "json", "--scope", "Cluster"]);
        expect([code, stderr]).to.deep.equal([0, ""]);
        const json = JSON.parse(stdout);
        expect(json.outputs.roleArn).to.equal("arn:aws:iam::123456789012:role/s3-reader-55ad1e1");
        expect(json.resources.map((r: any) => r.type)).to.deep.equal([
            "eks-irsa:index:ServiceAccountRole",
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "kubernetes:core/v1:ServiceAccount",
        ]);
        expect(json.trustPolicy.document.Statement[0].Condition.StringLike).to.deep.equal({
            "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:z*:my-s3-role",
        });
    });

    it("a trust policy over the quota, refused before the provider is looked up, is one line and exit 2", async () => {
        const { code, stdout, stderr } = await spawn(["render", "--trust-policy-size-limit", "100"]);
        expect([code, stdout]).to.deep.equal([2, ""]);
        expect(stderr.split("\n")).to.deep.equal([stderr.trimEnd(), ""]);
        expect(stderr).to.match(/^eks-irsa: ServiceAccountRole "s3-reader": invalid trustPolicySizeLimit 100: the trust policy has 491 characters/);
    });

    it("explain --policy: the tutorial's policy as written denies (1), region corrected allows (0)", async () => {
        const denied = await spawn(["explain", "--policy", path.join(dir, "environment.json"), ...subject]);
        expect([denied.code, denied.stderr]).to.deep.equal([1, ""]);
        expect(denied.stdout).to.match(/^denied: No Allow statement matches/);
        const allowed = await spawn(["explain", "--policy", path.join(dir, "corrected.json"), ...subject]);
        expect([allowed.code, allowed.stderr]).to.deep.equal([0, ""]);
        expect(allowed.stdout).to.match(/^allowed: Statement 0 allows sts:AssumeRoleWithWebIdentity to system:serviceaccount:kubernetes_namespace:service_account_name/);
    });

    it("explain --who reads the policy from stdin and lists whom it admits, with the warning", async () => {
        const { code, stdout, stderr } = await spawn(["explain", "--who", "--policy", "-"], environmentPolicy);
        expect([code, stderr]).to.deep.equal([0, ""]);
        const lines = stdout.trimEnd().split("\n");
        expect(lines).to.have.length(8);
        expect(lines[0]).to.equal(
            "Statement 0 (Allow) trusts the cluster with issuer https://oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx, " +
                "OIDC provider arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx",
        );
        expect(lines.slice(1, 4)).to.deep.equal([
            "  admits nothing: its conditions test oidc.eks.eu-west-3.amazonaws.com/id/xxxxxxx:sub, keys of another issuer",
            "  it was meant for: ServiceAccount service_account_name in namespace kubernetes_namespace",
            "  audience: not checked",
        ]);
        expect(lines.slice(4, 7)).to.deep.equal([
            "",
            "Per OIDC provider (what the Allow statements admit, minus what the Deny statements exclude):",
            "Through OIDC provider arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx " +
                "(issuer https://oidc.eks.us-east-2.amazonaws.com/id/xxxxxxx): admits nothing",
        ]);
        expect(lines[7]).to.match(/^warning: Statement 0 trusts the OIDC provider of oidc.eks.us-east-2.amazonaws.com\/id\/xxxxxxx but .* so it admits no token at all\./);
    });

    it("a bad flag is one line on stderr and a non-zero exit", async () => {
        const { code, stdout, stderr } = await spawn(["render", "--tag", "team"]);
        expect(code).to.equal(2);
        expect(stdout).to.equal("");
        expect(stderr).to.equal("eks-irsa: option '--tag <key=value>' argument 'team' is invalid. expected key=value, got \"team\".\n");
    });

    it("--help works for the program and each command, exit 0", async () => {
        for (const argv of [["--help"], ["render", "--help"], ["explain", "--help"]]) {
            const { code, stdout, stderr } = await spawn(argv);
            expect([code, stderr], argv.join(" ")).to.deep.equal([0, ""]);
            expect(stdout).to.match(/^Usage: eks-irsa/);
            expect(stdout).to.contain("Exit codes:");
        }
    });
});

describe("eks-irsa render (in process)", () => {
    it("turns a component validation error into one line, exit 2", async () => {
        const { code, stdout, stderr } = await run(["render", "--namespace", "Z9B830E28"]);
        expect([code, stdout]).to.deep.equal([2, ""]);
        expect(stderr).to.match(/^eks-irsa: ServiceAccountRole "s3-reader": invalid namespace "Z9B830E28": a Kubernetes namespace is a DNS-1123 label[^\n]*\n$/);
    });

    it("passes an empty chart flag on to the component, which refuses it by name, rather than dropping the other chart flags", async () => {
        const repository = await run(["render", "--service-account-mode", "helmchart", "--helm-chart-repository", "", "--helm-chart-name", "other-chart"]);
        expect([repository.code, repository.stdout]).to.deep.equal([2, ""]);
        expect(repository.stderr).to.match(/^eks-irsa: ServiceAccountRole "s3-reader": invalid helmChart\.repository "": [^\n]*\n$/);
        const chart = await run(["render", "--service-account-mode", "helmchart", "--helm-chart-name", "", "--helm-chart-version", "1.0.0"]);
        expect([chart.code, chart.stdout]).to.deep.equal([2, ""]);
        expect(chart.stderr).to.match(/^eks-irsa: ServiceAccountRole "s3-reader": invalid helmChart\.chart "": [^\n]*\n$/);
    });

    it("refuses --cluster-name without --issuer-url, since render is offline", async () => {
        const { code, stderr } = await run(["render", "--cluster-name", "prod"]);
        expect(code).to.equal(2);
        expect(stderr).to.match(/^eks-irsa: --cluster-name needs --issuer-url too: render is offline[^\n]*\n$/);
    });

    it("maps every flag to the component: bare policy names, inline policy files, key=value maps, booleans", async () => {
        const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
        const { code, stdout, stderr } = await run(
            [
                "render",
                ...["--format", "json", "--name", "api", "--account-id", "111122223333"],
                ...["--cluster-name", "prod", "--issuer-url", "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC", "--create-oidc-provider"],
                ...["--namespace", "zabc", "--service-account-name", "api", "--scope", "CLUSTER", "--namespace-pattern", "z*"],
                ...["--additional-service-account", "payments:api", "--additional-oidc-provider-arn", "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/GREEN"],
                ...["--audience", "sts.amazonaws.com", "--role-name", "api-reader", "--role-path", "/irsa/", "--role-description", "reads"],
                ...["--max-session-duration", "7200", "--permissions-boundary", "arn:aws:iam::111122223333:policy/boundary", "--tag", "team=data"],
                ...["--policy-arn", "ro=ReadOnlyAccess", "--policy-arn", "s3=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "--inline-policy", "get=@get.json"],
                ...["--trust-policy-size-limit", "4096", "--managed-policy-limit", "20", "--service-account-mode", "Manifest"],
                ...["--label", "app=api", "--annotation", "example.com/owner=data", "--sts-regional-endpoints", "TRUE", "--token-expiration-seconds", "3600"],
                ...["--automount-service-account-token", "false", "--create-namespace"],
            ],
            { "get.json": document },
        );
        expect([code, stderr]).to.deep.equal([0, ""]);
        const json = JSON.parse(stdout);
        expect(json.tutorialDefaults).to.deep.equal([]);
        expect(json.resources[0].inputs).to.deep.equal({
            additionalOidcProviderArns: ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/GREEN"],
            additionalServiceAccounts: [{ name: "api", namespace: "payments" }],
            audience: "sts.amazonaws.com",
            automountServiceAccountToken: false,
            clusterName: "prod",
            createNamespace: true,
            createOidcProvider: true,
            inlinePolicies: { get: document },
            managedPolicyLimit: 20,
            maxSessionDuration: 7200,
            namespace: "zabc",
            namespacePattern: "z*",
            permissionsBoundary: "arn:aws:iam::111122223333:policy/boundary",
            policyArns: { ro: "arn:aws:iam::aws:policy/ReadOnlyAccess", s3: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
            roleDescription: "reads",
            roleName: "api-reader",
            rolePath: "/irsa/",
            scope: "Cluster",
            serviceAccountAnnotations: { "example.com/owner": "data" },
            serviceAccountLabels: { app: "api" },
            serviceAccountMode: "Manifest",
            serviceAccountName: "api",
            stsRegionalEndpoints: true,
            tags: { team: "data" },
            tokenExpirationSeconds: 3600,
            trustPolicySizeLimit: 4096,
        });
        expect(json.trustPolicy.document.Statement).to.have.length(2);
        expect(json.manifests.map((m: any) => m.kind)).to.deep.equal(["Namespace", "ServiceAccount"]);
        for (const manifest of json.manifests.filter((m: any) => m.kind === "ServiceAccount")) {
            expect(() => new ServiceAccount(manifest).validate()).not.to.throw();
        }
    });

    it("says --service-account-mode none leaves the annotations to the user", async () => {
        const { code, stdout } = await run(["render", "--service-account-mode", "none"]);
        expect(code).to.equal(0);
        expect(stdout).to.contain("# == ServiceAccount (none created: serviceAccountMode None) ==");
        expect(stdout).not.to.contain("\n---\n");
    });

    for (const [argv, message] of [
        [["render", "--bogus"], "eks-irsa: unknown option '--bogus'"],
        [["render", "--namespace"], "eks-irsa: option '--namespace <namespace>' argument missing"],
        [["render", "--scope", "everywhere"], `eks-irsa: option '--scope <scope>' argument 'everywhere' is invalid. expected one of environment, cluster, got "everywhere".`],
        [["render", "--tag", "a=1", "--tag", "a=2"], `eks-irsa: option '--tag <key=value>' argument 'a=2' is invalid. "a" is given twice.`],
        [["render", "--additional-service-account", "payments"], "eks-irsa: option '--additional-service-account <namespace:name>' argument 'payments' is invalid. expected namespace:name (the namespace may be a pattern such as z*), got \"payments\"."],
        [["render", "--sts-regional-endpoints", "yes"], `eks-irsa: option '--sts-regional-endpoints <bool>' argument 'yes' is invalid. expected true or false, got "yes".`],
        [["render", "--max-session-duration", "1h"], `eks-irsa: option '--max-session-duration <seconds>' argument '1h' is invalid. expected a whole number, got "1h".`],
        [["render", "--account-id", "42"], `eks-irsa: option '--account-id <id>' argument '42' is invalid. an AWS account ID has 12 digits, got "42".`],
        [["render", "--format", "yaml"], `eks-irsa: option '--format <format>' argument 'yaml' is invalid. expected human or json, got "yaml".`],
        [["render", "--cluster-name", "prod", "--issuer-url", "http://x"], 'eks-irsa: invalid --issuer-url "http://x": an OIDC issuer URL must start with https://'],
        [["render", "--inline-policy", "get=@missing.json"], "eks-irsa: --inline-policy get: cannot read missing.json: ENOENT: no such file or directory, open 'missing.json'"],
        [["explain", "--policy", "missing.json", "--who"], "eks-irsa: cannot read the policy missing.json: ENOENT: no such file or directory, open 'missing.json'"],
        [["explain", "--provider-arn", "arn:aws:iam::123456789012:role/x"], "eks-irsa: option '--provider-arn <arn>' argument 'arn:aws:iam::123456789012:role/x' is invalid."],
        [["rendr"], "eks-irsa: unknown command 'rendr'; the commands are render, explain and audit (see eks-irsa --help)."],
    ] as const) {
        it(`refuses ${argv.join(" ")} in one line, exit 2`, async () => {
            const { code, stdout, stderr } = await run([...argv]);
            expect([code, stdout]).to.deep.equal([2, ""]);
            expect(stderr.endsWith("\n") && !stderr.slice(0, -1).includes("\n")).to.equal(true);
            expect(stderr.startsWith(message)).to.equal(true, stderr);
        });
    }
});

describe("eks-irsa explain (in process)", () => {
    it("without --policy renders the role from the flags: its own ServiceAccount is allowed, another namespace denied", async () => {
        const allowed = await run(["explain"]);
        expect(allowed.code).to.equal(0);
        expect(allowed.stdout).to.match(new RegExp(`^allowed: Statement 0 allows sts:AssumeRoleWithWebIdentity to system:serviceaccount:${NAMESPACE}:my-s3-role`));
        const denied = await run(["explain", "--namespace", "payments"]);
        expect(denied.code).to.equal(1);
        expect(denied.stdout).to.match(/^denied: No Allow statement matches: Statement 0 fails because StringEquals .*:sub/);
    });

    it("renders a cluster-scoped role and checks a cloned environment's namespace against z*", async () => {
        expect((await run(["explain", "--scope", "cluster", "--namespace", "zclone-1"])).code).to.equal(0);
        expect((await run(["explain", "--scope", "cluster", "--namespace", "payments"])).code).to.equal(1);
        const who = await run(["explain", "--scope", "cluster", "--who"]);
        expect(who.stdout).to.contain("  admits: ServiceAccount my-s3-role in every namespace matching z* (any namespace whose name starts with z, not only Qovery's environments; z????????-z???????? admits only those)\n");
    });

    it("with --who and a token, lists and decides", async () => {
        const { code, stdout } = await run(["explain", "--who", "--policy", "p.json", "--namespace", "kubernetes_namespace", "--service-account", "service_account_name"], {
            "p.json": correctedPolicy,
        });
        expect(code).to.equal(0);
        expect(stdout).to.contain("warning: Statement 0 does not check the token's audience");
        expect(stdout).to.contain("\nallowed: Statement 0 allows");
    });

    it("with --who prints the Pod Identity section: what an association must have, and eksctl's unconditioned statement warns", async () => {
        const cluster = "arn:aws:eks:eu-west-3:123456789012:cluster/prod";
        const policy = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:RequestTag/eks-cluster-arn": cluster,
                            "aws:RequestTag/kubernetes-namespace": "payments",
                            "aws:RequestTag/kubernetes-service-account": "api",
                        },
                    },
                },
                { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
            ],
        };
        const { code, stdout } = await run(["explain", "--who", "--policy", "p.json"], { "p.json": JSON.stringify(policy) });
        expect(code).to.equal(0);
        expect(stdout).to.equal(
            [
                "Statement 0 (Allow) trusts EKS Pod Identity (pods.eks.amazonaws.com)",
                `  admits: cluster ARN ${cluster}, and namespace payments, and ServiceAccount api`,
                "Statement 1 (Allow) trusts EKS Pod Identity (pods.eks.amazonaws.com)",
                "  admits: any association (no condition on the session tags)",
                "",
                "Per OIDC provider (what the Allow statements admit, minus what the Deny statements exclude):",
                "  no OIDC provider can present a token: nothing is admitted",
                "",
                "Per EKS Pod Identity association (the session tags EKS sets: cluster, namespace, ServiceAccount, pod):",
                "  Through EKS Pod Identity (pods.eks.amazonaws.com), an association is admitted (sts:AssumeRole) if it has one of:",
                `    - cluster ARN ${cluster}, and namespace payments, and ServiceAccount api (Statement 0)`,
                "    - any association (no condition on the session tags) (Statement 1)",
                "warning: Statement 1 trusts pods.eks.amazonaws.com without conditions on the session tags, so any Pod Identity association in the account may use " +
                    "this role (the shape eksctl's migrate-to-pod-identity leaves, and the one a statement for disabled session tags must have). " +
                    'Add "StringEquals" on aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.',
                "",
            ].join("\n"),
        );
    });

    it("checks the audience and the issuer the token comes from", async () => {
        const files = { "p.json": correctedPolicy };
        const subject = ["explain", "--policy", "p.json", "--namespace", "kubernetes_namespace", "--service-account", "service_account_name"];
        // The tutorial's policy checks no audience.
        expect((await run([...subject, "--audience", "vault"], files)).code).to.equal(0);
        const other = await run([...subject, "--issuer", "https://oidc.eks.us-east-1.amazonaws.com/id/OTHER"], files);
        expect(other.code).to.equal(1);
        expect(other.stdout).to.contain("through arn:aws:iam::yyyyyyy:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER");
    });

    it("needs the token's namespace and ServiceAccount with --policy, and a valid policy", async () => {
        const missing = await run(["explain", "--policy", "-"], {}, correctedPolicy);
        expect(missing).to.deep.equal({
            code: 2,
            stdout: "",
            stderr: "eks-irsa: explain --policy needs the token's --namespace and --service-account (or --who to list whom the policy admits).\n",
        });
        const invalid = await run(["explain", "--policy", "-", "--who"], {}, "{nope");
        expect(invalid.code).to.equal(2);
        expect(invalid.stderr).to.match(/^eks-irsa: The trust policy is not valid JSON/);
    });
});

describe("eks-irsa explain --addon (in process)", () => {
    const warning =
        "warning: deliberate wildcard: addonPolicies.externalDns.allowAllHostedZones grants arn:aws:route53:::hostedzone/* (every such resource of the account), by your opt-in.\n";

    it("warns about the rendered role's deliberate add-on wildcards, after --who's answer and after a decision", async () => {
        const who = await run(["explain", "--who", "--addon", "externalDns:allowAllHostedZones=true"]);
        expect([who.code, who.stderr]).to.deep.equal([0, ""]);
        expect(who.stdout.endsWith(`(Statement 0)\n${warning}`)).to.equal(true);
        const decision = await run(["explain", "--addon", "externalDns:allowAllHostedZones=true"]);
        expect([decision.code, decision.stderr]).to.deep.equal([0, ""]);
        expect(decision.stdout).to.match(/^allowed: /);
        expect(decision.stdout.endsWith(warning)).to.equal(true);
    });

    it("says nothing more for add-ons scoped to named resources", async () => {
        const { code, stdout } = await run(["explain", "--who", "--addon", "externalDns:hostedZoneArns=arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]);
        expect(code).to.equal(0);
        expect(stdout).not.to.contain("deliberate wildcard");
    });

    it("refuses --addon beside --policy, where no role is rendered", async () => {
        const { code, stderr } = await run(["explain", "--policy", "p.json", "--who", "--addon", "externalDns"], { "p.json": environmentPolicy });
        expect([code, stderr]).to.deep.equal([2, "eks-irsa: --addon describes the rendered role's permissions; with --policy there is no rendered role. Drop one of them.\n"]);
    });
});

describe("eks-irsa explain: hostile policy files are bad input, one line, exit 2", () => {
    const refuse = async (text: string) => {
        const result = await run(["explain", "--who", "--policy", "p.json"], { "p.json": text });
        expect(result.code, result.stderr).to.equal(2);
        expect(result.stdout).to.equal("");
        expect(result.stderr.endsWith("\n") && !result.stderr.slice(0, -1).includes("\n")).to.equal(true, result.stderr);
        return result.stderr;
    };

    it("a file larger than 1 MiB, a binary file, deep nesting", async () => {
        expect(await refuse(" ".repeat(1024 * 1024 + 1))).to.equal("eks-irsa: the policy p.json is larger than 1048576 bytes; a trust policy has at most 8,192 characters.\n");
        expect(await refuse("\u0000\u0001\u00ff")).to.equal(
            "eks-irsa: the policy p.json is not text (it holds control characters or bytes that are not UTF-8); give the trust policy's JSON.\n",
        );
        expect(await refuse(`{"Statement": ${"[".repeat(100000)}${"]".repeat(100000)}}`)).to.equal("eks-irsa: The trust policy is nested more than 16 levels deep; a trust policy needs 5.\n");
    });

    it("a condition key eks-irsa does not model, such as sts:RoleSessionName, is named by explain for one token (--who reads it at most)", async () => {
        const policy = JSON.stringify({
            Statement: { Effect: "Deny", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/A" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "sts:RoleSessionName": "x" } } },
        });
        const result = await run(["explain", "--policy", "p.json", "--namespace", "ns", "--service-account", "sa"], { "p.json": policy });
        expect([result.code, result.stdout]).to.deep.equal([2, ""]);
        expect(result.stderr).to.match(/^eks-irsa: Statement 0 uses condition key "sts:RoleSessionName" \(only an OIDC issuer's :sub and :aud keys are modelled\)/);
    });

    it("an endless file (/dev/zero) ends fast, as a process", async function () {
        if (!fs.existsSync("/dev/zero")) {
            this.skip();
        }
        const { code, stdout, stderr } = await spawn(["explain", "--who", "--policy", "/dev/zero"]);
        expect([code, stdout, stderr]).to.deep.equal([2, "", "eks-irsa: the policy /dev/zero is larger than 1048576 bytes; a trust policy has at most 8,192 characters.\n"]);
    });
});

describe("eks-irsa render --identity (in process)", () => {
    const issuerUrl = "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    // Issue 23: with irsa, --cluster-name or --issuer-url alone gave arn:aws:ec2:*:*:volume/*, any account.
    it("plans add-ons as the component does: in the role's account (--account-id, or the placeholder), whatever the identity and trust source", async () => {
        const volumes = async (...flags: string[]) => {
            const { code, stdout, stderr } = await run(["render", ...flags, "--addon", "ebsCsiDriver", "--format", "json"]);
            expect(code, stderr).to.equal(0);
            const resources: string[] = JSON.parse(stdout).addonPolicies.flatMap((p: any) => p.document.Statement.flatMap((s: any) => [].concat(s.Resource)));
            return [...new Set(resources.filter((r) => r.includes(":volume/*")))];
        };
        for (const identity of ["pod-identity", "irsa", "both"]) {
            expect(await volumes("--identity", identity, "--cluster-name", "prod", "--issuer-url", issuerUrl), identity).to.deep.equal(["arn:aws:ec2:*:123456789012:volume/*"]);
        }
        expect(await volumes("--issuer-url", issuerUrl)).to.deep.equal(["arn:aws:ec2:*:123456789012:volume/*"]);
        expect(await volumes("--issuer-url", issuerUrl, "--account-id", "444455556666")).to.deep.equal(["arn:aws:ec2:*:444455556666:volume/*"]);
        expect(await volumes("--cluster-name", "prod", "--issuer-url", issuerUrl, "--account-id", "444455556666")).to.deep.equal(["arn:aws:ec2:*:444455556666:volume/*"]);
    });
    // Issue 23: key=value flags read the keys of Object.prototype as given ("constructor" is given twice), and
    // `{ ...map, [key]: value }` dropped __proto__.
    it("takes --tag constructor=x beside another tag, in either order, and keeps both", async () => {
        for (const argv of [["--tag", "constructor=x", "--tag", "a=1"], ["--tag", "a=1", "--tag", "constructor=x"]]) {
            const { code, stdout, stderr } = await run(["render", ...argv, "--format", "json"]);
            expect([code, stderr]).to.deep.equal([0, ""]);
            const role = JSON.parse(stdout).resources.find((r: any) => r.type === "aws:iam/role:Role");
            expect(role.inputs.tags).to.deep.equal({ a: "1", constructor: "x" });
        }
    });

    it("renderServiceAccountRole: a cluster named constructor or toString is not found in Object's prototype", async () => {
        const { renderServiceAccountRole, OfflineLookupError } = await import("../../index");
        for (const clusterName of ["constructor", "toString"]) {
            let error: unknown;
            await renderServiceAccountRole({ clusterName, namespace: "ns", serviceAccountName: "sa" }, {}).catch((e) => (error = e));
            expect(error, clusterName).to.be.instanceOf(OfflineLookupError);
            expect((error as Error).message).to.contain(`cannot look up the issuer of EKS cluster "${clusterName}"`);
        }
    });

    it("refuses --tag __proto__=x with the tag rule instead of dropping it", async () => {
        const { code, stdout, stderr } = await run(["render", "--tag", "__proto__=x"]);
        expect([code, stdout]).to.deep.equal([2, ""]);
        expect(stderr).to.contain('invalid tags key "__proto__": a tag key may not be __proto__');
    });

    it("names --addon externalDns:constructor=1 as a field the add-on does not take, and --addon toString as no add-on", async () => {
        const field = await run(["render", "--addon", "externalDns:constructor=1"]);
        expect([field.code, field.stdout]).to.deep.equal([2, ""]);
        expect(field.stderr).to.contain('invalid addonPolicies.externalDns.constructor "1": this add-on takes only hostedZoneArns, allowAllHostedZones, recordNames.');
        const addon = await run(["render", "--addon", "toString:x=1"]);
        expect(addon.stderr).to.contain('invalid addonPolicies.toString {"x":"1"}: there is no add-on toString;');
        const twice = await run(["render", "--label", "a=1", "--label", "valueOf=2", "--label", "valueOf=3"]);
        expect(twice.stderr).to.contain(`argument 'valueOf=3' is invalid. "valueOf" is given twice.`);
    });

    const roleArn = "arn:aws:iam::123456789012:role/s3-reader-55ad1e1";
    const association = "s3-reader-pod-identity-z9b830e28-ze23976e2.my-s3-role";
    const agentNote =
        "EKS Pod Identity needs the eks-pod-identity-agent add-on running on the cluster (aws eks create-addon --addon-name eks-pod-identity-agent); " +
        "it does not run on Fargate, Windows nodes or EKS Anywhere, where only IRSA works.";

    it("both: the IRSA and the Pod Identity statements, one association, the annotation kept, and the agent note (JSON)", async () => {
        const { code, stdout, stderr } = await run(["render", "--identity", "both", "--cluster-name", "prod", "--issuer-url", issuerUrl, "--format", "json"]);
        expect([code, stderr]).to.deep.equal([0, ""]);
        const json = JSON.parse(stdout);
        expect(json.resources[0].inputs.identity).to.equal("Both");
        expect(json.resources.filter((r: any) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")).to.deep.equal([
            {
                type: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                name: association,
                parent: "s3-reader",
                custom: true,
                inputs: { clusterName: "prod", namespace: NAMESPACE, roleArn, serviceAccount: "my-s3-role" },
                outputs: { clusterName: "prod", namespace: NAMESPACE, roleArn, serviceAccount: "my-s3-role" },
            },
        ]);
        expect(json.trustPolicy.document.Statement[1]).to.deep.equal({
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-3:123456789012:cluster/prod",
                    "aws:RequestTag/kubernetes-namespace": NAMESPACE,
                    "aws:RequestTag/kubernetes-service-account": "my-s3-role",
                },
            },
        });
        expect(json.warnings).to.deep.equal([]);
        expect(json.notes.slice(2)).to.deep.equal([
            `The issuer of EKS cluster "prod" is looked up at deploy time; render assumed ${issuerUrl} and the ARN arn:aws:eks:eu-west-3:123456789012:cluster/prod.`,
            `The IAM OIDC provider for ${issuerUrl} is looked up at deploy time (aws.iam.getOpenIdConnectProvider): it must exist in the account already, ` +
                "or the deployment fails; create it once per cluster (createOidcProvider) if it does not.",
            agentNote,
        ]);
        expect(json.manifests[0].metadata.annotations).to.deep.equal({ "eks.amazonaws.com/role-arn": roleArn });
    });

    it("pod-identity with dropped conditions: the association's options, the unconditioned trust and its warning (text)", async () => {
        const { code, stdout, stderr } = await run([
            "render",
            ...["--identity", "pod-identity", "--cluster-name", "prod", "--issuer-url", issuerUrl],
            ...["--disable-session-tags", "--allow-unconditioned-pod-identity-trust", "--target-role-arn", "arn:aws:iam::210987654321:role/target"],
        ]);
        expect([code, stderr]).to.deep.equal([0, ""]);
        const lines = stdout.split("\n");
        const at = lines.indexOf("# == EKS Pod Identity associations (aws:eks/podIdentityAssociation:PodIdentityAssociation) ==");
        expect(lines.slice(at, at + 11)).to.deep.equal([
            "# == EKS Pod Identity associations (aws:eks/podIdentityAssociation:PodIdentityAssociation) ==",
            `# ${association}: cluster prod, namespace ${NAMESPACE}, ServiceAccount my-s3-role`,
            `#   role: ${roleArn}`,
            "#   target role: arn:aws:iam::210987654321:role/target",
            "#   session tags: disabled",
            "#",
            "# == Warnings ==",
            "# ! Statement 0 trusts pods.eks.amazonaws.com without conditions on the session tags, so any Pod Identity association in the account may use this role " +
                "(the shape eksctl's migrate-to-pod-identity leaves, and the one a statement for disabled session tags must have). " +
                'Add "StringEquals" on aws:RequestTag/eks-cluster-arn, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.',
            "#",
            "# == Notes ==",
            `# - The role is auto-named "s3-reader-<7 characters>"; the suffix "55ad1e1" shown here is a stand-in, the real one is random at deploy time (set roleName to choose it).`,
        ]);
        expect(lines).to.include(`# - ${agentNote}`);
        expect(lines).to.include("#   admits: any association (no condition on the session tags)");
        expect(stdout).not.to.contain("eks.amazonaws.com/role-arn");
    });

    it("irsa is the default: the same output as no --identity, no association, no agent note", async () => {
        const irsa = await run(["render", "--identity", "IRSA"]);
        const plain = await run(["render"]);
        expect(irsa).to.deep.equal(plain);
        expect(irsa.stdout).not.to.contain("Pod Identity");
    });

    for (const [argv, message] of [
        [["render", "--identity", "sideways"], `eks-irsa: option '--identity <identity>' argument 'sideways' is invalid. expected one of irsa, pod-identity, both, got "sideways".`],
        [["render", "--identity", "pod-identity"], 'eks-irsa: ServiceAccountRole "s3-reader": invalid clusterName (not set): identity PodIdentity creates an EKS Pod Identity association'],
        [
            ["render", "--identity", "both", "--cluster-name", "prod", "--issuer-url", issuerUrl, "--disable-session-tags"],
            'eks-irsa: ServiceAccountRole "s3-reader": invalid disableSessionTags true: without session tags the trust cannot require this cluster, namespace and ServiceAccount',
        ],
    ] as const) {
        it(`refuses ${argv.join(" ")} in one line, exit 2`, async () => {
            const { code, stdout, stderr } = await run([...argv]);
            expect([code, stdout]).to.deep.equal([2, ""]);
            expect(stderr.endsWith("\n") && !stderr.slice(0, -1).includes("\n")).to.equal(true);
            expect(stderr.startsWith(message)).to.equal(true, stderr);
        });
    }

    it("render --help lists the Pod Identity flags", async () => {
        const { code, stdout } = await run(["render", "--help"]);
        expect(code).to.equal(0);
        for (const flag of ["--identity <identity>", "--disable-session-tags", "--allow-unconditioned-pod-identity-trust", "--target-role-arn <arn>"]) {
            expect(stdout).to.contain(flag);
        }
    });
});
