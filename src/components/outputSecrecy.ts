import * as pulumi from "@pulumi/pulumi";
import { Checked } from "./inputs";

/** The output, secret when any of `sources` is a secret Output; unchanged when every source is plain. */
export function withSecrecyOf<T>(output: pulumi.Output<T>, sources: unknown[]): pulumi.Output<T> {
    const late = lateSources(sources);
    if (late.length === 0) {
        return output;
    }
    // `all` is secret when any input is; each source is mapped to 0 first, so only its secrecy carries over.
    const inputs: pulumi.Output<unknown>[] = [output, ...late.map((s) => (pulumi.output(s as pulumi.Input<unknown>) as pulumi.Output<unknown>).apply(() => 0))];
    return pulumi.all(inputs).apply((values) => values[0] as T);
}

/**
 * The value with the secrecy of `sources`: as it is when every source is plain (the component's output makes it an
 * Output then), else `withSecrecyOf` its Output.
 */
export function checkedWithSecrecyOf<T>(value: Checked<T>, sources: unknown[]): Checked<T> {
    return lateSources(sources).length === 0 ? value : withSecrecyOf(asOutput(value), sources);
}

/** The value as an Output: an Output as it is (`pulumi.output` would wrap it in one more `apply`), a plain value lifted. */
export function asOutput<T>(value: Checked<T>): pulumi.Output<T> {
    return pulumi.Output.isInstance(value) ? value : (pulumi.output(value) as pulumi.Output<T>);
}

function lateSources(sources: unknown[]): unknown[] {
    return sources.filter((s) => pulumi.Output.isInstance(s) || s instanceof Promise);
}
