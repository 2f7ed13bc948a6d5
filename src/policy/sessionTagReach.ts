/**
 * Whether a condition on an EKS Pod Identity session tag that names a Kubernetes object admits every name Kubernetes
 * allows: decided over the names themselves (namespaces are DNS-1123 labels, ServiceAccount names DNS-1123
 * subdomains), as `explain --who` decides subject patterns, not by asking whether some string fails it. `["a*", ...,
 * "z*", "0*", ..., "9*"]` is failed by `"-"`, yet admits every namespace, since no namespace starts with a dash.
 */

import { PolicyCondition } from "./policyModel";
import { subjectReach } from "./subjectLanguage";

/**
 * True when the condition, for a present tag, admits every namespace (`kubernetes-namespace`) or every ServiceAccount
 * name (`kubernetes-service-account`) Kubernetes allows; false when some such name fails it, and for every other tag
 * (whose values are not Kubernetes names). A condition whose analysis gives up counts as admitting every name: the
 * answer is used to decide whether the tag is tested, and an undecided test is no test.
 *
 * @param condition a condition on `aws:RequestTag/<tag>` of a Pod Identity statement, read for one present value.
 */
export function tagAdmitsEveryName(condition: Pick<PolicyCondition, "tag" | "values" | "like" | "negated">): boolean {
    // The tag's value stands where the subject names the namespace (or the ServiceAccount), the other part pinned to
    // `default` by a second test (so a negated condition cannot be met by another name there); a `*` cannot reach
    // across the `:`, since a subject has no other colon there.
    const [where, pin] =
        condition.tag === "kubernetes-namespace"
            ? [(value: string) => `system:serviceaccount:${value}:default`, "system:serviceaccount:*:default"]
            : condition.tag === "kubernetes-service-account"
              ? [(value: string) => `system:serviceaccount:default:${value}`, "system:serviceaccount:default:*"]
              : [undefined, ""];
    if (where === undefined) {
        return false;
    }
    try {
        const reach = subjectReach([
            { values: condition.values.map(where), like: condition.like, negated: condition.negated },
            { values: [pin], like: true, negated: false },
        ]);
        return condition.tag === "kubernetes-namespace" ? reach.everyNamespace : reach.everyServiceAccount;
    } catch {
        return true;
    }
}
