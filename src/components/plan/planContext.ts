import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { QOVERY_NAMESPACE_VARIABLE } from "../../qovery";
import { ArgumentChecks, ArgumentType, Checked, checkType, notSet } from "../inputs";
import type { ServiceAccountRoleArgs } from "../serviceAccountRoleArgs";

/** The type of every argument, checked for callers that are not TypeScript. */
export const ARGUMENT_TYPES: { [key in keyof Required<ServiceAccountRoleArgs>]: ArgumentType } = {
    oidcProviderArn: "string",
    issuerUrl: "string",
    clusterName: "string",
    createOidcProvider: "boolean",
    serviceAccountName: "string",
    namespace: "string",
    scope: "string",
    namespacePattern: "string",
    additionalServiceAccounts: "array",
    additionalOidcProviderArns: "array",
    audience: "string",
    roleArn: "string",
    roleName: "string",
    rolePath: "string",
    roleDescription: "string",
    maxSessionDuration: "number",
    permissionsBoundary: "string",
    tags: "object",
    policyArns: "object",
    inlinePolicies: "object",
    addonPolicies: "object",
    trustPolicySizeLimit: "number",
    managedPolicyLimit: "number",
    serviceAccountMode: "string",
    serviceAccountLabels: "object",
    serviceAccountAnnotations: "object",
    stsRegionalEndpoints: "boolean",
    tokenExpirationSeconds: "number",
    automountServiceAccountToken: "boolean",
    createNamespace: "boolean",
    helmChart: "object",
    verifyAccess: "boolean",
    verifyAccessOptions: "object",
    identity: "string",
    disableSessionTags: "boolean",
    allowUnconditionedPodIdentityTrust: "boolean",
    targetRoleArn: "string",
    sessionPolicy: "string",
};

/** The choices the up-front checks settle from the arguments (checkArgumentsUpFront), with their defaults. */
export interface PlanChoices {
    scope: TrustScope;
    mode: ServiceAccountMode;
    identity: WorkloadIdentity;
}

/** What every step of the plan reads: the arguments, the choices made from them, and the one way to check a value. */
export interface PlanContext extends PlanChoices {
    name: string;
    args: ServiceAccountRoleArgs;
    checks: ArgumentChecks;
    /** Each argument: its type, then its rules, on the plain value now or on the Output's value when it arrives. */
    arg: <R>(key: keyof ServiceAccountRoleArgs, value: unknown, fn: (v: any) => R) => Checked<R>;
    /** Refuses, on arrival, an Output given for `key` that resolved to nothing. */
    lateMissing: (key: string, value: unknown) => (resolved: unknown) => void;
    /** An optional argument: undefined when not given, else checked with `check` (when its value is set) now or on arrival. */
    optional: <T>(key: keyof ServiceAccountRoleArgs, check: (argument: string, value: any) => void) => Checked<T> | undefined;
}

/** The context of a ServiceAccountRole's plan: its checkers, which name the component in every late error. */
export function planContext(name: string, args: ServiceAccountRoleArgs, choices: PlanChoices): PlanContext {
    const checks = new ArgumentChecks(`ServiceAccountRole "${name}"`);
    const arg = <R>(key: keyof ServiceAccountRoleArgs, value: unknown, fn: (v: any) => R): Checked<R> =>
        checks.check(key, value, (resolved) => {
            checkType(key, resolved, ARGUMENT_TYPES[key]);
            return fn(resolved);
        });
    const lateMissing = (key: string, value: unknown) => (resolved: unknown) => {
        if (notSet(resolved) && !notSet(value)) {
            throw new IrsaArgumentError(key, undefined, `${key} was given as an Output that resolved to nothing (a missing stack output?). Give it a value, or leave the argument out.`);
        }
    };
    const optional = <T>(key: keyof ServiceAccountRoleArgs, check: (argument: string, value: any) => void): Checked<T> | undefined =>
        notSet(args[key])
            ? undefined
            : arg(key, args[key], (v) => {
                  if (!notSet(v)) {
                      check(key, v);
                  }
                  return (notSet(v) ? undefined : v) as T;
              });
    return { name, args, checks, scope: choices.scope, mode: choices.mode, identity: choices.identity, arg, lateMissing, optional };
}

/** Without a namespace, a program run by Qovery uses its environment's, which Qovery passes in QOVERY_KUBERNETES_NAMESPACE_NAME. */
export function withQoveryNamespace(args: ServiceAccountRoleArgs, environment: { [key: string]: string | undefined }): ServiceAccountRoleArgs {
    // The environment is read only when the namespace is missing: each read of process.env is a native call (about 10 µs
    // per role in a 1,000-role preview).
    if (args === null || typeof args !== "object" || !notSet(args.namespace)) {
        return args;
    }
    const fromQovery = environment[QOVERY_NAMESPACE_VARIABLE];
    return fromQovery ? { ...args, namespace: fromQovery } : args;
}
