import { expect } from "chai";
import { buildExternalDnsPolicy } from "../../src/addons/externalDns";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const OTHER_ZONE = "arn:aws:route53:::hostedzone/ZOTHER";
const UPSTREAM = upstreamPolicy("external-dns-v0.22.0.json");
const UPSTREAM_ABAC = upstreamPolicy("external-dns-v0.22.0-abac.json");

function build(value: unknown, context = IRSA) {
    return buildExternalDnsPolicy("addonPolicies.externalDns", value, context);
}

const refusal = refusalOf(build);

describe("addon externalDns: the document", () => {
    it("changes records in the listed zones only and lists zones on *", () => {
        expect(build({ hostedZoneArns: [ZONE] })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ChangeRecordsInZones",
                        Effect: "Allow",
                        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                        Resource: [ZONE],
                    },
                    { Sid: "ListZones", Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
                ],
            },
            wildcards: [],
        });
    });

    it("limits record names with ForAllValues:StringLike when recordNames is given", () => {
        const statement = build({ hostedZoneArns: [ZONE], recordNames: ["*.example.com", "api.example.org"] }).document.Statement[0];
        expect(statement.Condition).to.deep.equal({
            "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.example.com", "api.example.org"] },
        });
    });

    it("grants every zone only with allowAllHostedZones, and flags it", () => {
        const built = build({ allowAllHostedZones: true }, { ...IRSA, partition: "aws-cn" });
        expect(built.document.Statement[0].Resource).to.deep.equal(["arn:aws-cn:route53:::hostedzone/*"]);
        expect(built.wildcards).to.deep.equal([{ argument: "addonPolicies.externalDns.allowAllHostedZones", resource: "arn:aws-cn:route53:::hostedzone/*" }]);
    });
});

describe("addon externalDns: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no zones", {}, "addonPolicies.externalDns.hostedZoneArns", /non-empty list of route53 ARNs/],
        ["an empty list", { hostedZoneArns: [] }, "addonPolicies.externalDns.hostedZoneArns", /non-empty list/],
        ["a bare *", { hostedZoneArns: ["*"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /wildcards are not accepted/],
        ["a zone wildcard", { hostedZoneArns: ["arn:aws:route53:::hostedzone/*"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /wildcards are not accepted/],
        ["another partition", { hostedZoneArns: ["arn:aws-cn:route53:::hostedzone/Z1"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /partition aws/],
        ["another service", { hostedZoneArns: ["arn:aws:s3:::hostedzone/Z1"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /service route53/],
        ["another resource type", { hostedZoneArns: ["arn:aws:route53:::healthcheck/abc"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /hostedzone\/<zone ID>/],
        ["a zone ID instead of an ARN", { hostedZoneArns: ["Z0123456789"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /an ARN of the form arn:aws:route53:::hostedzone\/<zone ID>/],
        ["a region in the ARN", { hostedZoneArns: ["arn:aws:route53:eu-west-3::hostedzone/Z1"] }, "addonPolicies.externalDns.hostedZoneArns[0]", /region part/],
        ["a duplicate", { hostedZoneArns: [ZONE, ZONE] }, "addonPolicies.externalDns.hostedZoneArns", /listed twice/],
        ["zones and the opt-in", { hostedZoneArns: [ZONE], allowAllHostedZones: true }, "addonPolicies.externalDns.hostedZoneArns", /mutually exclusive/],
        ["an opt-in that is a string", { allowAllHostedZones: "yes" }, "addonPolicies.externalDns.allowAllHostedZones", /true or false/],
        ["a bare * record name", { hostedZoneArns: [ZONE], recordNames: ["*"] }, "addonPolicies.externalDns.recordNames[0]", /bare wildcard/],
        ["an upper-case record name", { hostedZoneArns: [ZONE], recordNames: ["API.example.com"] }, "addonPolicies.externalDns.recordNames[0]", /lower-case/],
        ["an empty record-name list", { hostedZoneArns: [ZONE], recordNames: [] }, "addonPolicies.externalDns.recordNames", /non-empty list of record names/],
        ["a misspelt field", { hostedZoneArns: [ZONE], recordName: ["a.example.com"] }, "addonPolicies.externalDns.recordName", /takes only hostedZoneArns, allowAllHostedZones, recordNames/],
        ["not an object", "Z1", "addonPolicies.externalDns", /an object of its scoping inputs/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon externalDns: against upstream v0.22.0", () => {
    const ours = build({ hostedZoneArns: [ZONE], recordNames: ["*.example.com"] }).document;

    it("grants no action the upstream policy does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        expect(actionsBeyond(ours, UPSTREAM_ABAC)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 4);
    });

    it("denies another zone and records outside recordNames, which upstream allows", () => {
        const otherZone = { action: "route53:ChangeResourceRecordSets", resource: OTHER_ZONE };
        expect([allows([ours], otherZone), allows([UPSTREAM], otherZone)]).to.deep.equal([false, true]);
        const otherName = {
            action: "route53:ChangeResourceRecordSets",
            resource: ZONE,
            context: { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["api.example.com", "www.evil.org"] },
        };
        expect([allows([ours], otherName), allows([UPSTREAM], otherName)]).to.deep.equal([false, true]);
    });
});
