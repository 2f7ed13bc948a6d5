import { expect } from "chai";
import { AddonContext } from "../../src/addons/addonPolicy";
import { buildAwsGatewayControllerPolicy } from "../../src/addons/awsGatewayController";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const BUCKET = "arn:aws:s3:::lattice-access-logs";
const LOG_GROUP = "arn:aws:logs:eu-west-3:111122223333:log-group:/aws/vpclattice/prod";
const STREAM = "arn:aws:firehose:eu-west-3:111122223333:deliverystream/lattice-logs";
const UPSTREAM = upstreamPolicy("aws-gateway-controller-v2.1.3.json");
const ALL_LATTICE = { allowAllVpcLatticeResources: true };
const ARGUMENT = "addonPolicies.awsGatewayController";

function build(value: unknown, context: AddonContext = IRSA) {
    return buildAwsGatewayControllerPolicy(ARGUMENT, value, context);
}

const refusal = refusalOf(build);

describe("addon awsGatewayController: the document", () => {
    it("grants vpc-lattice:* only with the opt-in, which it lists as a wildcard, and no access-log permission without destinations", () => {
        const built = build(ALL_LATTICE);
        expect(built.wildcards).to.deep.equal([{ argument: "addonPolicies.awsGatewayController.allowAllVpcLatticeResources", resource: "*" }]);
        expect(built.document.Statement).to.deep.equal([
            { Sid: "VpcLattice", Effect: "Allow", Action: ["vpc-lattice:*"], Resource: ["*"] },
            {
                Sid: "Discover",
                Effect: "Allow",
                Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups", "tag:GetResources", "acm:ListCertificates"],
                Resource: ["*"],
            },
            { Sid: "TagThroughTaggingApi", Effect: "Allow", Action: ["tag:TagResources", "tag:UntagResources"], Resource: ["*"] },
            {
                Sid: "CreateVpcLatticeServiceLinkedRole",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: ["arn:aws:iam::111122223333:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice"],
                Condition: { StringEquals: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" } },
            },
        ]);
    });

    it("adds log delivery for any destination, bucket policies on the listed buckets, stream tags and the log delivery role for the listed streams", () => {
        const statements = build({ ...ALL_LATTICE, accessLogDestinationArns: [BUCKET, LOG_GROUP, STREAM] }).document.Statement.slice(4);
        expect(statements.map((s) => [s.Sid, s.Resource])).to.deep.equal([
            ["DeliverAccessLogs", ["*"]],
            ["AccessLogBucketPolicies", [BUCKET]],
            ["TagAccessLogStreams", [STREAM]],
            ["CreateLogDeliveryServiceLinkedRole", ["arn:aws:iam::111122223333:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery"]],
        ]);
        expect(statements[3].Condition).to.deep.equal({ StringEquals: { "iam:AWSServiceName": "delivery.logs.amazonaws.com" } });
    });

    it("grants log delivery but no bucket or stream permission for log groups alone", () => {
        expect(build({ ...ALL_LATTICE, accessLogDestinationArns: [LOG_GROUP] }).document.Statement.map((s) => s.Sid)).to.deep.equal([
            "VpcLattice",
            "Discover",
            "TagThroughTaggingApi",
            "CreateVpcLatticeServiceLinkedRole",
            "DeliverAccessLogs",
        ]);
    });

    it("is the same with Pod Identity (upstream scopes by no cluster tag)", () => {
        const value = { ...ALL_LATTICE, accessLogDestinationArns: [BUCKET] };
        expect(build(value, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build(value));
    });
});

describe("addon awsGatewayController: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no settings", undefined, ARGUMENT, /an object of its scoping inputs/],
        ["no opt-in", {}, `${ARGUMENT}.allowAllVpcLatticeResources`, /needs vpc-lattice:\* on every resource.*Set allowAllVpcLatticeResources: true/],
        ["a false opt-in", { allowAllVpcLatticeResources: false }, `${ARGUMENT}.allowAllVpcLatticeResources`, /Set allowAllVpcLatticeResources: true/],
        ["a string opt-in", { allowAllVpcLatticeResources: "true" }, `${ARGUMENT}.allowAllVpcLatticeResources`, /this opt-in is true or false/],
        ["an empty destination list", { ...ALL_LATTICE, accessLogDestinationArns: [] }, `${ARGUMENT}.accessLogDestinationArns`, /list at least one access-log destination ARN/],
        ["a string instead of a list", { ...ALL_LATTICE, accessLogDestinationArns: BUCKET }, `${ARGUMENT}.accessLogDestinationArns`, /list at least one/],
        ["a bare wildcard", { ...ALL_LATTICE, accessLogDestinationArns: ["*"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /an S3 bucket .* a log group .* or a Firehose stream/],
        ["a wildcard bucket", { ...ALL_LATTICE, accessLogDestinationArns: ["arn:aws:s3:::*"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /wildcards are not accepted/],
        ["a log group with its :* suffix", { ...ALL_LATTICE, accessLogDestinationArns: [`${LOG_GROUP}:*`] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /wildcards are not accepted/],
        ["a log stream", { ...ALL_LATTICE, accessLogDestinationArns: [`${LOG_GROUP}:log-stream:x`] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /resource part must be log-group:<name>/],
        ["an SQS queue", { ...ALL_LATTICE, accessLogDestinationArns: ["arn:aws:sqs:eu-west-3:111122223333:logs"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /an access-log destination is/],
        ["a service part naming an object property", { ...ALL_LATTICE, accessLogDestinationArns: ["arn:aws:constructor:eu-west-3:111122223333:x"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /an access-log destination is/],
        ["a stream in no region", { ...ALL_LATTICE, accessLogDestinationArns: ["arn:aws:firehose::111122223333:deliverystream/lattice-logs"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /region part/],
        ["a stream name too long", { ...ALL_LATTICE, accessLogDestinationArns: [`arn:aws:firehose:eu-west-3:111122223333:deliverystream/${"a".repeat(65)}`] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /resource part must be deliverystream\/<name>/],
        ["another partition", { ...ALL_LATTICE, accessLogDestinationArns: ["arn:aws-cn:s3:::lattice-access-logs"] }, `${ARGUMENT}.accessLogDestinationArns[0]`, /partition aws/],
        ["a duplicate", { ...ALL_LATTICE, accessLogDestinationArns: [BUCKET, LOG_GROUP, BUCKET] }, `${ARGUMENT}.accessLogDestinationArns`, /listed twice/],
        ["a misspelt field", { ...ALL_LATTICE, accessLogDestinations: [BUCKET] }, `${ARGUMENT}.accessLogDestinations`, /takes only allowAllVpcLatticeResources, accessLogDestinationArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon awsGatewayController: against upstream v2.1.3", () => {
    const ours = build({ ...ALL_LATTICE, accessLogDestinationArns: [BUCKET, LOG_GROUP, STREAM] }).document;

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 22);
    });

    it("denies what upstream allows on other buckets and streams", () => {
        const requests: AddonRequest[] = [
            { action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::payroll" },
            { action: "s3:GetBucketPolicy", resource: "arn:aws:s3:::payroll" },
            { action: "firehose:TagDeliveryStream", resource: "arn:aws:firehose:eu-west-3:111122223333:deliverystream/other" },
        ];
        for (const request of requests) {
            expect([allows([ours], request), allows([UPSTREAM], request)], request.action).to.deep.equal([false, true]);
        }
    });

    it("without destinations, denies every access-log permission, which upstream allows", () => {
        const noLogs = build(ALL_LATTICE).document;
        const requests: AddonRequest[] = [
            { action: "logs:PutResourcePolicy", resource: "*" },
            { action: "logs:CreateLogDelivery", resource: "*" },
            { action: "s3:PutBucketPolicy", resource: BUCKET },
            { action: "firehose:TagDeliveryStream", resource: STREAM },
            {
                action: "iam:CreateServiceLinkedRole",
                resource: "arn:aws:iam::111122223333:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery",
                context: { "iam:AWSServiceName": "delivery.logs.amazonaws.com" },
            },
        ];
        for (const request of requests) {
            expect([allows([noLogs], request), allows([UPSTREAM], request)], request.action).to.deep.equal([false, true]);
        }
    });

    it("denies, like upstream, another service's service-linked role", () => {
        const request = {
            action: "iam:CreateServiceLinkedRole",
            resource: "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
            context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
        };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([false, false]);
    });

    it("allows, as upstream does, every VPC Lattice action on every resource: the opt-in's wildcard", () => {
        const request = { action: "vpc-lattice:DeleteServiceNetwork", resource: "arn:aws:vpc-lattice:eu-west-3:111122223333:servicenetwork/sn-0123456789abcdef0" };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([true, true]);
    });
});
