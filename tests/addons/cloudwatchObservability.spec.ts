import { expect } from "chai";
import { buildCloudwatchObservabilityPolicy } from "../../src/addons/cloudwatchObservability";
import { actionsBeyond, AddonRequest, allows, itRefusesEach, refusalOf, representativeRequests, SESSION_CLUSTER, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const POD_IDENTITY = { ...IRSA, identity: "podIdentity" as const };
type Managed = { PolicyVersion: { VersionId: string; Document: ReturnType<typeof upstreamPolicy> } };
const AGENT = (upstreamPolicy("CloudWatchAgentServerPolicy-v3.json") as unknown as Managed).PolicyVersion;
const XRAY = (upstreamPolicy("AWSXrayWriteOnlyAccess-v2.json") as unknown as Managed).PolicyVersion;
const UPSTREAM = { Statement: [...AGENT.Document.Statement, ...XRAY.Document.Statement] };
const GROUP = "arn:aws:logs:eu-west-3:111122223333:log-group:";
const SIGNALS = "/aws/application-signals/data";
const XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"];

function build(value: unknown, context: { partition: string; accountId?: string; identity: "irsa" | "podIdentity" } = IRSA) {
    return buildCloudwatchObservabilityPolicy("addonPolicies.cloudwatchObservability", value, context);
}

const refusal = refusalOf(build);

describe("addon cloudwatchObservability: the document", () => {
    it("puts metrics and describes on *, and writes only the cluster's log groups, without traces or SSM, by default", () => {
        expect(build({ clusterName: "prod" })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [
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
                        Resource: [
                            "arn:aws:logs:*:111122223333:log-group:/aws/containerinsights/prod/*",
                            "arn:aws:logs:*:111122223333:log-group:/aws/otel/containerinsights/prod/*",
                        ],
                    },
                ],
            },
            wildcards: [],
        });
    });

    it("adds the named log groups and their streams, traces and the agent's SSM parameters when asked", () => {
        const statements = build({ clusterName: "prod", logGroupNames: [SIGNALS], traces: true, agentConfigParameters: true }).document.Statement;
        expect(statements[1].Resource.slice(2)).to.deep.equal([`arn:aws:logs:*:111122223333:log-group:${SIGNALS}`, `arn:aws:logs:*:111122223333:log-group:${SIGNALS}:*`]);
        expect(statements.slice(2)).to.deep.equal([
            { Sid: "Traces", Effect: "Allow", Action: XRAY_ACTIONS, Resource: ["*"] },
            { Sid: "ReadAgentConfiguration", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: ["arn:aws:ssm:*:111122223333:parameter/AmazonCloudWatch-*"] },
        ]);
    });

    it("with Pod Identity, names the session's cluster from its eks-cluster-name tag", () => {
        expect(build({}, POD_IDENTITY).document.Statement[1].Resource).to.deep.equal([
            "arn:aws:logs:*:111122223333:log-group:/aws/containerinsights/${aws:PrincipalTag/eks-cluster-name}/*",
            "arn:aws:logs:*:111122223333:log-group:/aws/otel/containerinsights/${aws:PrincipalTag/eks-cluster-name}/*",
        ]);
    });

    it("without the role's account, any account's log groups of that name, in the role's partition", () => {
        expect(build({ clusterName: "prod" }, { partition: "aws-cn", identity: "irsa" }).document.Statement[1].Resource[0]).to.equal(
            "arn:aws-cn:logs:*:*:log-group:/aws/containerinsights/prod/*",
        );
    });
});

describe("addon cloudwatchObservability: refused inputs", () => {
    const A = "addonPolicies.cloudwatchObservability";
    const cases: [string, unknown, string, RegExp][] = [
        ["no cluster name with IRSA", {}, `${A}.clusterName`, /the EKS cluster's name is required/],
        ["a cluster name wildcard", { clusterName: "prod-*" }, `${A}.clusterName`, /the EKS cluster's name is required/],
        ["a cluster name with a /", { clusterName: "prod/application" }, `${A}.clusterName`, /the EKS cluster's name is required/],
        ["an empty log group list", { clusterName: "prod", logGroupNames: [] }, `${A}.logGroupNames`, /non-empty list of log group names/],
        ["a log group wildcard", { clusterName: "prod", logGroupNames: ["/aws/*"] }, `${A}.logGroupNames[0]`, /without wildcards/],
        ["a log group name with a :", { clusterName: "prod", logGroupNames: ["/aws/app:*"] }, `${A}.logGroupNames[0]`, /letters, digits, and \. - _ \/ #/],
        ["a log group ARN", { clusterName: "prod", logGroupNames: [`${GROUP}/aws/app`] }, `${A}.logGroupNames[0]`, /a log group name is/],
        ["an empty log group name", { clusterName: "prod", logGroupNames: [""] }, `${A}.logGroupNames[0]`, /1 to 512/],
        ["a duplicate log group", { clusterName: "prod", logGroupNames: [SIGNALS, SIGNALS] }, `${A}.logGroupNames`, /listed twice/],
        ["a non-boolean opt-in", { clusterName: "prod", traces: "true" }, `${A}.traces`, /true or false/],
        ["a misspelt field", { clusterName: "prod", xray: true }, `${A}.xray`, /takes only clusterName, logGroupNames, traces, agentConfigParameters/],
    ];
    itRefusesEach(cases, refusal);

    it("refuses a cluster name with Pod Identity, which takes it from the session tag", () => {
        const error = refusal({ clusterName: "prod" }, POD_IDENTITY);
        expect([error.argument, error.message]).to.deep.equal([
            `${A}.clusterName`,
            `invalid ${A}.clusterName "prod": with Pod Identity the cluster comes from the session tag eks-cluster-name that EKS sets; remove clusterName so the policy has one source for it.`,
        ]);
    });
});

describe("addon cloudwatchObservability: against CloudWatchAgentServerPolicy v3 and AWSXrayWriteOnlyAccess v2", () => {
    const ours = build({ clusterName: "prod", logGroupNames: [SIGNALS], traces: true, agentConfigParameters: true }).document;
    const podIdentity = build({ logGroupNames: [SIGNALS], traces: true, agentConfigParameters: true }, POD_IDENTITY).document;

    it("compares with the managed policies' default versions", () => {
        expect([AGENT.VersionId, XRAY.VersionId]).to.deep.equal(["v3", "v2"]);
    });

    it("grants no action the managed policies do not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        expect(actionsBeyond(build({ clusterName: "prod", agentConfigParameters: true }).document, AGENT.Document)).to.deep.equal([]);
    });

    it("allows nothing the managed policies deny, with IRSA and with Pod Identity", () => {
        for (const [document, count] of [
            [ours, 30],
            [podIdentity, 30],
        ] as const) {
            const requests = representativeRequests(document);
            expect(requests).to.have.length(count);
            for (const request of requests) {
                expect(allows([document], request), `ours: ${JSON.stringify(request)}`).to.equal(true);
                expect(allows([UPSTREAM], request), `upstream: ${JSON.stringify(request)}`).to.equal(true);
            }
        }
    });

    it("writes the add-on's log groups and streams", () => {
        const requests: AddonRequest[] = [
            { action: "logs:CreateLogGroup", resource: `${GROUP}/aws/containerinsights/prod/performance` },
            { action: "logs:PutLogEvents", resource: `${GROUP}/aws/containerinsights/prod/application:log-stream:ip-10-0-0-1.fluent-bit` },
            { action: "logs:CreateLogStream", resource: `${GROUP}/aws/otel/containerinsights/prod/host:log-stream:node-1` },
            { action: "logs:PutLogEvents", resource: `${GROUP}${SIGNALS}:log-stream:s1` },
            { action: "logs:PutRetentionPolicy", resource: `${GROUP}${SIGNALS}` },
        ];
        for (const request of requests) {
            expect(allows([ours], request), `${request.action} ${request.resource}`).to.equal(true);
        }
    });

    it("denies other clusters' and other log groups, traces and SSM by default, which the managed policies allow", () => {
        const plain = build({ clusterName: "prod" }).document;
        const requests: (AddonRequest & { policy: object })[] = [
            { policy: ours, action: "logs:PutLogEvents", resource: `${GROUP}/aws/containerinsights/prod-2/application:log-stream:s1` },
            { policy: ours, action: "logs:CreateLogGroup", resource: `${GROUP}/aws/containerinsights/staging/performance` },
            { policy: ours, action: "logs:PutLogEvents", resource: `${GROUP}/aws/lambda/payments:log-stream:s1` },
            { policy: ours, action: "logs:PutRetentionPolicy", resource: `${GROUP}/aws/application-signals/data-2` },
            { policy: podIdentity, action: "logs:PutLogEvents", resource: `${GROUP}/aws/containerinsights/staging/application:log-stream:s1` },
            { policy: plain, action: "logs:PutLogEvents", resource: `${GROUP}${SIGNALS}:log-stream:s1` },
            { policy: plain, action: "xray:PutTraceSegments", resource: "*" },
            { policy: plain, action: "xray:GetSamplingRules", resource: "*" },
            { policy: plain, action: "ssm:GetParameter", resource: "arn:aws:ssm:eu-west-3:111122223333:parameter/AmazonCloudWatch-linux" },
        ];
        for (const { policy, ...request } of requests) {
            const context = { "aws:PrincipalTag/eks-cluster-name": SESSION_CLUSTER };
            expect([allows([policy], { ...request, context }), allows([UPSTREAM], { ...request, context })], `${request.action} ${request.resource}`).to.deep.equal([false, true]);
        }
    });
});
