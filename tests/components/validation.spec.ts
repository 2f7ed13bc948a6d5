import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceAccountMode, ServiceAccountRole, ServiceAccountRoleArgs, TrustScope } from "../../index";
import { installMocks, ISSUER_URL, PROVIDER_ARN, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const base: ServiceAccountRoleArgs = {
    oidcProviderArn: PROVIDER_ARN,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    policyArns: { s3: S3_READ_ONLY },
};
const existingRole = "arn:aws:iam::123456789012:role/existing";
const policyDocument = (size: number) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${"b".repeat(size)}` }] });
const manyPolicies = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, `arn:aws:iam::aws:policy/Policy${i}`]));
const manyTags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
const manySubjects = Array.from({ length: 40 }, (_, i) => ({ namespace: `z${i.toString(16).padStart(8, "0")}-z${"a".repeat(8)}`, name: `service-account-${i}` }));

interface BadInput {
    what: string;
    args: Partial<ServiceAccountRoleArgs> & { [key: string]: unknown };
    /** The start of the IrsaArgumentError message: the argument and the value. */
    invalid: string;
    /** A piece of the rule. */
    rule: string;
    /** The argument to pass as an Output to check the deployment fails with the same message. */
    lateArgument?: keyof ServiceAccountRoleArgs;
    name?: string;
}

const badInputs: BadInput[] = [
    { what: "an upper-case namespace", args: { namespace: "Z9B830E28" }, invalid: 'invalid namespace "Z9B830E28"', rule: "DNS-1123 label", lateArgument: "namespace" },
    { what: "a pattern as namespace", args: { namespace: "z*" }, invalid: 'invalid namespace "z*"', rule: "Wildcards belong in namespacePattern" },
    { what: "a 64-character namespace", args: { namespace: "a".repeat(64) }, invalid: `invalid namespace "${"a".repeat(64)}"`, rule: "at most 63" },
    { what: "a ServiceAccount name with upper case and '_'", args: { serviceAccountName: "My_SA" }, invalid: 'invalid serviceAccountName "My_SA"', rule: "DNS-1123 subdomain", lateArgument: "serviceAccountName" },
    { what: "an empty ServiceAccount name", args: { serviceAccountName: "" }, invalid: 'invalid serviceAccountName ""', rule: "DNS-1123 subdomain" },
    { what: "an upper-case namespace pattern", args: { scope: TrustScope.Cluster, namespacePattern: "Z*" }, invalid: 'invalid namespacePattern "Z*"', rule: "lower-case letters", lateArgument: "namespacePattern" },
    { what: "namespacePattern with scope Environment", args: { namespacePattern: "z*" }, invalid: 'invalid namespacePattern "z*"', rule: "applies to scope Cluster only" },
    { what: "a namespace outside the cluster pattern", args: { scope: TrustScope.Cluster, namespace: "prod" }, invalid: 'invalid namespace "prod"', rule: 'must match namespacePattern "z*"', lateArgument: "namespace" },
    { what: "a wildcard ServiceAccount in additionalServiceAccounts", args: { additionalServiceAccounts: [{ namespace: "z*", name: "*" }] }, invalid: 'invalid additionalServiceAccounts[0].name "*"', rule: "DNS-1123 subdomain", lateArgument: "additionalServiceAccounts" },
    { what: "an upper-case additional namespace pattern", args: { additionalServiceAccounts: [{ namespace: "Prod*", name: "api" }] }, invalid: 'invalid additionalServiceAccounts[0].namespace "Prod*"', rule: "namespace pattern" },
    { what: "an http issuer", args: { oidcProviderArn: undefined, issuerUrl: "http://oidc.eks.eu-west-3.amazonaws.com/id/ABC" }, invalid: 'invalid issuerUrl "http://oidc.eks.eu-west-3.amazonaws.com/id/ABC"', rule: "must start with https://", lateArgument: "issuerUrl" },
    { what: "an issuer with a port", args: { oidcProviderArn: undefined, issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com:443/id/ABC" }, invalid: "invalid issuerUrl", rule: "may not contain a port" },
    { what: "an issuer with a query", args: { oidcProviderArn: undefined, issuerUrl: `${ISSUER_URL}?x=1` }, invalid: "invalid issuerUrl", rule: "may not contain a query" },
    { what: "the dual-stack issuer alias", args: { oidcProviderArn: undefined, issuerUrl: "https://oidc-eks.eu-west-3.api.aws/id/ABC" }, invalid: 'invalid issuerUrl "https://oidc-eks.eu-west-3.api.aws/id/ABC"', rule: "dual-stack issuer alias" },
    { what: "an issuer URL with a colon in its path", args: { oidcProviderArn: undefined, issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/A:B" }, invalid: 'invalid issuerUrl "https://oidc.eks.eu-west-3.amazonaws.com/id/A:B"', rule: "without a colon" },
    { what: "a provider ARN whose issuer host has no dot", args: { oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/c9863trueo306" }, invalid: "invalid oidcProviderArn", rule: "at least one dot", lateArgument: "oidcProviderArn" },
    { what: "a provider ARN with a short account", args: { oidcProviderArn: "arn:aws:iam::1234:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/ABC" }, invalid: "invalid oidcProviderArn", rule: "12-digit account", lateArgument: "oidcProviderArn" },
    { what: "a provider ARN of the dual-stack alias", args: { oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc-eks.eu-west-3.api.aws/id/ABC" }, invalid: "invalid oidcProviderArn", rule: "dual-stack issuer alias" },
    { what: "a role ARN among the provider ARNs", args: { additionalOidcProviderArns: ["arn:aws:iam::123456789012:role/blue"] }, invalid: 'invalid additionalOidcProviderArns[0] "arn:aws:iam::123456789012:role/blue"', rule: "oidc-provider", lateArgument: "additionalOidcProviderArns" },
    { what: "two trust sources", args: { issuerUrl: ISSUER_URL }, invalid: 'invalid oidcProviderArn/issuerUrl "oidcProviderArn set, issuerUrl set"', rule: "Choose a single approach" },
    { what: "no trust source", args: { oidcProviderArn: undefined }, invalid: "invalid oidcProviderArn/issuerUrl/clusterName (not set)", rule: "must trust a cluster" },
    { what: "roleArn with role arguments", args: { roleArn: existingRole, roleName: "x" }, invalid: 'invalid roleName/policyArns "roleName set, policyArns set"', rule: "mutually exclusive" },
    { what: "a roleArn the webhook ignores", args: { roleArn: "arn:aws:iam::123456789012:user/bob", policyArns: undefined }, invalid: 'invalid roleArn "arn:aws:iam::123456789012:user/bob"', rule: "webhook ignores", lateArgument: "roleArn" },
    { what: "roleArn with no ServiceAccount", args: { roleArn: existingRole, policyArns: undefined, serviceAccountMode: ServiceAccountMode.None }, invalid: 'invalid serviceAccountMode "None"', rule: "nothing to create" },
    { what: "createOidcProvider for an existing provider", args: { createOidcProvider: true }, invalid: "invalid createOidcProvider true", rule: "exists already" },
    { what: "scope Environment without a namespace", args: { namespace: undefined }, invalid: "invalid namespace (not set)", rule: "scope Environment trusts one namespace" },
    { what: "a Manifest ServiceAccount without a namespace", args: { namespace: undefined, scope: TrustScope.Cluster }, invalid: "invalid namespace (not set)", rule: "Manifest ServiceAccount needs its namespace" },
    { what: "an unknown scope", args: { scope: "Everywhere" as TrustScope }, invalid: 'invalid scope "Everywhere"', rule: "one of Environment, Cluster" },
    { what: "a policy ARN that is a role", args: { policyArns: { s3: "arn:aws:iam::123456789012:role/x" } }, invalid: 'invalid policyArns.s3 "arn:aws:iam::123456789012:role/x"', rule: "managed policy ARN", lateArgument: "policyArns" },
    { what: "a policy key with a space", args: { policyArns: { "s3 read": S3_READ_ONLY } }, invalid: 'invalid policyArns key "s3 read"', rule: "names a child resource" },
    { what: "more managed policies than the quota", args: { policyArns: manyPolicies }, invalid: 'invalid policyArns "11 policies"', rule: "at most 10 managed policies" },
    { what: "a zero managedPolicyLimit", args: { managedPolicyLimit: 0 }, invalid: "invalid managedPolicyLimit 0", rule: "at least 1", lateArgument: "managedPolicyLimit" },
    { what: "a 65-character role name", args: { roleName: "r".repeat(65) }, invalid: `invalid roleName "${"r".repeat(65)}"`, rule: "1 to 64 characters", lateArgument: "roleName" },
    { what: "a role name with a space", args: { roleName: "s3 reader" }, invalid: 'invalid roleName "s3 reader"', rule: "letters, digits" },
    { what: "a component name too long to auto-name the role", args: {}, name: "n".repeat(57), invalid: `invalid name "${"n".repeat(57)}"`, rule: "at most 56" },
    { what: "a path without slashes", args: { rolePath: "irsa" }, invalid: 'invalid rolePath "irsa"', rule: "starts and ends with", lateArgument: "rolePath" },
    { what: "a session shorter than an hour", args: { maxSessionDuration: 1800 }, invalid: "invalid maxSessionDuration 1800", rule: "from 3600", lateArgument: "maxSessionDuration" },
    { what: "a description over 1000 characters", args: { roleDescription: "d".repeat(1001) }, invalid: "invalid roleDescription", rule: "at most 1000" },
    { what: "an aws: tag", args: { tags: { "aws:team": "x" } }, invalid: 'invalid tags key "aws:team"', rule: "reserved for AWS", lateArgument: "tags" },
    { what: "51 tags", args: { tags: manyTags }, invalid: 'invalid tags "51 tags"', rule: "at most 50 tags" },
    { what: "tag keys that differ only in case", args: { tags: { Team: "a", team: "b" } }, invalid: 'invalid tags key "team"', rule: "ignoring case" },
    { what: "a permissions boundary that is not a policy", args: { permissionsBoundary: "boundary" }, invalid: 'invalid permissionsBoundary "boundary"', rule: "managed policy ARN" },
    { what: "an inline policy that is not JSON", args: { inlinePolicies: { read: "{Statement" } }, invalid: 'invalid inlinePolicies.read "{Statement"', rule: "JSON policy document", lateArgument: "inlinePolicies" },
    { what: "an inline policy with a character IAM refuses", args: { inlinePolicies: { read: '{"Statement":[],"Sid":"→"}' } }, invalid: "invalid inlinePolicies.read", rule: "U+0020 to U+00FF" },
    { what: "inline policies over 10,240 characters together", args: { inlinePolicies: { a: policyDocument(5100), b: policyDocument(5100) } }, invalid: 'invalid inlinePolicies "10', rule: "at most 10240 characters in total" },
    { what: "a trust policy over the quota", args: { additionalServiceAccounts: manySubjects }, invalid: "invalid trustPolicySizeLimit 2048: the trust policy has", rule: "raise the quota in Service Quotas", lateArgument: "additionalServiceAccounts" },
    { what: "a zero trustPolicySizeLimit", args: { trustPolicySizeLimit: 0 }, invalid: "invalid trustPolicySizeLimit 0", rule: "at least 1" },
    { what: "a token lifetime under 600 seconds", args: { tokenExpirationSeconds: 300 }, invalid: "invalid tokenExpirationSeconds 300", rule: "from 600 to 86400", lateArgument: "tokenExpirationSeconds" },
    { what: "an annotation that overrides the role ARN", args: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": existingRole } }, invalid: 'invalid serviceAccountAnnotations key "eks.amazonaws.com/role-arn"', rule: "set it there", lateArgument: "serviceAccountAnnotations" },
    { what: "a label value with a space", args: { serviceAccountLabels: { app: "my app" } }, invalid: 'invalid serviceAccountLabels.app "my app"', rule: "label value" },
    { what: "an empty audience", args: { audience: "" }, invalid: 'invalid audience ""', rule: "1 to 255 characters", lateArgument: "audience" },
    { what: "an empty ServiceAccount name for the Helm chart, which would render \"default\"", args: { serviceAccountMode: ServiceAccountMode.HelmChart, serviceAccountName: "" }, invalid: 'invalid serviceAccountName ""', rule: 'renders a ServiceAccount called "default"' },
    { what: "labels for the Helm chart", args: { serviceAccountMode: ServiceAccountMode.HelmChart, serviceAccountLabels: { app: "x" } }, invalid: 'invalid serviceAccountLabels "serviceAccountLabels set"', rule: "takes only the ServiceAccount's name and annotations" },
    { what: "helmChart without the HelmChart mode", args: { helmChart: { version: "0.2.0" } }, invalid: 'invalid helmChart "helmChart set"', rule: "serviceAccountMode HelmChart only" },
    { what: "a chart repository that is not a URL", args: { serviceAccountMode: ServiceAccountMode.HelmChart, helmChart: { repository: "qovery" } }, invalid: 'invalid helmChart.repository "qovery"', rule: "oci:// URL", lateArgument: "helmChart" },
    { what: "verifyAccess without a ServiceAccount", args: { verifyAccess: true, serviceAccountMode: ServiceAccountMode.None }, invalid: "invalid verifyAccess true", rule: "creates none" },
    { what: "verifyAccessOptions without verifyAccess", args: { verifyAccessOptions: { probeCommand: "aws s3 ls" } }, invalid: 'invalid verifyAccessOptions "verifyAccessOptions set"', rule: "Set verifyAccess: true" },
    { what: "a verification timeout of zero", args: { verifyAccess: true, verifyAccessOptions: { timeoutSeconds: 0 } }, invalid: "invalid verifyAccessOptions.timeoutSeconds 0", rule: "a whole number of seconds from 1 to 600", lateArgument: "verifyAccessOptions" },
    { what: "a component name too long for the verification Job", args: { verifyAccess: true, roleName: "r" }, name: "n".repeat(50), invalid: `invalid name "${"n".repeat(50)}"`, rule: "at most 63" },
    { what: "createNamespace without a ServiceAccount", args: { serviceAccountMode: ServiceAccountMode.None, createNamespace: true }, invalid: 'invalid createNamespace "createNamespace set"', rule: "would do nothing" },
];

function construct(entry: BadInput, late: boolean) {
    const args: { [key: string]: unknown } = { ...base, ...entry.args };
    if (late && entry.lateArgument) {
        const value = args[entry.lateArgument];
        // Maps keyed by child names stay plain; their values are the inputs that may arrive later.
        args[entry.lateArgument] =
            entry.lateArgument === "policyArns" || entry.lateArgument === "inlinePolicies"
                ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, pulumi.output(v)]))
                : pulumi.output(value);
    }
    return new ServiceAccountRole(entry.name ?? "s3-reader", args as unknown as ServiceAccountRoleArgs);
}

describe("validation: bad input never reaches AWS", () => {
    it(`covers ${badInputs.length} bad inputs`, () => {
        expect(badInputs.length).to.be.at.least(30);
    });

    for (const entry of badInputs) {
        it(`refuses ${entry.what} before any child is registered`, async () => {
            const world = installMocks();
            let error: Error | undefined;
            try {
                construct(entry, false);
            } catch (e) {
                error = e as Error;
            }
            expect(error, "the constructor must throw").to.be.instanceOf(pulumi.ResourceError);
            expect(error!.message).to.contain(`ServiceAccountRole "${entry.name ?? "s3-reader"}": ${entry.invalid}`);
            expect(error!.message).to.contain(entry.rule);
            await settle();
            expect(world.registrations.map((r) => r.type)).to.deep.equal(["eks-irsa:index:ServiceAccountRole"]);
        });
    }
});

/**
 * The message of the first failure: an output that rejects, or a resource registration that fails, which the
 * Pulumi runtime raises as an unhandled rejection so that the deployment fails. Outputs of a resource whose inputs
 * failed never settle, so none is awaited alone.
 */
function firstFailure(outputs: pulumi.Output<unknown>[]): Promise<string> {
    return new Promise((resolve, reject) => {
        const finish = (error: any) => {
            clearTimeout(timer);
            process.removeListener("unhandledRejection", finish);
            resolve(String(error?.message ?? error));
        };
        const timer = setTimeout(() => {
            process.removeListener("unhandledRejection", finish);
            reject(new Error("nothing failed within 5 s"));
        }, 5000);
        process.on("unhandledRejection", finish);
        for (const output of outputs) {
            valueOf(output).catch(finish);
        }
    });
}

describe("validation: the same values arriving later as Outputs", () => {
    // The registrations these tests make fail on purpose and never settle; drop them from Pulumi's leak report.
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    for (const entry of badInputs.filter((e) => e.lateArgument)) {
        it(`fails the deployment on ${entry.what} (${entry.lateArgument} as an Output) with the same message`, async () => {
            installMocks();
            const role = construct(entry, true);
            const reason = await firstFailure([role.trustPolicy, role.roleArn, role.serviceAccountAnnotations, role.serviceAccountName, role.namespace]);
            expect(reason).to.contain(entry.invalid);
            expect(reason).to.contain(entry.rule);
        });
    }
});
