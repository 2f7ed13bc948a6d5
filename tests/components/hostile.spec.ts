import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { IrsaArgumentError, ServiceAccountRole, ServiceAccountRoleArgs } from "../../index";
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

describe("hostile arguments: secrets in messages", () => {
    after(() => require("@pulumi/pulumi/runtime/debuggable").leakedPromises());

    /** The message roleArn rejects with; the registrations that fail on purpose are swallowed. */
    async function rejection(args: ServiceAccountRoleArgs): Promise<string> {
        installMocks();
        const ignore = () => undefined;
        process.on("unhandledRejection", ignore);
        try {
            const role = new ServiceAccountRole("s3-reader", args);
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
