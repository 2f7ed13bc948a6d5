import { expect } from "chai";
import fc from "fast-check";
import { accessThrough, describeTrust } from "../../src/policy/explain";
import { UnsupportedPolicyError } from "../../src/policy/policyErrors";
import { serviceAccountSubject } from "../../src/policy/trustPolicy";
import { ReadRole } from "../../src/audit/readRoles";
import { SubjectIndex } from "../../src/audit/subjectIndex";
import { accessAdmits } from "../../src/policy/explain";
import { ISSUER, PROVIDER } from "./auditFixture";

const SEED = 2612;
const NAMES = ["a", "b", "ab", "ns-1", "ns-10", "default"];
const piece = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom("*", "?", "a*", "*b", "ns-?", "ns-1*", "", ":"));
const subjectValue = fc.oneof(
    fc.tuple(piece, piece).map(([ns, name]) => `system:serviceaccount:${ns}:${name}`),
    fc.constantFrom("*", "system:*", "system:serviceaccount:*", "system:serviceaccount:a", "x:y"),
);
const condition = fc.record({
    operator: fc.constantFrom("StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "ForAnyValue:StringLike", "StringLikeIfExists"),
    values: fc.array(subjectValue, { minLength: 1, maxLength: 3 }),
});
const statement = fc.record({ effect: fc.constantFrom("Allow", "Allow", "Deny"), conditions: fc.array(condition, { maxLength: 2 }) }).map(({ effect, conditions }) => {
    const block: Record<string, Record<string, string[]>> = {};
    for (const c of conditions) {
        block[c.operator] = { [`${ISSUER}:sub`]: c.values };
    }
    return { Effect: effect, Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", ...(conditions.length > 0 && { Condition: block }) };
});

/**
 * The namespace index only narrows the candidates: for any trust (exact, patterns, negated, set operators, Deny), every
 * ServiceAccount the model admits is among the candidates of its namespace. Seed printed in the title.
 */
describe(`audit: the subject index never drops a role the model admits (fast-check seed ${SEED})`, () => {
    it("holds for 200 generated trusts and every ServiceAccount of six namespaces and names", () => {
        fc.assert(
            fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (statements) => {
                const policy = { Version: "2012-10-17", Statement: statements };
                let description;
                try {
                    description = describeTrust(policy);
                } catch (error) {
                    if (error instanceof UnsupportedPolicyError) {
                        return;
                    }
                    throw error;
                }
                const role: ReadRole = { role: { arn: "arn:aws:iam::111122223333:role/r", name: "r", trustPolicy: policy, policies: [] }, description, irsa: accessThrough(description, PROVIDER), audiences: [] };
                const index = new SubjectIndex([role]);
                for (const namespace of NAMES) {
                    for (const name of NAMES) {
                        const admitted = accessAdmits(role.irsa, serviceAccountSubject(namespace, name), ["sts.amazonaws.com"]);
                        if (admitted) {
                            expect(index.candidates(namespace), `${namespace}/${name} in ${JSON.stringify(policy)}`).to.include(role);
                        }
                    }
                }
            }),
            { seed: SEED, numRuns: 200 },
        );
    });
});
