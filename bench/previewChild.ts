// One measurement of the preview benchmark, in a fresh process (the Pulumi runtime keeps global state): constructs N
// IRSA roles under the mock engine, as ServiceAccountRoles, written by hand, or written by hand inside a bare component,
// or N Pod Identity roles on one cluster, as ServiceAccountRoles or inside a bare component; resolves every output, and
// prints one JSON line. Usage: node [--expose-gc] previewChild.js <component|bare|hand|podIdentity|barePodIdentity> <N>;
// BENCH_HEAP_SNAPSHOT=<file> also writes a heap snapshot once everything resolved (compare two with heap.js);
// BENCH_OWN_TIME=1 also times each side's own synchronous work (ownTime.ts), which adds a little to every side's time.
import * as aws from "@pulumi/aws";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import { PerformanceObserver } from "perf_hooks";
import * as v8 from "v8";
import * as irsa from "./pkg";
import { ACCOUNT, CLUSTER, CLUSTER_ARN, fixture, Fixture, ISSUER, PROVIDER_ARN, S3_READ_ONLY } from "./fixture";
import { installOwnTimeHooks, OwnTime } from "./ownTime";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

/** The eight outputs every side resolves, as a ServiceAccountRole gives them. */
function roleOutputs(role: InstanceType<typeof irsa.ServiceAccountRole>): pulumi.Output<unknown>[] {
    return [role.roleArn, role.roleName, role.serviceAccountName, role.namespace, role.oidcProviderArn, role.issuer, role.trustPolicy, role.serviceAccountAnnotations];
}

export type Side = "component" | "bare" | "hand" | "podIdentity" | "barePodIdentity";
const SIDES: Side[] = ["component", "bare", "hand", "podIdentity", "barePodIdentity"];

export interface PreviewResult {
    side: Side;
    n: number;
    /** Wall time from constructing the first role until every output and registration has resolved. */
    ms: number;
    /** CPU time (user + system, all threads: GC included) over the same span; less disturbed than wall time by other load. */
    cpuMs: number;
    /** Time spent in garbage collection pauses over the same span (PerformanceObserver "gc" entries). */
    gcMs: number;
    /** SHA-256 of every role's name and trust policy as sent to IAM: every side must send the same. */
    trustPolicies: string;
    customResources: number;
    components: number;
    /** The `aws.eks.getCluster` invokes sent. */
    clusterLookups: number;
    /** Resident set size once the modules are loaded and the mocks installed, before the first resource. */
    baselineRssMiB: number;
    /** Heap still in use after a full GC once everything resolved (with --expose-gc; NaN without): what the N roles retain. */
    retainedHeapMiB: number;
    /** The heap in use after a full GC before the first resource (NaN without --expose-gc). */
    baselineHeapMiB: number;
    /** The process's peak resident set size so far (getrusage ru_maxrss). */
    maxRssMiB: number;
    /** With BENCH_OWN_TIME=1: where the constructors' synchronous time went. */
    ownTime?: OwnTime;
}

/** What a careful user writes without the component: the same three resources, names, trust JSON and ordering. */
function handWritten(f: Fixture, parent?: pulumi.Resource): { [name: string]: pulumi.Output<unknown> } {
    const trustPolicy = irsa.renderTrustPolicy(
        irsa.buildTrustPolicy([{ arn: PROVIDER_ARN, issuer: f.issuer }], [{ namespace: f.namespace, serviceAccountName: f.serviceAccountName }], "sts.amazonaws.com"),
    );
    const role = new aws.iam.Role(f.name, { assumeRolePolicy: trustPolicy }, { parent });
    const attachment = new aws.iam.RolePolicyAttachment(`${f.name}-s3`, { role: role.name, policyArn: S3_READ_ONLY }, { parent });
    const roleArn = pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn);
    const serviceAccount = new kubernetes.core.v1.ServiceAccount(
        `${f.name}-sa`,
        { metadata: { name: f.serviceAccountName, namespace: f.namespace, annotations: { "eks.amazonaws.com/role-arn": roleArn } } },
        { parent, dependsOn: [attachment] },
    );
    return {
        roleArn,
        roleName: role.name,
        serviceAccountName: serviceAccount.metadata.name,
        namespace: serviceAccount.metadata.namespace,
        oidcProviderArn: pulumi.output(PROVIDER_ARN),
        issuer: pulumi.output(f.issuer),
        trustPolicy: role.assumeRolePolicy,
        serviceAccountAnnotations: serviceAccount.metadata.annotations,
    };
}

/**
 * The hand-written resources inside the thinnest component with ServiceAccountRole's Pulumi-visible shape: the same
 * arguments registered as inputs, the children parented to it, the same eight outputs registered. What Pulumi charges
 * for any such component, apart from what eks-irsa's own code costs.
 */
class BareComponent extends pulumi.ComponentResource {
    readonly outputs: { [name: string]: pulumi.Output<unknown> };

    constructor(name: string, args: { oidcProviderArn: string; namespace: string; serviceAccountName: string; policyArns: { s3: string } }) {
        super("bench:index:BareComponent", name, args);
        this.outputs = handWritten({ name, namespace: args.namespace, serviceAccountName: args.serviceAccountName, issuer: ISSUER }, this);
        this.registerOutputs(this.outputs);
    }
}

/** The Pod Identity trust a careful user writes for one ServiceAccount: the statement ServiceAccountRole sends. */
function podIdentityTrustPolicy(clusterArn: string, f: Fixture): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": clusterArn,
                        "aws:RequestTag/kubernetes-namespace": f.namespace,
                        "aws:RequestTag/kubernetes-service-account": f.serviceAccountName,
                    },
                },
            },
        ],
    });
}

/**
 * A Pod Identity role's four resources (role, attachment, association, ServiceAccount without the role-ARN annotation)
 * inside the thinnest component with ServiceAccountRole's Pulumi-visible shape, its trust naming the cluster that one
 * look-up per program found, as ServiceAccountRole's shared look-up does.
 */
class BarePodIdentityComponent extends pulumi.ComponentResource {
    readonly outputs: { [name: string]: pulumi.Output<unknown> };

    constructor(
        name: string,
        args: { clusterName: string; identity: string; namespace: string; serviceAccountName: string; policyArns: { s3: string } },
        cluster: pulumi.Output<aws.eks.GetClusterResult>,
    ) {
        super("bench:index:BarePodIdentityComponent", name, args);
        const f: Fixture = { name, namespace: args.namespace, serviceAccountName: args.serviceAccountName, issuer: ISSUER };
        const parent = this;
        const role = new aws.iam.Role(name, { assumeRolePolicy: cluster.arn.apply((arn) => podIdentityTrustPolicy(arn, f)) }, { parent });
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-s3`, { role: role.name, policyArn: S3_READ_ONLY }, { parent });
        const roleArn = pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn);
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-pod-identity-${f.namespace}.${f.serviceAccountName}`,
            { clusterName: args.clusterName, namespace: f.namespace, serviceAccount: f.serviceAccountName, roleArn },
            { parent, deleteBeforeReplace: true },
        );
        const serviceAccount = new kubernetes.core.v1.ServiceAccount(
            `${name}-sa`,
            { metadata: { name: f.serviceAccountName, namespace: f.namespace, annotations: {} } },
            { parent, dependsOn: [attachment, association] },
        );
        this.outputs = {
            roleArn,
            roleName: role.name,
            serviceAccountName: serviceAccount.metadata.name,
            namespace: serviceAccount.metadata.namespace,
            oidcProviderArn: pulumi.output(undefined),
            issuer: pulumi.output(undefined),
            trustPolicy: role.assumeRolePolicy,
            serviceAccountAnnotations: serviceAccount.metadata.annotations,
            podIdentityExternalIds: pulumi.output({}),
        };
        this.registerOutputs(this.outputs);
    }
}

function heapAfterFullGc(): number {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc === undefined) {
        return NaN;
    }
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
    const side = process.argv[2] as Side;
    const n = Number(process.argv[3]);
    if (!SIDES.includes(side) || !Number.isInteger(n) || n < 1) {
        throw new Error(`usage: previewChild <${SIDES.join("|")}> <N>`);
    }
    let customResources = 0;
    let components = 0;
    let clusterLookups = 0;
    const trustPolicies: string[] = [];
    // The same mocks for every side: each resource's state is its inputs, a role gets a name and an ARN, and the cluster
    // look-up finds the fixture's cluster.
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.custom) {
                    customResources++;
                } else {
                    components++;
                }
                const state = { ...args.inputs };
                if (args.type === "aws:iam/role:Role") {
                    trustPolicies.push(`${args.name}=${args.inputs.assumeRolePolicy}`);
                    state.name = args.inputs.name ?? `${args.name}-1a2b3c4`;
                    state.arn = `arn:aws:iam::${ACCOUNT}:role/${state.name}`;
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => {
                if (args.token !== "aws:eks/getCluster:getCluster") {
                    return args.inputs;
                }
                clusterLookups++;
                return { name: args.inputs.name, arn: CLUSTER_ARN, identities: [{ oidcs: [{ issuer: `https://${ISSUER}` }] }] };
            },
        },
        "bench",
        "bench",
        true,
    );
    // Warm the lazily loaded resource modules on every side alike, so neither pays for their first load in its timing.
    void [aws.iam.Role, aws.iam.RolePolicyAttachment, aws.eks.PodIdentityAssociation, aws.eks.getClusterOutput, kubernetes.core.v1.ServiceAccount, irsa.ServiceAccountRole];
    const own = process.env.BENCH_OWN_TIME === "1" ? installOwnTimeHooks() : undefined;
    const construct = <T>(build: () => T): T => (own === undefined ? build() : own.time(build));
    const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
    const baselineHeapMiB = heapAfterFullGc();

    let gcMs = 0;
    const gc = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            gcMs += entry.duration;
        }
    });
    gc.observe({ entryTypes: ["gc"] });
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    const outputs: pulumi.Output<unknown>[] = [];
    // The bare Pod Identity side looks its one cluster up once, as ServiceAccountRole's shared look-up does.
    const cluster = side === "barePodIdentity" ? aws.eks.getClusterOutput({ name: CLUSTER }) : undefined;
    for (let i = 0; i < n; i++) {
        const f = fixture(i);
        if (side === "component") {
            const role = construct(
                () =>
                    new irsa.ServiceAccountRole(f.name, {
                        oidcProviderArn: PROVIDER_ARN,
                        namespace: f.namespace,
                        serviceAccountName: f.serviceAccountName,
                        policyArns: { s3: S3_READ_ONLY },
                    }),
            );
            outputs.push(...roleOutputs(role));
        } else if (side === "bare") {
            const bare = construct(
                () =>
                    new BareComponent(f.name, {
                        oidcProviderArn: PROVIDER_ARN,
                        namespace: f.namespace,
                        serviceAccountName: f.serviceAccountName,
                        policyArns: { s3: S3_READ_ONLY },
                    }),
            );
            outputs.push(...Object.values(bare.outputs));
        } else if (side === "podIdentity") {
            const role = construct(
                () =>
                    new irsa.ServiceAccountRole(f.name, {
                        clusterName: CLUSTER,
                        identity: irsa.WorkloadIdentity.PodIdentity,
                        namespace: f.namespace,
                        serviceAccountName: f.serviceAccountName,
                        policyArns: { s3: S3_READ_ONLY },
                    }),
            );
            outputs.push(...roleOutputs(role), role.podIdentityExternalIds);
        } else if (side === "barePodIdentity") {
            const bare = construct(
                () =>
                    new BarePodIdentityComponent(
                        f.name,
                        {
                            clusterName: CLUSTER,
                            identity: irsa.WorkloadIdentity.PodIdentity,
                            namespace: f.namespace,
                            serviceAccountName: f.serviceAccountName,
                            policyArns: { s3: S3_READ_ONLY },
                        },
                        cluster!,
                    ),
            );
            outputs.push(...Object.values(bare.outputs));
        } else {
            outputs.push(...Object.values(construct(() => handWritten(f))));
        }
    }
    await Promise.all(outputs.map((o) => (o as any).promise()));
    await settings.waitForRPCs();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // GC entries arrive asynchronously: let the last ones in.
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc.disconnect();
    const retainedHeapMiB = heapAfterFullGc();
    if (process.env.BENCH_HEAP_SNAPSHOT) {
        v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
    }
    // Keep the roles reachable until the heap is measured.
    void outputs.length;

    const result: PreviewResult = {
        side,
        n,
        ms,
        cpuMs,
        gcMs,
        trustPolicies: crypto.createHash("sha256").update(trustPolicies.sort().join("\n")).digest("hex"),
        customResources,
        components,
        clusterLookups,
        baselineRssMiB,
        baselineHeapMiB,
        retainedHeapMiB,
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        ownTime: own?.result(),
    };
    process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
