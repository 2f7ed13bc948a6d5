import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ADDON_KEYS } from "../../src/addons/addonPolicies";
import { runBeside } from "../beside";
import { REPOSITORY_ROOT } from "../harness";
import { addonCases } from "./addonCases";
import { EXCLUSIONS } from "./exclusions";

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

    it("README.md states each deliberate exclusion's reason, word for word", () => {
        const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8").replace(/\s+/g, " ");
        const missing = EXCLUSIONS.filter((exclusion) => !readme.includes(exclusion.readme));
        expect(missing.map((exclusion) => exclusion.readme)).to.deep.equal([]);
    });
});
