import type * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { TrustedSubject } from "../policy/trustPolicy";
import { podIdentityAssociationKey } from "./podIdentityAssociation";
import type { PodIdentityProviderNeeds } from "./podIdentityProviderSupport";
import type { ServiceAccountRolePlan } from "./serviceAccountRolePlan";

/** What the plan asks of the installed @pulumi/aws's PodIdentityAssociation. */
export function podIdentityProviderNeeds(plan: ServiceAccountRolePlan): PodIdentityProviderNeeds {
    const pod = plan.podIdentity;
    return {
        associations: pod !== undefined,
        targetRoleArn: pod?.targetRoleArn !== undefined,
        disableSessionTags: pod?.disableSessionTags === true,
        sessionPolicy: pod?.sessionPolicy !== undefined,
    };
}

/**
 * Each association's `externalId` keyed `<namespace>.<ServiceAccount>` (the associations are in `subjects`' order): what
 * EKS sends as `sts:ExternalId` when it assumes the target role. An empty map without associations.
 */
export function externalIdsOf(associations: eks.PodIdentityAssociation[], subjects: TrustedSubject[]): pulumi.Output<{ [key: string]: string }> {
    if (associations.length === 0) {
        return pulumi.output({} as { [key: string]: string });
    }
    return pulumi
        .all(associations.map((association) => association.externalId))
        .apply((ids) => Object.fromEntries(ids.map((id, i) => [podIdentityAssociationKey(subjects[i].namespace, subjects[i].serviceAccountName), id])));
}
