import * as pulumi from "@pulumi/pulumi";
import { WorkloadIdentity } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { issuerOf, normalizeIssuerUrl, oidcProviderArn, parseOidcProviderArn, partitionOfIssuerHost } from "../../policy/issuer";
import {
    buildPodIdentityStatements,
    buildWorkloadTrustPolicy,
    checkClusterArnMatchesName,
    checkPodIdentityRoleAccount,
    eksClusterArn,
    renderWorkloadTrustPolicy,
} from "../../policy/podIdentityTrust";
import * as rules from "../../policy/rules";
import { buildTrustPolicy, checkTrustPolicySize, DEFAULT_TRUST_POLICY_SIZE_LIMIT, renderTrustPolicy, TrustedProvider, TrustedSubject } from "../../policy/trustPolicy";
import { Checked, checkType, combineChecked, notSet } from "../inputs";
import { PlanContext } from "./planContext";
import { PlannedPodIdentity } from "./podIdentityPlan";
import { PlannedSubjects } from "./subjectsPlan";

/** The trust policy's own arguments: the account's size quota and more clusters' providers. */
export interface TrustInputs {
    trustPolicySizeLimit: Checked<number>;
    additionalProviders: Checked<(TrustedProvider & { partition: string })[]>;
}

/** The checked values a trust policy is made of. */
export interface TrustParts {
    additionalProviders: (TrustedProvider & { partition: string })[];
    subjects: TrustedSubject[];
    audience: string;
    trustPolicySizeLimit: number;
    pod: { clusterName?: string; adoptedRoleArn?: string };
}

/** The trust policy, as functions of what the wiring finds: the primary provider, and the cluster's ARN. */
export interface PlannedTrustPolicy {
    /** Every value the policy is made of, combined: plain when they all are. */
    parts: Checked<TrustParts>;
    /** The trust policy for a primary provider (undefined with PodIdentity and clusterName alone) and a cluster's ARN. */
    trustPolicyFor: (primary: Checked<TrustedProvider> | undefined, clusterArn?: Checked<string>) => Checked<string>;
    /** The size of a policy whose primary ARN is not known yet: its length is, from the issuer and a 12-digit account. */
    predictedPolicy: (issuerUrl: string, parts: TrustParts) => string;
    /** Checks an issuer URL found by a look-up (clusterName): the same rules, and the trust policy's predicted size. */
    checkIssuer: (argument: string, issuerUrl: string) => string;
    /**
     * A looked-up issuer that waits, when the policy's parts are late, for them and the predicted size (as issuerUrl's
     * URL does), so that no OIDC provider is created for a role whose late arguments fail their checks.
     */
    issuerAfterParts: (issuerUrl: Checked<string>) => Checked<string>;
}

/** Plans `trustPolicySizeLimit` and `additionalOidcProviderArns`. */
export function planTrustInputs(context: PlanContext): TrustInputs {
    const { args, arg, lateMissing } = context;
    const trustPolicySizeLimit = notSet(args.trustPolicySizeLimit)
        ? DEFAULT_TRUST_POLICY_SIZE_LIMIT
        : arg("trustPolicySizeLimit", args.trustPolicySizeLimit, (v) => {
              rules.checkPositiveInteger("trustPolicySizeLimit", v);
              return v as number;
          });
    const additionalProviders = notSet(args.additionalOidcProviderArns)
        ? []
        : arg("additionalOidcProviderArns", args.additionalOidcProviderArns, (arns) => {
              lateMissing("additionalOidcProviderArns", args.additionalOidcProviderArns)(arns);
              return (arns as unknown[]).map((arn, i): TrustedProvider & { partition: string } => {
                  checkType(`additionalOidcProviderArns[${i}]`, arn, "string");
                  const parsed = parseOidcProviderArn(`additionalOidcProviderArns[${i}]`, arn as string);
                  return { arn: arn as string, issuer: parsed.issuer, partition: parsed.partition };
              });
          });
    return { trustPolicySizeLimit, additionalProviders };
}

/**
 * Plans the trust policy: IRSA's statements, Pod Identity's, or both (identity Both), each checked, and the whole within
 * the size quota. Checks nothing yet: the checks run when the wiring (or the trust source) asks for the policy.
 */
export function planTrustPolicy(
    context: PlanContext,
    subjects: PlannedSubjects,
    inputs: TrustInputs,
    podIdentity: PlannedPodIdentity | undefined,
    adoptedRoleArn: Checked<string> | undefined,
): PlannedTrustPolicy {
    const { checks, identity } = context;
    const podParts: Checked<{ clusterName?: string; adoptedRoleArn?: string }> = combineChecked({ clusterName: podIdentity?.clusterName, adoptedRoleArn });
    const parts = combineChecked({
        additionalProviders: inputs.additionalProviders,
        subjects: subjects.subjects,
        audience: subjects.audience,
        trustPolicySizeLimit: inputs.trustPolicySizeLimit,
        pod: podParts,
    });
    const trustPolicyFor = (primary: Checked<TrustedProvider> | undefined, clusterArn?: Checked<string>) =>
        checks.derive("trustPolicySizeLimit", combineChecked({ primary, clusterArn, parts }), ({ primary: p, clusterArn: c, parts: resolved }) =>
            workloadTrustPolicy(identity, podIdentity, p, c, resolved),
        );
    const predictedPolicy = (issuerUrl: string, resolved: TrustParts) => predictedTrustPolicy(identity, podIdentity, issuerUrl, resolved);
    const checkIssuer = (argument: string, url: string) => {
        const normalized = normalizeIssuerUrl(argument, url);
        if (!pulumi.Output.isInstance(parts)) {
            predictedPolicy(normalized, parts as any);
        }
        return normalized;
    };
    const issuerAfterParts = (issuerUrl: Checked<string>): Checked<string> => {
        if (!pulumi.Output.isInstance(parts) || !pulumi.Output.isInstance(issuerUrl)) {
            return issuerUrl;
        }
        const checked = checks.derive("trustPolicySizeLimit", combineChecked({ issuerUrl, parts }), ({ issuerUrl: url, parts: resolved }) => {
            predictedPolicy(url, resolved);
            return url;
        }) as pulumi.Output<string>;
        // The URL once the parts have passed, with its own knownness and secrecy: the parts' secrets are not the URL's.
        const passed: Promise<unknown> = (checked as any).promise(true);
        const o = issuerUrl as any;
        const after = <V>(p: () => Promise<V>) => passed.then(p);
        return new (pulumi.Output as any)(o.resources(), after(() => o.promise(true)), after(() => o.isKnown), after(() => o.isSecret), after(() => o.allResources()));
    };
    return { parts, trustPolicyFor, predictedPolicy, checkIssuer, issuerAfterParts };
}

/** The whole trust policy: IRSA's statements unless identity PodIdentity, and Pod Identity's with a cluster's ARN. */
function workloadTrustPolicy(
    identity: WorkloadIdentity,
    podIdentity: PlannedPodIdentity | undefined,
    primary: TrustedProvider | undefined,
    clusterArn: string | undefined,
    parts: TrustParts,
): string {
    const irsa = identity === WorkloadIdentity.PodIdentity ? undefined : trustPolicyOf(primary!, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
    if (podIdentity === undefined) {
        return irsa!;
    }
    const arn = clusterArn ?? clusterArnOf(primary!, parts.pod.clusterName!);
    checkClusterArnMatchesName(parts.pod.clusterName!, arn);
    if (parts.pod.adoptedRoleArn !== undefined) {
        checkPodIdentityRoleAccount("roleArn", parts.pod.adoptedRoleArn, arn);
    }
    const statements = buildPodIdentityStatements([arn], podIdentity.subjects, !podIdentity.disableSessionTags);
    const document = buildWorkloadTrustPolicy(identity, irsa === undefined ? undefined : JSON.parse(irsa), statements);
    const policy = renderWorkloadTrustPolicy(document);
    checkTrustPolicySize(policy, parts.trustPolicySizeLimit);
    return policy;
}

/** The trust policy for a primary provider not known yet, to check its size: its length is known, from the issuer and a 12-digit account. */
function predictedTrustPolicy(identity: WorkloadIdentity, podIdentity: PlannedPodIdentity | undefined, issuerUrl: string, parts: TrustParts): string {
    const issuer = issuerOf(issuerUrl);
    // Where another provider is given, the primary must share its partition; else the issuer's host tells it.
    const partition = parts.additionalProviders[0]?.partition ?? partitionOfIssuerHost(issuer);
    const placeholder = oidcProviderArn(partition, "000000000000", issuer);
    const region = regionOfEksIssuer(issuer);
    // The cluster's ARN has the provider's partition and account, so a placeholder account gives its length.
    const clusterArn = podIdentity !== undefined && region !== undefined ? eksClusterArn(partition, region, "000000000000", parts.pod.clusterName!) : undefined;
    if (podIdentity !== undefined && clusterArn === undefined) {
        return trustPolicyOf({ arn: placeholder, issuer }, parts.additionalProviders, parts.subjects, parts.audience, parts.trustPolicySizeLimit);
    }
    // An adopted role's account is checked against the real cluster ARN later.
    return workloadTrustPolicy(identity, podIdentity, { arn: placeholder, issuer }, clusterArn, { ...parts, pod: { clusterName: parts.pod.clusterName } });
}

/**
 * The trust policy as sent to IAM, checked: every provider in one partition (a role lives in one, and a provider in
 * another is never found) and the whole within the `ACLSizePerRole` quota.
 */
export function trustPolicyOf(primary: TrustedProvider, additional: TrustedProvider[], subjects: TrustedSubject[], audience: string, limit: number): string {
    const partition = primary.arn.split(":")[1];
    additional.forEach((provider, i) => {
        if (provider.arn.split(":")[1] !== partition) {
            throw new IrsaArgumentError(
                `additionalOidcProviderArns[${i}]`,
                provider.arn,
                `every provider a role trusts is in the role's partition, here "${partition}" (the primary provider's); a provider in another partition can never be used.`,
            );
        }
    });
    const policy = renderTrustPolicy(buildTrustPolicy([primary, ...additional], subjects, audience));
    checkTrustPolicySize(policy, limit);
    return policy;
}

const EKS_ISSUER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//;

/** The region of an EKS issuer (`oidc.eks.<region>.amazonaws.com/id/<ID>`); undefined for another issuer. */
function regionOfEksIssuer(issuer: string): string | undefined {
    return EKS_ISSUER.exec(issuer)?.[1];
}

/**
 * The ARN of cluster `clusterName` as the Pod Identity trust names it, derived from the IRSA provider the role trusts:
 * its partition and account (the role's, which an association requires to be the cluster's) and the region of its EKS
 * issuer. Refused for an issuer that is not EKS's, whose region cannot be known.
 */
function clusterArnOf(primary: TrustedProvider, clusterName: string): string {
    const parsed = parseOidcProviderArn("oidcProviderArn", primary.arn);
    const region = regionOfEksIssuer(parsed.issuer);
    if (region === undefined) {
        throw new IrsaArgumentError(
            "clusterName",
            clusterName,
            `the Pod Identity trust names the cluster by its ARN, whose region comes from the EKS issuer, and "${parsed.issuer}" is not one ` +
                "(oidc.eks.<region>.amazonaws.com/id/<ID>). Pass clusterName alone, so that the cluster is looked up with aws.eks.getCluster.",
        );
    }
    return eksClusterArn(parsed.partition, region, parsed.accountId, clusterName);
}
