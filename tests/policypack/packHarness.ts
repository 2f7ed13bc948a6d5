import "./usePackageBuild";
import type {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { eksIrsaPolicies } from "../../policypack/policies";

export { eksIrsaPolicies, PolicyName } from "../../policypack/policies";

/** One violation a policy reported. */
export interface Violation {
    policy: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    urn?: string;
}

/** Policy config by policy name, as `--policy-pack-config` gives it (without the enforcement levels, which the engine applies). */
export type PackConfig = { [policy: string]: object };

/** A resource as the engine hands it to a stack policy. */
export interface StackResource {
    type: string;
    name: string;
    props: Record<string, any>;
    provider?: { type: string; name: string; urn: string; props: Record<string, any> };
}

class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function reporter(policy: { name: string; enforcementLevel?: EnforcementLevel }, violations: Violation[]): ReportViolation {
    return (message: string, urn?: string) =>
        violations.push({ policy: policy.name, enforcementLevel: policy.enforcementLevel ?? "advisory", message, ...(urn !== undefined && { urn }) });
}

/** Runs every resource policy of the pack on one role, as the engine would: without the CLI and without the pack's server. */
export async function validateRole(assumeRolePolicy: unknown, config: PackConfig = {}): Promise<Violation[]> {
    return validateResource("aws:iam/role:Role", "role", { assumeRolePolicy }, config);
}

/** Runs every resource policy of the pack on one resource. */
export async function validateResource(type: string, name: string, props: Record<string, any>, config: PackConfig = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    const policies = eksIrsaPolicies().filter((p): p is ResourceValidationPolicy => "validateResource" in p);
    for (const policy of policies) {
        const args: ResourceValidationArgs = {
            type,
            name,
            props,
            urn: `urn:pulumi:stack::project::${type}::${name}`,
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
            stackTags: new Map(),
            isType: () => false,
            asType: () => undefined,
            getConfig: <T extends object>() => (config[policy.name] ?? {}) as T,
            notApplicable,
        };
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
        for (const validation of validations) {
            await validation(args, reporter(policy, violations));
        }
    }
    return violations;
}

/** Runs the pack's stack policy over the given resources; `notes` holds its not-applicable reason, if it gave one. */
export async function validateStack(resources: StackResource[], config: PackConfig = {}): Promise<{ violations: Violation[]; notes: string[] }> {
    const violations: Violation[] = [];
    const notes: string[] = [];
    const policies = eksIrsaPolicies().filter((p): p is StackValidationPolicy => "validateStack" in p);
    const asPolicyResources: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        name: r.name,
        props: r.props,
        urn: `urn:pulumi:stack::project::${r.type}::${r.name}`,
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        ...(r.provider !== undefined && { provider: r.provider }),
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    for (const policy of policies) {
        const args: StackValidationArgs = {
            resources: asPolicyResources,
            stackTags: new Map(),
            getConfig: <T extends object>() => (config[policy.name] ?? {}) as T,
            notApplicable,
        };
        try {
            await policy.validateStack(args, reporter(policy, violations));
        } catch (error) {
            if (!(error instanceof NotApplicable)) {
                throw error;
            }
            notes.push(error.message);
        }
    }
    return { violations, notes };
}

/** The names of the policies that reported, one per violation, in order. */
export const names = (violations: Violation[]) => violations.map((v) => v.policy);

// @pulumi/policy 1.21.0 ships these without type declarations: how the engine hands over values unknown during preview.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T; unknownStringValue: string };

/** Props as the engine gives them during a preview, reading `value` where a value is unknown. */
export function previewProps<T>(props: T): T {
    return proxy.unknownCheckingProxy(props);
}

/** The sentinel @pulumi/policy uses for a string unknown during preview. */
export const UNKNOWN_STRING = proxy.unknownStringValue;
