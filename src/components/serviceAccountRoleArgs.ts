import type * as pulumi from "@pulumi/pulumi";
import type { AddonPolicies } from "../addons/addonPolicies";
import type { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../enums";
import type { ServiceAccountChart } from "./serviceAccount";
import type { VerifyAccessOptions } from "./verifyAccess";

/** One more ServiceAccount, or a pattern of them, that may assume the role. */
export interface TrustedServiceAccount {
    /**
     * Its namespace, or a `StringLike` pattern of namespaces where `*` matches any run of characters and `?` exactly one
     * (e.g. `z*`, or `z????????-z????????` for Qovery's environment namespaces only).
     */
    namespace: pulumi.Input<string>;
    /** Its name: a DNS-1123 subdomain, no wildcards. */
    name: pulumi.Input<string>;
}

/**
 * The arguments of a ServiceAccountRole. The trust comes from exactly one of `oidcProviderArn`, `issuerUrl` and
 * `clusterName` (optional with `roleArn`).
 */
export interface ServiceAccountRoleArgs {
    /**
     * The ARN of the cluster's existing IAM OIDC provider: a ClusterOidcProvider's `arn`, `@pulumi/eks`'
     * `cluster.oidcProviderArn`, or one made elsewhere. The issuer, which prefixes the trust policy's condition keys, is
     * derived from it. Mutually exclusive with `issuerUrl` and `clusterName`.
     */
    oidcProviderArn?: pulumi.Input<string>;
    /**
     * The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`). The account's provider for it is
     * looked up with `aws.iam.getOpenIdConnectProvider`, or created when `createOidcProvider` is true. Mutually exclusive
     * with `oidcProviderArn` and `clusterName`.
     */
    issuerUrl?: pulumi.Input<string>;
    /**
     * The name of the EKS cluster whose issuer is looked up with `aws.eks.getCluster`; its provider is then looked up or
     * created as with `issuerUrl`. Mutually exclusive with `oidcProviderArn` and `issuerUrl`.
     */
    clusterName?: pulumi.Input<string>;
    /**
     * Create the IAM OIDC provider for `issuerUrl` or `clusterName` as a child ClusterOidcProvider (its client IDs are the
     * audience; it carries `tags`) instead of looking up the existing one. Defaults to false: an account holds one provider
     * per issuer, so only one stack per cluster may create it (others fail with `EntityAlreadyExists`).
     */
    createOidcProvider?: boolean;

    /** The name of the Kubernetes ServiceAccount that may assume the role (a DNS-1123 subdomain). Required. */
    serviceAccountName: pulumi.Input<string>;
    /**
     * The ServiceAccount's namespace (a DNS-1123 label). Defaults to the environment variable
     * `QOVERY_KUBERNETES_NAMESPACE_NAME` when it is set, as it is in a Qovery lifecycle job. Required (by either) for scope
     * Environment and for a ServiceAccount created by the component; optional for a cluster-scoped role only.
     */
    namespace?: pulumi.Input<string>;
    /**
     * Which namespaces the trust covers. Defaults to Environment: `StringEquals` on exactly `namespace`. Cluster trusts every
     * namespace matching `namespacePattern`, so cloned and preview environments keep the role.
     */
    scope?: TrustScope;
    /**
     * With scope Cluster, the `StringLike` pattern of trusted namespaces. Defaults to `z*` (Qovery's: every namespace whose
     * name starts with `z`); `z????????-z????????` matches only Qovery's `z<8 hex>-z<8 hex>` environment namespaces.
     * When `namespace` is also given, it must match the pattern.
     */
    namespacePattern?: pulumi.Input<string>;
    /** More ServiceAccounts (namespaces may be patterns) that may assume the role. Defaults to none. */
    additionalServiceAccounts?: pulumi.Input<pulumi.Input<TrustedServiceAccount>[]>;
    /**
     * The ARNs of more clusters' OIDC providers that trust the same ServiceAccounts (e.g. blue/green clusters), one trust
     * statement each. Defaults to none.
     */
    additionalOidcProviderArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The token audience the trust policy requires (`<issuer>:aud`). Defaults to `sts.amazonaws.com`, EKS's; any other value
     * is also set as the ServiceAccount's `eks.amazonaws.com/audience` annotation and must be one of the provider's client IDs.
     * Refused with identity PodIdentity, where no trust statement checks it (EKS Pod Identity has its own audience).
     */
    audience?: pulumi.Input<string>;

    /**
     * Use this existing role instead of creating one: only the ServiceAccount is created, annotated with it. Mutually
     * exclusive with every role argument (`roleName`, `rolePath`, `roleDescription`, `maxSessionDuration`,
     * `permissionsBoundary`, `tags`, `policyArns`, `inlinePolicies`, `addonPolicies`, `managedPolicyLimit`,
     * `createOidcProvider`). A trust source is then optional; when given, `trustPolicy` reports the policy the role needs, without applying it.
     */
    roleArn?: pulumi.Input<string>;
    /**
     * The IAM role's name (1-64 characters of letters, digits and `+=,.@_-`). Defaults to the component's name plus a
     * random 7-character suffix, which leaves 56 characters for the component's name.
     */
    roleName?: pulumi.Input<string>;
    /** The IAM path of the role, `/` or `/<path>/`. Defaults to `/`. */
    rolePath?: pulumi.Input<string>;
    /** The role's description, at most 1000 characters. Defaults to none. */
    roleDescription?: pulumi.Input<string>;
    /** The longest session, in seconds, from 3600 to 43200. Defaults to 3600 (IAM's default). */
    maxSessionDuration?: pulumi.Input<number>;
    /** The ARN of a managed policy that bounds the role's permissions. Defaults to none. */
    permissionsBoundary?: pulumi.Input<string>;
    /** Tags for the role (and for a provider created with `createOidcProvider`): at most 50, no `aws:` keys. Defaults to none. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Managed policies to attach, keyed by a stable name of yours (e.g. `{ s3: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }`).
     * The key names the attachment resource, so adding, removing or reordering entries never replaces the others. At most
     * `managedPolicyLimit`. Defaults to none.
     */
    policyArns?: { [key: string]: pulumi.Input<string> };
    /**
     * Inline policies, keyed by policy name, each a JSON policy document (e.g. `JSON.stringify({...})`). At most 10,240
     * characters in all, white space not counted. Defaults to none.
     */
    inlinePolicies?: { [name: string]: pulumi.Input<string> };
    /**
     * The permissions of common EKS add-ons, one key per add-on (e.g. `externalDns: { hostedZoneArns: [zone.arn] }`),
     * each scoped to the resources you name; a wildcard needs the add-on's named opt-in. Defaults to none. Every input is
     * checked before anything is created. An add-on's policy of at most 2,048 characters (white space not counted) is an
     * inline policy `addon-<key>`; a larger one is a managed policy `addon-<key>` (split into `addon-<key>-2`, ... above
     * 6,144) attached to the role. With `inlinePolicies` they must fit 10,240 inline characters, and with `policyArns` at
     * most `managedPolicyLimit` managed policies, or the component refuses them with the numbers. Children are named from
     * the add-on's key, so adding or removing one never replaces another's. ARNs must be in the role's partition (from
     * the trust source, or the cluster's ARN with `identity` PodIdentity and `clusterName` alone); the resources an add-on
     * creates (the EBS CSI driver's volumes) are limited to the role's account: that of `oidcProviderArn`, of the cluster
     * (`clusterName`), or of the OIDC provider found or created for `issuerUrl` (with `createOidcProvider`, known only
     * once it exists, so a first preview shows the add-on policies at `pulumi up`). Every ARN and key prefix must be
     * literal text for IAM: no policy variable `${...}`, only printable Latin-1. With `identity` PodIdentity, add-ons
     * scoped by cluster take the cluster from the session tag `eks-cluster-name` EKS sets (leave their `clusterName`
     * out); with Irsa and Both (whose IRSA sessions carry no tag) they take the literal `clusterName`. When an input is an
     * Output whose value is unknown in a preview, the add-on's policies appear once it is known (at `pulumi up`).
     */
    addonPolicies?: AddonPolicies;
    /**
     * The account's trust policy size quota (`ACLSizePerRole`), in characters without white space. Defaults to 2048, IAM's
     * default; pass the raised value if your account has one.
     */
    trustPolicySizeLimit?: pulumi.Input<number>;
    /** The account's quota of managed policies per role (`PoliciesPerRole`). Defaults to 10, IAM's default (raisable to 20). */
    managedPolicyLimit?: pulumi.Input<number>;

    /**
     * How the ServiceAccount is created. Defaults to Manifest, a `kubernetes.core.v1.ServiceAccount`; HelmChart deploys
     * Qovery's `qovery-sa-helper` chart (see `helmChart`); None creates the role only. HelmChart needs a component name of
     * at most 41 lower-case letters, digits, '-' and '.' (the Helm release is auto-named `<name>-sa-<8 hex digits>`,
     * and Helm accepts at most 53 such characters), and refuses a serviceAccountName that YAML 1.1 reads as something
     * else than a string (`null`, `no`, `true`, `123`, `1e3`, `0x1f`: the chart writes the name unquoted) and
     * annotations Helm's toYaml does not carry intact (DEL and C1 controls, several line breaks or Unicode white space
     * at the end).
     */
    serviceAccountMode?: ServiceAccountMode;
    /** Labels for the ServiceAccount. Defaults to none. Manifest mode only (the Helm chart takes no labels). */
    serviceAccountLabels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * More annotations for the ServiceAccount, added to the ones the component derives. Defaults to none. May not set
     * `eks.amazonaws.com/role-arn`, `/audience`, `/sts-regional-endpoints` or `/token-expiration`: use the arguments. All
     * the ServiceAccount's annotations, keys and values, may total at most 256 KiB in UTF-8 bytes (the API server's limit).
     */
    serviceAccountAnnotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Sets `eks.amazonaws.com/sts-regional-endpoints`, which makes the SDKs in the pod call the regional STS endpoint.
     * Defaults to unset (the webhook's own default applies).
     */
    stsRegionalEndpoints?: pulumi.Input<boolean>;
    /**
     * Sets `eks.amazonaws.com/token-expiration`, the projected token's lifetime in seconds, from 600 to 86400. Defaults to
     * unset (the webhook's default, 86400).
     */
    tokenExpirationSeconds?: pulumi.Input<number>;
    /** Sets the ServiceAccount's `automountServiceAccountToken`. Defaults to unset (Kubernetes mounts the token). Manifest mode only. */
    automountServiceAccountToken?: pulumi.Input<boolean>;
    /** Create the namespace too. Defaults to false: the namespace must exist (Qovery creates each environment's). */
    createNamespace?: boolean;
    /**
     * With serviceAccountMode HelmChart, the chart that creates the ServiceAccount. Defaults to the tutorial's: Qovery's
     * `qovery-sa-helper` 0.1.0 from `https://qovery.github.io/create_service_account/`; each coordinate can be overridden.
     */
    helmChart?: pulumi.Input<ServiceAccountChart>;
    /**
     * Prove at deploy time that the ServiceAccount can assume the role: a Kubernetes Job in its namespace, run with it
     * after the ServiceAccount and every policy exist, fails unless the webhook injected the role, `aws sts
     * get-caller-identity` returns this role, and `verifyAccessOptions.probeCommand` (e.g. `aws s3 ls`) passes. Pulumi
     * waits for the Job, so `pulumi up` fails instead of the application. Defaults to false. Needs a ServiceAccount
     * created by the component (Manifest or HelmChart) and a component name of at most 49 characters.
     */
    verifyAccess?: boolean;
    /** The verification Job's image, probe, timeout, retries, TTL and resources. Defaults as in VerifyAccessOptions. Needs verifyAccess. */
    verifyAccessOptions?: pulumi.Input<VerifyAccessOptions>;

    /**
     * How pods get the role. Defaults to Irsa (the trust, the annotation and every output exactly as without the
     * argument). PodIdentity trusts `pods.eks.amazonaws.com` for this cluster's exact ServiceAccounts, creates an
     * `aws.eks.PodIdentityAssociation` per ServiceAccount and leaves out the `eks.amazonaws.com/role-arn` annotation;
     * Both (the migration step) keeps the IRSA statement and the annotation and adds the Pod Identity statement and the
     * associations. Changing it never replaces the role. PodIdentity and Both need `clusterName`, exact namespaces
     * (PodIdentity refuses scope Cluster and namespace patterns) and plain namespace and ServiceAccount names; PodIdentity
     * refuses serviceAccountMode HelmChart with Qovery's chart, which always renders the annotation. Must be a plain value.
     * PodIdentity and Both need `@pulumi/aws` 6.13.2 or later (the first with `aws.eks.PodIdentityAssociation`).
     */
    identity?: WorkloadIdentity;
    /**
     * Sets the associations' `disableSessionTags` (a way round `PackedPolicyTooLarge`). Defaults to false. Without session
     * tags the trust cannot require this cluster, namespace and ServiceAccount, so true is refused unless
     * `allowUnconditionedPodIdentityTrust` is true too, and then the Pod Identity statement has no conditions (any
     * association in the account may use the role) and a warning is logged. PodIdentity and Both only; a plain value.
     * Needs `@pulumi/aws` 7.2.0 or later (no 6.x association has it; refused otherwise).
     */
    disableSessionTags?: boolean;
    /**
     * The explicit opt-in to a Pod Identity trust statement without conditions, which `disableSessionTags` needs. Defaults
     * to false. Refused without `disableSessionTags`. A plain value.
     */
    allowUnconditionedPodIdentityTrust?: boolean;
    /**
     * A role (often in another account) that EKS Pod Identity assumes with this role's credentials, passed to every
     * association's `targetRoleArn`; the pods then get the target role. Defaults to none. The target role must trust this
     * role with `sts:AssumeRole` and `sts:TagSession` (see docs/pod-identity.md, "Cross-account"). PodIdentity and Both
     * only. Needs `@pulumi/aws` 7.2.0 or later (no 6.x association has it; refused otherwise).
     */
    targetRoleArn?: pulumi.Input<string>;
    /**
     * A session policy for every association (EKS's `policy`): a JSON IAM policy document of at most 2,048 characters
     * (tab, line feed, carriage return and U+0020 to U+00FF) with Allow or Deny statements and no principal. The pods then
     * get only what both the role's policies and this policy allow, never more. Defaults to none (the role's whole
     * permissions). EKS takes it only with session tags disabled, so it needs `disableSessionTags: true` and
     * `allowUnconditionedPodIdentityTrust: true`; PodIdentity and Both only; needs `@pulumi/aws` 7.40.0 or later (refused
     * otherwise, since an older SDK would drop it and give the pods the whole role).
     */
    sessionPolicy?: pulumi.Input<string>;
}
