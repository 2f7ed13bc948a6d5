import { AUDIENCE_ANNOTATION, AuditAssociation, AuditCluster, AuditInputError, AuditRole, AuditServiceAccount, ROLE_ARN_ANNOTATION } from "./auditInput";
import { clusterFromArn, InputPart, isObject } from "./inputPart";

// How `pulumi stack export` writes a secret it has not decrypted: the value is never read, nor printed.
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** Whether `document` is `pulumi stack export` output (a checkpoint of version 3). */
export function isStackExport(document: unknown): boolean {
    return isObject(document) && isObject(document.deployment) && typeof document.version === "number";
}

interface StackResource {
    urn: string;
    type: string;
    outputs: Record<string, unknown>;
}

/**
 * Reads `pulumi stack export`: the roles (with their trust policies, managed and inline policies, and the stack's
 * attachments and role policies), Kubernetes Namespaces and ServiceAccounts, Pod Identity associations, EKS clusters and
 * IAM OIDC providers of the state, eks-irsa's and any other's. Secret values are left out and named in a note.
 */
export function readStackExport(file: string, document: Record<string, unknown>): InputPart {
    if (document.version !== 3) {
        throw new AuditInputError(`${file}: a pulumi stack export of version ${JSON.stringify(document.version)}; this reads version 3 (Pulumi 3's).`);
    }
    const deployment = document.deployment as Record<string, unknown>;
    if (!Array.isArray(deployment.resources)) {
        throw new AuditInputError(`${file}: the stack export has no deployment.resources list; the file looks cut short or edited.`);
    }
    const notes: string[] = [];
    const resources: StackResource[] = deployment.resources.filter(isObject).map((r) => ({
        urn: String(r.urn),
        type: String(r.type),
        outputs: isObject(r.outputs) ? r.outputs : {},
    }));
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const value = (r: StackResource, field: string): unknown => {
        const v = r.outputs[field];
        if (isObject(v) && SECRET_SIGNATURE in v) {
            notes.push(`${r.urn}: ${field} is a secret in the export and was not read.`);
            return undefined;
        }
        return v;
    };
    const roles = stackRoles(ofType, value);
    const serviceAccounts = ofType("kubernetes:core/v1:ServiceAccount").flatMap((r): AuditServiceAccount[] => {
        const metadata = value(r, "metadata");
        if (!isObject(metadata) || typeof metadata.name !== "string") {
            return [];
        }
        const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
        const roleArn = annotations[ROLE_ARN_ANNOTATION];
        const audience = annotations[AUDIENCE_ANNOTATION];
        return [
            {
                namespace: typeof metadata.namespace === "string" ? metadata.namespace : "default",
                name: metadata.name,
                ...(typeof roleArn === "string" && { roleArn }),
                ...(typeof audience === "string" && { audience }),
            },
        ];
    });
    const associations = ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").flatMap((r): AuditAssociation[] => {
        const [id, cluster, namespace, sa, role] = ["associationId", "clusterName", "namespace", "serviceAccount", "roleArn"].map((f) => value(r, f));
        if (![id, cluster, namespace, sa, role].every((v) => typeof v === "string")) {
            notes.push(`${r.urn}: an association without known associationId, clusterName, namespace, serviceAccount and roleArn was left out.`);
            return [];
        }
        const target = value(r, "targetRoleArn");
        return [
            {
                associationId: id as string,
                clusterName: cluster as string,
                namespace: namespace as string,
                serviceAccount: sa as string,
                roleArn: role as string,
                ...(typeof target === "string" && target !== "" && { targetRoleArn: target }),
                disableSessionTags: value(r, "disableSessionTags") === true,
                sessionPolicy: typeof value(r, "policy") === "string" && value(r, "policy") !== "",
                externalId: typeof value(r, "externalId") === "string" && value(r, "externalId") !== "",
            },
        ];
    });
    const clusters = ofType("aws:eks/cluster:Cluster").map((r) => stackCluster(file, r, value));
    const oidcProviders = ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
        .map((r) => value(r, "arn"))
        .filter((arn): arn is string => typeof arn === "string");
    return {
        kind: "pulumi-stack",
        roles,
        serviceAccounts,
        associations,
        ...(clusters.length === 1 && { cluster: clusters[0] }),
        ...(oidcProviders.length > 0 && { oidcProviders }),
        notes,
    };
}

function stackCluster(file: string, r: StackResource, value: (r: StackResource, field: string) => unknown): AuditCluster {
    const identities = value(r, "identities");
    const oidc = Array.isArray(identities) && isObject(identities[0]) && Array.isArray(identities[0].oidcs) ? identities[0].oidcs[0] : undefined;
    const issuer = isObject(oidc) && typeof oidc.issuer === "string" ? oidc.issuer : undefined;
    return clusterFromArn(file, String(value(r, "arn")), String(value(r, "name")), issuer);
}

/** The stack's roles, with the policies the role resource itself names and those attached by separate resources. */
function stackRoles(ofType: (type: string) => StackResource[], value: (r: StackResource, field: string) => unknown): AuditRole[] {
    const roles = new Map<string, AuditRole>();
    for (const r of ofType("aws:iam/role:Role")) {
        const [arn, name, trust] = [value(r, "arn"), value(r, "name"), value(r, "assumeRolePolicy")];
        if (typeof arn !== "string" || typeof name !== "string" || (typeof trust !== "string" && !isObject(trust))) {
            continue;
        }
        const managed = value(r, "managedPolicyArns");
        const inline = value(r, "inlinePolicies");
        roles.set(name, {
            arn,
            name,
            trustPolicy: trust as string | object,
            policies: [
                ...(Array.isArray(managed) ? managed.filter((a): a is string => typeof a === "string").map((a) => ({ name: a.split("/").pop() as string, kind: "managed" as const, arn: a })) : []),
                ...(Array.isArray(inline) ? inline.filter(isObject).filter((p) => typeof p.policy === "string" && p.policy !== "").map((p) => ({ name: String(p.name), kind: "inline" as const, document: p.policy })) : []),
            ],
        });
    }
    for (const r of ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        const [role, arn] = [value(r, "role"), value(r, "policyArn")];
        const target = typeof role === "string" ? roles.get(role) : undefined;
        if (target !== undefined && typeof arn === "string" && !target.policies.some((p) => p.arn === arn)) {
            target.policies.push({ name: arn.split("/").pop() as string, kind: "managed", arn });
        }
    }
    for (const r of ofType("aws:iam/rolePolicy:RolePolicy")) {
        const [role, name, policy] = [value(r, "role"), value(r, "name"), value(r, "policy")];
        const target = typeof role === "string" ? roles.get(role) : undefined;
        if (target !== undefined && typeof name === "string" && !target.policies.some((p) => p.kind === "inline" && p.name === name)) {
            target.policies.push({ name, kind: "inline", ...(typeof policy === "string" && { document: policy }) });
        }
    }
    return [...roles.values()];
}
