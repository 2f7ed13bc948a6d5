import { expect } from "chai";
import { IrsaArgumentError } from "../../index";
import { planServiceAccountRole } from "../../src/components/serviceAccountRolePlan";

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
