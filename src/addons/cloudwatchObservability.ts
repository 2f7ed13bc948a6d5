import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { accountOf, AddonContext, AddonPolicyStatement, BuiltAddonPolicy, checkClusterName, checkFields, checkOptIn } from "./addonPolicy";

/**
 * Scoping inputs of the Amazon CloudWatch Observability EKS add-on (the CloudWatch agent and Fluent Bit of
 * aws-observability/helm-charts `amazon-cloudwatch-observability`): AWS's managed `CloudWatchAgentServerPolicy` (v3)
 * and `AWSXrayWriteOnlyAccess` (v2), the two policies AWS attaches for it. Metrics (`cloudwatch:PutMetricData`), the
 * `Describe` calls and X-Ray have no resource-level permissions and stay on `*`; logs are limited to the cluster's log groups.
 */
export interface CloudwatchObservabilityAddonArgs {
    /**
     * The EKS cluster's name (IRSA): the add-on may create and write only the log groups under
     * `/aws/containerinsights/<cluster>/` (performance, application, dataplane, host, ...) and
     * `/aws/otel/containerinsights/<cluster>/`. Required with IRSA; with Pod Identity leave it out, and each session
     * writes only under its own cluster's name, from the session tag `eks-cluster-name`.
     */
    clusterName?: pulumi.Input<string>;
    /**
     * Further log groups the add-on may create and write, by exact name (e.g. `/aws/application-signals/data`, or the
     * `log_group_name` of a Fluent Bit output you added): each grants that group and its streams only. Defaults to none.
     */
    logGroupNames?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Allow sending traces and reading sampling rules (`AWSXrayWriteOnlyAccess`'s five `xray:` actions, also part of
     * `CloudWatchAgentServerPolicy`), which X-Ray and Application Signals need. They take no resource, so they are
     * granted on `*`. Defaults to false.
     */
    traces?: pulumi.Input<boolean>;
    /**
     * Allow reading agent configurations from SSM parameters named `AmazonCloudWatch-*` in the role's account
     * (`CloudWatchAgentServerPolicy`'s `ssm:GetParameter`, there in any account). The EKS add-on configures the agent
     * through its own configuration instead. Defaults to false.
     */
    agentConfigParameters?: pulumi.Input<boolean>;
}

const FIELDS = ["clusterName", "logGroupNames", "traces", "agentConfigParameters"] as const;

// CloudWatch Logs' log group name rule: 1-512 letters, digits, and . - _ / #; no `:`, `*` or `?`, which would widen the ARN.
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** Builds the add-on's policy: metrics and describes on `*`, logs on the cluster's log groups, traces and SSM only when asked. */
export function buildCloudwatchObservabilityPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const cluster = checkClusterName(`${argument}.clusterName`, args.clusterName, context);
    const names = args.logGroupNames === undefined ? [] : checkLogGroupNames(`${argument}.logGroupNames`, args.logGroupNames);
    const traces = checkOptIn(`${argument}.traces`, args.traces);
    const parameters = checkOptIn(`${argument}.agentConfigParameters`, args.agentConfigParameters);
    const logGroup = `arn:${context.partition}:logs:*:${accountOf(context)}:log-group:`;
    const statements: AddonPolicyStatement[] = [
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
            Resource: [`arn:${context.partition}:ssm:*:${accountOf(context)}:parameter/AmazonCloudWatch-*`],
        });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}

function checkLogGroupNames(argument: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new IrsaArgumentError(argument, value, "a non-empty list of log group names is required when set; leave it out for the cluster's log groups only.");
    }
    value.forEach((name, index) => {
        if (typeof name !== "string" || !LOG_GROUP_NAME.test(name)) {
            throw new IrsaArgumentError(
                `${argument}[${index}]`,
                name,
                "a log group name is 1 to 512 letters, digits, and . - _ / #, without wildcards, e.g. /aws/application-signals/data.",
            );
        }
    });
    const duplicate = value.find((name, index) => value.indexOf(name) !== index);
    if (duplicate !== undefined) {
        throw new IrsaArgumentError(argument, value, `${duplicate} is listed twice; list each log group once.`);
    }
    return value as string[];
}
