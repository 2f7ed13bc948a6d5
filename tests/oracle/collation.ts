/**
 * iam-policy 0.1.x compares condition operators without case with `a.localeCompare(b, undefined, { sensitivity:
 * "accent" })`. Given options, V8 builds an ICU collator on every such call, which made it the costliest function of
 * the suite's tens of thousands of simulations. ECMA-402 defines that call as `new Intl.Collator(undefined,
 * options).compare(a, b)`, so one collator built once answers the same; oracle.spec checks the two agree. Importing
 * this module installs it in iam-policy (whose modules read the helpers from its utils module at each call).
 */
import * as path from "path";

interface IamPolicyUtils {
    caseInsensitiveEquals(first: string, second: string): boolean;
    caseInsensitiveEndsWith(value: string, suffix: string): boolean;
}

/** iam-policy's utils module. */
// The helpers are not exported by the package's entry point; its utils module sits beside it in dist/cjs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const iamPolicyUtils = require(path.join(path.dirname(require.resolve("@cloud-copilot/iam-policy")), "utils.js")) as IamPolicyUtils;

/** iam-policy's own helpers, kept for the check that the shared collator answers as they do. */
export const localeCompareHelpers: IamPolicyUtils = {
    caseInsensitiveEquals: iamPolicyUtils.caseInsensitiveEquals,
    caseInsensitiveEndsWith: iamPolicyUtils.caseInsensitiveEndsWith,
};

const collator = new Intl.Collator(undefined, { sensitivity: "accent" });

/** The same comparisons through one collator. */
export const collatorHelpers: IamPolicyUtils = {
    caseInsensitiveEquals: (first, second) => collator.compare(first, second) === 0,
    // As iam-policy writes it: the end of `value` as long as `suffix` (all of it for an empty suffix).
    caseInsensitiveEndsWith: (value, suffix) => collator.compare(value.slice(suffix.length * -1), suffix) === 0,
};

iamPolicyUtils.caseInsensitiveEquals = collatorHelpers.caseInsensitiveEquals;
iamPolicyUtils.caseInsensitiveEndsWith = collatorHelpers.caseInsensitiveEndsWith;
