// @pulumi/aws's iam and eks modules, not its index: tsc and Pulumi's analyzer (which reads the package each time another language
// starts the component provider) then parse a third of @pulumi/aws's declarations. The classes every role creates come from
// their own files: each read of a module index's export runs require() again (its lazy getter), about 50 µs per resource
// at 1,000 roles. PodIdentityAssociation stays behind the index, since @pulumi/aws 6.0.0 (the lowest supported) has none.
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { Policy } from "@pulumi/aws/iam/policy";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import * as pulumi from "@pulumi/pulumi";
import { ClusterOidcProvider } from "./clusterOidcProvider";
import { ServiceAccountMode, WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";
import { Checked, combineChecked, hasCycle, mapChecked } from "./inputs";
import { createVerifyAccessJob } from "./verifyAccess";
import { createPodIdentityAssociations, keepsRoleArnAnnotation, podIdentityAssociationKey, serviceAccountDependencies } from "./podIdentityAssociation";
import { podIdentityVerifyAccessJobManifest } from "./verifyPodIdentityAccess";
import { checkPodIdentityProviderSupport, installedAwsVersion } from "./podIdentityProviderSupport";
import { externalIdsOf, podIdentityProviderNeeds } from "./podIdentityOutputs";
import { ROLE_ARN_ANNOTATION } from "./serviceAccount";
import { issuerOf, parseOidcProviderArn } from "../policy/issuer";
import { checkAnnotationsSize } from "./deployTimeRules";
import { createServiceAccountManifest, createServiceAccountRelease, serviceAccountAnnotations } from "./serviceAccount";
import { TrustedProvider } from "../policy/trustPolicy";
import { planServiceAccountRole, ServiceAccountRolePlan } from "./serviceAccountRolePlan";
import { AddonPolicyPlan } from "../addons/addonPolicies";
import type { ServiceAccountRoleArgs } from "./serviceAccountRoleArgs";

export { DEFAULT_NAMESPACE_PATTERN, planServiceAccountRole, trustPolicyOf } from "./serviceAccountRolePlan";
export type { ServiceAccountRolePlan } from "./serviceAccountRolePlan";
export type { ServiceAccountRoleArgs, TrustedServiceAccount } from "./serviceAccountRoleArgs";

/**
 * An IAM role that exactly one Kubernetes ServiceAccount (or a chosen set of them) can assume through IAM Roles for
 * Service Accounts, its permissions, and the ServiceAccount annotated with `eks.amazonaws.com/role-arn`: Qovery's AWS
 * IAM roles tutorial as one resource. Every argument is checked before anything is created.
 */
export class ServiceAccountRole extends pulumi.ComponentResource {
    /** The role's ARN. Resolves only once every policy attachment exists, so nothing uses the role before its permissions. */
    public readonly roleArn: pulumi.Output<string>;
    /** The role's name. */
    public readonly roleName: pulumi.Output<string>;
    /** The name of the ServiceAccount that assumes the role. */
    public readonly serviceAccountName: pulumi.Output<string>;
    /** The ServiceAccount's namespace; unset for a cluster-scoped role without a ServiceAccount. */
    public readonly namespace: pulumi.Output<string | undefined>;
    /** The ARN of the OIDC provider the role trusts; unset for an existing role given without a trust source. */
    public readonly oidcProviderArn: pulumi.Output<string | undefined>;
    /** The issuer without `https://`, the prefix of the trust policy's condition keys; unset when there is no trust source. */
    public readonly issuer: pulumi.Output<string | undefined>;
    /**
     * The trust policy exactly as sent to IAM (minified JSON). With `roleArn`, the policy that role needs, not applied.
     * Unset for an existing role given without a trust source.
     */
    public readonly trustPolicy: pulumi.Output<string | undefined>;
    /** Every annotation of the ServiceAccount, `eks.amazonaws.com/role-arn` included: ready for another chart's values. */
    public readonly serviceAccountAnnotations: pulumi.Output<{ [key: string]: string }>;
    /**
     * With `targetRoleArn`, each association's `externalId`, keyed `<namespace>.<ServiceAccount>`: the value EKS sends as
     * `sts:ExternalId` when it assumes the target role, for the target role's trust to require. Empty without
     * `targetRoleArn` or Pod Identity.
     */
    public readonly podIdentityExternalIds: pulumi.Output<{ [key: string]: string }>;

    constructor(name: string, args: ServiceAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        // Pulumi records the arguments as the component's inputs, and its serialization would never end on a cyclic value:
        // such arguments are left out there, and the plan refuses them with their name just below.
        super("eks-irsa:index:ServiceAccountRole", name, hasCycle(args) ? {} : args, opts);

        let plan: ServiceAccountRolePlan;
        try {
            plan = planServiceAccountRole(name, args);
            checkPodIdentityProviderSupport(podIdentityProviderNeeds(plan), installedAwsVersion());
        } catch (error) {
            throw error instanceof IrsaArgumentError ? new pulumi.ResourceError(`ServiceAccountRole "${name}": ${error.message}`, this) : error;
        }
        const outputs = wireServiceAccountRole(plan, this);
        this.roleArn = outputs.roleArn;
        this.roleName = outputs.roleName;
        this.serviceAccountName = outputs.serviceAccountName;
        this.namespace = outputs.namespace;
        this.oidcProviderArn = outputs.oidcProviderArn;
        this.issuer = outputs.issuer;
        this.trustPolicy = outputs.trustPolicy;
        this.serviceAccountAnnotations = outputs.serviceAccountAnnotations;
        this.podIdentityExternalIds = outputs.podIdentityExternalIds;
        this.registerOutputs(outputs);
    }
}

interface ServiceAccountRoleOutputs {
    roleArn: pulumi.Output<string>;
    roleName: pulumi.Output<string>;
    serviceAccountName: pulumi.Output<string>;
    namespace: pulumi.Output<string | undefined>;
    oidcProviderArn: pulumi.Output<string | undefined>;
    issuer: pulumi.Output<string | undefined>;
    trustPolicy: pulumi.Output<string | undefined>;
    serviceAccountAnnotations: pulumi.Output<{ [key: string]: string }>;
    podIdentityExternalIds: pulumi.Output<{ [key: string]: string }>;
}

/**
 * Creates the children a plan names, as children of `parent`, and returns the component's outputs. Reads only the
 * plan. Every child waits for the plan's late checks, and every output rejects when one fails.
 */
function wireServiceAccountRole(plan: ServiceAccountRolePlan, parent: pulumi.Resource): ServiceAccountRoleOutputs {
    const { name, checks } = plan;
    const warn = (warning: string) => pulumi.log.warn(`ServiceAccountRole "${name}": ${warning}`, parent);
    plan.warnings.forEach(warn);
    // A late value's warning comes when it arrives; when its check fails, the failure is reported through the outputs.
    plan.lateWarnings?.apply((warnings) => warnings.forEach(warn));
    const trust = wireTrust(plan, parent);

    let roleArn: pulumi.Output<string>;
    let roleName: pulumi.Output<string>;
    let permissions: pulumi.CustomResource[] = [];
    if (plan.role === undefined) {
        roleArn = pulumi.output(plan.adoptedRoleArn!);
        roleName = roleArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));
    } else {
        const r = plan.role;
        // The role takes the component's name so that its IAM auto-name reads `<name>-<suffix>`.
        const role = new Role(
            name,
            {
                name: r.name,
                path: r.path,
                description: r.description,
                maxSessionDuration: r.maxSessionDuration,
                permissionsBoundary: r.permissionsBoundary,
                tags: r.tags,
                assumeRolePolicy: trust!.policy,
            },
            { parent, dependsOn: checks.after([]) },
        );
        const attachments = r.policyArns.map(
            ([key, policyArn]) => new RolePolicyAttachment(`${name}-${key}`, { role: role.name, policyArn }, { parent, dependsOn: checks.after([]) }),
        );
        const inlinePolicies = r.inlinePolicies.map(
            ([key, policy]) => new RolePolicy(`${name}-${key}`, { role: role.name, name: key, policy }, { parent, dependsOn: checks.after([]) }),
        );
        permissions = [...attachments, ...inlinePolicies];
        const addonPolicies = trust?.addonPolicies ?? r.addonPolicies;
        // A plan known now creates its children now; a late one when it arrives, since its size decides the children.
        const addonIds: pulumi.Input<string>[] =
            addonPolicies === undefined
                ? []
                : pulumi.Output.isInstance(addonPolicies)
                  ? [
                        addonPolicies.apply((p) =>
                            // Each document is read from the Output again, so a policy made from a secret input stays secret.
                            pulumi.all(wireAddonPolicies(name, p, (i) => addonPolicies.apply((q) => q.policies[i].json), role, parent, checks.after([]))).apply((ids) => ids.join(",")),
                        ),
                    ]
                  : wireAddonPolicies(name, addonPolicies, (i) => addonPolicies.policies[i].json, role, parent, checks.after([]));
        roleArn =
            permissions.length + addonIds.length === 0 ? role.arn : pulumi.all([role.arn, ...permissions.map((p) => p.id), ...addonIds]).apply(([arn]) => arn);
        roleName = role.name;
    }
    // An ARN contains the role's name and path, so it is as secret as they are.
    roleArn = withSecrecyOf(roleArn, plan.secretSources.role);
    roleName = withSecrecyOf(roleName, plan.secretSources.role);

    const annotationValues = combineChecked({
        audience: plan.audience,
        stsRegionalEndpoints: plan.stsRegionalEndpoints,
        tokenExpirationSeconds: plan.tokenExpirationSeconds,
        extra: plan.extraAnnotations,
    });
    let annotations = pulumi.Output.isInstance(annotationValues)
        ? pulumi.all([roleArn, annotationValues]).apply(([arn, values]) => serviceAccountAnnotations({ ...values, roleArn: arn }))
        : roleArn.apply((arn) => serviceAccountAnnotations({ ...(annotationValues as any), roleArn: arn }));
    if (!keepsRoleArnAnnotation(plan.identity)) {
        annotations = annotations.apply(({ [ROLE_ARN_ANNOTATION]: _, ...others }) => others);
    }
    // The whole set, the role's ARN included, against the API server's 256 KiB (the plan checked the plain extras alone).
    annotations = annotations.apply((all) => {
        checkAnnotationsSize("serviceAccountAnnotations", all);
        return all;
    });

    const pod = plan.podIdentity;
    const associations =
        pod === undefined
            ? []
            : createPodIdentityAssociations(
                  name,
                  {
                      clusterName: pod.clusterName,
                      roleArn,
                      targets: pod.subjects.map((s) => ({ key: podIdentityAssociationKey(s.namespace, s.serviceAccountName), namespace: s.namespace, serviceAccountName: s.serviceAccountName })),
                      targetRoleArn: pod.targetRoleArn,
                      disableSessionTags: pod.disableSessionTags ? true : undefined,
                      policy: pod.sessionPolicy,
                      tags: plan.role?.tags,
                      // roleArn comes from the role, so each association waits for the role's trust to name the cluster.
                      dependsOn: checks.after([]) as pulumi.Resource[],
                  },
                  parent,
              );

    const sa = plan.serviceAccount;
    let serviceAccount: pulumi.CustomResource | undefined;
    if (sa !== undefined) {
        const serviceAccountArgs = {
            serviceAccountName: plan.serviceAccountName,
            namespace: sa.namespace,
            createNamespace: sa.createNamespace,
            annotations,
            // No pod without a way to its role: the ServiceAccount waits for the permissions and the associations.
            dependsOn: checks.after(serviceAccountDependencies(plan.identity, permissions, associations)) as pulumi.Resource[],
        };
        serviceAccount =
            sa.mode === ServiceAccountMode.HelmChart
                ? createServiceAccountRelease(name, { ...serviceAccountArgs, chart: sa.chart! }, parent)
                : createServiceAccountManifest(name, { ...serviceAccountArgs, labels: sa.labels, automountServiceAccountToken: sa.automountServiceAccountToken }, parent);
    }
    if (plan.verifyAccess !== undefined && serviceAccount !== undefined) {
        // With Pod Identity and a target role, the pod's credentials are the target role's.
        const verifiedArn = pod?.targetRoleArn === undefined || plan.identity !== WorkloadIdentity.PodIdentity ? roleArn : pulumi.output(pod.targetRoleArn);
        createVerifyAccessJob(
            name,
            {
                namespace: sa!.namespace,
                serviceAccountName: plan.serviceAccountName,
                roleName: verifiedArn === roleArn ? roleName : verifiedArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1)),
                roleArn: verifiedArn,
                options: plan.verifyAccess.options,
            },
            parent,
            checks.after([serviceAccount, ...permissions, ...associations]) as pulumi.Resource[],
            plan.identity === WorkloadIdentity.PodIdentity ? podIdentityVerifyAccessJobManifest : undefined,
        );
    }

    return {
        roleArn: checks.gate(roleArn),
        roleName: checks.gate(roleName),
        serviceAccountName: checks.gate(asOutput(plan.serviceAccountName)),
        namespace: checks.gate(asOutput(plan.namespace)),
        oidcProviderArn: checks.gate(asOutput(trust?.arn)),
        issuer: checks.gate(asOutput(trust?.issuer)),
        trustPolicy: checks.gate(asOutput(trust?.reported)),
        serviceAccountAnnotations: checks.gate(annotations),
        podIdentityExternalIds: checks.gate(externalIdsOf(pod?.targetRoleArn === undefined ? [] : associations, pod?.subjects ?? [])),
    };
}

/**
 * Each add-on policy of the plan as children named from its add-on key: an inline `aws.iam.RolePolicy`, or a managed
 * `aws.iam.Policy` and its `aws.iam.RolePolicyAttachment`. Returns what the role's ARN waits for.
 */
function wireAddonPolicies(
    name: string,
    plan: AddonPolicyPlan,
    documentOf: (index: number) => pulumi.Input<string>,
    role: Role,
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Resource[]>,
): pulumi.Output<string>[] {
    return plan.policies.map((p, index) => {
        const resourceName = `${name}-${p.name}`;
        const document = documentOf(index);
        if (p.placement === "inline") {
            return new RolePolicy(resourceName, { role: role.name, name: p.name, policy: document }, { parent, dependsOn }).id;
        }
        const policy = new Policy(resourceName, { description: `The ${p.addon} add-on's permissions, for ServiceAccountRole ${name}`, policy: document }, { parent, dependsOn });
        return new RolePolicyAttachment(resourceName, { role: role.name, policyArn: policy.arn }, { parent, dependsOn }).id;
    });
}

/** The provider the trust comes from (found or created), its issuer, the trust policy, and the add-ons planned once the issuer is known. */
function wireTrust(
    plan: ServiceAccountRolePlan,
    parent: pulumi.Resource,
): { arn: Checked<string | undefined>; issuer: Checked<string | undefined>; policy: Checked<string>; reported: Checked<string>; addonPolicies?: Checked<AddonPolicyPlan> } | undefined {
    const source = plan.trustSource;
    if (source === undefined) {
        return undefined;
    }
    let arn: Checked<string | undefined>;
    let issuer: Checked<string | undefined>;
    let policy: Checked<string>;
    let addonPolicies: Checked<AddonPolicyPlan> | undefined;
    // With Pod Identity and clusterName alone, the cluster is looked up once: its ARN for the trust, its issuer for IRSA.
    const cluster = source.kind === "clusterName" ? eks.getClusterOutput({ name: source.clusterName }, { parent }) : undefined;
    const clusterArn = cluster !== undefined && plan.podIdentity !== undefined ? cluster.arn : undefined;
    if (source.kind === "clusterName" && plan.identity === WorkloadIdentity.PodIdentity) {
        // The trust uses no OIDC provider: none is looked up, so a cluster without one works.
        arn = undefined;
        issuer = undefined;
        policy = plan.trustPolicyFor(undefined, clusterArn);
        addonPolicies = clusterArn === undefined ? undefined : plan.role?.addonPoliciesFor?.({ clusterArn });
    } else if (source.kind === "providerArn") {
        arn = source.arn;
        issuer = source.issuer;
        policy = plan.trustPolicy!;
    } else {
        const issuerUrl =
            source.kind === "issuerUrl"
                ? source.issuerUrl
                : cluster!.identities.apply((identities) => plan.checkIssuer("clusterName (its issuer)", identities[0].oidcs[0].issuer));
        const providerArn = source.createProvider
            ? new ClusterOidcProvider(`${plan.name}-oidc`, { issuerUrl, clientIds: [plan.audience], tags: plan.providerTags }, { parent }).arn
            : iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent }).arn;
        const providerIssuer = mapChecked(issuerUrl, issuerOf);
        arn = providerArn;
        issuer = providerIssuer;
        // The provider a look-up or creation returns is checked as an argument would be.
        const primary = mapChecked(combineChecked({ arn: providerArn, issuer: providerIssuer }), (p): TrustedProvider => {
            const parsed = parseOidcProviderArn("oidcProviderArn (found for the issuer)", p.arn);
            if (parsed.issuer !== p.issuer) {
                throw new IrsaArgumentError("oidcProviderArn (found for the issuer)", p.arn, `the provider found is not the issuer's "${p.issuer}".`);
            }
            return p;
        });
        policy = plan.trustPolicyFor(primary, clusterArn);
        // The account of the role is the cluster's (looked up in it) or the provider's (found or created in it).
        addonPolicies = plan.role?.addonPoliciesFor?.(cluster !== undefined ? { clusterArn: cluster.arn } : { providerArn: mapChecked(primary, (p) => p.arn) });
    }
    // The trust inputs' secrecy: the policy derives from all of them.
    return { arn: withSecrecyOf(pulumi.output(arn), plan.secretSources.trust), issuer: withSecrecyOf(pulumi.output(issuer), plan.secretSources.trust), policy, reported: policy, addonPolicies };
}

/** The value as an Output: an Output as it is (`pulumi.output` would wrap it in one more `apply`), a plain value lifted. */
function asOutput<T>(value: Checked<T>): pulumi.Output<T> {
    return pulumi.Output.isInstance(value) ? value : (pulumi.output(value) as pulumi.Output<T>);
}

/** The output, secret when any of `sources` is a secret Output; unchanged when every source is plain. */
function withSecrecyOf<T>(output: pulumi.Output<T>, sources: unknown[]): pulumi.Output<T> {
    const late = sources.filter((s) => pulumi.Output.isInstance(s) || s instanceof Promise);
    if (late.length === 0) {
        return output;
    }
    // `all` is secret when any input is; each source is mapped to 0 first, so only its secrecy carries over.
    const inputs: pulumi.Output<unknown>[] = [output, ...late.map((s) => (pulumi.output(s as pulumi.Input<unknown>) as pulumi.Output<unknown>).apply(() => 0))];
    return pulumi.all(inputs).apply((values) => values[0] as T);
}
