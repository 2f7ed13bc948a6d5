// The classes every role creates come from their own files of @pulumi/aws, not its index: each read of a module index's
// export runs require() again (its lazy getter), about 50 µs per resource at 1,000 roles; and tsc and Pulumi's analyzer
// (which reads the package each time another language starts the component provider) then parse a third of @pulumi/aws's
// declarations. PodIdentityAssociation stays behind the index, since @pulumi/aws 6.0.0 (the lowest supported) has none.
import { Policy } from "@pulumi/aws/iam/policy";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import * as pulumi from "@pulumi/pulumi";
import { AddonPolicyPlan } from "../addons/addonPolicies";
import { Checked } from "./inputs";
import { withSecrecyOf } from "./outputSecrecy";
import type { ServiceAccountRolePlan } from "./serviceAccountRolePlan";

/** The role as the wiring made or adopted it: its ARN (resolved once every permission exists), its name, its permissions. */
export interface WiredRole {
    roleArn: pulumi.Output<string>;
    roleName: pulumi.Output<string>;
    /** The attachments and inline policies of the arguments, which the ServiceAccount waits for. */
    permissions: pulumi.CustomResource[];
}

/**
 * The role and its permissions: the adopted role's ARN, or a new role trusting `trustPolicy` with its managed and
 * inline policies and the add-ons' policies (`addonPolicies` when the trust planned them, else the plan's own).
 */
export function wireRole(plan: ServiceAccountRolePlan, trustPolicy: Checked<string> | undefined, addonPolicies: Checked<AddonPolicyPlan> | undefined, parent: pulumi.Resource): WiredRole {
    const { name, checks } = plan;
    let roleArn: pulumi.Output<string>;
    let roleName: pulumi.Output<string>;
    let permissions: pulumi.CustomResource[] = [];
    if (plan.role === undefined) {
        roleArn = pulumi.output(plan.adoptedRoleArn!);
        roleName = roleArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1));
    } else {
        const r = plan.role;
        const dependsOn = checks.after([]);
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
                assumeRolePolicy: trustPolicy!,
            },
            { parent, dependsOn },
        );
        const attachments = r.policyArns.map(([key, policyArn]) => new RolePolicyAttachment(`${name}-${key}`, { role: role.name, policyArn }, { parent, dependsOn }));
        const inlinePolicies = r.inlinePolicies.map(([key, policy]) => new RolePolicy(`${name}-${key}`, { role: role.name, name: key, policy }, { parent, dependsOn }));
        permissions = [...attachments, ...inlinePolicies];
        const addonIds = wireAddons(name, addonPolicies ?? r.addonPolicies, role, parent, dependsOn);
        roleArn =
            permissions.length + addonIds.length === 0 ? role.arn : pulumi.all([role.arn, ...permissions.map((p) => p.id), ...addonIds]).apply(([arn]) => arn);
        roleName = role.name;
    }
    // An ARN contains the role's name and path, so it is as secret as they are.
    return { roleArn: withSecrecyOf(roleArn, plan.secretSources.role), roleName: withSecrecyOf(roleName, plan.secretSources.role), permissions };
}

/**
 * The add-ons' policies: a plan known now creates its children now; a late one when it arrives, since its size decides
 * the children. Returns what the role's ARN waits for.
 */
function wireAddons(
    name: string,
    addonPolicies: Checked<AddonPolicyPlan> | undefined,
    role: Role,
    parent: pulumi.Resource,
    dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
): pulumi.Input<string>[] {
    if (addonPolicies === undefined) {
        return [];
    }
    if (!pulumi.Output.isInstance(addonPolicies)) {
        return wireAddonPolicies(name, addonPolicies, (i) => addonPolicies.policies[i].json, role, parent, dependsOn);
    }
    return [
        addonPolicies.apply((p) =>
            // Each document is read from the Output again, so a policy made from a secret input stays secret.
            pulumi.all(wireAddonPolicies(name, p, (i) => addonPolicies.apply((q) => q.policies[i].json), role, parent, dependsOn)).apply((ids) => ids.join(",")),
        ),
    ];
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
    dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]>,
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
