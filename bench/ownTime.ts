// In-process timing of each side's own synchronous work per role, for the preview benchmark's BENCH_OWN_TIME runs: the
// time in a side's constructor outside its child resources' constructors and registerOutputs, and for ServiceAccountRole
// the plan alone. Both sides create the same children, so the machine's noise, which moves a whole run by ±10%, cancels
// out of the difference; the preview ratio itself needs many pairs to see a few per cent.
import * as path from "path";

export interface OwnTime {
    /** The side's constructors in all (the loop's `new`, or the hand-written function). */
    constructorsMs: number;
    /** Within them: the child resources' constructors (Role, RolePolicyAttachment, ServiceAccount, PodIdentityAssociation). */
    childrenMs: number;
    /** Within them: registerOutputs. */
    registerOutputsMs: number;
    /** Within them: ServiceAccountRole's plan (0 for the other sides). */
    planMs: number;
    /** The median plan, in microseconds (NaN for the other sides). */
    planMedianUs: number;
}

const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;

/** Replaces a module's exported class with a subclass that adds its constructor's time to `add`. */
function timeConstructor(module: { [name: string]: any }, name: string, add: (ns: bigint) => void): void {
    const Original = module[name];
    const Timed = class extends Original {
        constructor(...args: any[]) {
            const started = now();
            super(...args);
            add(now() - started);
        }
    };
    Object.defineProperty(module, name, { value: Timed, writable: true, configurable: true, enumerable: true });
}

/**
 * Installs the hooks, before any role is built: the child classes are replaced in their own modules, which both
 * ServiceAccountRole (importing them directly) and the hand-written code (through the providers' lazy indexes) read at
 * each `new`. The measured build (bench/pkg.ts) must be loaded already: its plan module is found among the loaded ones.
 */
export function installOwnTimeHooks(): { time<T>(construct: () => T): T; result(): OwnTime } {
    let constructors = 0n;
    let children = 0n;
    let registerOutputs = 0n;
    const plans: bigint[] = [];
    const addChild = (ns: bigint) => (children += ns);
    /* eslint-disable @typescript-eslint/no-require-imports */
    timeConstructor(require("@pulumi/aws/iam/role"), "Role", addChild);
    timeConstructor(require("@pulumi/aws/iam/rolePolicyAttachment"), "RolePolicyAttachment", addChild);
    timeConstructor(require("@pulumi/kubernetes/core/v1/serviceAccount"), "ServiceAccount", addChild);
    timeConstructor(require("@pulumi/aws/eks/podIdentityAssociation"), "PodIdentityAssociation", addChild);
    const pulumi = require("@pulumi/pulumi");
    const planFile = Object.keys(require.cache).find((file) => file.endsWith(path.join("src", "components", "serviceAccountRolePlan.js")));
    if (planFile === undefined) {
        throw new Error("installOwnTimeHooks: the package's plan module is not loaded");
    }
    const planModule = require(planFile);
    /* eslint-enable @typescript-eslint/no-require-imports */
    const register = pulumi.ComponentResource.prototype.registerOutputs;
    pulumi.ComponentResource.prototype.registerOutputs = function (this: unknown, outputs: unknown) {
        const started = now();
        try {
            return register.call(this, outputs);
        } finally {
            registerOutputs += now() - started;
        }
    };
    // ServiceAccountRole calls the plan through its module's exports, so the replacement is what it calls.
    const plan = planModule.planServiceAccountRole;
    planModule.planServiceAccountRole = function (this: unknown, ...args: unknown[]) {
        const started = now();
        try {
            return plan.apply(this, args);
        } finally {
            plans.push(now() - started);
        }
    };
    return {
        time<T>(construct: () => T): T {
            const started = now();
            try {
                return construct();
            } finally {
                constructors += now() - started;
            }
        },
        result(): OwnTime {
            const sorted = plans.map((ns) => Number(ns) / 1e3).sort((a, b) => a - b);
            return {
                constructorsMs: ms(constructors),
                childrenMs: ms(children),
                registerOutputsMs: ms(registerOutputs),
                planMs: ms(plans.reduce((sum, ns) => sum + ns, 0n)),
                planMedianUs: sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)],
            };
        },
    };
}
