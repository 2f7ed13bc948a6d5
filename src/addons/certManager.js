"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildCertManagerPolicy = buildCertManagerPolicy;
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["hostedZoneArns", "allowAllHostedZones", "lookUpHostedZones"];
/** Builds cert-manager's policy: `TXT` records only, in the given zones only. */
function buildCertManagerPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const { zones, wildcards } = (0, addonPolicy_1.checkHostedZones)(argument, args.hostedZoneArns, args.allowAllHostedZones, context);
    const lookUp = args.lookUpHostedZones === undefined ? true : (0, addonPolicy_1.checkOptIn)(`${argument}.lookUpHostedZones`, args.lookUpHostedZones);
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                { Sid: "GetChange", Effect: "Allow", Action: ["route53:GetChange"], Resource: [`arn:${context.partition}:route53:::change/*`] },
                {
                    Sid: "ChangeTxtRecordsInZones",
                    Effect: "Allow",
                    Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
                    Resource: zones,
                    Condition: { "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] } },
                },
                ...(lookUp ? [{ Sid: "LookUpZones", Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: ["*"] }] : []),
            ],
        },
        wildcards,
    };
}
