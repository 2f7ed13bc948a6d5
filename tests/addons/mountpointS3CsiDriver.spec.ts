import { expect } from "chai";
import { buildMountpointS3CsiDriverPolicy } from "../../src/addons/mountpointS3CsiDriver";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
// Upstream's example names this bucket, so the comparison asks about the same one.
const BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket";
const KEY = "arn:aws:kms:eu-west-3:111122223333:key/0b5a2a7e-1f6c-4c1e-9a55-1234567890ab";
const UPSTREAM = upstreamPolicy("mountpoint-s3-1.23.0.json");
const UPSTREAM_KMS = upstreamPolicy("mountpoint-s3-1.23.0-kms.json");
const UPSTREAM_BOTH = { Statement: [...UPSTREAM.Statement, ...UPSTREAM_KMS.Statement] };

function build(value: unknown, context = IRSA) {
    return buildMountpointS3CsiDriverPolicy("addonPolicies.mountpointS3CsiDriver", value, context);
}

const refusal = refusalOf(build);

describe("addon mountpointS3CsiDriver: the document", () => {
    it("reads the listed buckets only, by default", () => {
        expect(build({ bucketArns: [BUCKET] })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [BUCKET] },
                    { Sid: "ReadObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${BUCKET}/*`] },
                ],
            },
            wildcards: [],
        });
    });

    it("limits objects and listing to the prefixes of every bucket", () => {
        const other = "arn:aws:s3:::logs.example.com";
        const statements = build({ bucketArns: [BUCKET, other], prefixes: ["team-a/", "shared/data/"] }).document.Statement;
        expect(statements[0]).to.deep.equal({
            Sid: "ListBuckets",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: [BUCKET, other],
            Condition: { StringLike: { "s3:prefix": ["team-a/*", "shared/data/*"] } },
        });
        expect(statements[1].Resource).to.deep.equal([`${BUCKET}/team-a/*`, `${BUCKET}/shared/data/*`, `${other}/team-a/*`, `${other}/shared/data/*`]);
    });

    it("adds writes, deletes and KMS (GenerateDataKey only with writes) when asked", () => {
        const statements = build({ bucketArns: [BUCKET], allowWrites: true, allowDeletes: true, kmsKeyArns: [KEY] }).document.Statement;
        expect(statements.slice(2)).to.deep.equal([
            { Sid: "WriteObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: [`${BUCKET}/*`] },
            { Sid: "DeleteObjects", Effect: "Allow", Action: ["s3:DeleteObject"], Resource: [`${BUCKET}/*`] },
            { Sid: "UseObjectKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KEY] },
        ]);
        expect(build({ bucketArns: [BUCKET], kmsKeyArns: [KEY] }).document.Statement[2].Action).to.deep.equal(["kms:Decrypt"]);
    });

    it("is the same with Pod Identity and in another partition's form", () => {
        const cn = "arn:aws-cn:s3:::data-bucket";
        expect(buildMountpointS3CsiDriverPolicy("k", { bucketArns: [cn] }, { partition: "aws-cn", identity: "podIdentity" }).document.Statement[1].Resource).to.deep.equal([`${cn}/*`]);
    });
});

describe("addon mountpointS3CsiDriver: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no buckets", {}, "addonPolicies.mountpointS3CsiDriver.bucketArns", /a non-empty list of s3 ARNs \(<bucket name>\) is required/],
        ["a bucket wildcard", { bucketArns: ["arn:aws:s3:::*"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /wildcards are not accepted/],
        ["an object ARN", { bucketArns: [`${BUCKET}/team-a/`] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /resource part must be <bucket name>/],
        ["an upper-case bucket name", { bucketArns: ["arn:aws:s3:::Data"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /resource part/],
        ["a bucket with a region", { bucketArns: ["arn:aws:s3:eu-west-3::data-bucket"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /region part/],
        ["a directory bucket", { bucketArns: ["arn:aws:s3express:eu-west-3:111122223333:bucket/data--euw3-az1--x-s3"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /service s3/],
        ["a bucket name instead of an ARN", { bucketArns: ["data-bucket"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /an ARN of the form arn:aws:s3:::<bucket name>/],
        ["another partition", { bucketArns: ["arn:aws-us-gov:s3:::data-bucket"] }, "addonPolicies.mountpointS3CsiDriver.bucketArns[0]", /partition aws/],
        ["an empty prefix list", { bucketArns: [BUCKET], prefixes: [] }, "addonPolicies.mountpointS3CsiDriver.prefixes", /non-empty list of key prefixes/],
        ["a prefix without the final /", { bucketArns: [BUCKET], prefixes: ["team-a"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /ends with \//],
        ["a prefix with a wildcard", { bucketArns: [BUCKET], prefixes: ["team-*/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /no \* or \?/],
        ["a prefix of the whole bucket", { bucketArns: [BUCKET], prefixes: ["/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /does not start with \//],
        ["a duplicate prefix", { bucketArns: [BUCKET], prefixes: ["a/", "a/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes", /listed twice/],
        // Issue 23: IAM substitutes a policy variable (each caller its own path) and refuses the document for NUL or U+043E.
        ["a prefix with a policy variable", { bucketArns: [BUCKET], prefixes: ["${aws:userid}/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /IAM reads "\$\{...\}" as a policy variable/],
        ["a prefix with NUL", { bucketArns: [BUCKET], prefixes: ["team\u0000/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /holds U\+0000: a policy accepts only printable Latin-1 text/],
        ["a prefix with a character above Latin-1", { bucketArns: [BUCKET], prefixes: ["\u043e/"] }, "addonPolicies.mountpointS3CsiDriver.prefixes[0]", /holds U\+043E: a policy accepts only printable Latin-1 text/],
        ["a non-boolean opt-in", { bucketArns: [BUCKET], allowWrites: "yes" }, "addonPolicies.mountpointS3CsiDriver.allowWrites", /true or false/],
        ["an empty key list", { bucketArns: [BUCKET], kmsKeyArns: [] }, "addonPolicies.mountpointS3CsiDriver.kmsKeyArns", /at least one key ARN/],
        ["an alias ARN", { bucketArns: [BUCKET], kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:alias/s3"] }, "addonPolicies.mountpointS3CsiDriver.kmsKeyArns[0]", /key\/<key ID>/],
        ["a misspelt field", { bucketArns: [BUCKET], readOnly: true }, "addonPolicies.mountpointS3CsiDriver.readOnly", /takes only bucketArns, prefixes, allowWrites, allowDeletes, kmsKeyArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon mountpointS3CsiDriver: against Mountpoint v1.23.0", () => {
    const ours = build({ bucketArns: [BUCKET], prefixes: ["team-a/"], allowWrites: true, allowDeletes: true, kmsKeyArns: [KEY] }).document;

    it("grants no action upstream's policy and its SSE-KMS paragraph do not", () => {
        expect(actionsBeyond(ours, UPSTREAM_BOTH)).to.deep.equal([]);
        expect(actionsBeyond(build({ bucketArns: [BUCKET], allowWrites: true, allowDeletes: true }).document, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM_BOTH, 7);
    });

    it("denies objects and listings outside the prefix, writes and deletes by default, and other keys, which upstream allows", () => {
        const readOnly = build({ bucketArns: [BUCKET], prefixes: ["team-a/"], kmsKeyArns: [KEY] }).document;
        const requests = [
            { policy: ours, action: "s3:GetObject", resource: `${BUCKET}/team-b/file` },
            { policy: ours, action: "s3:ListBucket", resource: BUCKET, context: { "s3:prefix": "team-b/" } },
            { policy: ours, action: "s3:ListBucket", resource: BUCKET },
            { policy: ours, action: "kms:Decrypt", resource: "arn:aws:kms:eu-west-3:111122223333:key/mrk-ffffffffffffffffffffffffffffffff" },
            { policy: readOnly, action: "s3:PutObject", resource: `${BUCKET}/team-a/file` },
            { policy: readOnly, action: "s3:DeleteObject", resource: `${BUCKET}/team-a/file` },
            { policy: readOnly, action: "kms:GenerateDataKey", resource: KEY },
        ];
        for (const { policy, ...request } of requests) {
            expect([allows([policy], request), allows([UPSTREAM_BOTH], request)], `${request.action} ${request.resource}`).to.deep.equal([false, true]);
        }
    });
});
