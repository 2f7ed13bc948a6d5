// A consumer's unit test: its own Pulumi mocks, the quick-start program, and the children it must see.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { renderServiceAccountRole } from "eks-irsa";
import { runTest, settle, valueOf } from "./support";

const registered: string[] = [];
const invoked: string[] = [];
pulumi.runtime.setMocks(
    {
        newResource: (request) => {
            registered.push(`${request.type} ${request.name}`);
            const state = { ...request.inputs, ...(request.type === "aws:iam/role:Role" && { arn: `arn:aws:iam::111122223333:role/${request.name}` }) };
            return { id: `${request.name}-id`, state };
        },
        call: (request) => {
            invoked.push(request.token);
            return { arn: `arn:aws:iam::111122223333:oidc-provider/${String(request.inputs.url).replace("https://", "")}`, url: request.inputs.url };
        },
    },
    "consumer",
    "test",
    false,
);

async function main(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program: typeof import("./index") = require("./index");
    // One copy of the SDK: the component's Outputs are the consumer's Outputs.
    assert.ok(pulumi.Output.isInstance(program.roleArn), "roleArn is not an Output");
    assert.ok(program.s3Reader instanceof pulumi.ComponentResource, "the component is not a ComponentResource of the consumer's @pulumi/pulumi");
    const roleArn = await valueOf(program.roleArn);
    assert.strictEqual(roleArn, "arn:aws:iam::111122223333:role/s3-reader");
    const annotations = await valueOf(program.s3Reader.serviceAccountAnnotations);
    await settle(() => registered.length === 4);
    assert.strictEqual(annotations["eks.amazonaws.com/role-arn"], roleArn);
    assert.deepStrictEqual(registered.sort(), [
        "aws:iam/role:Role s3-reader",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment s3-reader-s3ReadOnly",
        "eks-irsa:index:ServiceAccountRole s3-reader",
        "kubernetes:core/v1:ServiceAccount s3-reader-sa",
    ]);
    assert.deepStrictEqual(invoked, ["aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider"]);
    // The offline renderer runs in an engine of its own: the consumer's mocks, project and stack stay.
    const rendered = await renderServiceAccountRole({ issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", namespace: "team-a", serviceAccountName: "reader" });
    assert.strictEqual(rendered.serviceAccount?.metadata.namespace, "team-a");
    assert.strictEqual(pulumi.getProject(), "consumer");
    assert.strictEqual(registered.length, 4);
    console.log(`consumer test: ${registered.length} registrations seen by the consumer's mocks (${registered.join(", ")}); role ${roleArn}`);
}

runTest("consumer test", main);
