"use strict";
/**
 * Which ServiceAccounts a set of conditions on `<issuer>:sub` admits, decided over the languages Kubernetes allows
 * (namespaces are DNS-1123 labels of at most 63 characters, ServiceAccount names DNS-1123 subdomains of at most 253)
 * rather than by comparing pattern strings: `*`, `**`, `?*`, `*?` and a `*` spanning the `:` all admit every
 * namespace, and are found alike.
 *
 * Each condition is a union of IAM patterns (`StringLike`) or of literal values (`StringEquals`), maybe negated; the
 * conditions are ANDed. The patterns are run as automata over the subjects `system:serviceaccount:<ns>:<name>`.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.SubjectAnalysisLimitError = void 0;
exports.subjectReach = subjectReach;
/** The analysis needed more states than a trust policy's patterns ever do. */
class SubjectAnalysisLimitError extends Error {
    name = "SubjectAnalysisLimitError";
}
exports.SubjectAnalysisLimitError = SubjectAnalysisLimitError;
const PREFIX = "system:serviceaccount:";
const MAX_NAMESPACE = 63;
const MAX_SERVICE_ACCOUNT = 253;
const MAX_STATES = 20000;
const STAR = -1;
const QUESTION = -2;
/** The automaton of the ANDed tests: one position set per pattern. */
class Conjunction {
    tests;
    globs = [];
    testOf = [];
    constructor(tests) {
        this.tests = tests;
        tests.forEach((test, index) => {
            for (const value of test.values) {
                this.globs.push([...value].map((c) => (test.like && c === "*" ? STAR : test.like && c === "?" ? QUESTION : c.charCodeAt(0))));
                this.testOf.push(index);
            }
        });
    }
    start() {
        return this.intern(this.globs.map((glob) => this.closure(glob, [0])));
    }
    interned = new Map();
    transitions = new Map();
    /** The state after `char`; states are interned, so equal states are the same object and transitions are cached. */
    step(state, char) {
        let row = this.transitions.get(state);
        if (row === undefined) {
            row = new Map();
            this.transitions.set(state, row);
        }
        let next = row.get(char);
        if (next === undefined) {
            next = this.intern(this.compute(state, char));
            row.set(char, next);
        }
        return next;
    }
    intern(state) {
        const id = key(state);
        const known = this.interned.get(id);
        if (known !== undefined) {
            return known;
        }
        if (this.interned.size >= MAX_STATES) {
            throw new SubjectAnalysisLimitError("the subject patterns are too intricate to analyse");
        }
        this.interned.set(id, state);
        return state;
    }
    compute(state, char) {
        return state.map((positions, g) => {
            const glob = this.globs[g];
            const next = [];
            for (const p of positions) {
                if (p < glob.length) {
                    const token = glob[p];
                    if (token === STAR) {
                        next.push(p);
                    }
                    else if (token === QUESTION || token === char) {
                        next.push(p + 1);
                    }
                }
            }
            return this.closure(glob, next);
        });
    }
    feed(state, text) {
        return [...text].reduce((s, c) => this.step(s, c.charCodeAt(0)), state);
    }
    accepts(state) {
        const matched = this.tests.map(() => false);
        state.forEach((positions, g) => {
            if (positions.includes(this.globs[g].length)) {
                matched[this.testOf[g]] = true;
            }
        });
        return this.tests.every((test, index) => matched[index] !== test.negated);
    }
    /** False when no continuation can be accepted: a positive test's patterns have all failed. */
    alive(state) {
        const live = this.tests.map((test) => test.negated);
        state.forEach((positions, g) => {
            if (positions.length > 0) {
                live[this.testOf[g]] = true;
            }
        });
        return live.every(Boolean);
    }
    /** The characters worth trying: every one the patterns name, and one letter and one digit they do not. */
    alphabet(extra) {
        const named = new Set(this.globs.flat().filter((c) => c >= 0));
        const chars = [..."abcdefghijklmnopqrstuvwxyz0123456789", ...extra].map((c) => c.charCodeAt(0));
        const unnamedLetter = chars.find((c) => c >= 97 && c <= 122 && !named.has(c));
        const unnamedDigit = chars.find((c) => c >= 48 && c <= 57 && !named.has(c));
        return chars.filter((c) => named.has(c) || c === unnamedLetter || c === unnamedDigit || !/[a-z0-9]/.test(String.fromCharCode(c)));
    }
    closure(glob, positions) {
        const set = new Set();
        for (let p of positions) {
            set.add(p);
            while (p < glob.length && glob[p] === STAR) {
                set.add(++p);
            }
        }
        return [...set].sort((a, b) => a - b);
    }
}
const key = (state) => state.map((positions) => positions.join(",")).join("|");
const ALNUM = (c) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
/** DNS-1123 syntax: 0 at a label's start, 1 after a letter or digit (a name may end), 2 after `-`; -1 refused. */
function syntaxStep(syntax, char, subdomain) {
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
function walkNames(conjunction, from, subdomain, visit, prune = () => false) {
    const maxLength = subdomain ? MAX_SERVICE_ACCOUNT : MAX_NAMESPACE;
    const alphabet = conjunction.alphabet(subdomain ? "-." : "-");
    const seen = [new Set(), new Set(), new Set()];
    let frontier = from.map((state) => [state, 0]);
    for (let length = 1; length <= maxLength && frontier.length > 0; length++) {
        const next = [];
        for (const [state, syntax] of frontier) {
            for (const char of alphabet) {
                const nextSyntax = syntaxStep(syntax, char, subdomain);
                if (nextSyntax < 0) {
                    continue;
                }
                const nextState = conjunction.step(state, char);
                if (seen[nextSyntax].has(nextState)) {
                    continue;
                }
                seen[nextSyntax].add(nextState);
                if (visit(nextState, nextSyntax === 1)) {
                    return true;
                }
                if (!prune(nextState)) {
                    next.push([nextState, nextSyntax]);
                }
            }
        }
        frontier = next;
    }
    return false;
}
/**
 * Decides what the ANDed subject tests admit among real ServiceAccounts.
 *
 * @param tests the conditions on `<issuer>:sub` of one statement, for one provider.
 * @returns which of some, every subject, every namespace (for one name) and every ServiceAccount (of one namespace) hold.
 * @throws SubjectAnalysisLimitError when the patterns need more than 20,000 automaton states to decide.
 */
function subjectReach(tests) {
    const id = JSON.stringify(tests.map((t) => [t.values, t.like, t.negated]));
    let reach = reaches.get(id);
    if (reach === undefined) {
        reach = computeReach(tests);
        if (reaches.size >= MAX_REMEMBERED) {
            reaches.clear();
        }
        reaches.set(id, reach);
    }
    return reach;
}
// The answers are pure functions of the tests; remembering a few hundred spares re-deciding the same patterns.
const MAX_REMEMBERED = 512;
const reaches = new Map();
function computeReach(tests) {
    const conjunction = new Conjunction(tests);
    const afterPrefix = conjunction.feed(conjunction.start(), PREFIX);
    // The states after "system:serviceaccount:<ns>:", one per distinct behaviour of the namespaces.
    const namespaceEnds = new Set();
    walkNames(conjunction, [afterPrefix], false, (state, complete) => {
        if (complete) {
            const end = conjunction.step(state, 58 /* : */);
            namespaceEnds.add(end);
        }
        return false;
    });
    const ends = [...namespaceEnds.values()];
    const dead = (state) => !conjunction.alive(state);
    const admitsEvery = (end) => !walkNames(conjunction, [end], true, (state, complete) => complete && !conjunction.accepts(state));
    const some = walkNames(conjunction, ends, true, (state, complete) => complete && conjunction.accepts(state), dead);
    const everyServiceAccount = some && ends.some(admitsEvery);
    const everySubject = everyServiceAccount && ends.every(admitsEvery);
    const everyNamespace = some && (everySubject || (ends.every((end) => conjunction.alive(end)) && oneNameEverywhere(conjunction, ends)));
    return { some, everySubject, everyServiceAccount, everyNamespace };
}
/** Whether one ServiceAccount name is admitted after every namespace end at once: a walk over sets of states. */
function oneNameEverywhere(conjunction, ends) {
    const alphabet = conjunction.alphabet("-.");
    const seen = new Set();
    let frontier = [[ends, 0]];
    for (let length = 1; length <= MAX_SERVICE_ACCOUNT && frontier.length > 0; length++) {
        const next = [];
        for (const [states, syntax] of frontier) {
            for (const char of alphabet) {
                const nextSyntax = syntaxStep(syntax, char, true);
                if (nextSyntax < 0) {
                    continue;
                }
                const unique = new Map(states.map((s) => conjunction.step(s, char)).map((s) => [key(s), s]));
                const id = `${nextSyntax}#${[...unique.keys()].sort().join("/")}`;
                if (seen.has(id)) {
                    continue;
                }
                seen.add(id);
                const nextStates = [...unique.values()];
                if (!nextStates.every((s) => conjunction.alive(s))) {
                    continue;
                }
                if (nextSyntax === 1 && nextStates.every((s) => conjunction.accepts(s))) {
                    return true;
                }
                next.push([nextStates, nextSyntax]);
            }
        }
        frontier = next;
    }
    return false;
}
