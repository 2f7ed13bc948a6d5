/**
 * Property: for any trust policy and any token or EKS Pod Identity association, `explain --who`'s structured answer, the
 * evaluator and the independent oracle (@cloud-copilot/iam-simulate) agree, or eks-irsa refuses the policy as
 * unsupported (tests/policy/policyModelProperty.ts). It runs in a worker thread started as this file loads
 * (tests/beside.ts), beside the other specs. EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { runBeside } from "../beside";
import { RUNS, SEED } from "./policyModelProperty";

const run = runBeside(require.resolve("./policyModelProperty"), "policyModelProperty");

describe("property: explain --who, the evaluator and iam-simulate agree on any policy, token and Pod Identity association", () => {
    it(`agree, or eks-irsa refuses the policy (seed ${SEED}, ${RUNS} runs)`, async function () {
        this.timeout(300000);
        (await run()).forEach((line) => console.log(line));
    });
});
