"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.manifestYaml = manifestYaml;
exports.formatRender = formatRender;
exports.formatRenderJson = formatRenderJson;
exports.formatTrust = formatTrust;
exports.formatAccess = formatAccess;
const YAML = __importStar(require("yaml"));
const explain_1 = require("../policy/explain");
const render_1 = require("./render");
/** A manifest as YAML that `kubectl apply -f -` accepts; long values stay on one line. */
function manifestYaml(manifest) {
    return YAML.stringify(manifest, { lineWidth: 0 });
}
/**
 * What `pulumi up` would create, for people: short headed sections as YAML comments, then the Kubernetes manifests as
 * YAML documents, so that the whole output can also be piped to `kubectl apply -f -`.
 */
function formatRender(result, tutorialDefaults) {
    const lines = [`eks-irsa render: what \`pulumi up\` would create for ServiceAccountRole "${result.name}" (offline: nothing reaches AWS or Kubernetes).`];
    if (tutorialDefaults.length > 0) {
        lines.push("These values are the Qovery AWS IAM roles tutorial's defaults:", ...tutorialDefaults.map((flag) => `  ${flag}`), "Pass those flags to change them; eks-irsa render --help lists every flag.");
    }
    const section = (title, body) => lines.push("", `== ${title} ==`, ...body);
    const provider = result.resources.find((r) => r.type === render_1.OIDC_PROVIDER_TYPE);
    if (provider !== undefined) {
        section("OIDC provider (created)", [
            `${provider.name} (${provider.type})`,
            `url: ${provider.inputs.url}`,
            `client IDs: ${provider.inputs.clientIdLists.join(", ")}`,
            `arn: ${provider.outputs.arn}`,
        ]);
    }
    else if (result.outputs.oidcProviderArn !== undefined) {
        const lookedUp = result.lookups.some((l) => l.token.includes("getOpenIdConnectProvider"));
        section(lookedUp ? "OIDC provider (looked up, not created)" : "OIDC provider (given, not created)", [`arn: ${result.outputs.oidcProviderArn}`]);
    }
    const role = result.resources.find((r) => r.type === render_1.ROLE_TYPE);
    const trust = result.trustPolicy;
    const trustLines = trust === undefined ? [] : [`trust policy: ${trust.size} of ${trust.limit} characters`, ...JSON.stringify(trust.document, null, 2).split("\n")];
    if (role !== undefined) {
        const optional = (key, label) => (role.inputs[key] === undefined ? [] : [`${label}: ${format(role.inputs[key])}`]);
        section(`IAM role ${role.name} (${role.type})`, [
            `name: ${role.outputs.name}${role.inputs.name === undefined ? " (auto-named; the suffix is random at deploy time)" : ""}`,
            `arn: ${role.outputs.arn}`,
            ...optional("path", "path"),
            ...optional("description", "description"),
            ...optional("maxSessionDuration", "max session duration"),
            ...optional("permissionsBoundary", "permissions boundary"),
            ...optional("tags", "tags"),
            ...trustLines,
        ]);
    }
    else {
        section("IAM role (existing, not created)", [
            `arn: ${result.outputs.roleArn}`,
            ...(trust === undefined ? ["trust policy: not known (no trust source given)"] : ["the trust policy it needs (not applied):", ...trustLines]),
        ]);
    }
    if (result.outputs.trustPolicy !== undefined) {
        section("Who may assume the role", (0, explain_1.describeTrust)(result.outputs.trustPolicy).statements.flatMap(statementLines));
    }
    const attachments = result.resources.filter((r) => r.type === render_1.POLICY_ATTACHMENT_TYPE);
    if (attachments.length > 0) {
        section(`Policy attachments (${render_1.POLICY_ATTACHMENT_TYPE})`, attachments.map((a) => `${a.name}: ${a.inputs.policyArn}`));
    }
    // The add-ons' inline policies are shown with the add-ons.
    const inline = result.resources.filter((r) => r.type === render_1.INLINE_POLICY_TYPE && !result.addonPolicies.some((p) => p.name === r.inputs.name));
    if (inline.length > 0) {
        section(`Inline policies (${render_1.INLINE_POLICY_TYPE})`, inline.flatMap(inlinePolicyLines));
    }
    if (result.addonPolicies.length > 0) {
        section("Add-on policies (addonPolicies)", result.addonPolicies.flatMap((p) => [
            `${p.name}: the ${p.addon} add-on's, ${p.placement === "inline" ? "an inline policy of the role" : "a managed policy attached to the role"} (${p.size} characters)`,
            ...JSON.stringify(p.document, null, 2).split("\n"),
        ]));
    }
    const associations = result.resources.filter((r) => r.type === render_1.POD_IDENTITY_ASSOCIATION_TYPE);
    if (associations.length > 0) {
        section(`EKS Pod Identity associations (${render_1.POD_IDENTITY_ASSOCIATION_TYPE})`, associations.flatMap(associationLines));
    }
    if (result.warnings.length > 0 || result.addonWildcards.length > 0) {
        section("Warnings", [
            ...result.warnings.map((w) => `! ${w.message}`),
            ...result.addonWildcards.map((w) => `! deliberate wildcard: ${w.argument} grants ${w.resource} (every such resource of the account), by your opt-in.`),
        ]);
    }
    if (result.notes.length > 0) {
        section("Notes", result.notes.map((note) => `- ${note}`));
    }
    const release = result.helmRelease;
    if (release !== undefined) {
        section(`ServiceAccount through Helm: ${release.chart} ${release.version} from ${release.repository}, in namespace ${release.namespace}`, [
            "In a Qovery Helm service, set the override arguments:",
            `  serviceAccount.name: ${release.values.serviceAccount.name}`,
            `  awsRoleArn: ${release.values.awsRoleArn}`,
            "or use the values file below: this whole output is one, every line above being a YAML comment.",
            ...result.manifests.map((m) => `The component also creates ${m.kind} ${m.metadata.name} (eks-irsa render --format json shows it).`),
        ]);
        const comments = lines.map((line) => (line === "" ? "#" : `# ${line}`)).join("\n");
        return `${comments}\n${YAML.stringify(release.values, { lineWidth: 0 })}`;
    }
    if (result.serviceAccount === undefined) {
        section("ServiceAccount (none created: serviceAccountMode None)", [
            "Annotate your own ServiceAccount with:",
            ...Object.entries(result.outputs.serviceAccountAnnotations).map(([key, value]) => `  ${key}: ${value}`),
        ]);
    }
    else {
        section("Kubernetes manifests (the whole output can be piped to kubectl apply -f -)", []);
    }
    const comments = lines.map((line) => (line === "" ? "#" : `# ${line}`)).join("\n");
    const documents = result.manifests.map((manifest) => `---\n${manifestYaml(manifest)}`).join("");
    return `${comments}\n${documents}`;
}
function associationLines(association) {
    const { clusterName, namespace, serviceAccount, roleArn, targetRoleArn, disableSessionTags } = association.inputs;
    return [
        `${association.name}: cluster ${clusterName}, namespace ${namespace}, ServiceAccount ${serviceAccount}`,
        `  role: ${roleArn}`,
        ...(targetRoleArn === undefined ? [] : [`  target role: ${targetRoleArn}`]),
        ...(disableSessionTags === true ? ["  session tags: disabled"] : []),
    ];
}
function inlinePolicyLines(policy) {
    const document = String(policy.inputs.policy);
    let pretty = document;
    try {
        pretty = JSON.stringify(JSON.parse(document), null, 2);
    }
    catch {
        // The component has checked it is JSON; show it as given otherwise.
    }
    return [`${policy.name}: policy "${policy.inputs.name}"`, ...pretty.split("\n")];
}
function format(value) {
    return typeof value === "object" ? JSON.stringify(value) : String(value);
}
/** The render result for machines: one JSON object. */
function formatRenderJson(result, tutorialDefaults) {
    const { name, resources, lookups, outputs, trustPolicy, manifests, notes, warnings, addonPolicies, addonWildcards } = result;
    return `${JSON.stringify({ name, tutorialDefaults, resources, lookups, outputs, trustPolicy, manifests, notes, warnings, addonPolicies, addonWildcards }, null, 2)}\n`;
}
/** `explain --who`: per statement whom it names, then per OIDC provider whom the policy admits (Allow minus Deny), then the warnings. */
function formatTrust(description) {
    const lines = description.statements.flatMap(statementLines);
    lines.push("", "Per OIDC provider (what the Allow statements admit, minus what the Deny statements exclude):");
    lines.push(...(description.providers.length === 0 ? ["  no OIDC provider can present a token: nothing is admitted"] : description.providers.flatMap((p) => p.text)));
    if (description.statements.some((s) => s.podIdentity || s.anyPrincipal)) {
        lines.push("", "Per EKS Pod Identity association (the session tags EKS sets: cluster, namespace, ServiceAccount, pod):");
        lines.push(...description.podIdentity.text.map((line) => `  ${line}`));
    }
    lines.push(...warningLines(description.warnings));
    return `${lines.join("\n")}\n`;
}
function statementLines(statement) {
    const name = `Statement ${statement.index}${statement.sid === undefined ? "" : ` (${statement.sid})`}`;
    const verb = statement.effect === "Allow" ? "admits" : "denies";
    let head;
    if (statement.podIdentity) {
        const lines = [`${name} (${statement.effect}) trusts EKS Pod Identity (pods.eks.amazonaws.com)`];
        lines.push(statement.associations === undefined
            ? `  ${verb} nothing: its actions include neither sts:AssumeRole nor sts:TagSession, or a condition is always false`
            : `  ${verb}: ${statement.associations}`);
        return lines;
    }
    if (statement.anyPrincipal) {
        head = `${name} (${statement.effect}) trusts any principal ("*")`;
    }
    else if (statement.issuers.length > 0) {
        head = `${name} (${statement.effect}) trusts the cluster with issuer ${statement.issuers.map((i) => `https://${i}`).join(" and ")}, OIDC provider ${statement.providers.join(", ")}`;
    }
    else {
        head = `${name} (${statement.effect}) trusts no IAM OIDC provider (${statement.providers.join(", ") || "no Federated principal"})`;
    }
    const lines = [head];
    const subjects = statement.subjects;
    if (statement.admitsNothing) {
        const why = statement.issuers.length === 0 && !statement.anyPrincipal
            ? "no token arrives through it"
            : !statement.webIdentity
                ? "its actions do not include sts:AssumeRoleWithWebIdentity"
                : statement.foreignKeys.length > 0
                    ? `its conditions test ${statement.foreignKeys.join(", ")}, keys of another issuer`
                    : "one of its conditions is false for every token";
        lines.push(`  ${verb} nothing: ${why}`);
        lines.push(...subjects.map((subject) => `  it was meant for: ${subject.text}`));
    }
    else {
        if (subjects.length === 0) {
            lines.push(`  ${verb}: every ServiceAccount in every namespace (no :sub condition)`);
        }
        lines.push(...subjects.map((subject) => `  ${verb}: ${subject.text}`));
        const operators = new Set(subjects.map((s) => s.operator));
        if (operators.size > 1) {
            lines.push(`  (a token must satisfy each of ${[...operators].join(" and ")}: conditions of one statement are ANDed)`);
        }
    }
    const audiences = statement.audiences;
    lines.push(audiences.length === 0 ? "  audience: not checked" : `  audience: ${audiences.map((a) => `${a.text} (${a.operator})`).join(", and ")}`);
    return lines;
}
function warningLines(warnings) {
    return warnings.map((w) => `warning: ${w.message}`);
}
/** `explain` with a subject: allowed or denied, and why. */
function formatAccess(answer) {
    const { request, decision } = answer;
    return [
        `${decision.allowed ? "allowed" : "denied"}: ${decision.reason}`,
        `  token: sub ${request.subject}, aud ${[request.audience].flat().join(", ")}, through ${request.providerArn}`,
        "",
    ].join("\n");
}
