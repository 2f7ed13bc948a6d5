"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.ArgumentChecks = exports.SecretArgumentError = void 0;
exports.isPlain = isPlain;
exports.mapChecked = mapChecked;
exports.mapCheckedWithSecrecy = mapCheckedWithSecrecy;
exports.combineChecked = combineChecked;
exports.redact = redact;
exports.checkType = checkType;
exports.notSet = notSet;
const pulumi = __importStar(require("@pulumi/pulumi"));
const errors_1 = require("../errors");
/** Whether an input holds no Output or Promise at any depth, so that it can be checked now. */
function isPlain(value) {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        return false;
    }
    if (Array.isArray(value)) {
        return value.every(isPlain);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).every(isPlain);
    }
    return true;
}
/** Applies a pure function to a checked value: at once when plain, on arrival when late. */
function mapChecked(value, fn) {
    return pulumi.Output.isInstance(value) ? value.apply((v) => fn(v)) : fn(value);
}
/**
 * Applies a pure function to a checked value and tells it whether the value arrived as a secret, so that text it writes
 * (a warning) can leave the value out. At once when plain (never a secret).
 */
function mapCheckedWithSecrecy(value, fn) {
    if (!pulumi.Output.isInstance(value)) {
        return fn(value, false);
    }
    const output = value;
    const secret = output.isSecret;
    return output.apply(async (v) => fn(v, await secret));
}
/** Combines checked values: a plain record when every value is plain, else one Output of the record. */
function combineChecked(values) {
    // An array or a record: pulumi.all keeps its shape.
    const entries = Object.values(values);
    return entries.some((v) => pulumi.Output.isInstance(v)) ? pulumi.all(values) : values;
}
/** An argument error about a value that arrived as a secret: it names the argument and the rule, never the value. */
class SecretArgumentError extends errors_1.IrsaArgumentError {
    constructor(argument, rule) {
        super(argument, undefined, rule);
        this.message = `invalid ${argument} (a secret, not shown): ${rule}`;
    }
}
exports.SecretArgumentError = SecretArgumentError;
/**
 * The one mechanism by which a component checks its arguments. `check` runs a check function on an argument: at once
 * when the argument is plain (its error throws from the constructor, before any child exists), or when an Output's
 * value arrives, with the same function and so the same message (an Output that resolves to `undefined` meets the
 * check's "not set" rule). A late failure names the component, hides a secret's value, and rejects every output passed
 * through `gate`, so a test under mocks sees the error at once instead of waiting for a resource that never settles.
 */
class ArgumentChecks {
    label;
    late = [];
    all;
    /** @param label the component, as it prefixes every message: `ServiceAccountRole "name"`. */
    constructor(label) {
        this.label = label;
    }
    /** Checks one argument. `fn` receives the resolved value (`undefined` when not set) and returns the value to use. */
    check(argument, value, fn) {
        if (isPlain(value)) {
            return fn(value);
        }
        const input = pulumi.output(value);
        const secret = input.isSecret;
        const result = input.apply(async (resolved) => {
            try {
                return fn(resolved);
            }
            catch (error) {
                throw this.lateError(argument, error, (await secret) ? resolved : undefined, await secret, true);
            }
        });
        this.late.push(result);
        return result;
    }
    /**
     * A check over values that are themselves checked (e.g. the size of the whole trust policy): at once when they are
     * plain, else when they arrive, with the failure named, prefixed and redacted as `check` does.
     */
    derive(argument, value, fn) {
        if (!pulumi.Output.isInstance(value)) {
            return fn(value);
        }
        const input = value;
        const secret = input.isSecret;
        const result = input.apply(async (resolved) => {
            try {
                return fn(resolved);
            }
            catch (error) {
                throw this.lateError(argument, error, (await secret) ? resolved : undefined, await secret, false);
            }
        });
        this.late.push(result);
        return result;
    }
    /** Whether some argument is checked only when its value arrives. */
    get anyLate() {
        return this.late.length > 0;
    }
    /**
     * The output, made to wait for every late check and to reject as soon as one fails; unchanged when every argument
     * was plain. Unknown values (in a preview) count as passed, so the gate never makes a known output unknown.
     */
    gate(output) {
        if (!this.anyLate) {
            return output;
        }
        const passed = this.passed();
        const o = output;
        // Output's constructor takes the promises of its value, knownness and secrecy. Chained on `passed`, they reject
        // with the first failure even when the output itself would never settle (a resource whose inputs failed).
        const after = (p) => passed.then(p);
        return new pulumi.Output(o.resources(), after(() => o.promise(true)), after(() => o.isKnown), after(() => o.isSecret), after(() => o.allResources()));
    }
    /**
     * A child's `dependsOn` that waits for every late check to pass, so a child is never registered with a value that
     * fails its check (unknown values in a preview count as passed). Unchanged when every argument was plain.
     */
    after(dependsOn) {
        if (!this.anyLate) {
            return dependsOn;
        }
        return this.passed().then(() => dependsOn);
    }
    /** Resolves when every late check has passed (or stays unknown), rejects with the first failure. */
    passed() {
        this.all ??= Promise.all(this.late.map((o) => o.promise(true))).then(() => undefined);
        return this.all;
    }
    /**
     * `userValue` tells whether `secretValue` is the caller's argument, whose map keys are data (tag keys) to hide, or a
     * record the plan combined, whose keys are its own names; such a check names the argument it found at fault.
     */
    lateError(argument, error, secretValue, secret, userValue) {
        if (!(error instanceof errors_1.IrsaArgumentError)) {
            return error;
        }
        const named = secret
            ? new SecretArgumentError(userValue ? argument : redact(error.argument, secretValue, false), redact(error.rule, secretValue, userValue))
            : new errors_1.IrsaArgumentError(error.argument, error.value, error.rule);
        named.message = `${this.label}: ${named.message}`;
        return named;
    }
}
exports.ArgumentChecks = ArgumentChecks;
/**
 * The rule with every string and number of a secret value replaced, in case the rule quotes one (two colliding tag keys,
 * a quota of 10): quoted, anywhere from 4 characters on, and as a whole word when shorter. With `keys`, the keys of its
 * maps are hidden too (the caller's tag keys); without, they are the plan's own field names and stay.
 */
function redact(rule, secretValue, keys = true) {
    const strings = new Set();
    const collect = (value) => {
        if (typeof value === "string" || typeof value === "number") {
            strings.add(String(value));
        }
        else if (Array.isArray(value)) {
            value.forEach(collect);
        }
        else if (typeof value === "object" && value !== null) {
            for (const [key, v] of Object.entries(value)) {
                if (keys) {
                    strings.add(key);
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
        }
        else {
            const escaped = s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            text = text.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g"), "(secret)");
        }
    }
    return text;
}
const TYPE_NAMES = {
    string: "a string",
    number: "a number",
    boolean: "a boolean (true or false)",
    array: "a list",
    object: "a map (an object of keys and values)",
};
/** Refuses a value of the wrong type, naming the argument and the type it needs. `undefined` and `null` pass. */
function checkType(argument, value, type) {
    if (value === undefined || value === null) {
        return;
    }
    const actual = Array.isArray(value) ? "array" : typeof value;
    if (actual !== type) {
        const was = Array.isArray(value) ? "a list" : actual === "object" ? "a map" : `a ${actual}`;
        throw new errors_1.IrsaArgumentError(argument, value, `${argument} is ${TYPE_NAMES[type]}, not ${was}.`);
    }
    // A hole (`[, x]`) is skipped by map and every, so its item would escape the item checks.
    if (Array.isArray(value) && [...value.keys()].some((i) => !(i in value))) {
        throw new errors_1.IrsaArgumentError(argument, undefined, `${argument} is a list without holes: every item from 0 to ${value.length - 1} is set.`);
    }
}
/** `null` (from JavaScript, YAML or an SDK) means the same as a value that is not set. */
function notSet(value) {
    return value === undefined || value === null;
}
