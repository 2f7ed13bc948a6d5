/**
 * Property: for any trust policy and any token or EKS Pod Identity association, `explain --who`'s structured answer
 * (describeTrust's per-provider and Pod Identity access), the evaluator (evaluateTrustPolicy,
 * evaluatePodIdentityAssociation) and the independent oracle (@cloud-copilot/iam-simulate) agree, or eks-irsa refuses
 * the policy as unsupported (and then the evaluator and --who both refuse it). Policies mix IRSA and Pod Identity
 * statements.
 *
 * policyModel.property.spec.ts runs it in a worker thread beside the other specs (tests/beside.ts). The seed is fixed and
 * printed; EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { formatTrust } from "../../src/cli/cliFormat";
import { accessAdmits, accessThrough, clauseWords, describeTrust, podIdentityAdmits, providerWords, TrustDescription, TrustWarningCode } from "../../src/policy/explain";
import {
    evaluatePodIdentityAssociation,
    evaluateTrustPolicy,
    PodIdentityRequest,
    UnsupportedPolicyError,
    WebIdentityRequest,
} from "../../src/policy/trustPolicyEvaluator";
import { simulatePodIdentityWithIamSimulate, simulateWithIamSimulate } from "../oracle/ironOracle";
import { associationArbitrary, callerContexts, lookAlike, policyArbitrary, tokenArbitrary, withDuplicateKey } from "../oracle/policyArbitraries";

export const SEED = Number(process.env.EKS_IRSA_PROPERTY_SEED ?? 20261129);
export const RUNS = Number(process.env.EKS_IRSA_PROPERTY_RUNS ?? 2000);

/**
 * The evaluator's decision, or undefined when it refuses the policy as unsupported: then `describeTrust` (what `--who`
 * prints) must refuse it too.
 */
function decisionOrRefusal(policy: object, evaluate: () => boolean): boolean | undefined {
    try {
        return evaluate();
    } catch (error) {
        expect(error).to.be.instanceOf(UnsupportedPolicyError);
        expect(() => describeTrust(policy)).to.throw(UnsupportedPolicyError);
        return undefined;
    }
}

/** One association against one policy: undefined when the three agree, else what each said. */
function podIdentityDisagreement(policy: object, association: PodIdentityRequest): string | undefined {
    const decision = decisionOrRefusal(policy, () => evaluatePodIdentityAssociation(policy, association).allowed);
    if (decision === undefined) {
        return undefined;
    }
    const who = podIdentityAdmits(describeTrust(policy).podIdentity, association);
    const oracle = simulatePodIdentityWithIamSimulate(policy, association).allowed;
    return decision === oracle && who === oracle ? undefined : `evaluatePodIdentityAssociation ${decision}, --who ${who}, iam-simulate ${oracle}`;
}

/**
 * For a policy the model refuses, read with conditions on keys it does not handle held to a value: `mostAccess` admits
 * the token whenever iam-simulate allows it for some caller-chosen keys, and `leastAccess` admits it only when
 * iam-simulate allows it for every such choice. Undefined when that holds (or the policy is refused for another reason).
 */
function boundsDisagreement(policy: object, token: WebIdentityRequest, counts: { bounded: number }): string | undefined {
    const admits = (unmodelled: "mostAccess" | "leastAccess") => {
        try {
            const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
            return accessAdmits(accessThrough(describeTrust(policy, { unmodelled }), token.providerArn), token.subject, audiences);
        } catch (error) {
            expect(error).to.be.instanceOf(UnsupportedPolicyError);
            return undefined;
        }
    };
    const [most, least] = [admits("mostAccess"), admits("leastAccess")];
    if (most === undefined) {
        return undefined;
    }
    counts.bounded++;
    const oracle = callerContexts(policy as { Statement: unknown[] }).map((context) => simulateWithIamSimulate(policy, token, context).allowed);
    return (oracle.some(Boolean) && !most) || (least === true && !oracle.every(Boolean)) ? `mostAccess ${most}, leastAccess ${least}, iam-simulate ${oracle}` : undefined;
}

/** The lines `--who` prints for statement `index`: its head, up to the next line that is not indented. */
function statementBlock(printed: string[], index: number): string[] {
    const start = printed.findIndex((line) => line.startsWith(`Statement ${index} (`));
    const end = printed.findIndex((line, i) => i > start && !line.startsWith("  "));
    return printed.slice(start + 1, end);
}

/**
 * Section 4 of issue 23: `--who`'s lines for a statement are the summary's clauses for it, in the same words. Every
 * clause of every provider's summary is, the same object, among its statement's `access`, and each entry of a
 * statement's `access` is a clause of a summary; the statement's printed lines say each subject of its clauses (an
 * `admits:`/`denies:` line each, or "every ServiceAccount" for a clause without one) and each audience condition, and
 * no other subject.
 */
function statementLinesDisagreement(description: TrustDescription): string | undefined {
    const printed = formatTrust(description).split("\n");
    for (const provider of description.providers) {
        for (const clause of [...provider.allows, ...provider.denies]) {
            const statement = description.statements[clause.statement];
            if (!statement.access.some((a) => a.through === providerWords(provider) && a.clause === clause)) {
                return `Statement ${clause.statement} has no line for ${providerWords(provider)}: ${clause.text}`;
            }
            const block = statementBlock(printed, clause.statement);
            const verb = statement.effect === "Allow" ? "admits" : "denies";
            const words = clauseWords(clause);
            const subjects = words.subjects.length > 0 ? words.subjects : ["every ServiceAccount in every namespace (no :sub condition)"];
            const missing =
                subjects.find((subject) => !block.some((line) => line.trim() === `${verb}: ${subject}`)) ??
                words.audiences.find((audience) => !block.some((line) => line.trim().startsWith("audience: ") && line.includes(audience)));
            if (missing !== undefined) {
                return `Statement ${clause.statement}'s lines miss "${missing}" of ${clause.text}`;
            }
        }
    }
    // A Pod Identity statement's line is its association clause (StatementDescription.associations), the summary's too.
    for (const statement of description.statements.filter((s) => !s.admitsNothing && !s.podIdentity)) {
        const verb = statement.effect === "Allow" ? "admits" : "denies";
        const said = new Set(statement.access.flatMap((a) => {
            const subjects = clauseWords(a.clause).subjects;
            return subjects.length > 0 ? subjects : ["every ServiceAccount in every namespace (no :sub condition)"];
        }));
        const extra = statementBlock(printed, statement.index).find((line) => line.trim().startsWith(`${verb}: `) && !said.has(line.trim().slice(verb.length + 2)));
        if (extra !== undefined) {
            return `Statement ${statement.index} prints "${extra.trim()}", which none of its clauses says`;
        }
    }
    const clauses = new Set(description.providers.flatMap((p) => [...p.allows, ...p.denies]));
    const stray = description.statements.flatMap((s) => s.access).find((a) => !clauses.has(a.clause));
    return stray === undefined ? undefined : `a statement line says ${stray.clause.text}, which no summary says`;
}

/** One token against one policy: undefined when the three agree, else what each said. */
function disagreement(policy: object, token: WebIdentityRequest): string | undefined {
    const decision = decisionOrRefusal(policy, () => evaluateTrustPolicy(policy, token).allowed);
    if (decision === undefined) {
        return undefined;
    }
    const audiences = typeof token.audience === "string" ? [token.audience] : token.audience;
    const who = accessAdmits(accessThrough(describeTrust(policy), token.providerArn), token.subject, audiences);
    const oracle = simulateWithIamSimulate(policy, token).allowed;
    return decision === oracle && who === oracle ? undefined : `evaluateTrustPolicy ${decision}, --who ${who}, iam-simulate ${oracle}`;
}

/**
 * The Allow statements of a generated policy that let an AWS principal other than asterisks (an account, a role) call
 * sts:AssumeRole, decided from the generator's few action shapes, not by the model: --who must name each of them.
 */
function otherPrincipalStatements(policy: { Statement: unknown[] }): number[] {
    const covers = (s: Record<string, unknown>) => ["sts:*", "sts:AssumeRole"].includes(s.Action as string) || s.NotAction === "sts:TagSession";
    return (policy.Statement as Record<string, unknown>[]).flatMap((s, index) => {
        const aws = [(s.Principal as { AWS?: unknown })?.AWS ?? []].flat() as string[];
        return s.Effect === "Allow" && aws.some((value) => !/^\*+$/.test(value)) && covers(s) ? [index] : [];
    });
}

/**
 * For any policy, tokens and Pod Identity associations: `explain --who`, the evaluator and iam-simulate agree, or
 * eks-irsa refuses the policy as unsupported. Returns the run's summary.
 */
export function policyModelProperty(): string[] {
    let tokens = 0;
    let refused = 0;
    let allowed = 0;
    let associationsChecked = 0;
    let associationsAllowed = 0;
    let statementsChecked = 0;
    let lookAlikes = 0;
    let otherPrincipalsNamed = 0;
    const counts = { bounded: 0 };
    fc.assert(
        fc.property(policyArbitrary, fc.array(tokenArbitrary, { minLength: 1, maxLength: 3 }), fc.array(associationArbitrary, { minLength: 1, maxLength: 3 }), (policy, requests, associations) => {
            const exact = (() => {
                try {
                    return describeTrust(policy) !== undefined;
                } catch {
                    return false;
                }
            })();
            for (const request of requests) {
                tokens++;
                const problem = disagreement(policy, request) ?? (exact ? undefined : boundsDisagreement(policy, request, counts));
                expect(problem, `${JSON.stringify(policy)}\n${JSON.stringify(request)}`).to.equal(undefined);
            }
            // A key written twice is refused by every reader (JSON.parse would keep the last).
            const doubled = withDuplicateKey(JSON.stringify(policy));
            expect(() => describeTrust(doubled), doubled).to.throw(UnsupportedPolicyError, "twice in one object");
            expect(() => evaluateTrustPolicy(doubled, requests[0]), doubled).to.throw(UnsupportedPolicyError, "twice in one object");
            // So is a block with one key twice in different case, or a Service principal IAM may read as Pod Identity's (the
            // reason given may be another part of the policy that the model refuses first).
            const twin = lookAlike(policy);
            if (twin !== undefined) {
                lookAlikes++;
                expect(() => describeTrust(policy, { unmodelled: "mostAccess" }), JSON.stringify(policy)).to.throw(UnsupportedPolicyError);
                expect(() => evaluateTrustPolicy(policy, requests[0]), JSON.stringify(policy)).to.throw(UnsupportedPolicyError);
            }
            let description: TrustDescription | undefined;
            try {
                description = describeTrust(policy, { unmodelled: "mostAccess" });
            } catch (error) {
                expect(error).to.be.instanceOf(UnsupportedPolicyError);
            }
            if (description !== undefined) {
                expect(statementLinesDisagreement(description), JSON.stringify(policy)).to.equal(undefined);
                statementsChecked += description.statements.length;
                for (const index of otherPrincipalStatements(policy)) {
                    otherPrincipalsNamed++;
                    expect(description.warnings.some((w) => w.code === TrustWarningCode.OtherPrincipal && w.statement === index), `${JSON.stringify(policy)}\nStatement ${index}`).to.equal(true);
                }
            }
            for (const association of associations) {
                associationsChecked++;
                const problem = podIdentityDisagreement(policy, association);
                expect(problem, `${JSON.stringify(policy)}\n${JSON.stringify(association)}`).to.equal(undefined);
            }
            try {
                associationsAllowed += associations.filter((a) => evaluatePodIdentityAssociation(policy, a).allowed).length;
            } catch {
                // Refused policies are counted below.
            }
            try {
                evaluateTrustPolicy(policy, requests[0]);
                allowed += requests.filter((r) => evaluateTrustPolicy(policy, r).allowed).length;
            } catch {
                refused++;
            }
        }),
        { seed: SEED, numRuns: RUNS },
    );
    return [
        `property (--who, evaluator, iam-simulate): seed ${SEED}: ${RUNS} policies, ${tokens} tokens and ${associationsChecked} Pod Identity associations, 0 disagreements; ` +
            `${refused} policies refused as unsupported (where only unmodelled keys stop the model, read with mostAccess and leastAccess: ` +
            `${counts.bounded} tokens bounded, iam-simulate with caller-chosen keys between them), ${allowed} tokens and ${associationsAllowed} associations allowed; every policy refused with a key twice, and the ${lookAlikes} with one key twice in a block in different case or a Service principal that may be Pod Identity's; ` +
            `${statementsChecked} statements whose --who lines say what the summary says; ${otherPrincipalsNamed} Allow statements letting an account or role call sts:AssumeRole, each named by an OtherPrincipal warning`,
    ];
}
