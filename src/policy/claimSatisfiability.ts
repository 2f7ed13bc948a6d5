import { AnalysisBudget, AnalysisBudgetError, currentAnalysisBudget } from "./analysisBudget";
import { PolicyCondition } from "./policyModel";

/**
 * How much the search may do before it gives up and answers "not decided": matcher positions advanced, summed over
 * every character tried from every state (about a tenth of a second). A policy cannot make one search cost more.
 */
const WORK_LIMIT = 2_000_000;

/** One step of an IAM pattern: a literal character, `?` (any one) or `*` (any run). `StringEquals` values are all literal. */
type Step = { kind: "char"; char: string } | { kind: "one" } | { kind: "any" };

function stepsOf(value: string, like: boolean): Step[] {
    return [...value].map((char): Step => (like && char === "?" ? { kind: "one" } : like && char === "*" ? { kind: "any" } : { kind: "char", char }));
}

/** The positions reachable without reading a character: a `*` may match nothing. */
function closure(steps: Step[], positions: Set<number>): Set<number> {
    const out = new Set(positions);
    for (let p = 0; p <= steps.length; p++) {
        if (out.has(p) && p < steps.length && steps[p].kind === "any") {
            out.add(p + 1);
        }
    }
    return out;
}

function matches(steps: Step[], value: string): boolean {
    let positions = closure(steps, new Set([0]));
    for (const char of value) {
        positions = advance(steps, positions, char);
    }
    return positions.has(steps.length);
}

function advance(steps: Step[], positions: Set<number>, char: string): Set<number> {
    const next = new Set<number>();
    for (const p of positions) {
        const step = steps[p];
        if (step === undefined) {
            continue;
        }
        if (step.kind === "any") {
            next.add(p);
        } else if (step.kind === "one" || step.char === char) {
            next.add(p + 1);
        }
    }
    return closure(steps, next);
}

/**
 * Whether some single string meets every condition (each read for a claim of exactly that one value, as
 * `conditionHolds` reads it: `IfExists` and set operators alike), decided by a breadth-first search over the product of
 * the conditions' pattern matchers. Exact: true when such a string exists, false when none does; undefined when the
 * search would do more than {@link WORK_LIMIT} steps, or more than `budget` has left (the budget is then exhausted, and
 * the reading it belongs to is refused: see analysisBudget.ts). Null conditions are left to the caller.
 *
 * @param conditions the conditions on one claim.
 * @param budget the steps the search may take; defaults to the budget of the policy being read.
 */
export function someValueMeets(conditions: PolicyCondition[], budget: AnalysisBudget = currentAnalysisBudget()): boolean | undefined {
    // The same conditions come back for each provider of an issuer and each call of a policy pack: decide them once, and
    // charge a remembered answer what finding it cost, so that the outcome never depends on what was read before.
    const key = JSON.stringify(conditions.map((c) => [c.like, c.negated, c.values]));
    const known = answers.get(key);
    try {
        if (known !== undefined && (!known.exhausted || known.steps >= budget.remaining)) {
            budget.charge(known.exhausted ? budget.remaining + 1 : known.steps);
            return known.answer;
        }
        const before = budget.remaining;
        try {
            const answer = search(conditions, budget);
            remember(key, { answer, steps: before - budget.remaining });
            return answer;
        } catch (error) {
            if (error instanceof AnalysisBudgetError) {
                remember(key, { answer: undefined, steps: before, exhausted: true });
            }
            throw error;
        }
    } catch (error) {
        if (error instanceof AnalysisBudgetError) {
            return undefined;
        }
        throw error;
    }
}

const MAX_REMEMBERED = 512;
const answers = new Map<string, { answer: boolean | undefined; steps: number; exhausted?: boolean }>();

function remember(key: string, entry: { answer: boolean | undefined; steps: number; exhausted?: boolean }): void {
    if (answers.size >= MAX_REMEMBERED) {
        answers.clear();
    }
    answers.set(key, entry);
}

function search(conditions: PolicyCondition[], budget: AnalysisBudget): boolean | undefined {
    const matchers = conditions.map((condition) => condition.values.map((value) => stepsOf(value, condition.like)));
    const size = matchers.flat().reduce((sum, steps) => sum + steps.length + 1, 0);
    budget.charge(size);
    // Most clauses are met by a value they name (a pattern with its wildcards filled in): try those before searching.
    // Matching one value costs at most a step per pattern position and character.
    const holds = (value: string) => {
        budget.charge((value.length + 1) * size);
        return conditions.every((condition, i) => matchers[i].some((steps) => matches(steps, value)) !== condition.negated);
    };
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
    type State = Set<number>[][];
    const keyOf = (state: State) => state.map((values) => values.map((positions) => [...positions].sort((a, b) => a - b).join(",")).join("|")).join("/");
    // For one value every operator reads alike: its values are ORed, and a negated operator holds when none matches.
    const meets = (state: State) => conditions.every((condition, i) => matchers[i].some((steps, j) => state[i][j].has(steps.length)) !== condition.negated);
    const start: State = matchers.map((values) => values.map((steps) => closure(steps, new Set([0]))));
    const seen = new Set([keyOf(start)]);
    const queue = [start];
    const stepsPerState = alphabet.length * (size + 1);
    let work = 0;
    while (queue.length > 0) {
        const state = queue.shift()!;
        if (meets(state)) {
            return true;
        }
        work += stepsPerState;
        if (work > WORK_LIMIT) {
            return undefined;
        }
        budget.charge(stepsPerState);
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
