import { AccessClause } from "../policy/explain";
import { ReadRole } from "./readRoles";

const SUBJECT_PREFIX = "system:serviceaccount:";

/** The namespaces one Allow clause can admit: a finite set read from its subject values, or every namespace. */
export type ClauseNamespaces = { kind: "some"; namespaces: Set<string> } | { kind: "any" };

/**
 * Which namespaces an Allow clause can admit, read from its positive conditions on `sub`: a token's `sub` is one value,
 * always present, so a positive condition holds only for a value it lists (under StringLike, a value whose literal
 * prefix is `system:serviceaccount:<namespace>:` admits that namespace alone, since namespaces hold no `:`). Values that
 * are not ServiceAccount subjects admit none. A clause with no positive condition on `sub`, or a value with a wildcard
 * inside the namespace, can admit any namespace.
 */
export function clauseNamespaces(clause: AccessClause): ClauseNamespaces {
    let narrowest: Set<string> | undefined;
    for (const condition of clause.conditions) {
        if (condition.claim !== "sub" || condition.negated || condition.isNull) {
            continue;
        }
        const namespaces = new Set<string>();
        for (const value of condition.values) {
            const literal = condition.like ? value.slice(0, firstWildcard(value)) : value;
            const rest = literal.startsWith(SUBJECT_PREFIX) ? literal.slice(SUBJECT_PREFIX.length) : undefined;
            const colon = rest?.indexOf(":") ?? -1;
            if (rest !== undefined && colon > 0) {
                namespaces.add(rest.slice(0, colon));
            } else if (condition.like && (rest !== undefined || SUBJECT_PREFIX.startsWith(literal))) {
                // The wildcard falls in the prefix or the namespace: any namespace may match.
                namespaces.add("*");
            }
        }
        if (!namespaces.has("*") && (narrowest === undefined || namespaces.size < narrowest.size)) {
            narrowest = namespaces;
        }
    }
    return narrowest === undefined ? { kind: "any" } : { kind: "some", namespaces: narrowest };
}

function firstWildcard(value: string): number {
    const star = value.indexOf("*");
    const question = value.indexOf("?");
    const positions = [star, question].filter((p) => p >= 0);
    return positions.length === 0 ? value.length : Math.min(...positions);
}

/**
 * The roles whose IRSA trust can admit a ServiceAccount, by namespace: a role whose every Allow clause for the cluster's
 * provider names its namespaces is filed under them, the others under every namespace. It only narrows the candidates;
 * each candidate is then decided by the model (`accessAdmits`), so the index never changes an answer, only the work.
 */
export class SubjectIndex {
    private readonly byNamespace = new Map<string, ReadRole[]>();
    private readonly everyNamespace: ReadRole[] = [];

    constructor(roles: ReadRole[]) {
        for (const role of roles) {
            const allows = role.irsa?.allows ?? [];
            if (allows.length === 0) {
                continue;
            }
            const spans = allows.map(clauseNamespaces);
            if (spans.some((s) => s.kind === "any")) {
                this.everyNamespace.push(role);
                continue;
            }
            const namespaces = new Set(spans.flatMap((s) => (s.kind === "some" ? [...s.namespaces] : [])));
            for (const namespace of namespaces) {
                const list = this.byNamespace.get(namespace) ?? [];
                list.push(role);
                this.byNamespace.set(namespace, list);
            }
        }
    }

    /** The roles that may admit a ServiceAccount of `namespace`, each once. */
    candidates(namespace: string): ReadRole[] {
        return [...(this.byNamespace.get(namespace) ?? []), ...this.everyNamespace];
    }

    /** How many roles are filed under every namespace (each is decided for every ServiceAccount). */
    get unindexed(): number {
        return this.everyNamespace.length;
    }
}
