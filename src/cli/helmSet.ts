/**
 * Helm's `--set key=value` (what Qovery's "override arguments" become): Helm's strvals parser splits the value at every
 * unescaped ',' (a second setting follows), reads a value starting with '{' as a list, takes the character after a '\'
 * literally, and types the result: `true`, `false` and `null` in any case, `0`, and decimal integers not starting with 0
 * are not strings (`null` deletes the key, so the chart falls back to its default). A value with any character other than
 * letters, digits and `:/._@+=-` is not printed as an argument, the values file carries it: `--set` needs a '\\' before
 * ',' '{' '\\', which a shell pasted into removes, and an IAM path may hold `$(...)`, backticks, ';' or quotes. Checked against
 * helm.sh/helm/v3/pkg/strvals by tests/kubereader.
 */

/** A value as an override argument, or why it must go through the values file instead. */
export interface HelmSetArgument {
    key: string;
    /** `--set key=<value>`, when `--set` (and a shell) reads it back as exactly this string. */
    argument?: string;
    /** Why the value file is needed instead. */
    reason?: string;
}

const INT64_MAX = 2n ** 63n - 1n;

/** What `--set` makes of an unescaped value other than a string, or undefined when it stays a string. */
export function helmSetType(value: string): string | undefined {
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "false") {
        return "a boolean";
    }
    if (lower === "null") {
        return "null (the key is dropped and the chart's default used)";
    }
    if (value === "0" || (/^[+-]?\d+$/.test(value) && value[0] !== "0" && bigIntFits(value))) {
        return "an integer";
    }
    return undefined;
}

function bigIntFits(value: string): boolean {
    const n = BigInt(value);
    return n <= INT64_MAX && n >= -INT64_MAX - 1n;
}

/** `--set key=value` that Helm (and a shell) reads back as exactly `value`, or the reason the values file is needed. */
export function helmSetArgument(key: string, value: string): HelmSetArgument {
    const type = helmSetType(value);
    if (type !== undefined) {
        return { key, reason: `--set reads "${value}" as ${type}, not as a string (--set-string would not).` };
    }
    if (!/^[\x20-\x7e]*$/.test(value)) {
        return { key, reason: "the value holds characters other than printable ASCII, which these comment lines show escaped." };
    }
    // An IAM path may hold $( ), backticks, ';', quotes...: a line that runs a command when pasted into a shell is not
    // printed; nor one that needs a '\\' escape (',' '{' '\\'), which a shell removes before Helm reads it.
    const special = /[^A-Za-z0-9:/._@+=-]/.exec(value);
    if (special !== null) {
        return {
            key,
            reason:
                `the value holds ${JSON.stringify(special[0])}, which --set or a shell (if the line is pasted into one) reads itself: ` +
                "the line would not give the value, or would run a command.",
        };
    }
    return { key, argument: `--set ${key}=${value}` };
}
