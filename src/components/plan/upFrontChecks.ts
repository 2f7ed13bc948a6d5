import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { checkPodIdentityCombination } from "../../policy/podIdentityTrust";
import * as rules from "../../policy/rules";
import { checkHelmReleaseName, checkPodIdentityAudience } from "../deployTimeRules";
import { checkData, checkType, notSet } from "../inputs";
import type { ServiceAccountRoleArgs } from "../serviceAccountRoleArgs";
import { checkVerifyAccessJobName } from "../verifyAccess";
import { checkCombinations } from "./argumentCombinations";
import { ARGUMENT_TYPES, PlanChoices } from "./planContext";

/** Arguments that decide which resources exist, so they must be known when the program runs. */
const STRUCTURAL_ARGUMENTS = [
    "createOidcProvider",
    "scope",
    "serviceAccountMode",
    "policyArns",
    "inlinePolicies",
    "createNamespace",
    "verifyAccess",
    "identity",
    "disableSessionTags",
    "allowUnconditionedPodIdentityTrust",
] as const;

/**
 * The checks that need no argument's value, in this order: types and structure, the Pod Identity combination, the
 * arguments that go together, the names made from the component's name, and what Helm and the API server would refuse.
 * Returns the choices the rest of the plan follows, with their defaults.
 */
export function checkArgumentsUpFront(name: string, args: ServiceAccountRoleArgs): PlanChoices {
    checkTypesAndStructure(args);
    const scope = args.scope ?? TrustScope.Environment;
    const mode = args.serviceAccountMode ?? ServiceAccountMode.Manifest;
    const identity = args.identity ?? WorkloadIdentity.Irsa;
    checkPodIdentityCombination({
        identity,
        scope,
        serviceAccountMode: mode,
        clusterName: !notSet(args.clusterName),
        roleArn: !notSet(args.roleArn),
        disableSessionTags: args.disableSessionTags === true,
        allowUnconditionedPodIdentityTrust: args.allowUnconditionedPodIdentityTrust === true,
        targetRoleArn: !notSet(args.targetRoleArn),
        sessionPolicy: !notSet(args.sessionPolicy),
    });
    checkCombinations(args, scope, mode, identity);

    if (notSet(args.roleArn) && notSet(args.roleName)) {
        rules.checkAutoNamedRole(name);
    }
    if (args.verifyAccess) {
        checkVerifyAccessJobName(name);
    }
    checkDeployTimeRules(name, args, mode, identity);
    return { scope, mode, identity };
}

/** Types first (for callers that are not TypeScript), and the arguments that decide which children exist must be plain. */
function checkTypesAndStructure(args: ServiceAccountRoleArgs): void {
    if (typeof args !== "object" || args === null) {
        throw new IrsaArgumentError("args", args, "the arguments are a map.");
    }
    for (const key of STRUCTURAL_ARGUMENTS) {
        const value = args[key];
        // Most are not set, and checkType passes a value that is not.
        if (notSet(value)) {
            continue;
        }
        // A getter or a Proxy that throws is named here, before anything reads it with a stack trace.
        checkData(key, value);
        if (pulumi.Output.isInstance(value) || value instanceof Promise) {
            throw new IrsaArgumentError(key, "an Output", `${key} decides which resources the component creates, so it must be known when the program runs: pass a plain value.`);
        }
        checkType(key, value, ARGUMENT_TYPES[key]);
    }
    for (const key of ["policyArns", "inlinePolicies"] as const) {
        for (const [entry, value] of Object.entries(checkData(key, args[key]) ?? {})) {
            if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
                checkType(`${key}.${entry}`, value, "string");
            }
        }
    }
}

/** What Helm and the API server would refuse at deploy time, for the plain arguments (deployTimeRules.ts). */
function checkDeployTimeRules(name: string, args: ServiceAccountRoleArgs, mode: ServiceAccountMode, identity: WorkloadIdentity): void {
    if (mode === ServiceAccountMode.HelmChart) {
        checkHelmReleaseName(name);
    }
    checkPodIdentityAudience(identity, notSet(args.audience) ? undefined : args.audience);
}
