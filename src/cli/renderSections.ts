import { describeTrust } from "../policy/explain";
import { checkSessionPolicy, describeSessionPolicy } from "../policy/sessionPolicy";
import { helmSetArgument } from "./helmSet";
import { yamlScalar } from "./kubeYaml";
import {
    INLINE_POLICY_TYPE,
    OIDC_PROVIDER_TYPE,
    POD_IDENTITY_ASSOCIATION_TYPE,
    POLICY_ATTACHMENT_TYPE,
    RenderedResource,
    RenderResult,
    ROLE_TYPE,
} from "./render";
import { statementLines } from "./statementLines";

/** One headed section of render's human output: `== title ==`, then its lines (each becomes a YAML comment). */
export interface RenderSection {
    title: string;
    body: string[];
}

/** The OIDC provider: created, looked up or given; none when the role is adopted without a trust source. */
export function oidcProviderSections(result: RenderResult): RenderSection[] {
    const provider = result.resources.find((r) => r.type === OIDC_PROVIDER_TYPE);
    if (provider !== undefined) {
        return [
            section("OIDC provider (created)", [
                `${provider.name} (${provider.type})`,
                `url: ${provider.inputs.url}`,
                `client IDs: ${(provider.inputs.clientIdLists as string[]).join(", ")}`,
                `arn: ${provider.outputs.arn}`,
            ]),
        ];
    } else if (result.outputs.oidcProviderArn !== undefined) {
        const lookedUp = result.lookups.some((l) => l.token.includes("getOpenIdConnectProvider"));
        return [section(lookedUp ? "OIDC provider (looked up, not created)" : "OIDC provider (given, not created)", [`arn: ${result.outputs.oidcProviderArn}`])];
    }
    return [];
}

/** The IAM role with its trust policy, or the adopted role and the trust policy it needs. */
export function roleSection(result: RenderResult): RenderSection {
    const role = result.resources.find((r) => r.type === ROLE_TYPE);
    const trust = result.trustPolicy;
    const trustLines = trust === undefined ? [] : [`trust policy: ${trust.size} of ${trust.limit} characters`, ...JSON.stringify(trust.document, null, 2).split("\n")];
    if (role !== undefined) {
        const optional = (key: string, label: string) => (role.inputs[key] === undefined ? [] : [`${label}: ${format(role.inputs[key])}`]);
        return section(`IAM role ${role.name} (${role.type})`, [
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
    return section("IAM role (existing, not created)", [
        `arn: ${result.outputs.roleArn}`,
        ...(trust === undefined ? ["trust policy: not known (no trust source given)"] : ["the trust policy it needs (not applied):", ...trustLines]),
    ]);
}

/** Whom the trust policy admits, statement by statement, in `explain --who`'s words. */
export function whoMayAssumeSections(result: RenderResult): RenderSection[] {
    if (result.outputs.trustPolicy === undefined) {
        return [];
    }
    return [section("Who may assume the role", describeTrust(result.outputs.trustPolicy).statements.flatMap(statementLines))];
}

/** What the role may do: its managed policy attachments, its inline policies, then the add-ons' policies. */
export function permissionSections(result: RenderResult): RenderSection[] {
    const sections: RenderSection[] = [];
    const attachments = result.resources.filter((r) => r.type === POLICY_ATTACHMENT_TYPE);
    if (attachments.length > 0) {
        sections.push(section(`Policy attachments (${POLICY_ATTACHMENT_TYPE})`, attachments.map((a) => `${a.name}: ${a.inputs.policyArn}`)));
    }
    // The add-ons' inline policies are shown with the add-ons.
    const inline = result.resources.filter((r) => r.type === INLINE_POLICY_TYPE && !result.addonPolicies.some((p) => p.name === r.inputs.name));
    if (inline.length > 0) {
        sections.push(section(`Inline policies (${INLINE_POLICY_TYPE})`, inline.flatMap(inlinePolicyLines)));
    }
    if (result.addonPolicies.length > 0) {
        sections.push(
            section(
                "Add-on policies (addonPolicies)",
                result.addonPolicies.flatMap((p) => [
                    `${p.name}: the ${p.addon} add-on's, ${p.placement === "inline" ? "an inline policy of the role" : "a managed policy attached to the role"} (${p.size} characters)`,
                    ...JSON.stringify(p.document, null, 2).split("\n"),
                ]),
            ),
        );
    }
    return sections;
}

/** The EKS Pod Identity associations, if any. */
export function associationSections(result: RenderResult): RenderSection[] {
    const associations = result.resources.filter((r) => r.type === POD_IDENTITY_ASSOCIATION_TYPE);
    return associations.length === 0 ? [] : [section(`EKS Pod Identity associations (${POD_IDENTITY_ASSOCIATION_TYPE})`, associations.flatMap(associationLines))];
}

/** The component's warnings with the add-ons' deliberate wildcards, then its notes. */
export function noticeSections(result: RenderResult): RenderSection[] {
    const sections: RenderSection[] = [];
    if (result.warnings.length > 0 || result.addonWildcards.length > 0) {
        sections.push(
            section("Warnings", [
                ...result.warnings.map((w) => `! ${w.message}`),
                ...result.addonWildcards.map((w) => `! deliberate wildcard: ${w.argument} grants ${w.resource} (every such resource of the account), by your opt-in.`),
            ]),
        );
    }
    if (result.notes.length > 0) {
        sections.push(section("Notes", result.notes.map((note) => `- ${note}`)));
    }
    return sections;
}

/**
 * The ServiceAccount: through a Helm chart (with the override arguments, the values file following), not created (with
 * the annotations to set on one's own), or as the manifests that follow.
 */
export function serviceAccountSection(result: RenderResult): RenderSection {
    const release = result.helmRelease;
    if (release !== undefined) {
        const overrides = [
            helmSetArgument("serviceAccount.name", release.values.serviceAccount.name),
            helmSetArgument("awsRoleArn", release.values.awsRoleArn),
        ];
        return section(`ServiceAccount through Helm: ${release.chart} ${release.version} from ${release.repository}, in namespace ${release.namespace}`, [
            "In a Qovery Helm service, add the override arguments (Helm's --set; each reads the same pasted into a shell):",
            ...overrides.map((o) => `  ${o.argument ?? `${o.key}: use the values file: ${o.reason}`}`),
            "or use the values file below: this whole output is one, every line above being a YAML comment.",
            ...result.manifests.map((m) => `The component also creates ${m.kind} ${m.metadata.name} (eks-irsa render --format json shows it).`),
        ]);
    }
    if (result.serviceAccount === undefined) {
        return section("ServiceAccount (none created: serviceAccountMode None)", [
            "Annotate your own ServiceAccount with:",
            ...Object.entries(result.outputs.serviceAccountAnnotations).map(([key, value]) => `  ${yamlScalar(key)}: ${yamlScalar(value)}`),
        ]);
    }
    return section("Kubernetes manifests (the whole output can be piped to kubectl apply -f -)", []);
}

function section(title: string, body: string[]): RenderSection {
    return { title, body };
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
