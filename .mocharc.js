// `npm test` runs the build (bin/tests/**/*.spec.js, named in package.json). A `.ts` spec given on the command line
// (`npx mocha tests/<one>.spec.ts`) runs from the sources through ts-node, without a build; ts-node is loaded only
// then, since its source-map support slows every stack trace of a run of the build.
"use strict";

// The components and the CLI read Qovery's namespace variable, and the tests that need it set it themselves: a developer's
// shell must not change what the others see (cliProcess also keeps it from the processes it starts).
delete process.env.QOVERY_KUBERNETES_NAMESPACE_NAME;

module.exports = {
    // A guard against hangs, not a speed check: at load 40 on 2 cores one spawned CLI alone took over 20 s.
    timeout: 120000,
    reporter: "dot",
    ...(process.argv.some((arg) => arg.endsWith(".ts")) ? { require: ["ts-node/register/transpile-only"] } : {}),
};
