import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { AddonContext, BuiltAddonPolicy, checkFields, checkHostedZones } from "./addonPolicy";

/**
 * Scoping inputs of the external-dns policy, after kubernetes-sigs/external-dns v0.22.0
 * `docs/tutorials/aws.md` ("IAM Policy" and "IAM Permissions with ABAC").
 */
export interface ExternalDnsAddonArgs {
    /**
     * The hosted zones external-dns may read and change, as ARNs `arn:<partition>:route53:::hostedzone/<zone ID>`.
     * Required unless `allowAllHostedZones` is true; upstream's `hostedzone/*` is never the default.
     */
    hostedZoneArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Grant every hosted zone of the account (`hostedzone/*`, upstream's policy) instead of `hostedZoneArns`. A
     * deliberate wildcard: render and explain show it. Defaults to false.
     */
    allowAllHostedZones?: pulumi.Input<boolean>;
    /**
     * The record names external-dns may change, as Route 53 normalized names with `*` and `?` wildcards (e.g.
     * `*.example.com`), checked with `ForAllValues:StringLike` on `route53:ChangeResourceRecordSetsNormalizedRecordNames`.
     * Defaults to any record of the granted zones.
     */
    recordNames?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["hostedZoneArns", "allowAllHostedZones", "recordNames"] as const;
// Route 53 normalizes names to lower case without the trailing dot; `*` and `?` are StringLike's wildcards.
const RECORD_NAME = /^[a-z0-9*?]([a-z0-9*?_-]*[a-z0-9*?])?(\.[a-z0-9*?_]([a-z0-9*?_-]*[a-z0-9*?])?)*$/;

/** Builds external-dns' policy: record changes in the given zones only, zone listing (which IAM cannot scope) on `*`. */
export function buildExternalDnsPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const { zones, wildcards } = checkHostedZones(argument, args.hostedZoneArns, args.allowAllHostedZones, context);
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
export function checkRecordNames(argument: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new IrsaArgumentError(argument, value, "a non-empty list of record names (e.g. [\"*.example.com\"]) is required when set; leave it out to allow every record of the zones.");
    }
    value.forEach((name, index) => {
        if (typeof name !== "string" || name.length > 255 || !RECORD_NAME.test(name)) {
            throw new IrsaArgumentError(`${argument}[${index}]`, name, "a record name is a lower-case DNS name without the trailing dot, with * and ? wildcards (Route 53's normalized form), e.g. *.example.com.");
        }
        if (/^[*?]+$/.test(name)) {
            throw new IrsaArgumentError(`${argument}[${index}]`, name, "a bare wildcard matches every record; leave recordNames out instead, or name a domain, e.g. *.example.com.");
        }
    });
    return value as string[];
}
