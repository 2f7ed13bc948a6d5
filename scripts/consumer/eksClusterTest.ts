// examples/eks-cluster (docs/components.md's @pulumi/eks block) as its user runs it: with @pulumi/eks installed beside the
// package, under the consumer's own mocks. @pulumi/eks is the example's dependency, not the package's, so the
// repository's `npm test` cannot load it; scripts/check-consumer.sh copies the example here as eksCluster.ts.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { runTest, settle, valueOf } from "./support";

const PROVIDER_ARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const registered: { type: string; name: string; inputs: Record<string, unknown>; provider?: string }[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (request) => {
            registered.push({ type: request.type, name: request.name, inputs: request.inputs, provider: request.provider });
            const state: Record<string, unknown> = { ...request.inputs };
            if (request.type === "eks:index:Cluster") {
                // @pulumi/eks' Cluster is a remote component: the mock answers with the outputs the example reads.
                Object.assign(state, { oidcProviderArn: PROVIDER_ARN, kubeconfigJson: "{}", kubeconfig: {} });
            }
            if (request.type === "aws:iam/role:Role") {
                state.arn = `arn:aws:iam::111122223333:role/${request.name}`;
            }
            return { id: `${request.name}-id`, state };
        },
        call: () => {
            throw new Error("the example looks nothing up");
        },
    },
    "eks-cluster",
    "test",
    false,
);

async function main(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program: typeof import("./eksCluster") = require("./eksCluster");
    const roleArn = await valueOf(program.roleArn);
    const annotations = await valueOf(program.serviceAccountAnnotations);
    await settle(() => registered.length >= 6);
    // A few more turns, so that a registration after the sixth would be seen.
    let turns = 0;
    await settle(() => ++turns > 100);
    assert.deepStrictEqual(
        registered.map((r) => `${r.type} ${r.name}`),
        [
            "eks:index:Cluster irsa-demo",
            "pulumi:providers:kubernetes irsa-demo",
            "eks-irsa:index:ServiceAccountRole s3-reader",
            "aws:iam/role:Role s3-reader",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment s3-reader-s3ReadOnly",
            "kubernetes:core/v1:ServiceAccount s3-reader-sa",
        ],
    );
    const role = registered.find((r) => r.type === "aws:iam/role:Role")!;
    assert.strictEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Federated, PROVIDER_ARN, "the role trusts the cluster's provider");
    const serviceAccount = registered.find((r) => r.type === "kubernetes:core/v1:ServiceAccount")!;
    assert.match(serviceAccount.provider ?? "", /pulumi:providers:kubernetes::irsa-demo::/, "the ServiceAccount goes through the cluster's provider");
    assert.deepStrictEqual(annotations, { "eks.amazonaws.com/role-arn": roleArn });
    console.log(`eks-cluster test: ${registered.length} registrations (${registered.map((r) => r.type).join(", ")}); the role trusts ${PROVIDER_ARN}`);
}

runTest("eks-cluster test", main);
