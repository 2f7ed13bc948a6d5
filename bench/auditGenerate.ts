// A generated cluster and account for the audit benchmark: N ServiceAccounts in N/10 namespaces, 2N pods, N/5 roles
// (exact subjects, ServiceAccount patterns in one namespace, namespace patterns, Deny statements, Pod Identity roles,
// other clusters' roles, service roles) and N/20 Pod Identity associations, as the real commands print them.
const ACCOUNT = "111122223333";
const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/BENCHD539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const CLUSTER = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/bench`;

/** A seeded generator (mulberry32), so every run audits the same cluster. */
function random(seed: number): () => number {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const statement = (effect: string, condition: object, provider = PROVIDER) => ({ Effect: effect, Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition });
const issuerOf = (provider: string) => provider.split("oidc-provider/")[1];
const subjectCondition = (operator: string, subject: string | string[], provider = PROVIDER) => {
    const aud = { [`${issuerOf(provider)}:aud`]: "sts.amazonaws.com" };
    const sub = { [`${issuerOf(provider)}:sub`]: subject };
    return operator === "StringEquals" ? { StringEquals: { ...sub, ...aud } } : { [operator]: sub, StringEquals: aud };
};

/** The trust policy of role `i` of `roles`, by kind (fractions of the roles), and the ServiceAccount it is meant for. */
function trustOf(i: number, roles: number, namespaces: number, next: () => number): object {
    const ns = Math.floor(next() * namespaces * 1.05); // about 5% name a namespace that does not exist
    const sa = Math.floor(next() * 10);
    const share = i / roles;
    let statements: object[];
    if (share < 0.6) {
        statements = [statement("Allow", subjectCondition("StringEquals", `system:serviceaccount:ns-${ns}:sa-${sa}`))];
    } else if (share < 0.7) {
        statements = [statement("Allow", subjectCondition("StringLike", `system:serviceaccount:ns-${ns}:*`))];
    } else if (share < 0.73) {
        statements = [statement("Allow", subjectCondition("StringLike", `system:serviceaccount:ns-${ns % 10}?*:sa-${sa}`))];
    } else if (share < 0.83) {
        statements = [
            statement("Allow", subjectCondition("StringLike", `system:serviceaccount:ns-${ns}:sa-*`)),
            statement("Deny", { StringEquals: { [`${ISSUER}:sub`]: `system:serviceaccount:ns-${ns}:sa-${sa}` } }),
        ];
    } else if (share < 0.93) {
        statements = [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:RequestTag/eks-cluster-arn": CLUSTER, "aws:RequestTag/kubernetes-namespace": `ns-${ns}`, "aws:RequestTag/kubernetes-service-account": `sa-${sa}` } },
            },
        ];
    } else if (share < 0.98) {
        const other = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER${String(i % 7).padStart(27, "0")}`;
        statements = [statement("Allow", subjectCondition("StringEquals", `system:serviceaccount:ns-${ns}:sa-${sa}`, other), other)];
    } else {
        statements = [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }];
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The input files' texts for a cluster of `serviceAccounts` ServiceAccounts. */
export function generateAuditInputs(serviceAccounts: number, seed = 42): Record<string, string> {
    const next = random(seed);
    const namespaces = Math.ceil(serviceAccounts / 10);
    const roles = Math.round(serviceAccounts / 5);
    const roleArn = (i: number) => `arn:aws:iam::${ACCOUNT}:role/bench-${i}`;
    const items: object[] = [];
    for (let n = 0; n < namespaces; n++) {
        items.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: `ns-${n}` } });
    }
    for (let s = 0; s < serviceAccounts; s++) {
        const [namespace, name] = [`ns-${Math.floor(s / 10)}`, `sa-${s % 10}`];
        const annotations = s % 10 === 0 ? { "eks.amazonaws.com/role-arn": roleArn(Math.floor(next() * roles)) } : undefined;
        items.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace, ...(annotations && { annotations }) } });
        for (const replica of [0, 1]) {
            items.push({ apiVersion: "v1", kind: "Pod", metadata: { name: `${name}-${replica}`, namespace }, spec: { serviceAccountName: name } });
        }
    }
    const roleDetails = Array.from({ length: roles }, (_, i) => ({
        RoleName: `bench-${i}`,
        Arn: roleArn(i),
        Path: "/",
        AssumeRolePolicyDocument: trustOf(i, roles, namespaces, next),
        AttachedManagedPolicies: [{ PolicyName: "AmazonS3ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }],
        RolePolicyList: [],
    }));
    const podIdentityRoles = roleDetails.filter((_, i) => i / roles >= 0.83 && i / roles < 0.93);
    const associations = Array.from({ length: Math.round(serviceAccounts / 20) }, (_, i) => ({
        association: {
            associationId: `a-${String(i).padStart(17, "0")}`,
            clusterName: "bench",
            namespace: `ns-${Math.floor(next() * namespaces)}`,
            serviceAccount: `sa-${Math.floor(next() * 10)}`,
            roleArn: podIdentityRoles[i % podIdentityRoles.length].Arn,
            disableSessionTags: false,
        },
    }));
    return {
        "kubernetes.json": JSON.stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }),
        "iam.json": JSON.stringify({ RoleDetailList: roleDetails, UserDetailList: [], GroupDetailList: [], Policies: [] }),
        "eks-cluster.json": JSON.stringify({ cluster: { name: "bench", arn: CLUSTER, identity: { oidc: { issuer: `https://${ISSUER}` } } } }),
        "oidc-providers.json": JSON.stringify({ OpenIDConnectProviderList: [{ Arn: PROVIDER }] }),
        "associations.json": JSON.stringify(associations),
    };
}

export const BENCH_PROVIDER = PROVIDER;
