import { expect } from "chai";
import { buildExternalSecretsPolicy } from "../../src/addons/externalSecrets";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
// Upstream's examples allow `secret:dev-*` in us-west-2 and `parameter/dev-*` in us-east-2: ours are among them.
const SECRET = "arn:aws:secretsmanager:us-west-2:111122223333:secret:dev-db-AbC123";
const PARAMETER = "arn:aws:ssm:us-east-2:111122223333:parameter/dev-app/db-password";
const KEY = "arn:aws:kms:us-west-2:111122223333:key/0b5a2a7e-1f6c-4c1e-9a55-1234567890ab";
const SECRETS_MANAGER = upstreamPolicy("external-secrets-v2.9.0-secrets-manager.json");
// The Parameter Store page's example account, 1234567889911, has 13 digits, so no real ARN is in it: the comparison puts ours there.
const PARAMETER_STORE = JSON.parse(JSON.stringify(upstreamPolicy("external-secrets-v2.9.0-parameter-store.json")).split("1234567889911").join("111122223333"));
// terraform-aws-modules' statement grants kms:Decrypt on the keys it is given: filled in with ours.
const KMS = JSON.parse(JSON.stringify(upstreamPolicy("terraform-aws-iam-v6.5.0-external-secrets-kms.json")).split("${external_secrets_kms_key_arns}").join(KEY));
const UPSTREAM = { Statement: [...SECRETS_MANAGER.Statement, ...PARAMETER_STORE.Statement, ...KMS.Statement] };

function build(value: unknown, context = IRSA) {
    return buildExternalSecretsPolicy("addonPolicies.externalSecrets", value, context);
}

const refusal = refusalOf(build);

describe("addon externalSecrets: the document", () => {
    it("reads the listed secrets only, without listing or KMS, by default", () => {
        expect(build({ secretArns: [SECRET] })).to.deep.equal({
            document: {
                Version: "2012-10-17",
                Statement: [{ Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [SECRET] }],
            },
            wildcards: [],
        });
    });

    it("reads the listed parameters with GetParameter only", () => {
        expect(build({ parameterArns: [PARAMETER] }).document.Statement).to.deep.equal([{ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [PARAMETER] }]);
    });

    it("adds finding secrets when asked, and decrypting with the keys through the services it reads from", () => {
        expect(build({ secretArns: [SECRET], parameterArns: [PARAMETER], kmsKeyArns: [KEY], findSecrets: true }).document.Statement).to.deep.equal([
            { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [SECRET] },
            { Sid: "FindSecrets", Effect: "Allow", Action: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"], Resource: ["*"] },
            { Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [PARAMETER] },
            { Sid: "DecryptThroughServices", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY], Condition: { StringLike: { "kms:ViaService": ["secretsmanager.*", "ssm.*"] } } },
        ]);
        expect(build({ parameterArns: [PARAMETER], kmsKeyArns: [KEY] }).document.Statement[1].Condition).to.deep.equal({ StringLike: { "kms:ViaService": ["ssm.*"] } });
    });

    it("is the same with Pod Identity, and takes another partition's ARNs in that partition", () => {
        const value = { secretArns: [SECRET], parameterArns: [PARAMETER], kmsKeyArns: [KEY], findSecrets: true };
        expect(buildExternalSecretsPolicy("addonPolicies.externalSecrets", value, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build(value));
        const cn = "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/app/db";
        expect(buildExternalSecretsPolicy("k", { parameterArns: [cn] }, { partition: "aws-cn", identity: "irsa" }).document.Statement[0].Resource).to.deep.equal([cn]);
    });
});

describe("addon externalSecrets: refused inputs", () => {
    const A = "addonPolicies.externalSecrets";
    const cases: [string, unknown, string, RegExp][] = [
        ["neither secrets nor parameters", {}, A, /secretArns or parameterArns \(or both\) is required/],
        ["only keys", { kmsKeyArns: [KEY] }, A, /secretArns or parameterArns/],
        ["an empty secret list", { secretArns: [] }, `${A}.secretArns`, /a non-empty list of secretsmanager ARNs/],
        ["a secret wildcard", { secretArns: ["arn:aws:secretsmanager:us-west-2:111122223333:secret:dev-*"] }, `${A}.secretArns[0]`, /wildcards are not accepted/],
        ["a secret ARN without its suffix", { secretArns: ["arn:aws:secretsmanager:us-west-2:111122223333:secret:db"] }, `${A}.secretArns[0]`, /secret:<name>-<6 characters>/],
        ["a secret name", { secretArns: ["dev-db-AbC123"] }, `${A}.secretArns[0]`, /an ARN of the form arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>/],
        ["a secret without a region", { secretArns: ["arn:aws:secretsmanager::111122223333:secret:dev-db-AbC123"] }, `${A}.secretArns[0]`, /region part/],
        ["a secret without an account", { secretArns: ["arn:aws:secretsmanager:us-west-2::secret:dev-db-AbC123"] }, `${A}.secretArns[0]`, /account part/],
        ["a secret of another partition", { secretArns: ["arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:dev-db-AbC123"] }, `${A}.secretArns[0]`, /partition aws/],
        ["a duplicate secret", { secretArns: [SECRET, SECRET] }, `${A}.secretArns`, /listed twice/],
        ["a parameter as a secret", { secretArns: [PARAMETER] }, `${A}.secretArns[0]`, /service secretsmanager/],
        ["a parameter wildcard", { parameterArns: ["arn:aws:ssm:us-east-2:111122223333:parameter/dev/*"] }, `${A}.parameterArns[0]`, /wildcards are not accepted/],
        ["a parameter path ending with /", { parameterArns: ["arn:aws:ssm:us-east-2:111122223333:parameter/dev/"] }, `${A}.parameterArns[0]`, /parameter\/<name>/],
        ["a parameter name with its leading /", { parameterArns: ["arn:aws:ssm:us-east-2:111122223333:parameter//dev/db"] }, `${A}.parameterArns[0]`, /parameter\/<name>/],
        ["an SSM document", { parameterArns: ["arn:aws:ssm:us-east-2:111122223333:document/run"] }, `${A}.parameterArns[0]`, /parameter\/<name>/],
        ["a secret as a parameter", { parameterArns: [SECRET] }, `${A}.parameterArns[0]`, /service ssm/],
        ["an empty key list", { secretArns: [SECRET], kmsKeyArns: [] }, `${A}.kmsKeyArns`, /at least one key ARN/],
        ["an alias ARN", { secretArns: [SECRET], kmsKeyArns: ["arn:aws:kms:us-west-2:111122223333:alias/secrets"] }, `${A}.kmsKeyArns[0]`, /key\/<key ID>/],
        ["a key wildcard", { secretArns: [SECRET], kmsKeyArns: ["arn:aws:kms:us-west-2:111122223333:key/*"] }, `${A}.kmsKeyArns[0]`, /wildcards are not accepted/],
        ["findSecrets without secrets", { parameterArns: [PARAMETER], findSecrets: true }, `${A}.findSecrets`, /needs secretArns/],
        ["a non-boolean opt-in", { secretArns: [SECRET], findSecrets: "true" }, `${A}.findSecrets`, /true or false/],
        ["a misspelt field", { secretArns: [SECRET], parameterArn: [PARAMETER] }, `${A}.parameterArn`, /takes only secretArns, parameterArns, kmsKeyArns, findSecrets/],
        ["a list instead of settings", [SECRET], A, /an add-on's settings are an object/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon externalSecrets: against external-secrets v2.9.0 and terraform-aws-modules/iam v6.5.0's KMS statement", () => {
    const ours = build({ secretArns: [SECRET], parameterArns: [PARAMETER], kmsKeyArns: [KEY], findSecrets: true }).document;

    it("grants no action upstream does not", () => {
        expect(actionsBeyond(ours, UPSTREAM)).to.deep.equal([]);
        expect(actionsBeyond(build({ secretArns: [SECRET], findSecrets: true }).document, SECRETS_MANAGER)).to.deep.equal([]);
        expect(actionsBeyond(build({ parameterArns: [PARAMETER] }).document, PARAMETER_STORE)).to.deep.equal([]);
    });

    it("allows nothing upstream denies", () => {
        expectUpstreamAllowsOurRequests(ours, UPSTREAM, 6);
    });

    it("decrypts when Secrets Manager or Parameter Store calls KMS for the role", () => {
        for (const service of ["secretsmanager.us-west-2.amazonaws.com", "ssm.us-west-2.amazonaws.com"]) {
            expect(allows([ours], { action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": service } }), service).to.equal(true);
        }
    });

    it("denies other secrets and parameters, calls ESO does not make, listing by default, and direct or other services' use of the keys, which upstream allows", () => {
        const secretsOnly = build({ secretArns: [SECRET], kmsKeyArns: [KEY] }).document;
        const requests: (AddonRequest & { policy: object })[] = [
            { policy: ours, action: "secretsmanager:GetSecretValue", resource: "arn:aws:secretsmanager:us-west-2:111122223333:secret:dev-other-XyZ789" },
            { policy: ours, action: "secretsmanager:GetResourcePolicy", resource: SECRET },
            { policy: ours, action: "secretsmanager:ListSecretVersionIds", resource: SECRET },
            { policy: ours, action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-2:111122223333:parameter/dev-app/api-key" },
            { policy: ours, action: "ssm:GetParametersByPath", resource: PARAMETER },
            { policy: ours, action: "ssm:GetParameterHistory", resource: PARAMETER },
            { policy: ours, action: "kms:Decrypt", resource: KEY },
            { policy: ours, action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
            { policy: secretsOnly, action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": "ssm.us-west-2.amazonaws.com" } },
            { policy: secretsOnly, action: "secretsmanager:ListSecrets", resource: "*" },
            { policy: secretsOnly, action: "secretsmanager:BatchGetSecretValue", resource: "*" },
        ];
        for (const { policy, ...request } of requests) {
            expect([allows([policy], request), allows([UPSTREAM], request)], `${request.action} ${request.resource} ${JSON.stringify(request.context ?? {})}`).to.deep.equal([false, true]);
        }
    });
});
