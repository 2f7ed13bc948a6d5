/**
 * The property of issue 28 (fast-check, fixed seed printed): every free-text and name argument that reaches render's
 * text, given a hostile string (every line terminator, YAML 1.1 words and numbers, '#', '---', '{{ }}', anchors and
 * tags, quotes, BOM, NUL, long strings), is either refused with a message naming the argument, or render's output, read
 * as kubectl reads it, equals object for object what the mocked `pulumi up` registered; in HelmChart mode the values
 * file read by Helm's values reader equals the registered values, the stand-in chart rendered by Helm's engine makes
 * the ServiceAccount they describe, and the printed --set arguments read by Helm's --set parser give the same values.
 * All the cases are read by one kubereader process; a disagreement is then replayed case by case so that fast-check
 * shrinks it. Also: render's quantity grammar against resource.ParseQuantity, and helmSetArgument against strvals.
 * PROPERTY_READING_RUNS raises the count; PROPERTY_SEED replays another seed.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { isRenderInputError, renderServiceAccountRole, RenderResult, ServiceAccountMode, ServiceAccountRoleArgs, TrustScope, WorkloadIdentity } from "../../index";
import { formatRender } from "../../src/cli/cliFormat";
import { helmSetArgument } from "../../src/cli/helmSet";
import { parseQuantity } from "../../src/components/quantity";
import { kubeReader, readAsKube } from "../kubeReader";
import { expectedReading, readRenders } from "./renderReading";

export const SEED = Number(process.env.PROPERTY_SEED ?? 20261207);
export const READING_RUNS = Number(process.env.PROPERTY_READING_RUNS ?? 300);
export const QUANTITY_RUNS = 3000;
export const SET_RUNS = 2000;

const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const ISSUER_URL = `https://${ISSUER}`;
const ACCOUNT = "123456789012";
const S3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

const LINE_BREAKS = ["\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029"];
const YAML_WORDS = ["y", "Y", "n", "N", "yes", "Yes", "NO", "on", "On", "OFF", "off", "true", "False", "TRUE", "null", "Null", "NULL", "~", ""];
const YAML_NUMBERS = ["1_000", "0o17", "0x1f", "0X1F", "017", "0b101", "1e3", "1E3", "1.", ".5", "+1", "-1", "1:20", "2001-12-14", "2001-12-14t21:59:43.10-05:00", ".inf", "-.inf", ".NaN", "123", "0", "1.5e+3"];
const PIECES = [
    ...LINE_BREAKS,
    "\t",
    "\u0000",
    "\u0007",
    "\u001b",
    "\u007f",
    "\u009f",
    "\ufeff",
    "\ufffe",
    "\u00a0",
    "\u3000",
    "😀",
    // Lone surrogates (a high one, a low one): refused wherever a string arrives; two in a row may make a pair.
    "\ud83d",
    "\ude00",
    "é",
    "#",
    " #",
    "# ",
    "---",
    "...",
    "- ",
    ": ",
    "? ",
    "{{ .Values.awsRoleArn }}",
    "{{",
    "}}",
    "&a",
    "*a",
    "!!str",
    "!x",
    "<<",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "%",
    "@",
    "`",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    ".",
    "/",
    "-",
    "a",
    "z9",
    " ",
    ...YAML_WORDS.filter(Boolean),
    ...YAML_NUMBERS,
];

/** A hostile string: a YAML word or number alone, pieces joined, a hostile piece inside a plausible value, or a long one. */
export const hostile: fc.Arbitrary<string> = fc.oneof(
    // JavaScript's own member names too: a map key "toString" broke Pulumi's registration of the role's tags.
    fc.constantFrom(...YAML_WORDS, ...YAML_NUMBERS, "toString", "__proto__", "constructor", "valueOf", "hasOwnProperty"),
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join("")),
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.constantFrom(...PIECES), fc.stringMatching(/^[a-z0-9]{0,4}$/)).map(([a, b, c]) => a + b + c),
    fc.tuple(fc.constantFrom("x", "é", "a\n", "\u2028"), fc.integer({ min: 64, max: 1100 })).map(([unit, n]) => unit.repeat(n)),
);

interface Slot {
    /** The argument as the refusal names it. */
    argument: string;
    /** Other names a refusal of this argument may give (a value derived from it), each a known case. */
    alsoNamed?: string[];
    modes: ServiceAccountMode[];
    apply: (args: ServiceAccountRoleArgs, h: string, options: { name?: string; accountId?: string; clusterIssuers?: { [name: string]: string } }) => void;
}

const MODES = [ServiceAccountMode.Manifest, ServiceAccountMode.HelmChart, ServiceAccountMode.None];
const CREATED = [ServiceAccountMode.Manifest, ServiceAccountMode.HelmChart];
const policy = (resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${resource}` }] });

/** Every free-text and name argument that reaches render's text, and where the hostile string goes. */
export const SLOTS: Slot[] = [
    { argument: "name", modes: MODES, apply: (_, h, o) => (o.name = h) },
    { argument: "name", modes: CREATED, apply: (a, h, o) => ((o.name = h), (a.verifyAccess = true)) },
    { argument: "roleDescription", modes: MODES, apply: (a, h) => (a.roleDescription = h) },
    { argument: "tags", modes: MODES, apply: (a, h) => (a.tags = { team: h }) },
    { argument: "tags", modes: MODES, apply: (a, h) => (a.tags = { [h]: "v" }) },
    { argument: "serviceAccountName", modes: MODES, apply: (a, h) => (a.serviceAccountName = h) },
    { argument: "namespace", modes: MODES, apply: (a, h) => (a.namespace = h) },
    { argument: "serviceAccountLabels", modes: [ServiceAccountMode.Manifest], apply: (a, h) => (a.serviceAccountLabels = { tier: h }) },
    { argument: "serviceAccountLabels", modes: [ServiceAccountMode.Manifest], apply: (a, h) => (a.serviceAccountLabels = { [h]: "v" }) },
    { argument: "serviceAccountAnnotations", modes: MODES, apply: (a, h) => (a.serviceAccountAnnotations = { "example.com/note": h }) },
    { argument: "serviceAccountAnnotations", modes: MODES, apply: (a, h) => (a.serviceAccountAnnotations = { [h]: "v" }) },
    { argument: "audience", modes: MODES, apply: (a, h) => (a.audience = h) },
    { argument: "roleName", modes: MODES, apply: (a, h) => (a.roleName = h) },
    { argument: "rolePath", modes: MODES, apply: (a, h) => (a.rolePath = `/${h}/`) },
    { argument: "permissionsBoundary", modes: MODES, apply: (a, h) => (a.permissionsBoundary = `arn:aws:iam::${ACCOUNT}:policy/${h}`) },
    { argument: "roleArn", modes: CREATED, apply: (a, h) => ((a.roleArn = `arn:aws:iam::${ACCOUNT}:role/${h}`), delete a.policyArns) },
    { argument: "policyArns", modes: MODES, apply: (a, h) => (a.policyArns = { [h]: S3 }) },
    { argument: "policyArns", modes: MODES, apply: (a, h) => (a.policyArns = { s3: `arn:aws:iam::aws:policy/${h}` }) },
    { argument: "inlinePolicies", modes: MODES, apply: (a, h) => (a.inlinePolicies = { [h]: policy("x") }) },
    { argument: "inlinePolicies", modes: MODES, apply: (a, h) => (a.inlinePolicies = { read: policy(h) }) },
    { argument: "issuerUrl", modes: MODES, apply: (a, h) => (a.issuerUrl = `https://oidc.eks.eu-west-3.amazonaws.com/id/${h}`) },
    // render's own option (the CLI takes 12 digits): it reaches the ARNs render makes up, hence the annotation and the values.
    { argument: "accountId", modes: MODES, apply: (_, h, o) => (o.accountId = h) },
    {
        argument: "oidcProviderArn",
        modes: MODES,
        apply: (a, h) => {
            delete a.issuerUrl;
            a.oidcProviderArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com/${h}`;
        },
    },
    { argument: "addonPolicies", modes: MODES, apply: (a, h) => (a.addonPolicies = { externalDns: { hostedZoneArns: [`arn:aws:route53:::hostedzone/${h}`] } }) },
    { argument: "additionalOidcProviderArns", modes: MODES, apply: (a, h) => (a.additionalOidcProviderArns = [`arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com/${h}`]) },
    // The ServiceAccount's namespace "apps" must match the pattern: a pattern it does not match is refused as namespace.
    { argument: "namespacePattern", alsoNamed: ["namespace"], modes: MODES, apply: (a, h) => ((a.scope = TrustScope.Cluster), (a.namespacePattern = h)) },
    { argument: "additionalServiceAccounts", modes: MODES, apply: (a, h) => (a.additionalServiceAccounts = [{ namespace: h, name: "reader" }]) },
    { argument: "additionalServiceAccounts", modes: MODES, apply: (a, h) => (a.additionalServiceAccounts = [{ namespace: "apps", name: h }]) },
    {
        argument: "clusterName",
        modes: MODES,
        apply: (a, h, o) => {
            delete a.issuerUrl;
            a.clusterName = h;
            o.clusterIssuers = { [h]: ISSUER_URL };
        },
    },
    {
        argument: "targetRoleArn",
        modes: [ServiceAccountMode.Manifest, ServiceAccountMode.None],
        apply: (a, h, o) => {
            delete a.issuerUrl;
            Object.assign(a, { identity: WorkloadIdentity.PodIdentity, clusterName: "prod", targetRoleArn: `arn:aws:iam::${ACCOUNT}:role/${h}` });
            o.clusterIssuers = { prod: ISSUER_URL };
        },
    },
    { argument: "helmChart.repository", modes: [ServiceAccountMode.HelmChart], apply: (a, h) => (a.helmChart = { repository: `https://example.com/${h}` }) },
    { argument: "helmChart.chart", modes: [ServiceAccountMode.HelmChart], apply: (a, h) => (a.helmChart = { chart: h }) },
    { argument: "helmChart.version", modes: [ServiceAccountMode.HelmChart], apply: (a, h) => (a.helmChart = { version: h }) },
    { argument: "verifyAccessOptions.image", modes: CREATED, apply: (a, h) => ((a.verifyAccess = true), (a.verifyAccessOptions = { image: h })) },
    { argument: "verifyAccessOptions.probeCommand", modes: CREATED, apply: (a, h) => ((a.verifyAccess = true), (a.verifyAccessOptions = { probeCommand: h })) },
    { argument: "verifyAccessOptions.resources", modes: CREATED, apply: (a, h) => ((a.verifyAccess = true), (a.verifyAccessOptions = { resources: { cpuRequest: h } })) },
];

interface Case {
    slot: number;
    mode: ServiceAccountMode;
    h: string;
}

const caseArbitrary: fc.Arbitrary<Case> = fc
    .tuple(fc.nat({ max: SLOTS.length - 1 }), fc.nat({ max: 2 }), hostile)
    .map(([slot, m, h]) => ({ slot, mode: SLOTS[slot].modes[m % SLOTS[slot].modes.length], h }));

function argsOf(c: Case): { args: ServiceAccountRoleArgs; options: { name?: string; accountId: string; clusterIssuers?: { [name: string]: string } } } {
    const args: ServiceAccountRoleArgs = { issuerUrl: ISSUER_URL, namespace: "apps", serviceAccountName: "reader", policyArns: { s3: S3 }, serviceAccountMode: c.mode };
    const options: { name?: string; accountId: string; clusterIssuers?: { [name: string]: string } } = { accountId: ACCOUNT };
    SLOTS[c.slot].apply(args, c.h, options);
    return { args, options };
}

type Rendered = { refused: string } | { result: RenderResult; text: string };

async function renderCase(c: Case): Promise<Rendered> {
    const { args, options } = argsOf(c);
    try {
        const result = await renderServiceAccountRole(args, options);
        return { result, text: formatRender(result, []) };
    } catch (error) {
        if (!isRenderInputError(error)) {
            throw error;
        }
        return { refused: (error as Error).message };
    }
}

const describeCase = (c: Case) => `${SLOTS[c.slot].argument} (slot ${c.slot}, ${c.mode}) = ${JSON.stringify(c.h)}`;

/** A refusal names its argument; a render reads back as registered. */
function check(c: Case, rendered: Rendered, reading?: ReturnType<typeof readRenders>[number]): void {
    if ("refused" in rendered) {
        const slot = SLOTS[c.slot];
        // A long value in the trust can make the policy exceed IAM's size quota, which is refused as trustPolicySizeLimit.
        const named = [slot.argument, ...(slot.alsoNamed ?? []), "trustPolicySizeLimit"].some((name) => rendered.refused.startsWith(`invalid ${name}`) || rendered.refused.includes(`: invalid ${name}`));
        expect(named, `${describeCase(c)}: ${rendered.refused}`).to.equal(true);
        return;
    }
    expect(reading, describeCase(c)).to.deep.equal(expectedReading(rendered.result, rendered.text));
}

/** The property over READING_RUNS cases; the lines to print, or a failure with the shrunk case and the seed. */
export async function renderReadingProperty(): Promise<string[]> {
    const reader = kubeReader();
    if ("skipped" in reader) {
        return [reader.skipped];
    }
    const cases = fc.sample(caseArbitrary, { seed: SEED, numRuns: READING_RUNS });
    const rendered: Rendered[] = [];
    for (const c of cases) {
        rendered.push(await renderCase(c));
    }
    const renders = rendered.flatMap((r) => ("refused" in r ? [] : [r]));
    const readings = readRenders(reader.binary, renders);
    const refusedBy = new Map<string, number>();
    const failing: Case[] = [];
    let next = 0;
    cases.forEach((c, i) => {
        const r = rendered[i];
        try {
            check(c, r, "refused" in r ? undefined : readings[next++]);
        } catch {
            failing.push(c);
        }
        if ("refused" in r) {
            refusedBy.set(SLOTS[c.slot].argument, (refusedBy.get(SLOTS[c.slot].argument) ?? 0) + 1);
        }
    });
    if (failing.length > 0) {
        // Replayed one by one from the first failure, so that fast-check shrinks it to a named counterexample.
        await fc.assert(
            fc.asyncProperty(caseArbitrary, async (c) => {
                const r = await renderCase(c);
                check(c, r, "refused" in r ? undefined : readRenders(reader.binary, [r])[0]);
            }),
            { seed: SEED, numRuns: READING_RUNS, examples: [[failing[0]]] },
        );
        throw new Error(`${failing.length} cases disagree, the first: ${describeCase(failing[0])}, but it passed alone (seed ${SEED})`);
    }
    const arguments_ = [...new Set(SLOTS.map((s) => s.argument))];
    return [
        `property (render read by kubectl and Helm): seed ${SEED}, ${cases.length} cases over ${arguments_.length} arguments (${SLOTS.length} slots): ` +
            `${cases.length - renders.length} refused naming the argument, ${renders.length} read back as registered ` +
            `(${renders.filter((r) => r.result.helmRelease !== undefined).length} through Helm's values reader, engine and --set)`,
        `  refusals by argument: ${[...refusedBy].sort((a, b) => b[1] - a[1]).map(([a, n]) => `${a} ${n}`).join(", ")}`,
    ];
}

/** render's quantity grammar (src/components/quantity.ts) against resource.ParseQuantity, on strings of its alphabet. */
export function quantityProperty(): string[] {
    const reader = kubeReader();
    if ("skipped" in reader) {
        return [reader.skipped];
    }
    const texts = fc.sample(
        fc.oneof(
            fc.array(fc.constantFrom(..."0123456789+-.eEinumkKMGTP"), { maxLength: 8 }).map((c) => c.join("")),
            fc.tuple(fc.stringMatching(/^[+-]?[0-9]{0,20}(\.[0-9]{0,12})?$/), fc.constantFrom("", "m", "k", "Ki", "Mi", "Gi", "Ei", "n", "u", "e3", "E-2", "e+9", "e-12", "E", "P", "Pi")).map(
                ([n, s]) => n + s,
            ),
        ),
        { seed: SEED, numRuns: QUANTITY_RUNS },
    );
    const answers = readAsKube(
        reader.binary,
        "quantity",
        texts.map((text) => ({ text })),
    );
    // Both as <mantissa>e<exponent> without trailing zeros in the mantissa.
    const canonical = (mantissa: bigint, exponent: number) => {
        let [m, e] = [mantissa, exponent];
        while (m !== 0n && m % 10n === 0n) {
            [m, e] = [m / 10n, e + 1];
        }
        return m === 0n ? "0e0" : `${m}e${e}`;
    };
    const ours = texts.map((text) => {
        const q = parseQuantity(text);
        return q === undefined ? undefined : canonical(q.mantissa, q.exponent);
    });
    const theirs = answers.map((a) => {
        const [m, e] = a.decimal?.split("e") ?? [];
        return a.error === undefined ? canonical(BigInt(m), Number(e)) : undefined;
    });
    const disagreements = texts.flatMap((text, i) => (theirs[i] === ours[i] ? [] : [[text, ours[i], theirs[i] ?? answers[i].error]]));
    expect(disagreements.slice(0, 5), `seed ${SEED}`).to.deep.equal([]);
    const accepted = answers.filter((a) => a.error === undefined).length;
    return [`property (quantities): seed ${SEED}, ${texts.length} strings, ${accepted} accepted and ${texts.length - accepted} refused, as resource.ParseQuantity does`];
}

/** helmSetArgument's escaping against Helm's strvals: the printed argument gives back exactly the value, or is not printed. */
export function helmSetProperty(): string[] {
    const reader = kubeReader();
    if ("skipped" in reader) {
        return [reader.skipped];
    }
    const values = fc.sample(fc.oneof(hostile, fc.string({ unit: fc.constantFrom(..."a0,.=\\{}[]:/ $`;'\"()") })), { seed: SEED, numRuns: SET_RUNS });
    const printed = values.map((value) => helmSetArgument("serviceAccount.name", value));
    const argumentsOf = printed.flatMap((p) => (p.argument === undefined ? [] : [p.argument.replace(/^--set /, "")]));
    const answers = readAsKube(
        reader.binary,
        "set",
        argumentsOf.map((arg) => ({ args: [arg], kind: "set" })),
    );
    const kept = values.filter((_, i) => printed[i].argument !== undefined);
    const wrong = kept.filter((value, i) => JSON.stringify(answers[i].values) !== JSON.stringify({ serviceAccount: { name: value } }));
    expect(wrong.slice(0, 5), `seed ${SEED}`).to.deep.equal([]);
    // What a shell would read itself ($, backticks, quotes, '\\', spaces...) is never printed: the line pasted into one is the same.
    const shellRead = argumentsOf.filter((arg) => !/^[\w.]+=[A-Za-z0-9:/._@+=-]*$/.test(arg));
    expect(shellRead.slice(0, 5), `seed ${SEED}`).to.deep.equal([]);
    return [`property (--set): seed ${SEED}, ${values.length} values, ${kept.length} printed as --set and read back by strvals exactly, ${values.length - kept.length} sent to the values file`];
}
