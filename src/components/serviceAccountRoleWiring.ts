import type * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, WorkloadIdentity } from "../enums";
import { checkAnnotationsSize } from "./deployTimeRules";
import { combineChecked } from "./inputs";
import { createPodIdentityAssociations, keepsRoleArnAnnotation, podIdentityAssociationKey, serviceAccountDependencies } from "./podIdentityAssociation";
import { externalIdsOf } from "./podIdentityOutputs";
import { wireRole, WiredRole } from "./roleWiring";
import { createServiceAccountManifest, createServiceAccountRelease, ROLE_ARN_ANNOTATION, serviceAccountAnnotations } from "./serviceAccount";
import type { ServiceAccountRolePlan } from "./serviceAccountRolePlan";
import { wireTrust, WiredTrust } from "./trustWiring";
import { createVerifyAccessJob } from "./verifyAccess";
import { podIdentityVerifyAccessJobManifest } from "./verifyPodIdentityAccess";

/** What a ServiceAccountRole registers as its outputs. */
export interface ServiceAccountRoleOutputs {
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
export function wireServiceAccountRole(plan: ServiceAccountRolePlan, parent: pulumi.Resource): ServiceAccountRoleOutputs {
    const warn = (warning: string) => pulumi.log.warn(`ServiceAccountRole "${plan.name}": ${warning}`, parent);
    plan.warnings.forEach(warn);
    // A late value's warning comes when it arrives; when its check fails, the failure is reported through the outputs.
    plan.lateWarnings?.apply((warnings) => warnings.forEach(warn));
    const trust = wireTrust(plan, parent);
    const role = wireRole(plan, trust?.policy, trust?.addonPolicies, parent);
    // The annotations derive from the gated ARN, so they wait for the late checks and reject with them, without a gate of their own.
    const gatedRoleArn = plan.checks.gate(role.roleArn);
    const annotations = wireAnnotations(plan, gatedRoleArn);
    const associations = wirePodIdentityAssociations(plan, role.roleArn, parent);
    const serviceAccount = wireServiceAccount(plan, annotations, role.permissions, associations, parent);
    wireVerifyAccess(plan, role, serviceAccount, associations, parent);
    return gatedOutputs(plan, trust, { ...role, roleArn: gatedRoleArn }, annotations, associations);
}

/** The ServiceAccount's annotations: the role's ARN (kept with Irsa and Both) and the plan's, within the API server's size. */
function wireAnnotations(plan: ServiceAccountRolePlan, roleArn: pulumi.Output<string>): pulumi.Output<{ [key: string]: string }> {
    const values = combineChecked({
        audience: plan.audience,
        stsRegionalEndpoints: plan.stsRegionalEndpoints,
        tokenExpirationSeconds: plan.tokenExpirationSeconds,
        extra: plan.extraAnnotations,
    });
    const keepsRoleArn = keepsRoleArnAnnotation(plan.identity);
    const annotate = (arn: string, resolved: object): { [key: string]: string } => {
        const all = serviceAccountAnnotations({ ...(resolved as any), roleArn: arn });
        const { [ROLE_ARN_ANNOTATION]: _, ...others } = all;
        const kept = keepsRoleArn ? all : others;
        // The whole set, the role's ARN included, against the API server's 256 KiB (the plan checked the plain extras alone).
        checkAnnotationsSize("serviceAccountAnnotations", kept);
        return kept;
    };
    // One apply: the annotations are made, trimmed and measured when the role's ARN arrives.
    return pulumi.Output.isInstance(values)
        ? pulumi.all([roleArn, values]).apply(([arn, resolved]) => annotate(arn, resolved))
        : roleArn.apply((arn) => annotate(arn, values));
}

/** One EKS Pod Identity association per ServiceAccount of the plan (none with Irsa). */
function wirePodIdentityAssociations(plan: ServiceAccountRolePlan, roleArn: pulumi.Output<string>, parent: pulumi.Resource): eks.PodIdentityAssociation[] {
    const pod = plan.podIdentity;
    if (pod === undefined) {
        return [];
    }
    return createPodIdentityAssociations(
        plan.name,
        {
            clusterName: pod.clusterName,
            roleArn,
            targets: pod.subjects.map((s) => ({ key: podIdentityAssociationKey(s.namespace, s.serviceAccountName), namespace: s.namespace, serviceAccountName: s.serviceAccountName })),
            targetRoleArn: pod.targetRoleArn,
            disableSessionTags: pod.disableSessionTags ? true : undefined,
            policy: pod.sessionPolicy,
            tags: plan.role?.tags,
            // roleArn comes from the role, so each association waits for the role's trust to name the cluster.
            dependsOn: plan.checks.after([]),
        },
        parent,
    );
}

/** The Kubernetes ServiceAccount, as a manifest or a Helm release, when the plan creates one. */
function wireServiceAccount(
    plan: ServiceAccountRolePlan,
    annotations: pulumi.Output<{ [key: string]: string }>,
    permissions: pulumi.CustomResource[],
    associations: pulumi.CustomResource[],
    parent: pulumi.Resource,
): pulumi.CustomResource | undefined {
    const sa = plan.serviceAccount;
    if (sa === undefined) {
        return undefined;
    }
    const serviceAccountArgs = {
        serviceAccountName: plan.serviceAccountName,
        namespace: sa.namespace,
        createNamespace: sa.createNamespace,
        annotations,
        // No pod without a way to its role: the ServiceAccount waits for the permissions and the associations.
        dependsOn: plan.checks.after(serviceAccountDependencies(plan.identity, permissions, associations)),
    };
    return sa.mode === ServiceAccountMode.HelmChart
        ? createServiceAccountRelease(plan.name, { ...serviceAccountArgs, chart: sa.chart! }, parent)
        : createServiceAccountManifest(plan.name, { ...serviceAccountArgs, labels: sa.labels, automountServiceAccountToken: sa.automountServiceAccountToken }, parent);
}

/** The Job that checks, from a pod of the ServiceAccount, that the role's credentials work, when the plan asks for it. */
function wireVerifyAccess(
    plan: ServiceAccountRolePlan,
    role: WiredRole,
    serviceAccount: pulumi.CustomResource | undefined,
    associations: pulumi.CustomResource[],
    parent: pulumi.Resource,
): void {
    if (plan.verifyAccess === undefined || serviceAccount === undefined) {
        return;
    }
    const pod = plan.podIdentity;
    // With Pod Identity and a target role, the pod's credentials are the target role's.
    const verifiedArn = pod?.targetRoleArn === undefined || plan.identity !== WorkloadIdentity.PodIdentity ? role.roleArn : pulumi.output(pod.targetRoleArn);
    createVerifyAccessJob(
        plan.name,
        {
            namespace: plan.serviceAccount!.namespace,
            serviceAccountName: plan.serviceAccountName,
            roleName: verifiedArn === role.roleArn ? role.roleName : verifiedArn.apply((arn) => arn.slice(arn.lastIndexOf("/") + 1)),
            roleArn: verifiedArn,
            options: plan.verifyAccess.options,
        },
        parent,
        plan.checks.after([serviceAccount, ...role.permissions, ...associations]),
        plan.identity === WorkloadIdentity.PodIdentity ? podIdentityVerifyAccessJobManifest : undefined,
    );
}

/**
 * The component's outputs, each waiting for the plan's late checks and rejecting when one fails: `role.roleArn` and
 * `annotations` (made from it) wait already.
 */
function gatedOutputs(
    plan: ServiceAccountRolePlan,
    trust: WiredTrust | undefined,
    role: WiredRole,
    annotations: pulumi.Output<{ [key: string]: string }>,
    associations: eks.PodIdentityAssociation[],
): ServiceAccountRoleOutputs {
    const { checks, podIdentity: pod } = plan;
    return {
        roleArn: role.roleArn,
        roleName: checks.gate(role.roleName),
        serviceAccountName: checks.gateChecked(plan.serviceAccountName),
        namespace: checks.gateChecked(plan.namespace),
        oidcProviderArn: checks.gateChecked(trust?.arn),
        issuer: checks.gateChecked(trust?.issuer),
        trustPolicy: checks.gateChecked(trust?.policy),
        serviceAccountAnnotations: annotations,
        podIdentityExternalIds: pod?.targetRoleArn === undefined ? checks.gateChecked<{ [key: string]: string }>({}) : checks.gate(externalIdsOf(associations, pod.subjects)),
    };
}
