import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArnList, checkFields, checkOptIn, KMS_KEY_ARN } from "./addonPolicy";

/**
 * Scoping inputs of the External Secrets Operator's AWS provider, reading only: after external-secrets/external-secrets
 * v2.9.0 `docs/provider/aws-secrets-manager.md` and `docs/provider/aws-parameter-store.md` ("IAM Policy", fetching),
 * and, for the customer managed keys, which those pages do not cover, the `kms:Decrypt` statement of
 * terraform-aws-modules/iam v6.5.0's `external_secrets` policy. PushSecret's write permissions are not granted.
 */
export interface ExternalSecretsAddonArgs {
    /**
     * The Secrets Manager secrets the operator may read, as full ARNs
     * `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>` (with the random suffix Secrets
     * Manager adds, as the secret's `arn` output gives it). Defaults to none; `secretArns` or `parameterArns` is required.
     */
    secretArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The SSM Parameter Store parameters the operator may read, as ARNs
     * `arn:<partition>:ssm:<region>:<account>:parameter/<name>` (a hierarchical name `/app/db` is
     * `parameter/app/db`). Each grants `ssm:GetParameter` on that parameter only, never on the parameters under it.
     * Defaults to none; `secretArns` or `parameterArns` is required.
     */
    parameterArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The customer managed KMS keys that encrypt those secrets or SecureString parameters, as key ARNs
     * `arn:<partition>:kms:<region>:<account>:key/<key ID>`: `kms:Decrypt`, only when Secrets Manager or Parameter Store
     * calls KMS for the role (`kms:ViaService`). Defaults to none, which is what values encrypted with AWS's
     * `aws/secretsmanager` or `aws/ssm` keys need.
     */
    kmsKeyArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Allow `secretsmanager:ListSecrets` and `secretsmanager:BatchGetSecretValue`, which an ExternalSecret's
     * `dataFrom.find` needs. Both take no resource, so they are granted on `*`: ListSecrets shows the name, tags and
     * description (never the value) of every secret of the account and region; BatchGetSecretValue still returns only
     * the values of `secretArns`. Requires `secretArns`. Defaults to false.
     */
    findSecrets?: pulumi.Input<boolean>;
}

const FIELDS = ["secretArns", "parameterArns", "kmsKeyArns", "findSecrets"] as const;

/** Secrets Manager secret ARNs: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`. */
export const SECRETS_MANAGER_SECRET_ARN: ArnRule = {
    service: "secretsmanager",
    // Secret names: 1-512 letters, digits and /_+=.@-; Secrets Manager appends - and six random letters or digits.
    resource: /^secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}$/,
    resourceForm: "secret:<name>-<6 characters>",
    regional: true,
    hasAccount: true,
};

/** SSM parameter ARNs: `arn:<partition>:ssm:<region>:<account>:parameter/<name>`, no leading, trailing or double `/`. */
export const SSM_PARAMETER_ARN: ArnRule = {
    service: "ssm",
    resource: /^parameter\/(?=.{1,2048}$)[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/,
    resourceForm: "parameter/<name>",
    regional: true,
    hasAccount: true,
};

/** Builds the operator's read policy: the listed secrets and parameters, their keys only through those two services. */
export function buildExternalSecretsPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    if (args.secretArns === undefined && args.parameterArns === undefined) {
        throw new IrsaArgumentError(argument, value, "secretArns or parameterArns (or both) is required: the operator may read only the secrets and parameters listed.");
    }
    const secrets = args.secretArns === undefined ? [] : checkArnList(`${argument}.secretArns`, args.secretArns, SECRETS_MANAGER_SECRET_ARN, context);
    const parameters = args.parameterArns === undefined ? [] : checkArnList(`${argument}.parameterArns`, args.parameterArns, SSM_PARAMETER_ARN, context);
    if (args.kmsKeyArns !== undefined && Array.isArray(args.kmsKeyArns) && args.kmsKeyArns.length === 0) {
        throw new IrsaArgumentError(`${argument}.kmsKeyArns`, args.kmsKeyArns, "list at least one key ARN, or leave kmsKeyArns out for no KMS permission.");
    }
    const keys = args.kmsKeyArns === undefined ? [] : checkArnList(`${argument}.kmsKeyArns`, args.kmsKeyArns, KMS_KEY_ARN, context);
    const find = checkOptIn(`${argument}.findSecrets`, args.findSecrets);
    if (find && secrets.length === 0) {
        throw new IrsaArgumentError(`${argument}.findSecrets`, true, "findSecrets needs secretArns: BatchGetSecretValue returns only the values the role may read with GetSecretValue.");
    }
    const statements: AddonPolicyStatement[] = [];
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
