import { AuditRolePolicy } from "./auditInput";
import { RolePolicyEntry } from "./auditReport";
import { isObject } from "./inputPart";

/**
 * A permission policy's allowed actions by service prefix, as written (`s3:Get*` stays a pattern): a listing for people,
 * not an evaluation (Deny, NotAction and conditions are not applied; NotAction is shown as `NotAction:<pattern>`).
 * Undefined when the document is not in the input or is not a policy.
 */
export function actionsByService(policy: AuditRolePolicy): Record<string, string[]> | undefined {
    let document = policy.document;
    if (typeof document === "string") {
        try {
            document = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    if (!isObject(document)) {
        return undefined;
    }
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    const byService: Record<string, Set<string>> = {};
    for (const statement of statements.filter(isObject)) {
        if (statement.Effect !== "Allow") {
            continue;
        }
        const not = statement.NotAction !== undefined;
        const actions = [statement.Action ?? statement.NotAction].flat().filter((a): a is string => typeof a === "string");
        for (const action of actions) {
            const service = action === "*" ? "*" : action.split(":")[0].toLowerCase();
            (byService[service] ??= new Set()).add(not ? `NotAction:${action}` : action);
        }
    }
    return Object.fromEntries(Object.entries(byService).sort(([a], [b]) => a.localeCompare(b)).map(([service, set]) => [service, [...set].sort()]));
}

/** The role's policies for the report, with their actions when asked. */
export function policyEntries(policies: AuditRolePolicy[], withActions: boolean): RolePolicyEntry[] {
    return policies.map((p) => {
        const actions = withActions ? actionsByService(p) : undefined;
        return { name: p.name, kind: p.kind, ...(p.arn !== undefined && { arn: p.arn }), ...(actions !== undefined && { actions }) };
    });
}
