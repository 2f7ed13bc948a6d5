import * as pulumi from "@pulumi/pulumi";

/** Whether an input holds no Output or Promise at any depth, so that it can be checked now. */
export function isPlain(value: unknown): boolean {
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

/**
 * Applies `fn` to an input: at once when the input is plain (so a check inside throws from the constructor,
 * before any child exists), or when its value arrives (so the same check fails the deployment). During a preview
 * an unknown value never reaches `fn`.
 */
export function whenKnown<T, R>(value: pulumi.Input<T>, fn: (resolved: pulumi.Unwrap<T>) => R): pulumi.Input<R> {
    if (isPlain(value)) {
        return fn(value as pulumi.Unwrap<T>);
    }
    return pulumi.output(value).apply((resolved) => fn(resolved));
}

/** Runs a check on an optional input (see `whenKnown`) and returns the input to use downstream. */
export function checked<T>(value: pulumi.Input<T> | undefined, check: (resolved: pulumi.Unwrap<T>) => void): pulumi.Input<T> | undefined {
    if (value === undefined) {
        return undefined;
    }
    return whenKnown(value, (resolved) => {
        if (resolved !== undefined) {
            check(resolved);
        }
        return resolved as T;
    }) as pulumi.Input<T>;
}
