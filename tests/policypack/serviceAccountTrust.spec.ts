import { expect } from "chai";
import { FIXTURES, NAMESPACE, SERVICE_ACCOUNT } from "../fixtures/trustPolicies";
import { PolicyName, previewProps, StackResource, UNKNOWN_STRING, validateStack } from "./packHarness";

const ROLE_ARN = "arn:aws:iam::123456789012:role/s3-reader-1a2b3c4";

function role(assumeRolePolicy: unknown, arn: string = ROLE_ARN): StackResource {
    return { type: "aws:iam/role:Role", name: "s3-reader", props: { arn, assumeRolePolicy } };
}

function serviceAccount(name: string, namespace: string | undefined, roleArn: string = ROLE_ARN, resourceName = `${name}-sa`): StackResource {
    return {
        type: "kubernetes:core/v1:ServiceAccount",
        name: resourceName,
        props: { metadata: { name, ...(namespace !== undefined && { namespace }), annotations: { "eks.amazonaws.com/role-arn": roleArn } } },
    };
}

describe("policy pack: irsa-serviceaccount-trust", () => {
    it("passes a ServiceAccount its role admits, in a policy given as text or as an object", async () => {
        for (const policy of [JSON.stringify(FIXTURES.environmentScoped), FIXTURES.environmentScoped]) {
            expect(await validateStack([role(policy), serviceAccount(SERVICE_ACCOUNT, NAMESPACE)])).to.deep.equal({ violations: [], notes: [] });
        }
    });

    it("flags a clone's ServiceAccount pointing at an environment-scoped role, with the evaluator's reason", async () => {
        const { violations, notes } = await validateStack([
            role(JSON.stringify(FIXTURES.environmentScoped)),
            serviceAccount(SERVICE_ACCOUNT, NAMESPACE),
            serviceAccount(SERVICE_ACCOUNT, "z1c2d3e4f-z5a6b7c8d", ROLE_ARN, "clone-sa"),
        ]);
        expect(notes).to.deep.equal([]);
        expect(violations.map((v) => [v.policy, v.enforcementLevel, v.urn])).to.deep.equal([
            [PolicyName.ServiceAccountTrust, "mandatory", "urn:pulumi:stack::project::kubernetes:core/v1:ServiceAccount::clone-sa"],
        ]);
        expect(violations[0].message).to.match(
            new RegExp(
                "^ServiceAccount my-s3-role in namespace z1c2d3e4f-z5a6b7c8d is annotated with role s3-reader \\(arn:aws:iam::123456789012:role/s3-reader-1a2b3c4\\), " +
                    "but the role's trust policy does not admit system:serviceaccount:z1c2d3e4f-z5a6b7c8d:my-s3-role: No Allow statement matches: ",
            ),
        );
        expect(violations[0].message).to.contain(`It admits: ServiceAccount my-s3-role in namespace ${NAMESPACE}.`);
    });

    it("flags a typo in the ServiceAccount's name", async () => {
        const { violations } = await validateStack([role(JSON.stringify(FIXTURES.environmentScoped)), serviceAccount("my-s3-rol", NAMESPACE)]);
        expect(violations.map((v) => v.policy)).to.deep.equal([PolicyName.ServiceAccountTrust]);
    });

    it("takes the provider's namespace, else default, for a ServiceAccount without one", async () => {
        const bare = serviceAccount(SERVICE_ACCOUNT, undefined);
        const trust = role(JSON.stringify(FIXTURES.environmentScoped));
        expect((await validateStack([trust, bare])).violations[0].message).to.match(/^ServiceAccount my-s3-role in namespace default /);
        const provided = { ...bare, provider: { type: "pulumi:providers:kubernetes", name: "k8s", urn: "urn:k8s", props: { namespace: NAMESPACE } } };
        expect((await validateStack([trust, provided])).violations).to.deep.equal([]);
    });

    it("flags a ServiceAccount its role's Deny excludes, and passes one the z* Allow admits", async () => {
        const trust = role(JSON.stringify(FIXTURES.denyKubeSystem));
        expect((await validateStack([trust, serviceAccount(SERVICE_ACCOUNT, NAMESPACE)])).violations).to.deep.equal([]);
        const { violations } = await validateStack([trust, serviceAccount(SERVICE_ACCOUNT, "kube-system")]);
        expect(violations).to.have.length(1);
        expect(violations[0].message).to.contain("explicitly denies sts:AssumeRoleWithWebIdentity to system:serviceaccount:kube-system:my-s3-role");
    });

    it("is admitted through either of several providers", async () => {
        expect((await validateStack([role(JSON.stringify(FIXTURES.severalProviders)), serviceAccount(SERVICE_ACCOUNT, NAMESPACE)])).violations).to.deep.equal([]);
    });

    it("flags a ServiceAccount annotated with a Pod Identity role, which trusts no OIDC provider", async () => {
        const { violations } = await validateStack([role(JSON.stringify(FIXTURES.scopedPodIdentity)), serviceAccount(SERVICE_ACCOUNT, NAMESPACE)]);
        expect(violations[0].message).to.contain("the role's trust policy names no IAM OIDC provider");
    });

    it("joins a role trusting both IRSA and Pod Identity through its IRSA statements", async () => {
        const both = JSON.stringify({ Version: "2012-10-17", Statement: [FIXTURES.scopedPodIdentity.Statement[0], FIXTURES.environmentScoped.Statement[0]] });
        expect((await validateStack([role(both), serviceAccount(SERVICE_ACCOUNT, NAMESPACE)])).violations).to.deep.equal([]);
        const { violations } = await validateStack([role(both), serviceAccount(SERVICE_ACCOUNT, "kube-system")]);
        expect(violations[0].message).to.contain("does not admit system:serviceaccount:kube-system:my-s3-role");
    });

    it("does not check a ServiceAccount whose role is not in the stack", async () => {
        const other = serviceAccount(SERVICE_ACCOUNT, "payments", "arn:aws:iam::123456789012:role/elsewhere");
        expect(await validateStack([role(JSON.stringify(FIXTURES.environmentScoped)), other])).to.deep.equal({ violations: [], notes: [] });
    });

    it("skips with a note a trust policy the evaluator cannot decide", async () => {
        const { violations, notes } = await validateStack([role(JSON.stringify(FIXTURES.unsupportedOperator)), serviceAccount("x", "payments")]);
        expect(violations).to.deep.equal([]);
        expect(notes).to.have.length(1);
        expect(notes[0]).to.match(/^Not checked, values unknown or undecidable \(checked again when known\): ServiceAccount x-sa: role s3-reader's trust policy cannot be decided/);
    });

    it("skips with a note, never a violation, what is unknown during preview", async () => {
        const unknownAnnotation = { ...serviceAccount("x", "payments"), props: previewProps(serviceAccount("x", "payments", UNKNOWN_STRING).props) };
        const unknownArn = { ...role(JSON.stringify(FIXTURES.environmentScoped)), props: previewProps({ arn: UNKNOWN_STRING, assumeRolePolicy: "{}" }) };
        const { violations, notes } = await validateStack([unknownArn, unknownAnnotation, serviceAccount("y", "payments")]);
        expect(violations).to.deep.equal([]);
        expect(notes).to.deep.equal([
            "Not checked, values unknown or undecidable (checked again when known): " +
                "ServiceAccount x-sa: string value at .metadata.annotations.eks.amazonaws.com/role-arn can't be known during preview; " +
                `ServiceAccount y-sa: its role ${ROLE_ARN} may be s3-reader, whose ARN is unknown until created.`,
        ]);
    });
});
