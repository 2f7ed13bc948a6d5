"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.ServiceAccountRole = exports.trustPolicyOf = exports.planServiceAccountRole = exports.DEFAULT_NAMESPACE_PATTERN = void 0;
// @pulumi/aws's iam and eks modules, not its index: tsc and Pulumi's analyzer (which reads the package each time another language
// starts the component provider) then parse a third of @pulumi/aws's declarations. The classes every role creates come from
// their own files: each read of a module index's export runs require() again (its lazy getter), about 50 µs per resource
// at 1,000 roles. PodIdentityAssociation stays behind the index, since @pulumi/aws 6.0.0 (the lowest supported) has none.
const eks = __importStar(require("@pulumi/aws/eks"));
const iam = __importStar(require("@pulumi/aws/iam"));
const policy_1 = require("@pulumi/aws/iam/policy");
const role_1 = require("@pulumi/aws/iam/role");
const rolePolicy_1 = require("@pulumi/aws/iam/rolePolicy");
const rolePolicyAttachment_1 = require("@pulumi/aws/iam/rolePolicyAttachment");
const pulumi = __importStar(require("@pulumi/pulumi"));
const clusterOidcProvider_1 = require("./clusterOidcProvider");
const enums_1 = require("../enums");
const errors_1 = require("../errors");
const inputs_1 = require("./inputs");
const verifyAccess_1 = require("./verifyAccess");
const podIdentityAssociation_1 = require("./podIdentityAssociation");
const verifyPodIdentityAccess_1 = require("./verifyPodIdentityAccess");
const serviceAccount_1 = require("./serviceAccount");
const issuer_1 = require("../policy/issuer");
const serviceAccount_2 = require("./serviceAccount");
const serviceAccountRolePlan_1 = require("./serviceAccountRolePlan");
var serviceAccountRolePlan_2 = require("./serviceAccountRolePlan");
Object.defineProperty(exports, "DEFAULT_NAMESPACE_PATTERN", { enumerable: true, get: function () { return serviceAccountRolePlan_2.DEFAULT_NAMESPACE_PATTERN; } });
Object.defineProperty(exports, "planServiceAccountRole", { enumerable: true, get: function () { return serviceAccountRolePlan_2.planServiceAccountRole; } });
Object.defineProperty(exports, "trustPolicyOf", { enumerable: true, get: function () { return serviceAccountRolePlan_2.trustPolicyOf; } });
/**
 * An IAM role that exactly one Kubernetes ServiceAccount (or a chosen set of them) can assume through IAM Roles for
 * Service Accounts, its permissions, and the ServiceAccount annotated with `eks.amazonaws.com/role-arn`: Qovery's AWS
 * IAM roles tutorial as one resource. Every argument is checked before anything is created.
 */
class ServiceAccountRole extends pulumi.ComponentResource {
    /** The role's ARN. Resolves only once every policy attachment exists, so nothing uses the role before its permissions. */
    roleArn;
    /** The role's name. */
    roleName;
    /** The name of the ServiceAccount that assumes the role. */
    serviceAccountName;
    /** The ServiceAccount's namespace; unset for a cluster-scoped role without a ServiceAccount. */
    namespace;
    /** The ARN of the OIDC provider the role trusts; unset for an existing role given without a trust source. */
    oidcProviderArn;
    /** The issuer without `https://`, the prefix of the trust policy's condition keys; unset when there is no trust source. */
    issuer;
    /**
     * The trust policy exactly as sent to IAM (minified JSON). With `roleArn`, the policy that role needs, not applied.
     * Unset for an existing role given without a trust source.
     */
    trustPolicy;
    /** Every annotation of the ServiceAccount, `eks.amazonaws.com/role-arn` included: ready for another chart's values. */
    serviceAccountAnnotations;
    constructor(name, args, opts) {
        super("eks-irsa:index:ServiceAccountRole", name, args, opts);
        let plan;
        try {
            plan = (0, serviceAccountRolePlan_1.planServiceAccountRole)(name, args);
        }
        catch (error) {
            throw error instanceof errors_1.IrsaArgumentError ? new pulumi.ResourceError(`ServiceAccountRole "${name}": ${error.message}`, this) : error;
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
        this.registerOutputs(outputs);
    }
}
exports.ServiceAccountRole = ServiceAccountRole;
/**
 * Creates the children a plan names, as children of `parent`, and returns the component's outputs. Reads only the
 * plan. Every child waits for the plan's late checks, and every output rejects when one fails.
 */
function wireServiceAccountRole(plan, parent) {
    const { name, checks } = plan;
    const warn = (warning) => pulumi.log.warn(`ServiceAccountRole "${name}": ${warning}`, parent);
    plan.warnings.forEach(warn);
    // A late value's warning comes when it arrives; when its check fails, the failure is reported through the outputs.
    plan.lateWarnings?.apply((warnings) => warnings.forEach(warn));
    const trust = wireTrust(plan, parent);
    let roleArn;
    let roleName;
    let permissions = [];
    if (plan.role === undefined) {
        roleArn = pulumi.output(plan.adoptedRoleArn);
        roleName = roleArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));
    }
    else {
        const r = plan.role;
        // The role takes the component's name so that its IAM auto-name reads `<name>-<suffix>`.
        const role = new role_1.Role(name, {
            name: r.name,
            path: r.path,
            description: r.description,
            maxSessionDuration: r.maxSessionDuration,
            permissionsBoundary: r.permissionsBoundary,
            tags: r.tags,
            assumeRolePolicy: trust.policy,
        }, { parent, dependsOn: checks.after([]) });
        const attachments = r.policyArns.map(([key, policyArn]) => new rolePolicyAttachment_1.RolePolicyAttachment(`${name}-${key}`, { role: role.name, policyArn }, { parent, dependsOn: checks.after([]) }));
        const inlinePolicies = r.inlinePolicies.map(([key, policy]) => new rolePolicy_1.RolePolicy(`${name}-${key}`, { role: role.name, name: key, policy }, { parent, dependsOn: checks.after([]) }));
        permissions = [...attachments, ...inlinePolicies];
        const addonPolicies = trust?.addonPolicies ?? r.addonPolicies;
        // A plan known now creates its children now; a late one when it arrives, since its size decides the children.
        const addonIds = addonPolicies === undefined
            ? []
            : pulumi.Output.isInstance(addonPolicies)
                ? [
                    addonPolicies.apply((p) => 
                    // Each document is read from the Output again, so a policy made from a secret input stays secret.
                    pulumi.all(wireAddonPolicies(name, p, (i) => addonPolicies.apply((q) => q.policies[i].json), role, parent, checks.after([]))).apply((ids) => ids.join(","))),
                ]
                : wireAddonPolicies(name, addonPolicies, (i) => addonPolicies.policies[i].json, role, parent, checks.after([]));
        roleArn =
            permissions.length + addonIds.length === 0 ? role.arn : pulumi.all([role.arn, ...permissions.map((p) => p.id), ...addonIds]).apply(([arn]) => arn);
        roleName = role.name;
    }
    // An ARN contains the role's name and path, so it is as secret as they are.
    roleArn = withSecrecyOf(roleArn, plan.secretSources.role);
    roleName = withSecrecyOf(roleName, plan.secretSources.role);
    const annotationValues = (0, inputs_1.combineChecked)({
        audience: plan.audience,
        stsRegionalEndpoints: plan.stsRegionalEndpoints,
        tokenExpirationSeconds: plan.tokenExpirationSeconds,
        extra: plan.extraAnnotations,
    });
    let annotations = pulumi.Output.isInstance(annotationValues)
        ? pulumi.all([roleArn, annotationValues]).apply(([arn, values]) => (0, serviceAccount_2.serviceAccountAnnotations)({ ...values, roleArn: arn }))
        : roleArn.apply((arn) => (0, serviceAccount_2.serviceAccountAnnotations)({ ...annotationValues, roleArn: arn }));
    if (!(0, podIdentityAssociation_1.keepsRoleArnAnnotation)(plan.identity)) {
        annotations = annotations.apply(({ [serviceAccount_1.ROLE_ARN_ANNOTATION]: _, ...others }) => others);
    }
    const pod = plan.podIdentity;
    const associations = pod === undefined
        ? []
        : (0, podIdentityAssociation_1.createPodIdentityAssociations)(name, {
            clusterName: pod.clusterName,
            roleArn,
            targets: pod.subjects.map((s) => ({ key: (0, podIdentityAssociation_1.podIdentityAssociationKey)(s.namespace, s.serviceAccountName), namespace: s.namespace, serviceAccountName: s.serviceAccountName })),
            targetRoleArn: pod.targetRoleArn,
            disableSessionTags: pod.disableSessionTags ? true : undefined,
            tags: plan.role?.tags,
            // roleArn comes from the role, so each association waits for the role's trust to name the cluster.
            dependsOn: checks.after([]),
        }, parent);
    const sa = plan.serviceAccount;
    let serviceAccount;
    if (sa !== undefined) {
        const serviceAccountArgs = {
            serviceAccountName: plan.serviceAccountName,
            namespace: sa.namespace,
            createNamespace: sa.createNamespace,
            annotations,
            // No pod without a way to its role: the ServiceAccount waits for the permissions and the associations.
            dependsOn: checks.after((0, podIdentityAssociation_1.serviceAccountDependencies)(plan.identity, permissions, associations)),
        };
        serviceAccount =
            sa.mode === enums_1.ServiceAccountMode.HelmChart
                ? (0, serviceAccount_2.createServiceAccountRelease)(name, { ...serviceAccountArgs, chart: sa.chart }, parent)
                : (0, serviceAccount_2.createServiceAccountManifest)(name, { ...serviceAccountArgs, labels: sa.labels, automountServiceAccountToken: sa.automountServiceAccountToken }, parent);
    }
    if (plan.verifyAccess !== undefined && serviceAccount !== undefined) {
        // With Pod Identity and a target role, the pod's credentials are the target role's.
        const verifiedArn = pod?.targetRoleArn === undefined || plan.identity !== enums_1.WorkloadIdentity.PodIdentity ? roleArn : pulumi.output(pod.targetRoleArn);
        (0, verifyAccess_1.createVerifyAccessJob)(name, {
            namespace: sa.namespace,
            serviceAccountName: plan.serviceAccountName,
            roleName: verifiedArn === roleArn ? roleName : verifiedArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1)),
            roleArn: verifiedArn,
            options: plan.verifyAccess.options,
        }, parent, checks.after([serviceAccount, ...permissions, ...associations]), plan.identity === enums_1.WorkloadIdentity.PodIdentity ? verifyPodIdentityAccess_1.podIdentityVerifyAccessJobManifest : undefined);
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
    };
}
/**
 * Each add-on policy of the plan as children named from its add-on key: an inline `aws.iam.RolePolicy`, or a managed
 * `aws.iam.Policy` and its `aws.iam.RolePolicyAttachment`. Returns what the role's ARN waits for.
 */
function wireAddonPolicies(name, plan, documentOf, role, parent, dependsOn) {
    return plan.policies.map((p, index) => {
        const resourceName = `${name}-${p.name}`;
        const document = documentOf(index);
        if (p.placement === "inline") {
            return new rolePolicy_1.RolePolicy(resourceName, { role: role.name, name: p.name, policy: document }, { parent, dependsOn }).id;
        }
        const policy = new policy_1.Policy(resourceName, { description: `The ${p.addon} add-on's permissions, for ServiceAccountRole ${name}`, policy: document }, { parent, dependsOn });
        return new rolePolicyAttachment_1.RolePolicyAttachment(resourceName, { role: role.name, policyArn: policy.arn }, { parent, dependsOn }).id;
    });
}
/** The provider the trust comes from (found or created), its issuer, the trust policy, and the add-ons planned once the issuer is known. */
function wireTrust(plan, parent) {
    const source = plan.trustSource;
    if (source === undefined) {
        return undefined;
    }
    let arn;
    let issuer;
    let policy;
    let addonPolicies;
    // With Pod Identity and clusterName alone, the cluster is looked up once: its ARN for the trust, its issuer for IRSA.
    const cluster = source.kind === "clusterName" ? eks.getClusterOutput({ name: source.clusterName }, { parent }) : undefined;
    const clusterArn = cluster !== undefined && plan.podIdentity !== undefined ? cluster.arn : undefined;
    if (source.kind === "clusterName" && plan.identity === enums_1.WorkloadIdentity.PodIdentity) {
        // The trust uses no OIDC provider: none is looked up, so a cluster without one works.
        arn = undefined;
        issuer = undefined;
        policy = plan.trustPolicyFor(undefined, clusterArn);
        addonPolicies = clusterArn === undefined ? undefined : plan.role?.addonPoliciesFor?.({ clusterArn });
    }
    else if (source.kind === "providerArn") {
        arn = source.arn;
        issuer = source.issuer;
        policy = plan.trustPolicy;
    }
    else {
        const issuerUrl = source.kind === "issuerUrl"
            ? source.issuerUrl
            : cluster.identities.apply((identities) => plan.checkIssuer("clusterName (its issuer)", identities[0].oidcs[0].issuer));
        const providerArn = source.createProvider
            ? new clusterOidcProvider_1.ClusterOidcProvider(`${plan.name}-oidc`, { issuerUrl, clientIds: [plan.audience], tags: plan.providerTags }, { parent }).arn
            : iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent }).arn;
        const providerIssuer = (0, inputs_1.mapChecked)(issuerUrl, issuer_1.issuerOf);
        arn = providerArn;
        issuer = providerIssuer;
        // The provider a look-up or creation returns is checked as an argument would be.
        const primary = (0, inputs_1.mapChecked)((0, inputs_1.combineChecked)({ arn: providerArn, issuer: providerIssuer }), (p) => {
            const parsed = (0, issuer_1.parseOidcProviderArn)("oidcProviderArn (found for the issuer)", p.arn);
            if (parsed.issuer !== p.issuer) {
                throw new errors_1.IrsaArgumentError("oidcProviderArn (found for the issuer)", p.arn, `the provider found is not the issuer's "${p.issuer}".`);
            }
            return p;
        });
        policy = plan.trustPolicyFor(primary, clusterArn);
        addonPolicies = plan.role?.addonPoliciesFor?.({ issuerUrl });
    }
    // The trust inputs' secrecy: the policy derives from all of them.
    return { arn: withSecrecyOf(pulumi.output(arn), plan.secretSources.trust), issuer: withSecrecyOf(pulumi.output(issuer), plan.secretSources.trust), policy, reported: policy, addonPolicies };
}
/** The value as an Output: an Output as it is (`pulumi.output` would wrap it in one more `apply`), a plain value lifted. */
function asOutput(value) {
    return pulumi.Output.isInstance(value) ? value : pulumi.output(value);
}
/** The output, secret when any of `sources` is a secret Output; unchanged when every source is plain. */
function withSecrecyOf(output, sources) {
    const late = sources.filter((s) => pulumi.Output.isInstance(s) || s instanceof Promise);
    if (late.length === 0) {
        return output;
    }
    // `all` is secret when any input is; each source is mapped to 0 first, so only its secrecy carries over.
    const inputs = [output, ...late.map((s) => pulumi.output(s).apply(() => 0))];
    return pulumi.all(inputs).apply((values) => values[0]);
}
