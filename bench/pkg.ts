import * as path from "path";

// The benchmarks load the package from the build in bin/, as a user's program loads it from node_modules; `tsc -p bench`
// compiles only bench/, so it takes the types from the build's declarations. BENCH_PACKAGE names another build's
// index.js, to measure a proposed change without touching src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const irsa: typeof import("../bin/index") = require(process.env.BENCH_PACKAGE ?? path.resolve(__dirname, "..", "index.js"));
export = irsa;
