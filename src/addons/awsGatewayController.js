"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DELIVERY_STREAM_ARN = exports.LOG_GROUP_ARN = void 0;
exports.buildAwsGatewayControllerPolicy = buildAwsGatewayControllerPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const mountpointS3CsiDriver_1 = require("./mountpointS3CsiDriver");
const FIELDS = ["allowAllVpcLatticeResources", "accessLogDestinationArns"];
/** CloudWatch Logs log group ARNs: `arn:<partition>:logs:<region>:<account>:log-group:<name>` (1-512 of `.-_/#` letters and digits). */
exports.LOG_GROUP_ARN = {
    service: "logs",
    resource: /^log-group:[.\-_/#A-Za-z0-9]{1,512}$/,
    resourceForm: "log-group:<name>",
    regional: true,
    hasAccount: true,
};
/** Firehose stream ARNs: `arn:<partition>:firehose:<region>:<account>:deliverystream/<name>` (1-64 letters, digits, `_`, `.`, `-`). */
exports.DELIVERY_STREAM_ARN = {
    service: "firehose",
    resource: /^deliverystream\/[a-zA-Z0-9_.-]{1,64}$/,
    resourceForm: "deliverystream/<name>",
    regional: true,
    hasAccount: true,
};
// A Map, so that a service part such as `constructor` finds no rule.
const DESTINATION_RULES = new Map([
    ["s3", mountpointS3CsiDriver_1.S3_BUCKET_ARN],
    ["logs", exports.LOG_GROUP_ARN],
    ["firehose", exports.DELIVERY_STREAM_ARN],
]);
/**
 * Builds the Gateway API Controller's policy: upstream's statements, access-log permissions only for the listed
 * destinations (bucket policies and stream tags on those only), and the service-linked roles in the role's account.
 */
function buildAwsGatewayControllerPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (!(0, addonPolicy_1.checkOptIn)(`${argument}.allowAllVpcLatticeResources`, args.allowAllVpcLatticeResources)) {
        throw new errors_1.IrsaArgumentError(`${argument}.allowAllVpcLatticeResources`, args.allowAllVpcLatticeResources, "the controller needs vpc-lattice:* on every resource, as upstream grants, and eks-irsa cannot narrow it (the controller adopts untagged resources and uses service networks other accounts share). Set allowAllVpcLatticeResources: true to accept it; render and explain show it.");
    }
    const destinations = args.accessLogDestinationArns === undefined ? [] : checkDestinations(`${argument}.accessLogDestinationArns`, args.accessLogDestinationArns, context);
    const ofService = (service) => destinations.filter((arn) => arn.split(":")[2] === service);
    const serviceRoles = `arn:${context.partition}:iam::${(0, addonPolicy_1.accountOf)(context)}:role/aws-service-role`;
    const statement = (Sid, Action, Resource, Condition) => ({
        Sid,
        Effect: "Allow",
        Action,
        Resource,
        ...(Condition ? { Condition } : {}),
    });
    const statements = [
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
        statements.push(statement("DeliverAccessLogs", [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:DescribeLogGroups",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
        ], ["*"]));
    }
    const buckets = ofService("s3");
    if (buckets.length > 0) {
        statements.push(statement("AccessLogBucketPolicies", ["s3:GetBucketPolicy", "s3:PutBucketPolicy"], buckets));
    }
    const streams = ofService("firehose");
    if (streams.length > 0) {
        statements.push(statement("TagAccessLogStreams", ["firehose:TagDeliveryStream"], streams), 
        // Log delivery to Firehose goes through this role.
        statement("CreateLogDeliveryServiceLinkedRole", ["iam:CreateServiceLinkedRole"], [`${serviceRoles}/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`], {
            StringEquals: { "iam:AWSServiceName": "delivery.logs.amazonaws.com" },
        }));
    }
    return {
        document: { Version: "2012-10-17", Statement: statements },
        wildcards: [{ argument: `${argument}.allowAllVpcLatticeResources`, resource: "*" }],
    };
}
/** A non-empty list of S3 bucket, log group and Firehose stream ARNs, each checked by its service's rule, without duplicates. */
function checkDestinations(argument, value, context) {
    if (!Array.isArray(value) || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, "list at least one access-log destination ARN (an S3 bucket, a log group or a Firehose stream), or leave accessLogDestinationArns out for no access-log permission.");
    }
    value.forEach((arn, index) => {
        const service = typeof arn === "string" ? arn.split(":")[2] : undefined;
        const rule = service === undefined ? undefined : DESTINATION_RULES.get(service);
        if (rule === undefined) {
            throw new errors_1.IrsaArgumentError(`${argument}[${index}]`, arn, `an access-log destination is an S3 bucket (arn:${context.partition}:s3:::<bucket name>), a log group (arn:${context.partition}:logs:<region>:<account>:log-group:<name>) or a Firehose stream (arn:${context.partition}:firehose:<region>:<account>:deliverystream/<name>).`);
        }
        (0, addonPolicy_1.checkArn)(`${argument}[${index}]`, arn, rule, context);
    });
    const duplicate = value.find((arn, index) => value.indexOf(arn) !== index);
    if (duplicate !== undefined) {
        throw new errors_1.IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each ARN once.`);
    }
    return value;
}
