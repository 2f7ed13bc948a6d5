import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { renderServiceAccountRole, TrustScope } from "../../index";

const ISSUER_URL = "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const QUICK_START = {
    issuerUrl: ISSUER_URL,
    namespace: "z9b830e28-ze23976e2",
    serviceAccountName: "my-s3-role",
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
};

/** A caller's own unit-test set-up: its mocks, project and stack, and the registrations its mocks saw. */
async function callerMocks(): Promise<{ seen: string[]; calls: string[] }> {
    const seen: string[] = [];
    const calls: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (request) => {
                seen.push(`${request.type} ${request.name}`);
                return { id: `${request.name}-id`, state: request.inputs };
            },
            call: (request) => {
                calls.push(request.token);
                return {};
            },
        },
        "caller-project",
        "caller-stack",
        true,
    );
    return { seen, calls };
}

class Probe extends pulumi.ComponentResource {
    constructor(name: string) {
        super("caller:index:Probe", name, {}, {});
        this.registerOutputs({});
    }
}

function urnOf(resource: pulumi.Resource): Promise<string> {
    return (resource.urn as any).promise();
}

describe("renderServiceAccountRole leaves the caller's Pulumi runtime alone", () => {
    it("keeps the caller's project, stack and preview flag", async () => {
        await callerMocks();
        const result = await renderServiceAccountRole(QUICK_START);
        expect(result.resources.map((r) => r.type)).to.include("aws:iam/role:Role");
        expect(pulumi.getProject()).to.equal("caller-project");
        expect(pulumi.getStack()).to.equal("caller-stack");
        expect(pulumi.runtime.isDryRun()).to.equal(true);
    });

    it("keeps the caller's mocks: they see the caller's resources after a render, and none of the render's", async () => {
        const { seen, calls } = await callerMocks();
        await renderServiceAccountRole({ ...QUICK_START, scope: TrustScope.Cluster });
        expect(seen).to.deep.equal([]);
        expect(calls).to.deep.equal([]);
        const probe = new Probe("after-render");
        expect(await urnOf(probe)).to.equal("urn:pulumi:caller-stack::caller-project::caller:index:Probe::after-render");
        expect(seen).to.deep.equal(["caller:index:Probe after-render"]);
    });

    it("keeps them when the component refuses the arguments", async () => {
        const { seen } = await callerMocks();
        let refused: unknown;
        await renderServiceAccountRole({ ...QUICK_START, namespace: "Not_A_Namespace" }).catch((error) => (refused = error));
        expect(String(refused)).to.contain('invalid namespace "Not_A_Namespace"');
        expect(pulumi.getProject()).to.equal("caller-project");
        new Probe("after-refusal");
        await new Promise((resolve) => setImmediate(resolve));
        expect(seen).to.deep.equal(["caller:index:Probe after-refusal"]);
    });
});
