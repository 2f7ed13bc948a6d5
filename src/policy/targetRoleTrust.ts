/**
 * The second hop of EKS Pod Identity with a cross-account `targetRoleArn`: EKS assumes the component's role, then calls
 * `sts:AssumeRole` (and, with session tags, `sts:TagSession`) on the target role as that role's session, passing the
 * association's `externalId` as `sts:ExternalId` (EKS API reference, PodIdentityAssociation.externalId). This file says
 * which statements of the target role's trust name that caller; policyModel.ts reads the `sts:ExternalId` conditions.
 */

import { InvalidPolicyError, UnsupportedPolicyError } from "./policyErrors";
import { conditionHolds, coversAction, parsePolicy, PolicyCondition, PolicyEffect, PolicyStatement, POD_IDENTITY_ACTIONS } from "./policyModel";

/** The component role that makes the second hop: its ARN as given, and the parts principals are compared on. */
export interface CallerRole {
    arn: string;
    account: string;
    /** The role's name, the last part of its path (unique in the account whatever the path). */
    name: string;
}

const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const ROLE_PRINCIPAL = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const SESSION_PRINCIPAL = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//;
// IAM's unique ids (AROA... for a role): the trust of a deleted and recreated role shows one, and it may be the caller.
const UNIQUE_ID = /^A[0-9A-Z]+$/;

/** Parses the caller's role ARN, with a TypeError naming the argument when it is not an IAM role ARN. */
export function callerRole(arn: unknown): CallerRole {
    const match = typeof arn === "string" ? ROLE_ARN.exec(arn) : null;
    if (!match) {
        throw new TypeError(`request.callerRoleArn ${JSON.stringify(arn)} is not an IAM role ARN; expected arn:<partition>:iam::<account>:role/<path><name>.`);
    }
    return { arn: arn as string, account: match[1], name: match[2] };
}

/**
 * Whether `statement`'s principal names the sessions of `caller`: the wildcard principal, the caller's account (in an
 * Allow it delegates to the account's identity policies, which must then let the component role call the target too,
 * as they must for any target in another account; in a Deny it covers every principal of the account), or the role's
 * exact ARN. A value
 * IAM may read as the caller although it is not written as its ARN (the same name in other case or under another path,
 * a session ARN of the role, a unique id) is refused rather than read as naming nobody.
 */
export function trustsRoleSession(statement: Pick<PolicyStatement, "index" | "anyPrincipal" | "accounts" | "others">, caller: CallerRole): boolean {
    if (statement.anyPrincipal || statement.accounts.includes(caller.account)) {
        return true;
    }
    let names = false;
    for (const value of statement.others) {
        const role = ROLE_PRINCIPAL.exec(value);
        const session = SESSION_PRINCIPAL.exec(value);
        if (value === caller.arn) {
            names = true;
        } else if ((role ?? session) !== null && (role ?? session)?.[1] === caller.account && (role ?? session)?.[2].toLowerCase() === caller.name.toLowerCase()) {
            const what = role !== null ? "a role ARN that differs from it only in case or path" : "a session ARN of that role, whose session name EKS chooses";
            throw new UnsupportedPolicyError(`AWS principal "${value}", ${what}, which IAM may read as the caller ${caller.arn}`, `Statement ${statement.index}`);
        } else if (UNIQUE_ID.test(value)) {
            throw new UnsupportedPolicyError(`AWS principal "${value}", a unique id, which may be the caller ${caller.arn}`, `Statement ${statement.index}`);
        }
    }
    return names;
}

/** One statement whose principal may name a component role's session: what `explain --who` says of the second hop. */
export interface TargetRoleStatement {
    index: number;
    sid?: string;
    effect: PolicyEffect;
    anyPrincipal: boolean;
    /** The accounts its `AWS` principals name as a whole: every role of them, whatever externalId (with their own policies). */
    accounts: string[];
    /** Its other principals as written (role ARNs, and principals that are never a role session). */
    others: string[];
    /** Which of `sts:AssumeRole` and `sts:TagSession` it covers. */
    actions: string[];
    /** Its conditions (on `sts:ExternalId`, or on OIDC keys, absent from this call): all must hold. */
    conditions: PolicyCondition[];
    /** Plain words. */
    text: string;
}

/**
 * Which component roles' sessions, with which externalIds, a target role's trust lets make EKS Pod Identity's second
 * hop: read exactly (with `sts:ExternalId` modelled) or not at all (`refused` says why; the warnings then name every
 * other principal, as before). A statement without an `sts:ExternalId` condition admits its roles for any association.
 */
export interface TargetRoleAccess {
    statements: TargetRoleStatement[];
    /** The reason the trust could not be read exactly for the second hop, when it could not. */
    refused?: string;
    /** Plain words, one line per statement. */
    text: string[];
}

/** Reads a trust policy as a Pod Identity target role's, for `explain --who` (see {@link TargetRoleAccess}). */
export function describeTargetRoleTrust(policy: string | object): TargetRoleAccess {
    let statements: PolicyStatement[];
    try {
        statements = parsePolicy(policy, { externalId: true }).statements;
    } catch (error) {
        // The reading that held sts:ExternalId to a value did not read its block's values, which this one does.
        if (!(error instanceof UnsupportedPolicyError || error instanceof InvalidPolicyError)) {
            throw error;
        }
        return { statements: [], refused: error.message, text: [`not read exactly (${error.message}); the warnings name the principals that may call sts:AssumeRole`] };
    }
    const described = statements.filter(mayNameRoleSession).map(describeStatement);
    return { statements: described, text: described.length === 0 ? ["no statement names a role session: no association's second hop is admitted"] : described.map((s) => s.text) };
}

/** Whether `access` admits the caller's session with `externalId` for sts:AssumeRole (and sts:TagSession with `sessionTags`; see `TargetRoleRequest`). */
export function targetRoleAdmits(access: TargetRoleAccess, callerRoleArn: string, externalId: string, sessionTags = false): boolean {
    const caller = callerRole(callerRoleArn);
    const actions = sessionTags ? POD_IDENTITY_ACTIONS : POD_IDENTITY_ACTIONS.slice(0, 1);
    const holds = (s: TargetRoleStatement, action: string) =>
        s.actions.includes(action) && trustsRoleSession(s, caller) && s.conditions.every((c) => conditionHolds(c, c.externalId === true ? [externalId] : undefined));
    return actions.every(
        (action) =>
            access.statements.some((s) => s.effect === PolicyEffect.Allow && holds(s, action)) && !access.statements.some((s) => s.effect === PolicyEffect.Deny && holds(s, action)),
    );
}

function mayNameRoleSession(statement: PolicyStatement): boolean {
    return statement.anyPrincipal || statement.accounts.length > 0 || statement.others.some((v) => ROLE_PRINCIPAL.test(v) || SESSION_PRINCIPAL.test(v) || UNIQUE_ID.test(v));
}

function describeStatement(statement: PolicyStatement): TargetRoleStatement {
    const actions = POD_IDENTITY_ACTIONS.filter((action) => coversAction(statement, action));
    // A session ARN or a unique id may be a component role's too: named as written, never dropped.
    const roles = statement.others.map((v) => (ROLE_PRINCIPAL.test(v) ? `the role ${v}` : SESSION_PRINCIPAL.test(v) ? `the role session ${v}` : UNIQUE_ID.test(v) ? `the principal of unique id ${v}` : ""));
    const who = [
        ...(statement.anyPrincipal ? ['every principal ("*")'] : []),
        ...statement.accounts.map((a) => `every role of account ${a} (whose own policies allow it)`),
        ...roles.filter((r) => r !== ""),
    ].join(", ");
    const ids = statement.conditions.filter((c) => c.externalId === true);
    const never = statement.conditions.some((c) => c.externalId !== true && !conditionHolds(c, undefined));
    const verb = statement.effect === PolicyEffect.Allow ? "admits" : "denies";
    const text =
        actions.length === 0 || never || who === ""
            ? `Statement ${statement.index} (${statement.effect}) ${verb} no association's second hop (${who === "" ? "it names no role session" : actions.length === 0 ? "its actions include neither sts:AssumeRole nor sts:TagSession" : "a condition on a key this call lacks is false"})`
            : `Statement ${statement.index} (${statement.effect}) ${verb} ${actions.join(" and ")} to the sessions of ${who}, ` +
              (ids.length === 0 ? "with any externalId (no sts:ExternalId condition: every association of those roles)" : `when sts:ExternalId meets ${ids.map((c) => `${c.operator} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`).join(" and ")}`);
    return {
        index: statement.index,
        ...(statement.sid !== undefined && { sid: statement.sid }),
        effect: statement.effect,
        anyPrincipal: statement.anyPrincipal,
        accounts: statement.accounts,
        others: statement.others,
        actions,
        conditions: statement.conditions,
        text,
    };
}
