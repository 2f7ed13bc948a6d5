/**
 * Properties: the policy pack's decisions on generated trust policies agree with the independent oracle
 * (@cloud-copilot/iam-simulate): what it reads, the breadth it passes and the breadth it flags
 * (tests/policypack/packOracleProperty.ts). They run in a worker thread started as this file loads (tests/beside.ts),
 * beside the other specs. EKS_IRSA_PROPERTY_SEED and EKS_IRSA_PROPERTY_RUNS explore other cases.
 */
import { runBeside } from "../beside";
import { RUNS, SEED } from "./packOracleProperty";

const run = runBeside(require.resolve("./packOracleProperty"), "packOracleProperty");

describe("property: the policy pack's decisions agree with iam-simulate", () => {
    it(`reads what the oracle decides, passes no breadth it lets in, and flags only breadth it lets in (seed ${SEED}, ${RUNS} runs)`, async function () {
        this.timeout(600000);
        (await run()).forEach((line) => console.log(line));
    });
});
