import * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { Checked } from "./inputs";

const GET_CLUSTER = "aws:eks/getCluster:getCluster";

/**
 * The look-ups made so far: by the program (its resource monitor, which answers the invoke: a new one for each program
 * an Automation API process runs, and for each set of mocks), then by the provider the invoke goes to (undefined: the
 * stack's default aws provider), then by the cluster's name. A WeakMap, so that a finished program's entries go.
 */
const lookups = new WeakMap<object, Map<pulumi.ProviderResource | undefined, Map<string, pulumi.Output<eks.GetClusterResult>>>>();

/**
 * `aws.eks.getCluster` for the cluster `name`, as a child of `parent` would invoke it: one invoke per program, provider
 * and name, shared by every component that asks (1,000 roles on one cluster are one `DescribeCluster`, not 1,000).
 * The provider is the one the invoke would use, `parent`'s for the `aws` package (its own `provider`/`providers`
 * option or its parent's), so two providers (regions, accounts) never share an answer: another cluster's issuer would
 * widen the trust. A name that is an Output is looked up on its own, as is any name when the program's monitor is not
 * known.
 */
export function lookUpCluster(name: Checked<string>, parent: pulumi.Resource): pulumi.Output<eks.GetClusterResult> {
    const program = pulumi.runtime.getMonitor();
    if (typeof name !== "string" || program === undefined) {
        return eks.getClusterOutput({ name }, { parent });
    }
    let byProvider = lookups.get(program);
    if (byProvider === undefined) {
        byProvider = new Map();
        lookups.set(program, byProvider);
    }
    const provider = parent.getProvider(GET_CLUSTER);
    let byName = byProvider.get(provider);
    if (byName === undefined) {
        byName = new Map();
        byProvider.set(provider, byName);
    }
    let cluster = byName.get(name);
    if (cluster === undefined) {
        // Invoked with the provider itself rather than `parent`: the same provider, and the shared answer does not
        // name a component that asked first.
        cluster = eks.getClusterOutput({ name }, { provider });
        byName.set(name, cluster);
    }
    return cluster;
}
