"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readRoles = readRoles;
const explain_1 = require("../policy/explain");
const trustReading_1 = require("../policy/trustReading");
/**
 * Reads every role's trust policy as the policy pack does (`readTrust`): roles with no workload principal (EC2, Lambda,
 * cross-account roles) are counted and left out; the others are described by the model, or kept as undecided.
 *
 * @param providerArn the audited cluster's IAM OIDC provider ARN; undefined when the cluster has no OIDC issuer.
 */
function readRoles(roles, providerArn) {
    const read = [];
    let withoutWorkloadTrust = 0;
    for (const role of roles) {
        const reading = (0, trustReading_1.readTrust)(role.trustPolicy);
        if (reading.kind === "none") {
            withoutWorkloadTrust++;
        }
        else if (reading.kind === "read") {
            const irsa = providerArn === undefined ? undefined : (0, explain_1.accessThrough)(reading.description, providerArn);
            read.push({ role, description: reading.description, ...(irsa !== undefined && { irsa }) });
        }
        else {
            read.push({ role, undecided: { kind: reading.kind, reason: reading.error.message } });
        }
    }
    return { read, withoutWorkloadTrust };
}
