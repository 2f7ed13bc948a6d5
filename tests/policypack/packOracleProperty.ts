/**
 * Properties: the pack's decisions on generated trust policies agree with the independent oracle
 * (@cloud-copilot/iam-simulate). The policies (IRSA and Pod Identity statements) and tokens come from the generator the
 * model's property test uses (tests/oracle/policyArbitraries.ts), with up to two service-only statements (Pod Identity's pods.eks.amazonaws.com,
 * Lambda's, Lambda's and EC2's; Allow or Deny; with or without session-tag conditions) inserted anywhere. A statement
 * naming pods.eks.amazonaws.com beside another principal is refused by the model (tests/policy/podIdentity.spec.ts).
 *
 * 1. Reading: a policy with a workload principal is never left alone nor called invalid; it is read exactly when the
 *    model reads the same policy without its service statements; and what the pack reads (its per-provider access)
 *    admits a token exactly when iam-simulate, given the policy WITH its service statements, allows it.
 * 2. Passing on breadth is sound: when irsa-subject-condition and irsa-subject-patterns both pass a policy (default
 *    config), iam-simulate allows no token of a stranger ServiceAccount (a namespace and name the policy never names)
 *    through any provider, with any of five audience sets.
 * 3. "Every ServiceAccount" is true: when irsa-subject-condition says a statement admits every ServiceAccount, that
 *    statement alone lets a random stranger ServiceAccount in, per iam-simulate, through one of its providers, with
 *    one of the five audience sets, an audience the statement names (a client may ask for any audience; wildcards
 *    filled in), or all of those at once. A
 *    statement whose conditions no token meets (StringEquals sts.amazonaws.com and, under the key spelled in another
 *    case, vault) admits nobody, and the model says so (it once said "every ServiceAccount": a false alarm).
 *
 * oracle.property.spec.ts runs them in a worker thread beside the other specs (tests/beside.ts). The seed is fixed and
 * printed; EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { accessAdmits, accessThrough, describeTrust } from "../../src/policy/explain";
import { UnsupportedPolicyError, WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";
import { simulateWithIamSimulate } from "../oracle/ironOracle";
import { AUDIENCES, policyArbitrary, PROVIDERS, tokenArbitrary } from "../oracle/policyArbitraries";
import { names, PolicyName, validateRole } from "./packHarness";
import { readTrust } from "../../policypack/trustReading";

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

/** A generated policy, and the same with service statements inserted at generated positions. */
const mixedArbitrary = fc
    .tuple(policyArbitrary, fc.array(fc.tuple(serviceStatementArbitrary, fc.nat()), { maxLength: 2 }))
    .map(([policy, inserts]) => {
        const statements: object[] = [...policy.Statement];
        for (const [statement, at] of inserts) {
            statements.splice(at % (statements.length + 1), 0, statement);
        }
        return { irsaOnly: policy, mixed: { Version: "2012-10-17", Statement: statements } };
    });

/** A ServiceAccount whose namespace and name no generated policy names: neither starts with z, a, p, k, d or m. */
const strangerArbitrary = fc
    .tuple(fc.stringMatching(/^q[b-y0-9]{2,10}$/), fc.stringMatching(/^w[b-y0-9]{2,10}$/))
    .map(([namespace, name]) => `system:serviceaccount:${namespace}:${name}`);

function allowedByOracle(policy: object, providerArn: string, subject: string, audience: string[]): boolean {
    return simulateWithIamSimulate(policy, { providerArn, subject, audience }).allowed;
}

/**
 * The pack's reading and its breadth decisions against iam-simulate on RUNS generated policies (properties 1 to 3
 * above). Returns the run's summary.
 */
export async function packOracleProperty(): Promise<string[]> {
    const counts = { read: 0, unsupported: 0, tokens: 0, breadthPassed: 0, strangers: 0, everySaid: 0 };
    await fc.assert(
        fc.asyncProperty(mixedArbitrary, fc.array(tokenArbitrary, { minLength: 1, maxLength: 3 }), strangerArbitrary, async ({ irsaOnly, mixed }, tokens, stranger) => {
            const context = JSON.stringify(mixed);
            // Property 1: the reading.
            const reading = readTrust(mixed);
            let modelReads = true;
            try {
                describeTrust(irsaOnly);
            } catch (error) {
                expect(error, context).to.be.instanceOf(UnsupportedPolicyError);
                modelReads = false;
            }
            expect(reading.kind, context).to.equal(modelReads ? "read" : "unsupported");
            if (reading.kind !== "read") {
                counts.unsupported++;
                return;
            }
            counts.read++;
            for (const token of tokens as WebIdentityRequest[]) {
                counts.tokens++;
                const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
                const pack = accessAdmits(accessThrough(reading.description, token.providerArn), token.subject, audiences);
                expect(pack, `${context}\n${JSON.stringify(token)}`).to.equal(allowedByOracle(mixed, token.providerArn, token.subject, audiences));
            }
            const violations = names(await validateRole(context));
            // Property 2: passing on breadth.
            if (!violations.includes(PolicyName.SubjectCondition) && !violations.includes(PolicyName.SubjectPatterns)) {
                counts.breadthPassed++;
                for (const providerArn of PROVIDERS) {
                    for (const audience of AUDIENCE_SETS) {
                        counts.strangers++;
                        expect(allowedByOracle(mixed, providerArn, stranger, audience), `${context}\n${stranger} ${providerArn} ${audience}`).to.equal(false);
                    }
                }
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
                const letIn = (subject: string) => providers.some((providerArn) => audienceSets.some((audience) => allowedByOracle(alone, providerArn, subject, audience)));
                expect(letIn(stranger), `${context}\nStatement ${warning.statement} alone, ${stranger}`).to.equal(true);
            }
        }),
        { seed: SEED, numRuns: RUNS },
    );
    return [
        `property (policy pack, iam-simulate): seed ${SEED}: ${RUNS} policies: ${counts.read} read, ${counts.unsupported} unsupported; ${counts.tokens} tokens agree; ` +
            `${counts.breadthPassed} passed on breadth, ${counts.strangers} stranger tokens all denied; ${counts.everySaid} "every ServiceAccount" ` +
            "statements, each letting a stranger in; 0 disagreements",
    ];
}
