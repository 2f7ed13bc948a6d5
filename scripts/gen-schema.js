#!/usr/bin/env node
// Writes schema.json, the package schema that `pulumi package add <this directory>` gets from the plugin, without the
// Pulumi CLI: it loads the package and builds the ComponentProvider the way the Node.js plugin host (`run-plugin`) does,
// then asks it for its schema. Run it after `tsc`, since the host loads the built entry point (`main`).
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
 * The text of schema.json: the provider's schema, pretty-printed with sorted keys and a trailing newline.
 *
 * @param provider the provider to ask; a new {@link componentProvider} of this repository by default. Pass one that
 *   has analysed the package already to reuse its analysis.
 */
async function generateSchema(provider = componentProvider()) {
    const schema = JSON.parse(await provider.getSchema());
    return `${JSON.stringify(sortKeys(schema), null, 2)}\n`;
}

module.exports = { SCHEMA_PATH, componentProvider, generateSchema };

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
