// What the real-cluster specs share: the CLI as a user runs it, a pod for the webhook to mutate, and the wait for the
// webhook to know a ServiceAccount.
import { spawnSync } from "child_process";
import * as path from "path";
import type { ControlPlane } from "./controlPlane";

const CLI = path.join(process.cwd(), "bin/src/cli/cli.js");

/** `eks-irsa render` as a user runs it (the built bin), failing on a non-zero exit. */
export function render(args: string[]): string {
    const env = { ...process.env };
    delete env.QOVERY_KUBERNETES_NAMESPACE_NAME;
    const result = spawnSync(process.execPath, [CLI, "render", ...args], { encoding: "utf8", env });
    if (result.status !== 0) {
        throw new Error(`eks-irsa render ${args.join(" ")} failed (exit ${result.status}): ${result.stderr}`);
    }
    return result.stdout;
}

/** A pod of `serviceAccount` (no kubelet runs it: admission is what the tests look at), as JSON for kubectl. */
export function podManifest(namespace: string, name: string, serviceAccount: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace },
        spec: { serviceAccountName: serviceAccount, containers: [{ name: "main", image: "public.ecr.aws/aws-cli/aws-cli:2.27.49" }] },
    });
}

/** The first container's environment of a stored pod, by name. */
export function containerEnv(stored: any): { [name: string]: string } {
    return Object.fromEntries((stored.spec.containers[0].env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
}

/**
 * Creates pods of `serviceAccount` until the webhook mutates one, and returns it as stored (the last one tried, when
 * none was mutated in 20 s). The webhook learns ServiceAccounts through a watch: until it has seen this one it admits
 * pods unchanged.
 */
export async function createMutatedPod(cluster: ControlPlane, namespace: string, namePrefix: string, serviceAccount: string): Promise<any> {
    let stored: any;
    for (let attempt = 0; attempt < 40; attempt++) {
        stored = JSON.parse(cluster.kubectlOk(["create", "-o", "json", "-f", "-"], podManifest(namespace, `${namePrefix}-${attempt}`, serviceAccount)));
        if (containerEnv(stored).AWS_ROLE_ARN !== undefined) {
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return stored;
}
