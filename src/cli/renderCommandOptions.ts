import { Command } from "commander";
import { ADDON_KEYS } from "../addons/addonPolicies";
import {
    collect,
    parseAccountId,
    parseAddon,
    parseBoolean,
    parseIdentity,
    parseInteger,
    parseKeyValue,
    parseScope,
    parseServiceAccountMode,
    parseServiceAccountRef,
    TUTORIAL,
} from "./cliOptions";

/**
 * The render flags; `trust` keeps those that shape the trust policy, for explain, where --namespace and --audience are the
 * token's and the role's are --role-namespace and --role-audience. Their order is the order of `--help`.
 */
export function addRenderOptions(command: Command, which: "all" | "trust"): void {
    const all = which === "all";
    addTrustOptions(command, all);
    if (!all) {
        return;
    }
    addRoleOptions(command);
    addPermissionOptions(command);
    addServiceAccountOptions(command);
    addPodIdentityOptions(command);
}

/** The trust source, the ServiceAccounts it admits and the trust policy's quota; `all` adds the role's own namespace and audience. */
function addTrustOptions(command: Command, all: boolean): void {
    command
        .option("--name <name>", `the component's name, which names the role and every child (default: the ServiceAccount's name, or ${TUTORIAL.componentName} for the tutorial's)`)
        .option("--account-id <id>", "the 12-digit account in rendered ARNs (default: 123456789012, a placeholder)", parseAccountId)
        .option("--oidc-provider-arn <arn>", "the ARN of the cluster's existing IAM OIDC provider (exclusive with --issuer-url and --cluster-name)")
        .option("--issuer-url <url>", `the cluster's OIDC issuer URL; its provider is looked up, or created with --create-oidc-provider (default: ${TUTORIAL.issuerUrl} when no trust source is given)`)
        .option("--cluster-name <name>", "the EKS cluster whose issuer is looked up at deploy time; render is offline, so give --issuer-url too (default: none)")
        .option("--create-oidc-provider", "create the IAM OIDC provider for the issuer instead of looking it up (default: look it up)")
        .option("--service-account-name <name>", `the Kubernetes ServiceAccount that assumes the role (default: ${TUTORIAL.serviceAccountName})`);
    if (all) {
        command.option("--namespace <namespace>", `the ServiceAccount's namespace (default: ${TUTORIAL.namespace}; optional with --scope cluster and --namespace-pattern or --service-account-mode none)`);
    }
    command
        .option("--scope <scope>", "environment (exactly --namespace) or cluster (every namespace matching --namespace-pattern), case-insensitive (default: environment)", parseScope)
        .option("--namespace-pattern <pattern>", "with --scope cluster, the StringLike pattern of trusted namespaces (default: z*, every namespace starting with z)")
        .option("--additional-service-account <namespace:name>", "one more ServiceAccount that may assume the role; the namespace may be a pattern; repeatable (default: none)", parseServiceAccountRef)
        .option("--additional-oidc-provider-arn <arn>", "one more cluster's OIDC provider ARN trusting the same ServiceAccounts; repeatable (default: none)", collect);
    if (all) {
        command.option("--audience <audience>", "the token audience the trust policy requires (default: sts.amazonaws.com)");
    }
    command.option("--trust-policy-size-limit <n>", "the account's ACLSizePerRole quota, in characters without white space (default: 2048)", parseInteger);
}

/** The role: adopted, or created with its name, path, description, session, boundary and tags. */
function addRoleOptions(command: Command): void {
    command
        .option("--role-arn <arn>", "adopt this existing role instead of creating one: only the ServiceAccount is created (default: create a role)")
        .option("--role-name <name>", "the IAM role's name (default: <name>-<7 random characters>)")
        .option("--role-path <path>", "the IAM role's path (default: /)")
        .option("--role-description <text>", "the IAM role's description (default: none)")
        .option("--max-session-duration <seconds>", "the longest session, 3600 to 43200 seconds (default: 3600)", parseInteger)
        .option("--permissions-boundary <arn>", "the ARN of a managed policy bounding the role's permissions (default: none)")
        .option("--tag <key=value>", "a tag for the role (and a created OIDC provider); repeatable (default: none)", parseKeyValue);
}

/** What the role may do: managed and inline policies, the add-ons' policies, and the account's quota of attachments. */
function addPermissionOptions(command: Command): void {
    command
        .option(
            "--policy-arn <key=arn>",
            "a managed policy to attach, keyed by a stable name; a bare AWS managed policy name such as AmazonS3ReadOnlyAccess is " +
                `expanded to arn:aws:iam::aws:policy/<name>; repeatable (default: ${TUTORIAL.policyKey}=${TUTORIAL.policy} when no --policy-arn, --inline-policy or --role-arn is given)`,
            parseKeyValue,
        )
        .option("--inline-policy <name=@file.json>", "an inline policy read from a JSON file (or name=<JSON> given inline); repeatable (default: none)", parseKeyValue)
        .option(
            "--addon <add-on[:field=value,...]>",
            "an add-on's permissions (addonPolicies), e.g. --addon externalDns:hostedZoneArns=arn:aws:route53:::hostedzone/Z1,arn:aws:route53:::hostedzone/Z2 " +
                "or --addon ebsCsiDriver; one field per flag, repeat it for more (a field ending in s takes a comma-separated list, true/false a boolean); " +
                `render prints each add-on's policy and flags deliberate wildcards; add-ons: ${ADDON_KEYS.join(", ")} (default: none)`,
            parseAddon,
        )
        .option("--managed-policy-limit <n>", "the account's PoliciesPerRole quota (default: 10)", parseInteger);
}

/** The Kubernetes ServiceAccount: how it is created (manifest, Helm chart or not at all), the Job that checks it, and its metadata. */
function addServiceAccountOptions(command: Command): void {
    command
        .option(
            "--service-account-mode <mode>",
            "manifest (create the ServiceAccount), helmchart (through Qovery's qovery-sa-helper chart: prints its values file) or none (the role only), case-insensitive (default: manifest)",
            parseServiceAccountMode,
        )
        .option("--helm-chart-repository <url>", "with --service-account-mode helmchart, the chart repository (default: https://qovery.github.io/create_service_account/)")
        .option("--helm-chart-name <name>", "with --service-account-mode helmchart, the chart (default: qovery-sa-helper)")
        .option("--helm-chart-version <version>", "with --service-account-mode helmchart, the chart version (default: 0.1.0)")
        .option("--verify-access", "add the Job that proves at deploy time that the ServiceAccount can assume the role (default: off)")
        .option("--verify-access-probe <command>", "with --verify-access, a command the Job runs with the role, e.g. 'aws s3 ls' (default: none)")
        .option("--label <key=value>", "a label for the ServiceAccount; repeatable (default: none)", parseKeyValue)
        .option("--annotation <key=value>", "one more annotation for the ServiceAccount; repeatable (default: none)", parseKeyValue)
        .option("--sts-regional-endpoints <bool>", "set eks.amazonaws.com/sts-regional-endpoints to true or false (default: unset)", parseBoolean)
        .option("--token-expiration-seconds <seconds>", "set eks.amazonaws.com/token-expiration, 600 to 86400 (default: unset, the webhook's 86400)", parseInteger)
        .option("--automount-service-account-token <bool>", "set the ServiceAccount's automountServiceAccountToken to true or false (default: unset)", parseBoolean)
        .option("--create-namespace", "create the namespace too (default: it must exist)");
}

/** EKS Pod Identity: which identity the pods use, the associations' session tags, target role and session policy. */
function addPodIdentityOptions(command: Command): void {
    command
        .option(
            "--identity <identity>",
            "irsa (the role-arn annotation), pod-identity (an EKS Pod Identity association per ServiceAccount, no annotation) or both " +
                "(the migration step), case-insensitive; pod-identity and both need --cluster-name (default: irsa)",
            parseIdentity,
        )
        .option("--disable-session-tags", "with pod-identity or both, turn off the associations' session tags; needs --allow-unconditioned-pod-identity-trust (default: tags on)")
        .option(
            "--allow-unconditioned-pod-identity-trust",
            "with --disable-session-tags, accept a Pod Identity statement without conditions: any association in the account may use the role (default: refused)",
        )
        .option("--target-role-arn <arn>", "with pod-identity or both, the role (often in another account) the associations hand to the pods (default: none)")
        .option(
            "--session-policy <@file.json>",
            "with pod-identity or both and --disable-session-tags, the associations' session policy, read from a JSON file (or the JSON itself): the pods get only what both it and the role allow (default: none)",
        );
}
