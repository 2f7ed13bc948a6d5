#!/usr/bin/env node
// Writes schema.json, the package schema from which the SDKs in sdk/ are generated, without the Pulumi CLI: it loads the
// package and builds the ComponentProvider the way the Node.js plugin host (`run-plugin`) does, asks it for the schema
// it serves (what `pulumi package add <this directory>` gets), then completes it. Run it after `tsc`, since the host
// loads the built entry point (`main`).
//
// schema.json is the provider's schema plus what Pulumi's component analyzer cannot write (see publishedSchema):
//   - the package's home (homepage, repository, license, keywords, from package.json) and pluginDownloadURL, the
//     git:// form Pulumi resolves for a git-hosted component package, so an SDK's pulumi-plugin.json says where the
//     engine gets the plugin (it clones the tag v<version>);
//   - meta.supportPack, so `pulumi package gen-sdk` writes sdk/go/go.mod and stamps the version into each SDK;
//   - language.go.importBasePath (module github.com/eks-irsa/eks-irsa/sdk/go, package eksirsa) and language.python
//     (packageName pulumi_eks_irsa, pyproject.toml); no Node.js SDK is generated: the package itself is it;
//   - `integer` for the arguments in INTEGER_PROPERTIES: the analyzer types every TypeScript `number` as `number`,
//     which the SDKs make a float.
// The plugin itself still serves the analyzer's schema (`pulumi package get-schema`): publishedSchema(served) is
// schema.json.
"use strict";
const fs = require("fs");
const path = require("path");
const { ComponentProvider, getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");

const PACKAGE_DIR = path.resolve(__dirname, "..");
const SCHEMA_PATH = path.join(PACKAGE_DIR, "schema.json");

/**
 * The provider the plugin host would serve: the exported components, named after package.json's `name`. It analyses
 * the package once, on its first `getSchema()` or `construct()`, and keeps the result.
 *
 * @param packageDir the package's folder, where its package.json and tsconfig.json are; this repository by default.
 * @param exports the package's exports, whose components it constructs; what package.json's `main` loads by default.
 */
function componentProvider(packageDir = PACKAGE_DIR, exports = require(packageDir)) {
    const packageJSON = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
    // The host's own rule: `@scope/name` gives the namespace `scope` and the package name `name`.
    const [, scope, name] = packageJSON.name.match(/(@.*?\/)?(.+)/);
    return new ComponentProvider({
        name: name.replace(/[^-a-zA-Z0-9_]/g, "-"),
        namespace: scope === undefined ? undefined : scope.slice(1, -1),
        dirname: packageDir,
        components: getPulumiComponents(exports),
    });
}

/**
 * The arguments that are whole numbers: seconds, counts and sizes. Each is `integer` in schema.json, so Python's SDK
 * types it `int` and Go's `int`; the components refuse a fraction anyway. Keyed by the resource's or object type's
 * token; a listed property that is missing or not a `number` stops the generation, so the list follows the code.
 */
const INTEGER_PROPERTIES = {
    "eks-irsa:index:ServiceAccountRole": ["managedPolicyLimit", "maxSessionDuration", "tokenExpirationSeconds", "trustPolicySizeLimit"],
    "eks-irsa:index:VerifyAccessOptions": ["backoffLimit", "timeoutSeconds", "ttlSecondsAfterFinished"],
};

/** The Python package the SDK installs as (`import pulumi_eks_irsa`). */
const PYTHON_PACKAGE = "pulumi_eks_irsa";
/** The Go package name, the last element of the import path. */
const GO_PACKAGE = "eksirsa";

/**
 * The repository's web address, from package.json's `repository` (`git+https://github.com/<owner>/<name>.git`).
 *
 * @param packageJSON the package's package.json.
 */
function repositoryURL(packageJSON) {
    const url = typeof packageJSON.repository === "string" ? packageJSON.repository : packageJSON.repository?.url;
    const match = /^(?:git\+)?https:\/\/(github\.com\/[^/]+\/[^/]+?)(?:\.git)?$/.exec(url ?? "");
    if (match === null) {
        throw new Error(`package.json: repository.url is ${JSON.stringify(url)}; expected git+https://github.com/<owner>/<name>.git, which names the Go module and the plugin's git source`);
    }
    return { web: `https://${match[1]}`, path: match[1] };
}

/**
 * The package metadata schema.json adds to the provider's schema: the package's home and, per language, where its SDK
 * lives. Language entries are merged over the analyzer's (which sets `respectSchemaVersion` for each language).
 *
 * @param packageJSON the package's package.json.
 */
function packageMetadata(packageJSON) {
    const repository = repositoryURL(packageJSON);
    return {
        homepage: packageJSON.homepage,
        repository: repository.web,
        license: packageJSON.license,
        keywords: packageJSON.keywords,
        pluginDownloadURL: `git://${repository.path}`,
        meta: { supportPack: true },
        language: {
            go: { importBasePath: `${repository.path}/sdk/go/${GO_PACKAGE}` },
            python: { packageName: PYTHON_PACKAGE, pyproject: { enabled: true } },
        },
    };
}

/**
 * Types the properties of INTEGER_PROPERTIES `integer`, in place.
 *
 * @param schema the provider's schema.
 */
function typeIntegers(schema) {
    for (const [token, names] of Object.entries(INTEGER_PROPERTIES)) {
        const properties = schema.resources?.[token]?.inputProperties ?? schema.types?.[token]?.properties;
        if (properties === undefined) {
            throw new Error(`INTEGER_PROPERTIES names ${token}, which the schema no longer has: update scripts/gen-schema.js`);
        }
        for (const name of names) {
            if (properties[name]?.type !== "number") {
                throw new Error(
                    `INTEGER_PROPERTIES names ${token}.${name}, which the schema has as ${JSON.stringify(properties[name]?.type ?? "nothing")}, not "number": update scripts/gen-schema.js`,
                );
            }
            properties[name].type = "integer";
        }
    }
}

/**
 * schema.json's content: the schema the provider serves, with the package metadata and the integer types added.
 *
 * @param providerSchema the provider's schema, as `getSchema()` answers it, parsed; not modified.
 * @param packageJSON the package's package.json.
 */
function publishedSchema(providerSchema, packageJSON) {
    const schema = structuredClone(providerSchema);
    const { language, ...metadata } = packageMetadata(packageJSON);
    Object.assign(schema, metadata);
    for (const [name, settings] of Object.entries(language)) {
        schema.language[name] = { ...schema.language?.[name], ...settings };
    }
    typeIntegers(schema);
    return schema;
}

/** Sorts object keys at every depth, so the file only changes when the schema does. Arrays keep their order. */
function sortKeys(value) {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys(value[key])]),
        );
    }
    return value;
}

/**
 * The text of schema.json: the {@link publishedSchema} of the provider's schema, pretty-printed with sorted keys and a
 * trailing newline.
 *
 * @param provider the provider to ask; a new {@link componentProvider} of this repository by default. Pass one that
 *   has analysed the package already to reuse its analysis.
 */
async function generateSchema(provider = componentProvider()) {
    const packageJSON = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));
    const schema = publishedSchema(JSON.parse(await provider.getSchema()), packageJSON);
    return `${JSON.stringify(sortKeys(schema), null, 2)}\n`;
}

module.exports = { SCHEMA_PATH, INTEGER_PROPERTIES, componentProvider, generateSchema, publishedSchema };

if (require.main === module) {
    generateSchema().then(
        (text) => {
            fs.writeFileSync(SCHEMA_PATH, text);
            console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH) || SCHEMA_PATH}`);
        },
        (error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exitCode = 1;
        },
    );
}
