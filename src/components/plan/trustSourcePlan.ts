import { IrsaArgumentError } from "../../errors";
import { normalizeIssuerUrl, parseOidcProviderArn } from "../../policy/issuer";
import { Checked, combineChecked, mapChecked, notSet } from "../inputs";
import { AddonLocation, locationOfProviderArn } from "./addonsPlan";
import { PlanContext } from "./planContext";
import { PlannedPodIdentity } from "./podIdentityPlan";
import { PlannedTrustPolicy } from "./trustPolicyPlan";

/** Where the trust comes from. */
export type PlannedTrustSource =
    /** An existing provider: its ARN and issuer are known from the argument. */
    | { kind: "providerArn"; arn: Checked<string>; issuer: Checked<string> }
    /** An issuer URL whose provider is looked up or created; the URL waits for the predicted size check. */
    | { kind: "issuerUrl"; issuerUrl: Checked<string>; createProvider: boolean }
    /** A cluster whose issuer is looked up first; `checkIssuer` checks it on arrival. */
    | { kind: "clusterName"; clusterName: Checked<string>; createProvider: boolean };

/** The trust source, and what it tells already: the trust policy and the role's location, for an existing provider. */
export interface PlannedTrust {
    trustSource?: PlannedTrustSource;
    /** The trust policy, when the primary provider's ARN is known from the arguments. */
    trustPolicy?: Checked<string>;
    /** The role's partition and account for the add-ons, when the provider's ARN is known from the arguments. */
    addonLocation?: Checked<AddonLocation>;
}

/** Plans the trust source: `oidcProviderArn`, `issuerUrl` or `clusterName` (none with an adopted role alone). */
export function planTrustSource(context: PlanContext, trust: PlannedTrustPolicy, podIdentity: PlannedPodIdentity | undefined): PlannedTrust {
    const { args, arg, checks, lateMissing } = context;
    const createProvider = args.createOidcProvider === true;
    if (!notSet(args.oidcProviderArn)) {
        const parsed = arg("oidcProviderArn", args.oidcProviderArn, (v) => {
            lateMissing("oidcProviderArn", args.oidcProviderArn)(v);
            if (notSet(v)) {
                throw new IrsaArgumentError("oidcProviderArn", undefined, "the provider's ARN is required.");
            }
            return { arn: v as string, issuer: parseOidcProviderArn("oidcProviderArn", v).issuer };
        });
        return {
            trustSource: { kind: "providerArn", arn: mapChecked(parsed, (p) => p.arn), issuer: mapChecked(parsed, (p) => p.issuer) },
            addonLocation: mapChecked(parsed, (p) => locationOfProviderArn(p.arn)),
            trustPolicy: trust.trustPolicyFor(parsed),
        };
    }
    if (!notSet(args.issuerUrl)) {
        const issuerUrl = arg("issuerUrl", args.issuerUrl, (v) => {
            lateMissing("issuerUrl", args.issuerUrl)(v);
            return normalizeIssuerUrl("issuerUrl", v);
        });
        // The URL the provider is looked up or created with waits for the predicted size, so nothing is created first.
        const checkedUrl = checks.derive("trustPolicySizeLimit", combineChecked({ issuerUrl, parts: trust.parts }), ({ issuerUrl: url, parts }) => {
            trust.predictedPolicy(url, parts);
            return url;
        });
        return { trustSource: { kind: "issuerUrl", issuerUrl: checkedUrl, createProvider } };
    }
    if (!notSet(args.clusterName)) {
        const clusterName = podIdentity?.clusterName ?? arg("clusterName", args.clusterName, (v) => {
            lateMissing("clusterName", args.clusterName)(v);
            if (typeof v !== "string" || v.length === 0) {
                throw new IrsaArgumentError("clusterName", v, "the name of an EKS cluster is a non-empty string.");
            }
            return v as string;
        });
        return { trustSource: { kind: "clusterName", clusterName, createProvider } };
    }
    return {};
}
