import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { cliInProcess } from "../cliProcess";
import { EXAMPLE_DIR, EXAMPLE_FILES, exampleDocuments } from "./auditFixture";

/** Runs `eks-irsa audit` in process over named texts (a file name not among them is read from the example folder). */
function audit(args: string[], texts: Record<string, string> = {}) {
    return cliInProcess(["audit", ...args], { readFile: (file) => texts[file] ?? fs.readFileSync(path.join(EXAMPLE_DIR, file), "utf8") });
}
const example = exampleDocuments();
const replaced = (file: string, text: string) => ({ args: EXAMPLE_FILES.map((f) => (f === file ? "changed.json" : f)), texts: { "changed.json": text } });

describe("eks-irsa audit: exit codes and formats", () => {
    it("exits 1 with findings at or above --fail-on (default low), 0 with --fail-on none, and prints the table", async () => {
        const failing = await audit(EXAMPLE_FILES);
        expect([failing.code, failing.stderr]).to.deep.equal([1, ""]);
        expect(failing.stdout).to.contain("ACCESS MAP").and.contain("HIGH ANNOTATED_ROLE_MISSING ServiceAccount web/frontend").and.match(/failing \(exit 1\) at --fail-on low\n$/);
        const passing = await audit([...EXAMPLE_FILES, "--fail-on", "none"]);
        expect([passing.code, passing.stderr]).to.deep.equal([0, ""]);
        expect(passing.stdout).to.match(/passing at --fail-on none\n$/);
    });

    it("--format json is the report object, stable field names", async () => {
        const { code, stdout } = await audit([...EXAMPLE_FILES, "--format", "json", "--fail-on", "none"]);
        const report = JSON.parse(stdout);
        expect(code).to.equal(0);
        expect(Object.keys(report)).to.deep.equal(["schemaVersion", "cluster", "inputs", "notChecked", "serviceAccounts", "roles", "findings", "counts"]);
        expect(report.cluster).to.deep.equal({
            name: "prod",
            arn: "arn:aws:eks:eu-west-3:111122223333:cluster/prod",
            issuer: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            providerArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        });
        expect(Object.keys(report.findings[0])).to.deep.equal(["code", "severity", "target", "message", "fix"]);
    });

    it("--format mermaid and dot draw pods, ServiceAccounts and roles, dashed where nothing configures the role", async () => {
        const mermaid = (await audit([...EXAMPLE_FILES, "--format", "mermaid"])).stdout;
        expect(mermaid.split("\n")[0]).to.equal("flowchart LR");
        expect(mermaid).to.contain('    sa_payments_2fapi(["payments/api"])').and.contain('    role_arn_3aaws_3aiam_3a_3a111122223333_3arole_2fpayments_2dapi["111122223333/payments-api"]');
        expect(mermaid).to.contain('    sa_payments_2fapi -->|"IRSA"| role_arn_3aaws_3aiam_3a_3a111122223333_3arole_2fpayments_2dapi');
        expect(mermaid).to.contain('    sa_team_2da_2fapp -.->|"IRSA"| role_arn_3aaws_3aiam_3a_3a111122223333_3arole_2fteam_2dapps');
        const dot = (await audit([...EXAMPLE_FILES, "--format", "dot"])).stdout;
        expect(dot).to.match(/^digraph access \{\n  rankdir=LR;\n/);
        expect(dot).to.contain('  pod_payments_2fapi_2d7d9f8b6c5_2dq8r7t -> sa_payments_2fapi [label="runs as"];');
        expect(dot).to.contain('  sa_team_2da_2fapp -> role_arn_3aaws_3aiam_3a_3a111122223333_3arole_2fteam_2dapps [label="IRSA", style=dashed];');
        expect(dot).to.contain('role_arn_3aaws_3aiam_3a_3a111122223333_3arole_2fci_2drunner -> role_arn_3aaws_3aiam_3a_3a444455556666_3arole_2fartifact_2dwriter [label="targetRoleArn"];');
    });
});

describe("eks-irsa audit: bad or partial input is one line and exit 2", () => {
    const cases: [string, { args: string[]; texts: Record<string, string> }, RegExp][] = [
        ["a file that is not JSON", replaced("iam.json", "RoleName,Arn\n"), /^eks-irsa: changed\.json is not JSON: /],
        ["a truncated export", replaced("iam.json", JSON.stringify(example["iam.json"]).slice(0, 500)), /^eks-irsa: changed\.json is not JSON \(it ends early: cut short\?\)/],
        ["a file of another kind", replaced("iam.json", JSON.stringify({ Roles: [] })), /^eks-irsa: changed\.json is an object with Roles, none of the inputs eks-irsa audit reads: /],
        ["one page of a paginated export", replaced("iam.json", JSON.stringify({ ...example["iam.json"], IsTruncated: true, Marker: "abc" })), /IsTruncated is true, so this is one page/],
        [
            "a role without a trust policy",
            replaced("iam.json", JSON.stringify({ ...example["iam.json"], RoleDetailList: [{ ...example["iam.json"].RoleDetailList[0], AssumeRolePolicyDocument: undefined }] })),
            /^eks-irsa: changed\.json: role arn:aws:iam::111122223333:role\/payments-api has no AssumeRolePolicyDocument/,
        ],
        [
            "list-pod-identity-associations summaries",
            replaced("associations.json", JSON.stringify({ associations: [{ clusterName: "prod", namespace: "ci", serviceAccount: "runner", associationId: "a-1" }] })),
            /association a-1 has no roleArn, as list-pod-identity-associations prints them/,
        ],
        ["no cluster", { args: EXAMPLE_FILES.filter((f) => f !== "eks-cluster.json"), texts: {} }, /^eks-irsa: no EKS cluster: give the output of aws eks describe-cluster/],
        ["no Kubernetes objects", { args: EXAMPLE_FILES.filter((f) => f !== "kubernetes.json"), texts: {} }, /^eks-irsa: no Kubernetes objects: /],
        ["a page of a chunked List", replaced("kubernetes.json", JSON.stringify({ ...example["kubernetes.json"], metadata: { continue: "eyJ2Ij" } })), /metadata\.continue is set/],
        ["a ServiceAccount without a name", replaced("kubernetes.json", JSON.stringify({ ...example["kubernetes.json"], items: [{ kind: "ServiceAccount", metadata: { namespace: "x" } }] })), /items\[0\]\.metadata has no name/],
        ["an unknown --fail-on", { args: [...EXAMPLE_FILES, "--fail-on", "critical"], texts: {} }, /--fail-on is one of high, medium, low, info, none/],
    ];
    for (const [what, { args, texts }, message] of cases) {
        it(what, async () => {
            const { code, stdout, stderr } = await audit(args, texts);
            expect([code, stdout]).to.deep.equal([2, ""]);
            expect(stderr).to.match(message);
            expect(stderr.trimEnd().split("\n")).to.have.length(1);
        });
    }
});
