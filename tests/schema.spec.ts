import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ClusterOidcProvider, ClusterOidcProviderArgs, ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustedServiceAccount, TrustScope, WorkloadIdentity } from "../index";
import { fixture, REPOSITORY_ROOT } from "./harness";
import { analysePackage } from "./packageAnalysis";
import { ADDON_KEYS } from "../src/addons/addonPolicies";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv2020 = require("ajv/dist/2020");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const addFormats = require("ajv-formats");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { INTEGER_PROPERTIES, publishedSchema } = require(path.join(REPOSITORY_ROOT, "scripts/gen-schema.js")) as {
    INTEGER_PROPERTIES: { [token: string]: string[] };
    publishedSchema: (providerSchema: object, packageJSON: object) => PackageSchema;
};

interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    description?: string;
    plain?: boolean;
}
interface ResourceSpec {
    isComponent: boolean;
    description: string;
    inputProperties: { [name: string]: PropertySpec };
    requiredInputs: string[];
    properties: { [name: string]: PropertySpec };
    required: string[];
}
interface TypeSpec {
    type: string;
    enum?: { name: string; value: string; description?: string }[];
    properties?: { [name: string]: PropertySpec };
    required?: string[];
}
interface PackageSchema {
    name: string;
    version: string;
    homepage: string;
    repository: string;
    license: string;
    pluginDownloadURL: string;
    meta: { supportPack?: boolean };
    language: { [language: string]: { [key: string]: unknown } };
    resources: { [token: string]: ResourceSpec };
    types: { [token: string]: TypeSpec };
    dependencies: unknown[];
}

// Written as mapped types, so the compiler fails when an argument or an output is added without being listed here.
type Outputs<C> = Exclude<keyof C, keyof pulumi.ComponentResource>;
const SERVICE_ACCOUNT_ROLE_ARGS: { [K in keyof ServiceAccountRoleArgs]-?: true } = {
    oidcProviderArn: true,
    issuerUrl: true,
    clusterName: true,
    createOidcProvider: true,
    serviceAccountName: true,
    namespace: true,
    scope: true,
    namespacePattern: true,
    additionalServiceAccounts: true,
    additionalOidcProviderArns: true,
    audience: true,
    roleArn: true,
    roleName: true,
    rolePath: true,
    roleDescription: true,
    maxSessionDuration: true,
    permissionsBoundary: true,
    tags: true,
    policyArns: true,
    inlinePolicies: true,
    addonPolicies: true,
    trustPolicySizeLimit: true,
    managedPolicyLimit: true,
    serviceAccountMode: true,
    serviceAccountLabels: true,
    serviceAccountAnnotations: true,
    stsRegionalEndpoints: true,
    tokenExpirationSeconds: true,
    automountServiceAccountToken: true,
    createNamespace: true,
    helmChart: true,
    verifyAccess: true,
    verifyAccessOptions: true,
    identity: true,
    disableSessionTags: true,
    allowUnconditionedPodIdentityTrust: true,
    targetRoleArn: true,
    sessionPolicy: true,
};
const SERVICE_ACCOUNT_ROLE_OUTPUTS: { [K in Outputs<ServiceAccountRole>]-?: true } = {
    roleArn: true,
    roleName: true,
    serviceAccountName: true,
    namespace: true,
    oidcProviderArn: true,
    issuer: true,
    trustPolicy: true,
    serviceAccountAnnotations: true,
    podIdentityExternalIds: true,
};
const CLUSTER_OIDC_PROVIDER_ARGS: { [K in keyof ClusterOidcProviderArgs]-?: true } = {
    issuerUrl: true,
    clusterName: true,
    clientIds: true,
    thumbprints: true,
    tags: true,
};
const CLUSTER_OIDC_PROVIDER_OUTPUTS: { [K in Outputs<ClusterOidcProvider>]-?: true } = { arn: true, issuerUrl: true, issuer: true };
const TRUSTED_SERVICE_ACCOUNT: { [K in keyof TrustedServiceAccount]-?: true } = { namespace: true, name: true };

const ROLE = "eks-irsa:index:ServiceAccountRole";
const OIDC = "eks-irsa:index:ClusterOidcProvider";
const names = (object: object) => Object.keys(object).sort();
const packageJSON = () => JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8"));

const committedText = fs.readFileSync(path.join(REPOSITORY_ROOT, "schema.json"), "utf8");
const schema: PackageSchema = JSON.parse(committedText);
const role = schema.resources[ROLE];
const oidc = schema.resources[OIDC];
// Every add-on's settings type, as AddonPolicies refers to them: the registry grows, so the list is read, and checked below.
const ADDON_POLICIES = "eks-irsa:index:AddonPolicies";
const ADDON_TYPES = Object.values(schema.types[ADDON_POLICIES]?.properties ?? {})
    .map((spec) => (spec.$ref ?? "").slice("#/types/".length))
    .sort();

describe("schema.json: generated, never edited", () => {
    let freshText: string;
    let entryPoint: string;
    let ownFiles: string[];
    let awsFolders: string[];
    let kubernetesFolders: string[];
    before(async function () {
        this.timeout(600000);
        ({ schemaText: freshText, entryPoint, ownFiles, awsFolders, kubernetesFolders } = await analysePackage());
    });

    it("equals a fresh generation: run `npm run gen:schema` after changing a component's arguments, outputs or comments", () => {
        expect(committedText).to.equal(freshText);
    });

    it("is analyzed from the root index.ts (package.json's main, bin/index.js, has no bin/index.ts)", () => {
        expect(path.resolve(entryPoint)).to.equal(path.join(REPOSITORY_ROOT, "index.ts"));
    });

    it("is analyzed from @pulumi/aws's iam and eks modules, not its index (which would make the analyzer parse every AWS service's declarations, three times as many, at each start of the provider)", () => {
        expect(awsFolders).to.deep.equal(["eks", "iam", "types"]);
    });

    it("is analyzed from the package's sources only, index.ts and src/ (tsconfig.json's include: the host parses every file it names, and their imports, at each start of the provider)", () => {
        expect(ownFiles).to.include("index.ts");
        expect(ownFiles.filter((file) => file !== "index.ts" && !/^src\/.+\.ts$/.test(file))).to.deep.equal([]);
    });

    it("is analyzed from @pulumi/kubernetes' core/v1, batch/v1 and helm/v3's Release, not its index or helm/v3's (which load every Kubernetes API group)", () => {
        expect(kubernetesFolders).to.deep.equal(["batch", "core", "helm", "types"]);
    });

    it("is pretty-printed with sorted keys and a trailing newline", () => {
        expect(committedText).to.equal(`${JSON.stringify(schema, null, 2)}\n`);
        expect(Object.keys(schema)).to.deep.equal(names(schema));
    });
});

describe("schema.json: a valid Pulumi package schema", () => {
    it("validates against the Pulumi package metaschema", () => {
        const metaschema = JSON.parse(fixture("pulumi-package-metaschema.json"));
        const ajv = new Ajv2020({ allowUnionTypes: true });
        addFormats(ajv);
        const validate = ajv.compile(metaschema);
        expect(validate(schema), JSON.stringify(validate.errors, null, 2)).to.equal(true);
    });

    it("is the package eks-irsa at package.json's version, with exactly the two components", () => {
        const packageJSON = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8"));
        expect([schema.name, schema.version]).to.deep.equal(["eks-irsa", packageJSON.version]);
        expect(names(schema.resources)).to.deep.equal([OIDC, ROLE]);
        expect([role.isComponent, oidc.isComponent]).to.deep.equal([true, true]);
    });

    it("is self-contained: every $ref points at one of its own types, and it depends on no other package", () => {
        const refs: string[] = [];
        const collect = (value: unknown): void => {
            if (Array.isArray(value)) {
                value.forEach(collect);
            } else if (value !== null && typeof value === "object") {
                for (const [key, child] of Object.entries(value)) {
                    if (key === "$ref") {
                        refs.push(child as string);
                    } else {
                        collect(child);
                    }
                }
            }
        };
        collect(schema);
        expect([...new Set(refs)].sort()).to.deep.equal([
            ...[ADDON_POLICIES, ...ADDON_TYPES].map((token) => `#/types/${token}`),
            "#/types/eks-irsa:index:ServiceAccountChart",
            "#/types/eks-irsa:index:ServiceAccountMode",
            "#/types/eks-irsa:index:TrustScope",
            "#/types/eks-irsa:index:TrustedServiceAccount",
            "#/types/eks-irsa:index:VerifyAccessOptions",
            "#/types/eks-irsa:index:VerifyAccessResources",
            "#/types/eks-irsa:index:WorkloadIdentity",
        ].sort());
        for (const ref of refs) {
            expect(schema.types).to.have.property(ref.slice("#/types/".length));
        }
        expect(schema.dependencies).to.deep.equal([]);
    });
});

describe("schema.json: the components' contract", () => {
    it("lists exactly ServiceAccountRoleArgs as ServiceAccountRole's inputs and its public outputs as its properties", () => {
        expect(names(role.inputProperties)).to.deep.equal(names(SERVICE_ACCOUNT_ROLE_ARGS));
        expect(names(role.properties)).to.deep.equal(names(SERVICE_ACCOUNT_ROLE_OUTPUTS));
    });

    it("lists exactly ClusterOidcProviderArgs as ClusterOidcProvider's inputs and its public outputs as its properties", () => {
        expect(names(oidc.inputProperties)).to.deep.equal(names(CLUSTER_OIDC_PROVIDER_ARGS));
        expect(names(oidc.properties)).to.deep.equal(names(CLUSTER_OIDC_PROVIDER_OUTPUTS));
    });

    it("requires serviceAccountName only, and no ClusterOidcProvider input (one of issuerUrl and clusterName is checked at run time)", () => {
        expect(role.requiredInputs).to.deep.equal(["serviceAccountName"]);
        expect(oidc.requiredInputs).to.deep.equal([]);
    });

    it("marks the outputs that may be unset as optional", () => {
        expect(role.required).to.deep.equal(["podIdentityExternalIds", "roleArn", "roleName", "serviceAccountAnnotations", "serviceAccountName"]);
        expect(oidc.required).to.deep.equal(["arn", "issuer", "issuerUrl"]);
    });

    it("makes plain exactly the arguments read before any Output resolves: enums, the create and verify flags and the resource-naming maps", () => {
        const plain = names(Object.fromEntries(Object.entries(role.inputProperties).filter(([, spec]) => spec.plain)));
        expect(plain).to.deep.equal([
            "addonPolicies",
            "allowUnconditionedPodIdentityTrust",
            "createNamespace",
            "createOidcProvider",
            "disableSessionTags",
            "identity",
            "inlinePolicies",
            "policyArns",
            "scope",
            "serviceAccountMode",
            "verifyAccess",
        ]);
        expect(Object.values(oidc.inputProperties).filter((spec) => spec.plain)).to.deep.equal([]);
    });

    it("types maps, lists and enums as other languages see them", () => {
        const shape = ({ description: _description, ...rest }: PropertySpec & { optional?: boolean }) => rest;
        expect(shape(role.inputProperties.policyArns)).to.deep.equal({ type: "object", additionalProperties: { type: "string" }, optional: true, plain: true });
        expect(shape(role.inputProperties.tags)).to.deep.equal({ type: "object", additionalProperties: { type: "string" }, optional: true });
        expect(shape(role.inputProperties.additionalServiceAccounts)).to.deep.equal({
            type: "array",
            items: { $ref: "#/types/eks-irsa:index:TrustedServiceAccount" },
            optional: true,
        });
        expect(shape(role.inputProperties.scope)).to.deep.equal({ $ref: "#/types/eks-irsa:index:TrustScope", optional: true, plain: true });
        expect(shape(role.inputProperties.serviceAccountMode)).to.deep.equal({ $ref: "#/types/eks-irsa:index:ServiceAccountMode", optional: true, plain: true });
        expect(shape(role.inputProperties.maxSessionDuration)).to.deep.equal({ type: "integer", optional: true });
        expect(shape(role.properties.serviceAccountAnnotations)).to.deep.equal({ type: "object", additionalProperties: { type: "string" } });
        expect(shape(role.properties.trustPolicy)).to.deep.equal({ type: "string", optional: true });
        expect(shape(role.inputProperties.identity)).to.deep.equal({ $ref: "#/types/eks-irsa:index:WorkloadIdentity", optional: true, plain: true });
    });
});

describe("schema.json: language metadata, added by scripts/gen-schema.js", () => {
    it("names the project's home, from package.json, as homepage, repository and license", () => {
        expect(packageJSON().repository.url).to.equal("git+https://github.com/eks-irsa/eks-irsa.git");
        expect([schema.homepage, schema.repository, schema.license]).to.deep.equal([
            "https://github.com/eks-irsa/eks-irsa#readme",
            "https://github.com/eks-irsa/eks-irsa",
            "Apache-2.0",
        ]);
    });

    it("says the plugin comes from the repository, in the git:// form Pulumi clones (tag v<version>)", () => {
        expect(schema.pluginDownloadURL).to.equal("git://github.com/eks-irsa/eks-irsa");
    });

    it("sets meta.supportPack, so gen-sdk writes sdk/go/go.mod and stamps the version into every SDK", () => {
        expect(schema.meta).to.deep.equal({ supportPack: true });
    });

    it("makes the Go SDK the package eksirsa of the module github.com/eks-irsa/eks-irsa/sdk/go", () => {
        expect(schema.language.go).to.deep.equal({ importBasePath: "github.com/eks-irsa/eks-irsa/sdk/go/eksirsa", respectSchemaVersion: true });
    });

    it("makes the Python SDK the package pulumi_eks_irsa, built from pyproject.toml", () => {
        expect(schema.language.python).to.deep.equal({ packageName: "pulumi_eks_irsa", pyproject: { enabled: true }, respectSchemaVersion: true });
    });

    it("names no Node.js package: none is generated, the npm package is the Node.js SDK", () => {
        expect(schema.language.nodejs).to.deep.equal({ respectSchemaVersion: true });
    });
});

describe("schema.json: whole-number arguments are integers", () => {
    // Every numeric property of the schema: a resource's inputs and outputs, an object type's properties.
    const numeric = Object.entries({ ...schema.resources, ...schema.types }).flatMap(([token, spec]) =>
        Object.entries({
            ...("inputProperties" in spec ? spec.inputProperties : {}),
            ...("properties" in spec ? spec.properties : {}),
        })
            .filter(([, property]) => property.type === "number" || property.type === "integer")
            .map(([name, property]) => `${token}.${name}: ${property.type}`),
    );

    it("types exactly the properties INTEGER_PROPERTIES lists `integer`, and no property `number`", () => {
        const listed = Object.entries(INTEGER_PROPERTIES).flatMap(([token, names]) => names.map((name) => `${token}.${name}: integer`));
        expect(numeric.sort()).to.deep.equal(listed.sort());
        expect(listed.sort()).to.deep.equal([
            "eks-irsa:index:ServiceAccountRole.managedPolicyLimit: integer",
            "eks-irsa:index:ServiceAccountRole.maxSessionDuration: integer",
            "eks-irsa:index:ServiceAccountRole.tokenExpirationSeconds: integer",
            "eks-irsa:index:ServiceAccountRole.trustPolicySizeLimit: integer",
            "eks-irsa:index:VerifyAccessOptions.backoffLimit: integer",
            "eks-irsa:index:VerifyAccessOptions.ttlSecondsAfterFinished: integer",
            "eks-irsa:index:VerifyAccessOptions.timeoutSeconds: integer",
        ].sort());
    });

    // The analyzer's view of schema.json: what the plugin serves, with every integer a number again.
    const served = () => {
        const copy = JSON.parse(committedText);
        for (const [token, names] of Object.entries(INTEGER_PROPERTIES)) {
            const properties = copy.resources[token]?.inputProperties ?? copy.types[token].properties;
            names.forEach((name) => (properties[name].type = "number"));
        }
        return copy;
    };

    it("stops the generation, naming it, when a listed property is no longer in the schema", () => {
        const schemaWithout = served();
        delete schemaWithout.resources[ROLE].inputProperties.tokenExpirationSeconds;
        expect(() => publishedSchema(schemaWithout, packageJSON())).to.throw(
            'INTEGER_PROPERTIES names eks-irsa:index:ServiceAccountRole.tokenExpirationSeconds, which the schema has as "nothing", not "number": update scripts/gen-schema.js',
        );
    });

    it("stops the generation when a listed type is no longer in the schema", () => {
        const schemaWithout = served();
        delete schemaWithout.types["eks-irsa:index:VerifyAccessOptions"];
        expect(() => publishedSchema(schemaWithout, packageJSON())).to.throw(
            "INTEGER_PROPERTIES names eks-irsa:index:VerifyAccessOptions, which the schema no longer has: update scripts/gen-schema.js",
        );
    });

    it("stops the generation when a listed property is not a number", () => {
        const schemaWith = served();
        schemaWith.types["eks-irsa:index:VerifyAccessOptions"].properties.backoffLimit.type = "string";
        expect(() => publishedSchema(schemaWith, packageJSON())).to.throw(
            'INTEGER_PROPERTIES names eks-irsa:index:VerifyAccessOptions.backoffLimit, which the schema has as "string", not "number": update scripts/gen-schema.js',
        );
    });
});

describe("schema.json: documentation for every language", () => {
    for (const [token, resource] of Object.entries(schema.resources)) {
        it(`describes ${token}, each of its inputs and each of its outputs`, () => {
            expect(resource.description).to.be.a("string").and.not.equal("");
            const undocumented = [
                ...Object.entries(resource.inputProperties).map(([name, spec]) => [`input ${name}`, spec] as const),
                ...Object.entries(resource.properties).map(([name, spec]) => [`output ${name}`, spec] as const),
            ]
                .filter(([, spec]) => typeof spec.description !== "string" || spec.description.trim() === "")
                .map(([name]) => name);
            expect(undocumented).to.deep.equal([]);
        });
    }

    it("describes every property of every object type: AddonPolicies and each add-on's, TrustedServiceAccount, ServiceAccountChart, VerifyAccessOptions, VerifyAccessResources", () => {
        const objects = Object.entries(schema.types).filter(([, type]) => type.properties !== undefined);
        expect(objects.map(([token]) => token).sort()).to.deep.equal(
            [ADDON_POLICIES, ...ADDON_TYPES, ...["ServiceAccountChart", "TrustedServiceAccount", "VerifyAccessOptions", "VerifyAccessResources"].map((name) => `eks-irsa:index:${name}`)].sort(),
        );
        const undescribed = objects.flatMap(([token, type]) =>
            Object.entries(type.properties!)
                .filter(([, spec]) => (spec.description ?? "").trim() === "")
                .map(([property]) => `${token}.${property}`),
        );
        expect(undescribed).to.deep.equal([]);
    });

    it("gives AddonPolicies one optional property per add-on, each an object type of its own", () => {
        const type = schema.types[ADDON_POLICIES];
        expect(names(type.properties!)).to.deep.equal([...ADDON_KEYS].sort());
        expect(type.required).to.deep.equal([]);
        expect(ADDON_TYPES.every((token) => token.startsWith("eks-irsa:index:") && schema.types[token]?.type === "object")).to.equal(true);
        expect(new Set(ADDON_TYPES).size).to.equal(ADDON_KEYS.length);
    });

    it("describes each property of TrustedServiceAccount", () => {
        const type = schema.types["eks-irsa:index:TrustedServiceAccount"];
        expect(names(type.properties!)).to.deep.equal(names(TRUSTED_SERVICE_ACCOUNT));
        expect(type.required).to.deep.equal(["name", "namespace"]);
        expect(Object.values(type.properties!).every((spec) => (spec.description ?? "").trim() !== "")).to.equal(true);
    });

    for (const [enumName, values] of [
        ["TrustScope", TrustScope],
        ["ServiceAccountMode", ServiceAccountMode],
        ["WorkloadIdentity", WorkloadIdentity],
    ] as const) {
        it(`defines ${enumName} as a string enum with every member's name, value and description`, () => {
            const type = schema.types[`eks-irsa:index:${enumName}`];
            expect(type.type).to.equal("string");
            expect(type.enum!.map((member) => [member.name, member.value])).to.deep.equal(Object.entries(values));
            expect(type.enum!.every((member) => (member.description ?? "").trim() !== "")).to.equal(true);
        });
    }
});
