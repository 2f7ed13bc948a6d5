import { expect } from "chai";
import { ServiceAccountRole, WorkloadIdentity } from "../../index";
import { planServiceAccountRole } from "../../src/components/serviceAccountRolePlan";
import { runBeside } from "../beside";
import { TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT } from "../harness";
import { addonCases } from "./addonCases";

const run = runBeside(require.resolve("./sessionTagsCheck"), "sessionTagsOff");
// The add-ons whose PodIdentity documents name the cluster through ${aws:PrincipalTag/eks-cluster-name}.
const READING_TAGS = ["karpenter", "loadBalancerController", "clusterAutoscaler", "cloudwatchObservability"];
// The completeness cases' account, so that their ARNs are the role's.
const ACCOUNT = "111122223333";
const untagged = {
    oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    clusterName: "prod",
    disableSessionTags: true,
    allowUnconditionedPodIdentityTrust: true,
};
const argsOf = (addon: string, identity = "podIdentity") => addonCases().find((c) => c.addon === addon && c.identity === identity)!.args;

describe("add-ons with disableSessionTags: the session tag their PodIdentity documents read is never set", () => {
    it("denies the controller without the tags (the bug), and nothing more with them", async function () {
        this.timeout(120000);
        const lines = await run();
        expect(lines.map((line) => line.split(":")[0]).sort()).to.deep.equal([...READING_TAGS].sort());
        for (const line of lines) {
            const [, without, , withTags] = /^\w+: (\d+) of (\d+) denied without session tags, (\d+) with them$/.exec(line)!.map(Number);
            expect(without, line).to.be.greaterThan(withTags);
        }
        console.log(`      ${lines.join("\n      ")}`);
    });

    for (const addon of READING_TAGS) {
        it(`refuses ${addon} with identity PodIdentity and disableSessionTags, naming the add-on, the rule and the fix`, () => {
            expect(() => planServiceAccountRole("ctl", { ...untagged, identity: WorkloadIdentity.PodIdentity, addonPolicies: { [addon]: argsOf(addon) } })).to.throw(
                new RegExp(`invalid addonPolicies\\.${addon} .*\\$\\{aws:PrincipalTag/eks-cluster-name\\}, which EKS does not set when disableSessionTags is true.*drop disableSessionTags.*identity Both`),
            );
        });
    }

    it("accepts an add-on that reads no session tag with disableSessionTags", () => {
        const plan = planServiceAccountRole("dns", {
            ...untagged,
            identity: WorkloadIdentity.PodIdentity,
            addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] } },
        });
        expect((plan.role!.addonPolicies as { policies: unknown[] }).policies).to.have.length(1);
    });

    it("accepts karpenter with identity Both and disableSessionTags: its document names the cluster literally", () => {
        const plan = planServiceAccountRole("ctl", { ...untagged, identity: WorkloadIdentity.Both, addonPolicies: { karpenter: argsOf("karpenter", "irsa") as never } });
        const json = (plan.role!.addonPolicies as { policies: { json: string }[] }).policies.map((p) => p.json).join("");
        expect(json).to.not.contain("aws:PrincipalTag/");
        expect(json).to.contain(`:${ACCOUNT}:`);
    });

    it("is the component's refusal too, before any child", () => {
        expect(() => new ServiceAccountRole("ctl", { ...untagged, identity: WorkloadIdentity.PodIdentity, addonPolicies: { karpenter: argsOf("karpenter") as never } })).to.throw(
            /ServiceAccountRole "ctl": invalid addonPolicies\.karpenter/,
        );
    });
});
