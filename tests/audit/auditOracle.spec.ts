import { expect } from "chai";
import { GrantPath } from "../../src/audit/auditReport";
import { simulatePodIdentityWithIamSimulate, simulateWithIamSimulate } from "../oracle/ironOracle";
import { auditDocuments, CLUSTER, exampleDocuments, PROVIDER } from "./auditFixture";

const trustOf = (role: any): object => (typeof role.AssumeRolePolicyDocument === "string" ? JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)) : role.AssumeRolePolicyDocument);

/**
 * The access map against @cloud-copilot/iam-simulate (a dev dependency, never imported by src/): for every
 * (ServiceAccount, role) pair of the example, iam-simulate's answer to the pair's sts:AssumeRoleWithWebIdentity is the
 * map's IRSA edge, and for every association its answer to EKS Auth's calls is the map's Pod Identity edge.
 */
describe("audit: the access map agrees with iam-simulate on every pair of the example", () => {
    const docs = exampleDocuments();
    const report = auditDocuments(docs);
    const roles: any[] = docs["iam.json"].RoleDetailList;
    const undecided = new Set(report.roles.filter((r) => r.trust !== "read").map((r) => r.arn));

    it("IRSA: every ServiceAccount × every role", () => {
        let pairs = 0;
        let allowed = 0;
        for (const account of report.serviceAccounts) {
            for (const role of roles) {
                if (undecided.has(role.Arn)) {
                    continue;
                }
                const subject = `system:serviceaccount:${account.namespace}:${account.name}`;
                const grant = account.grants.find((g) => g.path === GrantPath.Irsa && g.roleArn === role.Arn);
                // The map's audience when it found one a pod could choose, else the ServiceAccount's own.
                const oracle = simulateWithIamSimulate(trustOf(role), { providerArn: PROVIDER, subject, audience: grant?.audience ?? account.audience });
                const mapped = grant !== undefined;
                expect(mapped, `${subject} → ${role.RoleName}: iam-simulate says ${oracle.result}`).to.equal(oracle.allowed);
                pairs++;
                allowed += oracle.allowed ? 1 : 0;
            }
        }
        expect([pairs, allowed, undecided.size]).to.deep.equal([16 * 13, 6, 1]);
    });

    it("Pod Identity: every association whose role exists", () => {
        const decided = docs["associations.json"]
            .map((a: any) => a.association)
            .filter((a: any) => roles.some((r) => r.Arn === a.roleArn))
            .map((a: any) => {
                const role = roles.find((r) => r.Arn === a.roleArn);
                const oracle = simulatePodIdentityWithIamSimulate(trustOf(role), {
                    clusterArn: CLUSTER,
                    namespace: a.namespace,
                    serviceAccount: a.serviceAccount,
                    sessionTags: !a.disableSessionTags,
                });
                const account = report.serviceAccounts.find((s) => s.namespace === a.namespace && s.name === a.serviceAccount)!;
                const mapped = account.grants.some((g) => g.path === GrantPath.PodIdentity && g.associationId === a.associationId);
                expect(mapped, `${a.associationId} (${a.namespace}/${a.serviceAccount} → ${role.RoleName}): iam-simulate says ${oracle.result}`).to.equal(oracle.allowed);
                return oracle.allowed;
            });
        expect(decided).to.deep.equal([true, true, false, false, false]);
    });
});
