// Trust proven on a real Kubernetes (`npm run test:cluster`, after scripts/install-kubernetes.sh): a real API server
// with an EKS-shaped service-account issuer signs the tokens, AWS's real pod identity webhook mutates the pods, and the
// component's trust policy (as `eks-irsa render` prints it) is judged for those tokens by the project's one policy
// model and by iam-simulate. tests/cluster/run.sh runs this in a private network namespace; see controlPlane.ts.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from "jose";
import * as YAML from "yaml";
import { evaluateTrustPolicy } from "../../src/policy/trustPolicyEvaluator";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { cliInProcess } from "../cliProcess";
import * as kubernetes from "@pulumi/kubernetes";
import type { Stack } from "@pulumi/pulumi/automation";
import { ServiceAccountMode, ServiceAccountRole } from "../../index";
import { missingEngineParts } from "../engine/engine";
import { inlineStack, timed } from "../engine/inlineStack";
import { ControlPlane, installedVersions, missingControlPlane } from "./controlPlane";
import { containerEnv, createMutatedPod, podManifest, render } from "./clusterTools";
import { kubeReader, readAsKube, STAND_IN_CHART } from "../kubeReader";
import { qoveryServiceAccountChartValues } from "../../src/components/serviceAccount";

const NAMESPACE = "team-a";
const SERVICE_ACCOUNT = "app";
const AUDIENCE = "sts.amazonaws.com";
const TOKEN_EXPIRATION = 3600;

/** Where `stored` differs from `rendered`: every field render printed must be stored as printed (the server adds its own). */
function mismatches(rendered: unknown, stored: unknown, at = ""): string[] {
    if (rendered !== null && typeof rendered === "object" && !Array.isArray(rendered)) {
        if (stored === null || typeof stored !== "object" || Array.isArray(stored)) {
            return [`${at}: rendered an object, stored ${JSON.stringify(stored)}`];
        }
        return Object.entries(rendered).flatMap(([key, value]) => mismatches(value, (stored as { [key: string]: unknown })[key], `${at}.${key}`));
    }
    if (Array.isArray(rendered)) {
        if (!Array.isArray(stored) || stored.length !== rendered.length) {
            return [`${at}: rendered ${rendered.length} items, stored ${JSON.stringify(stored)}`];
        }
        return rendered.flatMap((value, i) => mismatches(value, stored[i], `${at}[${i}]`));
    }
    return rendered === stored ? [] : [`${at}: rendered ${JSON.stringify(rendered)}, stored ${JSON.stringify(stored)}`];
}

const missing = missingControlPlane();

describe("trust on a real Kubernetes control plane (kube-apiserver, etcd, amazon-eks-pod-identity-webhook; no cloud)", function () {
    if (missing.length > 0) {
        it(`not run: no control plane installed (scripts/install-kubernetes.sh; missing ${missing.join(", ")})`);
        return;
    }
    const cluster = new ControlPlane();
    const exitHook = () => cluster.killNow();
    // Interrupted (Ctrl-C, a CI timeout): the servers go with the test, and so does the work directory.
    const signalHook = (signal: NodeJS.Signals) => {
        cluster.killNow();
        fs.rmSync(cluster.dir, { recursive: true, force: true });
        process.exit(signal === "SIGINT" ? 130 : 143);
    };
    let environmentRender: string;
    let environmentTrust: string;
    let clusterTrust: string;

    before(async function () {
        console.log(`      versions: ${Object.entries(installedVersions()).map(([k, v]) => `${k} ${v}`).join(", ")}`);
        process.on("exit", exitHook);
        process.once("SIGINT", signalHook);
        process.once("SIGTERM", signalHook);
        await cluster.start();
        const common = ["--issuer-url", cluster.issuer, "--service-account-name", SERVICE_ACCOUNT];
        environmentRender = render([
            ...common, "--namespace", NAMESPACE, "--role-name", "team-a-app", "--create-namespace", "--sts-regional-endpoints", "true",
            "--token-expiration-seconds", String(TOKEN_EXPIRATION), "--verify-access",
        ]);
        environmentTrust = JSON.parse(render([...common, "--namespace", NAMESPACE, "--role-name", "team-a-app", "--format", "json"])).outputs.trustPolicy;
        clusterTrust = JSON.parse(
            render([...common, "--scope", "cluster", "--namespace-pattern", "z*", "--role-name", "z-app", "--service-account-mode", "none", "--format", "json"]),
        ).outputs.trustPolicy;
    });

    let failed = false;
    afterEach(function () {
        failed ||= this.currentTest?.state === "failed";
    });

    after(async function () {
        if (failed) {
            console.log(cluster.logs());
        }
        await cluster.stop();
        process.removeListener("exit", exitHook);
        process.removeListener("SIGINT", signalHook);
        process.removeListener("SIGTERM", signalHook);
    });

    it("runs in a private network namespace, so the webhook's fixed ports never meet the host's", function () {
        const own = fs.readlinkSync("/proc/self/ns/net");
        expect(process.env.EKS_IRSA_HOST_NETNS, "tests/cluster/run.sh records the host's network namespace").to.be.a("string");
        expect(own).not.to.equal(process.env.EKS_IRSA_HOST_NETNS);
    });

    it("the API server publishes the EKS-shaped issuer and its JWKS URI in its discovery document", async function () {
        const discovery = JSON.parse(await cluster.get("/.well-known/openid-configuration"));
        expect(discovery.issuer).to.equal(cluster.issuer);
        expect(discovery.jwks_uri).to.equal(`${cluster.issuer}/keys`);
        expect(cluster.issuer).to.match(/^https:\/\/oidc\.eks\.eu-west-3\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    });

    it("accepts render's manifests (Namespace, ServiceAccount, verifyAccess Job) with kubectl apply --dry-run=server", function () {
        // A server dry run creates nothing, so the namespaced objects need their namespace to exist already.
        const namespaceOnly = cluster.kubectlOk(["apply", "--dry-run=server", "-f", "-"], YAML.parseAllDocuments(environmentRender)[0].toString());
        expect(namespaceOnly).to.match(/^namespace\/team-a created \(server dry run\)$/m);
        cluster.kubectlOk(["create", "namespace", NAMESPACE]);
        const out = cluster.kubectlOk(["apply", "--dry-run=server", "-f", "-"], environmentRender);
        expect(out).to.match(/namespace\/team-a configured \(server dry run\)/);
        expect(out).to.match(/serviceaccount\/app created \(server dry run\)/);
        expect(out).to.match(/job\.batch\/\S+ created \(server dry run\)/);
    });

    it("stores render's manifests as printed (kubectl apply, then get)", function () {
        cluster.kubectlOk(["apply", "-f", "-"], environmentRender);
        const documents = YAML.parseAllDocuments(environmentRender).map((d) => d.toJSON()).filter((d) => d !== null);
        expect(documents.map((d) => d.kind)).to.deep.equal(["Namespace", "ServiceAccount", "Job"]);
        for (const manifest of documents) {
            const ns = manifest.metadata.namespace === undefined ? [] : ["-n", manifest.metadata.namespace];
            const stored = JSON.parse(cluster.kubectlOk(["get", manifest.kind.toLowerCase(), manifest.metadata.name, ...ns, "-o", "json"]));
            expect(mismatches(manifest, stored), `${manifest.kind} ${manifest.metadata.name}`).to.deep.equal([]);
        }
    });

    describe("the real pod identity webhook", function () {
        before(function () {
            cluster.kubectlOk(["create", "serviceaccount", "other", "-n", NAMESPACE]);
        });

        it("mutates a pod of the component's ServiceAccount at admission: role, token file, projected token, regional STS", async function () {
            const annotations = JSON.parse(cluster.kubectlOk(["get", "serviceaccount", SERVICE_ACCOUNT, "-n", NAMESPACE, "-o", "json"])).metadata.annotations;
            const stored = await createMutatedPod(cluster, NAMESPACE, "mutated", SERVICE_ACCOUNT);
            expect(containerEnv(stored)).to.include({
                AWS_ROLE_ARN: annotations["eks.amazonaws.com/role-arn"],
                AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                AWS_STS_REGIONAL_ENDPOINTS: "regional",
            });
            expect(annotations).to.include({ "eks.amazonaws.com/sts-regional-endpoints": "true", "eks.amazonaws.com/token-expiration": String(TOKEN_EXPIRATION) });
            const volume = stored.spec.volumes.find((v: { name: string }) => v.name === "aws-iam-token");
            expect(volume.projected.sources).to.deep.equal([{ serviceAccountToken: { audience: AUDIENCE, expirationSeconds: TOKEN_EXPIRATION, path: "token" } }]);
            expect(stored.spec.containers[0].volumeMounts).to.deep.include({ name: "aws-iam-token", mountPath: "/var/run/secrets/eks.amazonaws.com/serviceaccount", readOnly: true });
        });

        it("leaves a pod of another ServiceAccount alone", function () {
            const stored = JSON.parse(cluster.kubectlOk(["create", "-o", "json", "-f", "-"], podManifest(NAMESPACE, "not-mutated", "other")));
            expect(Object.keys(containerEnv(stored)).filter((name) => name.startsWith("AWS_"))).to.deep.equal([]);
            expect((stored.spec.volumes ?? []).map((v: { name: string }) => v.name)).not.to.include("aws-iam-token");
        });
    });

    describe("the API server's tokens against the component's trust policy", function () {
        /** namespace, ServiceAccount, audience, and whom each policy should admit. */
        const CASES: Array<[string, string, string, { environment: boolean; cluster: boolean }]> = [
            [NAMESPACE, SERVICE_ACCOUNT, AUDIENCE, { environment: true, cluster: false }],
            [NAMESPACE, "other", AUDIENCE, { environment: false, cluster: false }],
            ["team-b", SERVICE_ACCOUNT, AUDIENCE, { environment: false, cluster: false }],
            ["zeta", SERVICE_ACCOUNT, AUDIENCE, { environment: false, cluster: true }],
            ["zz-42", SERVICE_ACCOUNT, AUDIENCE, { environment: false, cluster: true }],
            ["az", SERVICE_ACCOUNT, AUDIENCE, { environment: false, cluster: false }],
            ["zeta", "other", AUDIENCE, { environment: false, cluster: false }],
            [NAMESPACE, SERVICE_ACCOUNT, "vault", { environment: false, cluster: false }],
            ["zeta", SERVICE_ACCOUNT, "vault", { environment: false, cluster: false }],
        ];
        const tokens = new Map<string, string>();
        let jwks: { keys: object[] };
        const key = (c: (typeof CASES)[number]) => `${c[0]}/${c[1]} aud ${c[2]}`;

        before(function () {
            for (const ns of new Set(CASES.map((c) => c[0]))) {
                if (cluster.kubectl(["get", "namespace", ns]).status !== 0) {
                    cluster.kubectlOk(["create", "namespace", ns]);
                }
            }
            for (const [ns, name] of new Set(CASES.map((c) => `${c[0]} ${c[1]}`).map((s) => s.split(" ")))) {
                if (cluster.kubectl(["get", "serviceaccount", name, "-n", ns]).status !== 0) {
                    cluster.kubectlOk(["create", "serviceaccount", name, "-n", ns]);
                }
            }
            for (const c of CASES) {
                tokens.set(key(c), cluster.kubectlOk(["create", "token", c[1], "-n", c[0], "--audience", c[2], "--duration", "1h"]).trim());
            }
        });

        it("every token verifies against the API server's /openid/v1/jwks, with the issuer, subject and audience asked for", async function () {
            jwks = JSON.parse(await cluster.get("/openid/v1/jwks"));
            const keySet = createLocalJWKSet(jwks as never);
            for (const c of CASES) {
                const token = tokens.get(key(c))!;
                expect(decodeProtectedHeader(token).alg).to.equal("RS256");
                const { payload } = await jwtVerify(token, keySet, { issuer: cluster.issuer, audience: c[2], algorithms: ["RS256"] });
                expect(payload.sub, key(c)).to.equal(`system:serviceaccount:${c[0]}:${c[1]}`);
            }
        });

        for (const scope of ["environment", "cluster"] as const) {
            it(`the ${scope === "environment" ? "team-a/app" : "z*"} policy: the model and iam-simulate agree, and admit exactly ${scope === "environment" ? "the own ServiceAccount" : "app in namespaces starting with z"}`, function () {
                const policy = scope === "environment" ? environmentTrust : clusterTrust;
                const providerArn = JSON.parse(policy).Statement[0].Principal.Federated;
                const verdicts = CASES.map((c) => {
                    const payload = JSON.parse(Buffer.from(tokens.get(key(c))!.split(".")[1], "base64url").toString("utf8"));
                    const request = { providerArn, subject: payload.sub, audience: [payload.aud].flat(), issuer: payload.iss };
                    const model = evaluateTrustPolicy(policy, request).allowed;
                    const simulated = simulateWithIamSimulate(JSON.parse(policy), request).allowed;
                    return [key(c), model, simulated];
                });
                expect(verdicts).to.deep.equal(CASES.map((c) => [key(c), c[3][scope], c[3][scope]]));
            });
        }

        it("explain --token on the real tokens: allows the own ServiceAccount (exit 0), names what fails for the others (exit 1)", async function () {
            const files: { [file: string]: string } = { "policy.json": environmentTrust, "jwks.json": JSON.stringify(jwks) };
            const readFile = (file: string) => files[file];
            for (const c of CASES) {
                files.token = tokens.get(key(c))!;
                const { code, stdout, stderr } = await cliInProcess(["explain", "--token", "token", "--jwks", "jwks.json", "--policy", "policy.json"], { readFile });
                expect(stderr, key(c)).to.equal("");
                expect(stdout).not.to.contain(files.token.split(".")[2]);
                expect(stdout, key(c)).to.match(/^ {2}ok {3}signature verified with the JWKS key for kid /m);
                expect(code, `${key(c)}: ${stdout}`).to.equal(c[3].environment ? 0 : 1);
                const verdict = stdout.split("\n")[0];
                if (c[2] !== AUDIENCE) {
                    expect(verdict).to.match(new RegExp(`^denied: aud is ${c[2]}; the trust admits only sts.amazonaws.com \\(statement 0, StringEquals `));
                } else if (!c[3].environment) {
                    expect(verdict).to.equal(
                        `denied: sub is system:serviceaccount:${c[0]}:${c[1]}; the trust admits only ${NAMESPACE}:${SERVICE_ACCOUNT} ` +
                            `(statement 0, StringEquals ${cluster.issuer.slice("https://".length)}:sub)`,
                    );
                }
            }
        });

        it("explain --token: another cluster's JWKS does not verify this cluster's token", async function () {
            const other = await exportJWK((await generateKeyPair("RS256")).publicKey);
            const files: { [file: string]: string } = {
                "policy.json": environmentTrust,
                "jwks.json": JSON.stringify({ keys: [{ ...other, kid: decodeProtectedHeader(tokens.get(key(CASES[0]))!).kid, alg: "RS256", use: "sig" }] }),
                token: tokens.get(key(CASES[0]))!,
            };
            const { code, stdout } = await cliInProcess(["explain", "--token", "token", "--jwks", "jwks.json", "--policy", "policy.json"], { readFile: (f) => files[f] });
            expect(code).to.equal(1);
            expect(stdout.split("\n")[0]).to.match(/^denied: the signature does not verify with the JWKS key for kid \S+: the token was altered or signed by another key$/);
        });
    });
    describe("pulumi up and destroy of the component against the real API server (inline program, file:// backend)", function () {
        const engineMissing = missingEngineParts();
        if (engineMissing.length > 0) {
            it(`not run: no Pulumi engine installed (scripts/install-pulumi-engine.sh; missing ${engineMissing.join(", ")})`);
            return;
        }
        const ROLE_ARN = "arn:aws:iam::111122223333:role/deployed-app";
        const DEPLOYED_NAMESPACE = "deployed";
        let stack: Stack;
        let rendered: any[];

        before(async function () {
            const work = fs.mkdtempSync(path.join(cluster.dir, "pulumi-"));
            const kubeconfig = fs.readFileSync(cluster.kubeconfig, "utf8");
            const issuerHost = cluster.issuer.slice("https://".length);
            const args = {
                roleArn: ROLE_ARN,
                oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${issuerHost}`,
                namespace: DEPLOYED_NAMESPACE,
                createNamespace: true,
                serviceAccountName: SERVICE_ACCOUNT,
                stsRegionalEndpoints: true,
                tokenExpirationSeconds: TOKEN_EXPIRATION,
                verifyAccess: true,
            };
            rendered = YAML.parseAllDocuments(
                render([
                    "--name", "deployed", "--role-arn", ROLE_ARN, "--oidc-provider-arn", args.oidcProviderArn, "--namespace", DEPLOYED_NAMESPACE, "--create-namespace",
                    "--service-account-name", SERVICE_ACCOUNT, "--sts-regional-endpoints", "true", "--token-expiration-seconds", String(TOKEN_EXPIRATION), "--verify-access",
                ]),
            )
                .map((d) => d.toJSON())
                .filter((d) => d !== null);
            stack = await inlineStack(work, "eks-irsa-cluster", async () => {
                const provider = new kubernetes.Provider("cluster", { kubeconfig });
                const role = new ServiceAccountRole("deployed", args, {
                    providers: [provider],
                    // No kubelet runs the verifyAccess Job's pod, so the provider must not wait for the Job to finish.
                    transforms: [
                        ({ type, props, opts }) =>
                            type === "kubernetes:batch/v1:Job"
                                ? { props: { ...props, metadata: { ...props.metadata, annotations: { ...props.metadata?.annotations, "pulumi.com/skipAwait": "true" } } }, opts }
                                : undefined,
                    ],
                });
                return { roleArn: role.roleArn, serviceAccountName: role.serviceAccountName, serviceAccountAnnotations: role.serviceAccountAnnotations };
            });
        });

        it("up: the API server stores the Namespace, the ServiceAccount and the verifyAccess Job as eks-irsa render prints them", async function () {
            const result = await timed("pulumi up (inline)", () => stack.up());
            expect(result.outputs.roleArn.value).to.equal(ROLE_ARN);
            expect(result.outputs.serviceAccountName.value).to.equal(SERVICE_ACCOUNT);
            expect(rendered.map((d) => d.kind)).to.deep.equal(["Namespace", "ServiceAccount", "Job"]);
            for (const manifest of rendered) {
                const ns = manifest.metadata.namespace === undefined ? [] : ["-n", manifest.metadata.namespace];
                const stored = JSON.parse(cluster.kubectlOk(["get", manifest.kind.toLowerCase(), manifest.metadata.name, ...ns, "-o", "json"]));
                expect(mismatches(manifest, stored), `${manifest.kind} ${manifest.metadata.name}`).to.deep.equal([]);
            }
            expect(result.outputs.serviceAccountAnnotations.value).to.deep.equal(rendered[1].metadata.annotations);
        });

        it("destroy: leaves nothing behind, the namespace included", async function () {
            await timed("pulumi destroy (inline)", () => stack.destroy());
            const state = await stack.exportStack();
            expect(state.deployment.resources ?? []).to.deep.equal([]);
            const left = cluster.kubectl(["get", "namespace", DEPLOYED_NAMESPACE, "-o", "name"]);
            expect([left.status, left.stdout.trim()], left.stderr).to.deep.equal([1, ""]);
            expect(left.stderr).to.match(/NotFound/);
            await stack.workspace.removeStack("dev");
        });

        describe("serviceAccountMode HelmChart: the Release of the stand-in chart, served by a chart repository on this namespace's loopback", function () {
            // The component's helmChart takes a repository URL and a chart name, never a local directory: the test serves
            // the stand-in chart as a Helm repository (index.yaml and the packaged chart) on 127.0.0.1 inside the private
            // network namespace, and the kubernetes provider's Helm fetches it from there.
            const RELEASE_NAMESPACE = "released";
            const RELEASE_SERVICE_ACCOUNT = "released-app";
            let server: http.Server;
            let releaseStack: Stack;
            let annotations: { [key: string]: string };

            before(async function () {
                const work = fs.mkdtempSync(path.join(cluster.dir, "helm-repo-"));
                const chartName = YAML.parse(fs.readFileSync(path.join(STAND_IN_CHART, "Chart.yaml"), "utf8")).name as string;
                const repo = path.join(work, "repo");
                fs.mkdirSync(repo);
                fs.cpSync(STAND_IN_CHART, path.join(work, chartName), { recursive: true });
                const archive = `${chartName}-0.1.0.tgz`;
                const tar = spawnSync("tar", ["-czf", path.join(repo, archive), "-C", work, chartName], { encoding: "utf8" });
                expect(tar.status, tar.stderr).to.equal(0);
                server = http.createServer((request, response) => {
                    const file = path.join(repo, path.basename(request.url ?? ""));
                    if (!fs.existsSync(file)) {
                        response.writeHead(404).end();
                        return;
                    }
                    response.writeHead(200).end(fs.readFileSync(file));
                });
                await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
                const repository = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
                const digest = crypto.createHash("sha256").update(fs.readFileSync(path.join(repo, archive))).digest("hex");
                fs.writeFileSync(
                    path.join(repo, "index.yaml"),
                    YAML.stringify({ apiVersion: "v1", entries: { [chartName]: [{ apiVersion: "v2", name: chartName, version: "0.1.0", digest, urls: [`${repository}/${archive}`] }] } }),
                );
                const kubeconfig = fs.readFileSync(cluster.kubeconfig, "utf8");
                const oidcProviderArn = `arn:aws:iam::111122223333:oidc-provider/${cluster.issuer.slice("https://".length)}`;
                annotations = JSON.parse(
                    render([
                        "--name", "released", "--role-arn", ROLE_ARN, "--oidc-provider-arn", oidcProviderArn, "--namespace", RELEASE_NAMESPACE, "--create-namespace",
                        "--service-account-name", RELEASE_SERVICE_ACCOUNT, "--service-account-mode", "helmchart", "--sts-regional-endpoints", "true",
                        "--token-expiration-seconds", String(TOKEN_EXPIRATION), "--format", "json",
                    ]),
                ).outputs.serviceAccountAnnotations;
                releaseStack = await inlineStack(path.join(work, "pulumi"), "eks-irsa-cluster-helm", async () => {
                    const provider = new kubernetes.Provider("cluster", { kubeconfig });
                    const role = new ServiceAccountRole(
                        "released",
                        {
                            roleArn: ROLE_ARN,
                            oidcProviderArn,
                            namespace: RELEASE_NAMESPACE,
                            createNamespace: true,
                            serviceAccountName: RELEASE_SERVICE_ACCOUNT,
                            serviceAccountMode: ServiceAccountMode.HelmChart,
                            helmChart: { repository, chart: chartName, version: "0.1.0" },
                            stsRegionalEndpoints: true,
                            tokenExpirationSeconds: TOKEN_EXPIRATION,
                        },
                        { providers: [provider] },
                    );
                    return { serviceAccountAnnotations: role.serviceAccountAnnotations };
                });
            });

            after(function () {
                server?.close();
            });

            it("up: the Release's ServiceAccount is stored with the name, namespace and annotations render prints", async function () {
                const result = await timed("pulumi up (HelmChart, inline)", () => releaseStack.up());
                expect(result.outputs.serviceAccountAnnotations.value).to.deep.equal(annotations);
                const stored = JSON.parse(cluster.kubectlOk(["get", "serviceaccount", RELEASE_SERVICE_ACCOUNT, "-n", RELEASE_NAMESPACE, "-o", "json"]));
                expect([stored.metadata.name, stored.metadata.namespace]).to.deep.equal([RELEASE_SERVICE_ACCOUNT, RELEASE_NAMESPACE]);
                // Helm adds its own ownership annotations and labels; every other annotation is the component's.
                const own = Object.fromEntries(Object.entries(stored.metadata.annotations).filter(([key]) => !key.startsWith("meta.helm.sh/")));
                expect(own).to.deep.equal(annotations);
            });

            it("destroy: leaves nothing behind, the namespace included", async function () {
                await timed("pulumi destroy (HelmChart, inline)", () => releaseStack.destroy());
                const left = cluster.kubectl(["get", "namespace", RELEASE_NAMESPACE, "-o", "name"]);
                expect([left.status, left.stdout.trim()], left.stderr).to.deep.equal([1, ""]);
                await releaseStack.workspace.removeStack("dev");
            });
        });
    });

    describe("the HelmChart output through Helm's own engine (tests/kubereader) and the stand-in chart", function () {
        const reader = kubeReader();
        if ("skipped" in reader) {
            it(`not run: ${reader.skipped}`);
            return;
        }
        const HELM_NAMESPACE = "helm-ns";
        const HELM_SERVICE_ACCOUNT = "helm-app";
        let valuesFile: string;
        let json: any;
        let chartObjects: any[];

        before(function () {
            const args = [
                "--issuer-url", cluster.issuer, "--namespace", HELM_NAMESPACE, "--service-account-name", HELM_SERVICE_ACCOUNT, "--role-name", "helm-app",
                "--service-account-mode", "helmchart", "--sts-regional-endpoints", "true", "--token-expiration-seconds", String(TOKEN_EXPIRATION),
            ];
            valuesFile = render(args);
            json = JSON.parse(render([...args, "--format", "json"]));
            // As `helm install -n helm-ns -f values.yaml`: render's text output is the values file, comments and all.
            const [answer] = readAsKube(reader.binary, "chart", [{ text: valuesFile }], ["--chart", STAND_IN_CHART, "--namespace", HELM_NAMESPACE]);
            expect(answer.error, "Helm's engine renders the stand-in chart with render's values file").to.equal(undefined);
            chartObjects = answer.objects!;
        });

        it("Helm's engine reads render's values file as the values render meant, and the chart renders the ServiceAccount the component means", function () {
            // `--format json` does not carry the release (formatRenderJson leaves helmRelease out), so the text output's
            // values file and heading are what a user has: the values must be those the component registers.
            expect(valuesFile).to.match(new RegExp(`^# == ServiceAccount through Helm: .* in namespace ${HELM_NAMESPACE} ==$`, "m"));
            const annotations = json.outputs.serviceAccountAnnotations;
            expect(YAML.parse(valuesFile)).to.deep.equal(qoveryServiceAccountChartValues(HELM_SERVICE_ACCOUNT, annotations));
            expect(annotations).to.include({
                "eks.amazonaws.com/sts-regional-endpoints": "true",
                "eks.amazonaws.com/token-expiration": String(TOKEN_EXPIRATION),
            });
            expect(annotations["eks.amazonaws.com/role-arn"]).to.equal(json.outputs.roleArn);
            expect(chartObjects).to.deep.equal([
                { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: HELM_SERVICE_ACCOUNT, annotations } },
            ]);
        });

        it("the API server stores the chart's ServiceAccount with exactly the component's name, namespace and annotations", function () {
            cluster.kubectlOk(["create", "namespace", HELM_NAMESPACE]);
            const manifest = JSON.stringify(chartObjects[0]);
            expect(cluster.kubectlOk(["apply", "--dry-run=server", "-n", HELM_NAMESPACE, "-f", "-"], manifest)).to.match(
                new RegExp(`^serviceaccount/${HELM_SERVICE_ACCOUNT} created \\(server dry run\\)$`, "m"),
            );
            cluster.kubectlOk(["apply", "--server-side", "-n", HELM_NAMESPACE, "-f", "-"], manifest);
            const stored = JSON.parse(cluster.kubectlOk(["get", "serviceaccount", HELM_SERVICE_ACCOUNT, "-n", HELM_NAMESPACE, "-o", "json"]));
            expect([stored.metadata.name, stored.metadata.namespace]).to.deep.equal([HELM_SERVICE_ACCOUNT, HELM_NAMESPACE]);
            expect(stored.metadata.annotations).to.deep.equal(json.outputs.serviceAccountAnnotations);
        });

        it("the real webhook mutates a pod of the chart's ServiceAccount with the component's role, regional STS and token expiration", async function () {
            const annotations = json.outputs.serviceAccountAnnotations;
            const stored = await createMutatedPod(cluster, HELM_NAMESPACE, "helm-mutated", HELM_SERVICE_ACCOUNT);
            expect(containerEnv(stored)).to.include({
                AWS_ROLE_ARN: annotations["eks.amazonaws.com/role-arn"],
                AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                AWS_STS_REGIONAL_ENDPOINTS: "regional",
            });
            const volume = stored.spec.volumes.find((v: { name: string }) => v.name === "aws-iam-token");
            expect(volume.projected.sources).to.deep.equal([{ serviceAccountToken: { audience: AUDIENCE, expirationSeconds: TOKEN_EXPIRATION, path: "token" } }]);
        });
    });
});
