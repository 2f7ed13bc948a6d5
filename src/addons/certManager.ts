import * as pulumi from "@pulumi/pulumi";
import { AddonContext, BuiltAddonPolicy, checkFields, checkHostedZones, checkOptIn } from "./addonPolicy";

/**
 * Scoping inputs of cert-manager's Route 53 DNS-01 solver policy, after cert-manager's documentation for v1.21
 * (`content/docs/configuration/acme/dns01/route53.md`, "Set up an IAM Policy").
 */
export interface CertManagerAddonArgs {
    /**
     * The hosted zones cert-manager may write its `TXT` challenge records in, as ARNs
     * `arn:<partition>:route53:::hostedzone/<zone ID>`. Required unless `allowAllHostedZones` is true.
     */
    hostedZoneArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Grant every hosted zone of the account (`hostedzone/*`, upstream's policy) instead of `hostedZoneArns`. A
     * deliberate wildcard: render and explain show it. Defaults to false.
     */
    allowAllHostedZones?: pulumi.Input<boolean>;
    /**
     * Whether cert-manager looks zones up by name (`route53:ListHostedZonesByName`, which IAM cannot scope). Set false
     * when every issuer gives `hostedZoneID`, as upstream suggests. Defaults to true.
     */
    lookUpHostedZones?: pulumi.Input<boolean>;
}

const FIELDS = ["hostedZoneArns", "allowAllHostedZones", "lookUpHostedZones"] as const;

/** Builds cert-manager's policy: `TXT` records only, in the given zones only. */
export function buildCertManagerPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const { zones, wildcards } = checkHostedZones(argument, args.hostedZoneArns, args.allowAllHostedZones, context);
    const lookUp = args.lookUpHostedZones === undefined ? true : checkOptIn(`${argument}.lookUpHostedZones`, args.lookUpHostedZones);
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
                ...(lookUp ? [{ Sid: "LookUpZones", Effect: "Allow" as const, Action: ["route53:ListHostedZonesByName"], Resource: ["*"] }] : []),
            ],
        },
        wildcards,
    };
}
