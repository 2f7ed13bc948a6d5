#!/usr/bin/env node
// Writes docs/reference.md, the argument and output reference, from schema.json. schema.json is itself generated from
// the components' JSDoc (scripts/gen-schema.js), so the JSDoc stays the one source: change a comment, run
// `npm run gen:schema` (which runs this script after writing schema.json), and commit both files. The page is a pure
// function of schema.json: it reads nothing else, so tests/docs/reference.spec.ts can regenerate it and compare.
//
// The page lists every component (a resource of schema.json), each input with its type, whether it is required and
// whether it must be a plain value, each output and whether it is always set, then every object type and enum the
// components refer to. Descriptions are copied verbatim (defaults are stated in their prose). Every entry's heading
// is unique on the page and made of names only ("ServiceAccountRole input `roleArn`", "VerifyAccessOptions
// `probeCommand`"), so its GitHub anchor (`serviceaccountrole-input-rolearn`, `verifyaccessoptions-probecommand`)
// never moves when another entry is added.
"use strict";
const fs = require("fs");
const path = require("path");

const PACKAGE_DIR = path.resolve(__dirname, "..");
const SCHEMA_PATH = path.join(PACKAGE_DIR, "schema.json");
const REFERENCE_PATH = path.join(PACKAGE_DIR, "docs", "reference.md");
const REF_PREFIX = "#/types/";

/** The short name of a token: `eks-irsa:index:ServiceAccountRole` is `ServiceAccountRole`. */
function shortName(token) {
    return token.slice(token.lastIndexOf(":") + 1);
}

/** The GitHub anchor of a heading made of these names (letters and digits only): lower-cased, joined by `-`. */
function anchor(...names) {
    return names.join("-").toLowerCase();
}

/**
 * How a property's type reads: a primitive, a link to an object type or enum below, or a list or map of either.
 *
 * @param spec a property's schema (`type`, `$ref`, `items`, `additionalProperties`).
 */
function typeText(spec) {
    if (spec.$ref !== undefined) {
        const name = shortName(spec.$ref.slice(REF_PREFIX.length));
        return `[${name}](#${anchor(name)})`;
    }
    if (spec.type === "array") {
        return `list of ${typeText(spec.items)}`;
    }
    if (spec.type === "object" && spec.additionalProperties !== undefined) {
        return `map of ${typeText(spec.additionalProperties)}`;
    }
    return `\`${spec.type}\``;
}

/**
 * One property: its heading (its owner's names, then its own), a line with its type and facts, and its description.
 *
 * @param owner the names before the property's: `["ServiceAccountRole", "input"]`, `["VerifyAccessOptions"]`.
 * @param name the property's name.
 * @param spec the property's schema.
 * @param facts what follows the type: required or optional, plain, always set.
 */
function propertySection(owner, name, spec, facts) {
    return [`#### ${owner.join(" ")} \`${name}\``, "", [typeText(spec), ...facts].join(", "), "", spec.description ?? "", ""];
}

/** The facts of an input or an object type's property: required or optional, and plain when it is. */
function inputFacts(spec, required) {
    return [required ? "required" : "optional", ...(spec.plain ? ["plain value (not an Output)"] : [])];
}

/**
 * Where each type is used: for each type token, the `Component.input` or `Type.property` names that refer to it.
 *
 * @param schema the package schema.
 */
function usages(schema) {
    const used = new Map();
    const note = (spec, where) => {
        const ref = spec.$ref ?? spec.items?.$ref ?? spec.additionalProperties?.$ref;
        if (ref !== undefined) {
            const token = ref.slice(REF_PREFIX.length);
            used.set(token, [...(used.get(token) ?? []), where]);
        }
    };
    for (const [token, resource] of Object.entries(schema.resources)) {
        const name = shortName(token);
        Object.entries(resource.inputProperties).forEach(([input, spec]) => note(spec, `[${name}.${input}](#${anchor(name, "input", input)})`));
        Object.entries(resource.properties).forEach(([output, spec]) => note(spec, `[${name}.${output}](#${anchor(name, "output", output)})`));
    }
    for (const [token, type] of Object.entries(schema.types)) {
        const name = shortName(token);
        Object.entries(type.properties ?? {}).forEach(([property, spec]) => note(spec, `[${name}.${property}](#${anchor(name, property)})`));
    }
    return used;
}

/** A component's section: its description, its inputs, its outputs. */
function resourceSection(token, resource) {
    const name = shortName(token);
    const lines = [`## ${name}`, "", `Type token \`${token}\`.`, "", resource.description, "", "### Inputs", ""];
    const requiredInputs = new Set(resource.requiredInputs ?? []);
    for (const [input, spec] of Object.entries(resource.inputProperties)) {
        lines.push(...propertySection([name, "input"], input, spec, inputFacts(spec, requiredInputs.has(input))));
    }
    lines.push("### Outputs", "");
    const alwaysSet = new Set(resource.required ?? []);
    for (const [output, spec] of Object.entries(resource.properties)) {
        lines.push(...propertySection([name, "output"], output, spec, [alwaysSet.has(output) ? "always set" : "may be unset"]));
    }
    return lines;
}

/** An object type's or an enum's section. */
function typeSection(token, type, usedBy) {
    const name = shortName(token);
    const lines = [`### ${name}`, ""];
    lines.push(`${type.enum !== undefined ? "Enum" : "Object type"} \`${token}\`, used by ${(usedBy ?? ["nothing"]).join(", ")}.`, "");
    if (type.enum !== undefined) {
        for (const value of type.enum) {
            lines.push(`#### ${name} \`${value.value}\``, "", value.description ?? "", "");
        }
        return lines;
    }
    const required = new Set(type.required ?? []);
    for (const [property, spec] of Object.entries(type.properties ?? {})) {
        lines.push(...propertySection([name], property, spec, inputFacts(spec, required.has(property))));
    }
    return lines;
}

/**
 * The text of docs/reference.md for a package schema: the components in the schema's order (schema.json's keys are
 * sorted), then the object types and enums in the same order. Ends with one newline.
 *
 * @param schema the package schema, parsed schema.json.
 */
function generateReference(schema) {
    const used = usages(schema);
    const resources = Object.entries(schema.resources);
    const types = Object.entries(schema.types);
    const lines = [
        `# ${schema.name}: argument and output reference`,
        "",
        "<!-- Generated by scripts/gen-docs.js from schema.json: do not edit. Run `npm run gen:docs` (`npm run gen:schema` runs it). -->",
        "",
        "Every argument and output of the components, generated from `schema.json`, which `npm run gen:schema` writes from",
        "the components' JSDoc: the same text the SDKs of every language carry. Defaults are stated in each description.",
        "A **plain** argument takes a value known when the program runs, not an Output. Names are as in TypeScript and",
        "YAML; the Python SDK spells them in snake_case (`service_account_name`), the Go SDK in PascalCase",
        "(`ServiceAccountName`).",
        "",
        "Components:",
        "",
        ...resources.map(([token]) => `- [${shortName(token)}](#${anchor(shortName(token))})`),
        "",
        "Types:",
        "",
        ...types.map(([token]) => `- [${shortName(token)}](#${anchor(shortName(token))})`),
        "",
    ];
    for (const [token, resource] of resources) {
        lines.push(...resourceSection(token, resource));
    }
    lines.push("## Types", "");
    for (const [token, type] of types) {
        lines.push(...typeSection(token, type, used.get(token)));
    }
    return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

module.exports = { REFERENCE_PATH, anchor, generateReference, shortName };

if (require.main === module) {
    const text = generateReference(JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8")));
    fs.mkdirSync(path.dirname(REFERENCE_PATH), { recursive: true });
    fs.writeFileSync(REFERENCE_PATH, text);
    console.log(`wrote ${path.relative(process.cwd(), REFERENCE_PATH) || REFERENCE_PATH}`);
}
