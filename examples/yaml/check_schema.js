#!/usr/bin/env node
// Checks a Pulumi YAML program (default: examples/yaml/Pulumi.yaml) against schema.json: every resource of this
// package has a type in schema.json, uses only its input properties, gives valid enum values and sets its required
// inputs. Run by scripts/check-sdks.sh:  node examples/yaml/check_schema.js [Pulumi.yaml] [schema.json]
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const root = path.resolve(__dirname, "../..");
const programPath = process.argv[2] ?? path.join(__dirname, "Pulumi.yaml");
const schemaPath = process.argv[3] ?? path.join(root, "schema.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const program = YAML.parse(fs.readFileSync(programPath, "utf8"));
const errors = [];
const isExpr = (v) => typeof v === "string" && /\$\{[^}]+\}/.test(v);

function resolveRef(ref) {
  const m = /^#\/types\/(.+)$/.exec(ref);
  if (!m) return undefined; // external (e.g. another package): not checked
  const t = schema.types?.[m[1]];
  if (!t) errors.push(`unknown type reference ${ref}`);
  return t;
}

// Checks a value against a schema property/type spec (what can be checked statically; ${...} expressions pass).
function checkValue(where, spec, value) {
  if (value === null || value === undefined || isExpr(value)) return;
  if (spec.$ref) {
    const t = resolveRef(spec.$ref);
    if (t) checkValue(where, t, value);
    return;
  }
  if (spec.enum) {
    const allowed = spec.enum.map((e) => e.value);
    if (!allowed.includes(value)) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
    return;
  }
  switch (spec.type) {
    case "string":
      if (typeof value !== "string") errors.push(`${where}: expected a string`);
      return;
    case "boolean":
      if (typeof value !== "boolean") errors.push(`${where}: expected a boolean`);
      return;
    case "integer":
      if (!Number.isInteger(value)) errors.push(`${where}: expected an integer`);
      return;
    case "number":
      if (typeof value !== "number") errors.push(`${where}: expected a number`);
      return;
    case "array":
      if (!Array.isArray(value)) return errors.push(`${where}: expected a list`);
      value.forEach((v, i) => checkValue(`${where}[${i}]`, spec.items ?? {}, v));
      return;
    case "object":
      if (typeof value !== "object" || Array.isArray(value)) return errors.push(`${where}: expected a map`);
      if (spec.properties) return checkObject(where, spec.properties, spec.required ?? [], value);
      for (const [k, v] of Object.entries(value)) checkValue(`${where}.${k}`, spec.additionalProperties ?? {}, v);
      return;
  }
}

function checkObject(where, props, required, value) {
  for (const [k, v] of Object.entries(value)) {
    if (!props[k]) errors.push(`${where}: ${k} is not an input (inputs: ${Object.keys(props).sort().join(", ")})`);
    else checkValue(`${where}.${k}`, props[k], v);
  }
  for (const k of required) if (!(k in value)) errors.push(`${where}: required input ${k} is missing`);
}

let checked = 0;
for (const [name, resource] of Object.entries(program.resources ?? {})) {
  const type = resource.type ?? "";
  if (!type.startsWith(`${schema.name}:`)) continue; // other packages' resources
  const spec = schema.resources?.[type];
  if (!spec) {
    errors.push(`resources.${name}: type ${type} is not in ${path.basename(schemaPath)}`);
    continue;
  }
  checkObject(`resources.${name}.properties`, spec.inputProperties ?? {}, spec.requiredInputs ?? [], resource.properties ?? {});
  checked++;
}
const pkgs = program.packages ?? {};
if (!(schema.name in pkgs)) errors.push(`packages: no ${schema.name} entry (add it with pulumi package add)`);
if (checked === 0) errors.push(`no ${schema.name} resources in ${programPath}`);

if (errors.length) {
  for (const e of errors) console.error(`yaml example: ${e}`);
  process.exit(1);
}
console.log(`yaml example: ${checked} ${schema.name} resource(s) match ${path.basename(schemaPath)}`);
