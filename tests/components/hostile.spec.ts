import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterOidcProvider, IrsaArgumentError, ServiceAccountRole, ServiceAccountRoleArgs } from "../../index";
import { redact } from "../../src/components/inputs";
import { planServiceAccountRole } from "../../src/components/serviceAccountRolePlan";
import { installMocks, S3_READ_ONLY, settle, valueOf } from "../harness";

// Arguments a hostile or careless caller (JavaScript, YAML, an SDK) could pass.
const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC";
const base = { oidcProviderArn: PROVIDER, namespace: "ns", serviceAccountName: "sa", serviceAccountMode: "None" } as const;

describe("hostile arguments: lists with holes", () => {
    // `[, x]` has no item 0: Array.prototype.map skipped it, so its check never ran and the plan crashed with a TypeError.
    it("refuses additionalServiceAccounts with a hole, naming the argument", () => {
        // eslint-disable-next-line no-sparse-arrays
        const args = { ...base, additionalServiceAccounts: [, { namespace: "a", name: "b" }] } as any;
        expect(() => planServiceAccountRole("r", args, {})).to.throw(
            IrsaArgumentError,
            "invalid additionalServiceAccounts (not set): additionalServiceAccounts is a list without holes: every item from 0 to 1 is set.",
        );
    });

    it("refuses additionalOidcProviderArns with a hole, naming the argument", () => {
        // eslint-disable-next-line no-sparse-arrays
        const args = { ...base, additionalOidcProviderArns: [PROVIDER.replace("ABC", "DEF"), ,] } as any;
        expect(() => planServiceAccountRole("r", args, {})).to.throw(
            IrsaArgumentError,
            "invalid additionalOidcProviderArns (not set): additionalOidcProviderArns is a list without holes: every item from 0 to 1 is set.",
        );
    });
});

/** The message roleArn rejects with; the registrations that fail on purpose are swallowed. */
async function roleArnRejection(args: ServiceAccountRoleArgs, name = "s3-reader"): Promise<string> {
    installMocks();
    const ignore = () => undefined;
    process.on("unhandledRejection", ignore);
    try {
        const role = new ServiceAccountRole(name, args);
        const message = await valueOf(role.roleArn).then(
            (value) => `resolved: ${value}`,
            (error: Error) => error.message,
        );
        await settle().catch(ignore);
        return message;
    } finally {
        await new Promise((resolve) => setTimeout(resolve, 10));
        process.off("unhandledRejection", ignore);
    }
}

describe("hostile arguments: secrets in messages", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    const rejection = (args: ServiceAccountRoleArgs) => roleArnRejection(args);

    const withPolicy = { ...base, serviceAccountMode: undefined, policyArns: { s3: S3_READ_ONLY } } as ServiceAccountRoleArgs;

    // redact replaced a secret of fewer than 4 characters only where the rule quoted it, so "quota of 10" printed it.
    it("a secret trustPolicySizeLimit too small for the policy is not printed in the rule", async () => {
        const message = await rejection({ ...withPolicy, trustPolicySizeLimit: pulumi.secret(10) });
        expect(message).to.contain('ServiceAccountRole "s3-reader": invalid trustPolicySizeLimit (a secret, not shown): the trust policy has ');
        expect(message).to.contain("quota of (secret) (");
        expect(message).not.to.match(/\b10\b/);
    });

    it("a secret managedPolicyLimit below the number of policies is not printed in the rule", async () => {
        const message = await rejection({ ...withPolicy, policyArns: { a: S3_READ_ONLY, b: S3_READ_ONLY }, managedPolicyLimit: pulumi.secret(1) });
        expect(message).to.equal(
            'ServiceAccountRole "s3-reader": invalid policyArns (a secret, not shown): IAM attaches at most (secret) managed policies to a role (quota PoliciesPerRole). ' +
                "Merge policies, or raise the quota in Service Quotas and pass the new value as managedPolicyLimit.",
        );
    });

    // A check over a record the plan combined named its own argument ("trustPolicySizeLimit") and hid the record's
    // field names ("partition", "primary") as if they were the secret.
    it("a secret provider ARN in another partition names additionalOidcProviderArns[0] and keeps the rule readable", async () => {
        const china = "arn:aws-cn:iam::123456789012:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC";
        const message = await rejection({ ...withPolicy, additionalOidcProviderArns: [pulumi.secret(china)] });
        expect(message).to.equal(
            'ServiceAccountRole "s3-reader": invalid additionalOidcProviderArns[0] (a secret, not shown): every provider a role trusts is in the role\'s partition, ' +
                'here "aws" (the primary provider\'s); a provider in another partition can never be used.',
        );
    });

    it("redact hides a short secret as a whole word only, and a long one anywhere", () => {
        expect(redact("a quota of 10, not 100 or 510", 10)).to.equal("a quota of (secret), not 100 or 510");
        expect(redact('keys "ab" and ab-c and tab', { ab: "x" })).to.equal('keys "(secret)" and (secret)-c and tab');
        expect(redact("the role's partition", { partition: "aws-cn" }, false)).to.equal("the role's partition");
    });
});

describe("hostile arguments: JavaScript values from other runtimes and careless callers (issue 23)", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    /** The constructor's error message, or how roleArn ends; every child it registered besides the component. */
    async function outcome(args: unknown): Promise<{ message: string; children: string[] }> {
        const world = installMocks();
        const ignore = () => undefined;
        process.on("unhandledRejection", ignore);
        try {
            let message: string;
            try {
                const role = new ServiceAccountRole("r", args as ServiceAccountRoleArgs);
                message = await valueOf(role.roleArn).then(
                    (value) => `resolved: ${value}`,
                    (error: Error) => `${error.constructor.name}: ${error.message}`,
                );
            } catch (error) {
                message = `${(error as Error).constructor.name}: ${(error as Error).message}`;
            }
            await settle().catch(ignore);
            return { message, children: world.registrations.filter((r) => r.type !== "eks-irsa:index:ServiceAccountRole").map((r) => r.type) };
        } finally {
            await new Promise((resolve) => setTimeout(resolve, 10));
            process.off("unhandledRejection", ignore);
        }
    }
    const withRole = { ...base, policyArns: { s3: S3_READ_ONLY } };

    // A BigInt (Python's and Go's ints can arrive so, and JSON.stringify cannot show one) gave "TypeError: Do not know how
    // to serialize a BigInt" instead of the argument's rule.
    for (const key of ["maxSessionDuration", "tokenExpirationSeconds", "trustPolicySizeLimit", "managedPolicyLimit"]) {
        it(`refuses a BigInt ${key}, plain or late, with the argument's name and rule`, async () => {
            const args = { ...withRole, serviceAccountMode: key === "tokenExpirationSeconds" ? "Manifest" : "None", [key]: BigInt(3600) };
            expect(() => planServiceAccountRole("r", args as any, {})).to.throw(IrsaArgumentError, `invalid ${key} "3600n": ${key} is a number, not a bigint.`);
            const late = await outcome({ ...args, [key]: pulumi.output(BigInt(3600)) });
            expect(late).to.deep.equal({ message: `IrsaArgumentError: ServiceAccountRole "r": invalid ${key} "3600n": ${key} is a number, not a bigint.`, children: [] });
        });
    }

    it("refuses a BigInt inside a map (a tag value), naming the entry", () => {
        expect(() => planServiceAccountRole("r", { ...withRole, tags: { team: BigInt(7) } } as any, {})).to.throw(IrsaArgumentError, 'invalid tags.team "7n": a tag value has at most 256');
    });

    // A map that contains itself overflowed the stack (RangeError) in the walk that looks for Outputs.
    const cyclic = () => {
        const addons: any = { vpcCni: { ipFamily: "ipv4" } };
        addons.vpcCni.self = addons;
        return addons;
    };
    // An Output whose value is cyclic never reaches the component: Pulumi's own apply walks the value first.
    it("refuses a cyclic addonPolicies, and one holding an Output, with the argument's name and rule, creating nothing", async () => {
        const rule = 'invalid addonPolicies.vpcCni.self "(cyclic)": addonPolicies.vpcCni.self contains itself (a cyclic value): pass plain data, maps and lists of strings, numbers and booleans that end.';
        expect(() => planServiceAccountRole("r", { ...withRole, addonPolicies: cyclic() } as any, {})).to.throw(IrsaArgumentError, rule);
        const withOutput = cyclic();
        withOutput.vpcCni.ipFamily = pulumi.output("ipv4");
        const late = await outcome({ ...withRole, addonPolicies: withOutput });
        expect(late).to.deep.equal({ message: `ResourceError: ServiceAccountRole "r": ${rule}`, children: [] });
    });

    for (const [key, value] of [
        ["tags", (self: any) => ({ team: "a", nested: self })],
        ["serviceAccountLabels", (self: any) => ({ app: "a", self })],
        ["additionalServiceAccounts", (self: any) => [{ namespace: "a", name: "b" }, self]],
        ["verifyAccessOptions", (self: any) => ({ self })],
    ] as [string, (self: unknown) => object][]) {
        it(`refuses a cyclic ${key}, naming where it contains itself`, () => {
            const v: any = value(undefined);
            const self = Array.isArray(v) ? 1 : Object.keys(v).find((k) => v[k] === undefined)!;
            v[self] = v;
            const args = { ...withRole, serviceAccountMode: "Manifest", verifyAccess: key === "verifyAccessOptions" ? true : undefined, [key]: v };
            const where = Array.isArray(v) ? `${key}[1]` : `${key}.${self}`;
            expect(() => planServiceAccountRole("r", args as any, {})).to.throw(IrsaArgumentError, `invalid ${where} "(cyclic)": ${where} contains itself (a cyclic value)`);
        });
    }

    // Object.create(null) maps (other runtimes' marshalling makes them) passed every check, then Pulumi's serialization of
    // the Role threw "TypeError: Cannot convert object to primitive value".
    const bare = <T extends object>(entries: T): T => Object.assign(Object.create(null), entries);
    it("accepts maps without a prototype (tags, labels, annotations, addonPolicies), plain or late, and sends them as given", async () => {
        for (const late of [false, true]) {
            const args = {
                ...withRole,
                serviceAccountMode: "Manifest",
                tags: bare({ team: "data" }),
                serviceAccountLabels: bare({ app: "reader" }),
                serviceAccountAnnotations: bare({ "example.com/owner": "data" }),
                addonPolicies: bare({ vpcCni: bare({ ipFamily: "ipv4" }) }),
            };
            const world = installMocks();
            const role = new ServiceAccountRole("r", late ? { ...args, tags: pulumi.output(args.tags), addonPolicies: pulumi.output(args.addonPolicies) } : (args as any));
            await valueOf(role.roleArn);
            await settle();
            expect(world.byName("r", "aws:iam/role:Role").inputs.tags, `late ${late}`).to.deep.equal({ team: "data" });
            expect(world.byName("r-sa").inputs.metadata.labels).to.deep.equal({ app: "reader" });
            expect(world.byName("r-sa").inputs.metadata.annotations["example.com/owner"]).to.equal("data");
            expect(world.byName("r-addon-vpcCni", "aws:iam/rolePolicy:RolePolicy").inputs.name).to.equal("addon-vpcCni");
        }
    });

    it("ClusterOidcProvider: takes tags without a prototype, and refuses cyclic tags and a BigInt in clientIds with their names", async () => {
        const world = installMocks();
        const provider = new ClusterOidcProvider("p", { issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC", tags: bare({ team: "data" }) });
        await valueOf(provider.arn);
        await settle();
        expect(world.byName("p-provider").inputs.tags).to.deep.equal({ team: "data" });
        const tags: any = { team: "data" };
        tags.self = tags;
        expect(() => new ClusterOidcProvider("q", { issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC", tags })).to.throw(
            'ClusterOidcProvider "q": invalid tags.self "(cyclic)": tags.self contains itself (a cyclic value)',
        );
        expect(() => new ClusterOidcProvider("r", { issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC", clientIds: [BigInt(1) as any] })).to.throw(
            'ClusterOidcProvider "r": invalid clientIds[0] "1n": an audience (OIDC client ID) has 1 to 255 characters',
        );
        await settle().catch(() => undefined);
    });

    it("refuses the tag key __proto__, which Pulumi would drop silently", () => {
        expect(() => planServiceAccountRole("r", { ...withRole, tags: JSON.parse('{"__proto__":"x"}') } as any, {})).to.throw(
            IrsaArgumentError,
            'invalid tags key "__proto__": a tag key may not be __proto__',
        );
    });

    // A valid IAM tag key, but Pulumi's registration writes each input as text (`${tags}`), which calls the map's own
    // "toString" member: `render --tag toString=y` exited 3 with "internal error: Cannot convert object to primitive value".
    it("refuses the tag key toString (only that spelling), on the role and on ClusterOidcProvider, naming tags", async () => {
        installMocks();
        const rule = 'invalid tags key "toString": a tag key may not be toString: Pulumi writes the tags map as text when it registers the resource';
        expect(() => new ServiceAccountRole("r", { ...withRole, tags: { toString: "y" } } as ServiceAccountRoleArgs)).to.throw(`ServiceAccountRole "r": ${rule}`);
        expect(() => new ClusterOidcProvider("p", { issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC", tags: { toString: "y" } })).to.throw(rule);
        expect(() => planServiceAccountRole("r", { ...withRole, tags: { ToString: "y" } } as any, {})).not.to.throw();
        await settle().catch(() => undefined);
    });
});

describe("hostile arguments: no part of a secret in a message (issue 23)", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    const rejection = (args: ServiceAccountRoleArgs) => roleArnRejection(args, "r");

    // The example: the account of a secret node role ARN was quoted as the cluster's account.
    it("a secret addonPolicies with Karpenter node roles of two accounts shows neither account", async () => {
        const message = await rejection({
            issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/ABC",
            namespace: "karpenter",
            serviceAccountName: "karpenter",
            addonPolicies: pulumi.secret({
                karpenter: { clusterName: "prod", region: "eu-west-3", nodeRoleArns: ["arn:aws:iam::999988887777:role/nodes", "arn:aws:iam::111122223333:role/nodes"] },
            }),
        } as ServiceAccountRoleArgs);
        // Every part of the secret is hidden, "role" of the ARN's role/nodes too, wherever the rule says it.
        expect(message).to.equal(
            'ServiceAccountRole "r": invalid addonPolicies.karpenter.nodeRoleArns[0] (a secret, not shown): a node (secret) must be in the cluster\'s account (secret) ' +
                "(the (secret)'s): an instance profile holds (secret)s of its own account only.",
        );
        for (const part of ["999988887777", "111122223333", "nodes"]) {
            expect(message).not.to.contain(part);
        }
    });

    it("a secret ARN of the wrong service shows neither its service nor its name", async () => {
        const message = await rejection({ ...base, addonPolicies: pulumi.secret({ externalDns: { hostedZoneArns: ["arn:aws:s3:::payroll-exports"] } }) } as ServiceAccountRoleArgs);
        expect(message).to.equal(
            'ServiceAccountRole "r": invalid addonPolicies.externalDns.hostedZoneArns[0] (a secret, not shown): this must be an ARN of service route53 (arn:aws:route53:::hostedzone/<zone ID>), not (secret).',
        );
    });

    it("redact hides every part of a secret string, an ARN's account and segments included, and leaves the ARN form's words", () => {
        expect(redact("in the cluster's account 999988887777 (that of the first node)", ["arn:aws:iam::999988887777:role/nodes"])).to.equal(
            "in the cluster's account (secret) (that of the first node)",
        );
        expect(redact("under prefix team-a of arn:aws:s3:::", { prefixes: ["team-a/finance/"] }, false)).to.equal("under prefix (secret) of arn:aws:s3:::");
    });
});

describe("hostile arguments: lone UTF-16 surrogates (issue 28 attack)", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());
    const withRole = { ...base, policyArns: { s3: S3_READ_ONLY }, serviceAccountMode: "Manifest" };
    const rule = (at: string) => `${at} holds a lone UTF-16 surrogate (U+D800 to U+DFFF outside a pair), which is not a character: Pulumi sends it as U+FFFD, and go-yaml (kubectl, Helm) refuses render's output. Pass well-formed text.`;

    // An annotation value, the verification Job's image and its probe command passed every check; render printed
    // "\ud800" in double quotes, which go-yaml refuses ("found invalid Unicode character escape code"), and `pulumi up`
    // would have sent U+FFFD: what is registered differs from what was given. Refused wherever a string arrives.
    for (const [at, extra] of [
        ['serviceAccountAnnotations.example.com/note "a\\udc00"', { serviceAccountAnnotations: { "example.com/note": "a\udc00" } }],
        ['verifyAccessOptions.image "x\\ud83d"', { verifyAccess: true, verifyAccessOptions: { image: "x\ud83d" } }],
        ['verifyAccessOptions.probeCommand "\\ud800 ls"', { verifyAccess: true, verifyAccessOptions: { probeCommand: "\ud800 ls" } }],
        ['tags "\\udfff" key', { tags: { "\udfff": "v" } }],
        ['roleDescription "\\ud800"', { roleDescription: "\ud800" }],
    ] as [string, object][]) {
        it(`refuses ${at}, plain and late, naming the argument`, async () => {
            const name = at.replace(/ ".*/, "");
            const where = at.endsWith(" key") ? `${name}.${JSON.parse(at.slice(name.length + 1, -4))}` : name;
            expect(() => planServiceAccountRole("r", { ...withRole, ...extra } as any, {})).to.throw(IrsaArgumentError, `: ${rule(where)}`);
            const [key] = Object.keys(extra).filter((k) => k !== "verifyAccess");
            installMocks();
            const ignore = () => undefined;
            process.on("unhandledRejection", ignore);
            try {
                const role = new ServiceAccountRole("r", { ...withRole, ...extra, [key]: pulumi.output((extra as any)[key]) } as ServiceAccountRoleArgs);
                const message = await valueOf(role.roleArn).then(
                    (value) => `resolved: ${value}`,
                    (error: Error) => error.message,
                );
                await settle().catch(ignore);
                expect(message).to.contain(`ServiceAccountRole "r": invalid ${where}`).and.to.contain(rule(where));
            } finally {
                await new Promise((resolve) => setTimeout(resolve, 10));
                process.off("unhandledRejection", ignore);
            }
        });
    }

    it("accepts a surrogate pair (an emoji) in an annotation value", () => {
        expect(() => planServiceAccountRole("r", { ...withRole, serviceAccountAnnotations: { "example.com/note": "ok 😀" } } as any, {})).not.to.throw();
    });
});

describe("hostile arguments: objects that throw when read (issue 23 attack)", () => {
    const withRole = { ...base, policyArns: { s3: S3_READ_ONLY }, serviceAccountMode: "Manifest" };
    const throwing = () => ({
        get team(): string {
            throw new Error("getter");
        },
    });
    const proxy = () =>
        new Proxy(
            {},
            {
                get: () => {
                    throw new Error("proxy");
                },
                ownKeys: () => {
                    throw new Error("proxy");
                },
            },
        );
    // A getter or a Proxy that throws reached the caller as a bare "Error: getter" stack trace from the walk over the argument.
    for (const [key, value, at] of [
        ["tags", throwing, "tags.team"],
        ["serviceAccountLabels", throwing, "serviceAccountLabels.team"],
        ["namespace", proxy, "namespace"],
        ["addonPolicies", proxy, "addonPolicies"],
        ["verifyAccessOptions", throwing, "verifyAccessOptions.team"],
        ["policyArns", proxy, "policyArns"],
        ["inlinePolicies", throwing, "inlinePolicies.team"],
    ] as [string, () => object, string][]) {
        it(`refuses ${key} whose ${value === proxy ? "Proxy" : "getter"} throws, naming ${at}`, () => {
            const args = { ...withRole, verifyAccess: key === "verifyAccessOptions" ? true : undefined, [key]: value() };
            expect(() => planServiceAccountRole("r", args as any, {})).to.throw(
                IrsaArgumentError,
                `invalid ${at} "(unreadable)": ${at} cannot be read: reading it threw an exception (Error). Pass plain data: maps and lists of strings, numbers and booleans.`,
            );
        });
    }
});

describe("hostile arguments: objects that are not maps (issue 23 attack)", () => {
    const withRole = { ...base, policyArns: { s3: S3_READ_ONLY }, serviceAccountMode: "Manifest" };
    // A Map, a Date or a String object passed checkType's "object" test: a `new Map([["s3", arn]])` policyArns or tags
    // was read as an empty map (Object.entries sees no entries), so the policies or tags were dropped without a word,
    // and `new String("ab")` became the tags {0: "a", 1: "b"}.
    for (const [key, value, kind] of [
        ["policyArns", () => new Map([["s3", S3_READ_ONLY]]), "a Map"],
        ["tags", () => new Map([["team", "a"]]), "a Map"],
        ["tags", () => new String("ab"), "a String"],
        ["serviceAccountLabels", () => new Date(0), "a Date"],
        ["addonPolicies", () => new Set(["vpcCni"]), "a Set"],
        ["inlinePolicies", () => new (class Policies {})(), "a Policies"],
        ["verifyAccessOptions.resources", () => new Map([["cpuRequest", "1"]]), "a Map"],
        ["addonPolicies.externalDns.hostedZoneArns", () => new Set(["arn:aws:route53:::hostedzone/Z1"]), "a Set"],
    ] as [string, () => object, string][]) {
        it(`refuses ${kind} as ${key}, naming it`, () => {
            // The value at its place: "a.b.c" is { a: { b: { c: value } } }.
            const [top, ...rest] = key.split(".");
            const nested = rest.reduceRight((inner: unknown, k) => ({ [k]: inner }), value());
            const args = { ...withRole, verifyAccess: top === "verifyAccessOptions" ? true : undefined, [top]: nested };
            expect(() => planServiceAccountRole("r", args as any, {})).to.throw(
                IrsaArgumentError,
                `: ${key} is plain data (a map, a list, a string, a number or a boolean), not ${kind}.`,
            );
        });
    }
});

describe("hostile arguments: plain data of another realm", () => {
    // A map made in a vm context (a test runner's sandbox) has that realm's Object.prototype: still plain data.
    it("accepts tags and policyArns made in another realm", () => {
        const vm = require("vm");
        const made = vm.runInNewContext('({ tags: { team: "a" }, policyArns: { s3: arn } })', { arn: S3_READ_ONLY });
        const plan = planServiceAccountRole("r", { ...base, ...made } as any, {});
        expect(JSON.stringify(plan)).to.contain('"team":"a"').and.to.contain(S3_READ_ONLY);
    });
});
