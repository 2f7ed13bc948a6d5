import { expect } from "chai";
import { parseAddon } from "../../src/cli/cliOptions";
import { planAddonPolicies } from "../../src/addons/addonPolicies";
import { cliInProcess, CliProcessResult } from "../cliProcess";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC";
const Z1 = "arn:aws:route53:::hostedzone/Z1";
const Z2 = "arn:aws:route53:::hostedzone/Z2";
const BASE = ["render", "--oidc-provider-arn", PROVIDER, "--namespace", "external-dns", "--service-account-name", "external-dns", "--service-account-mode", "None"];

/** Runs the CLI in this process; these commands read no file. */
function run(argv: string[]): Promise<CliProcessResult> {
    return cliInProcess(argv, { readFile: () => "" });
}

describe("eks-irsa render --addon: the add-ons' policies, offline", () => {
    it("parses one field per flag: a list for a field ending in s, a boolean for true/false, nothing for an add-on without settings", () => {
        let flags = parseAddon(`externalDns:hostedZoneArns=${Z1},${Z2}`, undefined);
        flags = parseAddon("externalDns:allowAllHostedZones=false", flags);
        flags = parseAddon("ebsCsiDriver", flags);
        flags = parseAddon("loadBalancerController:vpcId=vpc-1", flags);
        expect(flags).to.deep.equal({
            externalDns: { hostedZoneArns: [Z1, Z2], allowAllHostedZones: false },
            ebsCsiDriver: {},
            loadBalancerController: { vpcId: "vpc-1" },
        });
        expect(() => parseAddon("externalDns:hostedZoneArns", undefined)).to.throw(/expected <add-on>\[:<field>=<value>/);
        expect(() => parseAddon(`externalDns:hostedZoneArns=${Z1}`, parseAddon(`externalDns:hostedZoneArns=${Z2}`, undefined))).to.throw(/given twice/);
    });

    it("prints each add-on's policy with its placement and size, and drops the tutorial's S3 policy", async () => {
        const result = await run([...BASE, "--format", "json", "--addon", `certManager:hostedZoneArns=${Z1},${Z2}`, "--addon", "ebsCsiDriver"]);
        expect(result.code).to.equal(0);
        const json = JSON.parse(result.stdout);
        const planned = planAddonPolicies({ certManager: { hostedZoneArns: [Z1, Z2] }, ebsCsiDriver: {} }, { partition: "aws", accountId: "123456789012", identity: "irsa" });
        expect(json.addonPolicies).to.deep.equal(JSON.parse(JSON.stringify(planned.policies)));
        expect(json.addonWildcards).to.deep.equal([]);
        expect(json.resources.map((r: { name: string }) => r.name)).to.have.members([
            "external-dns",
            "external-dns",
            "external-dns-addon-certManager",
            "external-dns-addon-ebsCsiDriver",
            "external-dns-addon-ebsCsiDriver",
        ]);
    });

    it("flags a deliberate wildcard in the text output, and the component's refusal is bad input (exit 2)", async () => {
        const text = await run([...BASE, "--addon", "externalDns:allowAllHostedZones=true"]);
        expect(text.code).to.equal(0);
        expect(text.stdout).to.contain("# == Add-on policies (addonPolicies) ==\n# addon-externalDns: the externalDns add-on's, an inline policy of the role (");
        expect(text.stdout).to.contain(
            "# == Warnings ==\n# ! deliberate wildcard: addonPolicies.externalDns.allowAllHostedZones grants arn:aws:route53:::hostedzone/* (every such resource of the account), by your opt-in.",
        );
        const refused = await run([...BASE, "--addon", "externalDns:hostedZoneArns=arn:aws:s3:::bucket"]);
        expect(refused.code).to.equal(2);
        expect(refused.stderr).to.contain("invalid addonPolicies.externalDns.hostedZoneArns[0]");
    });
});
