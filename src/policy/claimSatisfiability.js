"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.someValueMeets = someValueMeets;
/**
 * How much the search may do before it gives up and answers "not decided": matcher positions advanced, summed over
 * every character tried from every state (about a tenth of a second). A policy cannot make one search cost more.
 */
const WORK_LIMIT = 2_000_000;
function stepsOf(value, like) {
    return [...value].map((char) => (like && char === "?" ? { kind: "one" } : like && char === "*" ? { kind: "any" } : { kind: "char", char }));
}
/** The positions reachable without reading a character: a `*` may match nothing. */
function closure(steps, positions) {
    const out = new Set(positions);
    for (let p = 0; p <= steps.length; p++) {
        if (out.has(p) && p < steps.length && steps[p].kind === "any") {
            out.add(p + 1);
        }
    }
    return out;
}
function matches(steps, value) {
    let positions = closure(steps, new Set([0]));
    for (const char of value) {
        positions = advance(steps, positions, char);
    }
    return positions.has(steps.length);
}
function advance(steps, positions, char) {
    const next = new Set();
    for (const p of positions) {
        const step = steps[p];
        if (step === undefined) {
            continue;
        }
        if (step.kind === "any") {
            next.add(p);
        }
        else if (step.kind === "one" || step.char === char) {
            next.add(p + 1);
        }
    }
    return closure(steps, next);
}
/**
 * Whether some single string meets every condition (each read for a claim of exactly that one value, as
 * `conditionHolds` reads it: `IfExists` and set operators alike), decided by a breadth-first search over the product of
 * the conditions' pattern matchers. Exact: true when such a string exists, false when none does; undefined when the
 * search would do more than {@link WORK_LIMIT} steps. Null conditions are left to the caller.
 */
function someValueMeets(conditions) {
    // The same conditions come back for each provider of an issuer and each call of a policy pack: decide them once.
    const key = JSON.stringify(conditions.map((c) => [c.like, c.negated, c.values]));
    if (answers.has(key)) {
        return answers.get(key);
    }
    const answer = search(conditions);
    if (answers.size >= MAX_REMEMBERED) {
        answers.clear();
    }
    answers.set(key, answer);
    return answer;
}
const MAX_REMEMBERED = 512;
const answers = new Map();
function search(conditions) {
    const matchers = conditions.map((condition) => condition.values.map((value) => stepsOf(value, condition.like)));
    // Most clauses are met by a value they name (a pattern with its wildcards filled in): try those before searching.
    const holds = (value) => conditions.every((condition, i) => matchers[i].some((steps) => matches(steps, value)) !== condition.negated);
    const named = matchers.flat().map((steps) => steps.map((step) => (step.kind === "char" ? step.char : step.kind === "one" ? "a" : "")).join(""));
    if ([...named, ""].some(holds)) {
        return true;
    }
    // The characters the patterns name, and one they do not: any other character behaves as that one.
    const characters = new Set(matchers.flat(2).flatMap((step) => (step.kind === "char" ? [step.char] : [])));
    let other = "\u0000";
    while (characters.has(other)) {
        other = String.fromCharCode(other.charCodeAt(0) + 1);
    }
    const alphabet = [...characters, other];
    const keyOf = (state) => state.map((values) => values.map((positions) => [...positions].sort((a, b) => a - b).join(",")).join("|")).join("/");
    // For one value every operator reads alike: its values are ORed, and a negated operator holds when none matches.
    const meets = (state) => conditions.every((condition, i) => matchers[i].some((steps, j) => state[i][j].has(steps.length)) !== condition.negated);
    const start = matchers.map((values) => values.map((steps) => closure(steps, new Set([0]))));
    const seen = new Set([keyOf(start)]);
    const queue = [start];
    const stepsPerState = alphabet.length * (matchers.flat().reduce((sum, steps) => sum + steps.length + 1, 0) + 1);
    let work = 0;
    while (queue.length > 0) {
        const state = queue.shift();
        if (meets(state)) {
            return true;
        }
        work += stepsPerState;
        if (work > WORK_LIMIT) {
            return undefined;
        }
        for (const char of alphabet) {
            const next = state.map((values, i) => values.map((positions, j) => advance(matchers[i][j], positions, char)));
            const key = keyOf(next);
            if (!seen.has(key)) {
                seen.add(key);
                queue.push(next);
            }
        }
    }
    return false;
}
