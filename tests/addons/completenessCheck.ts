/**
 * The completeness check, run in tests/beside.ts's worker: for every case of addonCases, each request the upstream
 * documents allow in the caller's scope, asked of eks-irsa's plan. Returns one line per case; throws with every
 * denial that no exclusion explains, every exclusion no denial uses, and every upstream statement that allowed
 * nothing in the scope (a scope that misses a resource would otherwise check nothing).
 */
import { planAddonPolicies } from "../../src/addons/addonPolicies";
import { AddonCase, addonCases } from "./addonCases";
import { distinctRequests, ScopedRequest, scopedRequests } from "./completeness";
import { Exclusion, EXCLUSIONS, exclusionOf } from "./exclusions";
import { allows } from "./upstream";

/** What one case found. */
export interface CaseResult {
    label: string;
    checked: number;
    allowed: number;
    excluded: { request: ScopedRequest; exclusion: Exclusion }[];
    unexplained: ScopedRequest[];
    outside: string[];
}

/** eks-irsa's documents for a case, as the plan places them. */
export function documentsOf(addonCase: Pick<AddonCase, "addon" | "args" | "identity">): object[] {
    const plan = planAddonPolicies({ [addonCase.addon]: addonCase.args }, { partition: "aws", accountId: "111122223333", identity: addonCase.identity });
    return plan.policies.map((policy) => policy.document);
}

export async function runCase(addonCase: AddonCase): Promise<CaseResult> {
    const found: ScopedRequest[] = [];
    const outside: string[] = [];
    for (const upstream of addonCase.upstream) {
        const result = await scopedRequests(upstream.name, upstream.document, addonCase.scope);
        found.push(...result.requests);
        outside.push(...result.outside);
    }
    const requests = distinctRequests(found);
    const ours = documentsOf(addonCase);
    const denied = requests.filter((request) => !allows(ours, request));
    const excluded = denied.flatMap((request) => {
        const exclusion = exclusionOf(addonCase.addon, request);
        return exclusion === undefined ? [] : [{ request, exclusion }];
    });
    const unexplained = denied.filter((request) => exclusionOf(addonCase.addon, request) === undefined);
    return { label: addonCase.label, checked: requests.length, allowed: requests.length - denied.length, excluded, unexplained, outside };
}

const show = (request: ScopedRequest) => `${request.action} on ${request.resource} (${request.source}; context ${JSON.stringify(request.context)})`;

export async function addonCompleteness(): Promise<string[]> {
    const results: CaseResult[] = [];
    for (const addonCase of addonCases()) {
        results.push(await runCase(addonCase));
    }
    const problems = [
        ...results.flatMap((result) => result.unexplained.map((request) => `${result.label}: eks-irsa denies ${show(request)}, and no exclusion explains it`)),
        ...results.flatMap((result) => result.outside.map((source) => `${result.label}: upstream statement ${source} allows nothing in the case's scope`)),
        ...EXCLUSIONS.filter((exclusion) => !results.some((result) => result.excluded.some((entry) => entry.exclusion === exclusion))).map(
            (exclusion) => `the exclusion of ${exclusion.actions.join(", ")} from ${exclusion.addon} matches no denial: remove it`,
        ),
    ];
    if (problems.length > 0) {
        throw new Error(`add-on completeness:\n${problems.join("\n")}`);
    }
    return results.map((result) => `      ${result.label}: ${result.checked} requests, ${result.allowed} allowed, ${result.checked - result.allowed} deliberately excluded`);
}
