import { expect } from "chai";
import { AddonContext } from "../../src/addons/addonPolicy";
import { buildFsxLustreCsiDriverPolicy } from "../../src/addons/fsxLustreCsiDriver";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const BUCKET = "arn:aws:s3:::training-data";
const UPSTREAM = upstreamPolicy("fsx-csi-driver-v1.9.0.json");
const FILE_SYSTEM = "arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789abcdef0";
const VOLUME_TAGGED = { "aws:ResourceTag/CSIVolumeName": "pvc-0f1e2d3c" };
const S3_ROLE = "arn:aws:iam::111122223333:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_fs-0123456789abcdef0";

function build(value: unknown, context: AddonContext = IRSA) {
    return buildFsxLustreCsiDriverPolicy("addonPolicies.fsxLustreCsiDriver", value, context);
}

const refusal = refusalOf(build);

describe("addon fsxLustreCsiDriver: the document", () => {
    it("creates file systems tagged as the driver tags them, resizes and deletes only those, in the role's account", () => {
        const built = build({});
        expect(built.wildcards).to.deep.equal([]);
        expect(built.document.Statement).to.deep.equal([
            { Sid: "Describe", Effect: "Allow", Action: ["fsx:DescribeFileSystems"], Resource: ["*"] },
            {
                Sid: "CreateTaggedFileSystems",
                Effect: "Allow",
                Action: ["fsx:CreateFileSystem", "fsx:TagResource"],
                Resource: ["arn:aws:fsx:*:111122223333:file-system/*"],
                Condition: { StringLike: { "aws:RequestTag/CSIVolumeName": "*" } },
            },
            {
                Sid: "ResizeAndDeleteDriverFileSystems",
                Effect: "Allow",
                Action: ["fsx:UpdateFileSystem", "fsx:DeleteFileSystem"],
                Resource: ["arn:aws:fsx:*:111122223333:file-system/*"],
                Condition: { StringLike: { "aws:ResourceTag/CSIVolumeName": "*" } },
            },
            {
                Sid: "CreateFsxServiceLinkedRole",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: ["arn:aws:iam::111122223333:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx"],
                Condition: { StringEquals: { "iam:AWSServiceName": "fsx.amazonaws.com" } },
            },
        ]);
    });

    it("adds S3 listing of the data repository buckets and FSx's S3 access roles only with s3BucketArns", () => {
        const statements = build({ s3BucketArns: [BUCKET, "arn:aws:s3:::results.example"] }).document.Statement.slice(4);
        const s3Roles = "arn:aws:iam::111122223333:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_*";
        expect(statements).to.deep.equal([
            { Sid: "ListDataRepositoryBuckets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [BUCKET, "arn:aws:s3:::results.example"] },
            {
                Sid: "CreateS3AccessServiceLinkedRoles",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: [s3Roles],
                Condition: { StringEquals: { "iam:AWSServiceName": "s3.data-source.lustre.fsx.amazonaws.com" } },
            },
            { Sid: "UpdateS3AccessServiceLinkedRoles", Effect: "Allow", Action: ["iam:AttachRolePolicy", "iam:PutRolePolicy"], Resource: [s3Roles] },
        ]);
    });

    it("names any account when the role's account is unknown, and the role's partition", () => {
        const resources = build({}, { partition: "aws-cn", identity: "irsa" as const }).document.Statement.flatMap((s) => s.Resource);
        expect(resources).to.deep.equal([
            "*",
            "arn:aws-cn:fsx:*:*:file-system/*",
            "arn:aws-cn:fsx:*:*:file-system/*",
            "arn:aws-cn:iam::*:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx",
        ]);
    });

    it("is the same with Pod Identity (upstream scopes by no cluster tag)", () => {
        expect(build({ s3BucketArns: [BUCKET] }, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build({ s3BucketArns: [BUCKET] }));
    });
});

describe("addon fsxLustreCsiDriver: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no settings", undefined, "addonPolicies.fsxLustreCsiDriver", /an object of its scoping inputs/],
        ["a list instead of settings", [BUCKET], "addonPolicies.fsxLustreCsiDriver", /an object of its scoping inputs/],
        ["an empty bucket list", { s3BucketArns: [] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns", /list at least one bucket ARN, or leave s3BucketArns out/],
        ["a bucket name", { s3BucketArns: ["training-data"] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /an ARN of the form arn:aws:s3:::<bucket name>/],
        ["an s3:// path", { s3BucketArns: ["s3://training-data/import"] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /an ARN of the form/],
        ["a wildcard bucket", { s3BucketArns: ["arn:aws:s3:::*"] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /wildcards are not accepted/],
        ["an object ARN", { s3BucketArns: ["arn:aws:s3:::training-data/import"] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /resource part must be <bucket name>/],
        ["a file system ARN", { s3BucketArns: [FILE_SYSTEM] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /service s3/],
        ["another partition", { s3BucketArns: ["arn:aws-cn:s3:::training-data"] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns[0]", /partition aws/],
        ["a duplicate", { s3BucketArns: [BUCKET, BUCKET] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns", /listed twice/],
        ["a string instead of a list", { s3BucketArns: BUCKET }, "addonPolicies.fsxLustreCsiDriver.s3BucketArns", /a non-empty list of s3 ARNs/],
        ["a misspelt field", { s3BucketArn: [BUCKET] }, "addonPolicies.fsxLustreCsiDriver.s3BucketArn", /takes only s3BucketArns/],
        ["a KMS key (upstream grants no KMS)", { kmsKeyArns: [] }, "addonPolicies.fsxLustreCsiDriver.kmsKeyArns", /takes only s3BucketArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon fsxLustreCsiDriver: against upstream v1.9.0", () => {
    const ours = build({ s3BucketArns: [BUCKET] }).document;

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 10);
    });

    it("denies what upstream allows outside the driver's file systems, the listed buckets and FSx's roles", () => {
        const requests: AddonRequest[] = [
            { action: "fsx:DeleteFileSystem", resource: FILE_SYSTEM },
            { action: "fsx:UpdateFileSystem", resource: FILE_SYSTEM, context: { "aws:ResourceTag/Name": "finance" } },
            { action: "fsx:CreateFileSystem", resource: "arn:aws:fsx:eu-west-3:111122223333:file-system/*" },
            { action: "fsx:TagResource", resource: FILE_SYSTEM, context: { "aws:RequestTag/Name": "x" } },
            { action: "s3:ListBucket", resource: "arn:aws:s3:::payroll" },
            { action: "iam:AttachRolePolicy", resource: "arn:aws:iam::111122223333:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/other" },
            {
                action: "iam:CreateServiceLinkedRole",
                resource: "arn:aws:iam::111122223333:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_fs-1",
                context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
            },
        ];
        for (const request of requests) {
            expect([allows([ours], request), allows([UPSTREAM], request)], JSON.stringify(request)).to.deep.equal([false, true]);
        }
    });

    it("without s3BucketArns, denies S3 and FSx's S3 access roles, which upstream allows", () => {
        const noBuckets = build({}).document;
        const requests: AddonRequest[] = [
            { action: "s3:ListBucket", resource: BUCKET },
            { action: "iam:AttachRolePolicy", resource: S3_ROLE },
            { action: "iam:CreateServiceLinkedRole", resource: S3_ROLE, context: { "iam:AWSServiceName": "s3.data-source.lustre.fsx.amazonaws.com" } },
        ];
        for (const request of requests) {
            expect([allows([noBuckets], request), allows([UPSTREAM], request)], request.action).to.deep.equal([false, true]);
        }
    });

    it("denies, like upstream, another account's file systems and roles (neither has a resource policy that could admit the role) and another service's service-linked role", () => {
        const otherAccount = { action: "fsx:DeleteFileSystem", resource: "arn:aws:fsx:eu-west-3:444455556666:file-system/fs-0123456789abcdef0", context: VOLUME_TAGGED };
        expect([allows([ours], otherAccount), allows([UPSTREAM], otherAccount)]).to.deep.equal([false, false]);
        const otherAccountRole = { action: "iam:PutRolePolicy", resource: "arn:aws:iam::444455556666:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/AWSServiceRoleForFSxS3Access_fs-1" };
        expect([allows([ours], otherAccountRole), allows([UPSTREAM], otherAccountRole)]).to.deep.equal([false, false]);
        const request = {
            action: "iam:CreateServiceLinkedRole",
            resource: "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
            context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
        };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([false, false]);
    });

    it("allows, as upstream does, adding the CSIVolumeName tag to an existing file system: FSx has no condition that limits tagging to creation", () => {
        const request = { action: "fsx:TagResource", resource: FILE_SYSTEM, context: { "aws:RequestTag/CSIVolumeName": "x" } };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([true, true]);
    });
});
