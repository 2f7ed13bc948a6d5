import { expect } from "chai";
import { auditCluster } from "../../src/audit/audit";
import { GrantPath } from "../../src/audit/auditReport";
import { readAuditFiles } from "../../src/audit/readAuditFiles";
import { ACCOUNT, CLUSTER, ISSUER, PROVIDER, roleArn } from "./auditFixture";

const SECRET_TEXT = "do-not-print-this-policy";

/** A `pulumi stack export` (version 3 checkpoint) with a cluster, a provider, two roles, a ServiceAccount and an association. */
function stackExport(): object {
    const resource = (type: string, name: string, outputs: object) => ({ urn: `urn:pulumi:prod::infra::${type}::${name}`, custom: true, id: name, type, inputs: {}, outputs });
    const trust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:payments:api", [`${ISSUER}:aud`]: "sts.amazonaws.com" } },
            },
        ],
    });
    const podTrust = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:RequestTag/kubernetes-namespace": "ci", "aws:RequestTag/kubernetes-service-account": "runner" } },
            },
        ],
    });
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-01-05T10:00:00Z", magic: "", version: "v3.248.0" },
            resources: [
                { urn: "urn:pulumi:prod::infra::pulumi:pulumi:Stack::infra-prod", custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
                resource("aws:eks/cluster:Cluster", "prod", { arn: CLUSTER, name: "prod", identities: [{ oidcs: [{ issuer: `https://${ISSUER}` }] }] }),
                resource("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "oidc", { arn: PROVIDER, url: ISSUER }),
                resource("aws:iam/role:Role", "api", { arn: roleArn("api"), name: "api", assumeRolePolicy: trust, managedPolicyArns: [], inlinePolicies: [] }),
                resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "api-s3", { role: "api", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }),
                resource("aws:iam/role:Role", "runner", { arn: roleArn("runner"), name: "runner", assumeRolePolicy: podTrust }),
                resource("aws:iam/rolePolicy:RolePolicy", "runner-inline", {
                    role: "runner",
                    name: "inline",
                    policy: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: SECRET_TEXT },
                }),
                resource("kubernetes:core/v1:ServiceAccount", "api", { metadata: { name: "api", namespace: "payments", annotations: { "eks.amazonaws.com/role-arn": roleArn("api") } } }),
                resource("aws:eks/podIdentityAssociation:PodIdentityAssociation", "runner", {
                    associationId: "a-1",
                    clusterName: "prod",
                    namespace: "ci",
                    serviceAccount: "runner",
                    roleArn: roleArn("runner"),
                    disableSessionTags: false,
                }),
            ],
        },
    };
}

describe("audit: a pulumi stack export alone", () => {
    const report = auditCluster(readAuditFiles([{ file: "stack.json", text: JSON.stringify(stackExport()) }]));

    it("reads its cluster, provider, roles with their attachments, ServiceAccounts and associations", () => {
        expect(report.cluster.providerArn).to.equal(PROVIDER);
        expect(report.serviceAccounts.map((s) => [`${s.namespace}/${s.name}`, s.grants.map((g) => `${g.path} ${g.roleArn}${g.sdkDefault ? " *" : ""}`)])).to.deep.equal([
            ["ci/runner", [`${GrantPath.PodIdentity} ${roleArn("runner")} *`]],
            ["payments/api", [`${GrantPath.Irsa} ${roleArn("api")} *`]],
        ]);
        expect(report.roles.find((r) => r.name === "api")!.policies).to.deep.equal([{ name: "AmazonS3ReadOnlyAccess", kind: "managed", arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }]);
        expect(ACCOUNT).to.equal(report.cluster.arn.split(":")[4]);
    });

    it("names a secret it did not read, never prints it, and says a stack is not the whole cluster", () => {
        expect(report.notChecked[0]).to.equal("urn:pulumi:prod::infra::aws:iam/rolePolicy:RolePolicy::runner-inline: policy is a secret in the export and was not read.");
        expect(report.notChecked.join("\n")).to.contain("no kubectl get output, so trusts naming namespaces or ServiceAccounts nobody has created were not looked for");
        expect(JSON.stringify(report)).to.not.contain(SECRET_TEXT);
        expect(report.findings.map((f) => f.code)).to.not.include.members(["TRUST_NAMESPACE_MISSING", "TRUST_SERVICEACCOUNT_MISSING", "ASSOCIATION_SERVICEACCOUNT_MISSING"]);
    });

    it("refuses a checkpoint of another version, in one line", () => {
        expect(() => readAuditFiles([{ file: "stack.json", text: JSON.stringify({ ...stackExport(), version: 2 }) }])).to.throw(
            "stack.json: a pulumi stack export of version 2; this reads version 3 (Pulumi 3's).",
        );
    });
});
