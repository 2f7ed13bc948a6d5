import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { hasCycle } from "./inputs";
import { checkPodIdentityProviderSupport, installedAwsVersion } from "./podIdentityProviderSupport";
import { podIdentityProviderNeeds } from "./podIdentityOutputs";
import { planServiceAccountRole, ServiceAccountRolePlan } from "./serviceAccountRolePlan";
import { wireServiceAccountRole } from "./serviceAccountRoleWiring";
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
