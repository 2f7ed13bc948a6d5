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
    const text = JSON.stringify(value) ?? String(value);
    // Long values (policy documents, tag maps) are shown in part so that the message stays readable.
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
