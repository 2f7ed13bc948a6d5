// The classes from their own files: each read of core/v1's lazy export runs require() again.
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
// helm/v3/release, not helm/v3: its index loads the yaml module, which declares every Kubernetes API group.
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_AUDIENCE } from "../policy/issuer";

/** The annotations the EKS pod identity webhook reads from a ServiceAccount. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
export const AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
export const STS_REGIONAL_ENDPOINTS_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";
export const TOKEN_EXPIRATION_ANNOTATION = "eks.amazonaws.com/token-expiration";
export const DERIVED_ANNOTATIONS = [ROLE_ARN_ANNOTATION, AUDIENCE_ANNOTATION, STS_REGIONAL_ENDPOINTS_ANNOTATION, TOKEN_EXPIRATION_ANNOTATION];

export interface ServiceAccountAnnotationValues {
    roleArn: string;
    audience: string;
    stsRegionalEndpoints?: boolean;
    tokenExpirationSeconds?: number;
    extra?: { [key: string]: string };
}

/**
 * The complete annotation map of an IRSA ServiceAccount: the role ARN, the audience when it is not the default
 * (the webhook assumes `sts.amazonaws.com`), the optional webhook settings, then the caller's own annotations.
 */
export function serviceAccountAnnotations(values: ServiceAccountAnnotationValues): { [key: string]: string } {
    const annotations: { [key: string]: string } = { [ROLE_ARN_ANNOTATION]: values.roleArn };
    if (values.audience !== DEFAULT_AUDIENCE) {
        annotations[AUDIENCE_ANNOTATION] = values.audience;
    }
    if (values.stsRegionalEndpoints !== undefined) {
        annotations[STS_REGIONAL_ENDPOINTS_ANNOTATION] = String(values.stsRegionalEndpoints);
    }
    if (values.tokenExpirationSeconds !== undefined) {
        annotations[TOKEN_EXPIRATION_ANNOTATION] = String(values.tokenExpirationSeconds);
    }
    return { ...annotations, ...values.extra };
}

export interface ServiceAccountManifestArgs {
    serviceAccountName: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    createNamespace: boolean;
    annotations: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    automountServiceAccountToken?: pulumi.Input<boolean>;
    /** Resources that must exist before any pod can use the ServiceAccount: the role's policies. */
    dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** Creates the annotated ServiceAccount (and its namespace when asked) as children of `parent`. */
export function createServiceAccountManifest(name: string, args: ServiceAccountManifestArgs, parent: pulumi.Resource): ServiceAccount {
    const namespace = namespaceFor(name, args.namespace, args.createNamespace, parent);
    return new ServiceAccount(
        `${name}-sa`,
        {
            metadata: { name: args.serviceAccountName, namespace, labels: args.labels, annotations: args.annotations },
            automountServiceAccountToken: args.automountServiceAccountToken,
        },
        { parent, dependsOn: args.dependsOn },
    );
}

/** The values of Qovery's `qovery-sa-helper` chart: the role ARN is its own value, every other annotation goes under serviceAccount. */
export function qoveryServiceAccountChartValues(serviceAccountName: string, annotations: { [key: string]: string }) {
    const { [ROLE_ARN_ANNOTATION]: awsRoleArn, ...otherAnnotations } = annotations;
    return { serviceAccount: { name: serviceAccountName, annotations: otherAnnotations }, awsRoleArn };
}

/** The Helm chart that creates the ServiceAccount with serviceAccountMode HelmChart. */
export interface ServiceAccountChart {
    /** The chart repository's URL. Defaults to Qovery's, `https://qovery.github.io/create_service_account/`. */
    repository?: pulumi.Input<string>;
    /** The chart's name. Defaults to `qovery-sa-helper`. */
    chart?: pulumi.Input<string>;
    /** The chart's version. Defaults to `0.1.0`, the version the tutorial deploys. */
    version?: pulumi.Input<string>;
}

export interface ServiceAccountReleaseArgs {
    serviceAccountName: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    createNamespace: boolean;
    annotations: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    chart: pulumi.Input<{ repository: string; chart: string; version: string }>;
    dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** Creates the ServiceAccount through a Helm release of Qovery's chart (and its namespace when asked), as children of `parent`. */
export function createServiceAccountRelease(name: string, args: ServiceAccountReleaseArgs, parent: pulumi.Resource): Release {
    const namespace = namespaceFor(name, args.namespace, args.createNamespace, parent);
    return new Release(
        `${name}-sa`,
        {
            chart: pulumi.output(args.chart).chart,
            version: pulumi.output(args.chart).version,
            repositoryOpts: { repo: pulumi.output(args.chart).repository },
            namespace,
            values: pulumi
                .output({ serviceAccountName: args.serviceAccountName, annotations: args.annotations })
                .apply(({ serviceAccountName, annotations }) => qoveryServiceAccountChartValues(serviceAccountName, annotations)),
        },
        { parent, dependsOn: args.dependsOn },
    );
}

/** The namespace to put the ServiceAccount in: created as a child when asked, so the ServiceAccount waits for it. */
function namespaceFor(name: string, namespace: pulumi.Input<string>, create: boolean, parent: pulumi.Resource): pulumi.Input<string> {
    return create ? new Namespace(`${name}-namespace`, { metadata: { name: namespace } }, { parent }).metadata.name : namespace;
}
