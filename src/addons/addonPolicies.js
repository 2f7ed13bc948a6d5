"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MAX_INLINE_ADDON_POLICY_SIZE = exports.MAX_MANAGED_POLICY_SIZE = exports.ADDON_KEYS = void 0;
exports.planAddonPolicies = planAddonPolicies;
const errors_1 = require("../errors");
const rules_1 = require("../policy/rules");
const trustPolicy_1 = require("../policy/trustPolicy");
const amazonManagedPrometheus_1 = require("./amazonManagedPrometheus");
const awsGatewayController_1 = require("./awsGatewayController");
const certManager_1 = require("./certManager");
const cloudwatchObservability_1 = require("./cloudwatchObservability");
const ebsCsiDriver_1 = require("./ebsCsiDriver");
const efsCsiDriver_1 = require("./efsCsiDriver");
const externalDns_1 = require("./externalDns");
const externalSecrets_1 = require("./externalSecrets");
const fsxLustreCsiDriver_1 = require("./fsxLustreCsiDriver");
const fsxOpenzfsCsiDriver_1 = require("./fsxOpenzfsCsiDriver");
const loadBalancerController_1 = require("./loadBalancerController");
const mountpointS3CsiDriver_1 = require("./mountpointS3CsiDriver");
const velero_1 = require("./velero");
const karpenter_1 = require("./karpenter");
const clusterAutoscaler_1 = require("./clusterAutoscaler");
const vpcCni_1 = require("./vpcCni");
const nodeTerminationHandler_1 = require("./nodeTerminationHandler");
const loadBalancerControllerTargetGroupBindingOnly_1 = require("./loadBalancerControllerTargetGroupBindingOnly");
// In a fixed order, so that the plan, and the resources made from it, never depend on the order of the caller's keys.
const BUILDERS = {
    amazonManagedPrometheus: amazonManagedPrometheus_1.buildAmazonManagedPrometheusPolicy,
    awsGatewayController: awsGatewayController_1.buildAwsGatewayControllerPolicy,
    certManager: certManager_1.buildCertManagerPolicy,
    cloudwatchObservability: cloudwatchObservability_1.buildCloudwatchObservabilityPolicy,
    ebsCsiDriver: ebsCsiDriver_1.buildEbsCsiDriverPolicy,
    externalDns: externalDns_1.buildExternalDnsPolicy,
    externalSecrets: externalSecrets_1.buildExternalSecretsPolicy,
    fsxLustreCsiDriver: fsxLustreCsiDriver_1.buildFsxLustreCsiDriverPolicy,
    fsxOpenzfsCsiDriver: fsxOpenzfsCsiDriver_1.buildFsxOpenzfsCsiDriverPolicy,
    loadBalancerController: loadBalancerController_1.buildLoadBalancerControllerPolicy,
    efsCsiDriver: efsCsiDriver_1.buildEfsCsiDriverPolicy,
    mountpointS3CsiDriver: mountpointS3CsiDriver_1.buildMountpointS3CsiDriverPolicy,
    velero: velero_1.buildVeleroPolicy,
    karpenter: karpenter_1.buildKarpenterPolicy,
    clusterAutoscaler: clusterAutoscaler_1.buildClusterAutoscalerPolicy,
    vpcCni: vpcCni_1.buildVpcCniPolicy,
    nodeTerminationHandler: nodeTerminationHandler_1.buildNodeTerminationHandlerPolicy,
    loadBalancerControllerTargetGroupBindingOnly: loadBalancerControllerTargetGroupBindingOnly_1.buildLoadBalancerControllerTargetGroupBindingOnlyPolicy,
};
/** Every add-on key, in the order plans list them. */
exports.ADDON_KEYS = Object.keys(BUILDERS);
/** IAM's limit on one managed policy, in characters without white space; AWS does not raise it. */
exports.MAX_MANAGED_POLICY_SIZE = 6144;
/**
 * The largest add-on document kept inline. Up to it, an add-on's policy is an inline policy of the role (no extra
 * resource, no managed-policy slot); above it, managed policies. The rule looks at each add-on's own document only,
 * so adding or removing an add-on never moves another one. Five add-ons at this size fill the role's inline budget.
 */
exports.MAX_INLINE_ADDON_POLICY_SIZE = 2048;
/**
 * Validates every requested add-on's inputs and plans its policies, before anything is created. Throws
 * IrsaArgumentError naming `addonPolicies.<key>.<field>` for a bad input, and naming `addonPolicies` with the numbers
 * when the combination cannot fit the role's inline budget (10,240 characters) or its managed-policy quota.
 */
function planAddonPolicies(addons, context) {
    const existingInline = context.inlinePolicyCharacters ?? 0;
    const existingManaged = context.attachedManagedPolicies ?? 0;
    const limit = context.managedPolicyLimit ?? rules_1.DEFAULT_MANAGED_POLICY_LIMIT;
    if (addons === undefined) {
        return { policies: [], wildcards: [], inlineSize: existingInline, managedPolicies: existingManaged };
    }
    if (typeof addons !== "object" || addons === null || Array.isArray(addons)) {
        throw new errors_1.IrsaArgumentError("addonPolicies", addons, `an object with one key per add-on (${exports.ADDON_KEYS.join(", ")}).`);
    }
    for (const key of Object.keys(addons)) {
        if (!exports.ADDON_KEYS.includes(key)) {
            throw new errors_1.IrsaArgumentError(`addonPolicies.${key}`, addons[key], `there is no add-on ${key}; the add-ons are ${exports.ADDON_KEYS.join(", ")}.`);
        }
    }
    const policies = [];
    const wildcards = [];
    for (const key of exports.ADDON_KEYS) {
        const value = addons[key];
        if (value === undefined) {
            continue;
        }
        const built = BUILDERS[key](`addonPolicies.${key}`, value, context);
        wildcards.push(...built.wildcards);
        policies.push(...placeAddon(key, built.document));
    }
    const inlineSize = existingInline + policies.filter((p) => p.placement === "inline").reduce((sum, p) => sum + p.size, 0);
    const managedPolicies = existingManaged + policies.filter((p) => p.placement === "managed").length;
    if (inlineSize > rules_1.MAX_INLINE_POLICIES_SIZE) {
        throw new errors_1.IrsaArgumentError("addonPolicies", Object.keys(addons), `the role's inline policies would have ${inlineSize} characters (${existingInline} of inlinePolicies and ${inlineSize - existingInline} of add-ons ` +
            `under ${exports.MAX_INLINE_ADDON_POLICY_SIZE} characters each, which stay inline), above IAM's ${rules_1.MAX_INLINE_POLICIES_SIZE}, which AWS does not raise. ` +
            "Move some add-ons or inline policies to another role.");
    }
    if (managedPolicies > limit) {
        throw new errors_1.IrsaArgumentError("addonPolicies", Object.keys(addons), `the role would have ${managedPolicies} managed policies (${existingManaged} of policyArns and ${managedPolicies - existingManaged} for add-ons ` +
            `above ${exports.MAX_INLINE_ADDON_POLICY_SIZE} characters), above the limit of ${limit}. Raise managedPolicyLimit after raising the account's ` +
            "PoliciesPerRole quota (up to 20), or give some add-ons their own role.");
    }
    return { policies, wildcards, inlineSize, managedPolicies };
}
/** One inline policy for a small document; otherwise managed policies, split by statement to fit IAM's managed size. */
function placeAddon(key, document) {
    const whole = planned(key, `addon-${key}`, "inline", document.Statement);
    if (whole.size <= exports.MAX_INLINE_ADDON_POLICY_SIZE) {
        return [whole];
    }
    // A document's size is its envelope's plus each statement's plus one comma between two: each statement is measured once.
    const envelope = (0, trustPolicy_1.policySize)(JSON.stringify({ Version: "2012-10-17", Statement: [] }));
    const parts = [[]];
    let partSize = envelope;
    for (const statement of document.Statement) {
        const size = (0, trustPolicy_1.policySize)(JSON.stringify(statement));
        if (envelope + size > exports.MAX_MANAGED_POLICY_SIZE) {
            throw new errors_1.IrsaArgumentError(`addonPolicies.${key}`, `statement ${statement.Sid} of ${envelope + size} characters`, `one statement cannot exceed IAM's managed policy size of ${exports.MAX_MANAGED_POLICY_SIZE} characters (white space not counted). List fewer ARNs.`);
        }
        const current = parts[parts.length - 1];
        if (current.length > 0 && partSize + 1 + size > exports.MAX_MANAGED_POLICY_SIZE) {
            parts.push([statement]);
            partSize = envelope + size;
        }
        else {
            partSize += (current.length > 0 ? 1 : 0) + size;
            current.push(statement);
        }
    }
    return parts.map((statements, index) => planned(key, index === 0 ? `addon-${key}` : `addon-${key}-${index + 1}`, "managed", statements));
}
function planned(addon, name, placement, statements) {
    const document = { Version: "2012-10-17", Statement: statements };
    const json = JSON.stringify(document);
    return { addon, name, placement, document, json, size: (0, trustPolicy_1.policySize)(json) };
}
