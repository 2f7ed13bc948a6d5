"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IrsaArgumentError = void 0;
/**
 * An argument that breaks one of IAM's, EKS's or Kubernetes' rules, found before anything reaches AWS or the
 * cluster. The message names the argument, shows the value and states the rule with the fix.
 */
class IrsaArgumentError extends Error {
    argument;
    value;
    rule;
    constructor(
    /** The argument's name as the caller wrote it, e.g. `namespace` or `policyArns.s3`. */
    argument, 
    /** The offending value. */
    value, 
    /** The rule it breaks and how to fix it, in one or two sentences. */
    rule) {
        super(`invalid ${argument} ${describeValue(value)}: ${rule}`);
        this.argument = argument;
        this.value = value;
        this.rule = rule;
        this.name = "IrsaArgumentError";
    }
}
exports.IrsaArgumentError = IrsaArgumentError;
function describeValue(value) {
    if (value === undefined) {
        return "(not set)";
    }
    const text = JSON.stringify(value) ?? String(value);
    // Long values (policy documents, tag maps) are shown in part so that the message stays readable.
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
