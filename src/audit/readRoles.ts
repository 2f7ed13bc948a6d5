import { accessThrough, ProviderAccess, TrustDescription } from "../policy/explain";
import { keysNotChosenByCaller, readTrust } from "../policy/trustReading";
import { AuditRole } from "./auditInput";

/** A role as the audit reads it: through the policy pack's reading of trust, which is eks-irsa's one model. */
export interface ReadRole {
    role: AuditRole;
    /** The model's description of the role's workload trust; undefined when the model could not decide it. */
    description?: TrustDescription;
    /** What IRSA tokens of the audited cluster's provider meet (`accessThrough`); undefined when the trust names no such provider. */
    irsa?: ProviderAccess;
    /**
     * Audiences worth trying for this role's IRSA trust besides a ServiceAccount's own: any pod may mount a projected
     * token of its ServiceAccount with an audience of its choosing, so a trust that requires another audience still
     * admits it. Each value (or a string a pattern matches) of the Allow clauses' `aud` conditions, and one audience
     * that no negated condition names.
     */
    audiences: string[];
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
        } else if (reading.kind === "read" && keysNotChosenByCaller(reading.description.assumedKeys).length > 0) {
            // The map says exactly who reaches a role: a reading that held conditions nobody can decide offline is not exact.
            const keys = keysNotChosenByCaller(reading.description.assumedKeys).join(", ");
            read.push({ role, audiences: [], undecided: { kind: "unsupported", reason: `conditions on ${keys}, which depend on the request and which eks-irsa does not model` } });
        } else if (reading.kind === "read") {
            const irsa = providerArn === undefined ? undefined : accessThrough(reading.description, providerArn);
            read.push({ role, description: reading.description, ...(irsa !== undefined && { irsa }), audiences: audiencesOf(irsa) });
        } else {
            read.push({ role, audiences: [], undecided: { kind: reading.kind, reason: reading.error.message } });
        }
    }
    return { read, withoutWorkloadTrust };
}

// An audience no trust names, for conditions that only exclude audiences.
const UNNAMED_AUDIENCE = "eks-irsa-audit-unnamed-audience";

function audiencesOf(access: ProviderAccess | undefined): string[] {
    const values = (access?.allows ?? []).flatMap((clause) =>
        clause.conditions
            .filter((c) => c.claim === "aud" && !c.negated && !c.isNull)
            .flatMap((c) => c.values.flatMap((v) => (c.like ? patternWitnesses(v) : [v]))),
    );
    return [...new Set([...values, UNNAMED_AUDIENCE])];
}

/** Strings a `StringLike` pattern matches, two different ones, so that a Deny naming one of them leaves the other. */
function patternWitnesses(pattern: string): string[] {
    return [pattern.replace(/\*/g, "").replace(/\?/g, "x") || "x", pattern.replace(/\*/g, "z").replace(/\?/g, "y")];
}
