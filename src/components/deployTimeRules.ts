/**
 * Rules the API server, Helm or Qovery's chart apply at deploy time, applied by the component at plan time so that a
 * value they would refuse (or misread) is refused first, with the argument's name.
 */
import { WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";

/** The API server's limit on a object's annotations: keys and values together, in UTF-8 bytes (ValidateAnnotationsSize). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** The bytes the API server counts for `annotations`: each key's and value's UTF-8 length (Go's len). */
export function annotationsSize(annotations: { [key: string]: string }): number {
    return Object.entries(annotations).reduce((total, [key, value]) => total + Buffer.byteLength(key, "utf8") + Buffer.byteLength(String(value), "utf8"), 0);
}

/** Refuses annotations over the API server's 256 KiB total; the value is not shown (it is that large), only its size. */
export function checkAnnotationsSize(argument: string, annotations: { [key: string]: string }, what = "the ServiceAccount's annotations"): void {
    const size = annotationsSize(annotations);
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
        throw new IrsaArgumentError(
            argument,
            `annotations of ${size} bytes`,
            `${what} (keys and values, in UTF-8 bytes) total ${size} bytes, over the API server's limit of ${TOTAL_ANNOTATION_SIZE_LIMIT} (256 KiB).`,
        );
    }
}

// go-yaml (YAML 1.1, as kubectl and Helm read) takes these unquoted words as booleans or null.
const YAML11_WORDS = /^(y|yes|n|no|on|off|true|false|null|~)$/i;
// Numbers as go-yaml resolves them once '_' is removed: Go's ParseInt/ParseUint with base 0 (decimal, 0x, 0o, 0b, a
// leading 0 for octal), its float pattern, and .inf/.nan. A name matching the pattern but out of range (1e400) is
// refused too: refusing it costs nothing.
const YAML11_NUMBER = /^[-+]?(0x[0-9a-f]+|0o[0-7]+|0b[01]+|[0-9]+(\.[0-9]*)?(e[-+]?[0-9]+)?|\.[0-9]+(e[-+]?[0-9]+)?|\.inf|\.nan)$/i;

/** What go-yaml reads `text` written unquoted as, when not a string: "a boolean", "null", "a number"; else undefined. */
export function yaml11PlainType(text: string): string | undefined {
    if (text === "" || /^(null|~)$/i.test(text)) {
        return "null";
    }
    if (YAML11_WORDS.test(text)) {
        return "a boolean";
    }
    return YAML11_NUMBER.test(text.replace(/_/g, "")) ? "a number" : undefined;
}

/**
 * Qovery's qovery-sa-helper chart writes `serviceAccount.name` unquoted into the ServiceAccount's YAML, so a name go-yaml
 * reads as something else than a string (`null`, `no`, `true`, `123`, `1e3`, `0x1f`) makes another ServiceAccount, or
 * none: refused in HelmChart mode.
 */
export function checkChartServiceAccountName(argument: string, name: string): void {
    const type = yaml11PlainType(name);
    if (type !== undefined) {
        throw new IrsaArgumentError(
            argument,
            name,
            `the qovery-sa-helper chart writes the ServiceAccount's name unquoted, and YAML (1.1, as Helm and kubectl read it) takes "${name}" as ${type}, not a name. ` +
                "Use another name, or serviceAccountMode Manifest.",
        );
    }
}

// What Helm's toYaml (go-yaml's emitter), which Qovery's chart writes the other annotations with, cannot carry: DEL,
// C1 controls and U+FFFE/U+FFFF (the annotation is lost; U+0085 becomes a space), line breaks after the first at the
// end (one is kept), and Unicode white space other than ' ' and tab at the end (trimmed; alone, the value becomes null).
const CHART_LOST: [RegExp, string][] = [
    [/[\x7f-\x9f\ufffe\uffff]/, "DEL, a C1 control character (U+0085 included), U+FFFE or U+FFFF"],
    [/(^|\n)\n$/, "more than one line break at its end (or line breaks only)"],
    [/[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]\n*$/, "Unicode white space other than a space or a tab at its end"],
];

/**
 * Qovery's chart writes `serviceAccount.annotations` with Helm's toYaml, which changes or drops some values: refused in
 * HelmChart mode, so that the ServiceAccount carries exactly the annotations given.
 */
export function checkChartAnnotations(argument: string, annotations: { [key: string]: string }): void {
    for (const [key, value] of Object.entries(annotations)) {
        const lost = CHART_LOST.find(([pattern]) => pattern.test(value));
        if (lost !== undefined) {
            throw new IrsaArgumentError(
                `${argument}.${key}`,
                value,
                `the qovery-sa-helper chart writes annotations with Helm's toYaml, which does not carry a value with ${lost[1]} intact. Change the value, or use serviceAccountMode Manifest.`,
            );
        }
    }
}

const HELM_RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HELM_RELEASE_NAME_MAX = 53;
// The Pulumi Kubernetes provider names an unnamed Release "<Pulumi name>-<8 random hex digits>"; ours is "<name>-sa".
const RELEASE_SUFFIX = "-sa-00000000";

/** The Helm release of HelmChart mode is auto-named `<name>-sa-<8 hex digits>`: Helm must accept that name. */
export function checkHelmReleaseName(componentName: string): void {
    const releaseName = `${componentName}${RELEASE_SUFFIX}`;
    if (releaseName.length > HELM_RELEASE_NAME_MAX || !HELM_RELEASE_NAME.test(releaseName)) {
        throw new IrsaArgumentError(
            "name",
            componentName,
            `with serviceAccountMode HelmChart the Helm release is named "${componentName}-sa-<8 random hex digits>", and Helm accepts at most ${HELM_RELEASE_NAME_MAX} ` +
                "lower-case letters, digits, '-' and '.' (dot-separated DNS labels, each starting and ending with a letter or digit): " +
                `use a component name of at most ${HELM_RELEASE_NAME_MAX - RELEASE_SUFFIX.length} such characters.`,
        );
    }
}

/**
 * The audience is the IRSA token's: with identity PodIdentity no trust statement checks it, so its annotation would only
 * mislead. Refused rather than dropped, so that nothing given is silently ignored.
 */
export function checkPodIdentityAudience(identity: WorkloadIdentity, audience: unknown): void {
    if (identity === WorkloadIdentity.PodIdentity && audience !== undefined && audience !== null) {
        throw new IrsaArgumentError(
            "audience",
            typeof audience === "string" ? audience : "audience set",
            "the audience is the IRSA token's, and with identity PodIdentity no trust statement checks it (EKS Pod Identity has its own). Drop it, or use identity Irsa or Both.",
        );
    }
}
