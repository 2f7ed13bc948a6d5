import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ADDON_KEYS } from "../../src/addons/addonPolicies";
import { runBeside } from "../beside";
import { REPOSITORY_ROOT } from "../harness";
import { addonCases } from "./addonCases";
import { documentsOf } from "./completenessCheck";
import { EXCLUSIONS } from "./exclusions";

/**
 * ARNs that may name any account although the role's is known: resources the add-on uses but does not own, which
 * other accounts share with the cluster's (Karpenter launches into subnets, security groups, capacity reservations
 * and placement groups that AWS RAM shares).
 */
const ANY_ACCOUNT: Record<string, RegExp> = {
    karpenter: /^arn:aws:ec2:eu-west-3:\*:(security-group|subnet|capacity-reservation|placement-group)\/\*$/,
};

const run = runBeside(require.resolve("./completenessCheck"), "addonCompleteness");

describe("add-on completeness: what upstream and terraform-aws-modules allow in the caller's scope, eks-irsa allows", () => {
    it("covers every add-on in both identities", () => {
        const cases = addonCases();
        for (const addon of ADDON_KEYS) {
            expect(cases.filter((c) => c.addon === addon).map((c) => c.identity), addon).to.include.members(["irsa", "podIdentity"]);
        }
    });

    it("allows every request, or the request is a deliberate exclusion", async function () {
        this.timeout(300000);
        (await run()).forEach((line) => console.log(line));
    });

    it("puts the role's account in every ARN of an account-scoped type when it is known, add-on by add-on", () => {
        const strays = addonCases().flatMap((addonCase) =>
            documentsOf(addonCase).flatMap((document) =>
                (document as { Statement: { Resource: string[] }[] }).Statement.flatMap((statement) => statement.Resource)
                    .filter((arn) => arn.startsWith("arn:") && !["", "111122223333"].includes(arn.split(":")[4]) && !(ANY_ACCOUNT[addonCase.addon]?.test(arn) ?? false))
                    .map((arn) => `${addonCase.label}: ${arn}`),
            ),
        );
        expect(strays).to.deep.equal([]);
    });

    it("docs/addon-policies.md states each deliberate exclusion's reason, word for word", () => {
        const page = fs.readFileSync(path.join(REPOSITORY_ROOT, "docs/addon-policies.md"), "utf8").replace(/\s+/g, " ");
        const missing = EXCLUSIONS.filter((exclusion) => !page.includes(exclusion.documented));
        expect(missing.map((exclusion) => exclusion.documented)).to.deep.equal([]);
    });
});
