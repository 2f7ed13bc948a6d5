/**
 * What an association with disableSessionTags does to the add-ons whose PodIdentity documents read a session tag, run
 * in tests/beside.ts's worker: every request upstream allows in the caller's scope (as the completeness check makes
 * them) is asked of eks-irsa's PodIdentity document twice, with the session tags EKS sets and without them (what
 * disableSessionTags sends). Returns one line per such add-on: `<addon>: <denied without tags> of <checked> denied
 * without session tags, <denied with tags> with them`.
 */
import { addonsReadingSessionTags } from "../../src/addons/addonSessionTags";
import { planAddonPolicies } from "../../src/addons/addonPolicies";
import { addonCases } from "./addonCases";
import { distinctRequests, ScopedRequest, scopedRequests } from "./completeness";
import { allows } from "./upstream";

const withoutSessionTags = (request: ScopedRequest): ScopedRequest => ({
    ...request,
    context: Object.fromEntries(Object.entries(request.context ?? {}).filter(([key]) => !key.toLowerCase().startsWith("aws:principaltag/"))),
});

export async function sessionTagsOff(): Promise<string[]> {
    const lines: string[] = [];
    for (const addonCase of addonCases().filter((c) => c.identity === "podIdentity")) {
        const plan = planAddonPolicies({ [addonCase.addon]: addonCase.args }, { partition: "aws", accountId: "111122223333", identity: "podIdentity" });
        if (addonsReadingSessionTags(plan).length === 0) {
            continue;
        }
        const found: ScopedRequest[] = [];
        for (const upstream of addonCase.upstream) {
            found.push(...(await scopedRequests(upstream.name, upstream.document, addonCase.scope)).requests);
        }
        const requests = distinctRequests(found);
        const ours = plan.policies.map((policy) => policy.document);
        const deniedWith = requests.filter((request) => !allows(ours, request)).length;
        const deniedWithout = requests.filter((request) => !allows(ours, withoutSessionTags(request))).length;
        lines.push(`${addonCase.addon}: ${deniedWithout} of ${requests.length} denied without session tags, ${deniedWith} with them`);
    }
    return lines;
}
