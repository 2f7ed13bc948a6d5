import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadIdentity } from "../enums";
import { IrsaArgumentError } from "../errors";
import { issuerOf, parseOidcProviderArn } from "../policy/issuer";
import { TrustedProvider } from "../policy/trustPolicy";
import { AddonPolicyPlan } from "../addons/addonPolicies";
import { ClusterOidcProvider } from "./clusterOidcProvider";
import { lookUpCluster } from "./clusterLookup";
import { Checked, combineChecked, mapChecked } from "./inputs";
import { checkedWithSecrecyOf } from "./outputSecrecy";
import type { ServiceAccountRolePlan } from "./serviceAccountRolePlan";

/** The trust as the wiring found it: the provider's ARN and issuer (undefined without one), the policy, the add-ons. */
export interface WiredTrust {
    arn: Checked<string | undefined>;
    issuer: Checked<string | undefined>;
    policy: Checked<string>;
    addonPolicies?: Checked<AddonPolicyPlan>;
}

/** The provider the trust comes from (found or created), its issuer, the trust policy, and the add-ons planned once the issuer is known. */
export function wireTrust(plan: ServiceAccountRolePlan, parent: pulumi.Resource): WiredTrust | undefined {
    const source = plan.trustSource;
    if (source === undefined) {
        return undefined;
    }
    let arn: Checked<string | undefined>;
    let issuer: Checked<string | undefined>;
    let policy: Checked<string>;
    let addonPolicies: Checked<AddonPolicyPlan> | undefined;
    // With Pod Identity and clusterName alone, the cluster is looked up once: its ARN for the trust, its issuer for IRSA.
    const cluster = source.kind === "clusterName" ? lookUpCluster(source.clusterName, parent) : undefined;
    const clusterArn = cluster !== undefined && plan.podIdentity !== undefined ? cluster.arn : undefined;
    if (source.kind === "clusterName" && plan.identity === WorkloadIdentity.PodIdentity) {
        // The trust uses no OIDC provider: none is looked up, so a cluster without one works.
        arn = undefined;
        issuer = undefined;
        policy = plan.trustPolicyFor(undefined, clusterArn);
        addonPolicies = clusterArn === undefined ? undefined : plan.role?.addonPoliciesFor?.({ clusterArn });
    } else if (source.kind === "providerArn") {
        arn = source.arn;
        issuer = source.issuer;
        policy = plan.trustPolicy!;
    } else {
        const issuerUrl =
            source.kind === "issuerUrl"
                ? source.issuerUrl
                : plan.checks.lookedUp("clusterName (its issuer)", cluster!.identities, (identities) => plan.checkIssuer("clusterName (its issuer)", identities[0].oidcs[0].issuer));
        // A looked-up issuer does not wait for the policy's late parts (issuerUrl's does, in the plan): the provider it
        // creates must, or a role whose late arguments fail still leaves an account-wide OIDC provider behind.
        const creates = source.kind === "clusterName" && source.createProvider ? plan.issuerAfterParts(issuerUrl) : issuerUrl;
        const primary = wireProvider(plan, issuerUrl, source.createProvider, parent, creates);
        arn = primary.arn;
        issuer = primary.issuer;
        policy = plan.trustPolicyFor(primary.checked, clusterArn);
        // The account of the role is the cluster's (looked up in it) or the provider's (found or created in it).
        addonPolicies = plan.role?.addonPoliciesFor?.(cluster !== undefined ? { clusterArn: cluster.arn } : { providerArn: mapChecked(primary.checked, (p) => p.arn) });
    }
    // The trust inputs' secrecy: the policy derives from all of them.
    return { arn: checkedWithSecrecyOf(arn, plan.secretSources.trust), issuer: checkedWithSecrecyOf(issuer, plan.secretSources.trust), policy, addonPolicies };
}

/**
 * The IAM OIDC provider for the issuer, created as a child ClusterOidcProvider or looked up; the provider found is
 * checked as an argument would be.
 */
function wireProvider(
    plan: ServiceAccountRolePlan,
    issuerUrl: Checked<string>,
    createProvider: boolean,
    parent: pulumi.Resource,
    createdUrl: Checked<string> = issuerUrl,
): { arn: Checked<string>; issuer: Checked<string>; checked: Checked<TrustedProvider> } {
    const providerArn = createProvider
        ? new ClusterOidcProvider(`${plan.name}-oidc`, { issuerUrl: createdUrl, clientIds: [plan.audience], tags: plan.providerTags }, { parent }).arn
        : iam.getOpenIdConnectProviderOutput({ url: issuerUrl }, { parent }).arn;
    const providerIssuer = mapChecked(issuerUrl, issuerOf);
    const checked = mapChecked(combineChecked({ arn: providerArn, issuer: providerIssuer }), (p): TrustedProvider => {
        const parsed = parseOidcProviderArn("oidcProviderArn (found for the issuer)", p.arn);
        if (parsed.issuer !== p.issuer) {
            throw new IrsaArgumentError("oidcProviderArn (found for the issuer)", p.arn, `the provider found is not the issuer's "${p.issuer}".`);
        }
        return p;
    });
    return { arn: providerArn, issuer: providerIssuer, checked };
}
