/**
 * Property-based tests of ServiceAccountRole over any arguments (tests/components/planProperties.ts; fast-check, fixed
 * seed printed on each run):
 * - the pure plan, on PLAN_RUNS argument sets: it refuses with a named IrsaArgumentError, or its trust policy has no
 *   `undefined` and no policy variable, and iam-simulate (the independent oracle) admits exactly the intended subjects;
 * - the component, on COMPONENT_RUNS argument sets whose values arrive plain, as Outputs or as secrets: it fails exactly
 *   when the plan does, with the component's prefix, no secret value and no child registered, and otherwise sends the
 *   plan's trust policy to IAM.
 * Each runs in a worker thread started as this file loads (tests/beside.ts), beside the other specs.
 * PROPERTY_RUNS and PROPERTY_COMPONENT_RUNS raise the counts; PROPERTY_SEED replays another seed.
 */
import { runBeside } from "../beside";
import { COMPONENT_RUNS, PLAN_RUNS, SEED } from "./planProperties";

const PROPERTIES = require.resolve("./planProperties");
const planRun = runBeside(PROPERTIES, "planProperty");
const componentRun = runBeside(PROPERTIES, "componentProperty");

describe("property: the plan refuses with a named message or trusts exactly the intended subjects (iam-simulate)", function () {
    this.timeout(300000);

    it(`holds for ${PLAN_RUNS} argument sets (seed ${SEED})`, async () => {
        (await planRun()).forEach((line) => console.log(line));
    });
});

describe("property: the component, with values plain, late or secret, does what its plan says", function () {
    this.timeout(300000);

    it(`holds for ${COMPONENT_RUNS} argument sets (seed ${SEED})`, async () => {
        (await componentRun()).forEach((line) => console.log(line));
    });
});
