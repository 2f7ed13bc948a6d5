// An inline Pulumi program run through the Automation API (LocalWorkspace) with the engine scripts/install-pulumi-engine.sh
// assembles: the CLI from its bin/, plugins from its PULUMI_HOME, a file:// backend in a work directory. The program's
// Node.js runtime is this process itself (the CLI connects back to it), so no pulumi-language-nodejs host is needed: a
// machine with the CLI and the kubernetes provider alone runs these programs.
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { ENGINE_DIR } from "./engine";

/** The environment the CLI runs in: the engine's plugins, no downloads, no update check, a passphrase for the secrets. */
export function engineEnvironment(): { [name: string]: string } {
    return {
        PULUMI_HOME: path.join(ENGINE_DIR, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "eks-irsa-engine-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SUPPRESS_COPILOT_LINK: "true",
        NO_COLOR: "1",
    };
}

/**
 * Creates the stack `dev` of an inline program in `work` (a file:// backend under it).
 *
 * @param work an empty directory of the test's own.
 * @param project the project's name.
 * @param program the program, run in this process.
 */
export async function inlineStack(work: string, project: string, program: PulumiFn): Promise<Stack> {
    const backend = path.join(work, "backend");
    fs.mkdirSync(backend, { recursive: true });
    const pulumiCommand = await PulumiCommand.get({ root: ENGINE_DIR, skipVersionCheck: true });
    return LocalWorkspace.createOrSelectStack(
        { stackName: "dev", projectName: project, program },
        {
            workDir: work,
            pulumiCommand,
            envVars: engineEnvironment(),
            projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${backend}` } },
        },
    );
}

/** Runs `step`, printing its name and time as the CLI-driven tests print their commands. */
export async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
        return await step();
    } finally {
        console.log(`      $ ${name}  -> ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
}
