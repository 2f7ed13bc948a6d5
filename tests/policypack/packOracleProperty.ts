/**
 * Properties: the pack's decisions on generated trust policies agree with the independent oracle
 * (@cloud-copilot/iam-simulate). The policies (IRSA and Pod Identity statements) and tokens come from the generator the
 * model's property test uses (tests/oracle/policyArbitraries.ts), with up to two service-only statements (Pod Identity's pods.eks.amazonaws.com,
 * Lambda's, Lambda's and EC2's; Allow or Deny; with or without session-tag conditions) inserted anywhere. A statement
 * naming pods.eks.amazonaws.com beside another principal is refused by the model (tests/policy/podIdentity.spec.ts).
 *
 * 1. Reading: a policy with a workload principal is never left alone nor called invalid (one without is left alone, and
 *    iam-simulate lets no token in); it is read exactly when the model reads the same policy without its service
 *    statements, and with conditions on unmodelled keys held (`mostAccess`) when only those stop the model; an exact
 *    reading (its per-provider access) admits a token exactly when iam-simulate, given the policy WITH its service
 *    statements, allows it, and a mostAccess one admits it at least whenever iam-simulate allows it for some
 *    caller-chosen value of those keys.
 * 2. Never a silent pass (issue 23): when irsa-subject-condition, irsa-subject-patterns and
 *    irsa-unsupported-trust-policy all pass a policy (default config), iam-simulate allows no token of a stranger
 *    ServiceAccount (a namespace and name the policy never names) through any of the three providers or a fourth one no
 *    policy names (principals of asterisks), with any of five audience sets and any caller-chosen value of the keys
 *    the model does not handle. So every policy that lets a stranger in is reported.
 * 3. "Every ServiceAccount" is true (exact readings): when irsa-subject-condition says a statement admits every
 *    ServiceAccount, that statement alone lets a random stranger ServiceAccount in, per iam-simulate, through one of its
 *    providers, with one of the five audience sets, an audience the statement names (a client may ask for any audience;
 *    wildcards filled in), or all of those at once. A statement whose conditions no token meets (StringEquals
 *    sts.amazonaws.com and, under the key spelled in another case, vault) admits nobody, and the model says so (it once
 *    said "every ServiceAccount": a false alarm).
 * 4. A key twice: one policy in six is given as text with its first Effect written twice; the pack refuses it
 *    (irsa-unsupported-trust-policy), as explain does, whatever JSON.parse kept.
 * 5. Never a silent pass for EKS Pod Identity (issue 23, a hostile author's review): when pod-identity-session-tags and
 *    irsa-unsupported-trust-policy both pass a policy (default config), iam-simulate lets no association of the
 *    stranger's namespace and ServiceAccount in, in either cluster, with session tags or without.
 *
 * oracle.property.spec.ts runs them in a worker thread beside the other specs (tests/beside.ts). The seed is fixed and
 * printed; EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { accessAdmits, accessThrough, describeTrust } from "../../src/policy/explain";
import { UnsupportedPolicyError, WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";
import { simulatePodIdentityWithIamSimulate, simulateWithIamSimulate } from "../oracle/ironOracle";
import { AUDIENCES, callerContexts, CLUSTER_ARNS, policyArbitrary, PROVIDERS, tokenArbitrary, withDuplicateKey } from "../oracle/policyArbitraries";
import { names, PolicyName, validateRole } from "./packHarness";
import { readTrust, TrustReading } from "../../policypack/trustReading";

export const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
export const RUNS = Number(process.env.EKS_IRSA_PROPERTY_RUNS ?? 2000);

/** The audience sets a stranger's token is tried with: each audience alone, two at once, and none. */
const AUDIENCE_SETS: string[][] = [...AUDIENCES.map((a) => [a]), [AUDIENCES[0], AUDIENCES[1]], []];

const serviceStatementArbitrary = fc.record({
    Effect: fc.constantFrom("Allow", "Deny"),
    Principal: fc.constantFrom(
        { Service: "pods.eks.amazonaws.com" },
        { Service: "lambda.amazonaws.com" },
        { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] },
    ),
    Action: fc.constantFrom<unknown>(["sts:AssumeRole", "sts:TagSession"], "sts:*", "*", "sts:AssumeRoleWithWebIdentity"),
    Condition: fc.constantFrom<unknown>(undefined, { StringEquals: { "aws:RequestTag/kubernetes-namespace": "payments" } }),
}).map(({ Condition, ...rest }) => (Condition === undefined ? rest : { ...rest, Condition }));

/** A generated policy, the same with service statements inserted at generated positions, and its JSON text (with a key twice in one case in six). */
const mixedArbitrary = fc
    .tuple(policyArbitrary, fc.array(fc.tuple(serviceStatementArbitrary, fc.nat()), { maxLength: 2 }), fc.nat({ max: 5 }))
    .map(([policy, inserts, pick]) => {
        const statements: object[] = [...policy.Statement];
        for (const [statement, at] of inserts) {
            statements.splice(at % (statements.length + 1), 0, statement);
        }
        const mixed = { Version: "2012-10-17", Statement: statements };
        return { irsaOnly: policy, mixed, ...textOf(mixed, pick === 0) };
    });

/** The policy's JSON text; with `duplicate`, with a key twice (see withDuplicateKey). */
function textOf(policy: object, duplicate: boolean): { text: string; duplicate: boolean } {
    const text = JSON.stringify(policy);
    return { text: duplicate ? withDuplicateKey(text) : text, duplicate };
}

/** A ServiceAccount whose namespace and name no generated policy names: neither starts with z, a, p, k, d or m. */
const strangerArbitrary = fc
    .tuple(fc.stringMatching(/^q[b-y0-9]{2,10}$/), fc.stringMatching(/^w[b-y0-9]{2,10}$/))
    .map(([namespace, name]) => `system:serviceaccount:${namespace}:${name}`);

/** The providers a stranger's token may come through: the three the generator names, and one it never names. */
const STRANGER_PROVIDERS = [...PROVIDERS, "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"];

/** The breadth policies, one of which must report a policy that lets a stranger in. */
const BREADTH_POLICIES: string[] = [PolicyName.SubjectCondition, PolicyName.SubjectPatterns, PolicyName.UnsupportedTrustPolicy];

function allowedByOracle(policy: object, providerArn: string, subject: string, audience: string[], contexts: Record<string, string>[] = [{}]): boolean {
    return contexts.some((context) => simulateWithIamSimulate(policy, { providerArn, subject, audience }, context).allowed);
}

/** Whether iam-simulate lets the stranger in through some provider, with some audience set and some caller-chosen keys. */
function strangerGetsIn(policy: object, stranger: string, contexts: Record<string, string>[]): boolean {
    return STRANGER_PROVIDERS.some((providerArn) => AUDIENCE_SETS.some((audience) => allowedByOracle(policy, providerArn, stranger, audience, contexts)));
}

/** The policies of which one must report a policy that lets a stranger's Pod Identity association in. */
const POD_IDENTITY_POLICIES: string[] = [PolicyName.PodIdentitySessionTags, PolicyName.UnsupportedTrustPolicy];

/** Whether iam-simulate lets an association of the stranger's namespace and ServiceAccount in, in some cluster, with session tags or without. */
function strangerAssociationGetsIn(policy: object, stranger: string): boolean {
    const [namespace, serviceAccount] = stranger.split(":").slice(2);
    return CLUSTER_ARNS.some((clusterArn) =>
        [true, false].some(
            (sessionTags) =>
                simulatePodIdentityWithIamSimulate(policy, { clusterArn, namespace, serviceAccount, podName: "app-1", podUid: "6a1c0d2e-0000-4000-8000-000000000001", sessionTags }).allowed,
        ),
    );
}

type Counts = Record<
    "none" | "read" | "assumed" | "unsupported" | "duplicates" | "tokens" | "breadthPassed" | "breadthReported" | "breadthMandatory" | "everySaid" | "podPassed" | "podReported",
    number
>;

/** Property 1: what the pack reads; an exact reading admits what iam-simulate allows, a `mostAccess` one at least that. */
function checkReading(irsaOnly: object, mixed: object, reading: TrustReading, tokens: WebIdentityRequest[], contexts: Record<string, string>[], counts: Counts): void {
    const context = JSON.stringify(mixed);
    const reads = (options?: { unmodelled: "mostAccess" }) => {
        try {
            describeTrust(irsaOnly, options);
            return true;
        } catch (error) {
            expect(error, context).to.be.instanceOf(UnsupportedPolicyError);
            return false;
        }
    };
    if (reading.kind === "none") {
        // Left alone: no statement names a workload principal, so iam-simulate lets no token in.
        counts.none++;
        tokens.forEach((token) => expect(allowedByOracle(mixed, token.providerArn, token.subject, [token.audience].flat(), contexts), context).to.equal(false));
        return;
    }
    const exact = reads();
    expect(reading.kind, context).to.equal(exact || reads({ unmodelled: "mostAccess" }) ? "read" : "unsupported");
    if (reading.kind !== "read") {
        counts.unsupported++;
        return;
    }
    expect(reading.description.assumedKeys.length === 0, context).to.equal(exact);
    counts[exact ? "read" : "assumed"]++;
    for (const token of tokens) {
        counts.tokens++;
        const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
        const pack = accessAdmits(accessThrough(reading.description, token.providerArn), token.subject, audiences);
        const oracle = allowedByOracle(mixed, token.providerArn, token.subject, audiences, exact ? [{}] : contexts);
        expect(pack, `${context}\n${JSON.stringify(token)}`).to.equal(exact ? oracle : pack || oracle);
    }
}

/**
 * The pack's reading and its breadth decisions against iam-simulate on RUNS generated policies (properties 1 to 4
 * above). Returns the run's summary.
 */
export async function packOracleProperty(): Promise<string[]> {
    const counts: Counts = { none: 0, read: 0, assumed: 0, unsupported: 0, duplicates: 0, tokens: 0, breadthPassed: 0, breadthReported: 0, breadthMandatory: 0, everySaid: 0, podPassed: 0, podReported: 0 };
    await fc.assert(
        fc.asyncProperty(mixedArbitrary, fc.array(tokenArbitrary, { minLength: 1, maxLength: 3 }), strangerArbitrary, async ({ irsaOnly, mixed, text, duplicate }, tokens, stranger) => {
            const context = text;
            const contexts = callerContexts(mixed);
            const violations = await validateRole(text);
            const breadth = violations.filter((v) => BREADTH_POLICIES.includes(v.policy));
            // Property 4: a key written twice is refused, as explain refuses it, whatever JSON.parse kept.
            if (duplicate) {
                counts.duplicates++;
                expect(readTrust(text).kind, context).to.be.oneOf(["unsupported", "none"]);
                if (readTrust(text).kind === "unsupported") {
                    expect(names(violations), context).to.include(PolicyName.UnsupportedTrustPolicy);
                }
                return;
            }
            const reading = readTrust(text);
            checkReading(irsaOnly, mixed, reading, tokens as WebIdentityRequest[], contexts, counts);
            // Property 2: never a silent pass. A policy the breadth policies pass lets no stranger in (through any provider,
            // with any audience set and any caller-chosen keys); so a stranger iam-simulate lets in is always reported.
            if (breadth.length === 0) {
                counts.breadthPassed++;
                expect(strangerGetsIn(mixed, stranger, contexts), `${context}\n${stranger} gets in`).to.equal(false);
            } else {
                counts.breadthReported++;
                counts.breadthMandatory += breadth.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
            }
            // Property 5: never a silent pass for Pod Identity either.
            if (violations.some((v) => POD_IDENTITY_POLICIES.includes(v.policy))) {
                counts.podReported++;
            } else {
                counts.podPassed++;
                expect(strangerAssociationGetsIn(mixed, stranger), `${context}\n${stranger}'s association gets in`).to.equal(false);
            }
            // Property 3 is exactness: a mostAccess reading may say "every ServiceAccount" of conditions no caller meets together.
            if (reading.kind !== "read" || reading.description.assumedKeys.length > 0) {
                return;
            }
            // Property 3: every ServiceAccount, said of a statement.
            const every = reading.description.warnings.filter((w) => w.code === "NoSubjectCondition" || w.code === "WholeSubjectPattern");
            for (const warning of every) {
                counts.everySaid++;
                const statement = reading.description.statements[warning.statement];
                const alone = { Version: "2012-10-17", Statement: [mixed.Statement[warning.statement]] };
                const providers = statement.anyPrincipal ? PROVIDERS : statement.providers;
                // A client may ask for any audience: the five sets, and each audience the statement names, taken literally
                // and with its wildcards filled in (`?` one letter, `*` none).
                const named = statement.audiences.flatMap((a) => a.values.flatMap((value) => [value, value.replace(/\?/g, "a").replace(/\*/g, "")]));
                // Several at once too: a token may carry each audience one ForAnyValue condition asks for.
                const audienceSets = [...AUDIENCE_SETS, ...named.map((value) => [value]), [...new Set(named)]];
                const letIn = (subject: string) =>
                    providers.some((providerArn) => audienceSets.some((audience) => allowedByOracle(alone, providerArn, subject, audience, callerContexts(alone))));
                expect(letIn(stranger), `${context}\nStatement ${warning.statement} alone, ${stranger}`).to.equal(true);
            }
        }),
        { seed: SEED, numRuns: RUNS },
    );
    return [
        `property (policy pack, iam-simulate): seed ${SEED}: ${RUNS} policies: ${counts.none} left alone (no workload principal), ${counts.read} read exactly, ${counts.assumed} read with unmodelled conditions held ` +
            `(mostAccess), ${counts.unsupported} unsupported, ${counts.duplicates} with a key twice (all refused); ${counts.tokens} tokens agree (or, mostAccess, admitted ` +
            `where iam-simulate allows); ${counts.breadthReported} reported on breadth (${counts.breadthMandatory} mandatory); ` +
            `${counts.breadthPassed} passed on breadth and let no stranger in (${STRANGER_PROVIDERS.length} providers, ${AUDIENCE_SETS.length} audience sets, caller-chosen keys); ${counts.everySaid} "every ServiceAccount" statements, each letting a stranger in; ` +
            `${counts.podReported} reported by pod-identity-session-tags or irsa-unsupported-trust-policy, ${counts.podPassed} passed by both and let no stranger's association in (2 clusters, session tags or not); ` +
            "0 disagreements",
    ];
}
