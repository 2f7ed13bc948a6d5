/**
 * Property: policies of overlapping subject patterns at IAM's size limits are decided, in agreement with the evaluator
 * and iam-simulate, or refused naming the analysis budget (tests/policy/overlappingPatternsProperty.ts). It runs in the
 * worker thread beside the other specs (tests/beside.ts).
 */
import { runBeside } from "../beside";
import { RUNS, SEED } from "./overlappingPatternsProperty";

const run = runBeside(require.resolve("./overlappingPatternsProperty"), "overlappingPatternsProperty");

describe("property: overlapping subject patterns at the size limits are decided exactly or refused naming the budget", () => {
    it(`agree with the evaluator and iam-simulate, or are refused for the budget (seed ${SEED}, ${RUNS} runs)`, async function () {
        this.timeout(300000);
        (await run()).forEach((line) => console.log(line));
    });
});
