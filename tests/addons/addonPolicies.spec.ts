import { expect } from "chai";
import { ADDON_KEYS, MAX_INLINE_ADDON_POLICY_SIZE, MAX_MANAGED_POLICY_SIZE, planAddonPolicies, ResolvedAddonPolicies } from "../../src/addons/addonPolicies";
import { IrsaArgumentError } from "../../src/errors";
import { MAX_INLINE_POLICIES_SIZE } from "../../src/policy/rules";

const CONTEXT = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const ALL: ResolvedAddonPolicies = {
    amazonManagedPrometheus: { workspaceArns: ["arn:aws:aps:eu-west-3:111122223333:workspace/ws-0b5a2a7e-1f6c-4c1e-9a55-1234567890ab"], remoteWrite: true, query: true },
    // All eighteen must fit one role's 10,240 inline characters: these two without their optional inputs (their specs cover them).
    awsGatewayController: { allowAllVpcLatticeResources: true },
    certManager: { hostedZoneArns: [ZONE] },
    cloudwatchObservability: { clusterName: "prod", logGroupNames: ["/aws/application-signals/data"], traces: true },
    ebsCsiDriver: { kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:key/mrk-0123456789abcdef0123456789abcdef"] },
    externalDns: { hostedZoneArns: [ZONE] },
    externalSecrets: { secretArns: ["arn:aws:secretsmanager:eu-west-3:111122223333:secret:prod/db-AbC123"], kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:key/0b5a2a7e-1f6c-4c1e-9a55-1234567890ab"] },
    fsxLustreCsiDriver: {},
    fsxOpenzfsCsiDriver: { fileSystemArns: ["arn:aws:fsx:eu-west-3:111122223333:file-system/fs-0123456789abcdef0"] },
    loadBalancerController: { clusterName: "prod", vpcId: "vpc-0123456789abcdef0" },
    efsCsiDriver: { fileSystemArns: ["arn:aws:elasticfilesystem:eu-west-3:111122223333:file-system/fs-0123456789abcdef0"] },
    mountpointS3CsiDriver: { bucketArns: ["arn:aws:s3:::data-bucket"], prefixes: ["team-a/"], allowWrites: true, allowDeletes: true },
    velero: { bucketArns: ["arn:aws:s3:::velero-backups"], volumeSnapshots: true },
    karpenter: {
        clusterName: "prod",
        region: "eu-west-3",
        nodeRoleArns: ["arn:aws:iam::111122223333:role/KarpenterNodeRole-prod"],
        interruptionQueueArn: "arn:aws:sqs:eu-west-3:111122223333:prod",
    },
    clusterAutoscaler: { clusterNames: ["prod"] },
    vpcCni: { ipFamily: "ipv4" },
    nodeTerminationHandler: { queueArns: ["arn:aws:sqs:eu-west-3:111122223333:nth-prod"] },
    loadBalancerControllerTargetGroupBindingOnly: { targetGroupArns: ["arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/web/0123456789abcdef"] },
};

function zones(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `arn:aws:route53:::hostedzone/Z${String(i).padStart(20, "0")}`);
}

function refusal(run: () => unknown): IrsaArgumentError {
    try {
        run();
    } catch (error) {
        expect(error).to.be.instanceOf(IrsaArgumentError);
        return error as IrsaArgumentError;
    }
    throw new Error("expected a refusal");
}

describe("planAddonPolicies: placement", () => {
    it("keeps small documents inline and puts large ones in managed policies, split to fit", () => {
        const plan = planAddonPolicies(ALL, CONTEXT);
        expect(plan.policies.map((p) => [p.name, p.placement, p.size])).to.deep.equal([
            ["addon-amazonManagedPrometheus", "inline", 425],
            ["addon-awsGatewayController", "inline", 730],
            ["addon-certManager", "inline", 541],
            ["addon-cloudwatchObservability", "inline", 877],
            ["addon-ebsCsiDriver", "managed", 3657],
            ["addon-externalDns", "inline", 353],
            ["addon-externalSecrets", "inline", 468],
            ["addon-fsxLustreCsiDriver", "inline", 864],
            ["addon-fsxOpenzfsCsiDriver", "managed", 2392],
            ["addon-loadBalancerController", "managed", 5989],
            ["addon-loadBalancerController-2", "managed", 360],
            ["addon-efsCsiDriver", "inline", 1047],
            ["addon-mountpointS3CsiDriver", "inline", 572],
            ["addon-velero", "inline", 1009],
            ["addon-karpenter", "managed", 6122],
            ["addon-clusterAutoscaler", "inline", 746],
            ["addon-vpcCni", "inline", 626],
            ["addon-nodeTerminationHandler", "inline", 538],
            ["addon-loadBalancerControllerTargetGroupBindingOnly", "inline", 589],
        ]);
        expect([plan.inlineSize, plan.managedPolicies, plan.wildcards]).to.deep.equal([9385, 5, [{ argument: "addonPolicies.awsGatewayController.allowAllVpcLatticeResources", resource: "*" }]]);
        for (const policy of plan.policies) {
            expect(policy.json).to.equal(JSON.stringify(policy.document));
        }
    });

    it("splits by whole statements, in order, losing none", () => {
        const lbc = planAddonPolicies({ loadBalancerController: ALL.loadBalancerController }, CONTEXT).policies;
        const whole = planAddonPolicies({ loadBalancerController: { clusterName: "prod", vpcId: "vpc-0123456789abcdef0" } }, CONTEXT).policies.flatMap((p) => p.document.Statement);
        expect(lbc.flatMap((p) => p.document.Statement)).to.deep.equal(whole);
        expect(lbc.map((p) => p.document.Statement.length)).to.deep.equal([15, 1]);
    });

    it("fills each managed part as far as IAM's size allows, measured on the whole document", () => {
        for (const count of [60, 100, 111]) {
            const statements = (n: number) => planAddonPolicies({ externalDns: { hostedZoneArns: zones(n) }, loadBalancerController: ALL.loadBalancerController, karpenter: ALL.karpenter }, CONTEXT).policies;
            const parts = statements(count).filter((p) => p.placement === "managed");
            for (const [i, part] of parts.entries()) {
                expect(part.size, part.name).to.equal(JSON.stringify(part.document).replace(/\s/g, "").length).and.to.be.at.most(MAX_MANAGED_POLICY_SIZE);
                const next = parts[i + 1];
                if (next?.addon === part.addon) {
                    const grown = JSON.stringify({ ...part.document, Statement: [...part.document.Statement, next.document.Statement[0]] }).replace(/\s/g, "");
                    expect(grown.length, `${part.name} could take the next statement`).to.be.above(MAX_MANAGED_POLICY_SIZE);
                }
            }
        }
    });

    it("never changes an add-on's policies when another add-on is added or removed", () => {
        const alone = Object.fromEntries(ADDON_KEYS.map((key) => [key, planAddonPolicies({ [key]: ALL[key] }, CONTEXT).policies]));
        const together = planAddonPolicies(ALL, CONTEXT).policies;
        for (const key of ADDON_KEYS) {
            expect(together.filter((p) => p.addon === key), key).to.deep.equal(alone[key]);
        }
    });

    it("does not depend on the order of the caller's keys", () => {
        const reversed = Object.fromEntries(Object.entries(ALL).reverse()) as ResolvedAddonPolicies;
        expect(planAddonPolicies(reversed, CONTEXT)).to.deep.equal(planAddonPolicies(ALL, CONTEXT));
    });

    it("collects the wildcard opt-ins", () => {
        const plan = planAddonPolicies({ certManager: { allowAllHostedZones: true }, externalDns: { allowAllHostedZones: true } }, CONTEXT);
        expect(plan.wildcards).to.deep.equal([
            { argument: "addonPolicies.certManager.allowAllHostedZones", resource: "arn:aws:route53:::hostedzone/*" },
            { argument: "addonPolicies.externalDns.allowAllHostedZones", resource: "arn:aws:route53:::hostedzone/*" },
        ]);
    });

    it("plans nothing without add-ons", () => {
        expect(planAddonPolicies(undefined, { ...CONTEXT, inlinePolicyCharacters: 12, attachedManagedPolicies: 2 })).to.deep.equal({
            policies: [],
            wildcards: [],
            inlineSize: 12,
            managedPolicies: 2,
        });
    });
});

describe("planAddonPolicies: the inline threshold, at its limit", () => {
    // The first number of zones whose external-dns document is above the threshold.
    const sizes = Array.from({ length: 40 }, (_, n) => planAddonPolicies({ externalDns: { hostedZoneArns: zones(n + 1) } }, CONTEXT).policies[0]);
    const firstAbove = sizes.findIndex((p) => p.size > MAX_INLINE_ADDON_POLICY_SIZE);

    it("keeps a document of up to 2,048 characters inline", () => {
        expect(firstAbove + 1).to.equal(33);
        expect([sizes[firstAbove - 1].placement, sizes[firstAbove - 1].size]).to.deep.equal(["inline", 1996]);
    });

    it("moves a document above 2,048 characters to a managed policy", () => {
        expect([sizes[firstAbove].placement, sizes[firstAbove].size, sizes[firstAbove].name]).to.deep.equal(["managed", 2049, "addon-externalDns"]);
    });
});

describe("planAddonPolicies: IAM's limits", () => {
    it("fills the inline budget to exactly 10,240 characters and refuses one more, with the numbers", () => {
        const certManager = { certManager: ALL.certManager };
        const room = MAX_INLINE_POLICIES_SIZE - 541;
        expect(planAddonPolicies(certManager, { ...CONTEXT, inlinePolicyCharacters: room }).inlineSize).to.equal(10240);
        const error = refusal(() => planAddonPolicies(certManager, { ...CONTEXT, inlinePolicyCharacters: room + 1 }));
        expect(error.argument).to.equal("addonPolicies");
        expect(error.message).to.contain("would have 10241 characters (9700 of inlinePolicies and 541 of add-ons under 2048 characters each, which stay inline), above IAM's 10240");
    });

    it("uses exactly the managed-policy limit and refuses one more, with the numbers", () => {
        const large = { ebsCsiDriver: ALL.ebsCsiDriver, loadBalancerController: ALL.loadBalancerController };
        expect(planAddonPolicies(large, { ...CONTEXT, attachedManagedPolicies: 7 }).managedPolicies).to.equal(10);
        const error = refusal(() => planAddonPolicies(large, { ...CONTEXT, attachedManagedPolicies: 8 }));
        expect(error.message).to.contain("the role would have 11 managed policies (8 of policyArns and 3 for add-ons above 2048 characters), above the limit of 10.");
        expect(planAddonPolicies(large, { ...CONTEXT, attachedManagedPolicies: 8, managedPolicyLimit: 20 }).managedPolicies).to.equal(11);
    });

    it("keeps a managed document of up to 6,144 characters whole, and splits one above", () => {
        const plan = (count: number) => planAddonPolicies({ externalDns: { hostedZoneArns: zones(count) } }, CONTEXT).policies.map((p) => [p.name, p.size]);
        expect(plan(110)).to.deep.equal([["addon-externalDns", 6130]]);
        expect(plan(111)).to.deep.equal([
            ["addon-externalDns", 6092],
            ["addon-externalDns-2", 129],
        ]);
        expect(MAX_MANAGED_POLICY_SIZE).to.equal(6144);
    });

    it("refuses a statement that alone exceeds 6,144 characters, with the numbers", () => {
        const error = refusal(() => planAddonPolicies({ externalDns: { hostedZoneArns: zones(112) } }, CONTEXT));
        expect(error.argument).to.equal("addonPolicies.externalDns");
        expect(error.message).to.equal(
            'invalid addonPolicies.externalDns "statement ChangeRecordsInZones of 6145 characters": one statement cannot exceed IAM\'s managed policy size of 6144 characters (white space not counted). List fewer ARNs.',
        );
    });

    // Every set of up to three add-ons and the set of all: 2^n sets would grow past the suite's time with each add-on.
    const combinations = [
        ...ADDON_KEYS.flatMap((a, i) => [[a], ...ADDON_KEYS.slice(i + 1).flatMap((b, j) => [[a, b], ...ADDON_KEYS.slice(i + j + 2).map((c) => [a, b, c])])]),
        [],
        ADDON_KEYS,
    ];

    it("for every set of up to three add-ons, and all of them, with the role's other policies, plans within the limits or refuses with the numbers", () => {
        const alone = Object.fromEntries(ADDON_KEYS.map((key) => [key, planAddonPolicies({ [key]: ALL[key] }, CONTEXT).policies]));
        let planned = 0;
        let refused = 0;
        expect(combinations).to.have.length(1 + ADDON_KEYS.length + (ADDON_KEYS.length * (ADDON_KEYS.length - 1)) / 2 + (ADDON_KEYS.length * (ADDON_KEYS.length - 1) * (ADDON_KEYS.length - 2)) / 6 + 1);
        for (const keys of combinations) {
            const addons = Object.fromEntries(keys.map((key) => [key, ALL[key]])) as ResolvedAddonPolicies;
            // Around the edges where one more policy or character tips a set over: the exact edges are tested above.
            for (const attachedManagedPolicies of [0, 7, 8, 10]) {
                for (const inlinePolicyCharacters of [0, 9385, 10240]) {
                    const own = Object.keys(addons).flatMap((key) => alone[key]);
                    const fits =
                        inlinePolicyCharacters + own.filter((p) => p.placement === "inline").reduce((sum, p) => sum + p.size, 0) <= MAX_INLINE_POLICIES_SIZE &&
                        attachedManagedPolicies + own.filter((p) => p.placement === "managed").length <= 10;
                    try {
                        const plan = planAddonPolicies(addons, { ...CONTEXT, attachedManagedPolicies, inlinePolicyCharacters });
                        expect(fits).to.equal(true);
                        expect(plan.inlineSize).to.be.at.most(MAX_INLINE_POLICIES_SIZE);
                        expect(plan.managedPolicies).to.be.at.most(10);
                        planned++;
                    } catch (error) {
                        expect(fits).to.equal(false);
                        expect((error as IrsaArgumentError).argument).to.equal("addonPolicies");
                        expect((error as Error).message).to.match(/would have \d+ (characters|managed policies) \(\d+ of (inlinePolicies|policyArns)/);
                        refused++;
                    }
                }
            }
        }
        expect([planned, refused]).to.deep.equal([3797, 8071]);
    });
});

describe("planAddonPolicies: refused arguments", () => {
    it("refuses an unknown add-on, naming it and listing the add-ons", () => {
        const error = refusal(() => planAddonPolicies({ externalDNS: {} } as unknown as ResolvedAddonPolicies, CONTEXT));
        expect(error.message).to.equal('invalid addonPolicies.externalDNS {}: there is no add-on externalDNS; the add-ons are amazonManagedPrometheus, awsGatewayController, certManager, cloudwatchObservability, ebsCsiDriver, externalDns, externalSecrets, fsxLustreCsiDriver, fsxOpenzfsCsiDriver, loadBalancerController, efsCsiDriver, mountpointS3CsiDriver, velero, karpenter, clusterAutoscaler, vpcCni, nodeTerminationHandler, loadBalancerControllerTargetGroupBindingOnly.');
    });

    it("refuses something other than an object", () => {
        expect(refusal(() => planAddonPolicies([] as unknown as ResolvedAddonPolicies, CONTEXT)).argument).to.equal("addonPolicies");
    });

    it("refuses a bad input of one add-on before planning any, naming addonPolicies.<key>.<field>", () => {
        const error = refusal(() => planAddonPolicies({ ...ALL, loadBalancerController: { clusterName: "prod" } }, CONTEXT));
        expect(error.argument).to.equal("addonPolicies.loadBalancerController.vpcId");
    });
});

describe("planAddonPolicies: every string input is literal text for IAM (issue 23)", () => {
    // What slipped past the rules: IAM substitutes a policy variable (`team-a/${aws:userid}/` grants each caller a path of
    // its own) and refuses the whole document at deploy time for a control character or one above U+00FF.
    const HOSTILE: [string, string][] = [
        ["a policy variable", "${aws:userid}"],
        ["NUL", "\u0000"],
        ["a control character", "\u001f"],
        ["DEL", "\u007f"],
        ["a C1 control character", "\u0085"],
        ["a look-alike Cyrillic o", "\u043e"],
        ["a zero-width space", "\u200b"],
        ["an emoji", "\ud83d\ude00"],
    ];
    // Every string of every add-on's settings in ALL, with a few optional ones ALL leaves out for size.
    const settings: ResolvedAddonPolicies = {
        ...ALL,
        awsGatewayController: { allowAllVpcLatticeResources: true, accessLogDestinationArns: ["arn:aws:s3:::access-logs"] },
        externalDns: { hostedZoneArns: [ZONE], recordNames: ["app.example.com"] },
        externalSecrets: { ...ALL.externalSecrets!, parameterArns: ["arn:aws:ssm:eu-west-3:111122223333:parameter/prod/db"] } as any,
        fsxLustreCsiDriver: { s3BucketArns: ["arn:aws:s3:::data-repository"] },
        mountpointS3CsiDriver: { ...ALL.mountpointS3CsiDriver!, kmsKeyArns: ["arn:aws:kms:eu-west-3:111122223333:key/0b5a2a7e-1f6c-4c1e-9a55-1234567890ab"] } as any,
        velero: { bucketArns: ["arn:aws:s3:::velero-backups"], prefixes: ["cluster-a/"] },
    };
    // Policy text as it is: ARNs (checkArn) and key prefixes; the other strings have a narrower form of their own.
    const isPolicyText = (field: string) => field.endsWith("Arns") || field.endsWith("Arn") || field === "prefixes";
    type Input = [key: string, field: string, index: number | undefined, value: string];
    const inputs: Input[] = Object.entries(settings).flatMap(([key, fields]) =>
        Object.entries(fields as object).flatMap(([field, value]): Input[] =>
            typeof value === "string" ? [[key, field, undefined, value]] : Array.isArray(value) ? value.map((item, i): Input => [key, field, i, item as string]) : [],
        ),
    );

    it("covers every add-on with a string input, and every input is accepted as given", () => {
        expect([...new Set(inputs.map(([key]) => key))]).to.have.members(ADDON_KEYS);
        for (const key of ADDON_KEYS) {
            expect(() => planAddonPolicies({ [key]: (settings as any)[key] }, CONTEXT), key).not.to.throw();
        }
        expect(inputs.filter(([, field]) => isPolicyText(field)).length).to.be.greaterThan(15);
    });

    for (const [what, text] of HOSTILE) {
        it(`refuses ${what} in every add-on string, naming the input`, () => {
            for (const [key, field, index, value] of inputs) {
                // Inside the value, before its last character, where a form's regular expression checks least.
                const hostile = `${value.slice(0, -1)}${text}${value.slice(-1)}`;
                const fields = (settings as any)[key];
                const changed = { ...fields, [field]: index === undefined ? hostile : fields[field].map((v: string, i: number) => (i === index ? hostile : v)) };
                const argument = `addonPolicies.${key}.${field}${index === undefined ? "" : `[${index}]`}`;
                let error: unknown;
                try {
                    planAddonPolicies({ [key]: changed }, CONTEXT);
                } catch (e) {
                    error = e;
                }
                expect(error, `${argument} ${JSON.stringify(hostile)}`).to.be.instanceOf(IrsaArgumentError);
                expect((error as IrsaArgumentError).argument, JSON.stringify(hostile)).to.equal(argument);
                expect((error as IrsaArgumentError).message).to.contain(JSON.stringify(hostile));
                if (isPolicyText(field)) {
                    expect((error as IrsaArgumentError).rule, `${argument} ${JSON.stringify(hostile)}`).to.match(text === "${aws:userid}" ? /policy variable/ : /printable Latin-1/);
                }
            }
        });
    }
});
