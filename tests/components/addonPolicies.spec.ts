import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceAccountRole, ServiceAccountRoleArgs, WorkloadIdentity } from "../../index";
import { AddonPolicies, planAddonPolicies } from "../../src/addons/addonPolicies";
import { ACCOUNT, installMocks, ISSUER_URL, MockWorld, PROVIDER_ARN, settle, TUTORIAL_NAMESPACE, valueOf } from "../harness";

const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const VPC = "vpc-0123456789abcdef0";
const CLUSTER = "demo";
const ADDONS: AddonPolicies = {
    certManager: { hostedZoneArns: [ZONE] },
    externalDns: { hostedZoneArns: [ZONE] },
    ebsCsiDriver: {},
    loadBalancerController: { clusterName: CLUSTER, vpcId: VPC },
};
const base: ServiceAccountRoleArgs = { oidcProviderArn: PROVIDER_ARN, namespace: "kube-system", serviceAccountName: "addons", addonPolicies: ADDONS };
const IRSA = { partition: "aws", accountId: ACCOUNT, identity: "irsa" as const };
// What the component must create: the plan of the same add-ons for the provider's partition and account.
const PLANNED = planAddonPolicies(ADDONS as any, IRSA);
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

/** The constructor's error, or undefined. */
function refusal(args: ServiceAccountRoleArgs, name = "addons"): string | undefined {
    try {
        new ServiceAccountRole(name, args);
    } catch (error) {
        expect(error).to.be.instanceOf(pulumi.ResourceError);
        return (error as Error).message;
    }
    return undefined;
}

/** Swallows the unhandled rejections of registrations that fail on purpose while `body` runs. */
async function expectingFailures<T>(body: () => Promise<T>): Promise<T> {
    const ignore = () => undefined;
    process.on("unhandledRejection", ignore);
    try {
        const result = await body();
        await settle().catch(ignore);
        return result;
    } finally {
        await new Promise((resolve) => setTimeout(resolve, 10));
        process.off("unhandledRejection", ignore);
    }
}

/** How roleArn ends for late arguments ("rejected: <message>" or its value), and the types registered. */
async function lateOutcome(args: ServiceAccountRoleArgs): Promise<{ outcome: string; registered: string[] }> {
    const world = installMocks();
    const outcome = await expectingFailures(async () => {
        const role = new ServiceAccountRole("addons", args);
        return valueOf(role.roleArn).then(
            (value) => `resolved: ${value}`,
            (error) => `rejected: ${error.message}`,
        );
    });
    return { outcome, registered: world.registrations.map((r) => r.type) };
}

/** Builds the component and waits for every registration, add-on policies made from late values included. */
async function build(args: ServiceAccountRoleArgs, name = "addons"): Promise<{ world: MockWorld; role: ServiceAccountRole; roleArn: string }> {
    const world = installMocks({ clusters: { [CLUSTER]: ISSUER_URL } });
    const role = new ServiceAccountRole(name, args);
    const roleArn = await valueOf(role.roleArn);
    await settle();
    return { world, role, roleArn };
}

/** A JSON policy document of exactly `size` characters without white space. */
function documentOfSize(size: number): string {
    const empty = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "P".repeat(size - empty.length), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
}

describe("ServiceAccountRole addonPolicies: the add-ons' policies as children of the component", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    it("creates an inline RolePolicy per small add-on and a managed Policy with its attachment per part of a large one, named from the key", async () => {
        const { world } = await build(base);
        const component = world.byName("addons", "eks-irsa:index:ServiceAccountRole").urn;
        const addonChildren = world.registrations.filter((r) => [ROLE_POLICY, POLICY, ATTACHMENT].includes(r.type)).map((r) => [r.type, r.name, r.parent]);
        expect(PLANNED.policies.map((p) => [p.name, p.placement])).to.deep.equal([
            ["addon-certManager", "inline"],
            ["addon-ebsCsiDriver", "managed"],
            ["addon-externalDns", "inline"],
            ["addon-loadBalancerController", "managed"],
            ["addon-loadBalancerController-2", "managed"],
        ]);
        expect(addonChildren).to.have.deep.members([
            [ROLE_POLICY, "addons-addon-certManager", component],
            [POLICY, "addons-addon-ebsCsiDriver", component],
            [ATTACHMENT, "addons-addon-ebsCsiDriver", component],
            [ROLE_POLICY, "addons-addon-externalDns", component],
            [POLICY, "addons-addon-loadBalancerController", component],
            [ATTACHMENT, "addons-addon-loadBalancerController", component],
            [POLICY, "addons-addon-loadBalancerController-2", component],
            [ATTACHMENT, "addons-addon-loadBalancerController-2", component],
        ]);
        expect(addonChildren).to.have.length(8);
        const roleName = "addons-1a2b3c4";
        expect(world.byName("addons-addon-externalDns", ROLE_POLICY).inputs).to.deep.equal({ role: roleName, name: "addon-externalDns", policy: PLANNED.policies[2].json });
        expect(world.byName("addons-addon-loadBalancerController-2", POLICY).inputs.policy).to.equal(PLANNED.policies[4].json);
        const attachment = world.byName("addons-addon-loadBalancerController-2", ATTACHMENT);
        expect(attachment.inputs.role).to.equal(roleName);
        expect(attachment.inputs).to.deep.equal({ role: roleName, policyArn: `arn:aws:iam::${ACCOUNT}:policy/addons-addon-loadBalancerController-2-1a2b3c4` });
        expect(attachment.dependencies).to.include(world.byName("addons-addon-loadBalancerController-2", POLICY).urn);
    });

    it("makes roleArn wait for every add-on policy: the ServiceAccount annotated with it depends on them", async () => {
        const { world } = await build(base);
        const dependencies = world.byName("addons-sa").dependencies;
        for (const name of ["addons-addon-certManager", "addons-addon-externalDns"]) {
            expect(dependencies).to.include(world.byName(name, ROLE_POLICY).urn);
        }
        for (const name of ["addons-addon-ebsCsiDriver", "addons-addon-loadBalancerController", "addons-addon-loadBalancerController-2"]) {
            expect(dependencies).to.include(world.byName(name, ATTACHMENT).urn);
        }
    });

    it("builds the documents for the trust's partition and account, whatever the trust source", async () => {
        const fromArn = await build({ ...base, addonPolicies: { ebsCsiDriver: {} } });
        expect(JSON.parse(fromArn.world.byName("addons-addon-ebsCsiDriver", POLICY).inputs.policy).Statement[1].Resource).to.deep.equal([`arn:aws:ec2:*:${ACCOUNT}:volume/*`]);
        // issuerUrl and clusterName gave arn:aws:ec2:*:*:volume/*, any account, where the docs promised the role's.
        for (const source of [{ issuerUrl: ISSUER_URL }, { clusterName: CLUSTER }]) {
            const { world } = await build({ ...source, namespace: "kube-system", serviceAccountName: "addons", addonPolicies: { ebsCsiDriver: {} } });
            expect(JSON.parse(world.byName("addons-addon-ebsCsiDriver", POLICY).inputs.policy).Statement[1].Resource).to.deep.equal([`arn:aws:ec2:*:${ACCOUNT}:volume/*`]);
        }
    });

    // Every add-on whose ARNs name an account, with the settings of its own spec; each rendered ARN is checked through
    // the planner given the account, and the planner without it must differ (the case does exercise the account).
    const ACCOUNT_ADDONS: AddonPolicies = {
        awsGatewayController: { allowAllVpcLatticeResources: true },
        cloudwatchObservability: { clusterName: CLUSTER, agentConfigParameters: true },
        clusterAutoscaler: { clusterNames: [CLUSTER] },
        ebsCsiDriver: {},
        fsxLustreCsiDriver: {},
        fsxOpenzfsCsiDriver: {},
        loadBalancerController: { clusterName: CLUSTER, vpcId: VPC },
        nodeTerminationHandler: { queueArns: [`arn:aws:sqs:eu-west-3:${ACCOUNT}:nth`] },
        velero: { bucketArns: ["arn:aws:s3:::backups"], volumeSnapshots: true },
        vpcCni: { ipFamily: "ipv4" },
    };
    const SOURCES: [string, Partial<ServiceAccountRoleArgs>][] = [
        ["issuerUrl (the provider looked up)", { issuerUrl: ISSUER_URL }],
        ["issuerUrl with createOidcProvider (the provider created)", { issuerUrl: ISSUER_URL, createOidcProvider: true }],
        ["clusterName (the cluster looked up)", { clusterName: CLUSTER }],
        ["clusterName with createOidcProvider", { clusterName: CLUSTER, createOidcProvider: true }],
        ["clusterName with identity Both", { clusterName: CLUSTER, identity: WorkloadIdentity.Both }],
    ];
    // Karpenter took the account of its first node role when the role's was not known, so nodes of another account passed.
    it("refuses Karpenter node roles of another account than the role's with issuerUrl and clusterName", async () => {
        const other = "999988887777";
        const karpenter = { clusterName: CLUSTER, region: "eu-west-3", nodeRoleArns: [`arn:aws:iam::${other}:role/KarpenterNode`] };
        for (const [sourceName, source] of SOURCES) {
            installMocks({ clusters: { [CLUSTER]: ISSUER_URL } });
            const outcome = await expectingFailures(() =>
                valueOf(new ServiceAccountRole("addons", { ...source, namespace: "kube-system", serviceAccountName: "addons", addonPolicies: { karpenter } } as ServiceAccountRoleArgs).roleArn).then(
                    (value) => `resolved: ${value}`,
                    (error) => `rejected: ${error.message}`,
                ),
            );
            expect(outcome, sourceName).to.equal(
                `rejected: ServiceAccountRole "addons": invalid addonPolicies.karpenter.nodeRoleArns[0] "arn:aws:iam::${other}:role/KarpenterNode": ` +
                    `a node role must be in the cluster's account ${ACCOUNT} (the role's): an instance profile holds roles of its own account only.`,
            );
        }
    });

    for (const [key, settings] of Object.entries(ACCOUNT_ADDONS)) {
        it(`puts the role's account in ${key}'s ARNs with issuerUrl and clusterName, as with oidcProviderArn`, async () => {
            const addonPolicies = { [key]: settings } as AddonPolicies;
            for (const [sourceName, source] of SOURCES) {
                // With Both, the add-ons are IRSA's (literal cluster names), which hold for both kinds of session.
                const identity = "irsa" as const;
                const exact = planAddonPolicies(addonPolicies as any, { partition: "aws", accountId: ACCOUNT, identity });
                const anyAccount = planAddonPolicies(addonPolicies as any, { partition: "aws", identity });
                expect(exact.policies.map((p) => p.json), key).not.to.deep.equal(anyAccount.policies.map((p) => p.json));
                const { world } = await build({ ...source, namespace: "kube-system", serviceAccountName: "addons", addonPolicies });
                const sent = world.registrations.filter((r) => [ROLE_POLICY, POLICY].includes(r.type)).map((r) => r.inputs.policy);
                expect(sent, `${key} with ${sourceName}`).to.deep.equal(exact.policies.map((p) => p.json));
            }
        });
    }

    it("creates no add-on child without addonPolicies, and none for an empty map", async () => {
        for (const addonPolicies of [undefined, {}]) {
            const { world } = await build({ ...base, addonPolicies });
            expect(world.registrations.filter((r) => [ROLE_POLICY, POLICY].includes(r.type))).to.deep.equal([]);
        }
    });
});

describe("ServiceAccountRole addonPolicies: bad input is refused before anything is created, plain or late", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    const cases: [string, AddonPolicies, string][] = [
        [
            "a hosted zone ARN of another service",
            { externalDns: { hostedZoneArns: ["arn:aws:s3:::bucket"] } },
            'ServiceAccountRole "addons": invalid addonPolicies.externalDns.hostedZoneArns[0] "arn:aws:s3:::bucket": this must be an ARN of service route53 (arn:aws:route53:::hostedzone/<zone ID>), not s3.',
        ],
        [
            "a missing scoping input",
            { certManager: {} },
            'ServiceAccountRole "addons": invalid addonPolicies.certManager.hostedZoneArns (not set): a non-empty list of route53 ARNs (hostedzone/<zone ID>) is required: the add-on may touch only these.',
        ],
        [
            "an ARN in another partition than the provider's",
            { externalDns: { hostedZoneArns: ["arn:aws-cn:route53:::hostedzone/Z1"] } },
            'ServiceAccountRole "addons": invalid addonPolicies.externalDns.hostedZoneArns[0] "arn:aws-cn:route53:::hostedzone/Z1": the role is in partition aws, so this ARN must start with arn:aws: (a role cannot use resources of another partition).',
        ],
        [
            "a misspelt field",
            { externalDns: { hostedZoneArn: [ZONE] } as any },
            `ServiceAccountRole "addons": invalid addonPolicies.externalDns.hostedZoneArn ["${ZONE}"]: this add-on takes only hostedZoneArns, allowAllHostedZones, recordNames.`,
        ],
    ];
    for (const [what, addonPolicies, message] of cases) {
        it(`${what}: the constructor throws and registers no child; as an Output, every output rejects with the same message and no child is registered`, async () => {
            const world = installMocks();
            expect(refusal({ ...base, addonPolicies })).to.equal(message);
            expect(world.registrations.filter((r) => r.custom)).to.deep.equal([]);

            const [key] = Object.keys(addonPolicies) as (keyof AddonPolicies)[];
            const late = await lateOutcome({ ...base, addonPolicies: { [key]: pulumi.output(addonPolicies[key]) } });
            expect(late).to.deep.equal({ outcome: `rejected: ${message}`, registered: ["eks-irsa:index:ServiceAccountRole"] });
        });
    }

    it("an unknown add-on key is refused with the list of add-ons", () => {
        installMocks();
        expect(refusal({ ...base, addonPolicies: { karpenterr: {} } as any })).to.match(/^ServiceAccountRole "addons": invalid addonPolicies\.karpenterr \{\}: there is no add-on karpenterr; the add-ons are amazonManagedPrometheus, awsGatewayController, certManager, /);
    });

    it("a late hosted zone ARN inside a plain list is checked on arrival like the plain one", async () => {
        const late = await lateOutcome({ ...base, addonPolicies: { externalDns: { hostedZoneArns: [pulumi.output("arn:aws:s3:::bucket")] } } });
        expect(late).to.deep.equal({ outcome: `rejected: ${cases[0][2]}`, registered: ["eks-irsa:index:ServiceAccountRole"] });
    });

    it("a secret bad ARN is refused without printing it", async () => {
        const secretArn = "arn:aws:s3:::s3cr3t-bucket";
        const late = await lateOutcome({ ...base, addonPolicies: { externalDns: { hostedZoneArns: pulumi.secret([secretArn]) } } });
        expect(late).to.deep.equal({
            outcome:
                // Every part of the secret is hidden, its service s3 too (issue 23: it was shown); the partition aws, which
                // every ARN form states, stays.
                'rejected: ServiceAccountRole "addons": invalid addonPolicies.externalDns.hostedZoneArns[0] (a secret, not shown): this must be an ARN of service route53 (arn:aws:route53:::hostedzone/<zone ID>), not (secret).',
            registered: ["eks-irsa:index:ServiceAccountRole"],
        });
        expect(late.outcome).not.to.contain("s3cr3t");
    });

    it("with an existing role (roleArn), addonPolicies is refused like the other role arguments", () => {
        installMocks();
        expect(refusal({ roleArn: `arn:aws:iam::${ACCOUNT}:role/existing`, namespace: TUTORIAL_NAMESPACE, serviceAccountName: "addons", addonPolicies: ADDONS })).to.equal(
            'ServiceAccountRole "addons": invalid addonPolicies "addonPolicies set": roleArn adopts an existing role, so role arguments are mutually exclusive with it. Drop them, or drop roleArn to create the role.',
        );
    });

    it("with identity PodIdentity and clusterName alone, plans the add-ons from the cluster's ARN (partition, account), with the session's cluster tag", async () => {
        const world = installMocks({ clusters: { demo: ISSUER_URL } });
        const podAddons: AddonPolicies = { certManager: ADDONS.certManager, loadBalancerController: { vpcId: VPC } };
        const role = new ServiceAccountRole("addons", { clusterName: "demo", identity: WorkloadIdentity.PodIdentity, namespace: "kube-system", serviceAccountName: "addons", addonPolicies: podAddons });
        await valueOf(role.roleArn);
        await settle();
        const expected = planAddonPolicies(podAddons as any, { partition: "aws", accountId: ACCOUNT, identity: "podIdentity" }).policies;
        const sent = world.registrations.filter((r) => r.type === ROLE_POLICY || r.type === POLICY).map((r) => r.inputs.policy as string);
        expect(sent.sort()).to.deep.equal(expected.map((p) => p.json).sort());
        expect(sent.join("")).to.contain("${aws:PrincipalTag/eks-cluster-name}");
        expect(world.invocations.map((i) => i.token)).to.deep.equal(["aws:eks/getCluster:getCluster"]);
    });

    it("scopes add-ons by the session's cluster tag with PodIdentity, and by the cluster's name with Both, whose IRSA sessions carry no tag", async () => {
        const world = installMocks();
        const lbc = (clusterName?: string): AddonPolicies => ({ loadBalancerController: { clusterName, vpcId: VPC } });
        new ServiceAccountRole("pod", { ...base, clusterName: CLUSTER, identity: WorkloadIdentity.PodIdentity, addonPolicies: lbc() });
        new ServiceAccountRole("both", { ...base, clusterName: CLUSTER, identity: WorkloadIdentity.Both, addonPolicies: lbc(CLUSTER) });
        await settle();
        const documentOf = (component: string) =>
            world.registrations
                .filter((r) => r.type === POLICY && r.name.startsWith(`${component}-`))
                .map((r) => r.inputs.policy)
                .join("");
        expect(documentOf("pod")).to.contain("${aws:PrincipalTag/eks-cluster-name}");
        expect(documentOf("both")).not.to.contain("PrincipalTag");
        expect(documentOf("both")).to.contain(`elbv2.k8s.aws/cluster":"${CLUSTER}"`);
        // With PodIdentity the cluster has one source, the session tag: a literal name is refused, naming why.
        expect(refusal({ ...base, clusterName: CLUSTER, identity: WorkloadIdentity.PodIdentity, addonPolicies: lbc(CLUSTER) }, "literal")).to.match(
            /^ServiceAccountRole "literal": invalid addonPolicies.loadBalancerController.clusterName "demo": with Pod Identity the cluster comes from the session tag eks-cluster-name/,
        );
    });

    for (const argument of ["policyArns", "inlinePolicies"] as const) {
        it(`keeps the addon- prefix from ${argument} keys, so that no two policies or children share a name`, () => {
            installMocks();
            const value = argument === "policyArns" ? "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" : documentOfSize(200);
            expect(refusal({ ...base, [argument]: { "addon-externalDns": value } })).to.equal(
                `ServiceAccountRole "addons": invalid ${argument} key "addon-externalDns": names starting with "addon-" are kept for the policies of addonPolicies, so that no two policies of the role share a name. Rename the key.`,
            );
        });
    }
});

describe("ServiceAccountRole addonPolicies: IAM's limits at their edges, counting the role's own policies", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    const small: AddonPolicies = { certManager: ADDONS.certManager, externalDns: ADDONS.externalDns };
    const smallInline = planAddonPolicies(small as any, IRSA).inlineSize;

    it(`accepts inline policies of exactly 10,240 characters with the add-ons' (${smallInline}), refuses one more, plain and late`, async () => {
        expect(smallInline).to.equal(894);
        installMocks();
        expect(refusal({ ...base, addonPolicies: small, inlinePolicies: { own: documentOfSize(10240 - smallInline) } })).to.equal(undefined);
        const message =
            'ServiceAccountRole "addons": invalid addonPolicies ["certManager","externalDns"]: the role\'s inline policies would have 10241 characters (9347 of inlinePolicies and 894 of add-ons ' +
            "under 2048 characters each, which stay inline), above IAM's 10240, which AWS does not raise. Move some add-ons or inline policies to another role.";
        const world = installMocks();
        expect(refusal({ ...base, addonPolicies: small, inlinePolicies: { own: documentOfSize(10241 - smallInline) } })).to.equal(message);
        expect(world.registrations.filter((r) => r.custom)).to.deep.equal([]);
        const late = await lateOutcome({ ...base, addonPolicies: small, inlinePolicies: { own: pulumi.output(documentOfSize(10241 - smallInline)) } });
        expect(late).to.deep.equal({ outcome: `rejected: ${message}`, registered: ["eks-irsa:index:ServiceAccountRole"] });
    });

    const policyArns = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, `arn:aws:iam::${ACCOUNT}:policy/p${i}`]));

    it("accepts 7 policyArns beside the add-ons' 3 managed policies (10, IAM's default quota), refuses 8, and accepts 8 with managedPolicyLimit 11", async () => {
        expect(PLANNED.managedPolicies).to.equal(3);
        installMocks();
        expect(refusal({ ...base, policyArns: policyArns(7) })).to.equal(undefined);
        const message =
            'ServiceAccountRole "addons": invalid addonPolicies ["certManager","externalDns","ebsCsiDriver","loadBalancerController"]: the role would have 11 managed policies ' +
            "(8 of policyArns and 3 for add-ons above 2048 characters), above the limit of 10. Raise managedPolicyLimit after raising the account's PoliciesPerRole quota (up to 20), " +
            "or give some add-ons their own role.";
        const world = installMocks();
        expect(refusal({ ...base, policyArns: policyArns(8) })).to.equal(message);
        expect(world.registrations.filter((r) => r.custom)).to.deep.equal([]);
        const late = await lateOutcome({ ...base, policyArns: policyArns(8), managedPolicyLimit: pulumi.output(10) });
        expect(late).to.deep.equal({ outcome: `rejected: ${message}`, registered: ["eks-irsa:index:ServiceAccountRole"] });
        const { world: accepted } = await build({ ...base, policyArns: policyArns(8), managedPolicyLimit: 11 });
        expect(accepted.registrations.filter((r) => r.type === ATTACHMENT)).to.have.length(11);
    });
});

describe("ServiceAccountRole addonPolicies: adding or removing an add-on never replaces another's resources", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    const urnsOf = (world: MockWorld, addon: string) =>
        world.registrations
            .filter((r) => r.name === `addons-addon-${addon}` || r.name.startsWith(`addons-addon-${addon}-`))
            .map((r) => r.urn)
            .sort();

    it("keeps every other add-on's URNs when one is added, removed, or given late", async () => {
        const all = await build(base);
        const withoutCertManager = await build({ ...base, addonPolicies: { ...ADDONS, certManager: undefined } });
        const late = await build({ ...base, addonPolicies: { ...ADDONS, externalDns: pulumi.output({ hostedZoneArns: [ZONE] }) } });
        for (const addon of ["ebsCsiDriver", "externalDns", "loadBalancerController"]) {
            expect(urnsOf(withoutCertManager.world, addon), addon).to.deep.equal(urnsOf(all.world, addon)).and.not.deep.equal([]);
            expect(urnsOf(late.world, addon), addon).to.deep.equal(urnsOf(all.world, addon));
        }
        expect(urnsOf(withoutCertManager.world, "certManager")).to.deep.equal([]);
        expect(urnsOf(all.world, "loadBalancerController")).to.have.length(4);
    });

    it("a late add-on's policy is the plain one's, and secret when its input is", async () => {
        const { world } = await build({ ...base, addonPolicies: { externalDns: { hostedZoneArns: pulumi.secret([ZONE]) } } });
        const policy = world.byName("addons-addon-externalDns", ROLE_POLICY).inputs.policy;
        expect(policy).to.deep.equal({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: PLANNED.policies[2].json });
    });
});
