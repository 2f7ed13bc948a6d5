import { accessThrough, ProviderAccess, TrustDescription } from "../policy/explain";
import { readTrust } from "../policy/trustReading";
import { AuditRole } from "./auditInput";

/** A role as the audit reads it: through the policy pack's reading of trust, which is eks-irsa's one model. */
export interface ReadRole {
    role: AuditRole;
    /** The model's description of the role's workload trust; undefined when the model could not decide it. */
    description?: TrustDescription;
    /** What IRSA tokens of the audited cluster's provider meet (`accessThrough`); undefined when the trust names no such provider. */
    irsa?: ProviderAccess;
    /** `invalid` or `unsupported` with the model's message, for roles it could not decide. */
    undecided?: { kind: "invalid" | "unsupported"; reason: string };
}

/**
 * Reads every role's trust policy as the policy pack does (`readTrust`): roles with no workload principal (EC2, Lambda,
 * cross-account roles) are counted and left out; the others are described by the model, or kept as undecided.
 *
 * @param providerArn the audited cluster's IAM OIDC provider ARN; undefined when the cluster has no OIDC issuer.
 */
export function readRoles(roles: AuditRole[], providerArn: string | undefined): { read: ReadRole[]; withoutWorkloadTrust: number } {
    const read: ReadRole[] = [];
    let withoutWorkloadTrust = 0;
    for (const role of roles) {
        const reading = readTrust(role.trustPolicy);
        if (reading.kind === "none") {
            withoutWorkloadTrust++;
        } else if (reading.kind === "read") {
            const irsa = providerArn === undefined ? undefined : accessThrough(reading.description, providerArn);
            read.push({ role, description: reading.description, ...(irsa !== undefined && { irsa }) });
        } else {
            read.push({ role, undecided: { kind: reading.kind, reason: reading.error.message } });
        }
    }
    return { read, withoutWorkloadTrust };
}
