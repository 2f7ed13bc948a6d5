import { partialPodIdentityCondition, PodIdentityTag, PolicyCondition, PolicyEffect, PolicyStatement } from "./policyModel";
import type { AccessClause } from "./trustDescription";

/**
 * The statement's session-tag conditions for a Pod Identity request, or undefined when another condition is always false:
 * with session tags for describeTrust's Pod Identity answer, without them for the warning that disabling them defeats it.
 */
export function podIdentityClause(statement: PolicyStatement, sessionTags: boolean): [PolicyEffect, AccessClause] | undefined {
    const conditions: PolicyCondition[] = [];
    for (const condition of statement.conditions) {
        const partial = partialPodIdentityCondition(condition, sessionTags);
        if (partial.kind === "constant" && !partial.value) {
            return undefined;
        }
        if (partial.kind === "tag") {
            conditions.push(condition);
        }
    }
    return [statement.effect, { statement: statement.index, conditions, text: podIdentityClauseText(conditions) }];
}

const TAG_WORDS: Record<PodIdentityTag, string> = {
    "eks-cluster-arn": "cluster ARN",
    "eks-cluster-name": "cluster name",
    "kubernetes-namespace": "namespace",
    "kubernetes-service-account": "ServiceAccount",
    "kubernetes-pod-name": "pod name",
    "kubernetes-pod-uid": "pod UID",
};

function podIdentityClauseText(conditions: PolicyCondition[]): string {
    if (conditions.length === 0) {
        return "any association (no condition on the session tags)";
    }
    return conditions
        .map((c) => {
            const what = TAG_WORDS[c.tag as PodIdentityTag];
            if (c.isNull) {
                const absent = c.values.includes("true");
                const present = c.values.includes("false");
                return absent && present ? `any ${what} or none (Null)` : absent ? `no ${what} tag (Null: session tags disabled)` : `a ${what} tag (Null)`;
            }
            const verb = c.negated ? (c.like ? "not matching" : "not") : c.like ? "matching" : "";
            const values = c.values.join(c.negated ? " nor " : " or ");
            const set = c.setOperator === undefined ? "" : ` (${c.setOperator})`;
            const absent = c.ifExists ? ", or no tag" : "";
            return `${what} ${verb ? `${verb} ` : ""}${values}${absent}${set}`;
        })
        .join(", and ");
}
