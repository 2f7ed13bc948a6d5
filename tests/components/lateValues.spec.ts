import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterOidcProvider, ClusterOidcProviderArgs, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../../index";
import { planServiceAccountRole } from "../../src/components/serviceAccountRolePlan";
import { ACCOUNT, installMocks, ISSUER, ISSUER_URL, PROVIDER_ARN, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const base: ServiceAccountRoleArgs = {
    oidcProviderArn: PROVIDER_ARN,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    policyArns: { s3: S3_READ_ONLY },
};
const OUTPUTS = ["roleArn", "roleName", "serviceAccountName", "namespace", "oidcProviderArn", "issuer", "trustPolicy", "serviceAccountAnnotations"] as const;
const manySubjects = Array.from({ length: 40 }, (_, i) => ({ namespace: `z${i.toString(16).padStart(8, "0")}-z${"a".repeat(8)}`, name: `service-account-${i}` }));

/** The constructor's error, or undefined. */
function refusal(args: unknown, name = "s3-reader"): string | undefined {
    try {
        new ServiceAccountRole(name, args as ServiceAccountRoleArgs);
    } catch (error) {
        expect(error).to.be.instanceOf(pulumi.ResourceError);
        return (error as Error).message;
    }
    return undefined;
}

/** How each output of the component ends: its value, or "rejected: <message>"; fails after 5 s if one never settles. */
async function settleOutputs(role: ServiceAccountRole): Promise<{ [output: string]: string }> {
    const ends = OUTPUTS.map((key) =>
        valueOf(role[key] as pulumi.Output<unknown>).then(
            (value) => `resolved: ${JSON.stringify(value)}`,
            (error) => `rejected: ${error.message}`,
        ),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("an output never settled within 5 s")), 5000)));
    try {
        const results = await Promise.race([Promise.all(ends), timeout]);
        return Object.fromEntries(OUTPUTS.map((key, i) => [key, results[i]]));
    } finally {
        clearTimeout(timer);
    }
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

async function everyOutputRejects(args: ServiceAccountRoleArgs): Promise<{ messages: string[]; registered: string[] }> {
    const world = installMocks();
    const messages = await expectingFailures(async () => {
        const role = new ServiceAccountRole("s3-reader", args);
        const outcome = await settleOutputs(role);
        return [...new Set(Object.values(outcome))];
    });
    return { messages, registered: world.registrations.map((r) => r.type) };
}

describe("late values: an Output that resolves to nothing is refused like the plain value", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    it("namespace: pulumi.output(undefined) fails with the plain value's message and registers no child (issue example 1)", async () => {
        installMocks();
        const plain = refusal({ ...base, namespace: undefined });
        expect(plain).to.equal(
            'ServiceAccountRole "s3-reader": invalid namespace (not set): scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern).',
        );
        const late = await everyOutputRejects({ ...base, namespace: pulumi.output(undefined) as unknown as pulumi.Output<string> });
        expect(late.messages).to.deep.equal([`rejected: ${plain}`]);
        expect(late.registered).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
    });

    it("serviceAccountName: pulumi.output(undefined) fails with the plain value's message, never system:serviceaccount:<ns>:undefined", async () => {
        installMocks();
        const plain = refusal({ ...base, serviceAccountName: undefined });
        expect(plain).to.match(/^ServiceAccountRole "s3-reader": invalid serviceAccountName \(not set\): a ServiceAccount name is a DNS-1123 subdomain/);
        const late = await everyOutputRejects({ ...base, serviceAccountName: pulumi.output(undefined) as unknown as pulumi.Output<string> });
        expect(late.messages).to.deep.equal([`rejected: ${plain}`]);
        expect(late.registered).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
    });

    it("audience: pulumi.output(undefined) is refused as not set instead of dropping the :aud condition", async () => {
        const late = await everyOutputRejects({ ...base, audience: pulumi.output(undefined) as unknown as pulumi.Output<string> });
        expect(late.messages).to.have.length(1);
        expect(late.messages[0]).to.match(/^rejected: ServiceAccountRole "s3-reader": invalid audience \(not set\): audience was given as an Output that resolved to nothing/);
        expect(late.registered).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
    });

    for (const key of ["oidcProviderArn", "namespacePattern", "additionalServiceAccounts", "additionalOidcProviderArns"] as const) {
        it(`${key}: pulumi.output(undefined) is refused as not set`, async () => {
            const scope = key === "namespacePattern" ? { scope: TrustScope.Cluster } : {};
            const late = await everyOutputRejects({ ...base, ...scope, [key]: pulumi.output(undefined) } as ServiceAccountRoleArgs);
            expect(late.messages).to.have.length(1);
            expect(late.messages[0]).to.contain(`rejected: ServiceAccountRole "s3-reader": invalid ${key} (not set)`);
        });
    }

    it("a null from JavaScript or YAML means not set, as undefined does", () => {
        installMocks();
        expect(refusal({ ...base, namespace: null })).to.equal(refusal({ ...base, namespace: undefined }));
    });
});

describe("late values: a bad value as an Output rejects every output with the component's message (issue example 2)", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    it('namespace: pulumi.output("Bad_NS"): the same prefixed message as the plain value, on all eight outputs, no child registered', async () => {
        installMocks();
        const plain = refusal({ ...base, namespace: "Bad_NS" });
        expect(plain).to.match(/^ServiceAccountRole "s3-reader": invalid namespace "Bad_NS": a Kubernetes namespace is a DNS-1123 label/);
        const late = await everyOutputRejects({ ...base, namespace: pulumi.output("Bad_NS") });
        expect(late.messages).to.deep.equal([`rejected: ${plain}`]);
        expect(late.registered).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
    });

    it("a late value that passes leaves every output resolved", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...base, namespace: pulumi.output(TUTORIAL_NAMESPACE) });
        const outcome = await settleOutputs(role);
        expect(outcome.namespace).to.equal(`resolved: "${TUTORIAL_NAMESPACE}"`);
        expect(outcome.roleArn).to.equal(`resolved: "arn:aws:iam::${ACCOUNT}:role/s3-reader-1a2b3c4"`);
    });
});

describe("late values with createOidcProvider and clusterName: a failing check creates no OIDC provider", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());
    // issuerUrl's URL waits for the policy's parts already (trustSourcePlan); clusterName's looked-up issuer did not.
    const sources: [string, Partial<ServiceAccountRoleArgs>][] = [["clusterName", { clusterName: "prod" }]];
    for (const [source, trust] of sources) {
        it(`${source}: a late namespace that fails rejects every output and registers no aws resource (no account-wide provider for a refused role)`, async () => {
            const world = installMocks({ clusters: { prod: ISSUER_URL } });
            const { oidcProviderArn: _, ...rest } = base;
            const ignore = () => undefined;
            process.on("unhandledRejection", ignore);
            let messages: string[];
            try {
                const role = new ServiceAccountRole("s3-reader", { ...rest, ...trust, createOidcProvider: true, namespace: pulumi.output("Bad_NS") });
                messages = [...new Set(Object.values(await settleOutputs(role)))];
                // The child ClusterOidcProvider's registration waits on an issuer that rejects, so the RPCs do not all settle under mocks.
                await new Promise((resolve) => setTimeout(resolve, 200));
            } finally {
                process.off("unhandledRejection", ignore);
            }
            expect(messages).to.have.length.greaterThan(0);
            expect(messages.every((m) => m.startsWith("rejected: ") && m.includes('invalid namespace "Bad_NS"')), messages.join("\n")).to.equal(true);
            expect(world.registrations.filter((r) => r.custom).map((r) => r.type)).to.deep.equal([]);
        });
    }
});

describe("secrets stay secret (issue example 5)", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    it("a refused key in secret tags: the message names the argument and the rule, not the key or the value", async () => {
        const late = await everyOutputRejects({ ...base, tags: pulumi.secret({ "aws:team-s3cr3t": "v4lue-s3cr3t" }) });
        expect(late.messages).to.deep.equal([
            'rejected: ServiceAccountRole "s3-reader": invalid tags (a secret, not shown): tag keys starting with "aws:" are reserved for AWS.',
        ]);
    });

    it("colliding secret tag keys: the rule's quotes of the keys are hidden too", async () => {
        const late = await everyOutputRejects({ ...base, tags: pulumi.secret({ Owner: "a", owner: "b" }) });
        expect(late.messages).to.have.length(1);
        expect(late.messages[0]).to.contain("invalid tags (a secret, not shown): IAM compares tag keys ignoring case");
        expect(late.messages[0]).not.to.match(/owner/i);
    });

    it("a secret bad namespace is refused without printing it", async () => {
        const late = await everyOutputRejects({ ...base, namespace: pulumi.secret("Secret_NS") });
        expect(late.messages).to.deep.equal([
            'rejected: ServiceAccountRole "s3-reader": invalid namespace (a secret, not shown): a Kubernetes namespace is a DNS-1123 label: at most 63 lower-case letters, ' +
                "digits and '-', starting and ending with a letter or digit.",
        ]);
    });

    // Which outputs derive from which secret input: each must come out secret, the others need not.
    const secretCases: { argument: keyof ServiceAccountRoleArgs; value: unknown; secretOutputs: (typeof OUTPUTS)[number][] }[] = [
        { argument: "roleName", value: "s3-reader-role", secretOutputs: ["roleArn", "roleName", "serviceAccountAnnotations"] },
        { argument: "rolePath", value: "/irsa/", secretOutputs: ["roleArn", "roleName", "serviceAccountAnnotations"] },
        { argument: "namespace", value: TUTORIAL_NAMESPACE, secretOutputs: ["namespace", "trustPolicy"] },
        { argument: "serviceAccountName", value: TUTORIAL_SERVICE_ACCOUNT, secretOutputs: ["serviceAccountName", "trustPolicy"] },
        { argument: "oidcProviderArn", value: PROVIDER_ARN, secretOutputs: ["oidcProviderArn", "issuer", "trustPolicy"] },
        { argument: "audience", value: "sts.amazonaws.com", secretOutputs: ["trustPolicy", "serviceAccountAnnotations"] },
        { argument: "serviceAccountAnnotations", value: { "example.com/team": "s3" }, secretOutputs: ["serviceAccountAnnotations"] },
        { argument: "tokenExpirationSeconds", value: 3600, secretOutputs: ["serviceAccountAnnotations"] },
        { argument: "additionalServiceAccounts", value: [{ namespace: "z*", name: "worker" }], secretOutputs: ["trustPolicy"] },
    ];
    for (const c of secretCases) {
        it(`${c.argument} as a secret makes ${c.secretOutputs.join(", ")} secret`, async () => {
            installMocks();
            // The mocks build a role's ARN from its name as given, so a secret name or path would make no valid ServiceAccount.
            const mode = c.argument === "roleName" || c.argument === "rolePath" ? { serviceAccountMode: "None" } : {};
            const role = new ServiceAccountRole("s3-reader", { ...base, ...mode, [c.argument]: pulumi.secret(c.value) } as ServiceAccountRoleArgs);
            for (const key of c.secretOutputs) {
                expect(await (role[key] as any).isSecret, key).to.equal(true);
            }
            await settle();
        });
    }

    it("roleArn given as a secret keeps roleArn, roleName and the annotations secret", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...base, policyArns: undefined, roleArn: pulumi.secret("arn:aws:iam::123456789012:role/existing") });
        for (const key of ["roleArn", "roleName", "serviceAccountAnnotations"] as const) {
            expect(await (role[key] as any).isSecret, key).to.equal(true);
        }
        await settle();
    });
});

describe("the trust policy's size is checked before the OIDC provider is registered (issue example 6)", () => {
    it("createOidcProvider with a policy over the quota throws from the constructor; nothing is registered", async () => {
        const world = installMocks();
        const message = refusal({ ...base, oidcProviderArn: undefined, issuerUrl: ISSUER_URL, createOidcProvider: true, additionalServiceAccounts: manySubjects });
        expect(message).to.match(/^ServiceAccountRole "s3-reader": invalid trustPolicySizeLimit 2048: the trust policy has \d+ characters/);
        await settle();
        expect(world.registrations.map((r) => r.type)).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
    });

    it("the prediction is exact: a policy of exactly the limit passes, one character less refuses", () => {
        const args = { ...base, oidcProviderArn: undefined, issuerUrl: ISSUER_URL, createOidcProvider: true };
        const plan = planServiceAccountRole("s3-reader", args, {});
        const actual = plan.trustPolicyFor({ arn: PROVIDER_ARN, issuer: ISSUER }) as string;
        expect(() => planServiceAccountRole("s3-reader", { ...args, trustPolicySizeLimit: actual.length }, {})).not.to.throw();
        expect(() => planServiceAccountRole("s3-reader", { ...args, trustPolicySizeLimit: actual.length - 1 }, {})).to.throw(/the trust policy has \d+ characters/);
    });
});

describe("types, for callers that are not TypeScript", () => {
    const cases: [string, { [key: string]: unknown }, string][] = [
        ["createNamespace: \"false\"", { createNamespace: "false" }, 'invalid createNamespace "false": createNamespace is a boolean (true or false), not a string.'],
        ["verifyAccess: \"true\"", { verifyAccess: "true" }, 'invalid verifyAccess "true": verifyAccess is a boolean (true or false), not a string.'],
        ["createOidcProvider: 1", { createOidcProvider: 1 }, "invalid createOidcProvider 1: createOidcProvider is a boolean (true or false), not a number."],
        ["stsRegionalEndpoints: \"yes\"", { stsRegionalEndpoints: "yes" }, 'invalid stsRegionalEndpoints "yes": stsRegionalEndpoints is a boolean (true or false), not a string.'],
        ["a string for additionalOidcProviderArns", { additionalOidcProviderArns: PROVIDER_ARN }, `invalid additionalOidcProviderArns "${PROVIDER_ARN}": additionalOidcProviderArns is a list, not a string.`],
        ["a list for tags", { tags: ["a"] }, 'invalid tags ["a"]: tags is a map (an object of keys and values), not a list.'],
        ["a number for namespace", { namespace: 7 }, "invalid namespace 7: namespace is a string, not a number."],
        ["a string for maxSessionDuration", { maxSessionDuration: "3600" }, 'invalid maxSessionDuration "3600": maxSessionDuration is a number, not a string.'],
        ["a number for a managed policy", { policyArns: { s3: 5 } }, "invalid policyArns.s3 5: policyArns.s3 is a string, not a number."],
        ["an Output for createNamespace", { createNamespace: pulumi.output(false) }, 'invalid createNamespace "an Output": createNamespace decides which resources the component creates'],
    ];
    for (const [what, args, message] of cases) {
        it(`refuses ${what}, naming the argument and the type it needs`, async () => {
            const world = installMocks();
            expect(refusal({ ...base, ...args })).to.contain(`ServiceAccountRole "s3-reader": ${message}`);
            await settle();
            expect(world.registrations.map((r) => r.type)).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
        });
    }

    it("ClusterOidcProvider refuses a string for clientIds and for thumbprints", async () => {
        installMocks();
        const construct = (args: { [key: string]: unknown }) => () => new ClusterOidcProvider("cluster", { issuerUrl: ISSUER_URL, ...args } as ClusterOidcProviderArgs);
        expect(construct({ clientIds: "sts.amazonaws.com" })).to.throw('ClusterOidcProvider "cluster": invalid clientIds "sts.amazonaws.com": clientIds is a list, not a string.');
        expect(construct({ thumbprints: "9e99a48a9960b14926bb7f3b02e22da2b0ab7280" })).to.throw("thumbprints is a list, not a string.");
        expect(construct({ issuerUrl: 5 })).to.throw("issuerUrl is a string, not a number.");
        await settle();
    });
});

describe("only values IAM reads as the user meant", () => {
    // A late value that fails leaves its children waiting forever, by design: forget them, as the other groups do.
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());
    const refused: [string, { [key: string]: unknown }, string][] = [
        ["a policy variable in the audience", { audience: "${aws:username}" }, 'invalid audience "${aws:username}": an audience is compared with StringEquals, and IAM reads "${...}" as a policy variable'],
        ["a wildcard in the audience", { audience: "sts.*" }, "'*' and '?' are not wildcards here"],
        ["a zero-width space in the audience", { audience: "sts.amazonaws.com\u200b" }, "printable ASCII"],
        ["a Cyrillic look-alike in the audience", { audience: "st\u0455.amazonaws.com" }, "look-alike Unicode"],
        ["a control character in the audience", { audience: "sts.amazonaws.com\u0000" }, "control characters"],
        ["a trailing dot on the issuer's host", { oidcProviderArn: undefined, issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com./id/ABC" }, "without a leading or trailing dot"],
        ["two trailing slashes on the issuer", { oidcProviderArn: undefined, issuerUrl: `${ISSUER_URL}//` }, "without a trailing or doubled slash"],
        ["a space in the issuer", { oidcProviderArn: undefined, issuerUrl: `${ISSUER_URL} ` }, "no white space"],
        ["a look-alike host in the issuer", { oidcProviderArn: undefined, issuerUrl: "https://\u043eidc.eks.eu-west-3.amazonaws.com/id/ABC" }, "look-alike Unicode"],
        ["a wildcard in the provider ARN", { oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/*` }, "wildcards (* and ?)"],
        ["a policy variable in the provider ARN", { oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.\${aws:region}.amazonaws.com/id/ABC` }, "policy variables"],
        ["a trailing slash on the provider ARN", { oidcProviderArn: `${PROVIDER_ARN}/` }, "without a trailing or doubled slash"],
        ["a partition that does not exist", { oidcProviderArn: PROVIDER_ARN.replace("arn:aws:", "arn:aws-moon:") }, "the partition of an ARN is one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc."],
        [
            "providers in two partitions",
            { additionalOidcProviderArns: [`arn:aws-cn:iam::${ACCOUNT}:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC`] },
            'every provider a role trusts is in the role\'s partition, here "aws"',
        ],
        ["a namespace pattern no namespace can match: a leading '-'", { scope: TrustScope.Cluster, namespace: undefined, serviceAccountMode: "None", namespacePattern: "-z*" }, "no namespace can match this pattern"],
        ["a namespace pattern that only a name ending in '-' could match", { additionalServiceAccounts: [{ namespace: "?-", name: "x" }] }, "no namespace can match this pattern"],
        ["an additional pattern ending in '-'", { additionalServiceAccounts: [{ namespace: "z*-", name: "x" }] }, "no namespace can match this pattern"],
    ];
    for (const [what, args, rule] of refused) {
        it(`refuses ${what}`, async () => {
            const world = installMocks();
            const message = refusal({ ...base, ...args });
            expect(message, "refused").to.be.a("string");
            expect(message).to.contain(rule);
            await settle();
            expect(world.registrations.map((r) => r.type)).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
        });
    }

    it("warns on the component about patterns that match every namespace: *, **, ?*, *?", async () => {
        const plan = planServiceAccountRole("s3-reader", { ...base, scope: TrustScope.Cluster, namespacePattern: "*", additionalServiceAccounts: [{ namespace: "?*", name: "worker" }] }, {});
        expect(plan.warnings).to.deep.equal([
            'namespacePattern "*" matches every namespace: anyone who may create a namespace and a ServiceAccount named like this one can assume the role.',
            'additionalServiceAccounts[0].namespace "?*" matches every namespace: anyone who may create a namespace and a ServiceAccount "worker" can assume the role.',
        ]);
        for (const pattern of ["**", "*?"]) {
            expect(planServiceAccountRole("s3-reader", { ...base, scope: TrustScope.Cluster, namespacePattern: pattern }, {}).warnings).to.have.length(1);
        }
        for (const pattern of ["z*", "??*", "*a"]) {
            expect(planServiceAccountRole("s3-reader", { ...base, scope: TrustScope.Cluster, namespace: undefined, serviceAccountMode: "None" as any, namespacePattern: pattern }, {}).warnings).to.deep.equal([]);
        }

        installMocks();
        const warned: [string, pulumi.Resource | undefined][] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as any).warn = (message: string, resource?: pulumi.Resource) => warned.push([message, resource]);
        try {
            const role = new ServiceAccountRole("s3-reader", { ...base, scope: TrustScope.Cluster, namespacePattern: "*" });
            expect(warned).to.deep.equal([[`ServiceAccountRole "s3-reader": ${plan.warnings[0]}`, role]]);
        } finally {
            (pulumi.log as any).warn = warn;
        }
        await settle();
    });

    it("warns the same about a pattern that arrives late, and names a secret one without showing it", async () => {
        installMocks();
        const warned: string[] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as any).warn = (message: string) => warned.push(message);
        try {
            const late = new ServiceAccountRole("late", { ...base, scope: TrustScope.Cluster, namespacePattern: pulumi.output("*") });
            const secret = new ServiceAccountRole("secret", { ...base, scope: TrustScope.Cluster, additionalServiceAccounts: pulumi.secret([{ namespace: "?*", name: "worker" }]) });
            await Promise.all([valueOf(late.roleArn), valueOf(secret.roleArn)]);
            await settle();
            expect(warned.sort()).to.deep.equal([
                'ServiceAccountRole "late": namespacePattern "*" matches every namespace: anyone who may create a namespace and a ServiceAccount named like this one can assume the role.',
                'ServiceAccountRole "secret": additionalServiceAccounts[0].namespace (a secret, not shown) matches every namespace: anyone who may create a namespace and a ServiceAccount (a secret, not shown) can assume the role.',
            ]);
        } finally {
            (pulumi.log as any).warn = warn;
        }
    });

    it("does not warn about a late pattern whose check fails: the failure is the message", async () => {
        installMocks();
        const warned: string[] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as any).warn = (message: string) => warned.push(message);
        try {
            const role = new ServiceAccountRole("bad", { ...base, scope: TrustScope.Cluster, namespace: "zapp", namespacePattern: pulumi.output("*_") });
            const failure = await valueOf(role.roleArn).then(() => "resolved", (e: Error) => e.message);
            await settle().catch(() => undefined);
            expect(failure).to.match(/^ServiceAccountRole "bad": invalid namespacePattern "\*_"/);
            expect(warned).to.deep.equal([]);
        } finally {
            (pulumi.log as any).warn = warn;
        }
    });
});
