// The real control plane `npm run test:cluster` runs against: etcd, kube-apiserver, kube-controller-manager and AWS's
// amazon-eks-pod-identity-webhook, as scripts/install-kubernetes.sh installs them. tests/cluster/run.sh starts the test in
// a private network namespace, so every port here (the webhook's fixed 9443 and 9999 too) is the namespace's own and
// nothing listens on the host. start() brings the servers up in order; stop() ends them, always (mocha's after hook,
// and a process exit hook for an interrupted run).
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as http from "http";
import * as os from "os";
import * as path from "path";

/** $EKS_IRSA_KUBERNETES_CACHE, by default ${XDG_CACHE_HOME:-$HOME/.cache}/eks-irsa/kubernetes (as the install script). */
export const KUBERNETES_DIR =
    process.env.EKS_IRSA_KUBERNETES_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "eks-irsa", "kubernetes");
const BIN = path.join(KUBERNETES_DIR, "bin");
const BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kubectl", "amazon-eks-pod-identity-webhook"];

/** The binaries scripts/install-kubernetes.sh has not installed (none when it ran). */
export function missingControlPlane(): string[] {
    return BINARIES.filter((binary) => !fs.existsSync(path.join(BIN, binary)));
}

/** The versions the install script recorded: kubernetes, etcd, amazon-eks-pod-identity-webhook. */
export function installedVersions(): { [component: string]: string } {
    const file = path.join(KUBERNETES_DIR, "versions");
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
    return Object.fromEntries(lines.map((line) => line.split(" ") as [string, string]));
}

/** The webhook's ports: as EKS runs it. It listens on every interface (":9443"), which is one reason the test has its own netns. */
export const WEBHOOK_PORT = 9443;
const API_PORT = 6443;
const REGION = "eu-west-3";

export interface KubectlResult {
    status: number;
    stdout: string;
    stderr: string;
}

/** A started control plane: its issuer, its admin kubeconfig, and clients for it. */
export class ControlPlane {
    /** The EKS-shaped service-account issuer: https://oidc.eks.<region>.amazonaws.com/id/<32 hex digits>. */
    readonly issuer = `https://oidc.eks.${REGION}.amazonaws.com/id/${crypto.randomBytes(16).toString("hex").toUpperCase()}`;
    readonly region = REGION;
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-cluster-"));
    readonly kubeconfig = path.join(this.dir, "admin.kubeconfig");
    private readonly adminToken = crypto.randomBytes(24).toString("hex");
    private readonly processes: { name: string; child: ChildProcess; log: string }[] = [];
    private ca = "";

    /** Starts etcd, the API server, the controller manager and the webhook, and registers the webhook. */
    async start(): Promise<void> {
        const started = Date.now();
        this.makeCertificates();
        this.writeKubeconfig();
        this.spawn("etcd", ["--data-dir", path.join(this.dir, "etcd"), "--listen-client-urls", "http://127.0.0.1:2379", "--advertise-client-urls", "http://127.0.0.1:2379",
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380", "--initial-cluster", "default=http://127.0.0.1:2380"]);
        await this.waitFor("etcd", () => httpGet("http://127.0.0.1:2379/health").then((body) => /"health":\s*"true"/.test(body)));
        this.spawn("kube-apiserver", this.apiServerArgs());
        await this.waitFor("kube-apiserver", () => this.get("/readyz").then((body) => body.trim() === "ok"));
        this.spawn("kube-controller-manager", [
            "--kubeconfig", this.kubeconfig, "--bind-address", "127.0.0.1", "--secure-port", "10257", "--leader-elect=false",
            "--service-account-private-key-file", this.file("sa.key"), "--root-ca-file", this.file("ca.crt"),
            "--cluster-signing-cert-file", this.file("ca.crt"), "--cluster-signing-key-file", this.file("ca.key"), "--use-service-account-credentials=false",
        ]);
        this.spawn("amazon-eks-pod-identity-webhook", [
            "--in-cluster=false", "--kubeconfig", this.kubeconfig, "--tls-cert", this.file("webhook.crt"), "--tls-key", this.file("webhook.key"),
            "--port", String(WEBHOOK_PORT), "--metrics-port", "9999", "--token-audience", "sts.amazonaws.com", "--annotation-prefix", "eks.amazonaws.com",
            "--aws-default-region", REGION, "--service-account-lookup-grace-period", "10s", "--logtostderr",
        ]);
        await this.waitFor("amazon-eks-pod-identity-webhook", () => this.webhookAnswers());
        this.kubectlOk(["apply", "-f", "-"], this.webhookConfiguration());
        // The namespace controller and the service-account controller run: a new namespace gets its default ServiceAccount.
        await this.waitFor("kube-controller-manager", async () => this.kubectl(["get", "serviceaccount", "default", "-n", "default"]).status === 0);
        console.log(`      control plane up in ${((Date.now() - started) / 1000).toFixed(1)} s (issuer ${this.issuer}, in ${this.dir})`);
    }

    /** Ends every server (last started first): SIGTERM, then SIGKILL after 15 s. Removes the work directory. */
    async stop(): Promise<void> {
        const started = Date.now();
        for (const { child } of [...this.processes].reverse()) {
            await stopProcess(child);
        }
        this.processes.length = 0;
        fs.rmSync(this.dir, { recursive: true, force: true });
        console.log(`      control plane stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    /** Kills every server at once, synchronously: for a process that exits before stop() could run. */
    killNow(): void {
        for (const { child } of this.processes) {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
            }
        }
    }

    /** kubectl with the admin kubeconfig. */
    kubectl(args: string[], input?: string): KubectlResult {
        const result = spawnSync(path.join(BIN, "kubectl"), ["--kubeconfig", this.kubeconfig, ...args], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
    }

    /** kubectl that must succeed: throws with its output otherwise. */
    kubectlOk(args: string[], input?: string): string {
        const result = this.kubectl(args, input);
        if (result.status !== 0) {
            throw new Error(`kubectl ${args.join(" ")} failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
        }
        return result.stdout;
    }

    /** GET a path of the API server as the admin, over TLS checked against the test's CA. */
    get(apiPath: string): Promise<string> {
        return new Promise((resolve, reject) => {
            const request = https.get(
                { host: "127.0.0.1", port: API_PORT, path: apiPath, ca: this.ca, headers: { Authorization: `Bearer ${this.adminToken}` }, timeout: 5000 },
                (response) => {
                    let body = "";
                    response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
                    response.on("end", () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${apiPath}: ${response.statusCode} ${body}`))));
                },
            );
            request.on("error", reject);
            request.on("timeout", () => request.destroy(new Error(`GET ${apiPath}: timed out`)));
        });
    }

    /** The last lines each server logged: printed when a check fails. */
    logs(lines = 15): string {
        return this.processes
            .map(({ name, log }) => `--- ${name} (last ${lines} lines) ---\n${fs.readFileSync(log, "utf8").trim().split("\n").slice(-lines).join("\n")}`)
            .join("\n");
    }

    private file(name: string): string {
        return path.join(this.dir, name);
    }

    private apiServerArgs(): string[] {
        fs.writeFileSync(this.file("tokens.csv"), `${this.adminToken},eks-irsa-test-admin,eks-irsa-test-admin,system:masters\n`, { mode: 0o600 });
        return [
            "--etcd-servers", "http://127.0.0.1:2379", "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String(API_PORT),
            "--tls-cert-file", this.file("apiserver.crt"), "--tls-private-key-file", this.file("apiserver.key"), "--client-ca-file", this.file("ca.crt"),
            "--token-auth-file", this.file("tokens.csv"), "--authorization-mode", "Node,RBAC", "--service-cluster-ip-range", "10.0.0.0/24",
            // The EKS shape: the issuer the IAM OIDC provider names, and the JWKS where EKS publishes it.
            "--service-account-issuer", this.issuer, "--service-account-jwks-uri", `${this.issuer}/keys`,
            "--service-account-key-file", this.file("sa.pub"), "--service-account-signing-key-file", this.file("sa.key"),
            "--api-audiences", `${this.issuer},sts.amazonaws.com`, "--cert-dir", this.file("apiserver-certs"), "--profiling=false",
        ];
    }

    private makeCertificates(): void {
        const openssl = (args: string[]) => {
            const result = spawnSync("openssl", args, { cwd: this.dir, encoding: "utf8" });
            if (result.status !== 0) {
                throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr}`);
            }
        };
        openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=eks-irsa-test-ca"]);
        for (const [name, cn, sans] of [
            ["apiserver", "kube-apiserver", "IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes.default.svc"],
            ["webhook", "pod-identity-webhook", "IP:127.0.0.1,DNS:localhost"],
        ]) {
            fs.writeFileSync(this.file(`${name}.ext`), `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\n`);
            openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`]);
            openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`]);
        }
        openssl(["genrsa", "-out", "sa.key", "2048"]);
        openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"]);
        this.ca = fs.readFileSync(this.file("ca.crt"), "utf8");
    }

    private writeKubeconfig(): void {
        const config = {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "test", cluster: { server: `https://127.0.0.1:${API_PORT}`, "certificate-authority": this.file("ca.crt") } }],
            users: [{ name: "admin", user: { token: this.adminToken } }],
            contexts: [{ name: "test", context: { cluster: "test", user: "admin" } }],
            "current-context": "test",
        };
        fs.writeFileSync(this.kubeconfig, JSON.stringify(config, null, 2), { mode: 0o600 });
    }

    private webhookConfiguration(): string {
        return JSON.stringify({
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "MutatingWebhookConfiguration",
            metadata: { name: "pod-identity-webhook" },
            webhooks: [
                {
                    name: "iam-for-pods.amazonaws.com",
                    // The webhook speaks only v1beta1 AdmissionReviews.
                    admissionReviewVersions: ["v1beta1"],
                    sideEffects: "None",
                    // Fail, not Ignore: a webhook that did not answer must fail the check, not pass it unmutated.
                    failurePolicy: "Fail",
                    clientConfig: { url: `https://127.0.0.1:${WEBHOOK_PORT}/mutate`, caBundle: Buffer.from(this.ca).toString("base64") },
                    rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
                },
            ],
        });
    }

    private webhookAnswers(): Promise<boolean> {
        return new Promise((resolve) => {
            const request = https.get({ host: "127.0.0.1", port: WEBHOOK_PORT, path: "/healthz", ca: this.ca, timeout: 2000 }, (response) => {
                response.resume();
                resolve(response.statusCode !== undefined);
            });
            request.on("error", () => resolve(false));
            request.on("timeout", () => request.destroy());
        });
    }

    private spawn(name: string, args: string[]): void {
        const log = this.file(`${name}.log`);
        const fd = fs.openSync(log, "a");
        const child = spawn(path.join(BIN, name), args, { stdio: ["ignore", fd, fd], cwd: this.dir });
        fs.closeSync(fd);
        this.processes.push({ name, child, log });
    }

    /** Polls `ready` every 250 ms for up to 90 s; fails with the server's log when it never is or the server exits. */
    private async waitFor(name: string, ready: () => Promise<boolean>): Promise<void> {
        const deadline = Date.now() + 90_000;
        const entry = this.processes.find((p) => p.name === name)!;
        while (Date.now() < deadline) {
            if (entry.child.exitCode !== null) {
                throw new Error(`${name} exited with ${entry.child.exitCode}:\n${this.logs(30)}`);
            }
            if (await ready().catch(() => false)) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new Error(`${name} was not ready within 90 s:\n${this.logs(30)}`);
    }
}

function httpGet(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const request = http.get(url, { timeout: 2000 }, (response) => {
            let body = "";
            response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
            response.on("end", () => resolve(body));
        });
        request.on("error", reject);
        request.on("timeout", () => request.destroy(new Error("timed out")));
    });
}

async function stopProcess(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
}
