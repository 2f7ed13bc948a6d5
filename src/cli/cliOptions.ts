import { InvalidArgumentError } from "commander";
import { ServiceAccountMode, TrustScope, WorkloadIdentity } from "../enums";
import type { TrustedServiceAccount } from "../components/serviceAccountRoleArgs";

/** The Qovery tutorial's example, rendered when the flags say nothing else. */
export const TUTORIAL = {
    issuerUrl: "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    namespace: "z9b830e28-ze23976e2",
    serviceAccountName: "my-s3-role",
    policyKey: "s3",
    policy: "AmazonS3ReadOnlyAccess",
    componentName: "s3-reader",
};

/** A flag value that is well-formed but unusable (an unreadable file, a look-up render cannot make offline). */
export class CliInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CliInputError";
    }
}

/** The render flags, as commander hands them over (camel-cased, already converted by the parsers below). */
export interface RenderFlags {
    name?: string;
    accountId?: string;
    oidcProviderArn?: string;
    issuerUrl?: string;
    clusterName?: string;
    createOidcProvider?: boolean;
    serviceAccountName?: string;
    namespace?: string;
    scope?: TrustScope;
    namespacePattern?: string;
    additionalServiceAccount?: TrustedServiceAccount[];
    additionalOidcProviderArn?: string[];
    audience?: string;
    roleArn?: string;
    roleName?: string;
    rolePath?: string;
    roleDescription?: string;
    maxSessionDuration?: number;
    permissionsBoundary?: string;
    tag?: { [key: string]: string };
    policyArn?: { [key: string]: string };
    inlinePolicy?: { [name: string]: string };
    addon?: AddonFlags;
    trustPolicySizeLimit?: number;
    managedPolicyLimit?: number;
    serviceAccountMode?: ServiceAccountMode;
    label?: { [key: string]: string };
    annotation?: { [key: string]: string };
    stsRegionalEndpoints?: boolean;
    tokenExpirationSeconds?: number;
    automountServiceAccountToken?: boolean;
    createNamespace?: boolean;
    helmChartRepository?: string;
    helmChartName?: string;
    helmChartVersion?: string;
    verifyAccess?: boolean;
    verifyAccessProbe?: string;
    identity?: WorkloadIdentity;
    disableSessionTags?: boolean;
    allowUnconditionedPodIdentityTrust?: boolean;
    targetRoleArn?: string;
    sessionPolicy?: string;
}

// Commander argument parsers: each throws InvalidArgumentError, which commander reports as a one-line usage error.

/**
 * One `key=value` flag, added to the previous ones. Every key is data, `constructor` and `__proto__` included: only the
 * map's own keys count as given, and the map is built with data properties, so that a key is never read from, or
 * written to, an object's prototype (the component then checks each key by the argument's rule).
 */
export function parseKeyValue(value: string, previous: { [key: string]: string } | undefined): { [key: string]: string } {
    const equals = value.indexOf("=");
    if (equals <= 0) {
        throw new InvalidArgumentError(`expected key=value, got "${value}".`);
    }
    const key = value.slice(0, equals);
    if (previous !== undefined && Object.hasOwn(previous, key)) {
        throw new InvalidArgumentError(`"${key}" is given twice.`);
    }
    return withEntry(previous, key, value.slice(equals + 1));
}

/** A copy of `map` with `key` set as an own data property: `{ ...map, [key]: value }` without any prototype lookup. */
function withEntry<V>(map: { [key: string]: V } | undefined, key: string, value: V): { [key: string]: V } {
    return Object.fromEntries([...Object.entries(map ?? {}), [key, value]]);
}

/** The `--addon` flags, gathered: each add-on's settings by key, as `addonPolicies` takes them. */
export type AddonFlags = { [addon: string]: { [field: string]: string | string[] | boolean } };

/**
 * One `--addon <key>[:<field>=<value>]` flag, added to the previous ones: `true`/`false` give a boolean, a field whose
 * name ends in `s` (`hostedZoneArns`, `recordNames`, `kmsKeyArns`) a comma-separated list, any other field a string.
 * The component checks the add-on, the field and the value, as it does for every argument.
 */
export function parseAddon(value: string, previous: AddonFlags | undefined): AddonFlags {
    const match = /^([A-Za-z0-9]+)(?::([A-Za-z0-9]+)=(.*))?$/.exec(value);
    if (match === null) {
        throw new InvalidArgumentError(`expected <add-on>[:<field>=<value>[,<value>...]], e.g. externalDns:hostedZoneArns=arn:aws:route53:::hostedzone/Z1, not "${value}"`);
    }
    const [, addon, field, fieldValue] = match;
    // Own keys only: `constructor` or `toString` is a (wrong) add-on or field name the component names, not a given one.
    let settings = previous !== undefined && Object.hasOwn(previous, addon) ? previous[addon] : {};
    if (field !== undefined) {
        if (Object.hasOwn(settings, field)) {
            throw new InvalidArgumentError(`${addon}:${field} is given twice; list several values in one flag, separated by commas`);
        }
        settings = withEntry(settings, field, fieldValue === "true" || fieldValue === "false" ? fieldValue === "true" : field.endsWith("s") ? fieldValue.split(",") : fieldValue);
    }
    return withEntry(previous, addon, settings);
}

export function parseServiceAccountRef(value: string, previous: TrustedServiceAccount[] | undefined): TrustedServiceAccount[] {
    const parts = value.split(":");
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
        throw new InvalidArgumentError(`expected namespace:name (the namespace may be a pattern such as z*), got "${value}".`);
    }
    return [...(previous ?? []), { namespace: parts[0], name: parts[1] }];
}

export function collect(value: string, previous: string[] | undefined): string[] {
    return [...(previous ?? []), value];
}

export function parseInteger(value: string): number {
    if (!/^-?\d+$/.test(value)) {
        throw new InvalidArgumentError(`expected a whole number, got "${value}".`);
    }
    return Number(value);
}

export function parseBoolean(value: string): boolean {
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false") {
        throw new InvalidArgumentError(`expected true or false, got "${value}".`);
    }
    return lower === "true";
}

export function parseScope(value: string): TrustScope {
    return parseEnum(value, TrustScope);
}

export function parseServiceAccountMode(value: string): ServiceAccountMode {
    return parseEnum(value, ServiceAccountMode);
}

/** `irsa`, `pod-identity` or `both`, case-insensitive (the dash is optional). */
export function parseIdentity(value: string): WorkloadIdentity {
    const found = Object.values(WorkloadIdentity).find((v) => v.toLowerCase() === value.replace(/-/g, "").toLowerCase());
    if (found === undefined) {
        throw new InvalidArgumentError(`expected one of irsa, pod-identity, both, got "${value}".`);
    }
    return found;
}

export function parseAccountId(value: string): string {
    if (!/^\d{12}$/.test(value)) {
        throw new InvalidArgumentError(`an AWS account ID has 12 digits, got "${value}".`);
    }
    return value;
}

function parseEnum<T extends string>(value: string, values: { [key: string]: T }): T {
    const found = Object.values(values).find((v) => v.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
        throw new InvalidArgumentError(`expected one of ${Object.values(values).map((v) => v.toLowerCase()).join(", ")}, got "${value}".`);
    }
    return found;
}
