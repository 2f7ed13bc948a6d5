// What the consumer's unit tests share: reading an Output, waiting for registrations, and failing a test that never ends.
import * as pulumi from "@pulumi/pulumi";

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Lets the runtime finish what is in flight: registrations follow their inputs by a few turns of the event loop. */
export async function settle(until: () => boolean): Promise<void> {
    for (let turn = 0; turn < 10000 && !until(); turn++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
}

/**
 * Runs a test's main function. Node exits 0 when only promises are left pending, so a test that never reached its end
 * (an Output that never resolved) fails; so does one that throws.
 */
export function runTest(label: string, main: () => Promise<void>): void {
    let finished = false;
    process.on("exit", (code) => {
        if (!finished && code === 0) {
            console.error(`${label}: the program never finished (an Output never resolved)`);
            process.exitCode = 1;
        }
    });
    main().then(
        () => (finished = true),
        (error) => {
            console.error(error);
            process.exit(1);
        },
    );
}
