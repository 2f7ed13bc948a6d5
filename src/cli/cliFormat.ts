import { AccessAnswer, TrustDescription, TrustWarning } from "../policy/explain";
import { KubernetesManifest, RenderResult } from "./render";
import { commentSafe, kubeYaml } from "./kubeYaml";
import {
    associationSections,
    noticeSections,
    oidcProviderSections,
    permissionSections,
    roleSection,
    serviceAccountSection,
    whoMayAssumeSections,
} from "./renderSections";
import { statementLines } from "./statementLines";

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
    const sections = [
        ...oidcProviderSections(result),
        roleSection(result),
        ...whoMayAssumeSections(result),
        ...permissionSections(result),
        ...associationSections(result),
        ...noticeSections(result),
        serviceAccountSection(result),
    ];
    const lines = [...renderHeading(result, tutorialDefaults), ...sections.flatMap(({ title, body }) => ["", `== ${title} ==`, ...body])];
    // Under the comments, a Helm release's values file, or the manifests for kubectl apply -f -.
    const release = result.helmRelease;
    const yaml = release !== undefined ? kubeYaml(release.values) : result.manifests.map((manifest) => `---\n${manifestYaml(manifest)}`).join("");
    return `${commentLines(lines)}\n${yaml}`;
}

/** What is rendered, offline, and which of the tutorial's defaults filled in for missing flags. */
function renderHeading(result: RenderResult, tutorialDefaults: string[]): string[] {
    const lines: string[] = [`eks-irsa render: what \`pulumi up\` would create for ServiceAccountRole "${result.name}" (offline: nothing reaches AWS or Kubernetes).`];
    if (tutorialDefaults.length > 0) {
        lines.push(
            "These values are the Qovery AWS IAM roles tutorial's defaults:",
            ...tutorialDefaults.map((flag) => `  ${flag}`),
            "Pass those flags to change them; eks-irsa render --help lists every flag.",
        );
    }
    return lines;
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
