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
exports.podIdentityAssociationKey = podIdentityAssociationKey;
exports.podIdentityAssociationName = podIdentityAssociationName;
exports.createPodIdentityAssociations = createPodIdentityAssociations;
exports.serviceAccountDependencies = serviceAccountDependencies;
exports.keepsRoleArnAnnotation = keepsRoleArnAnnotation;
const eks = __importStar(require("@pulumi/aws/eks"));
const enums_1 = require("../enums");
const errors_1 = require("../errors");
const ASSOCIATION_SUFFIX = "-pod-identity";
const ASSOCIATION_KEY = /^[a-z0-9][a-z0-9.-]*$/;
/**
 * The stable key of a ServiceAccount's association: `<namespace>.<name>`. A namespace has no `.`, so the first `.`
 * separates the two and no two ServiceAccounts share a key.
 */
function podIdentityAssociationKey(namespace, serviceAccountName) {
    return `${namespace}.${serviceAccountName}`;
}
/** The Pulumi name of an association: `<component name>-pod-identity-<key>`. */
function podIdentityAssociationName(componentName, key) {
    return `${componentName}${ASSOCIATION_SUFFIX}-${key}`;
}
/**
 * Creates one `aws.eks.PodIdentityAssociation` per target as children of `parent`. Each is named from the component's
 * name and the target's stable key, so adding or removing another ServiceAccount never touches it. A change of cluster,
 * namespace or ServiceAccount replaces an association, and EKS refuses to create an association for a ServiceAccount
 * that still has one (`ResourceInUseException`), so replacements delete first. The role and the target role are updated
 * in place.
 */
function createPodIdentityAssociations(name, args, parent) {
    const seen = new Set();
    for (const target of args.targets) {
        if (!ASSOCIATION_KEY.test(target.key) || seen.has(target.key)) {
            throw new errors_1.IrsaArgumentError("podIdentityAssociation key", target.key, "each association needs its own key of lower-case letters, digits, '.' and '-' (podIdentityAssociationKey(namespace, name)), which names its resource.");
        }
        seen.add(target.key);
    }
    return args.targets.map((target) => new eks.PodIdentityAssociation(podIdentityAssociationName(name, target.key), {
        clusterName: args.clusterName,
        namespace: target.namespace,
        serviceAccount: target.serviceAccountName,
        roleArn: args.roleArn,
        targetRoleArn: args.targetRoleArn,
        disableSessionTags: args.disableSessionTags,
        tags: args.tags,
    }, { parent, deleteBeforeReplace: true, dependsOn: args.dependsOn }));
}
/**
 * What the ServiceAccount must wait for, so that no pod is left without a way to its role. With Irsa, the role's
 * permissions (the annotation already waits for the role). With PodIdentity and Both, the associations too: going
 * Irsa -> Both -> PodIdentity, the annotation is removed only in an update that runs after every association exists;
 * going back, Pulumi deletes the associations last, after the annotated ServiceAccount is updated. The verification Job
 * waits for the same resources plus the ServiceAccount.
 */
function serviceAccountDependencies(identity, permissions, associations) {
    return identity === enums_1.WorkloadIdentity.Irsa ? [...permissions] : [...permissions, ...associations];
}
/**
 * Whether the ServiceAccount carries the `eks.amazonaws.com/role-arn` annotation: with Irsa and Both (where the SDKs
 * keep using IRSA while it is there), not with PodIdentity (where it would make them use IRSA, which the trust no
 * longer allows).
 */
function keepsRoleArnAnnotation(identity) {
    return identity !== enums_1.WorkloadIdentity.PodIdentity;
}
