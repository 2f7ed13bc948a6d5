import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as path from "path";
import { recordRegistrations } from "../../src/cli/render";
import { installMocks, ISSUER_URL, MockOptions, PROVIDER_ARN, settle, valueOf } from "../harness";
import { PolicyName, StackResource, validateResource, validateStack, Violation } from "./packHarness";

/** Runs an example under mocks and returns every registration with the outputs the mocks gave it, as a stack policy sees them. */
async function runExample(example: string, config: { [key: string]: string }, options: MockOptions = {}): Promise<StackResource[]> {
    installMocks(options);
    const resources: StackResource[] = [];
    recordRegistrations((request, response) =>
        resources.push({ type: request.getType(), name: request.getName(), props: pulumi.runtime.deserializeProperties(response.getObject()) }),
    );
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`project:${k}`, v])));
    // index.js of the build, or index.ts when the spec runs from its sources.
    const file = require.resolve(path.resolve(__dirname, `../../examples/${example}/index`));
    delete require.cache[file];
    const exports = require(file);
    for (const value of Object.values(exports)) {
        await valueOf(value as pulumi.Output<unknown>);
    }
    await settle();
    return resources;
}

/** Every violation the pack reports on a stack: its resource policies on each resource, then its stack policy. */
async function validatePack(resources: StackResource[]): Promise<{ violations: Violation[]; notes: string[] }> {
    const violations: Violation[] = [];
    for (const resource of resources) {
        violations.push(...(await validateResource(resource.type, resource.name, resource.props)));
    }
    const stack = await validateStack(resources);
    return { violations: [...violations, ...stack.violations], notes: stack.notes };
}

const EXAMPLES: { name: string; config: { [key: string]: string }; options?: MockOptions; env?: { [key: string]: string }; advisories: string[] }[] = [
    { name: "qovery-environment", config: { issuerUrl: ISSUER_URL }, advisories: [] },
    { name: "qovery-cluster", config: { oidcProviderArn: PROVIDER_ARN }, advisories: [PolicyName.SubjectPatterns] },
    {
        name: "qovery-tutorial",
        config: { clusterName: "qovery" },
        options: { clusters: { qovery: ISSUER_URL } },
        env: { QOVERY_KUBERNETES_NAMESPACE_NAME: "z9b830e28-ze23976e2" },
        advisories: [],
    },
    { name: "qovery-tutorial", config: { clusterName: "qovery", scope: "Cluster" }, options: { clusters: { qovery: ISSUER_URL } }, advisories: [PolicyName.SubjectPatterns] },
];

describe("policy pack: every example program", () => {
    afterEach(() => delete process.env.QOVERY_KUBERNETES_NAMESPACE_NAME);

    for (const example of EXAMPLES) {
        it(`${example.name} ${JSON.stringify(example.config)}: no mandatory violation; advisories ${JSON.stringify(example.advisories)}`, async () => {
            Object.assign(process.env, example.env ?? {});
            const resources = await runExample(example.name, example.config, example.options);
            const { violations, notes } = await validatePack(resources);
            expect(violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
            expect(violations.map((v) => v.policy)).to.deep.equal(example.advisories);
            expect(notes).to.deep.equal([]);
        });
    }

    it("qovery-cluster feeds the stack policy: both ServiceAccounts join the z* role", async () => {
        const resources = await runExample("qovery-cluster", { oidcProviderArn: PROVIDER_ARN });
        const accounts = resources.filter((r) => r.type === "kubernetes:core/v1:ServiceAccount");
        const roleArn = resources.find((r) => r.type === "aws:iam/role:Role")!.props.arn;
        expect(accounts.map((a) => [a.props.metadata.namespace, a.props.metadata.annotations["eks.amazonaws.com/role-arn"]])).to.deep.equal([
            ["z9b830e28-ze23976e2", roleArn],
            ["z1c2d3e4f-z5a6b7c8d", roleArn],
        ]);
        expect((await validateStack(resources)).violations).to.deep.equal([]);
    });

    it("qovery-cluster with a clone outside z*: the stack policy flags the clone's ServiceAccount", async () => {
        const resources = await runExample("qovery-cluster", { oidcProviderArn: PROVIDER_ARN, cloneNamespace: "payments" });
        const { violations } = await validateStack(resources);
        expect(violations.map((v) => [v.policy, v.enforcementLevel])).to.deep.equal([[PolicyName.ServiceAccountTrust, "mandatory"]]);
        expect(violations[0].message).to.match(/^ServiceAccount my-s3-role in namespace payments is annotated with role s3-reader /);
    });
});
