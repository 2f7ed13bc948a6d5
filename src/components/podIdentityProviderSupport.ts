import { IrsaArgumentError } from "../errors";

// Which @pulumi/aws release first carries each part of aws.eks.PodIdentityAssociation, read from the published
// packages' eks/podIdentityAssociation.d.ts and .js (npm pack @pulumi/aws@<version>): the resource from 6.13.2 (none in
// 6.0.0-6.13.1), targetRoleArn, disableSessionTags and the externalId output from 7.2.0 (the first 7.x on npm; no 6.x
// has them, up to 6.83.4), the session policy from 7.40.0 (7.39.0 has none). An SDK without a field does not send it:
// its constructor copies only the inputs it knows, so the association would be created without it, silently. A
// dropped session policy would give the pods the role's whole permissions, so the component refuses instead.

/** An association argument and the first @pulumi/aws release whose PodIdentityAssociation takes it. */
export interface PodIdentityProviderFeature {
    /** The component argument that needs it, as the error names it. */
    argument: string;
    /** The PodIdentityAssociation input (or the resource itself) it needs. */
    field: string;
    /** The first @pulumi/aws version that has it. */
    since: string;
}

export const POD_IDENTITY_ASSOCIATION_SINCE = "6.13.2";
export const TARGET_ROLE_ARN_SINCE = "7.2.0";
export const DISABLE_SESSION_TAGS_SINCE = "7.2.0";
export const SESSION_POLICY_SINCE = "7.40.0";

/** What the ServiceAccountRole's Pod Identity wiring asks of the installed @pulumi/aws. */
export interface PodIdentityProviderNeeds {
    /** identity PodIdentity or Both: the associations themselves. */
    associations: boolean;
    targetRoleArn: boolean;
    disableSessionTags: boolean;
    sessionPolicy: boolean;
}

/** The features the needs ask for, each with the release that brought it. */
export function neededFeatures(needs: PodIdentityProviderNeeds): PodIdentityProviderFeature[] {
    if (!needs.associations) {
        return [];
    }
    return [
        { argument: "identity", field: "aws.eks.PodIdentityAssociation", since: POD_IDENTITY_ASSOCIATION_SINCE },
        ...(needs.targetRoleArn ? [{ argument: "targetRoleArn", field: "targetRoleArn", since: TARGET_ROLE_ARN_SINCE }] : []),
        ...(needs.disableSessionTags ? [{ argument: "disableSessionTags", field: "disableSessionTags", since: DISABLE_SESSION_TAGS_SINCE }] : []),
        ...(needs.sessionPolicy ? [{ argument: "sessionPolicy", field: "policy", since: SESSION_POLICY_SINCE }] : []),
    ];
}

/**
 * Refuses the Pod Identity arguments the installed @pulumi/aws cannot send, naming the argument, the version found and
 * the version needed. An unreadable version (undefined) is not refused: nothing can be said about it.
 */
export function checkPodIdentityProviderSupport(needs: PodIdentityProviderNeeds, installedVersion: string | undefined): void {
    // A version that is not major.minor.patch (a local build) says nothing about the fields.
    if (installedVersion === undefined || !/^\d+\.\d+\.\d+/.test(installedVersion)) {
        return;
    }
    for (const feature of neededFeatures(needs)) {
        if (compareVersions(installedVersion, feature.since) < 0) {
            throw new IrsaArgumentError(
                feature.argument,
                feature.argument === "sessionPolicy" ? "(set)" : feature.argument === "identity" ? "PodIdentity or Both" : "set",
                `the installed @pulumi/aws ${installedVersion} has no ${feature.field === "aws.eks.PodIdentityAssociation" ? "aws.eks.PodIdentityAssociation" : `PodIdentityAssociation ${feature.field}`} ` +
                    `(it arrived in ${feature.since}), so the association would be created without it. Upgrade @pulumi/aws to ${feature.since} or later, or drop ${feature.argument}.`,
            );
        }
    }
}

let awsVersion: { version: string | undefined } | undefined;

/**
 * The installed @pulumi/aws's version, or undefined when its package.json cannot be read. Read once per process (Node
 * caches the module anyway), since resolving the require again cost each role about 50 µs.
 */
export function installedAwsVersion(): string | undefined {
    awsVersion ??= { version: readAwsVersion() };
    return awsVersion.version;
}

function readAwsVersion(): string | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const version = require("@pulumi/aws/package.json").version;
        return typeof version === "string" ? version : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Compares two `major.minor.patch` versions, a pre-release (`7.24.0-alpha.1`) counting before its release as semver
 * says. Returns a negative number, 0 or a positive number.
 */
export function compareVersions(a: string, b: string): number {
    const parse = (v: string) => {
        const match = /^(\d+)\.(\d+)\.(\d+)(-.+)?/.exec(v);
        if (match === null) {
            throw new TypeError(`"${v}" is not a version major.minor.patch`);
        }
        return { parts: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] !== undefined };
    };
    const x = parse(a);
    const y = parse(b);
    for (let i = 0; i < 3; i++) {
        if (x.parts[i] !== y.parts[i]) {
            return x.parts[i] - y.parts[i];
        }
    }
    return x.pre === y.pre ? 0 : x.pre ? -1 : 1;
}
