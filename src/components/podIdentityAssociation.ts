import * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";

const ASSOCIATION_SUFFIX = "-pod-identity";
const ASSOCIATION_KEY = /^[a-z0-9][a-z0-9.-]*$/;

/** One ServiceAccount to associate with the role. */
export interface PodIdentityAssociationTarget {
    /**
     * Names the association resource, `<component name>-pod-identity-<key>`, and must never change for the same
     * ServiceAccount: use `podIdentityAssociationKey(namespace, name)` when both are plain values.
     */
    key: string;
    /** The ServiceAccount's namespace: exact, no wildcard. */
    namespace: pulumi.Input<string>;
    /** The ServiceAccount's name. */
    serviceAccountName: pulumi.Input<string>;
}

/** The inputs of `createPodIdentityAssociations`. */
export interface PodIdentityAssociationsArgs {
    /** The EKS cluster the associations are in. */
    clusterName: pulumi.Input<string>;
    /**
     * The role the associations bind, in the cluster's account. Pass the component's `roleArn` output, which resolves
     * only once every policy attachment exists, so no pod gets the role before its permissions.
     */
    roleArn: pulumi.Input<string>;
    /** The exact ServiceAccounts, one association each. */
    targets: PodIdentityAssociationTarget[];
    /** A role (often in another account) that EKS Pod Identity assumes with `roleArn`'s credentials. Defaults to none. */
    targetRoleArn?: pulumi.Input<string>;
    /** Turns off the session tags EKS Pod Identity sets. Defaults to false (tags on, which the trust's conditions need). */
    disableSessionTags?: pulumi.Input<boolean>;
    /**
     * The session policy of each association (EKS's `policy`), checked by the caller: the pods get only what both the
     * role's policies and it allow. Defaults to none. EKS takes it only with `disableSessionTags` true.
     */
    policy?: pulumi.Input<string>;
    /** Tags for each association. Defaults to none. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Resources the associations wait for, e.g. the role's trust policy update. Defaults to none. */
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/**
 * The stable key of a ServiceAccount's association: `<namespace>.<name>`. A namespace has no `.`, so the first `.`
 * separates the two and no two ServiceAccounts share a key.
 */
export function podIdentityAssociationKey(namespace: string, serviceAccountName: string): string {
    return `${namespace}.${serviceAccountName}`;
}

/** The Pulumi name of an association: `<component name>-pod-identity-<key>`. */
export function podIdentityAssociationName(componentName: string, key: string): string {
    return `${componentName}${ASSOCIATION_SUFFIX}-${key}`;
}

/**
 * Creates one `aws.eks.PodIdentityAssociation` per target as children of `parent`. Each is named from the component's
 * name and the target's stable key, so adding or removing another ServiceAccount never touches it. A change of cluster,
 * namespace or ServiceAccount replaces an association, and EKS refuses to create an association for a ServiceAccount
 * that still has one (`ResourceInUseException`), so replacements delete first. The role and the target role are updated
 * in place.
 */
export function createPodIdentityAssociations(name: string, args: PodIdentityAssociationsArgs, parent: pulumi.Resource): eks.PodIdentityAssociation[] {
    const seen = new Set<string>();
    for (const target of args.targets) {
        if (!ASSOCIATION_KEY.test(target.key) || seen.has(target.key)) {
            throw new IrsaArgumentError(
                "podIdentityAssociation key",
                target.key,
                "each association needs its own key of lower-case letters, digits, '.' and '-' (podIdentityAssociationKey(namespace, name)), which names its resource.",
            );
        }
        seen.add(target.key);
    }
    return args.targets.map(
        (target) =>
            new eks.PodIdentityAssociation(
                podIdentityAssociationName(name, target.key),
                {
                    clusterName: args.clusterName,
                    namespace: target.namespace,
                    serviceAccount: target.serviceAccountName,
                    roleArn: args.roleArn,
                    targetRoleArn: args.targetRoleArn,
                    disableSessionTags: args.disableSessionTags,
                    // Set only when given: an SDK older than @pulumi/aws 7.40.0 has no such input (the caller refuses it there).
                    ...(args.policy === undefined ? {} : { policy: args.policy }),
                    tags: args.tags,
                },
                { parent, deleteBeforeReplace: true, dependsOn: args.dependsOn },
            ),
    );
}

/**
 * What the ServiceAccount must wait for, so that no pod is left without a way to its role. With Irsa, the role's
 * permissions (the annotation already waits for the role). With PodIdentity and Both, the associations too: going
 * Irsa -> Both -> PodIdentity, the annotation is removed only in an update that runs after every association exists;
 * going back, Pulumi deletes the associations last, after the annotated ServiceAccount is updated. The verification Job
 * waits for the same resources plus the ServiceAccount.
 */
export function serviceAccountDependencies(
    identity: WorkloadIdentity,
    permissions: pulumi.Resource[],
    associations: pulumi.Resource[],
): pulumi.Resource[] {
    return identity === WorkloadIdentity.Irsa ? [...permissions] : [...permissions, ...associations];
}

/**
 * Whether the ServiceAccount carries the `eks.amazonaws.com/role-arn` annotation: with Irsa and Both (where the SDKs
 * keep using IRSA while it is there), not with PodIdentity (where it would make them use IRSA, which the trust no
 * longer allows).
 */
export function keepsRoleArnAnnotation(identity: WorkloadIdentity): boolean {
    return identity !== WorkloadIdentity.PodIdentity;
}
