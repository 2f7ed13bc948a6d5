"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isStackExport = isStackExport;
exports.readStackExport = readStackExport;
const auditInput_1 = require("./auditInput");
const inputPart_1 = require("./inputPart");
// How `pulumi stack export` writes a secret it has not decrypted: the value is never read, nor printed.
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
/** Whether `document` is `pulumi stack export` output (a checkpoint of version 3). */
function isStackExport(document) {
    return (0, inputPart_1.isObject)(document) && (0, inputPart_1.isObject)(document.deployment) && typeof document.version === "number";
}
/**
 * Reads `pulumi stack export`: the roles (with their trust policies, managed and inline policies, and the stack's
 * attachments and role policies), Kubernetes Namespaces and ServiceAccounts, Pod Identity associations, EKS clusters and
 * IAM OIDC providers of the state, eks-irsa's and any other's. Secret values are left out and named in a note.
 */
function readStackExport(file, document) {
    if (document.version !== 3) {
        throw new auditInput_1.AuditInputError(`${file}: a pulumi stack export of version ${JSON.stringify(document.version)}; this reads version 3 (Pulumi 3's).`);
    }
    const deployment = document.deployment;
    if (!Array.isArray(deployment.resources)) {
        throw new auditInput_1.AuditInputError(`${file}: the stack export has no deployment.resources list; the file looks cut short or edited.`);
    }
    const notes = [];
    const resources = deployment.resources.filter(inputPart_1.isObject).map((r) => ({
        urn: String(r.urn),
        type: String(r.type),
        outputs: (0, inputPart_1.isObject)(r.outputs) ? r.outputs : {},
    }));
    const ofType = (type) => resources.filter((r) => r.type === type);
    const value = (r, field) => {
        const v = r.outputs[field];
        if ((0, inputPart_1.isObject)(v) && SECRET_SIGNATURE in v) {
            notes.push(`${r.urn}: ${field} is a secret in the export and was not read.`);
            return undefined;
        }
        return v;
    };
    const roles = stackRoles(ofType, value);
    const serviceAccounts = ofType("kubernetes:core/v1:ServiceAccount").flatMap((r) => {
        const metadata = value(r, "metadata");
        if (!(0, inputPart_1.isObject)(metadata) || typeof metadata.name !== "string") {
            return [];
        }
        const annotations = (0, inputPart_1.isObject)(metadata.annotations) ? metadata.annotations : {};
        const roleArn = annotations[auditInput_1.ROLE_ARN_ANNOTATION];
        const audience = annotations[auditInput_1.AUDIENCE_ANNOTATION];
        return [
            {
                namespace: typeof metadata.namespace === "string" ? metadata.namespace : "default",
                name: metadata.name,
                ...(typeof roleArn === "string" && { roleArn }),
                ...(typeof audience === "string" && { audience }),
            },
        ];
    });
    const associations = ofType("aws:eks/podIdentityAssociation:PodIdentityAssociation").flatMap((r) => {
        const [id, cluster, namespace, sa, role] = ["associationId", "clusterName", "namespace", "serviceAccount", "roleArn"].map((f) => value(r, f));
        if (![id, cluster, namespace, sa, role].every((v) => typeof v === "string")) {
            notes.push(`${r.urn}: an association without known associationId, clusterName, namespace, serviceAccount and roleArn was left out.`);
            return [];
        }
        const target = value(r, "targetRoleArn");
        return [
            {
                associationId: id,
                clusterName: cluster,
                namespace: namespace,
                serviceAccount: sa,
                roleArn: role,
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
        .filter((arn) => typeof arn === "string");
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
function stackCluster(file, r, value) {
    const identities = value(r, "identities");
    const oidc = Array.isArray(identities) && (0, inputPart_1.isObject)(identities[0]) && Array.isArray(identities[0].oidcs) ? identities[0].oidcs[0] : undefined;
    const issuer = (0, inputPart_1.isObject)(oidc) && typeof oidc.issuer === "string" ? oidc.issuer : undefined;
    return (0, inputPart_1.clusterFromArn)(file, String(value(r, "arn")), String(value(r, "name")), issuer);
}
/** The stack's roles, with the policies the role resource itself names and those attached by separate resources. */
function stackRoles(ofType, value) {
    const roles = new Map();
    for (const r of ofType("aws:iam/role:Role")) {
        const [arn, name, trust] = [value(r, "arn"), value(r, "name"), value(r, "assumeRolePolicy")];
        if (typeof arn !== "string" || typeof name !== "string" || (typeof trust !== "string" && !(0, inputPart_1.isObject)(trust))) {
            continue;
        }
        const managed = value(r, "managedPolicyArns");
        const inline = value(r, "inlinePolicies");
        roles.set(name, {
            arn,
            name,
            trustPolicy: trust,
            policies: [
                ...(Array.isArray(managed) ? managed.filter((a) => typeof a === "string").map((a) => ({ name: a.split("/").pop(), kind: "managed", arn: a })) : []),
                ...(Array.isArray(inline) ? inline.filter(inputPart_1.isObject).filter((p) => typeof p.policy === "string" && p.policy !== "").map((p) => ({ name: String(p.name), kind: "inline", document: p.policy })) : []),
            ],
        });
    }
    for (const r of ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        const [role, arn] = [value(r, "role"), value(r, "policyArn")];
        const target = typeof role === "string" ? roles.get(role) : undefined;
        if (target !== undefined && typeof arn === "string" && !target.policies.some((p) => p.arn === arn)) {
            target.policies.push({ name: arn.split("/").pop(), kind: "managed", arn });
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
