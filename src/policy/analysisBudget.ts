/**
 * The work budget of the analyses that read a policy (`describeTrust`, so `explain --who` and the policy pack): a count
 * of elementary steps (an automaton position advanced, a transition looked up, a pattern character compared), not a
 * clock, so that whether a policy is decided or refused is the same on every machine and under any load. A policy whose
 * analysis needs more steps than the budget is refused as unsupported, naming the budget: never answered with a guess.
 *
 * Calibration (bench/worstCase.ts): the slowest policies we could build spend the whole budget in well under a second
 * on the benchmark's machine, while every policy the project's tests, examples and property runs read needs a small
 * part of it.
 */
import { UnsupportedPolicyError } from "./policyErrors";

/** The steps one policy's analysis may take. */
export const ANALYSIS_BUDGET_STEPS = 3_000_000;

/** The analysis needed more steps than its budget. */
export class AnalysisBudgetError extends Error {
    override readonly name = "AnalysisBudgetError";

    /** @param limit the budget that was exhausted, in steps. */
    constructor(readonly limit: number) {
        super(`more than the analysis budget of ${limit.toLocaleString("en-US")} steps`);
    }
}

/** A policy refused because its analysis needed more steps than the budget: no other reading of it can be cheaper. */
export class PolicyOverBudgetError extends UnsupportedPolicyError {}

/** A count of steps, spent by every analysis of one policy. Once exhausted it stays exhausted. */
export class AnalysisBudget {
    private spent = 0;

    /** @param limit the steps allowed; defaults to {@link ANALYSIS_BUDGET_STEPS}. */
    constructor(readonly limit: number = ANALYSIS_BUDGET_STEPS) {}

    /** The steps left (0 once exhausted). */
    get remaining(): number {
        return Math.max(0, this.limit - this.spent);
    }

    /** Whether some analysis asked for more steps than were left. */
    get exhausted(): boolean {
        return this.spent > this.limit;
    }

    /**
     * Spends `steps`.
     *
     * @throws AnalysisBudgetError when that is more than is left (the budget is then exhausted).
     */
    charge(steps: number): void {
        this.spent += steps;
        if (this.spent > this.limit) {
            throw new AnalysisBudgetError(this.limit);
        }
    }
}

// The analysis is synchronous, so the budget of the policy being read can be found here rather than passed through
// every reader's functions: the readers stay as they are, and a helper called outside any reading gets its own budget.
let current: AnalysisBudget | undefined;

/** The budget of the policy being read, or a fresh one outside {@link withAnalysisBudget}. */
export function currentAnalysisBudget(): AnalysisBudget {
    return current ?? new AnalysisBudget();
}

/**
 * Runs one policy's analysis within one budget (a nested call shares the outer one).
 *
 * @param where what is analysed, for the message, e.g. `The policy`.
 * @param run the analysis.
 * @param budget the budget; defaults to a fresh one of {@link ANALYSIS_BUDGET_STEPS}.
 * @throws UnsupportedPolicyError naming the budget when the analysis exhausted it, even where a step caught the
 * exhaustion and answered "not decided": an exhausted analysis is never reported as decided.
 */
export function withAnalysisBudget<T>(where: string, run: () => T, budget: AnalysisBudget = new AnalysisBudget()): T {
    if (current !== undefined) {
        return run();
    }
    current = budget;
    try {
        const result = run();
        if (budget.exhausted) {
            throw new AnalysisBudgetError(budget.limit);
        }
        return result;
    } catch (error) {
        if (error instanceof AnalysisBudgetError) {
            throw new PolicyOverBudgetError(`conditions whose analysis needs ${error.message}`, where);
        }
        throw error;
    } finally {
        current = undefined;
    }
}
