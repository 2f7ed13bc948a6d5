import { AccessAnswer, AccessClause, clauseWords, describeTrust, StatementDescription, TrustDescription, TrustWarning } from "../policy/explain";
import {
    INLINE_POLICY_TYPE,
    KubernetesManifest,
    OIDC_PROVIDER_TYPE,
    POD_IDENTITY_ASSOCIATION_TYPE,
    POLICY_ATTACHMENT_TYPE,
    RenderedResource,
    RenderResult,
    ROLE_TYPE,
} from "./render";
import { commentSafe, kubeYaml, yamlScalar } from "./kubeYaml";
import { helmSetArgument } from "./helmSet";
import { checkSessionPolicy, describeSessionPolicy } from "../policy/sessionPolicy";

/**
 * A manifest as YAML that `kubectl apply -f -` reads back as exactly this object (go-yaml, YAML 1.1: see kubeYaml);
 * long values stay on one line.
 */
export function manifestYaml(manifest: KubernetesManifest): string {
    return kubeYaml(manifest as unknown as { [key: string]: unknown });
}

/** Lines of `# ...` comments: every user text in them is kept on its line (commentSafe), whatever it holds. */
function commentLines(lines: string[]): string {
    return lines.map((line) => (line === "" ? "#" : `# ${commentSafe(line)}`)).join("\n");
}

/**
 * What `pulumi up` would create, for people: short headed sections as YAML comments, then the Kubernetes manifests as
 * YAML documents, so that the whole output can also be piped to `kubectl apply -f -`.
 */
export function formatRender(result: RenderResult, tutorialDefaults: string[]): string {
    const lines: string[] = [`eks-irsa render: what \`pulumi up\` would create for ServiceAccountRole "${result.name}" (offline: nothing reaches AWS or Kubernetes).`];
    if (tutorialDefaults.length > 0) {
        lines.push(
            "These values are the Qovery AWS IAM roles tutorial's defaults:",
            ...tutorialDefaults.map((flag) => `  ${flag}`),
            "Pass those flags to change them; eks-irsa render --help lists every flag.",
        );
    }
    const section = (title: string, body: string[]) => lines.push("", `== ${title} ==`, ...body);

    const provider = result.resources.find((r) => r.type === OIDC_PROVIDER_TYPE);
    if (provider !== undefined) {
        section("OIDC provider (created)", [
            `${provider.name} (${provider.type})`,
            `url: ${provider.inputs.url}`,
            `client IDs: ${(provider.inputs.clientIdLists as string[]).join(", ")}`,
            `arn: ${provider.outputs.arn}`,
        ]);
    } else if (result.outputs.oidcProviderArn !== undefined) {
        const lookedUp = result.lookups.some((l) => l.token.includes("getOpenIdConnectProvider"));
        section(lookedUp ? "OIDC provider (looked up, not created)" : "OIDC provider (given, not created)", [`arn: ${result.outputs.oidcProviderArn}`]);
    }

    const role = result.resources.find((r) => r.type === ROLE_TYPE);
    const trust = result.trustPolicy;
    const trustLines = trust === undefined ? [] : [`trust policy: ${trust.size} of ${trust.limit} characters`, ...JSON.stringify(trust.document, null, 2).split("\n")];
    if (role !== undefined) {
        const optional = (key: string, label: string) => (role.inputs[key] === undefined ? [] : [`${label}: ${format(role.inputs[key])}`]);
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
    } else {
        section("IAM role (existing, not created)", [
            `arn: ${result.outputs.roleArn}`,
            ...(trust === undefined ? ["trust policy: not known (no trust source given)"] : ["the trust policy it needs (not applied):", ...trustLines]),
        ]);
    }

    if (result.outputs.trustPolicy !== undefined) {
        section("Who may assume the role", describeTrust(result.outputs.trustPolicy).statements.flatMap(statementLines));
    }

    const attachments = result.resources.filter((r) => r.type === POLICY_ATTACHMENT_TYPE);
    if (attachments.length > 0) {
        section(`Policy attachments (${POLICY_ATTACHMENT_TYPE})`, attachments.map((a) => `${a.name}: ${a.inputs.policyArn}`));
    }
    // The add-ons' inline policies are shown with the add-ons.
    const inline = result.resources.filter((r) => r.type === INLINE_POLICY_TYPE && !result.addonPolicies.some((p) => p.name === r.inputs.name));
    if (inline.length > 0) {
        section(`Inline policies (${INLINE_POLICY_TYPE})`, inline.flatMap(inlinePolicyLines));
    }
    if (result.addonPolicies.length > 0) {
        section(
            "Add-on policies (addonPolicies)",
            result.addonPolicies.flatMap((p) => [
                `${p.name}: the ${p.addon} add-on's, ${p.placement === "inline" ? "an inline policy of the role" : "a managed policy attached to the role"} (${p.size} characters)`,
                ...JSON.stringify(p.document, null, 2).split("\n"),
            ]),
        );
    }
    const associations = result.resources.filter((r) => r.type === POD_IDENTITY_ASSOCIATION_TYPE);
    if (associations.length > 0) {
        section(`EKS Pod Identity associations (${POD_IDENTITY_ASSOCIATION_TYPE})`, associations.flatMap(associationLines));
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
        const overrides = [
            helmSetArgument("serviceAccount.name", release.values.serviceAccount.name),
            helmSetArgument("awsRoleArn", release.values.awsRoleArn),
        ];
        section(`ServiceAccount through Helm: ${release.chart} ${release.version} from ${release.repository}, in namespace ${release.namespace}`, [
            "In a Qovery Helm service, add the override arguments (Helm's --set; each reads the same pasted into a shell):",
            ...overrides.map((o) => `  ${o.argument ?? `${o.key}: use the values file: ${o.reason}`}`),
            "or use the values file below: this whole output is one, every line above being a YAML comment.",
            ...result.manifests.map((m) => `The component also creates ${m.kind} ${m.metadata.name} (eks-irsa render --format json shows it).`),
        ]);
        return `${commentLines(lines)}\n${kubeYaml(release.values)}`;
    }
    if (result.serviceAccount === undefined) {
        section("ServiceAccount (none created: serviceAccountMode None)", [
            "Annotate your own ServiceAccount with:",
            ...Object.entries(result.outputs.serviceAccountAnnotations).map(([key, value]) => `  ${yamlScalar(key)}: ${yamlScalar(value)}`),
        ]);
    } else {
        section("Kubernetes manifests (the whole output can be piped to kubectl apply -f -)", []);
    }
    const documents = result.manifests.map((manifest) => `---\n${manifestYaml(manifest)}`).join("");
    return `${commentLines(lines)}\n${documents}`;
}

function associationLines(association: RenderedResource): string[] {
    const { clusterName, namespace, serviceAccount, roleArn, targetRoleArn, disableSessionTags, policy } = association.inputs;
    return [
        `${association.name}: cluster ${clusterName}, namespace ${namespace}, ServiceAccount ${serviceAccount}`,
        `  role: ${roleArn}`,
        ...(targetRoleArn === undefined ? [] : [`  target role: ${targetRoleArn}`]),
        ...(disableSessionTags === true ? ["  session tags: disabled"] : []),
        // The component has checked the policy; its summary says that it narrows what the pods get.
        ...(typeof policy === "string" ? [`  session policy: ${describeSessionPolicy(checkSessionPolicy("sessionPolicy", policy))}`] : []),
    ];
}

function inlinePolicyLines(policy: RenderedResource): string[] {
    const document = String(policy.inputs.policy);
    let pretty = document;
    try {
        pretty = JSON.stringify(JSON.parse(document), null, 2);
    } catch {
        // The component has checked it is JSON; show it as given otherwise.
    }
    return [`${policy.name}: policy "${policy.inputs.name}"`, ...pretty.split("\n")];
}

function format(value: unknown): string {
    return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The render result for machines: one JSON object. */
export function formatRenderJson(result: RenderResult, tutorialDefaults: string[]): string {
    const { name, resources, lookups, outputs, trustPolicy, manifests, helmRelease, notes, warnings, addonPolicies, addonWildcards } = result;
    return `${JSON.stringify({ name, tutorialDefaults, resources, lookups, outputs, trustPolicy, manifests, helmRelease, notes, warnings, addonPolicies, addonWildcards }, null, 2)}\n`;
}

/** `explain --who`: per statement whom it names, then per OIDC provider whom the policy admits (Allow minus Deny), then the warnings. */
export function formatTrust(description: TrustDescription): string {
    const assumed = description.assumedKeys;
    const lines =
        assumed.length === 0
            ? []
            : [
                  // The target-role section reads sts:ExternalId itself: the note is about tokens and associations only.
                  `note: for web identity tokens and Pod Identity associations, read as if its conditions on ${assumed.join(", ")}, which eks-irsa does ` +
                      "not model for them, held in every Allow and in no Deny (a caller chooses some of them): whom the role may admit at most.",
              ];
    lines.push(...description.statements.flatMap(statementLines));
    lines.push("", "Per OIDC provider (what the Allow statements admit, minus what the Deny statements exclude):");
    lines.push(...(description.providers.length === 0 ? ["  no OIDC provider can present a token: nothing is admitted"] : description.providers.flatMap((p) => p.text)));
    if (description.statements.some((s) => s.podIdentity || s.anyPrincipal)) {
        lines.push("", "Per EKS Pod Identity association (the session tags EKS sets: cluster, namespace, ServiceAccount, pod):");
        lines.push(...description.podIdentity.text.map((line) => `  ${line}`));
    }
    if (description.statements.some((s) => s.otherPrincipals.length > 0 || s.accounts.length > 0)) {
        lines.push("", "As an EKS Pod Identity target role (a targetRoleArn's second hop: the component role's session, with sts:ExternalId the association's externalId):");
        lines.push(...description.targetRole.text.map((line) => `  ${line}`));
    }
    lines.push(...warningLines(description.warnings));
    return `${lines.join("\n")}\n`;
}

function statementLines(statement: StatementDescription): string[] {
    const name = `Statement ${statement.index}${statement.sid === undefined ? "" : ` (${statement.sid})`}`;
    const verb = statement.effect === "Allow" ? "admits" : "denies";
    let head: string;
    if (statement.podIdentity) {
        const lines = [`${name} (${statement.effect}) trusts EKS Pod Identity (pods.eks.amazonaws.com)`];
        lines.push(
            statement.associations === undefined
                ? `  ${verb} nothing: its actions include neither sts:AssumeRole nor sts:TagSession, or a condition is always false`
                : `  ${verb}: ${statement.associations}`,
        );
        return lines;
    }
    if (statement.anyPrincipal) {
        head = `${name} (${statement.effect}) trusts any principal ("*")`;
    } else if (statement.issuers.length > 0) {
        head = `${name} (${statement.effect}) trusts the cluster with issuer ${statement.issuers.map((i) => `https://${i}`).join(" and ")}, OIDC provider ${statement.providers.join(", ")}`;
    } else if (statement.accounts.length > 0 && statement.effect === "Deny") {
        head = `${name} (${statement.effect}) names account ${statement.accounts.join(" and ")}`;
    } else {
        head = `${name} (${statement.effect}) trusts no IAM OIDC provider (${statement.providers.join(", ") || "no Federated principal"})`;
    }
    if (statement.accounts.length > 0 && statement.effect === "Deny") {
        // IAM matches an account principal at account level: the Deny covers every web identity of the account.
        head += `, so every OIDC provider of account ${statement.accounts.join(" and ")}`;
    }
    const lines = [head];
    const subjects = statement.subjects;
    if (statement.admitsNothing) {
        const why =
            statement.issuers.length === 0 && !statement.anyPrincipal
                ? "no token arrives through it"
                : !statement.webIdentity
                  ? "its actions do not include sts:AssumeRoleWithWebIdentity"
                  : statement.foreignKeys.length > 0
                    ? `its conditions test ${statement.foreignKeys.join(", ")}, keys of another issuer`
                    : "one of its conditions is false for every token";
        // Other principals are not "nothing": they may call sts:AssumeRole themselves (the model's OtherPrincipal warning).
        const others = statement.effect === "Allow" && statement.otherPrincipals.length > 0;
        lines.push(
            others
                ? `  ${verb} no web identity token nor Pod Identity association (${why}); ${statement.otherPrincipals.join(", ")} may call sts:AssumeRole itself (see the warnings)`
                : `  ${verb} nothing: ${why}`,
        );
        lines.push(...subjects.map((subject) => `  it was meant for: ${subject.text}`));
        const audiences = statement.audiences;
        lines.push(audiences.length === 0 ? "  audience: not checked" : `  audience: ${audiences.map((a) => `${a.text} (${a.operator})`).join(", and ")}`);
        return lines;
    }
    // What it admits (or denies) through each provider: the clauses of the summary per provider, in the same words.
    const many = statement.access.length > 1;
    for (const { through, clause } of statement.access) {
        const indent = many ? "    " : "  ";
        if (many) {
            lines.push(`  through ${through}:`);
        }
        lines.push(...clauseLines(clause, verb).map((line) => `${indent}${line}`));
    }
    return lines;
}

/** One clause of a statement as `--who` prints it: whom, then the audience, from the words of the summary's clause text. */
function clauseLines(clause: AccessClause, verb: string): string[] {
    const words = clauseWords(clause);
    const lines = words.subjects.length === 0 ? [`${verb}: every ServiceAccount in every namespace (no :sub condition)`] : words.subjects.map((s) => `${verb}: ${s}`);
    if (words.subjectOperators.length > 1) {
        lines.push(`(a token must satisfy each of ${words.subjectOperators.join(" and ")}: conditions of one statement are ANDed)`);
    }
    lines.push(words.audiences.length === 0 ? "audience: not checked" : `audience: ${words.audiences.join(", and ")}`);
    return lines;
}

function warningLines(warnings: TrustWarning[]): string[] {
    return warnings.map((w) => `warning: ${w.message}`);
}

/** `explain` with a subject: allowed or denied, and why. */
export function formatAccess(answer: AccessAnswer): string {
    const { request, decision } = answer;
    return [
        `${decision.allowed ? "allowed" : "denied"}: ${decision.reason}`,
        `  token: sub ${request.subject}, aud ${[request.audience].flat().join(", ")}, through ${request.providerArn}`,
        "",
    ].join("\n");
}
