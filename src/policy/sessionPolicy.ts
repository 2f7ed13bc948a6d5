import { IrsaArgumentError } from "../errors";
import { InvalidPolicyError, UnsupportedPolicyError } from "./policyErrors";
import { readPolicyDocument } from "./policyModel";

// An EKS Pod Identity association's session policy (CreatePodIdentityAssociation's `policy`): an inline session policy
// that EKS passes when it assumes the role, so the pods get only what both the role's policies and this policy allow.
// It is an identity policy, read through the one policy entry point (readPolicyDocument), and held to STS's rules for an
// inline session policy (AssumeRole's Policy: at most 2,048 characters of tab, line feed, carriage return and U+0020
// to U+00FF), which EKS's 2,048-character limit for the association's policy repeats.

/** The longest session policy, in characters (white space counted, as STS counts the plain text). */
export const MAX_SESSION_POLICY_LENGTH = 2048;

// Tab, line feed, carriage return and U+0020-U+00FF: STS's character set for an inline session policy.
const SESSION_POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]*$/;
const STATEMENT_ELEMENTS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/** What a session policy says, for `explain` and `render`: how many statements and which actions it allows. */
export interface SessionPolicySummary {
    statements: number;
    /** The actions (or `NotAction` exclusions, marked `not `) of its Allow statements, in policy order. */
    allowed: string[];
    /** Whether it has Deny statements. */
    denies: boolean;
}

/**
 * Checks a session policy and returns what it says. Refuses text that is not JSON (or has a key twice), is longer than
 * 2,048 characters or has a character STS refuses, and a document that is not an identity policy: an object with
 * `Statement`, each statement with `Effect` Allow or Deny, `Action` or `NotAction`, `Resource` or `NotResource`, and no
 * `Principal` (a session policy names no principal).
 */
export function checkSessionPolicy(argument: string, policy: string): SessionPolicySummary {
    const refuse = (rule: string): never => {
        throw new IrsaArgumentError(argument, policy, `${rule} A session policy is a JSON IAM policy document, e.g. JSON.stringify({ Version: "2012-10-17", Statement: [...] }).`);
    };
    if (policy.length === 0 || policy.length > MAX_SESSION_POLICY_LENGTH) {
        refuse(`it has ${policy.length} characters; EKS and STS take 1 to ${MAX_SESSION_POLICY_LENGTH} (white space counted): shorten it or narrow the role instead.`);
    }
    // The messages below never quote the text: a session policy may arrive as a secret, and no part of one is shown.
    if (!SESSION_POLICY_CHARACTERS.test(policy)) {
        refuse("it contains a character STS refuses in a session policy: STS takes only tab, line feed, carriage return and U+0020 to U+00FF.");
    }
    let document: unknown;
    try {
        document = readPolicyDocument(policy, "The session policy");
    } catch (error) {
        if (error instanceof UnsupportedPolicyError) {
            refuse("it has one key twice in one object (JSON.parse keeps the last, IAM may read it otherwise).");
        }
        if (error instanceof InvalidPolicyError) {
            refuse("it is not valid JSON.");
        }
        throw error;
    }
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
        return refuse("it is not a JSON object.");
    }
    const top = document as Record<string, unknown>;
    const extra = Object.keys(top).filter((key) => !["Version", "Id", "Statement"].includes(key));
    if (extra.length > 0) {
        refuse("it has an element other than Version, Id and Statement.");
    }
    if (top.Version !== undefined && top.Version !== "2012-10-17" && top.Version !== "2008-10-17") {
        refuse("its Version is not 2012-10-17 (or 2008-10-17).");
    }
    const statements = Array.isArray(top.Statement) ? top.Statement : top.Statement === undefined ? [] : [top.Statement];
    if (statements.length === 0) {
        refuse("it has no Statement, so the session could do nothing.");
    }
    const summary: SessionPolicySummary = { statements: statements.length, allowed: [], denies: false };
    statements.forEach((statement, i) => checkStatement(statement, i, summary, refuse));
    return summary;
}

function checkStatement(statement: unknown, i: number, summary: SessionPolicySummary, refuse: (rule: string) => never): void {
    if (typeof statement !== "object" || statement === null || Array.isArray(statement)) {
        refuse(`Statement ${i} is not an object.`);
    }
    const s = statement as Record<string, unknown>;
    if ("Principal" in s || "NotPrincipal" in s) {
        refuse(`Statement ${i} names a principal; a session policy applies to the session itself and names none.`);
    }
    const unknown = Object.keys(s).find((key) => !STATEMENT_ELEMENTS.includes(key));
    if (unknown !== undefined) {
        refuse(`Statement ${i} has an element other than ${STATEMENT_ELEMENTS.join(", ")}.`);
    }
    if (s.Effect !== "Allow" && s.Effect !== "Deny") {
        refuse(`Statement ${i}'s Effect is not Allow or Deny.`);
    }
    if (("Action" in s) === ("NotAction" in s) || ("Resource" in s) === ("NotResource" in s)) {
        refuse(`Statement ${i} needs exactly one of Action and NotAction, and exactly one of Resource and NotResource.`);
    }
    const actions = "Action" in s ? s.Action : s.NotAction;
    const list = typeof actions === "string" ? [actions] : Array.isArray(actions) && actions.every((a) => typeof a === "string") && actions.length > 0 ? (actions as string[]) : undefined;
    if (list === undefined) {
        return refuse(`Statement ${i}'s ${"Action" in s ? "Action" : "NotAction"} is not a string or a non-empty list of strings.`);
    }
    if (s.Effect === "Deny") {
        summary.denies = true;
    } else {
        summary.allowed.push(...list.map((a) => ("Action" in s ? a : `not ${a}`)));
    }
}

/**
 * The sentence `explain` and `render` print for an association with a session policy: the session gets only what both
 * the role's (or target role's) policies and the session policy allow, never more.
 */
export function describeSessionPolicy(summary: SessionPolicySummary): string {
    const allowed = summary.allowed.length === 0 ? "no action" : summary.allowed.join(", ");
    return (
        `a session policy narrows the session: pods get only what both the role's policies and the session policy allow ` +
        `(it allows ${allowed}${summary.denies ? ", and denies some" : ""}); it never grants more than the role.`
    );
}
