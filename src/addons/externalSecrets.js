"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SSM_PARAMETER_ARN = exports.SECRETS_MANAGER_SECRET_ARN = void 0;
exports.buildExternalSecretsPolicy = buildExternalSecretsPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["secretArns", "parameterArns", "kmsKeyArns", "findSecrets"];
/** Secrets Manager secret ARNs: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`. */
exports.SECRETS_MANAGER_SECRET_ARN = {
    service: "secretsmanager",
    // Secret names: 1-512 letters, digits and /_+=.@-; Secrets Manager appends - and six random letters or digits.
    resource: /^secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/,
    resourceForm: "secret:<name>-<6 characters>",
    regional: true,
    hasAccount: true,
};
/** SSM parameter ARNs: `arn:<partition>:ssm:<region>:<account>:parameter/<name>`, no leading, trailing or double `/`. */
exports.SSM_PARAMETER_ARN = {
    service: "ssm",
    resource: /^parameter\/(?=.{1,2048}$)[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/,
    resourceForm: "parameter/<name>",
    regional: true,
    hasAccount: true,
};
/** Builds the operator's read policy: the listed secrets and parameters, their keys only through those two services. */
function buildExternalSecretsPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    if (args.secretArns === undefined && args.parameterArns === undefined) {
        throw new errors_1.IrsaArgumentError(argument, value, "secretArns or parameterArns (or both) is required: the operator may read only the secrets and parameters listed.");
    }
    const secrets = args.secretArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.secretArns`, args.secretArns, exports.SECRETS_MANAGER_SECRET_ARN, context);
    const parameters = args.parameterArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.parameterArns`, args.parameterArns, exports.SSM_PARAMETER_ARN, context);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : (0, addonPolicy_1.checkArnList)(`${argument}.kmsKeyArns`, args.kmsKeyArns, addonPolicy_1.KMS_KEY_ARN, context);
    const find = (0, addonPolicy_1.checkOptIn)(`${argument}.findSecrets`, args.findSecrets);
    if (find && secrets.length === 0) {
        throw new errors_1.IrsaArgumentError(`${argument}.findSecrets`, true, "findSecrets needs secretArns: BatchGetSecretValue returns only the values the role may read with GetSecretValue.");
    }
    const statements = [];
    if (secrets.length > 0) {
        // ESO v2.9.0 reads with GetSecretValue, and DescribeSecret for `metadataPolicy: Fetch`; upstream's
        // GetResourcePolicy and ListSecretVersionIds are called by PushSecret or not at all.
        statements.push({ Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secrets });
    }
    if (find) {
        statements.push({ Sid: "FindSecrets", Effect: "Allow", Action: ["secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue"], Resource: ["*"] });
    }
    if (parameters.length > 0) {
        // ESO v2.9.0 reads one parameter with GetParameter; upstream's `ssm:GetParameter*` also grants
        // GetParametersByPath, which on a listed name would read every parameter under it.
        statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: parameters });
    }
    if (keys.length > 0) {
        // Both services call KMS from the key's own region; `<service>.*` matches every partition's endpoint names.
        const services = [...(secrets.length > 0 ? ["secretsmanager.*"] : []), ...(parameters.length > 0 ? ["ssm.*"] : [])];
        statements.push({ Sid: "DecryptThroughServices", Effect: "Allow", Action: ["kms:Decrypt"], Resource: keys, Condition: { StringLike: { "kms:ViaService": services } } });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
