import { expect } from "chai";
import { buildCertManagerPolicy } from "../../src/addons/certManager";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const UPSTREAM = upstreamPolicy("cert-manager-v1.21.json");

function build(value: unknown, context = IRSA) {
    return buildCertManagerPolicy("addonPolicies.certManager", value, context);
}

const refusal = refusalOf(build);

describe("addon certManager: the document", () => {
    it("writes TXT records in the listed zones only", () => {
        expect(build({ hostedZoneArns: [ZONE] })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "GetChange", Effect: "Allow", Action: ["route53:GetChange"], Resource: ["arn:aws:route53:::change/*"] },
                    {
                        Sid: "ChangeTxtRecordsInZones",
                        Effect: "Allow",
                        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                        Resource: [ZONE],
                        Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
                    },
                    { Sid: "LookUpZones", Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: ["*"] },
                ],
            },
            wildcards: [],
        });
    });

    it("drops the zone look-up when lookUpHostedZones is false", () => {
        expect(build({ hostedZoneArns: [ZONE], lookUpHostedZones: false }).document.Statement.map((s) => s.Sid)).to.deep.equal(["GetChange", "ChangeTxtRecordsInZones"]);
    });

    it("grants every zone only with allowAllHostedZones, and flags it", () => {
        const built = build({ allowAllHostedZones: true });
        expect(built.document.Statement[1].Resource).to.deep.equal(["arn:aws:route53:::hostedzone/*"]);
        expect(built.wildcards).to.deep.equal([{ argument: "addonPolicies.certManager.allowAllHostedZones", resource: "arn:aws:route53:::hostedzone/*" }]);
    });
});

describe("addon certManager: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no zones", {}, "addonPolicies.certManager.hostedZoneArns", /non-empty list of route53 ARNs/],
        ["a bare *", { hostedZoneArns: ["*"] }, "addonPolicies.certManager.hostedZoneArns[0]", /wildcards are not accepted/],
        ["a KMS key", { hostedZoneArns: ["arn:aws:kms:eu-west-3:111122223333:key/mrk-0123456789abcdef0123456789abcdef"] }, "addonPolicies.certManager.hostedZoneArns[0]", /service route53/],
        ["zones and the opt-in", { hostedZoneArns: [ZONE], allowAllHostedZones: true }, "addonPolicies.certManager.hostedZoneArns", /mutually exclusive/],
        ["a look-up flag that is a string", { hostedZoneArns: [ZONE], lookUpHostedZones: "false" }, "addonPolicies.certManager.lookUpHostedZones", /true or false/],
        ["a misspelt field", { hostedZoneArn: ZONE }, "addonPolicies.certManager.hostedZoneArn", /takes only/],
    ];
    for (const [label, value, argument, rule] of cases) {
        it(`refuses ${label}, naming ${argument}`, () => {
            const error = refusal(value);
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(rule);
        });
    }
});

describe("addon certManager: against upstream (cert-manager v1.21 documentation)", () => {
    const ours = build({ hostedZoneArns: [ZONE] }).document;

    it("grants no action the upstream policy does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 4);
    });

    it("denies another zone, which upstream allows, and non-TXT records, like upstream", () => {
        const otherZone = { action: "route53:ChangeResourceRecordSets", resource: "arn:aws:route53:::hostedzone/ZOTHER", context: { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } };
        expect([allows([ours], otherZone), allows([UPSTREAM], otherZone)]).to.deep.equal([false, true]);
        const aRecord = { action: "route53:ChangeResourceRecordSets", resource: ZONE, context: { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT", "A"] } };
        expect([allows([ours], aRecord), allows([UPSTREAM], aRecord)]).to.deep.equal([false, false]);
    });
});
