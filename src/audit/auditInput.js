"use strict";
/**
 * What `eks-irsa audit` reads, once every input file has been read: one cluster, its Kubernetes objects, the account's
 * roles, and (when given) the account's OIDC providers and the cluster's Pod Identity associations. A part that was not
 * given is `undefined` (never an empty list), so the report can name what it did not check instead of assuming.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.AUDIENCE_ANNOTATION = exports.ROLE_ARN_ANNOTATION = exports.AuditInputError = void 0;
/** One error for every input the audit cannot read: the CLI prints its message as one line and exits 2. */
class AuditInputError extends Error {
    constructor(message) {
        super(message);
        this.name = "AuditInputError";
    }
}
exports.AuditInputError = AuditInputError;
/** The annotation the EKS Pod Identity webhook reads for IRSA's role. */
exports.ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
/** The annotation that sets the token's audience. */
exports.AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
