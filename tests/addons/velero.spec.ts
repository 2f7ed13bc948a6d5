import { expect } from "chai";
import { buildVeleroPolicy } from "../../src/addons/velero";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const BUCKET = "arn:aws:s3:::velero-backups";
// Upstream's README writes the bucket as the shell variable ${BUCKET}: compare against it filled in with ours.
const UPSTREAM = JSON.parse(JSON.stringify(upstreamPolicy("velero-plugin-for-aws-v1.13.2.json")).split("${BUCKET}").join("velero-backups"));
const VOLUME = "arn:aws:ec2:eu-west-3:111122223333:volume/vol-0123456789abcdef0";
const SNAPSHOT = "arn:aws:ec2:eu-west-3::snapshot/snap-0123456789abcdef0";

function build(value: unknown, context = IRSA) {
    return buildVeleroPolicy("addonPolicies.velero", value, context);
}

const refusal = refusalOf(build);

describe("addon velero: the document", () => {
    it("grants the listed buckets only, without object tagging or EC2, by default", () => {
        expect(build({ bucketArns: [BUCKET] })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadWriteBackups",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                        Resource: [`${BUCKET}/*`],
                    },
                    { Sid: "ListBackups", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [BUCKET] },
                ],
            },
            wildcards: [],
        });
    });

    it("limits objects and listing to the prefixes, and adds tagging and snapshots when asked", () => {
        const statements = build({ bucketArns: [BUCKET], prefixes: ["cluster-a/"], objectTagging: true, volumeSnapshots: true }).document.Statement;
        expect(statements[0].Action).to.include("s3:PutObjectTagging");
        expect(statements[0].Resource).to.deep.equal([`${BUCKET}/cluster-a/*`]);
        expect(statements[1].Condition).to.deep.equal({ StringLike: { "s3:prefix": ["cluster-a/*"] } });
        expect(statements.slice(2)).to.deep.equal([
            { Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: ["*"] },
            {
                Sid: "SnapshotAndRestoreVolumes",
                Effect: "Allow",
                Action: ["ec2:CreateSnapshot", "ec2:CreateVolume"],
                Resource: ["arn:aws:ec2:*:111122223333:volume/*", "arn:aws:ec2:*::snapshot/*"],
            },
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: ["ec2:CreateTags"],
                Resource: ["arn:aws:ec2:*:111122223333:volume/*", "arn:aws:ec2:*::snapshot/*"],
                Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
            },
            { Sid: "DeleteSnapshots", Effect: "Allow", Action: ["ec2:DeleteSnapshot"], Resource: ["arn:aws:ec2:*::snapshot/*"] },
        ]);
    });

    it("is the same with Pod Identity", () => {
        const value = { bucketArns: [BUCKET], volumeSnapshots: true };
        expect(buildVeleroPolicy("addonPolicies.velero", value, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build(value));
    });
});

describe("addon velero: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no buckets", {}, "addonPolicies.velero.bucketArns", /a non-empty list of s3 ARNs \(<bucket name>\) is required/],
        ["a bucket wildcard", { bucketArns: ["arn:aws:s3:::velero-*"] }, "addonPolicies.velero.bucketArns[0]", /wildcards are not accepted/],
        ["an object ARN", { bucketArns: [`${BUCKET}/cluster-a`] }, "addonPolicies.velero.bucketArns[0]", /resource part must be <bucket name>/],
        ["a bucket name", { bucketArns: ["velero-backups"] }, "addonPolicies.velero.bucketArns[0]", /an ARN of the form arn:aws:s3:::<bucket name>/],
        ["another partition", { bucketArns: ["arn:aws-cn:s3:::velero-backups"] }, "addonPolicies.velero.bucketArns[0]", /partition aws/],
        ["a duplicate bucket", { bucketArns: [BUCKET, BUCKET] }, "addonPolicies.velero.bucketArns", /listed twice/],
        ["a prefix without the final /", { bucketArns: [BUCKET], prefixes: ["cluster-a"] }, "addonPolicies.velero.prefixes[0]", /ends with \//],
        ["a prefix with a wildcard", { bucketArns: [BUCKET], prefixes: ["cluster-?/"] }, "addonPolicies.velero.prefixes[0]", /no \* or \?/],
        // Issue 23: IAM substitutes a policy variable (each caller its own path) and refuses the document for NUL or U+043E.
        ["a prefix with a policy variable", { bucketArns: [BUCKET], prefixes: ["${aws:userid}/"] }, "addonPolicies.velero.prefixes[0]", /IAM reads "\$\{...\}" as a policy variable/],
        ["a prefix with NUL", { bucketArns: [BUCKET], prefixes: ["team\u0000/"] }, "addonPolicies.velero.prefixes[0]", /holds U\+0000: a policy accepts only printable Latin-1 text/],
        ["a prefix with a character above Latin-1", { bucketArns: [BUCKET], prefixes: ["\u043e/"] }, "addonPolicies.velero.prefixes[0]", /holds U\+043E: a policy accepts only printable Latin-1 text/],
        ["a non-boolean opt-in", { bucketArns: [BUCKET], volumeSnapshots: "true" }, "addonPolicies.velero.volumeSnapshots", /true or false/],
        ["a misspelt field", { bucketArns: [BUCKET], snapshots: true }, "addonPolicies.velero.snapshots", /takes only bucketArns, prefixes, objectTagging, volumeSnapshots/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon velero: against velero-plugin-for-aws v1.13.2", () => {
    const ours = build({ bucketArns: [BUCKET], prefixes: ["cluster-a/"], objectTagging: true, volumeSnapshots: true }).document;

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 16);
    });

    it("allows a snapshot, its restore and their tags", () => {
        const requests = [
            { action: "ec2:CreateSnapshot", resource: VOLUME },
            { action: "ec2:CreateSnapshot", resource: SNAPSHOT },
            { action: "ec2:CreateVolume", resource: SNAPSHOT },
            { action: "ec2:CreateTags", resource: SNAPSHOT, context: { "ec2:CreateAction": "CreateSnapshot" } },
            { action: "ec2:DeleteSnapshot", resource: SNAPSHOT },
        ];
        for (const request of requests) {
            expect(allows([ours], request), request.action).to.equal(true);
        }
    });

    it("denies other buckets' and prefixes' objects, tags on existing resources, and tagging and EC2 by default, which upstream allows", () => {
        const bucketsOnly = build({ bucketArns: [BUCKET] }).document;
        const requests: (AddonRequest & { policy: object })[] = [
            { policy: ours, action: "s3:GetObject", resource: `${BUCKET}/cluster-b/backups/b1/velero-backup.json` },
            { policy: ours, action: "s3:ListBucket", resource: BUCKET, context: { "s3:prefix": "cluster-b/" } },
            { policy: ours, action: "ec2:CreateTags", resource: SNAPSHOT },
            { policy: ours, action: "ec2:CreateTags", resource: VOLUME, context: { "ec2:CreateAction": "RunInstances" } },
            { policy: bucketsOnly, action: "s3:PutObjectTagging", resource: `${BUCKET}/backups/b1/b1.tar.gz` },
            { policy: bucketsOnly, action: "ec2:CreateSnapshot", resource: VOLUME },
            { policy: bucketsOnly, action: "ec2:DeleteSnapshot", resource: SNAPSHOT },
        ];
        for (const { policy, ...request } of requests) {
            expect([allows([policy], request), allows([UPSTREAM], request)], `${request.action} ${request.resource}`).to.deep.equal([false, true]);
        }
    });
});
