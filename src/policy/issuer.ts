import { IrsaArgumentError } from "../errors";

/** The audience (client ID) of EKS projected ServiceAccount tokens, in every partition including China. */
export const DEFAULT_AUDIENCE = "sts.amazonaws.com";

const MAX_ISSUER_URL_LENGTH = 255;

/** The AWS partitions, as they appear in ARNs. An ARN in any other partition names nothing IAM knows. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];
// What IAM and STS compare byte for byte: printable ASCII, without the characters IAM gives a meaning in a policy.
const ISSUER_CHARACTERS = /^[A-Za-z0-9\-._~%!&'()+,;=@:/]*$/;
const OIDC_PROVIDER_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):oidc-provider\/(.+)$/;
// EKS's dual-stack issuer alias: pod tokens carry the oidc.eks... issuer, so a provider for this host never matches.
const DUAL_STACK_ALIAS = /^oidc-eks\.[a-z0-9-]+\.api\.aws(\/|$)/i;

/**
 * Checks an OIDC issuer URL as IAM's CreateOpenIDConnectProvider does, plus the EKS dual-stack alias that IAM
 * accepts but IRSA never matches, and returns it without a trailing slash.
 */
export function normalizeIssuerUrl(argument: string, url: string): string {
    if (typeof url !== "string" || url.length === 0) {
        throw new IrsaArgumentError(argument, url, "an issuer URL is required, e.g. https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE.");
    }
    if (!url.startsWith("https://")) {
        throw new IrsaArgumentError(argument, url, "an OIDC issuer URL must start with https:// (copy the cluster's \"OpenID Connect provider URL\").");
    }
    if (url.length > MAX_ISSUER_URL_LENGTH) {
        throw new IrsaArgumentError(argument, url, `an OIDC issuer URL has at most ${MAX_ISSUER_URL_LENGTH} characters; this one has ${url.length}.`);
    }
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new IrsaArgumentError(argument, url, "this is not a valid URL.");
    }
    if (parsed.search !== "" || parsed.hash !== "" || url.includes("?") || url.includes("#")) {
        throw new IrsaArgumentError(argument, url, "an OIDC issuer URL may not contain a query or a fragment.");
    }
    if (parsed.port !== "" || /^https:\/\/[^/]*:/.test(url)) {
        throw new IrsaArgumentError(argument, url, "an OIDC issuer URL may not contain a port.");
    }
    if (parsed.username !== "" || parsed.password !== "") {
        throw new IrsaArgumentError(argument, url, "an OIDC issuer URL may not contain credentials.");
    }
    if (!ISSUER_CHARACTERS.test(url)) {
        throw new IrsaArgumentError(
            argument,
            url,
            "an issuer URL has only ASCII letters, digits and URL punctuation: no white space, control characters, look-alike Unicode, " +
                "policy variables (${...}) or wildcards (* and ?), which IAM would not read as the issuer's own characters.",
        );
    }
    // One trailing slash, as the console shows some issuers, is dropped; anything else must already be canonical.
    const normalized = url.endsWith("/") ? url.slice(0, -1) : url;
    checkCanonicalIssuer(argument, url, normalized.slice("https://".length));
    checkNotDualStackAlias(argument, url, normalized.slice("https://".length));
    return normalized;
}

/** The issuer without `https://`: the prefix of the trust policy's condition keys and of the provider ARN's resource. */
export function issuerOf(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/** The parts of an IAM OIDC provider ARN. */
export interface ParsedOidcProviderArn {
    partition: string;
    accountId: string;
    /** The issuer without `https://`, e.g. `oidc.eks.eu-west-3.amazonaws.com/id/ABC`. */
    issuer: string;
}

/** Parses `arn:<partition>:iam::<account>:oidc-provider/<issuer>`, naming the argument when it is not one. */
export function parseOidcProviderArn(argument: string, arn: string): ParsedOidcProviderArn {
    const match = typeof arn === "string" ? OIDC_PROVIDER_ARN.exec(arn) : null;
    if (!match) {
        throw new IrsaArgumentError(
            argument,
            arn,
            "an IAM OIDC provider ARN has the form arn:aws:iam::<12-digit account>:oidc-provider/<issuer without https://>, " +
                "e.g. the arn output of ClusterOidcProvider or @pulumi/eks' cluster.oidcProviderArn.",
        );
    }
    const [, partition, accountId, issuer] = match;
    if (!PARTITIONS.includes(partition)) {
        throw new IrsaArgumentError(argument, arn, `the partition of an ARN is one of ${PARTITIONS.join(", ")}.`);
    }
    if (issuer.startsWith("https://") || !ISSUER_CHARACTERS.test(issuer) || issuer.includes(":")) {
        throw new IrsaArgumentError(
            argument,
            arn,
            "the issuer part of an OIDC provider ARN is a host and path of ASCII letters, digits and URL punctuation, without https://, a port, " +
                "a query, white space, policy variables (${...}) or wildcards (* and ?).",
        );
    }
    checkCanonicalIssuer(argument, arn, issuer);
    checkNotDualStackAlias(argument, arn, issuer);
    return { partition, accountId, issuer };
}

/** The ARN IAM gives the provider of an issuer in an account. */
export function oidcProviderArn(partition: string, accountId: string, issuer: string): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${issuer}`;
}

/**
 * The issuer exactly as EKS writes it into tokens: a host without a trailing dot and a path without a trailing or
 * doubled slash. IAM compares the provider's issuer and the condition keys byte for byte, so another spelling of the
 * same URL trusts no token.
 */
function checkCanonicalIssuer(argument: string, value: string, issuer: string): void {
    const host = issuer.split("/")[0];
    // The condition keys are `<issuer>:sub`: a colon in the issuer makes them ambiguous, and an issuer whose host is not a
    // dotted DNS name is not read as an issuer in a key (policyModel's claimKey), so no trust eks-irsa writes would be read back.
    if (issuer.includes(":") || !host.includes(".")) {
        throw new IrsaArgumentError(
            argument,
            value,
            "an issuer is a DNS host name with at least one dot and a path, without a colon (the trust policy's keys are <issuer>:sub and " +
                "<issuer>:aud), e.g. oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE.",
        );
    }
    if (host.length === 0 || host.endsWith(".") || host.startsWith(".") || host.includes("..") || issuer.endsWith("/") || issuer.includes("//")) {
        throw new IrsaArgumentError(
            argument,
            value,
            "the issuer is written as EKS writes it into tokens: a host without a leading or trailing dot, and a path without a trailing or doubled slash.",
        );
    }
}

/**
 * The partition of an issuer's provider ARN, where the issuer's host tells it (EKS issuers in China and GovCloud), else
 * `aws`. Only the ARN's length depends on it before the ARN is known.
 */
export function partitionOfIssuerHost(issuer: string): string {
    const host = issuerOf(issuer).split("/")[0];
    if (host.endsWith(".amazonaws.com.cn")) {
        return "aws-cn";
    }
    return /^oidc\.eks\.us-gov-/.test(host) ? "aws-us-gov" : "aws";
}

function checkNotDualStackAlias(argument: string, value: string, issuer: string): void {
    if (DUAL_STACK_ALIAS.test(issuer)) {
        throw new IrsaArgumentError(
            argument,
            value,
            "this is EKS's dual-stack issuer alias (oidc-eks.<region>.api.aws); pod tokens carry the oidc.eks.<region>.amazonaws.com " +
                "issuer, so a role trusting this one can never be assumed. Use the cluster's oidc.eks... issuer URL.",
        );
    }
}

const LENIENT_OIDC_PROVIDER_ARN = /^arn:[^:\s]+:iam::[^:\s]*:oidc-provider\/(\S+)$/;

/**
 * The issuer (host and path) of a value shaped like an IAM OIDC provider ARN, in any partition and with any account,
 * placeholders such as `yyyyyyy` included, or undefined when it is not one. For reading policies as IAM would, where a
 * Federated principal is matched as written; arguments are checked with {@link parseOidcProviderArn}.
 */
export function issuerOfProviderArnLenient(arn: string): string | undefined {
    return typeof arn === "string" ? LENIENT_OIDC_PROVIDER_ARN.exec(arn)?.[1] : undefined;
}
