// `eks-irsa audit` on a real cluster's objects (`npm run test:cluster`): the Kubernetes input is what
// `kubectl get namespaces,serviceaccounts,pods -A -o json` prints against a real API server, the IAM input the roles
// `eks-irsa render` builds for that cluster's issuer, as `aws iam get-account-authorization-details` lists them.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { cliInProcess } from "../cliProcess";
import { ControlPlane, missingControlPlane } from "./controlPlane";
import { podManifest, render } from "./clusterTools";

function renderJson(args: string[]): { outputs: { roleArn: string; oidcProviderArn: string; trustPolicy: string } } {
    return JSON.parse(render([...args, "--format", "json"]));
}

/** One role as `aws iam get-account-authorization-details` lists it (the CLI's decoded trust policy). */
function roleDetail(roleArn: string, trustPolicy: string) {
    const roleName = roleArn.split("/").pop()!;
    return {
        Path: "/",
        RoleName: roleName,
        RoleId: `AROA${roleName.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
        Arn: roleArn,
        CreateDate: "2026-12-07T00:00:00+00:00",
        AssumeRolePolicyDocument: JSON.parse(trustPolicy),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }],
        Tags: [],
        RoleLastUsed: {},
    };
}

const missing = missingControlPlane();

describe("eks-irsa audit on the objects of a real API server", function () {
    if (missing.length > 0) {
        it(`not run: no control plane installed (scripts/install-kubernetes.sh; missing ${missing.join(", ")})`);
        return;
    }
    const cluster = new ControlPlane();
    const exitHook = () => cluster.killNow();
    let report: {
        serviceAccounts: { namespace: string; name: string; pods: string[]; grants: { roleArn: string; path: string; configured: boolean }[] }[];
        findings: { code: string; target: string }[];
    };
    let teamRole: string;
    let zRole: string;

    before(async function () {
        process.on("exit", exitHook);
        await cluster.start();
        const common = ["--issuer-url", cluster.issuer, "--service-account-name", "app"];
        // team-a/app through its own role, annotated; app in every z* namespace through the cluster-scoped role, not annotated.
        const team = renderJson([...common, "--namespace", "team-a", "--role-name", "team-a-app"]);
        const z = renderJson([...common, "--scope", "cluster", "--namespace-pattern", "z*", "--role-name", "z-app", "--service-account-mode", "none"]);
        teamRole = team.outputs.roleArn;
        zRole = z.outputs.roleArn;
        cluster.kubectlOk(["apply", "-f", "-"], render([...common, "--namespace", "team-a", "--role-name", "team-a-app", "--create-namespace"]));
        for (const namespace of ["z9b830e28-ze23976e2", "zfeature", "other"]) {
            cluster.kubectlOk(["create", "namespace", namespace]);
            cluster.kubectlOk(["create", "serviceaccount", "app", "-n", namespace]);
        }
        cluster.kubectlOk(["apply", "-f", "-"], podManifest("team-a", "api-0", "app"));
        cluster.kubectlOk(["apply", "-f", "-"], podManifest("zfeature", "api-0", "app"));
        cluster.kubectlOk(["apply", "-f", "-"], podManifest("other", "api-0", "app"));
        cluster.kubectlOk(["apply", "-f", "-"], podManifest("team-a", "batch-0", "default"));

        const files = {
            kubernetes: path.join(cluster.dir, "kubernetes.json"),
            iam: path.join(cluster.dir, "iam.json"),
            eks: path.join(cluster.dir, "eks-cluster.json"),
            providers: path.join(cluster.dir, "oidc-providers.json"),
        };
        fs.writeFileSync(files.kubernetes, cluster.kubectlOk(["get", "namespaces,serviceaccounts,pods", "-A", "-o", "json"]));
        fs.writeFileSync(
            files.iam,
            JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [roleDetail(teamRole, team.outputs.trustPolicy), roleDetail(zRole, z.outputs.trustPolicy)], Policies: [] }),
        );
        const account = teamRole.split(":")[4];
        fs.writeFileSync(
            files.eks,
            JSON.stringify({ cluster: { name: "local", arn: `arn:aws:eks:${cluster.region}:${account}:cluster/local`, identity: { oidc: { issuer: cluster.issuer } }, status: "ACTIVE" } }),
        );
        fs.writeFileSync(files.providers, JSON.stringify({ OpenIDConnectProviderList: [{ Arn: team.outputs.oidcProviderArn }] }));
        const { code, stdout, stderr } = await cliInProcess(["audit", files.kubernetes, files.iam, files.eks, files.providers, "--format", "json", "--fail-on", "none"], {
            readFile: (file) => fs.readFileSync(file, "utf8"),
        });
        expect(stderr, stderr).to.equal("");
        expect(code).to.equal(0);
        report = JSON.parse(stdout);
    });

    after(async function () {
        await cluster.stop();
        process.removeListener("exit", exitHook);
    });

    const grantsOf = (namespace: string, name: string) =>
        report.serviceAccounts.find((s) => s.namespace === namespace && s.name === name)?.grants.map((g) => [g.roleArn.split("/").pop(), g.path, g.configured]);

    it("reads kubectl's List from the API server: every namespace's ServiceAccounts and the pods that use them", function () {
        const teamApp = report.serviceAccounts.find((s) => s.namespace === "team-a" && s.name === "app");
        expect(teamApp?.pods).to.deep.equal(["api-0"]);
        // The controller manager gives each namespace its default ServiceAccount; the audit sees them as kubectl lists them.
        expect(report.serviceAccounts.filter((s) => s.name === "default").map((s) => s.namespace)).to.include.members(["team-a", "zfeature", "other", "kube-system"]);
    });

    it("maps team-a/app to its annotated role and app in each z* namespace to the cluster-scoped role, and nobody else", function () {
        expect(grantsOf("team-a", "app")).to.deep.equal([["team-a-app", "irsa", true]]);
        expect(grantsOf("z9b830e28-ze23976e2", "app")).to.deep.equal([["z-app", "irsa", false]]);
        expect(grantsOf("zfeature", "app")).to.deep.equal([["z-app", "irsa", false]]);
        expect(grantsOf("other", "app")).to.deep.equal([]);
        expect(grantsOf("team-a", "default")).to.deep.equal([]);
        const granted = report.serviceAccounts.filter((s) => s.grants.length > 0).map((s) => `${s.namespace}/${s.name}`);
        expect(granted.sort()).to.deep.equal(["team-a/app", "z9b830e28-ze23976e2/app", "zfeature/app"]);
    });

    it("flags the z* pattern as admitting namespaces nobody has created yet, and no ServiceAccount whose role refuses it", function () {
        const codes = report.findings.map((f) => `${f.code} ${f.target}`);
        expect(codes, codes.join("\n")).to.include(`TRUST_NAMESPACE_PATTERN role ${zRole}`);
        expect(codes.filter((c) => c.startsWith("ANNOTATED_ROLE_DENIES"))).to.deep.equal([]);
    });
});
