import { IrsaArgumentError } from "../errors";

/** The audience (client ID) of EKS projected ServiceAccount tokens, in every partition including China. */
export const DEFAULT_AUDIENCE = "sts.amazonaws.com";

const MAX_ISSUER_URL_LENGTH = 255;
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
    const normalized = url.replace(/\/+$/, "");
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
    if (issuer.startsWith("https://") || /\s/.test(issuer) || issuer.includes("?") || issuer.includes(":")) {
        throw new IrsaArgumentError(argument, arn, "the issuer part of an OIDC provider ARN is a host and path, without https://, a port or a query.");
    }
    checkNotDualStackAlias(argument, arn, issuer);
    return { partition, accountId, issuer };
}

/** The ARN IAM gives the provider of an issuer in an account. */
export function oidcProviderArn(partition: string, accountId: string, issuer: string): string {
    return `arn:${partition}:iam::${accountId}:oidc-provider/${issuer}`;
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
