/**
 * An argument that breaks one of IAM's, EKS's or Kubernetes' rules, found before anything reaches AWS or the
 * cluster. The message names the argument, shows the value and states the rule with the fix.
 */
export class IrsaArgumentError extends Error {
    constructor(
        /** The argument's name as the caller wrote it, e.g. `namespace` or `policyArns.s3`. */
        public readonly argument: string,
        /** The offending value. */
        public readonly value: unknown,
        /** The rule it breaks and how to fix it, in one or two sentences. */
        public readonly rule: string,
    ) {
        super(`invalid ${argument} ${describeValue(value)}: ${rule}`);
        this.name = "IrsaArgumentError";
    }
}

function describeValue(value: unknown): string {
    if (value === undefined) {
        return "(not set)";
    }
    const text = showValue(value);
    // Long values (policy documents, tag maps) are shown in part so that the message stays readable.
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * The value as JSON, also when JSON.stringify would throw: a BigInt (from another language's runtime) is shown as
 * `123n`, a value met again inside itself as `"(cyclic)"`, and anything else JSON cannot hold as its String.
 */
function showValue(value: unknown): string {
    const ancestors: unknown[] = [];
    const replacer = function (this: unknown, _key: string, v: unknown): unknown {
        if (typeof v === "bigint") {
            return `${v}n`;
        }
        if (typeof v === "object" && v !== null) {
            // `this` is the object holding v: drop the ancestors that are not on v's path.
            while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) {
                ancestors.pop();
            }
            if (ancestors.includes(v)) {
                return "(cyclic)";
            }
            ancestors.push(v);
        }
        return v;
    };
    try {
        return JSON.stringify(value, replacer) ?? String(value);
    } catch {
        // A getter that throws, a toJSON that does: the message must still be made.
        return Object.prototype.toString.call(value);
    }
}
