import { accessAdmits, podIdentityAdmits } from "../policy/explain";
import { DEFAULT_AUDIENCE } from "../policy/issuer";
import { serviceAccountSubject } from "../policy/trustPolicy";
import { AuditAssociation, AuditInput, AuditServiceAccount } from "./auditInput";
import { Grant, GrantPath, ServiceAccountAccess } from "./auditReport";
import { ReadRole } from "./readRoles";
import { SubjectIndex } from "./subjectIndex";

/** An association's decision: whether the role's trust admits it, or why it could not be told. */
export interface AssociationDecision {
    association: AuditAssociation;
    role?: ReadRole;
    /** True or false when decided; undefined when the role is missing, undecided, or its trust tests the pod's name or UID. */
    admitted?: boolean;
}

/**
 * The access map: every ServiceAccount (those the input holds, and those only a pod or an association names) with the
 * roles its pods reach through IRSA (every role whose trust admits its token, configured by the annotation or not) and
 * through Pod Identity (each association whose role's trust admits it, and its target role). Candidates come from the
 * subject index; each is decided by eks-irsa's model.
 */
export function buildAccessMap(
    input: AuditInput,
    roles: ReadRole[],
    associations: AssociationDecision[],
): ServiceAccountAccess[] {
    const index = new SubjectIndex(roles);
    const accounts = serviceAccountsOf(input);
    const podsOf = new Map<string, string[]>();
    for (const pod of input.pods) {
        const key = `${pod.namespace}/${pod.serviceAccount}`;
        podsOf.set(key, [...(podsOf.get(key) ?? []), pod.name]);
    }
    const associationsOf = new Map<string, AssociationDecision[]>();
    for (const decision of associations) {
        const key = `${decision.association.namespace}/${decision.association.serviceAccount}`;
        associationsOf.set(key, [...(associationsOf.get(key) ?? []), decision]);
    }
    return accounts.map(({ account, exists }) => {
        const key = `${account.namespace}/${account.name}`;
        const audience = account.audience ?? DEFAULT_AUDIENCE;
        const subject = serviceAccountSubject(account.namespace, account.name);
        const grants: Grant[] = index.candidates(account.namespace).flatMap((role): Grant[] => {
            // The ServiceAccount's own audience first; then any audience a pod could put in a projected token itself.
            const admitted = [audience, ...role.audiences].find((aud) => accessAdmits(role.irsa, subject, [aud]));
            if (admitted === undefined) {
                return [];
            }
            const own = admitted === audience;
            return [{ roleArn: role.role.arn, path: GrantPath.Irsa, configured: own && role.role.arn === account.roleArn, ...(!own && { audience: admitted }), sdkDefault: false }];
        });
        for (const decision of associationsOf.get(key) ?? []) {
            if (decision.admitted !== true) {
                continue;
            }
            const { associationId, roleArn, targetRoleArn } = decision.association;
            grants.push({ roleArn, path: GrantPath.PodIdentity, configured: true, associationId, sdkDefault: false });
            if (targetRoleArn !== undefined) {
                grants.push({ roleArn: targetRoleArn, path: GrantPath.TargetRole, configured: true, associationId, sdkDefault: false });
            }
        }
        markSdkDefault(grants, account);
        return {
            namespace: account.namespace,
            name: account.name,
            exists,
            pods: (podsOf.get(key) ?? []).sort(),
            ...(account.roleArn !== undefined && { annotatedRoleArn: account.roleArn }),
            audience,
            grants,
        };
    });
}

/**
 * Which credential the pods' AWS SDKs use by default. The EKS Pod Identity webhook sets AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE for an annotated ServiceAccount, and Pod Identity sets AWS_CONTAINER_CREDENTIALS_FULL_URI;
 * every AWS SDK's default chain tries the web identity token before the container credential provider (docs/audit.md, "Which
 * credential a pod uses"), so with both, the annotated role is used, when its trust admits the pods; Pod Identity's
 * role (or its target role) otherwise.
 */
function markSdkDefault(grants: Grant[], account: AuditServiceAccount): void {
    if (account.roleArn !== undefined) {
        const irsa = grants.find((g) => g.path === GrantPath.Irsa && g.configured);
        if (irsa !== undefined) {
            irsa.sdkDefault = true;
        }
        // An annotated role that denies still comes first in the chain: the SDK fails there rather than use Pod Identity.
        return;
    }
    const chained = grants.find((g) => g.path === GrantPath.TargetRole);
    const podIdentity = chained ?? grants.find((g) => g.path === GrantPath.PodIdentity);
    if (podIdentity !== undefined) {
        podIdentity.sdkDefault = true;
    }
}

/** The input's ServiceAccounts, then those only a pod or an association names (they do not exist, so `exists` is false). */
function serviceAccountsOf(input: AuditInput): { account: AuditServiceAccount; exists: boolean }[] {
    const known = new Map(input.serviceAccounts.map((s) => [`${s.namespace}/${s.name}`, { account: s, exists: true }]));
    const named = [
        ...input.pods.map((p) => ({ namespace: p.namespace, name: p.serviceAccount })),
        ...(input.associations ?? []).map((a) => ({ namespace: a.namespace, name: a.serviceAccount })),
    ];
    for (const { namespace, name } of named) {
        const key = `${namespace}/${name}`;
        if (!known.has(key)) {
            known.set(key, { account: { namespace, name }, exists: !input.wholeCluster });
        }
    }
    return [...known.values()].sort((a, b) => `${a.account.namespace}/${a.account.name}`.localeCompare(`${b.account.namespace}/${b.account.name}`));
}

/** Decides each association against its role's trust, as EKS Auth's calls would be (`podIdentityAdmits`). */
export function decideAssociations(input: AuditInput, roles: Map<string, ReadRole>): AssociationDecision[] {
    return (input.associations ?? []).map((association) => {
        const role = roles.get(association.roleArn);
        if (role?.description === undefined) {
            return { association, ...(role !== undefined && { role }) };
        }
        try {
            const admitted = podIdentityAdmits(role.description.podIdentity, {
                clusterArn: input.cluster.arn,
                clusterName: input.cluster.name,
                namespace: association.namespace,
                serviceAccount: association.serviceAccount,
                sessionTags: !association.disableSessionTags,
            });
            return { association, role, admitted };
        } catch (error) {
            if (error instanceof TypeError) {
                // The trust tests the pod's name or UID: it depends on the pod, and is reported as such.
                return { association, role };
            }
            throw error;
        }
    });
}
