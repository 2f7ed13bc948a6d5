"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildCloudwatchObservabilityPolicy = buildCloudwatchObservabilityPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["clusterName", "logGroupNames", "traces", "agentConfigParameters"];
// CloudWatch Logs' log group name rule: 1-512 letters, digits, and . - _ / #; no `:`, `*` or `?`, which would widen the ARN.
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** Builds the add-on's policy: metrics and describes on `*`, logs on the cluster's log groups, traces and SSM only when asked. */
function buildCloudwatchObservabilityPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const cluster = (0, addonPolicy_1.checkClusterName)(`${argument}.clusterName`, args.clusterName, context);
    const names = args.logGroupNames === undefined ? [] : checkLogGroupNames(`${argument}.logGroupNames`, args.logGroupNames);
    const traces = (0, addonPolicy_1.checkOptIn)(`${argument}.traces`, args.traces);
    const parameters = (0, addonPolicy_1.checkOptIn)(`${argument}.agentConfigParameters`, args.agentConfigParameters);
    const logGroup = `arn:${context.partition}:logs:*:${(0, addonPolicy_1.accountOf)(context)}:log-group:`;
    const statements = [
        {
            Sid: "MetricsAndDescribe",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricData", "ec2:DescribeVolumes", "ec2:DescribeTags", "logs:DescribeLogGroups"],
            Resource: ["*"],
        },
        {
            Sid: "WriteClusterLogs",
            Effect: "Allow",
            Action: ["logs:PutLogEvents", "logs:PutRetentionPolicy", "logs:DescribeLogStreams", "logs:CreateLogStream", "logs:CreateLogGroup"],
            // A group's own ARN and `<group>:*` (its streams) for each exact name; `<prefix>/*` covers both under a prefix.
            Resource: [
                `${logGroup}/aws/containerinsights/${cluster}/*`,
                `${logGroup}/aws/otel/containerinsights/${cluster}/*`,
                ...names.flatMap((name) => [`${logGroup}${name}`, `${logGroup}${name}:*`]),
            ],
        },
    ];
    if (traces) {
        statements.push({
            Sid: "Traces",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
            Resource: ["*"],
        });
    }
    if (parameters) {
        statements.push({
            Sid: "ReadAgentConfiguration",
            Effect: "Allow",
            Action: ["ssm:GetParameter"],
            Resource: [`arn:${context.partition}:ssm:*:${(0, addonPolicy_1.accountOf)(context)}:parameter/AmazonCloudWatch-*`],
        });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
function checkLogGroupNames(argument, value) {
    if (!Array.isArray(value) || value.length === 0) {
        throw new errors_1.IrsaArgumentError(argument, value, "a non-empty list of log group names is required when set; leave it out for the cluster's log groups only.");
    }
    value.forEach((name, index) => {
        if (typeof name !== "string" || !LOG_GROUP_NAME.test(name)) {
            throw new errors_1.IrsaArgumentError(`${argument}[${index}]`, name, "a log group name is 1 to 512 letters, digits, and . - _ / #, without wildcards, e.g. /aws/application-signals/data.");
        }
    });
    const duplicate = value.find((name, index) => value.indexOf(name) !== index);
    if (duplicate !== undefined) {
        throw new errors_1.IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each log group once.`);
    }
    return value;
}
