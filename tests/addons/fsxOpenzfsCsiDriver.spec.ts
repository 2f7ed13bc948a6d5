import { expect } from "chai";
import { AddonContext } from "../../src/addons/addonPolicy";
import { buildFsxOpenzfsCsiDriverPolicy } from "../../src/addons/fsxOpenzfsCsiDriver";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const FS = "arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789abcdef0";
const FS_OTHER_REGION = "arn:aws:fsx:us-east-1:111122223333:file-system/fs-89abcdef";
const UPSTREAM = upstreamPolicy("fsx-openzfs-csi-driver-v1.2.0.json");
const TAGGED = { "aws:ResourceTag/fsx.openzfs.csi.aws.com/cluster": "true" };
const TAGGING = { "aws:RequestTag/fsx.openzfs.csi.aws.com/cluster": "true" };
const FSX = "arn:aws:fsx:*:111122223333";

function build(value: unknown, context: AddonContext = IRSA) {
    return buildFsxOpenzfsCsiDriverPolicy("addonPolicies.fsxOpenzfsCsiDriver", value, context);
}

const refusal = refusalOf(build);

describe("addon fsxOpenzfsCsiDriver: the document", () => {
    it("provisions whole file systems only without fileSystemArns: created with the driver's tag, resized and deleted only with it", () => {
        const built = build({});
        expect(built.wildcards).to.deep.equal([]);
        expect(built.document.Statement.map((s) => [s.Sid, s.Action, s.Resource, s.Condition])).to.deep.equal([
            ["Describe", ["fsx:DescribeFileSystems", "fsx:DescribeVolumes", "fsx:DescribeSnapshots"], ["*"], undefined],
            ["ListTags", ["fsx:ListTagsForResource"], [`${FSX}:file-system/*`, `${FSX}:volume/*`, `${FSX}:snapshot/*`], undefined],
            [
                "CreateTaggedFileSystemsAndSnapshots",
                ["fsx:CreateFileSystem", "fsx:CreateSnapshot", "fsx:TagResource"],
                [`${FSX}:file-system/*`, `${FSX}:volume/*`, `${FSX}:snapshot/*`],
                { StringEquals: TAGGING },
            ],
            ["ResizeAndDeleteDriverFileSystems", ["fsx:UpdateFileSystem", "fsx:DeleteFileSystem"], [`${FSX}:file-system/*`], { StringEquals: TAGGED }],
            ["FinalBackups", ["fsx:DeleteFileSystem"], [`${FSX}:backup/*`], undefined],
            ["DeleteDriverSnapshots", ["fsx:DeleteSnapshot"], [`${FSX}:snapshot/*`], { StringEquals: TAGGED }],
            [
                "CreateFsxServiceLinkedRole",
                ["iam:CreateServiceLinkedRole"],
                ["arn:aws:iam::111122223333:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx"],
                { StringEquals: { "iam:AWSServiceName": "fsx.amazonaws.com" } },
            ],
            ["UpdateFsxServiceLinkedRole", ["iam:AttachRolePolicy", "iam:PutRolePolicy"], ["arn:aws:iam::111122223333:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx"], undefined],
        ]);
    });

    it("creates and deletes volumes only in the listed file systems", () => {
        const statements = build({ fileSystemArns: [FS, FS_OTHER_REGION] }).document.Statement.slice(6, 8);
        const volumes = ["arn:aws:fsx:eu-west-3:111122223333:volume/fs-0123456789abcdef0/*", "arn:aws:fsx:us-east-1:111122223333:volume/fs-89abcdef/*"];
        expect(statements).to.deep.equal([
            { Sid: "CreateTaggedVolumesInFileSystems", Effect: "Allow", Action: ["fsx:CreateVolume"], Resource: [...volumes, `${FSX}:snapshot/*`], Condition: { StringEquals: TAGGING } },
            { Sid: "DeleteDriverVolumesInFileSystems", Effect: "Allow", Action: ["fsx:DeleteVolume"], Resource: volumes, Condition: { StringEquals: TAGGED } },
        ]);
    });

    it("names any account when the role's account is unknown, and the role's partition", () => {
        const resources = build({}, { partition: "aws-us-gov", identity: "irsa" }).document.Statement.flatMap((s) => s.Resource);
        const role = "arn:aws-us-gov:iam::*:role/aws-service-role/fsx.amazonaws.com/AWSServiceRoleForAmazonFSx";
        expect(resources.filter((r) => r !== "*" && !r.startsWith("arn:aws-us-gov:fsx:*:*:"))).to.deep.equal([role, role]);
    });

    it("is the same with Pod Identity (upstream's tag is true, not the cluster's name)", () => {
        expect(build({ fileSystemArns: [FS] }, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build({ fileSystemArns: [FS] }));
    });
});

describe("addon fsxOpenzfsCsiDriver: refused inputs", () => {
    const cases: [string, unknown, string, RegExp][] = [
        ["no settings", undefined, "addonPolicies.fsxOpenzfsCsiDriver", /an object of its scoping inputs/],
        ["an empty list", { fileSystemArns: [] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns", /list at least one file system ARN, or leave fileSystemArns out/],
        ["a string instead of a list", { fileSystemArns: FS }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns", /a non-empty list of fsx ARNs \(file-system\/<file system ID>\)/],
        ["a wildcard", { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:file-system/*"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /wildcards are not accepted/],
        ["a file system ID", { fileSystemArns: ["fs-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /an ARN of the form arn:aws:fsx:<region>:<account>:file-system\/<file system ID>/],
        ["a volume ARN", { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /resource part must be file-system\/<file system ID>/],
        ["a too long ID", { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789abcdef0123"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /resource part/],
        ["an upper-case ID", { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789ABCDEF0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /resource part/],
        ["an EFS ARN", { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /service fsx/],
        ["no account", { fileSystemArns: ["arn:aws:fsx:eu-west-3::file-system/fs-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /account part/],
        ["another partition", { fileSystemArns: ["arn:aws-cn:fsx:cn-north-1:111122223333:file-system/fs-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns[0]", /partition aws/],
        ["a duplicate", { fileSystemArns: [FS, FS] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemArns", /listed twice/],
        ["a misspelt field", { fileSystemIds: ["fs-0123456789abcdef0"] }, "addonPolicies.fsxOpenzfsCsiDriver.fileSystemIds", /takes only fileSystemArns/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon fsxOpenzfsCsiDriver: against upstream v1.2.0", () => {
    const ours = build({ fileSystemArns: [FS] }).document;
    const volume = "arn:aws:fsx:eu-west-3:111122223333:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0";

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 25);
    });

    it("denies what upstream allows outside the listed file systems, the driver's tagged resources and FSx's service-linked role", () => {
        const requests: AddonRequest[] = [
            { action: "fsx:CreateVolume", resource: "arn:aws:fsx:eu-west-3:111122223333:volume/fs-fedcba9876543210f/fsvol-0123456789abcdef0", context: TAGGING },
            { action: "fsx:CreateVolume", resource: volume },
            { action: "fsx:CreateFileSystem", resource: "arn:aws:fsx:eu-west-3:111122223333:file-system/*", context: { "aws:RequestTag/fsx.openzfs.csi.aws.com/cluster": "false" } },
            { action: "fsx:DeleteFileSystem", resource: FS },
            { action: "fsx:UpdateFileSystem", resource: FS, context: { "aws:ResourceTag/fsx.openzfs.csi.aws.com/cluster": "false" } },
            { action: "fsx:DeleteVolume", resource: volume },
            { action: "fsx:DeleteVolume", resource: "arn:aws:fsx:eu-west-3:111122223333:volume/fs-fedcba9876543210f/fsvol-0123456789abcdef0", context: TAGGED },
            { action: "fsx:DeleteSnapshot", resource: "arn:aws:fsx:eu-west-3:111122223333:snapshot/fsvol-0123456789abcdef0/fsvolsnap-0123456789abcdef0" },
            { action: "iam:PutRolePolicy", resource: "arn:aws:iam::111122223333:role/aws-service-role/fsx.amazonaws.com/AnotherRole" },
        ];
        for (const request of requests) {
            expect([allows([ours], request), allows([UPSTREAM], request)], JSON.stringify(request)).to.deep.equal([false, true]);
        }
    });

    it("without fileSystemArns, denies every volume creation and deletion, which upstream allows", () => {
        const wholeFileSystems = build({}).document;
        for (const request of [
            { action: "fsx:CreateVolume", resource: volume, context: TAGGING },
            { action: "fsx:DeleteVolume", resource: volume, context: TAGGED },
        ]) {
            expect([allows([wholeFileSystems], request), allows([UPSTREAM], request)], request.action).to.deep.equal([false, true]);
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

    it("allows, as upstream does, adding the driver's tag to an existing volume: FSx has no condition that limits tagging to creation", () => {
        const request = { action: "fsx:TagResource", resource: volume, context: TAGGING };
        expect([allows([ours], request), allows([UPSTREAM], request)]).to.deep.equal([true, true]);
    });
});
