import { IrsaArgumentError } from "../errors";
import { Checked, notSet } from "./inputs";
import { checkSessionPolicy } from "../policy/sessionPolicy";
import type { ServiceAccountRoleArgs } from "./serviceAccountRoleArgs";

/**
 * The associations' session policy as the plan carries it: undefined when not given, else the value checked by
 * `checkSessionPolicy` now (plain) or when it arrives (an Output, with the same message; a secret is never shown).
 *
 * @param arg the plan's argument checker: the type, then the rule, on the plain value or on arrival.
 */
export function plannedSessionPolicy(
    value: ServiceAccountRoleArgs["sessionPolicy"],
    arg: <R>(key: keyof ServiceAccountRoleArgs, value: unknown, fn: (v: any) => R) => Checked<R>,
): Checked<string> | undefined {
    if (notSet(value)) {
        return undefined;
    }
    return arg("sessionPolicy", value, (v) => {
        if (notSet(v)) {
            throw new IrsaArgumentError(
                "sessionPolicy",
                undefined,
                "sessionPolicy was given as an Output that resolved to nothing (a missing stack output?). Give it a value, or leave the argument out.",
            );
        }
        checkSessionPolicy("sessionPolicy", v as string);
        return v as string;
    });
}
