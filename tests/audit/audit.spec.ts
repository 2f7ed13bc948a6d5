import { expect } from "chai";
import { failsAt } from "../../src/audit/audit";
import { AuditReport, GrantPath, Severity } from "../../src/audit/auditReport";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { auditDocuments, exampleDocuments, PROVIDER, roleArn } from "./auditFixture";

const codes = (report: AuditReport, code: string) => report.findings.filter((f) => f.code === code).map((f) => f.target);
const grantsOf = (report: AuditReport, who: string) =>
    report.serviceAccounts.find((s) => `${s.namespace}/${s.name}` === who)?.grants.map((g) => `${g.path} ${g.roleArn.split("/").pop()}${g.sdkDefault ? " *" : ""}`);

/** One finding: present in the example (failing case), gone after `fix` changes the input (passing case). */
function findingCase(code: string, target: string, fix: (docs: Record<string, any>) => void): void {
    describe(code, () => {
        it(`is reported for ${target} in the example`, () => {
            expect(codes(auditDocuments(exampleDocuments()), code)).to.include(target);
        });
        it("is not reported once the input is fixed", () => {
            const docs = exampleDocuments();
            fix(docs);
            expect(codes(auditDocuments(docs), code)).to.not.include(target);
        });
    });
}

const role = (docs: Record<string, any>, name: string) => docs["iam.json"].RoleDetailList.find((r: any) => r.RoleName === name);
const serviceAccount = (docs: Record<string, any>, ns: string, name: string) =>
    docs["kubernetes.json"].items.find((i: any) => i.kind === "ServiceAccount" && i.metadata.namespace === ns && i.metadata.name === name);
const association = (docs: Record<string, any>, id: string) => docs["associations.json"].find((a: any) => a.association.associationId === id).association;
const addServiceAccount = (docs: Record<string, any>, ns: string, name: string) =>
    docs["kubernetes.json"].items.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns } });
const addNamespace = (docs: Record<string, any>, name: string) => docs["kubernetes.json"].items.push({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const ISSUER_KEY = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

describe("audit: the access map of docs/audit.md's example", () => {
    const report = auditDocuments(exampleDocuments());

    it("gives each ServiceAccount exactly the roles eks-irsa's model admits, and marks the SDK's default credential", () => {
        expect(grantsOf(report, "payments/api")).to.deep.equal(["irsa payments-api *", "irsa payments-readers"]);
        // payments-readers admits payments/worker by pattern, and its Deny statement takes it back.
        expect(grantsOf(report, "payments/worker")).to.deep.equal([]);
        expect(grantsOf(report, "kube-system/aws-node")).to.deep.equal(["irsa eksctl-prod-addon-iamserviceaccount-kube-s-Role1-1A2B3C4D5E6F *"]);
        expect(grantsOf(report, "team-a/app")).to.deep.equal(["irsa team-apps"]);
        expect(grantsOf(report, "web/frontend")).to.deep.equal(["irsa web-any"]);
        expect(grantsOf(report, "ci/runner")).to.deep.equal(["podIdentity ci-runner", "targetRole artifact-writer *"]);
        expect(grantsOf(report, "team-a/default")).to.deep.equal(["podIdentity shared-pod-identity *"]);
        expect(grantsOf(report, "ci/builder")).to.deep.equal([]);
        expect(report.counts).to.deep.equal({ serviceAccounts: 16, pods: 11, roles: 13, rolesWithoutWorkloadTrust: 1, grants: 9 });
    });

    it("with both IRSA and Pod Identity, the SDK uses the annotated IRSA role (web identity comes first in every default chain)", () => {
        const docs = exampleDocuments();
        serviceAccount(docs, "ci", "runner").metadata.annotations = { "eks.amazonaws.com/role-arn": roleArn("team-apps") };
        role(docs, "team-apps").AssumeRolePolicyDocument.Statement[0].Condition.StringLike[`${ISSUER_KEY}:sub`] = "system:serviceaccount:*:runner";
        expect(grantsOf(auditDocuments(docs), "ci/runner")).to.deep.equal(["irsa team-apps *", "podIdentity ci-runner", "targetRole artifact-writer"]);
    });

    it("a trust that requires another audience still admits the ServiceAccount: any pod may mount a token with that audience", () => {
        const docs = exampleDocuments();
        const trust = role(docs, "payments-api").AssumeRolePolicyDocument;
        trust.Statement[0].Condition.StringEquals[`${ISSUER_KEY}:aud`] = "vault";
        const report = auditDocuments(docs);
        const api = report.serviceAccounts.find((s) => s.namespace === "payments" && s.name === "api")!;
        expect(api.grants.find((g) => g.roleArn === roleArn("payments-api"))).to.deep.equal({
            roleArn: roleArn("payments-api"),
            path: GrantPath.Irsa,
            configured: false,
            audience: "vault",
            sdkDefault: false,
        });
        // The webhook's token (audience sts.amazonaws.com) is refused: the annotated role denies the pods.
        expect(codes(report, "ANNOTATED_ROLE_DENIES")).to.include("ServiceAccount payments/api");
        const oracle = (audience: string) => simulateWithIamSimulate(trust, { providerArn: PROVIDER, subject: "system:serviceaccount:payments:api", audience }).allowed;
        expect([oracle("vault"), oracle("sts.amazonaws.com")]).to.deep.equal([true, false]);
    });

    it("a pattern audience with a Deny on one of its values is still reached through another value", () => {
        const docs = exampleDocuments();
        const trust = role(docs, "payments-api").AssumeRolePolicyDocument;
        delete trust.Statement[0].Condition.StringEquals[`${ISSUER_KEY}:aud`];
        trust.Statement[0].Condition.StringLike = { [`${ISSUER_KEY}:aud`]: "?" };
        trust.Statement.push({ Effect: "Deny", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${ISSUER_KEY}:aud`]: "x" } } });
        const grant = grantsOf(auditDocuments(docs), "payments/api");
        expect(grant).to.include("irsa payments-api");
        const audience = auditDocuments(docs).serviceAccounts.find((s) => s.name === "api")!.grants.find((g) => g.roleArn === roleArn("payments-api"))!.audience!;
        expect(simulateWithIamSimulate(trust, { providerArn: PROVIDER, subject: "system:serviceaccount:payments:api", audience }).allowed).to.equal(true);
    });

    it("names annotated roles of other accounts as not checked", () => {
        const docs = exampleDocuments();
        serviceAccount(docs, "team-a", "app").metadata.annotations = { "eks.amazonaws.com/role-arn": "arn:aws:iam::444455556666:role/shared" };
        expect(auditDocuments(docs).notChecked).to.include(
            "Annotated roles of other accounts (arn:aws:iam::444455556666:role/shared): not in the input, so whether they trust their ServiceAccounts is not checked.",
        );
    });

    it("reads the URL-encoded trust policy the raw API returns as the CLI's decoded one", () => {
        const docs = exampleDocuments();
        const encoded = role(docs, "legacy-analytics");
        expect(encoded.AssumeRolePolicyDocument).to.match(/^%7B/);
        encoded.AssumeRolePolicyDocument = JSON.parse(decodeURIComponent(encoded.AssumeRolePolicyDocument));
        expect(auditDocuments(docs).findings).to.deep.equal(report.findings);
    });

    it("lists each policy's actions by service with --permissions, from the export's managed policy documents", () => {
        const withActions = auditDocuments(exampleDocuments(), { permissions: true });
        const api = withActions.roles.find((r) => r.name === "payments-api")!;
        expect(api.policies).to.deep.equal([
            {
                name: "AmazonS3ReadOnlyAccess",
                kind: "managed",
                arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                actions: { s3: ["s3:Describe*", "s3:Get*", "s3:List*"], "s3-object-lambda": ["s3-object-lambda:Get*", "s3-object-lambda:List*"] },
            },
        ]);
        expect(withActions.roles.find((r) => r.name === "payments-worker")!.policies[0].actions).to.deep.equal({ sqs: ["sqs:DeleteMessage", "sqs:ReceiveMessage"] });
        expect(report.roles.find((r) => r.name === "payments-api")!.policies[0].actions).to.equal(undefined);
    });

    it("exits 1 only for findings at or above --fail-on", () => {
        expect(failsAt(report, Severity.High)).to.equal(true);
        expect(failsAt(report, "none")).to.equal(false);
        const docs = exampleDocuments();
        docs["iam.json"].RoleDetailList = docs["iam.json"].RoleDetailList.filter((r: any) => r.RoleName === "payments-api");
        docs["associations.json"] = [];
        docs["kubernetes.json"].items = docs["kubernetes.json"].items.filter(
            (i: any) => (i.kind === "Namespace" ? i.metadata.name : i.metadata.namespace) === "payments" && !i.metadata.name.startsWith("worker"),
        );
        const clean = auditDocuments(docs);
        expect(clean.findings).to.deep.equal([]);
        expect(failsAt(clean, Severity.Info)).to.equal(false);
    });

    it("names what it did not check when an optional input is missing", () => {
        const docs = exampleDocuments();
        delete docs["oidc-providers.json"];
        delete docs["associations.json"];
        const partial = auditDocuments(docs);
        expect(partial.notChecked.join("\n")).to.contain("no aws iam list-open-id-connect-providers output").and.contain("no describe-pod-identity-association output");
        expect(partial.findings.map((f) => f.code)).to.not.include.members(["OIDC_PROVIDER_MISSING", "ASSOCIATION_REFUSED"]);
        expect(partial.serviceAccounts.flatMap((s) => s.grants).filter((g) => g.path !== GrantPath.Irsa)).to.deep.equal([]);
    });
});

describe("audit: every finding, failing and passing", () => {
    findingCase("ANNOTATED_ROLE_MISSING", "ServiceAccount web/frontend", (docs) => {
        serviceAccount(docs, "web", "frontend").metadata.annotations["eks.amazonaws.com/role-arn"] = roleArn("web-any");
    });
    findingCase("ANNOTATED_ROLE_DENIES", "ServiceAccount payments/worker", (docs) => {
        role(docs, "payments-worker").AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${ISSUER_KEY}:sub`] = "system:serviceaccount:payments:worker";
    });
    findingCase("TRUST_NAMESPACE_MISSING", `role ${roleArn("legacy-analytics")}`, (docs) => addNamespace(docs, "analytics"));
    findingCase("TRUST_SERVICEACCOUNT_MISSING", `role ${roleArn("payments-worker")}`, (docs) => addServiceAccount(docs, "payments", "worker-old"));
    findingCase("TRUST_NAMESPACE_PATTERN", `role ${roleArn("team-apps")}`, (docs) => {
        role(docs, "team-apps").AssumeRolePolicyDocument.Statement[0].Condition = {
            StringEquals: { [`${ISSUER_KEY}:sub`]: "system:serviceaccount:team-a:app", [`${ISSUER_KEY}:aud`]: "sts.amazonaws.com" },
        };
    });
    findingCase("TRUST_ANY_SERVICE_ACCOUNT", `role ${roleArn("web-any")}`, (docs) => {
        role(docs, "web-any").AssumeRolePolicyDocument.Statement[0].Condition.StringLike[`${ISSUER_KEY}:sub`] = "system:serviceaccount:web:frontend";
    });
    findingCase("TRUST_ANY_POD_IDENTITY_ASSOCIATION", `role ${roleArn("shared-pod-identity")}`, (docs) => {
        role(docs, "shared-pod-identity").AssumeRolePolicyDocument.Statement[0].Condition = {
            StringEquals: { "aws:RequestTag/kubernetes-namespace": "team-a", "aws:RequestTag/kubernetes-service-account": "default" },
        };
    });
    findingCase("POD_IDENTITY_SESSION_TAGS", `role ${roleArn("cluster-wide-reporter")}`, (docs) => {
        Object.assign(role(docs, "cluster-wide-reporter").AssumeRolePolicyDocument.Statement[0].Condition.StringEquals, {
            "aws:RequestTag/kubernetes-namespace": "monitoring",
            "aws:RequestTag/kubernetes-service-account": "reporter",
        });
    });
    findingCase("ASSOCIATION_REFUSED", "association a-00000000000000003", (docs) => {
        role(docs, "staging-builder").AssumeRolePolicyDocument.Statement[0].Condition.StringEquals["aws:RequestTag/eks-cluster-arn"] = "arn:aws:eks:eu-west-3:111122223333:cluster/prod";
    });
    findingCase("ASSOCIATION_REFUSED", "association a-00000000000000006", (docs) => (association(docs, "a-00000000000000006").disableSessionTags = false));
    findingCase("ASSOCIATION_ROLE_MISSING", "association a-00000000000000005", (docs) => (association(docs, "a-00000000000000005").roleArn = roleArn("ci-runner")));
    findingCase("ASSOCIATION_SERVICEACCOUNT_MISSING", "association a-00000000000000004", (docs) => {
        addNamespace(docs, "ghost");
        addServiceAccount(docs, "ghost", "svc");
    });
    findingCase("DEFAULT_SERVICEACCOUNT_ROLE", "ServiceAccount web/default", (docs) => {
        role(docs, "web-any").AssumeRolePolicyDocument.Statement[0].Condition.StringLike[`${ISSUER_KEY}:sub`] = "system:serviceaccount:web:frontend";
    });
    findingCase("OIDC_PROVIDER_MISSING", `role ${roleArn("old-cluster-reader")}`, (docs) => {
        docs["oidc-providers.json"].OpenIDConnectProviderList.push({
            Arn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/0LDC1USTER0000000000000000000000",
        });
    });
    findingCase("TRUST_UNDECIDABLE", `role ${roleArn("source-ip-restricted")}`, (docs) => {
        delete role(docs, "source-ip-restricted").AssumeRolePolicyDocument.Statement[0].Condition.IpAddress;
    });

    describe("CLUSTER_OIDC_PROVIDER_MISSING", () => {
        const target = `provider arn:aws:iam::111122223333:oidc-provider/${ISSUER_KEY}`;
        it("is reported, and no pod reaches a role through IRSA, when the account lacks the cluster's provider", () => {
            const docs = exampleDocuments();
            docs["oidc-providers.json"].OpenIDConnectProviderList = [];
            const report = auditDocuments(docs);
            expect(codes(report, "CLUSTER_OIDC_PROVIDER_MISSING")).to.deep.equal([target]);
            expect(report.serviceAccounts.flatMap((s) => s.grants).filter((g) => g.path === GrantPath.Irsa)).to.deep.equal([]);
        });
        it("is not reported when the account has it", () => {
            expect(codes(auditDocuments(exampleDocuments()), "CLUSTER_OIDC_PROVIDER_MISSING")).to.deep.equal([]);
        });
    });

    describe("ASSOCIATION_POD_DEPENDENT", () => {
        it("is reported for an association whose role's trust tests the pod's name, and not otherwise", () => {
            const docs = exampleDocuments();
            const before = codes(auditDocuments(docs), "ASSOCIATION_POD_DEPENDENT");
            role(docs, "ci-runner").AssumeRolePolicyDocument.Statement[0].Condition.StringLike = { "aws:RequestTag/kubernetes-pod-name": "runner-*" };
            expect(before).to.deep.equal([]);
            expect(codes(auditDocuments(docs), "ASSOCIATION_POD_DEPENDENT")).to.include("association a-00000000000000001");
        });
    });
});
