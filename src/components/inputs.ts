import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";

/** A checked argument: its value when it was plain (checked already), or an Output that runs the check on arrival. */
export type Checked<T> = T | pulumi.Output<T>;

/** Whether an input holds no Output or Promise at any depth, so that it can be checked now. Cycles are refused first (checkData). */
export function isPlain(value: unknown, seen: Set<unknown> = new Set()): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (typeof value === "object" && value !== null) {
        if (seen.has(value)) {
            return true;
        }
        seen.add(value);
        return (Array.isArray(value) ? value : Object.values(value)).every((v) => isPlain(v, seen));
    }
    return true;
}

/** Whether a value contains itself, through plain maps and lists (Outputs and other objects are not entered). */
export function hasCycle(value: unknown): boolean {
    try {
        checkData("", value, false);
        return false;
    } catch (error) {
        if (error instanceof IrsaArgumentError) {
            return true;
        }
        throw error;
    }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses a string (a value, or a map's key) holding a lone UTF-16 surrogate: it is not a character, so Pulumi's
 * serialization (UTF-8) sends U+FFFD instead, and render's output, which escapes it as JSON does, is refused by go-yaml.
 * Returns the string.
 */
export function checkWellFormed(at: string, text: string): string {
    if (LONE_SURROGATE.test(text)) {
        throw new IrsaArgumentError(
            at,
            text,
            `${at} holds a lone UTF-16 surrogate (U+D800 to U+DFFF outside a pair), which is not a character: Pulumi sends it as U+FFFD, and go-yaml (kubectl, Helm) refuses render's output. Pass well-formed text.`,
        );
    }
    return text;
}

/**
 * What an argument is made of, as any caller may build it. Refuses a string holding a lone surrogate (checkWellFormed,
 * in map keys too), an object that is not plain data (a Map, Date, String object, class instance), and a value that
 * contains itself (a cyclic structure, which would make every walk over it, Pulumi's serialization included, recurse
 * until the stack overflows). Copies maps without a prototype (`Object.create(null)`, as other runtimes and careful
 * JavaScript make them) into ordinary ones, which Pulumi's serialization cannot handle otherwise. Outputs and Promises
 * are kept as they are, unread. Returns the value to check. Without `strings`, only cycles are looked for (hasCycle),
 * other objects kept.
 */
export function checkData(argument: string, value: unknown, strings = true): unknown {
    const path: unknown[] = [];
    const copy = (v: unknown, at: string): unknown => {
        if (strings && typeof v === "string") {
            checkWellFormed(at, v);
        }
        if (typeof v !== "object" || v === null || pulumi.Output.isInstance(v) || v instanceof Promise) {
            return v;
        }
        const kind = Array.isArray(v) ? undefined : objectKind(v);
        if (kind !== undefined) {
            if (strings) {
                // Object.entries reads none of a Map's entries (policies dropped without a word), a String's characters.
                throw new IrsaArgumentError(at, v, `${at} is plain data (a map, a list, a string, a number or a boolean), not ${kind}.`);
            }
            return v;
        }
        if (path.includes(v)) {
            throw new IrsaArgumentError(at, "(cyclic)", `${at} contains itself (a cyclic value): pass plain data, maps and lists of strings, numbers and booleans that end.`);
        }
        path.push(v);
        const copied = Array.isArray(v)
            ? v.map((item, i) => read(() => item, `${at}[${i}]`))
            : Object.fromEntries(Object.keys(v).map((key) => [strings ? checkWellFormed(`${at}.${key}`, key) : key, read(() => (v as Record<string, unknown>)[key], `${at}.${key}`)]));
        path.pop();
        // `map` keeps a list's holes, which checkType names.
        return copied;
    };
    // The value got and copied, where a getter or a Proxy that throws is named as the argument it is.
    const read = (get: () => unknown, at: string): unknown => {
        try {
            return copy(get(), at);
        } catch (error) {
            if (error instanceof IrsaArgumentError) {
                throw error;
            }
            // A getter or a Proxy that throws (a careless caller's object): the argument's rule, not a stack trace.
            throw new IrsaArgumentError(at, "(unreadable)", `${at} cannot be read: reading it threw ${errorName(error)}. Pass plain data: maps and lists of strings, numbers and booleans.`);
        }
    };
    return read(() => value, argument);
}

function errorName(error: unknown): string {
    try {
        return error instanceof Error ? `an exception (${error.name})` : "an exception";
    } catch {
        return "an exception";
    }
}

/** Applies a pure function to a checked value: at once when plain, on arrival when late. */
export function mapChecked<T, R>(value: Checked<T>, fn: (resolved: T) => R): Checked<R> {
    return pulumi.Output.isInstance(value) ? (value as pulumi.Output<T>).apply((v) => fn(v as T)) as unknown as pulumi.Output<R> : fn(value as T);
}

/**
 * Applies a pure function to a checked value and tells it whether the value arrived as a secret, so that text it writes
 * (a warning) can leave the value out. At once when plain (never a secret).
 */
export function mapCheckedWithSecrecy<T, R>(value: Checked<T>, fn: (resolved: T, secret: boolean) => R): Checked<R> {
    if (!pulumi.Output.isInstance(value)) {
        return fn(value as T, false);
    }
    const output = value as pulumi.Output<T>;
    const secret: Promise<boolean> = (output as any).isSecret;
    return output.apply(async (v) => fn(v as T, await secret)) as unknown as pulumi.Output<R>;
}

/** Combines checked values: a plain record when every value is plain, else one Output of the record. */
export function combineChecked<T extends object>(values: { [K in keyof T]: Checked<T[K]> }): Checked<T> {
    const late = Object.entries(values).filter(([, v]) => pulumi.Output.isInstance(v)) as [string, pulumi.Output<unknown>][];
    if (late.length === 0) {
        return values as T;
    }
    if (late.length === 1 && !Array.isArray(values)) {
        // One late value in a record: one apply, where pulumi.all makes three Outputs. A value that holds Outputs itself
        // goes through pulumi.all, which lifts them, as it did for the whole record.
        const [key, output] = late[0];
        return output.apply((v) => (isPlain(v) ? { ...values, [key]: v } : pulumi.all({ ...values, [key]: v } as any))) as unknown as pulumi.Output<T>;
    }
    // An array or a record: pulumi.all keeps its shape.
    return pulumi.all(values as any) as unknown as pulumi.Output<T>;
}

/** An argument error about a value that arrived as a secret: it names the argument and the rule, never the value. */
export class SecretArgumentError extends IrsaArgumentError {
    constructor(argument: string, rule: string) {
        super(argument, undefined, rule);
        this.message = `invalid ${argument} (a secret, not shown): ${rule}`;
    }
}

/**
 * The one mechanism by which a component checks its arguments. `check` runs a check function on an argument: at once
 * when the argument is plain (its error throws from the constructor, before any child exists), or when an Output's
 * value arrives, with the same function and so the same message (an Output that resolves to `undefined` meets the
 * check's "not set" rule). A late failure names the component, hides a secret's value, and rejects every output passed
 * through `gate`, so a test under mocks sees the error at once instead of waiting for a resource that never settles.
 */
export class ArgumentChecks {
    private readonly late: pulumi.Output<unknown>[] = [];
    private all?: Promise<void>;
    private settled?: Promise<pulumi.Resource>;

    /** @param label the component, as it prefixes every message: `ServiceAccountRole "name"`. */
    constructor(private readonly label: string) {}

    /** Checks one argument. `fn` receives the resolved value (`undefined` when not set) and returns the value to use. */
    check<R>(argument: string, value: unknown, fn: (resolved: unknown) => R): Checked<R> {
        // A cycle is refused before pulumi.output, which would recurse through it.
        const data = checkData(argument, value);
        if (isPlain(data)) {
            return fn(data);
        }
        const input: pulumi.Output<unknown> = pulumi.output(data as pulumi.Input<unknown>) as pulumi.Output<unknown>;
        const secret: Promise<boolean> = (input as any).isSecret;
        const result = input.apply(async (resolved: unknown) => {
            try {
                return fn(checkData(argument, resolved));
            } catch (error) {
                throw this.lateError(argument, error, (await secret) ? resolved : undefined, await secret, true);
            }
        });
        this.late.push(result);
        return result as unknown as pulumi.Output<R>;
    }

    /**
     * A check over values that are themselves checked (e.g. the size of the whole trust policy): at once when they are
     * plain, else when they arrive, with the failure named, prefixed and redacted as `check` does.
     */
    derive<T, R>(argument: string, value: Checked<T>, fn: (resolved: T) => R): Checked<R> {
        if (!pulumi.Output.isInstance(value)) {
            return fn(value as T);
        }
        const input = value as pulumi.Output<T>;
        const secret: Promise<boolean> = (input as any).isSecret;
        const result = input.apply(async (resolved) => {
            try {
                return fn(resolved as T);
            } catch (error) {
                throw this.lateError(argument, error, (await secret) ? resolved : undefined, await secret, false);
            }
        });
        this.late.push(result);
        return result as unknown as pulumi.Output<R>;
    }

    /**
     * A check of a value looked up from an argument (a cluster's issuer from `clusterName`): run on arrival, and when the
     * answer is a secret (it derives from a secret argument), its failure names the argument and the rule, never the
     * value, as `check` does. Not one of the late checks the gate waits for: its users wait for it themselves.
     */
    lookedUp<T, R>(argument: string, value: pulumi.Output<T>, fn: (resolved: T) => R): pulumi.Output<R> {
        const secret: Promise<boolean> = (value as any).isSecret;
        return value.apply(async (resolved) => {
            try {
                return fn(resolved as T);
            } catch (error) {
                if (error instanceof IrsaArgumentError && (await secret)) {
                    throw this.lateError(argument, error, resolved, true, false);
                }
                throw error;
            }
        }) as unknown as pulumi.Output<R>;
    }

    /** Whether some argument is checked only when its value arrives. */
    get anyLate(): boolean {
        return this.late.length > 0;
    }

    /**
     * The output, made to wait for every late check and to reject as soon as one fails; unchanged when every argument
     * was plain. Unknown values (in a preview) count as passed, so the gate never makes a known output unknown.
     */
    gate<T>(output: pulumi.Output<T>): pulumi.Output<T> {
        // The only late check is the output itself (a trust policy made from a look-up): it waits for itself already.
        if (!this.anyLate || (this.late.length === 1 && this.late[0] === output)) {
            return output;
        }
        const passed = this.passed();
        const o = output as any;
        // Output's constructor takes the promises of its value, knownness and secrecy. Chained on `passed`, they reject
        // with the first failure even when the output itself would never settle (a resource whose inputs failed).
        const after = <V>(p: () => Promise<V>) => passed.then(p);
        return new (pulumi.Output as any)(o.resources(), after(() => o.promise(true)), after(() => o.isKnown), after(() => o.isSecret), after(() => o.allResources()));
    }

    /**
     * The output of a checked value: `gate` of it as an Output, and with late checks, a plain value made straight into
     * the gated Output (one Output where `gate(pulumi.output(value))` makes two).
     */
    gateChecked<T>(value: Checked<T>): pulumi.Output<T> {
        if (pulumi.Output.isInstance(value)) {
            return this.gate(value as pulumi.Output<T>);
        }
        if (!this.anyLate) {
            return pulumi.output(value) as pulumi.Output<T>;
        }
        const passed = this.passed();
        // As `gate(pulumi.output(value))`: no resources, known, not secret, once every late check has passed.
        return new (pulumi.Output as any)([], passed.then(() => value), passed.then(() => true), passed.then(() => false), passed.then(() => []));
    }

    /**
     * A child's `dependsOn` that waits for every late check to pass, so a child is never registered with a value that
     * fails its check (unknown values in a preview count as passed). Unchanged when every argument was plain.
     */
    after(dependsOn: pulumi.Resource[]): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
        if (!this.anyLate) {
            return dependsOn;
        }
        // A list holding one more element, a promise of nothing that settles with the checks: Pulumi waits for each
        // element and counts one that resolves to nothing as no dependency. A promise of the whole list would cost three
        // Outputs per child (the SDKs' mergeOptions and Pulumi's dependency walk each lift it into one).
        this.settled ??= this.passed().then(() => undefined) as unknown as Promise<pulumi.Resource>;
        return [...dependsOn, this.settled];
    }

    /** Resolves when every late check has passed (or stays unknown), rejects with the first failure. */
    private passed(): Promise<void> {
        this.all ??= Promise.all(this.late.map((o) => (o as any).promise(true))).then(() => undefined);
        return this.all;
    }

    /**
     * `userValue` tells whether `secretValue` is the caller's argument, whose map keys are data (tag keys) to hide, or a
     * record the plan combined, whose keys are its own names; such a check names the argument it found at fault.
     */
    private lateError(argument: string, error: unknown, secretValue: unknown, secret: boolean, userValue: boolean): unknown {
        if (!(error instanceof IrsaArgumentError)) {
            return error;
        }
        const named = secret
            ? new SecretArgumentError(userValue ? argument : redact(error.argument, secretValue, false), redact(error.rule, secretValue, userValue))
            : new IrsaArgumentError(error.argument, error.value, error.rule);
        named.message = `${this.label}: ${named.message}`;
        return named;
    }
}

// Where a secret string is cut into the parts a rule may quote alone: ARN fields, path segments, list items, words.
const PART_SEPARATORS = /[\s:/,;=@"'()[\]{}]+/;

/**
 * The words a part of a secret may equal and still be shown: an ARN's `arn` and the partitions, which every rule about
 * an ARN states in its form anyway. Everything else of a secret is hidden, its service and resource type included.
 */
const PUBLIC_WORDS = new Set(["arn", "http", "https", "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);

/**
 * The rule with every string and number of a secret value replaced, in case the rule quotes one (two colliding tag keys,
 * a quota of 10), and every part of two characters or more as well (the account or the service of a secret ARN, a
 * segment of a secret path; see PART_SEPARATORS and PUBLIC_WORDS): quoted, anywhere from 4 characters on, and as a
 * whole word when shorter. With
 * `keys`, the keys of its maps are hidden too (the caller's tag keys); without, they are the plan's own field names and stay.
 */
export function redact(rule: string, secretValue: unknown, keys = true): string {
    const strings = new Set<string>();
    const seen = new Set<unknown>();
    const add = (text: string) => {
        if (!PUBLIC_WORDS.has(text)) {
            strings.add(text);
        }
        // The parts too: a rule may quote the account of a secret ARN, or one segment of a secret path.
        for (const part of text.split(PART_SEPARATORS)) {
            if (part.length >= 2 && !PUBLIC_WORDS.has(part)) {
                strings.add(part);
            }
        }
    };
    const collect = (value: unknown) => {
        if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") {
            add(String(value));
        } else if (typeof value === "object" && value !== null && !seen.has(value)) {
            seen.add(value);
            for (const [key, v] of Object.entries(value)) {
                if (keys && !Array.isArray(value)) {
                    add(key);
                }
                collect(v);
            }
        }
    };
    collect(secretValue);
    let text = rule;
    for (const s of [...strings].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) {
        text = text.split(JSON.stringify(s)).join('"(secret)"');
        if (s.length >= 4) {
            text = text.split(s).join("(secret)");
        } else {
            const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            text = text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"), "(secret)");
        }
    }
    return text;
}

/** The type an argument needs, for callers that are not TypeScript (JavaScript, YAML, the SDKs). */
export type ArgumentType = "string" | "number" | "boolean" | "array" | "object";

const TYPE_NAMES: { [type in ArgumentType]: string } = {
    string: "a string",
    number: "a number",
    boolean: "a boolean (true or false)",
    array: "a list",
    object: "a map (an object of keys and values)",
};

/** Refuses a value of the wrong type, naming the argument and the type it needs. `undefined` and `null` pass. */
export function checkType(argument: string, value: unknown, type: ArgumentType): void {
    if (value === undefined || value === null) {
        return;
    }
    const actual = Array.isArray(value) ? "array" : typeof value;
    if (actual !== type) {
        const was = Array.isArray(value) ? "a list" : actual === "object" ? (objectKind(value as object) ?? "a map") : `a ${actual}`;
        throw new IrsaArgumentError(argument, value, `${argument} is ${TYPE_NAMES[type]}, not ${was}.`);
    }

    // A hole (`[, x]`) is skipped by map and every, so its item would escape the item checks.
    if (Array.isArray(value) && [...value.keys()].some((i) => !(i in value))) {
        throw new IrsaArgumentError(argument, undefined, `${argument} is a list without holes: every item from 0 to ${value.length - 1} is set.`);
    }
}

/** What a non-list object is when it is not a map (its prototype is neither Object.prototype nor null), else undefined. */
function objectKind(value: object): string | undefined {
    const prototype = Object.getPrototypeOf(value);
    if (prototype === null || prototype === Object.prototype) {
        return undefined;
    }
    const name = Object.prototype.toString.call(value).slice(8, -1);
    const constructorName = typeof prototype.constructor === "function" ? prototype.constructor.name : "";
    // A plain object of another realm (a vm context, a test runner's sandbox) has that realm's Object.prototype.
    if (name === "Object" && constructorName === "Object" && Object.getPrototypeOf(prototype) === null) {
        return undefined;
    }
    return `a ${name === "Object" && constructorName !== "" ? constructorName : name}`;
}

/** `null` (from JavaScript, YAML or an SDK) means the same as a value that is not set. */
export function notSet(value: unknown): value is undefined | null {
    return value === undefined || value === null;
}
