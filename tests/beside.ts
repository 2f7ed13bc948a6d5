/**
 * The specs' costliest checks, run beside the other specs. `runBeside(file, name)` queues the check as the spec file
 * loads, in one worker thread shared by every such check of the run; the worker loads `file` and calls its export
 * `name`, which returns the lines to print, or throws. While mocha runs the other specs on one core, the checks run one
 * after the other on the other core (one thread: the modules are loaded and compiled once), and each spec's test awaits
 * its check's answer: the lines, or a failure with the check's message (fast-check's counterexample and seed included).
 */
import { isMainThread, parentPort, Worker, workerData } from "worker_threads";

interface Job {
    id: number;
    file: string;
    name: string;
}

type Answer = { id: number } & ({ lines: string[] } | { message: string; stack?: string });

interface Pending {
    resolve: (lines: string[]) => void;
    reject: (error: Error) => void;
}

const WORKER_MARK = "eks-irsa tests/beside.ts";
const pending = new Map<number, Pending>();
let worker: Worker | undefined;
let awaited = 0;
let nextId = 0;

function startWorker(): Worker {
    // The `.ts` specs run under ts-node; the worker needs it too to load the sources.
    const execArgv = __filename.endsWith(".ts") ? ["--require", require.resolve("ts-node/register/transpile-only")] : [];
    const started = new Worker(__filename, { workerData: WORKER_MARK, execArgv });
    // The worker keeps the process alive only while a test awaits it: a run that filters the tests out ends anyway.
    started.unref();
    started.on("message", (answer: Answer) => {
        const job = pending.get(answer.id)!;
        pending.delete(answer.id);
        if ("lines" in answer) {
            job.resolve(answer.lines);
        } else {
            job.reject(Object.assign(new Error(answer.message), { stack: answer.stack ?? answer.message }));
        }
    });
    const failAll = (error: Error) => {
        for (const job of pending.values()) {
            job.reject(error);
        }
        pending.clear();
    };
    started.on("error", failAll);
    started.on("exit", (code) => failAll(new Error(`the worker of tests/beside.ts exited with code ${code} before answering`)));
    return started;
}

/** Queues `file`'s export `name` in the run's worker thread now; the returned function awaits its lines. */
export function runBeside(file: string, name: string): () => Promise<string[]> {
    worker ??= startWorker();
    const id = nextId++;
    const answer = new Promise<string[]>((resolve, reject) => pending.set(id, { resolve, reject }));
    // Read by the test; an unread failure (a filtered-out test) must not become an unhandled rejection.
    answer.catch(() => undefined);
    worker.postMessage({ id, file, name } satisfies Job);
    return () => {
        if (awaited++ === 0) {
            worker?.ref();
        }
        return answer.finally(() => {
            if (--awaited === 0) {
                worker?.unref();
            }
        });
    };
}

if (!isMainThread && workerData === WORKER_MARK) {
    let queue = Promise.resolve();
    parentPort!.on("message", ({ id, file, name }: Job) => {
        queue = queue.then(async () => {
            let answer: Answer;
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                answer = { id, lines: await require(file)[name]() };
            } catch (error) {
                answer = { id, message: (error as Error).message ?? String(error), stack: (error as Error).stack };
            }
            parentPort!.postMessage(answer);
        });
    });
}
