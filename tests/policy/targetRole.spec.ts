/**
 * A Pod Identity target role's trust (the second hop of a cross-account `targetRoleArn`): the component role's session
 * calls sts:AssumeRole and sts:TagSession with the association's externalId as sts:ExternalId. The evaluator answers
 * as @cloud-copilot/iam-simulate does, or refuses a principal IAM may read as the caller although it is not written as
 * its ARN; explain --who names the role principals and the external ids they require.
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatTrust } from "../../src/cli/cliFormat";
import { describeTrust, describeWhoMayAssume } from "../../src/policy/explain";
import { targetRoleAdmits } from "../../src/policy/targetRoleTrust";
import { evaluateTargetRoleAssumption, TargetRoleRequest, TrustDecisionKind, UnsupportedPolicyError } from "../../src/policy/trustPolicyEvaluator";
import { simulateTargetRole } from "../oracle/targetRoleOracle";

const CALLER = "arn:aws:iam::123456789012:role/team/my-s3-role";
const ID = "a1b2c3d4-e5f6-4a5b-9c8d-7e6f5a4b3c2d";
const BOTH = ["sts:AssumeRole", "sts:TagSession"];

function policy(...statements: object[]): object {
    return { Version: "2012-10-17", Statement: statements };
}

function statement(principal: unknown, condition?: object, action: string | string[] = BOTH, effect = "Allow"): object {
    return { Effect: effect, Principal: principal, Action: action, ...(condition !== undefined && { Condition: condition }) };
}

const README_TRUST = policy(statement({ AWS: CALLER }, { StringEquals: { "sts:ExternalId": ID } }));

/** The evaluator's answer, checked against iam-simulate (both actions, or AssumeRole alone without session tags). */
function decide(p: object, request: TargetRoleRequest = { callerRoleArn: CALLER, externalId: ID }): boolean {
    const decision = evaluateTargetRoleAssumption(p, request).allowed;
    expect(targetRoleAdmits(describeWhoMayAssume(p).targetRole, request.callerRoleArn, request.externalId, request.sessionTags === true), "--who agrees with the evaluator").to.equal(decision);
    const actions = request.sessionTags === true ? BOTH : BOTH.slice(0, 1);
    const oracle = actions.every((action) => simulateTargetRole(p, request.callerRoleArn, request.externalId, action).allowed);
    expect(decision, "the evaluator agrees with iam-simulate").to.equal(oracle);
    return decision;
}

describe("Pod Identity target role: evaluateTargetRoleAssumption", () => {
    it("the target role's trust docs/pod-identity.md shows admits the component role's session with the association's externalId, and no other id or role", () => {
        expect(decide(README_TRUST)).to.equal(true);
        expect(decide(README_TRUST, { callerRoleArn: CALLER, externalId: `${ID}x` })).to.equal(false);
        expect(decide(README_TRUST, { callerRoleArn: "arn:aws:iam::123456789012:role/other", externalId: ID })).to.equal(false);
        expect(decide(README_TRUST, { callerRoleArn: "arn:aws:iam::999999999999:role/team/my-s3-role", externalId: ID })).to.equal(false);
        expect(evaluateTargetRoleAssumption(README_TRUST, { callerRoleArn: CALLER, externalId: ID }).reason).to.include(`allows sts:AssumeRole to the session of ${CALLER}`);
        expect(evaluateTargetRoleAssumption(README_TRUST, { callerRoleArn: CALLER, externalId: ID, sessionTags: true }).reason).to.include(
            `allows sts:AssumeRole and sts:TagSession to the session of ${CALLER}`,
        );
    });

    it("a role principal without an ExternalId condition admits the role's sessions for any association", () => {
        const p = policy(statement({ AWS: CALLER }));
        for (const externalId of [ID, "other-association", "zz"]) {
            expect(decide(p, { callerRoleArn: CALLER, externalId })).to.equal(true);
        }
    });

    it("the caller's account (as its root ARN or its bare id) and the wildcard principal admit it too", () => {
        for (const principal of [{ AWS: "arn:aws:iam::123456789012:root" }, { AWS: "123456789012" }, "*", { AWS: "**" }]) {
            expect(decide(policy(statement(principal, { StringEquals: { "sts:ExternalId": ID } })))).to.equal(true);
        }
        const reason = evaluateTargetRoleAssumption(policy(statement({ AWS: "123456789012" })), { callerRoleArn: CALLER, externalId: ID }).reason;
        expect(reason).to.include("through the account principal of 123456789012");
    });

    it("StringLike patterns on sts:ExternalId are read as IAM reads them, key name in any case", () => {
        expect(decide(policy(statement({ AWS: CALLER }, { StringLike: { "STS:EXTERNALID": "a1b2c3d4-*" } })))).to.equal(true);
        expect(decide(policy(statement({ AWS: CALLER }, { StringLike: { "sts:externalid": "a1b2c3d4-?" } })))).to.equal(false);
        expect(decide(policy(statement({ AWS: CALLER }, { StringLike: { "sts:ExternalId": "*" } })))).to.equal(true);
        expect(decide(policy(statement({ AWS: CALLER }, { StringNotEquals: { "sts:ExternalId": ID } })))).to.equal(false);
        expect(decide(policy(statement({ AWS: CALLER }, { Null: { "sts:ExternalId": "false" } })))).to.equal(true);
    });

    it("decides sts:AssumeRole alone by default (AWS does not say EKS tags the second hop), sts:TagSession too when asked", () => {
        const p = policy(statement({ AWS: CALLER }, { StringEquals: { "sts:ExternalId": ID } }, "sts:AssumeRole"));
        expect(decide(p)).to.equal(true);
        expect(decide(p, { callerRoleArn: CALLER, externalId: ID, sessionTags: true })).to.equal(false);
        expect(evaluateTargetRoleAssumption(p, { callerRoleArn: CALLER, externalId: ID, sessionTags: true }).reason).to.include("sts:TagSession");
        expect(decide(p, { callerRoleArn: CALLER, externalId: ID, sessionTags: false })).to.equal(true);
    });

    it("a Deny naming the role, its account or * overrides the Allow", () => {
        for (const principal of [{ AWS: CALLER }, { AWS: "arn:aws:iam::123456789012:root" }, "*"]) {
            const tagging = { callerRoleArn: CALLER, externalId: ID, sessionTags: true };
            const p = policy(statement({ AWS: CALLER }), statement(principal, { StringLike: { "sts:ExternalId": "a1*" } }, "sts:TagSession", "Deny"));
            expect(decide(p, tagging)).to.equal(false);
            expect(evaluateTargetRoleAssumption(p, tagging).decision).to.equal(TrustDecisionKind.ExplicitDeny);
            const q = policy(statement({ AWS: CALLER }), statement(principal, { StringLike: { "sts:ExternalId": "a1*" } }, "sts:AssumeRole", "Deny"));
            expect(decide(q)).to.equal(false);
            expect(evaluateTargetRoleAssumption(q, { callerRoleArn: CALLER, externalId: ID }).decision).to.equal(TrustDecisionKind.ExplicitDeny);
        }
    });

    it("refuses a principal IAM may read as the caller although not written as its ARN (iam-simulate reads each as the caller)", () => {
        const misleading = [
            "arn:aws:iam::123456789012:role/my-s3-role",
            "arn:aws:iam::123456789012:role/team/MY-S3-ROLE",
            "arn:aws:iam::123456789012:role/elsewhere/my-s3-role",
            "arn:aws:sts::123456789012:assumed-role/my-s3-role/eks-prod-app-7d9f8b6c5",
        ];
        for (const principal of misleading) {
            const p = policy(statement({ AWS: principal }));
            expect(simulateTargetRole(p, CALLER, ID, "sts:AssumeRole").allowed, principal).to.equal(true);
            expect(() => evaluateTargetRoleAssumption(p, { callerRoleArn: CALLER, externalId: ID })).to.throw(UnsupportedPolicyError, principal);
        }
        expect(() => evaluateTargetRoleAssumption(policy(statement({ AWS: "AROAEXAMPLEID1234" })), { callerRoleArn: CALLER, externalId: ID })).to.throw(UnsupportedPolicyError, "unique id");
    });

    it("refuses a condition on any other key of the second hop (aws:RequestTag, aws:PrincipalTag, sts:RoleSessionName)", () => {
        for (const key of ["aws:RequestTag/kubernetes-namespace", "aws:PrincipalTag/eks-cluster-name", "sts:RoleSessionName", "aws:PrincipalArn"]) {
            const p = policy(statement({ AWS: CALLER }, { StringEquals: { "sts:ExternalId": ID, [key]: "x" } }));
            expect(() => evaluateTargetRoleAssumption(p, { callerRoleArn: CALLER, externalId: ID }), key).to.throw(UnsupportedPolicyError, key);
        }
    });

    it("refuses a caller that is not a role ARN and an externalId STS does not accept, naming the argument", () => {
        expect(() => evaluateTargetRoleAssumption(README_TRUST, { callerRoleArn: "arn:aws:iam::123456789012:user/u", externalId: ID })).to.throw(TypeError, "request.callerRoleArn");
        for (const externalId of ["", "x", "a b", "x".repeat(1225), 7 as unknown as string]) {
            expect(() => evaluateTargetRoleAssumption(README_TRUST, { callerRoleArn: CALLER, externalId })).to.throw(TypeError, "request.externalId");
        }
    });

    it("other readers are unchanged: the first hop's exact reading still refuses sts:ExternalId, and --who holds it for the first hop", () => {
        expect(() => describeTrust(README_TRUST)).to.throw(UnsupportedPolicyError, "sts:ExternalId");
        expect(describeWhoMayAssume(README_TRUST).assumedKeys).to.deep.equal(["sts:ExternalId"]);
    });

    it("explain --who names the role principal and the externalId it requires, or says any externalId", () => {
        expect(describeWhoMayAssume(README_TRUST).targetRole.text).to.deep.equal([
            `Statement 0 (Allow) admits sts:AssumeRole and sts:TagSession to the sessions of the role ${CALLER}, when sts:ExternalId meets StringEquals "${ID}"`,
        ]);
        expect(describeTrust(policy(statement({ AWS: CALLER }))).targetRole.text).to.deep.equal([
            `Statement 0 (Allow) admits sts:AssumeRole and sts:TagSession to the sessions of the role ${CALLER}, with any externalId (no sts:ExternalId condition: every association of those roles)`,
        ]);
        expect(formatTrust(describeWhoMayAssume(README_TRUST))).to.include(
            `\n  Statement 0 (Allow) admits sts:AssumeRole and sts:TagSession to the sessions of the role ${CALLER}, when sts:ExternalId meets StringEquals "${ID}"\n`,
        );
        const refused = describeWhoMayAssume(policy(statement({ AWS: CALLER }, { StringEquals: { "sts:ExternalId": ID, "aws:PrincipalTag/x": "y" } }))).targetRole;
        expect(refused.refused).to.include("aws:PrincipalTag/x");
        // A principal that may be a component role without being its ARN is named as written, never dropped.
        const unique = describeTrust(policy(statement({ AWS: ["AROAEXAMPLEID1234", "arn:aws:sts::123456789012:assumed-role/r/s"] }, undefined, BOTH, "Deny"))).targetRole.text;
        expect(unique).to.deep.equal([
            "Statement 0 (Deny) denies sts:AssumeRole and sts:TagSession to the sessions of the principal of unique id AROAEXAMPLEID1234, the role session arn:aws:sts::123456789012:assumed-role/r/s, with any externalId (no sts:ExternalId condition: every association of those roles)",
        ]);
        // A block the first hop's reading holds to a value without reading it: --who still answers, as before.
        const empty = describeWhoMayAssume(policy(statement({ AWS: CALLER }, { StringEquals: { "sts:ExternalId": [] } })));
        expect(empty.assumedKeys).to.deep.equal(["sts:ExternalId"]);
        expect(empty.targetRole.refused).to.include("empty list of values");
    });
});

// The property: iam-simulate's answer for both actions, or a refusal of a principal iam-simulate reads as the caller.
const SEED = 20261207;
const RUNS = 500;
const ACCOUNT = "123456789012";
const EXACT_PRINCIPALS = [CALLER, `arn:aws:iam::${ACCOUNT}:root`, ACCOUNT, "*", "arn:aws:iam::123456789012:role/other", "arn:aws:iam::999999999999:role/team/my-s3-role", "arn:aws:iam::999999999999:root", "arn:aws:iam::123456789012:user/my-s3-role"];
const MISLEADING = ["arn:aws:iam::123456789012:role/My-S3-Role", "arn:aws:iam::123456789012:role/my-s3-role"];
const OPERATORS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIfExists", "StringNotLikeIfExists", "ForAllValues:StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringNotLike", "Null"];

const externalIdArb = fc.stringMatching(/^[a-z0-9:/-]{2,8}$/);

function conditionArb(externalId: string): fc.Arbitrary<object> {
    const values = fc.constantFrom(externalId, `${externalId.slice(0, 1)}*`, `${externalId.slice(0, -1)}?`, "*", "?", "zz", `${externalId}-x`, externalId.toUpperCase());
    return fc.record({ operator: fc.constantFrom(...OPERATORS), key: fc.constantFrom("sts:ExternalId", "sts:externalid", "STS:EXTERNALID"), values: fc.array(values, { minLength: 1, maxLength: 2 }) }).map(({ operator, key, values: v }) =>
        operator === "Null" ? { Null: { [key]: v[0].length % 2 === 0 ? "true" : "false" } } : { [operator]: { [key]: v } },
    );
}

function statementArb(externalId: string): fc.Arbitrary<object> {
    return fc.record({
        effect: fc.constantFrom("Allow", "Allow", "Deny"),
        principal: fc.array(fc.constantFrom(...EXACT_PRINCIPALS, ...EXACT_PRINCIPALS, ...MISLEADING), { minLength: 1, maxLength: 2 }),
        action: fc.constantFrom<string | string[]>(BOTH, "sts:AssumeRole", "sts:TagSession", "sts:*", "*", "sts:Assume*"),
        notAction: fc.boolean(),
        condition: fc.option(conditionArb(externalId), { nil: undefined }),
    }).map(({ effect, principal, action, notAction, condition }) => ({
        Effect: effect,
        Principal: principal.includes("*") ? "*" : { AWS: principal },
        [notAction && action !== "*" ? "NotAction" : "Action"]: action,
        ...(condition !== undefined && { Condition: condition }),
    }));
}

describe("property: evaluateTargetRoleAssumption agrees with iam-simulate", () => {
    it(`agrees, or refuses a principal iam-simulate reads as the caller (seed ${SEED}, ${RUNS} runs)`, () => {
        let refused = 0;
        let allowed = 0;
        const arb = externalIdArb.chain((externalId) => fc.record({ externalId: fc.constant(externalId), sessionTags: fc.boolean(), statements: fc.array(statementArb(externalId), { minLength: 1, maxLength: 3 }) }));
        fc.assert(
            fc.property(arb, ({ externalId, sessionTags, statements }) => {
                const p = policy(...statements);
                const request = { callerRoleArn: CALLER, externalId, sessionTags };
                let decision: boolean;
                try {
                    decision = evaluateTargetRoleAssumption(p, request).allowed;
                } catch (error) {
                    expect(error, String(error)).to.be.instanceOf(UnsupportedPolicyError);
                    expect(MISLEADING.some((m) => (error as Error).message.includes(m)), (error as Error).message).to.equal(true);
                    refused++;
                    return;
                }
                const actions = sessionTags ? BOTH : BOTH.slice(0, 1);
                const oracle = actions.every((action) => simulateTargetRole(p, CALLER, externalId, action).allowed);
                expect(decision, JSON.stringify({ p, request })).to.equal(oracle);
                allowed += decision ? 1 : 0;
                expect(targetRoleAdmits(describeWhoMayAssume(p).targetRole, CALLER, externalId, sessionTags), "--who agrees").to.equal(decision);
            }),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(`      target role property: ${RUNS} cases, ${allowed} allowed, ${refused} refused, 0 disagreements (seed ${SEED})`);
        expect(allowed, "the generator reaches allowed cases").to.be.greaterThan(RUNS / 20);
    });
});
