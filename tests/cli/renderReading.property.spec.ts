/**
 * Issue 28's property runs (tests/cli/renderReadingProperty.ts; fast-check, fixed seed printed on each run), in the
 * worker thread of tests/beside.ts, beside the other specs; each reads with tests/kubereader (built on first use from
 * the Go module proxy), or prints one line saying why it did not run:
 * - every free-text and name argument that reaches render's text, given hostile strings: refused naming the argument,
 *   or read back by kubectl's and Helm's readers (manifests, values file, stand-in chart, --set) as registered;
 * - the quantity grammar against resource.ParseQuantity; the --set escaping against Helm's strvals.
 * PROPERTY_READING_RUNS raises the render cases; PROPERTY_SEED replays another seed.
 */
import { runBeside } from "../beside";
import { QUANTITY_RUNS, READING_RUNS, SEED, SET_RUNS } from "./renderReadingProperty";

const PROPERTIES = require.resolve("./renderReadingProperty");
const renderRun = runBeside(PROPERTIES, "renderReadingProperty");
const quantityRun = runBeside(PROPERTIES, "quantityProperty");
const setRun = runBeside(PROPERTIES, "helmSetProperty");

describe("property: render's output, read by kubectl and Helm (tests/kubereader), is what pulumi up registers", function () {
    // The first run builds the reader (minutes on a busy machine); later runs find it cached.
    this.timeout(900000);

    it(`holds for ${READING_RUNS} hostile values of every argument that reaches render's text (seed ${SEED})`, async () => {
        (await renderRun()).forEach((line) => console.log(line));
    });

    it(`the quantity grammar agrees with resource.ParseQuantity on ${QUANTITY_RUNS} strings (seed ${SEED})`, async () => {
        (await quantityRun()).forEach((line) => console.log(line));
    });

    it(`the printed --set arguments read back exactly through Helm's strvals, ${SET_RUNS} values (seed ${SEED})`, async () => {
        (await setRun()).forEach((line) => console.log(line));
    });
});
