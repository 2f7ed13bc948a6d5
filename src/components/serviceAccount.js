"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.DERIVED_ANNOTATIONS = exports.TOKEN_EXPIRATION_ANNOTATION = exports.STS_REGIONAL_ENDPOINTS_ANNOTATION = exports.AUDIENCE_ANNOTATION = exports.ROLE_ARN_ANNOTATION = void 0;
exports.serviceAccountAnnotations = serviceAccountAnnotations;
exports.createServiceAccountManifest = createServiceAccountManifest;
exports.qoveryServiceAccountChartValues = qoveryServiceAccountChartValues;
exports.createServiceAccountRelease = createServiceAccountRelease;
// The classes from their own files: each read of core/v1's lazy export runs require() again.
const namespace_1 = require("@pulumi/kubernetes/core/v1/namespace");
const serviceAccount_1 = require("@pulumi/kubernetes/core/v1/serviceAccount");
// helm/v3/release, not helm/v3: its index loads the yaml module, which declares every Kubernetes API group.
const release_1 = require("@pulumi/kubernetes/helm/v3/release");
const pulumi = __importStar(require("@pulumi/pulumi"));
const issuer_1 = require("../policy/issuer");
/** The annotations the EKS pod identity webhook reads from a ServiceAccount. */
exports.ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
exports.AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
exports.STS_REGIONAL_ENDPOINTS_ANNOTATION = "eks.amazonaws.com/sts-regional-endpoints";
exports.TOKEN_EXPIRATION_ANNOTATION = "eks.amazonaws.com/token-expiration";
exports.DERIVED_ANNOTATIONS = [exports.ROLE_ARN_ANNOTATION, exports.AUDIENCE_ANNOTATION, exports.STS_REGIONAL_ENDPOINTS_ANNOTATION, exports.TOKEN_EXPIRATION_ANNOTATION];
/**
 * The complete annotation map of an IRSA ServiceAccount: the role ARN, the audience when it is not the default
 * (the webhook assumes `sts.amazonaws.com`), the optional webhook settings, then the caller's own annotations.
 */
function serviceAccountAnnotations(values) {
    const annotations = { [exports.ROLE_ARN_ANNOTATION]: values.roleArn };
    if (values.audience !== issuer_1.DEFAULT_AUDIENCE) {
        annotations[exports.AUDIENCE_ANNOTATION] = values.audience;
    }
    if (values.stsRegionalEndpoints !== undefined) {
        annotations[exports.STS_REGIONAL_ENDPOINTS_ANNOTATION] = String(values.stsRegionalEndpoints);
    }
    if (values.tokenExpirationSeconds !== undefined) {
        annotations[exports.TOKEN_EXPIRATION_ANNOTATION] = String(values.tokenExpirationSeconds);
    }
    return { ...annotations, ...values.extra };
}
/** Creates the annotated ServiceAccount (and its namespace when asked) as children of `parent`. */
function createServiceAccountManifest(name, args, parent) {
    const namespace = namespaceFor(name, args.namespace, args.createNamespace, parent);
    return new serviceAccount_1.ServiceAccount(`${name}-sa`, {
        metadata: { name: args.serviceAccountName, namespace, labels: args.labels, annotations: args.annotations },
        automountServiceAccountToken: args.automountServiceAccountToken,
    }, { parent, dependsOn: args.dependsOn });
}
/** The values of Qovery's `qovery-sa-helper` chart: the role ARN is its own value, every other annotation goes under serviceAccount. */
function qoveryServiceAccountChartValues(serviceAccountName, annotations) {
    const { [exports.ROLE_ARN_ANNOTATION]: awsRoleArn, ...otherAnnotations } = annotations;
    return { serviceAccount: { name: serviceAccountName, annotations: otherAnnotations }, awsRoleArn };
}
/** Creates the ServiceAccount through a Helm release of Qovery's chart (and its namespace when asked), as children of `parent`. */
function createServiceAccountRelease(name, args, parent) {
    const namespace = namespaceFor(name, args.namespace, args.createNamespace, parent);
    return new release_1.Release(`${name}-sa`, {
        chart: pulumi.output(args.chart).chart,
        version: pulumi.output(args.chart).version,
        repositoryOpts: { repo: pulumi.output(args.chart).repository },
        namespace,
        values: pulumi
            .output({ serviceAccountName: args.serviceAccountName, annotations: args.annotations })
            .apply(({ serviceAccountName, annotations }) => qoveryServiceAccountChartValues(serviceAccountName, annotations)),
    }, { parent, dependsOn: args.dependsOn });
}
/** The namespace to put the ServiceAccount in: created as a child when asked, so the ServiceAccount waits for it. */
function namespaceFor(name, namespace, create, parent) {
    return create ? new namespace_1.Namespace(`${name}-namespace`, { metadata: { name: namespace } }, { parent }).metadata.name : namespace;
}
