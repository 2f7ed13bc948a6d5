import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Job } from "kubernetes-models/batch/v1";
import { Namespace, ServiceAccount } from "kubernetes-models/v1";
import * as YAML from "yaml";
import { IrsaArgumentError, isRenderInputError, KubernetesManifest, OfflineLookupError, renderServiceAccountRole, RenderResult, ServiceAccountMode, TrustScope } from "../../index";
import { formatRender, formatRenderJson, manifestYaml } from "../../src/cli/cliFormat";
import { RenderFlags } from "../../src/cli/cliOptions";
import { renderRequestFromFlags } from "../../src/cli/renderRequest";

const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const NAMESPACE = "z9b830e28-ze23976e2";
const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const COMPONENT = "eks-irsa:index:ServiceAccountRole";
const TUTORIAL_ARGS = { oidcProviderArn: PROVIDER_ARN, namespace: NAMESPACE, serviceAccountName: "my-s3-role", policyArns: { s3: S3_READ_ONLY } };
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";

/** Renders from CLI flags, as `eks-irsa render` does. */
function renderFlags(flags: RenderFlags): Promise<RenderResult & { tutorialDefaults: string[] }> {
    const request = renderRequestFromFlags(flags, () => {
        throw new Error("no files in this test");
    });
    return renderServiceAccountRole(request.args, request.options).then((result) => ({ ...result, tutorialDefaults: request.tutorialDefaults }));
}

/** Every manifest must pass the Kubernetes schema and come back unchanged from its YAML. */
function checkManifests(result: RenderResult): void {
    for (const manifest of result.manifests) {
        const model =
            manifest.kind === "Namespace" ? new Namespace(manifest as any) : manifest.kind === "Job" ? new Job(manifest as any) : new ServiceAccount(manifest as any);
        expect(() => model.validate()).not.to.throw();
        expect(YAML.parse(manifestYaml(manifest))).to.deep.equal(manifest);
    }
    const printed = YAML.parseAllDocuments(formatRender(result, []))
        .map((document) => document.toJS())
        .filter((value) => value !== null);
    expect(printed).to.deep.equal(result.manifests);
}

describe("render: the tutorial's defaults", () => {
    let result: RenderResult & { tutorialDefaults: string[] };
    const roleArn = "arn:aws:iam::123456789012:role/s3-reader-55ad1e1";
    const trustPolicy = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com", [`${ISSUER}:sub`]: `system:serviceaccount:${NAMESPACE}:my-s3-role` } },
            },
        ],
    };
    before(async () => {
        result = await renderFlags({});
    });

    it("says which tutorial defaults it used", () => {
        expect(result.tutorialDefaults).to.deep.equal([
            `--issuer-url https://${ISSUER}`,
            `--namespace ${NAMESPACE}`,
            "--service-account-name my-s3-role",
            "--policy-arn s3=AmazonS3ReadOnlyAccess",
        ]);
    });

    it("registers exactly the component, the role, the S3 attachment and the ServiceAccount", () => {
        expect(result.resources.map((r) => [r.type, r.name, r.parent])).to.deep.equal([
            [COMPONENT, "s3-reader", undefined],
            [ROLE, "s3-reader", "s3-reader"],
            [ATTACHMENT, "s3-reader-s3", "s3-reader"],
            [SERVICE_ACCOUNT, "s3-reader-sa", "s3-reader"],
        ]);
        expect(result.resources[1].inputs).to.deep.equal({ assumeRolePolicy: JSON.stringify(trustPolicy) });
        expect(result.resources[1].outputs).to.include({ name: "s3-reader-55ad1e1", arn: roleArn });
        expect(result.resources[2].inputs).to.deep.equal({ role: "s3-reader-55ad1e1", policyArn: S3_READ_ONLY });
    });

    it("looks the provider up, deriving its ARN with the placeholder account", () => {
        expect(result.lookups).to.deep.equal([
            { token: "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider", inputs: { url: `https://${ISSUER}` }, result: { arn: PROVIDER_ARN, url: `https://${ISSUER}` } },
        ]);
    });

    it("gives the exact trust policy and its size against the limit", () => {
        expect(result.trustPolicy).to.deep.equal({ document: trustPolicy, size: 491, limit: 2048 });
        expect(result.warnings).to.deep.equal([]);
    });

    it("resolves the component's outputs", () => {
        expect(result.outputs).to.deep.equal({
            roleArn,
            roleName: "s3-reader-55ad1e1",
            serviceAccountName: "my-s3-role",
            namespace: NAMESPACE,
            oidcProviderArn: PROVIDER_ARN,
            issuer: ISSUER,
            trustPolicy: JSON.stringify(trustPolicy),
            serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": roleArn },
        });
    });

    it("produces the annotated ServiceAccount, valid for Kubernetes and unchanged through YAML", () => {
        const expected: KubernetesManifest = {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: "my-s3-role", namespace: NAMESPACE, annotations: { "eks.amazonaws.com/role-arn": roleArn } },
        };
        expect(result.manifests).to.deep.equal([expected]);
        expect(result.serviceAccount).to.deep.equal(expected);
        checkManifests(result);
    });

    it("notes the random suffix, the placeholder account and the look-up", () => {
        expect(result.notes).to.have.length(3);
        expect(result.notes[0]).to.contain('"55ad1e1" shown here is a stand-in, the real one is random at deploy time');
        expect(result.notes[1]).to.contain("placeholder account 123456789012");
        expect(result.notes[2]).to.contain("must exist in the account already");
    });

    it("prints headed sections as YAML comments, the trust policy's size, then the ServiceAccount after ---", () => {
        const text = formatRender(result, result.tutorialDefaults);
        const lines = text.split("\n");
        expect(lines[1]).to.equal("# These values are the Qovery AWS IAM roles tutorial's defaults:");
        expect(lines).to.include("# trust policy: 491 of 2048 characters");
        expect(lines).to.include("# == IAM role s3-reader (aws:iam/role:Role) ==");
        expect(lines).to.include("# s3-reader-s3: arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
        expect(lines).to.include("#   admits: ServiceAccount my-s3-role in namespace z9b830e28-ze23976e2");
        expect(text.slice(text.indexOf("\n---\n") + 5)).to.equal(manifestYaml(result.serviceAccount!));
    });

    it("prints one JSON object with the resources, look-ups, outputs and manifests", () => {
        const json = JSON.parse(formatRenderJson(result, result.tutorialDefaults));
        expect(Object.keys(json)).to.deep.equal(["name", "tutorialDefaults", "resources", "lookups", "outputs", "trustPolicy", "manifests", "notes", "warnings", "addonPolicies", "addonWildcards"]);
        expect(json.resources.map((r: any) => Object.keys(r))).to.deep.equal([
            ["type", "name", "custom", "inputs", "outputs"],
            ["type", "name", "parent", "custom", "inputs", "outputs"],
            ["type", "name", "parent", "custom", "inputs", "outputs"],
            ["type", "name", "parent", "custom", "inputs", "outputs"],
        ]);
        expect(json.outputs).to.deep.equal(result.outputs);
        expect(json.manifests).to.deep.equal(result.manifests);
    });
});

describe("render: the tutorial's cluster-scoped role", () => {
    it("trusts system:serviceaccount:z*:my-s3-role with StringLike and keeps the audience check", async () => {
        const result = await renderFlags({ scope: TrustScope.Cluster });
        expect(result.trustPolicy!.document.Statement[0].Condition).to.deep.equal({
            StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" },
            StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:z*:my-s3-role" },
        });
        expect(result.trustPolicy!.size).to.equal(489);
        expect(result.serviceAccount!.metadata.namespace).to.equal(NAMESPACE);
        checkManifests(result);
    });

    it("needs no namespace with a pattern and no ServiceAccount", async () => {
        const result = await renderFlags({ scope: TrustScope.Cluster, namespacePattern: "z????????-z????????", serviceAccountMode: ServiceAccountMode.None });
        expect(result.tutorialDefaults).to.not.include(`--namespace ${NAMESPACE}`);
        expect(result.resources.map((r) => r.type)).to.deep.equal([COMPONENT, ROLE, ATTACHMENT]);
        expect(result.manifests).to.deep.equal([]);
        expect(result.serviceAccount).to.equal(undefined);
    });
});

describe("render: every flag", () => {
    it("creates the provider and the namespace, and passes labels, annotations and webhook settings to the ServiceAccount", async () => {
        const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
        const request = renderRequestFromFlags(
            {
                name: "api",
                accountId: "111122223333",
                clusterName: "prod",
                issuerUrl: `https://${ISSUER}`,
                createOidcProvider: true,
                namespace: "zabc-1",
                serviceAccountName: "api",
                scope: TrustScope.Cluster,
                additionalServiceAccount: [{ namespace: "payments", name: "api" }],
                roleName: "api-reader",
                rolePath: "/irsa/",
                tag: { team: "data" },
                policyArn: { ro: "ReadOnlyAccess" },
                inlinePolicy: { get: "@get.json" },
                label: { app: "api" },
                annotation: { "example.com/owner": "data" },
                stsRegionalEndpoints: true,
                tokenExpirationSeconds: 3600,
                automountServiceAccountToken: false,
                createNamespace: true,
            },
            (path) => (path === "get.json" ? document : ""),
        );
        const result = await renderServiceAccountRole(request.args, request.options);
        // Registrations complete in the order their inputs resolve, so compare them as a set.
        expect(result.resources.map((r) => [r.type, r.name, r.parent])).to.have.deep.members([
            [COMPONENT, "api", undefined],
            ["eks-irsa:index:ClusterOidcProvider", "api-oidc", "api"],
            ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "api-oidc-provider", "api-oidc"],
            [ROLE, "api", "api"],
            [ATTACHMENT, "api-ro", "api"],
            ["aws:iam/rolePolicy:RolePolicy", "api-get", "api"],
            ["kubernetes:core/v1:Namespace", "api-namespace", "api"],
            [SERVICE_ACCOUNT, "api-sa", "api"],
        ]);
        const byName = Object.fromEntries(result.resources.filter((r) => r.custom).map((r) => [r.name, r]));
        expect(result.lookups.map((l) => l.token)).to.deep.equal(["aws:eks/getCluster:getCluster"]);
        expect(byName["api-oidc-provider"].outputs.arn).to.equal(`arn:aws:iam::111122223333:oidc-provider/${ISSUER}`);
        expect(byName["api-ro"].inputs.policyArn).to.equal("arn:aws:iam::aws:policy/ReadOnlyAccess");
        expect(byName["api-get"].inputs.policy).to.equal(document);
        expect(result.manifests).to.deep.equal([
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "zabc-1" } },
            {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: {
                    name: "api",
                    namespace: "zabc-1",
                    labels: { app: "api" },
                    annotations: {
                        "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/irsa/api-reader",
                        "eks.amazonaws.com/sts-regional-endpoints": "true",
                        "eks.amazonaws.com/token-expiration": "3600",
                        "example.com/owner": "data",
                    },
                },
                automountServiceAccountToken: false,
            },
        ]);
        expect(result.notes).to.deep.equal([`The issuer of EKS cluster "prod" is looked up at deploy time; render assumed https://${ISSUER}.`]);
        checkManifests(result);
    });

    it("adopts an existing role: only the ServiceAccount, and the trust policy the role needs", async () => {
        const result = await renderFlags({ roleArn: "arn:aws:iam::123456789012:role/existing", issuerUrl: `https://${ISSUER}` });
        expect(result.resources.map((r) => r.type)).to.deep.equal([COMPONENT, SERVICE_ACCOUNT]);
        expect(result.trustPolicy!.size).to.equal(491);
        expect(result.notes[0]).to.contain("The existing role arn:aws:iam::123456789012:role/existing is used as it is");
        checkManifests(result);
    });
});

describe("render: arguments the component refuses", () => {
    it("rejects with the component's ResourceError before any child exists", async () => {
        const error = await renderFlags({ namespace: "Z9B830E28" }).then(
            () => undefined,
            (e) => e,
        );
        expect(pulumi.ResourceError.isInstance(error)).to.equal(true);
        expect(isRenderInputError(error)).to.equal(true);
        expect(error.message).to.match(/^ServiceAccountRole "s3-reader": invalid namespace "Z9B830E28": a Kubernetes namespace is a DNS-1123 label/);
    });

    it("refuses a trust policy over the quota before the provider is looked up, then renders again normally", async () => {
        const error = await renderFlags({ trustPolicySizeLimit: 100 }).then(
            () => undefined,
            (e) => e,
        );
        expect(isRenderInputError(error)).to.equal(true);
        expect(error.message).to.match(/^ServiceAccountRole "s3-reader": invalid trustPolicySizeLimit 100: the trust policy has 491 characters/);
        expect((await renderFlags({})).trustPolicy!.size).to.equal(491);
    });

    it("refuses a cluster name without its issuer: render is offline", async () => {
        const error = await renderServiceAccountRole({ clusterName: "prod", namespace: NAMESPACE, serviceAccountName: "my-s3-role" }).then(
            () => undefined,
            (e) => e,
        );
        expect(error).to.be.instanceOf(OfflineLookupError);
        expect(error.message).to.match(/^render is offline and cannot look up the issuer of EKS cluster "prod"/);
        expect(() => renderRequestFromFlags({ clusterName: "prod" }, () => "")).to.throw(/--cluster-name needs --issuer-url too: render is offline/);
        const badIssuer = await renderServiceAccountRole(
            { clusterName: "prod", namespace: NAMESPACE, serviceAccountName: "my-s3-role" },
            { clusterIssuers: { prod: "http://oidc.example.com" } },
        ).then(
            () => undefined,
            (e) => e,
        );
        expect(badIssuer).to.be.instanceOf(IrsaArgumentError);
        expect(badIssuer.message).to.match(/^invalid clusterIssuers.prod "http:\/\/oidc.example.com": an OIDC issuer URL must start with https:\/\//);
    });
});

describe("render: secrets", () => {
    it("refuses a secret argument, at any depth, naming it and never printing it: render unwraps what it prints", async () => {
        const cases: [Partial<Parameters<typeof renderServiceAccountRole>[0]>, string][] = [
            [{ roleDescription: pulumi.secret("the-secret-description") }, "roleDescription"],
            [{ tags: { team: pulumi.secret("the-secret-team") } }, "tags.team"],
            [{ serviceAccountAnnotations: pulumi.secret({ "example.com/x": "the-secret-note" }) }, "serviceAccountAnnotations"],
            [{ additionalServiceAccounts: [{ namespace: "apps", name: pulumi.secret("the-secret-name") }] }, "additionalServiceAccounts[0].name"],
        ];
        for (const [extra, argument] of cases) {
            const error = await renderServiceAccountRole({ ...TUTORIAL_ARGS, ...extra } as Parameters<typeof renderServiceAccountRole>[0]).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(error, argument).to.be.instanceOf(IrsaArgumentError);
            expect(isRenderInputError(error)).to.equal(true);
            expect((error as Error).message).to.equal(
                `invalid ${argument} "(secret)": render prints every value it renders, and a secret is never printed: give render a plain value there, ` +
                    "or deploy the component, where Pulumi keeps the secret encrypted and masked.",
            );
            expect((error as Error).message).not.to.contain("the-secret");
        }
    });

    it("renders the same arguments when they are plain", async () => {
        const result = await renderServiceAccountRole({ ...TUTORIAL_ARGS, roleDescription: "plain description", tags: { team: "payments" } });
        expect(result.resources.find((r) => r.type === "aws:iam/role:Role")?.inputs.description).to.equal("plain description");
    });
});

describe("render: the ServiceAccount through Qovery's Helm chart", () => {
    it("prints the chart, the override arguments and a values file that YAML reads back", async () => {
        const result = await renderFlags({ serviceAccountMode: ServiceAccountMode.HelmChart });
        const roleArn = result.outputs.roleArn;
        expect(result.helmRelease).to.deep.equal({
            repository: "https://qovery.github.io/create_service_account/",
            chart: "qovery-sa-helper",
            version: "0.1.0",
            namespace: NAMESPACE,
            values: { serviceAccount: { name: "my-s3-role", annotations: {} }, awsRoleArn: roleArn },
        });
        expect(result.manifests).to.deep.equal([]);
        const printed = formatRender(result, []);
        expect(printed).to.contain("#   --set serviceAccount.name=my-s3-role\n");
        expect(printed).to.contain(`#   --set awsRoleArn=${roleArn}\n`);
        expect(YAML.parse(printed)).to.deep.equal(result.helmRelease!.values);
        // The JSON output carries the same chart, namespace and values: a JSON consumer in HelmChart mode has no manifest.
        expect(JSON.parse(formatRenderJson(result, result.tutorialDefaults)).helmRelease).to.deep.equal(result.helmRelease);
    });
});

describe("render: QOVERY_KUBERNETES_NAMESPACE_NAME", () => {
    afterEach(() => delete process.env.QOVERY_KUBERNETES_NAMESPACE_NAME);

    it("takes the namespace from the variable when --namespace is not given, and says so", async () => {
        process.env.QOVERY_KUBERNETES_NAMESPACE_NAME = "z11112222-z33334444";
        const result = await renderFlags({});
        expect(result.serviceAccount!.metadata.namespace).to.equal("z11112222-z33334444");
        expect(result.tutorialDefaults).not.to.include("--namespace z9b830e28-ze23976e2");
        expect(result.notes).to.include(
            "The namespace z11112222-z33334444 comes from QOVERY_KUBERNETES_NAMESPACE_NAME, as in a Qovery lifecycle job (pass --namespace to override it).",
        );
    });
});

describe("render: verifyAccess", () => {
    it("prints the verification Job after the ServiceAccount, a valid batch/v1 Job that runs the probe with the ServiceAccount", async () => {
        const result = await renderFlags({ verifyAccess: true, verifyAccessProbe: "aws s3 ls" });
        expect(result.manifests.map((m) => `${m.kind}/${m.metadata.name}`)).to.deep.equal(["ServiceAccount/my-s3-role", "Job/s3-reader-verify-access"]);
        const job = result.manifests[1] as any;
        expect(job.spec.template.spec.serviceAccountName).to.equal("my-s3-role");
        expect(job.spec.template.spec.containers[0].env).to.deep.include({ name: "PROBE_COMMAND", value: "aws s3 ls" });
        checkManifests(result);
    });

    it("passes the chart coordinates in HelmChart mode and names the Job in the values file's comments", async () => {
        const result = await renderFlags({ serviceAccountMode: ServiceAccountMode.HelmChart, helmChartVersion: "0.2.0", verifyAccess: true });
        expect(result.helmRelease!.version).to.equal("0.2.0");
        expect(formatRender(result, [])).to.contain("# The component also creates Job s3-reader-verify-access");
    });
});
