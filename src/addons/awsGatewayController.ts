import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArn, checkFields, checkOptIn } from "./addonPolicy";
import { S3_BUCKET_ARN } from "./mountpointS3CsiDriver";

/**
 * Scoping inputs of the AWS Gateway API Controller for Amazon VPC Lattice, after aws/aws-application-networking-k8s
 * v2.1.3 `files/controller-installation/recommended-inline-policy.json`. Its `vpc-lattice:*` stays on every resource
 * behind a named opt-in: the controller adopts untagged Lattice resources by tagging them and associates services
 * with service networks that other accounts may share, so neither tags nor the account can bound it.
 */
export interface AwsGatewayControllerAddonArgs {
    /**
     * Accept upstream's `vpc-lattice:*` on every resource (`*`). Required, and must be true: the controller needs it,
     * and eks-irsa cannot narrow it (see above). A deliberate wildcard: render and explain show it. Defaults to false,
     * which is refused.
     */
    allowAllVpcLatticeResources: pulumi.Input<boolean>;
    /**
     * The destinations of the access logs that AccessLogPolicy resources send (their `destinationArn`): S3 buckets
     * `arn:<partition>:s3:::<bucket name>`, CloudWatch Logs log groups
     * `arn:<partition>:logs:<region>:<account>:log-group:<name>` and Firehose streams
     * `arn:<partition>:firehose:<region>:<account>:deliverystream/<name>`. Defaults to none: no access-log permission
     * at all. Upstream grants the log delivery calls always, and `s3:PutBucketPolicy` and
     * `firehose:TagDeliveryStream` on every bucket and stream.
     */
    accessLogDestinationArns?: pulumi.Input<pulumi.Input<string>[]>;
}

const FIELDS = ["allowAllVpcLatticeResources", "accessLogDestinationArns"] as const;

/** CloudWatch Logs log group ARNs: `arn:<partition>:logs:<region>:<account>:log-group:<name>` (1-512 of `.-_/#` letters and digits). */
export const LOG_GROUP_ARN: ArnRule = {
    service: "logs",
    resource: /^log-group:[.\-_/#A-Za-z0-9]{1,512}$/,
    resourceForm: "log-group:<name>",
    regional: true,
    hasAccount: true,
};

/** Firehose stream ARNs: `arn:<partition>:firehose:<region>:<account>:deliverystream/<name>` (1-64 letters, digits, `_`, `.`, `-`). */
export const DELIVERY_STREAM_ARN: ArnRule = {
    service: "firehose",
    resource: /^deliverystream\/[a-zA-Z0-9_.-]{1,64}$/,
    resourceForm: "deliverystream/<name>",
    regional: true,
    hasAccount: true,
};

// A Map, so that a service part such as `constructor` finds no rule.
const DESTINATION_RULES = new Map<string, ArnRule>([
    ["s3", S3_BUCKET_ARN],
    ["logs", LOG_GROUP_ARN],
    ["firehose", DELIVERY_STREAM_ARN],
]);

/**
 * Builds the Gateway API Controller's policy: upstream's statements, access-log permissions only for the listed
 * destinations (bucket policies and stream tags on those only), and the service-linked roles in the role's account.
 */
export function buildAwsGatewayControllerPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    if (!checkOptIn(`${argument}.allowAllVpcLatticeResources`, args.allowAllVpcLatticeResources)) {
        throw new IrsaArgumentError(
            `${argument}.allowAllVpcLatticeResources`,
            args.allowAllVpcLatticeResources,
            "the controller needs vpc-lattice:* on every resource, as upstream grants, and eks-irsa cannot narrow it (the controller adopts untagged resources and uses service networks other accounts share). Set allowAllVpcLatticeResources: true to accept it; render and explain show it.",
        );
    }
    const destinations = args.accessLogDestinationArns === undefined ? [] : checkDestinations(`${argument}.accessLogDestinationArns`, args.accessLogDestinationArns, context);
    const ofService = (service: string) => destinations.filter((arn) => arn.split(":")[2] === service);
    const serviceRoles = `arn:${context.partition}:iam::${accountOf(context)}:role/aws-service-role`;
    const statement = (Sid: string, Action: string[], Resource: string[], Condition?: AddonPolicyStatement["Condition"]): AddonPolicyStatement => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements: AddonPolicyStatement[] = [
        statement("VpcLattice", ["vpc-lattice:*"], ["*"]),
        statement("Discover", ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups", "tag:GetResources", "acm:ListCertificates"], ["*"]),
        // The Resource Groups Tagging API has no resource-level permissions; each service's own tag action still applies.
        statement("TagThroughTaggingApi", ["tag:TagResources", "tag:UntagResources"], ["*"]),
        statement("CreateVpcLatticeServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [`${serviceRoles}/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`], {
            StringEquals: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" },
        }),
    ];
    if (destinations.length > 0) {
        // CloudWatch Logs' vended-log delivery calls have no resource-level permissions.
        statements.push(
            statement(
                "DeliverAccessLogs",
                [
                    "logs:CreateLogDelivery",
                    "logs:GetLogDelivery",
                    "logs:UpdateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:DescribeLogGroups",
                    "logs:PutResourcePolicy",
                    "logs:DescribeResourcePolicies",
                ],
                ["*"],
            ),
        );
    }
    const buckets = ofService("s3");
    if (buckets.length > 0) {
        statements.push(statement("AccessLogBucketPolicies", ["s3:GetBucketPolicy", "s3:PutBucketPolicy"], buckets));
    }
    const streams = ofService("firehose");
    if (streams.length > 0) {
        statements.push(
            statement("TagAccessLogStreams", ["firehose:TagDeliveryStream"], streams),
            // Log delivery to Firehose goes through this role.
            statement("CreateLogDeliveryServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [`${serviceRoles}/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`], {
                StringEquals: { "iam:AWSServiceName": "delivery.logs.amazonaws.com" },
            }),
        );
    }
    return {
        document: { Version: "2012-10-17", Statement: statements },
        wildcards: [{ argument: `${argument}.allowAllVpcLatticeResources`, resource: "*" }],
    };
}

/** A non-empty list of S3 bucket, log group and Firehose stream ARNs, each checked by its service's rule, without duplicates. */
function checkDestinations(argument: string, value: unknown, context: AddonContext): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new IrsaArgumentError(argument, value, "list at least one access-log destination ARN (an S3 bucket, a log group or a Firehose stream), or leave accessLogDestinationArns out for no access-log permission.");
    }
    value.forEach((arn, index) => {
        const service = typeof arn === "string" ? arn.split(":")[2] : undefined;
        const rule = service === undefined ? undefined : DESTINATION_RULES.get(service);
        if (rule === undefined) {
            throw new IrsaArgumentError(
                `${argument}[${index}]`,
                arn,
                `an access-log destination is an S3 bucket (arn:${context.partition}:s3:::<bucket name>), a log group (arn:${context.partition}:logs:<region>:<account>:log-group:<name>) or a Firehose stream (arn:${context.partition}:firehose:<region>:<account>:deliverystream/<name>).`,
            );
        }
        checkArn(`${argument}[${index}]`, arn, rule, context);
    });
    const duplicate = value.find((arn, index) => value.indexOf(arn) !== index);
    if (duplicate !== undefined) {
        throw new IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each ARN once.`);
    }
    return value as string[];
}
