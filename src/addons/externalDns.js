"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildExternalDnsPolicy = buildExternalDnsPolicy;
exports.checkRecordNames = checkRecordNames;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["hostedZoneArns", "allowAllHostedZones", "recordNames"];
// Route 53 normalizes names to lower case without the trailing dot; `*` and `?` are StringLike's wildcards.
const RECORD_NAME = /^[a-z0-9*?]([a-z0-9*?_-]*[a-z0-9*?])?(\.[a-z0-9*?_]([a-z0-9*?_-]*[a-z0-9*?])?)*$/;
/** Builds external-dns' policy: record changes in the given zones only, zone listing (which IAM cannot scope) on `*`. */
function buildExternalDnsPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const { zones, wildcards } = (0, addonPolicy_1.checkHostedZones)(argument, args.hostedZoneArns, args.allowAllHostedZones, context);
    const recordNames = args.recordNames === undefined ? undefined : checkRecordNames(`${argument}.recordNames`, args.recordNames);
    return {
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ChangeRecordsInZones",
                    Effect: "Allow",
                    Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
                    Resource: zones,
                    ...(recordNames ? { Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": recordNames } } } : {}),
                },
                { Sid: "ListZones", Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
            ],
        },
        wildcards,
    };
}
/** Record-name patterns: lower-case DNS names with `*`/`?`, never a bare `*` (which would be no condition at all). */
function checkRecordNames(argument, value) {
    if (!Array.isArray(value) || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, "a non-empty list of record names (e.g. [\"*.example.com\"]) is required when set; leave it out to allow every record of the zones.");
    }
    value.forEach((name, index) => {
        if (typeof name !== "string" || name.length > 255 || !RECORD_NAME.test(name)) {
            throw new errors_1.IrsaArgumentError(`${argument}[${index}]`, name, "a record name is a lower-case DNS name without the trailing dot, with * and ? wildcards (Route 53's normalized form), e.g. *.example.com.");
        }
        if (/^[*?]+$/.test(name)) {
            throw new errors_1.IrsaArgumentError(`${argument}[${index}]`, name, "a bare wildcard matches every record; leave recordNames out instead, or name a domain, e.g. *.example.com.");
        }
    });
    return value;
}
