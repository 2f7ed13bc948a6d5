/**
 * Which ServiceAccounts a set of conditions on `<issuer>:sub` admits, decided over the languages Kubernetes allows
 * (namespaces are DNS-1123 labels of at most 63 characters, ServiceAccount names DNS-1123 subdomains of at most 253)
 * rather than by comparing pattern strings: `*`, `**`, `?*`, `*?` and a `*` spanning the `:` all admit every
 * namespace, and are found alike.
 *
 * Each condition is a union of IAM patterns (`StringLike`) or of literal values (`StringEquals`), maybe negated; the
 * conditions are ANDed. The patterns are run as automata over the subjects `system:serviceaccount:<ns>:<name>`.
 */

import { AnalysisBudget, AnalysisBudgetError, currentAnalysisBudget } from "./analysisBudget";

/** One condition on the subject: the subject must match one of `values` (or, negated, none of them). */
export interface SubjectTest {
    values: string[];
    /** True for `StringLike`/`StringNotLike`, where `*` and `?` are wildcards. */
    like: boolean;
    /** True for `StringNotEquals`/`StringNotLike`. */
    negated: boolean;
}

/** What the ANDed tests admit among the subjects of real ServiceAccounts. */
export interface SubjectReach {
    /** Some ServiceAccount of some namespace. */
    some: boolean;
    /** Every ServiceAccount of every namespace. */
    everySubject: boolean;
    /** Some ServiceAccount name in every namespace (a namespace anybody may create included). */
    everyNamespace: boolean;
    /** Every ServiceAccount (`default` included) of some namespace. */
    everyServiceAccount: boolean;
}

/** The analysis needed more work than its budget allows (see analysisBudget.ts); the message names the budget. */
export class SubjectAnalysisLimitError extends Error {
    override readonly name = "SubjectAnalysisLimitError";
}

const PREFIX = "system:serviceaccount:";
const MAX_NAMESPACE = 63;
const MAX_SERVICE_ACCOUNT = 253;
const STAR = -1;
const QUESTION = -2;
/** The position after a pattern's last character: reaching it means the pattern matched. */
const END = -3;
/** The steps charged per member of a set of states the walk over sets builds and names (measured: bench/worstCase.ts). */
const SET_STEP_COST = 12;
// Every character a walk steps with: the prefix, the colon and the DNS-1123 characters.
const CHARACTERS = [...new Set([...PREFIX, ..."abcdefghijklmnopqrstuvwxyz0123456789-."])].map((c) => c.charCodeAt(0));

/**
 * A hash table keyed by sets of integers (sorted arrays), compared by content: cheaper than naming each set with a
 * string. Comparisons are charged to the budget, so that sets crafted to collide cost steps, not unbounded time.
 */
class SetTable<T> {
    private readonly buckets = new Map<number, Array<[Int32Array, T]>>();
    size = 0;

    constructor(private readonly budget: AnalysisBudget) {}

    find(members: Int32Array): T | undefined {
        const bucket = this.buckets.get(hash(members));
        if (bucket === undefined) {
            return undefined;
        }
        this.budget.charge(bucket.length * (members.length + 1));
        return bucket.find(([other]) => sameMembers(members, other))?.[1];
    }

    add(members: Int32Array, value: T): void {
        const h = hash(members);
        const bucket = this.buckets.get(h);
        if (bucket === undefined) {
            this.buckets.set(h, [[members, value]]);
        } else {
            bucket.push([members, value]);
        }
        this.size++;
    }
}

function hash(members: Int32Array): number {
    let h = 0x811c9dc5 ^ members.length;
    for (const m of members) {
        h = Math.imul(h ^ m, 0x01000193);
    }
    return h;
}

function sameMembers(a: Int32Array, b: Int32Array): boolean {
    if (a.length !== b.length) {
        return false;
    }
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) {
            return false;
        }
    }
    return true;
}

/** A set of pattern positions, interned: equal sets are one object, which keeps its transitions. */
interface State {
    readonly id: number;
    /** Positions in the conjunction's program, ascending. */
    readonly positions: Int32Array;
    /** Whether the ANDed tests hold for a subject ending here. */
    readonly accepts: boolean;
    /** False when no continuation can be accepted: a positive test's patterns have all failed. */
    readonly alive: boolean;
    next?: Array<State | undefined>;
    /** The last walk over sets that met this state (oneNameEverywhere's set building). */
    mark: number;
}

/**
 * The automaton of the ANDed tests, run on the fly over sets of positions in one program: every pattern's tokens one
 * after the other, each followed by an END. Every step is charged to the budget: a transition looked up costs 1, one
 * computed costs the positions it reads and writes, so the work of a walk, not only its states, is bounded.
 */
class Conjunction {
    private readonly program: number[] = [];
    private readonly testOf: number[] = [];
    private readonly starts: number[] = [];
    private readonly interned: SetTable<State>;
    private readonly charIndex = new Map(CHARACTERS.map((c, i) => [c, i]));
    private readonly marks: Int32Array;
    private stamp = 0;
    // The positions of the state being computed, unsorted; a known state is found without allocating.
    private readonly scratch: Int32Array;
    private size = 0;

    constructor(
        private readonly tests: SubjectTest[],
        private readonly budget: AnalysisBudget,
    ) {
        tests.forEach((test, index) => {
            for (const value of test.values) {
                this.starts.push(this.program.length);
                for (const c of value) {
                    this.program.push(test.like && c === "*" ? STAR : test.like && c === "?" ? QUESTION : c.codePointAt(0)!);
                    this.testOf.push(index);
                }
                this.program.push(END);
                this.testOf.push(index);
            }
        });
        budget.charge(this.program.length);
        this.interned = new SetTable<State>(budget);
        this.marks = new Int32Array(this.program.length + 1);
        this.scratch = new Int32Array(this.program.length + 1);
    }

    start(): State {
        this.begin();
        this.starts.forEach((p) => this.add(p));
        return this.intern();
    }

    /** The state after `char` (one of CHARACTERS); transitions are kept, so a walk pays for each one once. */
    step(state: State, char: number): State {
        this.budget.charge(1);
        const index = this.charIndex.get(char)!;
        if (state.next === undefined) {
            this.budget.charge(CHARACTERS.length);
            state.next = new Array<State | undefined>(CHARACTERS.length);
        }
        let next = state.next[index];
        if (next === undefined) {
            next = this.compute(state, char);
            state.next[index] = next;
        }
        return next;
    }

    private compute(state: State, char: number): State {
        this.budget.charge(state.positions.length);
        this.begin();
        for (const p of state.positions) {
            const token = this.program[p];
            if (token === STAR) {
                this.add(p);
            } else if (token === QUESTION || token === char) {
                this.add(p + 1);
            }
        }
        return this.intern();
    }

    private begin(): void {
        this.stamp++;
        this.size = 0;
    }

    /** Adds `p` and what a `*` at it may skip to (a `*` matches nothing too). */
    private add(p: number): void {
        for (;;) {
            if (this.marks[p] !== this.stamp) {
                this.marks[p] = this.stamp;
                this.scratch[this.size++] = p;
            }
            if (this.program[p] !== STAR) {
                return;
            }
            p++;
        }
    }

    /** The state of the positions in `scratch`: the known one, or a new one. */
    private intern(): State {
        this.budget.charge(this.size + 1);
        const members = this.scratch.subarray(0, this.size).sort();
        const known = this.interned.find(members);
        if (known !== undefined) {
            return known;
        }
        this.budget.charge(this.tests.length);
        const positions = members.slice();
        const matched = this.tests.map(() => false);
        const live = this.tests.map((test) => test.negated);
        for (const p of positions) {
            live[this.testOf[p]] = true;
            if (this.program[p] === END) {
                matched[this.testOf[p]] = true;
            }
        }
        const state: State = {
            id: this.interned.size,
            positions,
            accepts: this.tests.every((test, index) => matched[index] !== test.negated),
            alive: live.every(Boolean),
            mark: 0,
        };
        this.interned.add(positions, state);
        return state;
    }

    feed(state: State, text: string): State {
        return [...text].reduce((s, c) => this.step(s, c.charCodeAt(0)), state);
    }

    /** The characters worth trying: every one the patterns name, and one letter and one digit they do not. */
    alphabet(extra: string): number[] {
        let alphabet = this.alphabets.get(extra);
        if (alphabet === undefined) {
            const named = new Set(this.program.filter((c) => c >= 0));
            const chars = [..."abcdefghijklmnopqrstuvwxyz0123456789", ...extra].map((c) => c.charCodeAt(0));
            const unnamedLetter = chars.find((c) => c >= 97 && c <= 122 && !named.has(c));
            const unnamedDigit = chars.find((c) => c >= 48 && c <= 57 && !named.has(c));
            alphabet = chars.filter((c) => named.has(c) || c === unnamedLetter || c === unnamedDigit || !/[a-z0-9]/.test(String.fromCharCode(c)));
            this.alphabets.set(extra, alphabet);
        }
        return alphabet;
    }

    private readonly alphabets = new Map<string, number[]>();
}

const ALNUM = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** DNS-1123 syntax: 0 at a label's start, 1 after a letter or digit (a name may end), 2 after `-`; -1 refused. */
function syntaxStep(syntax: number, char: number, subdomain: boolean): number {
    if (ALNUM(char)) {
        return 1;
    }
    if (char === 45 /* - */ && syntax !== 0) {
        return 2;
    }
    if (char === 46 /* . */ && subdomain && syntax === 1) {
        return 0;
    }
    return -1;
}

/**
 * Every state reached after a whole name of the language, breadth first so that each state is first met by its
 * shortest name; `visit` sees each (state, syntax) once and may stop the walk by returning true.
 */
function walkNames(
    conjunction: Conjunction,
    from: State[],
    subdomain: boolean,
    visit: (state: State, complete: boolean) => boolean,
    prune: (state: State) => boolean = () => false,
): boolean {
    const maxLength = subdomain ? MAX_SERVICE_ACCOUNT : MAX_NAMESPACE;
    const alphabet = conjunction.alphabet(subdomain ? "-." : "-");
    const seen = [new Set<State>(), new Set<State>(), new Set<State>()];
    let states = from;
    let syntaxes = from.map(() => 0);
    for (let length = 1; length <= maxLength && states.length > 0; length++) {
        const nextStates: State[] = [];
        const nextSyntaxes: number[] = [];
        for (let i = 0; i < states.length; i++) {
            for (const char of alphabet) {
                const nextSyntax = syntaxStep(syntaxes[i], char, subdomain);
                if (nextSyntax < 0) {
                    continue;
                }
                const nextState = conjunction.step(states[i], char);
                if (seen[nextSyntax].has(nextState)) {
                    continue;
                }
                seen[nextSyntax].add(nextState);
                if (visit(nextState, nextSyntax === 1)) {
                    return true;
                }
                if (!prune(nextState)) {
                    nextStates.push(nextState);
                    nextSyntaxes.push(nextSyntax);
                }
            }
        }
        states = nextStates;
        syntaxes = nextSyntaxes;
    }
    return false;
}

/**
 * Decides what the ANDed subject tests admit among real ServiceAccounts.
 *
 * @param tests the conditions on `<issuer>:sub` of one statement, for one provider.
 * @param budget the steps the decision may take; defaults to the budget of the policy being read (analysisBudget.ts).
 * @returns which of some, every subject, every namespace (for one name) and every ServiceAccount (of one namespace) hold.
 * @throws SubjectAnalysisLimitError, naming the budget, when deciding needs more steps than are left;
 * AnalysisBudgetError when the budget was exhausted before the call.
 */
export function subjectReach(tests: SubjectTest[], budget: AnalysisBudget = currentAnalysisBudget()): SubjectReach {
    if (budget.exhausted) {
        // Spent before these patterns: the policy, not they, is refused (AnalysisBudgetError goes to withAnalysisBudget).
        throw new AnalysisBudgetError(budget.limit);
    }
    const id = JSON.stringify(tests.map((t) => [t.values, t.like, t.negated]));
    const known = reaches.get(id);
    try {
        // A remembered answer costs what computing it did, so the outcome never depends on what was read before.
        if (known !== undefined && (known.reach !== undefined || known.steps >= budget.remaining)) {
            budget.charge(known.reach !== undefined ? known.steps : budget.remaining + 1);
            return known.reach!;
        }
        const before = budget.remaining;
        try {
            const reach = computeReach(tests, budget);
            remember(id, { reach, steps: before - budget.remaining });
            return reach;
        } catch (error) {
            if (error instanceof AnalysisBudgetError) {
                remember(id, { steps: before });
            }
            throw error;
        }
    } catch (error) {
        if (error instanceof AnalysisBudgetError) {
            throw new SubjectAnalysisLimitError(`their analysis needs ${error.message}`);
        }
        throw error;
    }
}

// The answers are pure functions of the tests; remembering a few hundred spares re-deciding the same patterns (each
// role of a policy pack run, each reader of a policy). Without `reach`: more than `steps` did not suffice.
const MAX_REMEMBERED = 512;
const reaches = new Map<string, { reach?: SubjectReach; steps: number }>();

function remember(id: string, entry: { reach?: SubjectReach; steps: number }): void {
    if (reaches.size >= MAX_REMEMBERED) {
        reaches.clear();
    }
    reaches.set(id, entry);
}

function computeReach(tests: SubjectTest[], budget: AnalysisBudget): SubjectReach {
    const conjunction = new Conjunction(tests, budget);
    const afterPrefix = conjunction.feed(conjunction.start(), PREFIX);
    // The states after "system:serviceaccount:<ns>:", one per distinct behaviour of the namespaces.
    const namespaceEnds = new Set<State>();
    walkNames(conjunction, [afterPrefix], false, (state, complete) => {
        if (complete) {
            namespaceEnds.add(conjunction.step(state, 58 /* : */));
        }
        return false;
    });
    const ends = [...namespaceEnds.values()];
    const dead = (state: State) => !state.alive;
    // Asked twice of the first ends (some, then every): each end is walked once.
    const admitted = new Map<State, boolean>();
    const admitsEvery = (end: State) => {
        let every = admitted.get(end);
        if (every === undefined) {
            every = !walkNames(conjunction, [end], true, (state, complete) => complete && !state.accepts);
            admitted.set(end, every);
        }
        return every;
    };
    const some = walkNames(conjunction, ends, true, (state, complete) => complete && state.accepts, dead);
    const everyServiceAccount = some && ends.some(admitsEvery);
    const everySubject = everyServiceAccount && ends.every(admitsEvery);
    const everyNamespace = some && (everySubject || (ends.every((end) => end.alive) && oneNameEverywhere(conjunction, ends, budget)));
    return { some, everySubject, everyServiceAccount, everyNamespace };
}

/** Whether one ServiceAccount name is admitted after every namespace end at once: a walk over sets of states. */
function oneNameEverywhere(conjunction: Conjunction, ends: State[], budget: AnalysisBudget): boolean {
    const alphabet = conjunction.alphabet("-.");
    // Sets already met, by syntax: a set of states is named by its members' ids.
    const seen = [new SetTable<true>(budget), new SetTable<true>(budget), new SetTable<true>(budget)];
    let frontier: Array<[State[], number]> = [[ends, 0]];
    let marks = 0;
    for (let length = 1; length <= MAX_SERVICE_ACCOUNT && frontier.length > 0; length++) {
        const next: Array<[State[], number]> = [];
        for (const [states, syntax] of frontier) {
            for (const char of alphabet) {
                const nextSyntax = syntaxStep(syntax, char, true);
                if (nextSyntax < 0) {
                    continue;
                }
                const mark = ++marks;
                const nextStates: State[] = [];
                for (const state of states) {
                    const next = conjunction.step(state, char);
                    if (next.mark !== mark) {
                        next.mark = mark;
                        nextStates.push(next);
                    }
                }
                // Naming and comparing the set costs a few steps per member too.
                budget.charge(SET_STEP_COST * nextStates.length);
                const ids = Int32Array.from(nextStates, (s) => s.id).sort();
                if (seen[nextSyntax].find(ids) !== undefined) {
                    continue;
                }
                seen[nextSyntax].add(ids, true);
                if (!nextStates.every((s) => s.alive)) {
                    continue;
                }
                if (nextSyntax === 1 && nextStates.every((s) => s.accepts)) {
                    return true;
                }
                next.push([nextStates, nextSyntax]);
            }
        }
        frontier = next;
    }
    return false;
}
