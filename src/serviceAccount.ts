import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_AUDIENCE } from "./issuer";

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
    dependsOn: pulumi.Resource[];
}

/** Creates the annotated ServiceAccount (and its namespace when asked) as children of `parent`. */
export function createServiceAccountManifest(name: string, args: ServiceAccountManifestArgs, parent: pulumi.Resource): kubernetes.core.v1.ServiceAccount {
    const namespace = args.createNamespace
        ? new kubernetes.core.v1.Namespace(`${name}-namespace`, { metadata: { name: args.namespace } }, { parent }).metadata.name
        : args.namespace;
    return new kubernetes.core.v1.ServiceAccount(
        `${name}-sa`,
        {
            metadata: { name: args.serviceAccountName, namespace, labels: args.labels, annotations: args.annotations },
            automountServiceAccountToken: args.automountServiceAccountToken,
        },
        { parent, dependsOn: args.dependsOn },
    );
}
