/**
 * Property-based checks of ServiceAccountRole over any arguments (fast-check, fixed seed printed on each run), which
 * planProperty.spec.ts runs in worker threads beside the other specs (tests/beside.ts):
 * - the pure plan, on {@link PLAN_RUNS} argument sets: it refuses with a named IrsaArgumentError, or its trust policy
 *   has no `undefined` and no policy variable, and iam-simulate (the independent oracle) admits exactly the intended
 *   subjects;
 * - the component, on {@link COMPONENT_RUNS} argument sets whose values arrive plain, as Outputs or as secrets: it fails
 *   exactly when the plan does, with the component's prefix, no secret value and no child registered, and otherwise
 *   sends the plan's trust policy to IAM.
 * PROPERTY_RUNS and PROPERTY_COMPONENT_RUNS raise the counts; PROPERTY_SEED replays another seed.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import fc from "fast-check";
import { IrsaArgumentError, ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../../index";
import { planServiceAccountRole } from "../../src/components/serviceAccountRolePlan";
import type { AddonPolicyPlan } from "../../src/addons/addonPolicies";
import { installMocks, settle, valueOf } from "../harness";
import { simulateWithIamSimulate } from "../oracle/ironOracle";

export const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
export const PLAN_RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);
export const COMPONENT_RUNS = Number(process.env.PROPERTY_COMPONENT_RUNS ?? 2000);

const ACCOUNT = "123456789012";
const ISSUERS = ["oidc.eks.eu-west-3.amazonaws.com/id/AAAA", "oidc.eks.us-east-2.amazonaws.com/id/BBBB", "oidc.eks.cn-north-1.amazonaws.com.cn/id/CCCC"];
const providerArn = (issuer: string, partition = issuer.endsWith(".cn/id/CCCC") ? "aws-cn" : "aws") => `arn:${partition}:iam::${ACCOUNT}:oidc-provider/${issuer}`;
const OTHER_PROVIDER = providerArn("oidc.eks.eu-west-1.amazonaws.com/id/ZZZZ");
/** Values IAM, EKS or Kubernetes would read as something else than meant, or wrong types from untyped callers. */
const HOSTILE = ["", " ", "Bad_NS", "a b", "${aws:username}", "z*", "*", "?", "\u043e", "x\u0000", "x\u200b", "-a", "a-", "a".repeat(64), "sts.*", "a/b", 7, true, ["a"], { a: 1 }, null,
    // A lone surrogate and objects that are not plain data (a getter that throws cannot be wrapped in an Output: named tests).
    "x\ud800", new Map([["a", "b"]]), new Date(0)];

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?$/);
const hostile = fc.constantFrom(...HOSTILE);
const pattern = fc.oneof(
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9*?-]{1,6}$/) },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9*?-]{0,4}[a-z0-9*]$/) },
    { weight: 1, arbitrary: fc.constantFrom("z*", "*", "?*", "z????????-z????????") },
);
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile as fc.Arbitrary<unknown> });
/** Mostly given (fast-check's `freq`: undefined one time in 8). */
const optional = <T>(valid: fc.Arbitrary<T>) => fc.option(mostly(valid), { nil: undefined, freq: 8 });
const provider = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ISSUERS).map((issuer) => providerArn(issuer)) },
    { weight: 1, arbitrary: fc.constantFrom(`${providerArn(ISSUERS[0])}/`, providerArn(ISSUERS[0]).replace("arn:aws:", "arn:aws-moon:"), providerArn("oidc.eks.eu-west-3.amazonaws.com/id/*")) },
);

/**
 * Add-on settings (issue 23): mostly valid, else hostile strings where they become policy text (a policy variable, NUL,
 * a character above Latin-1, a role path with "${"), node roles of another account (whose account a secret must not
 * show in part), and the JavaScript values of other runtimes (a BigInt, a map without a prototype).
 */
const PREFIXES = ["team-a/", "shared/data/", "caf\u00e9/", "${aws:userid}/", "a\u0000/", "\u043e/", "x\u200b/"];
const prefix = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PREFIXES.slice(0, 3)) }, { weight: 1, arbitrary: fc.constantFrom(...PREFIXES.slice(3)) });
const NODE_ROLES = [
    `arn:aws:iam::${ACCOUNT}:role/KarpenterNode`,
    `arn:aws:iam::${ACCOUNT}:role/nodes/KarpenterNode`,
    "arn:aws:iam::999988887777:role/payroll-nodes",
    `arn:aws:iam::${ACCOUNT}:role/\${aws:userid}/nodes`,
];
const bare = (entries: object) => Object.assign(Object.create(null), entries);
const addonPolicies = fc
    .record(
        {
            mountpointS3CsiDriver: fc.record({ bucketArns: fc.constant(["arn:aws:s3:::payroll-exports"]), prefixes: fc.uniqueArray(prefix, { minLength: 1, maxLength: 2 }) }),
            velero: fc.record({ bucketArns: fc.constant(["arn:aws:s3:::backups-2026"]), prefixes: fc.uniqueArray(prefix, { minLength: 1, maxLength: 2 }) }),
            karpenter: fc.record({ clusterName: fc.constant("prod"), region: fc.constant("eu-west-3"), nodeRoleArns: fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NODE_ROLES.slice(0, 2)) }, { weight: 1, arbitrary: fc.constantFrom(...NODE_ROLES.slice(2)) }), { minLength: 1, maxLength: 2 }) }),
            vpcCni: fc.constantFrom<unknown>({ ipFamily: "ipv4" }, bare({ ipFamily: "ipv6" }), { ipFamily: BigInt(4) }),
            ebsCsiDriver: fc.constant({}),
        },
        { requiredKeys: [] },
    )
    .map((addons) => (Object.keys(addons).length > 0 && (addons as { vpcCni?: unknown }).vpcCni === undefined ? addons : bare(addons)));

const common = {
    oidcProviderArn: mostly(provider),
    serviceAccountName: mostly(label),
    audience: optional(fc.constantFrom("sts.amazonaws.com", "irsa.example.com")),
    additionalServiceAccounts: fc.option(fc.array(fc.record({ namespace: mostly(pattern), name: mostly(label) }), { maxLength: 3 }), { nil: undefined, freq: 2 }),
    additionalOidcProviderArns: fc.option(fc.array(provider, { maxLength: 2 }), { nil: undefined, freq: 2 }),
    serviceAccountMode: fc.constantFrom(ServiceAccountMode.Manifest, ServiceAccountMode.None),
    trustPolicySizeLimit: fc.option(fc.constantFrom(300, 2048), { nil: undefined, freq: 4 }),
    // One argument set in five has add-ons, so that refusals stay within the property's bounds.
    addonPolicies: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: addonPolicies }),
};
// fast-check leaves out a key not named here half the time; `optional` and `mostly` already make these unset or bad.
const required = ["oidcProviderArn", "serviceAccountName", "scope", "serviceAccountMode", "namespace"] as const;
/** Arguments of the trust, the part of ServiceAccountRoleArgs the properties vary: one namespace, or a pattern of them. */
const trustArgs = fc.oneof(
    fc.record({ ...common, scope: fc.constant(TrustScope.Environment), namespace: optional(label), namespacePattern: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostile }) }, { requiredKeys: [...required] }),
    fc
        .tuple(
            fc.record(
                {
                    ...common,
                    scope: fc.constant(TrustScope.Cluster),
                    namespace: optional(fc.constantFrom("zapp", "z9b830e28-ze23976e2", "prod")),
                    namespacePattern: fc.option(fc.oneof(mostly(pattern), fc.constantFrom("z*", "z????????-z????????", "z*p*")), { nil: undefined, freq: 3 }),
                },
                { requiredKeys: [...required] },
            ),
            fc.boolean(),
        )
        // Half the time the ServiceAccount's own namespace is one the pattern matches, as a user's would be; else the
        // plan mostly refuses it, and too few cases would reach the trust policy.
        .map(([args, fit]) =>
            fit && typeof args.namespace === "string" && typeof args.namespacePattern === "string" ? { ...args, namespace: instance(args.namespacePattern, "ab") } : args,
        ),
) as fc.Arbitrary<{ [key: string]: unknown }>;

type Args = { [key: string]: unknown };

/** The plan's verdict: the trust policy, or the refusal's message. Anything but an IrsaArgumentError is a bug. */
function planOf(args: Args): { policy: string; warnings: string[]; addons: string[] } | { refused: IrsaArgumentError } {
    try {
        const plan = planServiceAccountRole("p", args as unknown as ServiceAccountRoleArgs, {});
        const addons = (plan.role?.addonPolicies as AddonPolicyPlan | undefined)?.policies.map((p) => p.json) ?? [];
        return { policy: plan.trustPolicy as string, warnings: plan.warnings, addons };
    } catch (error) {
        if (!(error instanceof IrsaArgumentError)) {
            throw error;
        }
        return { refused: error };
    }
}

/**
 * An add-on document as IAM must read it: no policy variable (the arguments use IRSA, so none is the package's own), only
 * printable Latin-1 in every string, and no ARN of any region and any account (`:*:*:`), which issue 23 found where the
 * role's account is known.
 */
function expectLiteralAddonPolicy(json: string): void {
    expect(json).not.to.contain("${");
    expect(json).not.to.contain(":*:*:");
    const strings: string[] = [];
    JSON.parse(json, (_key, value) => (typeof value === "string" && strings.push(value), value));
    for (const text of strings) {
        expect(text, json).to.match(/^[\u0020-\u007E\u00A1-\u00FF]*$/);
    }
}

/** A glob matcher written apart from the package's: `*` any run, `?` one character. */
function glob(p: string, s: string): boolean {
    if (p === "") {
        return s === "";
    }
    if (p[0] === "*") {
        return glob(p.slice(1), s) || (s !== "" && glob(p, s.slice(1)));
    }
    return s !== "" && (p[0] === "?" || p[0] === s[0]) && glob(p.slice(1), s.slice(1));
}

/** The subjects the arguments mean, as (namespace pattern, name) pairs; the providers; the audience. */
function intended(args: Args) {
    const primaryNamespace = args.scope === TrustScope.Cluster ? ((args.namespacePattern as string | undefined) ?? "z*") : (args.namespace as string);
    const subjects = [{ namespace: primaryNamespace, name: args.serviceAccountName as string }, ...((args.additionalServiceAccounts as { namespace: string; name: string }[]) ?? [])];
    const providers = [args.oidcProviderArn as string, ...((args.additionalOidcProviderArns as string[]) ?? [])];
    return { subjects, providers, audience: (args.audience as string | undefined) ?? "sts.amazonaws.com" };
}

/** A namespace a pattern matches: each `*` some characters, each `?` one. */
function instance(p: string, fill: string): string {
    let i = 0;
    return p.replace(/[*?]/g, (c) => (c === "?" ? "a" : fill.slice(0, (i++ % 3) + 0)));
}

/**
 * The plan, on PLAN_RUNS argument sets: it refuses with a named IrsaArgumentError, or its trust policy has no `undefined`
 * and no policy variable, and iam-simulate admits exactly the intended subjects. Returns the run's summary.
 */
export function planProperty(): string[] {
    let refused = 0;
    let simulated = 0;
    let addonsPlanned = 0;
    const reasons = new Map<string, number>();
    fc.assert(
        fc.property(trustArgs, fc.stringMatching(/^[a-z0-9]{0,4}$/), label, (args, fill, otherName) => {
            const verdict = planOf(args);
            if ("refused" in verdict) {
                refused++;
                reasons.set(verdict.refused.argument, (reasons.get(verdict.refused.argument) ?? 0) + 1);
                expect(verdict.refused.message).to.match(/^invalid [A-Za-z[\]0-9./ ]+ /);
                return;
            }
            const policy = verdict.policy;
            expect(policy).not.to.contain("undefined");
            expect(policy).not.to.contain("${");
            for (const addon of verdict.addons) {
                expectLiteralAddonPolicy(addon);
            }
            if (args.addonPolicies !== undefined) {
                addonsPlanned++;
            }
            const meant = intended(args);
            const document = JSON.parse(policy);
            const subjectOf = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;
            const admitted = (namespace: string, name: string) => meant.subjects.some((s) => glob(s.namespace, namespace) && s.name === name);
            const target = meant.subjects[fill.length % meant.subjects.length];
            const namespaces = [instance(target.namespace, fill), fill || "q", `${instance(target.namespace, fill)}x`];
            for (const providerArnOfToken of [meant.providers[fill.length % meant.providers.length], OTHER_PROVIDER]) {
                for (const namespace of namespaces) {
                    for (const name of [target.name, otherName]) {
                        for (const audience of [meant.audience, `${meant.audience}x`]) {
                            if (providerArnOfToken === OTHER_PROVIDER && (name !== target.name || audience !== meant.audience)) {
                                continue;
                            }
                            const expected = meant.providers.includes(providerArnOfToken) && audience === meant.audience && admitted(namespace, name);
                            const oracle = simulateWithIamSimulate(document, { providerArn: providerArnOfToken, subject: subjectOf(namespace, name), audience });
                            simulated++;
                            expect(oracle.allowed, `${policy}\n${providerArnOfToken} ${subjectOf(namespace, name)} aud ${audience}`).to.equal(expected);
                        }
                    }
                }
            }
        }),
        { seed: SEED, numRuns: PLAN_RUNS },
    );
    const summary =
        `property (plan): seed ${SEED}, ${PLAN_RUNS} cases: ${refused} refused, ${PLAN_RUNS - refused} planned (${addonsPlanned} with add-ons, ` +
        `every add-on document literal and in the role's account), ${simulated} oracle checks, 0 disagreements`;
    const byArgument = `property (plan): refusals by argument: ${[...reasons].sort((a, b) => b[1] - a[1]).map(([argument, n]) => `${argument} ${n}`).join(", ")}`;
    // Both sides of the property are exercised.
    expect(refused).to.be.within(PLAN_RUNS * 0.2, PLAN_RUNS * 0.9);
    return [summary, byArgument];
}

/** How a value reaches the component: as it is, as an Output, or as a secret Output. */
type Delivery = "plain" | "output" | "secret";

function deliver(value: unknown, how: Delivery): unknown {
    if (value === undefined || value === null || how === "plain") {
        return value;
    }
    return how === "secret" ? pulumi.secret(value) : pulumi.output(value);
}

/** The parts of a string a message could quote alone (an ARN's account, a path segment), of 4 characters or more. */
function partsOf(text: string): string[] {
    // The words the package shows of a secret (documented with redact): arn, http(s) and the partitions.
    return text.split(/[\s:/,;=@"'()[\]{}]+/).filter((part) => part.length >= 4 && !/^(https?|aws(-[a-z]+)*)$/.test(part));
}

/** Every string in a value (for "no secret is printed"). */
function stringsOf(value: unknown, keys = true): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v) => stringsOf(v, keys));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => [...(keys ? [k] : []), ...stringsOf(v, keys)]);
    }
    return [];
}

/**
 * The component, on COMPONENT_RUNS argument sets whose values arrive plain, as Outputs or as secrets: it fails exactly
 * when the plan does, with the component's prefix, no secret value and no child registered, and otherwise sends the
 * plan's trust policy to IAM. Returns the run's summary.
 */
export async function componentProperty(): Promise<string[]> {
    // Pulumi records a stack trace for each promise it makes (runtime/debuggable.js): two thirds of a component's cost
    // under mocks, and of no use to this property, whose failures fast-check reports by their arguments. The property
    // runs in a worker thread of its own (tests/beside.ts), so the limit is this thread's.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        const ignore = () => undefined;
        process.on("unhandledRejection", ignore);
        const warn = pulumi.log.warn;
        let failures = 0;
        let warnings = 0;
        let partialChecks = 0;
        let addonsBuilt = 0;
        try {
            await fc.assert(
                fc.asyncProperty(trustArgs, fc.array(fc.constantFrom<Delivery>("plain", "output", "secret"), { minLength: 9, maxLength: 9 }), async (args, deliveries) => {
                    const verdict = planOf(args);
                    const keys = ["oidcProviderArn", "serviceAccountName", "namespace", "namespacePattern", "audience", "additionalServiceAccounts", "additionalOidcProviderArns", "trustPolicySizeLimit", "addonPolicies"];
                    const delivered: Args = { ...(args as Args) };
                    const secrets: string[] = [];
                    // The values of each secret argument, without the keys of their maps (field names such as namespace).
                    const secretValues = new Map<string, string[]>();
                    const shown = new Set<string>();
                    keys.forEach((key, i) => {
                        const value = (args as Args)[key];
                        delivered[key] = deliver(value, deliveries[i]);
                        if (deliveries[i] === "secret" && value !== undefined && value !== null) {
                            secrets.push(...stringsOf(value).filter((s) => s.length >= 3));
                            secretValues.set(key, stringsOf(value, false));
                        } else {
                            stringsOf(value).forEach((s) => shown.add(s));
                        }
                    });
                    // A string the caller also gave as a plain value (the same ARN in two arguments) is no secret.
                    const hidden = secrets.filter((s) => !shown.has(s));
                    const shownParts = new Set([...shown].flatMap(partsOf));
                    const world = installMocks();
                    let message: string | undefined;
                    let role: ServiceAccountRole | undefined;
                    const warned: string[] = [];
                    pulumi.log.warn = async (warning: string) => void warned.push(warning);
                    try {
                        role = new ServiceAccountRole("p", delivered as unknown as ServiceAccountRoleArgs);
                    } catch (error) {
                        message = (error as Error).message;
                    }
                    let trustPolicy: string | undefined;
                    if (role !== undefined) {
                        const outcomes = await Promise.all(
                            [role.trustPolicy, role.roleArn, role.serviceAccountName, role.serviceAccountAnnotations].map((o) =>
                                valueOf(o as pulumi.Output<unknown>).then(
                                    (v) => ({ ok: true, v }),
                                    (e) => ({ ok: false, v: e.message }),
                                ),
                            ),
                        );
                        const rejected = outcomes.filter((o) => !o.ok);
                        if (rejected.length > 0) {
                            expect(rejected.length, "every output rejects").to.equal(outcomes.length);
                            message = rejected[0].v as string;
                        } else {
                            trustPolicy = outcomes[0].v as string;
                        }
                    }
                    await settle().catch(ignore);
                    if ("refused" in verdict) {
                        failures++;
                        expect(message, `the plan refused: ${verdict.refused.message}`).to.be.a("string");
                        expect(message).to.match(/^ServiceAccountRole "p": invalid /);
                        for (const secret of hidden) {
                            expect(message).not.to.contain(JSON.stringify(secret));
                        }
                        // No part of a secret either (issue 23): the rule about a secret argument, after "(a secret, not
                        // shown)", shows none of its account numbers, names or path segments. (A rule about another argument
                        // may use a word that a secret also holds, such as "role".)
                        const rule = message!.split("(a secret, not shown): ")[1];
                        const about = [...secretValues.keys()].find((key) => message!.startsWith(`ServiceAccountRole "p": invalid ${key}`));
                        if (rule !== undefined && about !== undefined) {
                            for (const part of secretValues.get(about)!.filter((v) => !shown.has(v)).flatMap(partsOf).filter((p) => !shownParts.has(p))) {
                                expect(rule, `a part of a secret: ${part}`).not.to.match(new RegExp(`(?<![A-Za-z0-9])${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`));
                            }
                            partialChecks++;
                        }
                        expect(world.registrations.map((r) => r.type)).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
                    } else {
                        expect(message, "the plan accepted").to.equal(undefined);
                        expect(trustPolicy).to.equal(verdict.policy);
                        // A pattern that matches every namespace is warned about, plain or late; a secret one is not shown.
                        const patternKeys = args.scope === TrustScope.Cluster ? ["namespacePattern", "additionalServiceAccounts"] : ["additionalServiceAccounts"];
                        const secretPattern = patternKeys.some((key) => deliveries[keys.indexOf(key)] === "secret" && (args as Args)[key] !== undefined && (args as Args)[key] !== null);
                        const prefixed = verdict.warnings.map((w) => `ServiceAccountRole "p": ${w}`);
                        if (secretPattern) {
                            expect(warned).to.have.length(prefixed.length);
                            warned.forEach((w) => expect(w).to.contain("(a secret, not shown)"));
                            warned.forEach((w) => hidden.forEach((secret) => expect(w).not.to.contain(`"${secret}"`)));
                        } else {
                            expect(warned).to.deep.equal(prefixed);
                        }
                        warnings += warned.length;
                        const sent = world.registrations.find((r) => r.type === "aws:iam/role:Role")!.inputs.assumeRolePolicy;
                        // A policy derived from a secret input reaches IAM as a secret; so does one checked against a secret size limit,
                        // since Pulumi's secrecy follows every value an Output is computed from.
                        const secretTrust = keys.some((key, i) => deliveries[i] === "secret" && (args as Args)[key] !== undefined && (args as Args)[key] !== null);
                        expect(sent).to.deep.equal(secretTrust ? { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: verdict.policy } : verdict.policy);
                        // The add-on documents sent are the plan's (a secret's documents arrive wrapped as secrets).
                        const addonDocuments = world.registrations
                            .filter((r) => ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"].includes(r.type))
                            .map((r) => (typeof r.inputs.policy === "string" ? r.inputs.policy : r.inputs.policy?.value));
                        expect(addonDocuments).to.have.members(verdict.addons);
                        expect(addonDocuments).to.have.length(verdict.addons.length);
                        addonsBuilt += verdict.addons.length > 0 ? 1 : 0;
                    }
                }),
                { seed: SEED, numRuns: COMPONENT_RUNS },
            );
        } finally {
            await new Promise((resolve) => setTimeout(resolve, 10));
            process.off("unhandledRejection", ignore);
            pulumi.log.warn = warn;
        }
        return [
            `property (component): seed ${SEED}, ${COMPONENT_RUNS} cases: ${failures} refused (${partialChecks} of a secret checked for no part of it), ` +
                `${COMPONENT_RUNS - failures} built (${addonsBuilt} with add-on policies, ${warnings} warnings, as planned), 0 disagreements with the plan`,
        ];
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("@pulumi/pulumi/runtime/debuggable").leakedPromises();
    }
}
