"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UnsupportedPolicyError = exports.InvalidPolicyError = void 0;
/** The policy is not a well-formed trust policy: invalid JSON, a missing `Effect`, a value of the wrong type. */
class InvalidPolicyError extends Error {
    name = "InvalidPolicyError";
}
exports.InvalidPolicyError = InvalidPolicyError;
/**
 * The policy uses something eks-irsa does not model exactly (another condition operator or key, a policy variable,
 * `NotPrincipal`...). It is refused rather than guessed at, by the evaluator, `explain` and `explain --who` alike.
 */
class UnsupportedPolicyError extends Error {
    name = "UnsupportedPolicyError";
    /** The unsupported thing, e.g. `condition operator "ArnLike"`. */
    feature;
    /**
     * @param feature the unsupported thing, e.g. `condition operator "ArnLike"`.
     * @param where where it occurs, e.g. `Statement 0`.
     */
    constructor(feature, where) {
        super(`${where} uses ${feature}, which evaluateTrustPolicy does not evaluate. It supports Federated and "*" ` +
            `principals, Action/NotAction, conditions on the issuer's sub and aud keys with the StringEquals, ` +
            `StringNotEquals, StringLike and StringNotLike operators (with IfExists, ForAllValues: and ForAnyValue:) and Null.`);
        this.feature = feature;
    }
}
exports.UnsupportedPolicyError = UnsupportedPolicyError;
