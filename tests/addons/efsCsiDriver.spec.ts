import { expect } from "chai";
import { buildEfsCsiDriverPolicy } from "../../src/addons/efsCsiDriver";
import { actionsBeyond, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const FS = "arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-0123456789abcdef0";
const FS_OTHER_REGION = "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-89abcdef";
const UPSTREAM = upstreamPolicy("efs-csi-driver-v3.4.1.json");
const TAGGED = { "aws:RequestTag/efs.csi.aws.com/cluster": "true" };
const RESOURCE_TAGGED = { "aws:ResourceTag/efs.csi.aws.com/cluster": "true" };

function build(value: unknown, context = IRSA) {
    return buildEfsCsiDriverPolicy("addonPolicies.efsCsiDriver", value, context);
}

const refusal = refusalOf(build);

describe("addon efsCsiDriver: the document", () => {
    it("creates access points in the listed file systems, deletes and tags them in their regions and accounts", () => {
        const built = build({ fileSystemArns: [FS, FS_OTHER_REGION] });
        expect(built.wildcards).to.deep.equal([]);
        expect(built.document.Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
            ["Describe", ["*"]],
            ["CreateAccessPointsInFileSystems", [FS, FS_OTHER_REGION]],
            ["TagDriverAccessPoints", ["arn:aws:elasticfilesystem:eu-west-3:111122223333:access-point/*", "arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/*"]],
            ["DeleteDriverAccessPoints", ["arn:aws:elasticfilesystem:eu-west-3:111122223333:access-point/*", "arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/*"]],
        ]);
        expect(built.document.Statement[1].Condition).to.deep.equal({ StringLike: { "aws:RequestTag/efs.csi.aws.com/cluster": "true" } });
        expect(built.document.Statement[3].Condition).to.deep.equal({ StringEquals: { "aws:ResourceTag/efs.csi.aws.com/cluster": "true" } });
    });

    it("lists each region's access points once", () => {
        const second = "arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-fedcba98";
        expect(build({ fileSystemArns: [FS, second] }).document.Statement[3].Resource).to.deep.equal(["arn:aws:elasticfilesystem:eu-west-3:111122223333:access-point/*"]);
    });

    it("is the same with Pod Identity (upstream scopes by a tag whose value is true, not the cluster's name)", () => {
        expect(buildEfsCsiDriverPolicy("k", { fileSystemArns: [FS] }, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build({ fileSystemArns: [FS] }));
    });
});

describe("addon efsCsiDriver: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no settings", undefined, "addonPolicies.efsCsiDriver", /an object of its scoping inputs/],
        ["no file systems", {}, "addonPolicies.efsCsiDriver.fileSystemArns", /a non-empty list of elasticfilesystem ARNs \(file-system\/<file system ID>\) is required/],
        ["an empty list", { fileSystemArns: [] }, "addonPolicies.efsCsiDriver.fileSystemArns", /non-empty list/],
        ["a wildcard", { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/*"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /wildcards are not accepted/],
        ["an access point ARN", { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-3:111122223333:access-point/fsap-0123456789abcdef0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /resource part must be file-system\/<file system ID>/],
        ["a file system ID", { fileSystemArns: ["fs-0123456789abcdef0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /an ARN of the form arn:aws:elasticfilesystem:<region>:<account>:file-system\/<file system ID>/],
        ["an upper-case ID", { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-0123456789ABCDEF0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /resource part/],
        ["an FSx ARN", { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789abcdef0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /service elasticfilesystem/],
        ["no region", { fileSystemArns: ["arn:aws:elasticfilesystem::111122223333:file-system/fs-0123456789abcdef0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /region part/],
        ["another partition", { fileSystemArns: ["arn:aws-cn:elasticfilesystem:cn-north-1:111122223333:file-system/fs-0123456789abcdef0"] }, "addonPolicies.efsCsiDriver.fileSystemArns[0]", /partition aws/],
        ["a duplicate", { fileSystemArns: [FS, FS] }, "addonPolicies.efsCsiDriver.fileSystemArns", /listed twice/],
        ["a misspelt field", { fileSystemArn: [FS] }, "addonPolicies.efsCsiDriver.fileSystemArn", /takes only fileSystemArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon efsCsiDriver: against upstream v3.4.1", () => {
    const ours = build({ fileSystemArns: [FS] }).document;

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 7);
    });

    it("denies access points in another file system or region, which upstream allows", () => {
        const requests = [
            { action: "elasticfilesystem:CreateAccessPoint", resource: "arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-fedcba98", context: TAGGED },
            { action: "elasticfilesystem:DeleteAccessPoint", resource: "arn:aws:elasticfilesystem:us-east-1:111122223333:access-point/fsap-0123456789abcdef0", context: RESOURCE_TAGGED },
            { action: "elasticfilesystem:TagResource", resource: "arn:aws:elasticfilesystem:us-west-2:111122223333:access-point/fsap-0123456789abcdef0", context: RESOURCE_TAGGED },
        ];
        for (const request of requests) {
            expect([allows([ours], request), allows([UPSTREAM], request)], request.action).to.deep.equal([false, true]);
        }
    });

    it("denies, like upstream, an untagged access point", () => {
        const untagged = { action: "elasticfilesystem:DeleteAccessPoint", resource: "arn:aws:elasticfilesystem:eu-west-3:111122223333:access-point/fsap-0123456789abcdef0" };
        expect([allows([ours], untagged), allows([UPSTREAM], untagged)]).to.deep.equal([false, false]);
    });
});
