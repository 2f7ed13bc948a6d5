import { expect } from "chai";
import { buildEbsCsiDriverPolicy } from "../../src/addons/ebsCsiDriver";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const KEY = "arn:aws:kms:eu-west-3:111122223333:key/0b5a2a7e-1f6c-4c1e-9a55-1234567890ab";
const UPSTREAM = upstreamPolicy("ebs-csi-driver-v1.64.0.json");
const UPSTREAM_KMS = upstreamPolicy("ebs-csi-driver-v1.64.0-kms.json");
// terraform-aws-modules v6.5.0's KMS statements, which have the key permissions of AWS's EBS encryption guide.
const TERRAFORM_KMS = JSON.parse(JSON.stringify(upstreamPolicy("terraform-aws-iam-v6.5.0-irsa-ebs_csi.json")).split('"${ebs_csi_kms_cmk_arns}"').join(JSON.stringify(KEY)));
const UPSTREAM_BOTH = { Statement: [...UPSTREAM.Statement, ...UPSTREAM_KMS.Statement, ...TERRAFORM_KMS.Statement] };

function build(value: unknown, context = IRSA) {
    return buildEbsCsiDriverPolicy("addonPolicies.ebsCsiDriver", value, context);
}

const refusal = refusalOf(build);

describe("addon ebsCsiDriver: the document", () => {
    it("keeps upstream's 16 statements, limited to the role's account where the ARN names one, and no KMS without keys", () => {
        const document = build({}).document;
        expect(document.Statement).to.have.length(16);
        const resources = document.Statement.flatMap((s) => s.Resource).filter((r) => r !== "*");
        expect(resources.filter((r) => !r.startsWith("arn:aws:ec2:*:111122223333:") && r !== "arn:aws:ec2:*::snapshot/*")).to.deep.equal([]);
        expect(document.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith("kms:"))).to.deep.equal([]);
    });

    it("adds KMS use and AWS-resource grants on the listed keys only", () => {
        const statements = build({ kmsKeyArns: [KEY] }).document.Statement.slice(16);
        expect(statements).to.deep.equal([
            { Sid: "UseVolumeKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"], Resource: [KEY] },
            { Sid: "GrantVolumeKeysToEbs", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: [KEY], Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
        ]);
    });

    it("accepts a multi-Region key of another account in the partition", () => {
        const key = "arn:aws-cn:kms:cn-north-1:444455556666:key/mrk-0123456789abcdef0123456789abcdef";
        expect(buildEbsCsiDriverPolicy("k", { kmsKeyArns: [key] }, { partition: "aws-cn", identity: "podIdentity" }).document.Statement[16].Resource).to.deep.equal([key]);
    });
});

describe("addon ebsCsiDriver: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["an empty key list", { kmsKeyArns: [] }, "addonPolicies.ebsCsiDriver.kmsKeyArns", /at least one key ARN/],
        ["a key wildcard", { kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:key/*"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /wildcards are not accepted/],
        ["an alias ARN", { kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:alias/ebs"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /resource part must be key\/<key ID>/],
        ["a key without a region", { kmsKeyArns: ["arn:aws:kms::111122223333:key/mrk-0123456789abcdef0123456789abcdef"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /region part/],
        ["a key with a short account", { kmsKeyArns: ["arn:aws:kms:eu-west-3:1111:key/mrk-0123456789abcdef0123456789abcdef"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /account part/],
        ["a key of another partition", { kmsKeyArns: ["arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /partition aws/],
        ["a key ID instead of an ARN", { kmsKeyArns: ["0b5a2a7e-1f6c-4c1e-9a55-1234567890ab"] }, "addonPolicies.ebsCsiDriver.kmsKeyArns[0]", /an ARN of the form arn:aws:kms:<region>:<account>:key\/<key ID>/],
        ["a misspelt field", { kmsKeyArn: KEY }, "addonPolicies.ebsCsiDriver.kmsKeyArn", /takes only kmsKeyArns/],
    ];
    for (const [label, value, argument, rule] of cases) {
        it(`refuses ${label}, naming ${argument}`, () => {
            const error = refusal(value);
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(rule);
        });
    }
});

describe("addon ebsCsiDriver: against upstream v1.64.0", () => {
    const ours = build({ kmsKeyArns: [KEY] }).document;

    it("grants no action the upstream policy and its KMS statement do not", () => {
        expect(actionsBeyond(ours, UPSTREAM_BOTH)).to.deep.equal([]);
        expect(actionsBeyond(build({}).document, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM_BOTH, 40);
    });

    it("denies another key, and grants for non-AWS resources, which upstream allows", () => {
        const otherKey = { action: "kms:Decrypt", resource: "arn:aws:kms:eu-west-3:111122223333:key/mrk-ffffffffffffffffffffffffffffffff" };
        expect([allows([ours], otherKey), allows([UPSTREAM_BOTH], otherKey)]).to.deep.equal([false, true]);
        const grantToUser = { action: "kms:CreateGrant", resource: KEY, context: { "kms:GrantIsForAWSResource": "false" } };
        expect([allows([ours], grantToUser), allows([UPSTREAM_BOTH], grantToUser)]).to.deep.equal([false, true]);
    });

    it("allows the driver's calls on real snapshot ARNs, which name no account", () => {
        const deleteSnapshot = {
            action: "ec2:DeleteSnapshot",
            resource: "arn:aws:ec2:eu-west-3::snapshot/snap-0123456789abcdef0",
            context: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" },
        };
        expect([allows([ours], deleteSnapshot), allows([UPSTREAM_BOTH], deleteSnapshot)]).to.deep.equal([true, true]);
    });
});
