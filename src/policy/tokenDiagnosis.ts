/**
 * Diagnoses a projected ServiceAccount token offline: "why does my pod get AccessDenied on
 * AssumeRoleWithWebIdentity?". It checks what STS checks before and while it reads the trust policy (the signature
 * against the cluster's JWKS when one is given, `exp`, `nbf`, the issuer's provider, then the trust policy for exactly
 * the token's `sub` and `aud`, through the one policy model) and names the first thing that fails.
 *
 * The token is a secret: nothing here returns or quotes its signature or its encoded parts, only decoded claims.
 */
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, JSONWebKeySet, JWTPayload, ProtectedHeaderParameters } from "jose";
import { issuerOf, oidcProviderArn } from "./issuer";
import { parsePolicy, PolicyEffect, PolicyModel, providerIssuer } from "./policyModel";
import { evaluateTrustPolicy, StatementOutcome, StatementPart, TrustDecision } from "./trustPolicyEvaluator";

/** The token or the JWKS cannot be read at all (not a JWT, not JSON): bad input rather than a verdict. */
export class TokenInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TokenInputError";
    }
}

/** The signature algorithms STS accepts for OIDC tokens (IAM User Guide, "Create an OpenID Connect identity provider"). */
export const STS_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/**
 * How far past `exp` (or before `nbf`) a token is still judged on its trust, with the clock named as a warning rather
 * than the verdict. AWS does not document STS's clock tolerance for web identity tokens; 5 minutes is the window AWS
 * documents for its own request timestamps (Signature Version 4: a request must reach AWS within five minutes of its
 * time stamp) and the usual JWT clock skew allowance (Kerberos's default, Microsoft.IdentityModel's ClockSkew), and a
 * machine running explain may itself be that far from STS's clock. Beyond it, the token is reported denied.
 */
export const CLOCK_TOLERANCE_SECONDS = 300;

/** Far above a Kubernetes token (about 1 KiB); a bigger file is not one. */
export const MAX_TOKEN_BYTES = 64 * 1024;

/** What one check found: passed, failed, or not checked (and why). */
export interface TokenCheck {
    /** `signature`, `exp`, `nbf`, `iss`, `sub`, `aud` or `trust`. */
    check: "signature" | "exp" | "nbf" | "iss" | "sub" | "aud" | "trust";
    /** True passed, false failed, undefined not checked or not decided (`exp`/`nbf` within {@link CLOCK_TOLERANCE_SECONDS}). */
    ok?: boolean;
    /** One sentence: what was found. */
    detail: string;
}

/** The token's decoded header and claims that matter to STS. Never its signature. */
export interface TokenClaims {
    alg: string;
    kid?: string;
    iss?: string;
    sub?: string;
    /** `aud` as a list (a string claim becomes one element); empty when absent. */
    aud: string[];
    exp?: number;
    nbf?: number;
    iat?: number;
}

/** The answer of {@link diagnoseToken}. */
export interface TokenDiagnosis {
    /**
     * True when no check failed and the trust allows the token: STS would let it assume the role. The signature may be
     * unchecked, and `exp` or `nbf` may be within {@link CLOCK_TOLERANCE_SECONDS} of now (see `checks`): then STS may refuse it.
     */
    allowed: boolean;
    /** One line: what fails first, or why it is allowed. */
    verdict: string;
    claims: TokenClaims;
    /** In the order STS meets them: signature, exp, nbf, iss, then sub and aud as the trust policy reads them, then trust. */
    checks: TokenCheck[];
    /** The IAM OIDC provider the token arrives through: the policy's provider for the token's issuer. */
    providerArn?: string;
    /** The trust policy's decision for the token's claims, when the token got that far. */
    decision?: TrustDecision;
}

/** What {@link diagnoseToken} reads. */
export interface TokenQuestion {
    /** The token as a pod mounts it (a compact JWS); surrounding white space is ignored. */
    token: string;
    /** The cluster's JSON Web Key Set (`kubectl get --raw /openid/v1/jwks`), as JSON text or parsed. Default: the signature is not checked. */
    jwks?: string | object;
    /** The role's trust policy, as JSON text or parsed. */
    policy: string | object;
    /** The time to judge `exp` and `nbf` at. Default: now. */
    now?: Date;
}

/**
 * Checks a token as STS would for `sts:AssumeRoleWithWebIdentity` on a role with the given trust policy.
 *
 * @throws TokenInputError when the token is not a JWT or the JWKS is not a key set.
 * @throws InvalidPolicyError or UnsupportedPolicyError when the policy cannot be read by the policy model.
 */
export async function diagnoseToken(question: TokenQuestion): Promise<TokenDiagnosis> {
    const model = parsePolicy(question.policy);
    const token = question.token.trim();
    const claims = decodeToken(token);
    const now = Math.floor((question.now ?? new Date()).getTime() / 1000);
    const checks: TokenCheck[] = [await checkSignature(token, claims, question.jwks), checkExpiry(claims, now), checkNotBefore(claims, now)];
    const provider = findProvider(model, claims);
    checks.push(provider.check);
    let decision: TrustDecision | undefined;
    if (provider.providerArn !== undefined && claims.sub !== undefined) {
        decision = evaluateTrustPolicy(question.policy, {
            providerArn: provider.providerArn,
            subject: claims.sub,
            audience: claims.aud,
            issuer: claims.iss,
        });
        checks.push(...trustChecks(decision, claims));
    } else if (claims.sub === undefined) {
        checks.push({ check: "sub", ok: false, detail: "the token has no sub claim; STS needs it to match the trust policy" });
    }
    const failed = checks.filter((c) => c.ok === false);
    const allowed = failed.length === 0 && decision?.allowed === true;
    const unchecked = checks.filter((c) => c.ok === undefined).map((c) => `${c.check} ${c.detail}`);
    const verdict = allowed
        ? `allowed: ${decision!.reason}${unchecked.length > 0 ? ` (${unchecked.join("; ")})` : ""}`
        : `denied: ${failed.map((c) => c.detail).join("; ")}`;
    return { allowed, verdict, claims, checks, providerArn: provider.providerArn, decision };
}

/** The header and claims, or a TokenInputError that quotes nothing of the token. */
function decodeToken(token: string): TokenClaims {
    if (token.length === 0) {
        throw new TokenInputError("the token is empty; give the file a pod mounts (AWS_WEB_IDENTITY_TOKEN_FILE).");
    }
    if (Buffer.byteLength(token, "utf8") > MAX_TOKEN_BYTES) {
        throw new TokenInputError(`the token is larger than ${MAX_TOKEN_BYTES} bytes; a ServiceAccount token is about 1 KiB.`);
    }
    const parts = token.split(".");
    if (parts.length !== 3) {
        throw new TokenInputError(
            `the token is not a signed JWT: it has ${parts.length} part${parts.length === 1 ? "" : "s"} separated by dots, a signed JWT has 3 (header.payload.signature).`,
        );
    }
    let header: ProtectedHeaderParameters;
    let payload: JWTPayload;
    try {
        header = decodeProtectedHeader(token);
    } catch {
        throw new TokenInputError("the token's header (its first part) is not base64url-encoded JSON.");
    }
    try {
        payload = decodeJwt(token);
    } catch {
        throw new TokenInputError("the token's payload (its second part) is not a base64url-encoded JSON object.");
    }
    const aud = payload.aud === undefined ? [] : [payload.aud].flat();
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const num = (value: unknown) => (typeof value === "number" ? value : undefined);
    return {
        alg: String(header.alg),
        ...(text(header.kid) !== undefined && { kid: text(header.kid) }),
        ...(text(payload.iss) !== undefined && { iss: text(payload.iss) }),
        ...(text(payload.sub) !== undefined && { sub: text(payload.sub) }),
        aud: aud.filter((a): a is string => typeof a === "string"),
        ...(num(payload.exp) !== undefined && { exp: num(payload.exp) }),
        ...(num(payload.nbf) !== undefined && { nbf: num(payload.nbf) }),
        ...(num(payload.iat) !== undefined && { iat: num(payload.iat) }),
    };
}

async function checkSignature(token: string, claims: TokenClaims, jwks: string | object | undefined): Promise<TokenCheck> {
    if (claims.alg === "none") {
        return { check: "signature", ok: false, detail: `the token is unsigned (alg none); STS accepts only ${STS_TOKEN_ALGORITHMS.join(", ")}` };
    }
    if (!STS_TOKEN_ALGORITHMS.includes(claims.alg)) {
        return { check: "signature", ok: false, detail: `the token is signed with ${claims.alg}; STS accepts only ${STS_TOKEN_ALGORITHMS.join(", ")}` };
    }
    if (jwks === undefined) {
        return { check: "signature", detail: "not checked: no --jwks (kubectl get --raw /openid/v1/jwks)" };
    }
    const keySet = readKeySet(jwks);
    const kid = claims.kid === undefined ? "no kid" : `kid ${claims.kid}`;
    try {
        await compactVerify(token, createLocalJWKSet(keySet), { algorithms: STS_TOKEN_ALGORITHMS });
        return { check: "signature", ok: true, detail: `verified with the JWKS key for ${kid} (${claims.alg})` };
    } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey) {
            const kids = keySet.keys.map((k) => k.kid ?? "(no kid)");
            return {
                check: "signature",
                ok: false,
                detail: `the JWKS has no ${claims.alg} key for the token's ${kid} (its keys: ${kids.length === 0 ? "none" : kids.join(", ")}); is it the cluster's that signed the token?`,
            };
        }
        if (error instanceof errors.JWSSignatureVerificationFailed) {
            return { check: "signature", ok: false, detail: `the signature does not verify with the JWKS key for ${kid}: the token was altered or signed by another key` };
        }
        if (error instanceof errors.JWKSMultipleMatchingKeys) {
            return { check: "signature", ok: false, detail: `the JWKS has several keys for the token's ${kid} and none verifies it` };
        }
        return { check: "signature", ok: false, detail: `the signature cannot be verified: ${(error as Error).message}` };
    }
}

function readKeySet(jwks: string | object): JSONWebKeySet {
    let value: unknown = jwks;
    if (typeof jwks === "string") {
        try {
            value = JSON.parse(jwks);
        } catch (error) {
            throw new TokenInputError(`the JWKS is not JSON (${(error as Error).message}); give the output of kubectl get --raw /openid/v1/jwks.`);
        }
    }
    const keys = (value as { keys?: unknown })?.keys;
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== "object" || k === null || Array.isArray(k))) {
        throw new TokenInputError('the JWKS is not a JSON Web Key Set: it needs a "keys" list of key objects, as kubectl get --raw /openid/v1/jwks prints.');
    }
    return value as JSONWebKeySet;
}

function checkExpiry(claims: TokenClaims, now: number): TokenCheck {
    if (claims.exp === undefined) {
        return { check: "exp", ok: false, detail: "the token has no exp claim; STS refuses a token that never expires" };
    }
    if (claims.exp <= now) {
        const late = `token expired ${duration(now - claims.exp)} ago (exp ${isoTime(claims.exp)})`;
        return now - claims.exp <= CLOCK_TOLERANCE_SECONDS ? withinTolerance("exp", late) : { check: "exp", ok: false, detail: late };
    }
    return { check: "exp", ok: true, detail: `expires in ${duration(claims.exp - now)} (exp ${isoTime(claims.exp)})` };
}

function checkNotBefore(claims: TokenClaims, now: number): TokenCheck {
    if (claims.nbf === undefined) {
        return { check: "nbf", ok: true, detail: "no nbf claim" };
    }
    if (claims.nbf > now) {
        const early = `token is not valid for another ${duration(claims.nbf - now)} (nbf ${isoTime(claims.nbf)})`;
        return claims.nbf - now <= CLOCK_TOLERANCE_SECONDS ? withinTolerance("nbf", early) : { check: "nbf", ok: false, detail: early };
    }
    return { check: "nbf", ok: true, detail: `valid since ${isoTime(claims.nbf)}` };
}

/**
 * A clock judgment too close to call: STS's clock tolerance is not documented, so a verdict of "denied" here could
 * report less access than STS grants. The check decides nothing (ok undefined) and the trust is judged as if it passed.
 */
function withinTolerance(check: "exp" | "nbf", detail: string): TokenCheck {
    return {
        check,
        ok: undefined,
        detail: `${detail}, within ${duration(CLOCK_TOLERANCE_SECONDS)} of this machine's clock: STS may or may not accept it (its clock tolerance is not documented), so the trust is judged as if it did`,
    };
}

/**
 * The provider the token arrives through: STS finds the account's IAM OIDC provider by the token's `iss`. The policy
 * names the providers it trusts; with a `Principal: "*"` statement any provider of the account may do, so the token's
 * issuer is taken as one of the account's (the verdict then depends on that provider existing).
 */
function findProvider(model: PolicyModel, claims: TokenClaims): { providerArn?: string; check: TokenCheck } {
    if (claims.iss === undefined) {
        return { check: { check: "iss", ok: false, detail: "the token has no iss claim; STS finds the OIDC provider by it" } };
    }
    if (!claims.iss.startsWith("https://")) {
        return { check: { check: "iss", ok: false, detail: `issuer ${claims.iss} is not an https URL; STS accepts only https issuers` } };
    }
    const issuer = issuerOf(claims.iss);
    const providers = [...new Set(model.statements.flatMap((s) => s.federated.filter((arn) => providerIssuer(arn) !== undefined)))];
    const trusted = providers.find((arn) => providerIssuer(arn) === issuer);
    if (trusted !== undefined) {
        return { providerArn: trusted, check: { check: "iss", ok: true, detail: `issuer ${issuer} is the provider ${trusted}` } };
    }
    if (model.statements.some((s) => s.anyPrincipal)) {
        const account = providers.length > 0 ? providers[0].split(":")[4] : "123456789012";
        const arn = oidcProviderArn("aws", account, issuer);
        return { providerArn: arn, check: { check: "iss", ok: true, detail: `issuer ${issuer}: a Principal "*" statement may trust it, if the account has an OIDC provider for it` } };
    }
    const names = providers.map((arn) => providerIssuer(arn)).join(", ");
    return {
        check: { check: "iss", ok: false, detail: `issuer ${issuer} is not the provider this role trusts (${names.length > 0 ? names : "it trusts no OIDC provider"})` },
    };
}

/**
 * The trust policy's verdict, split into what the user asks about: the closest Allow statement's failing condition on
 * `sub` or `aud` (the first one that gets past the principal), or the explicit Deny that matched.
 */
function trustChecks(decision: TrustDecision, claims: TokenClaims): TokenCheck[] {
    if (decision.allowed) {
        return [{ check: "trust", ok: true, detail: decision.reason }];
    }
    const closest = decision.statements.find((o) => o.effect === PolicyEffect.Allow && o.failure !== undefined && o.failure.part !== StatementPart.Principal);
    const failure = closest?.failure;
    if (decision.matchedStatement === undefined && closest !== undefined && failure?.part === StatementPart.Condition) {
        const claim = failure.key.toLowerCase().endsWith(":aud") ? "aud" : failure.key.toLowerCase().endsWith(":sub") ? "sub" : undefined;
        if (claim !== undefined) {
            const actual = claim === "sub" ? claims.sub : claims.aud.length === 0 ? "absent" : claims.aud.join(", ");
            const admitted = failure.expected.map((value) => (claim === "sub" ? value.replace(/^system:serviceaccount:/, "") : value)).join(", ");
            const negated = /Not/.test(failure.operator);
            // IAM never matches a key with several values (two audiences) without a set operator, whatever the values.
            const multivalued =
                (failure.actual?.length ?? 0) > 1 && !/^For(All|Any)Values?:/.test(failure.operator)
                    ? `; ${failure.operator} without ForAnyValue: or ForAllValues: never matches a claim with several values`
                    : "";
            return [
                {
                    check: claim,
                    ok: false,
                    detail:
                        `${claim} is ${actual}; the trust ${negated ? "excludes" : "admits only"} ${admitted} ` +
                        `(${statementLabel(closest)}, ${failure.operator} ${failure.key})${multivalued}`,
                },
            ];
        }
    }
    return [{ check: "trust", ok: false, detail: decision.reason.replace(/\.$/, "") }];
}

function statementLabel(outcome: StatementOutcome): string {
    return outcome.sid === undefined ? `statement ${outcome.index}` : `statement ${outcome.index} "${outcome.sid}"`;
}

/** "42 s", "12 min", "3 h 5 min", "2 days". */
export function duration(seconds: number): string {
    if (seconds < 60) {
        return `${seconds} s`;
    }
    if (seconds < 3600) {
        return `${Math.floor(seconds / 60)} min`;
    }
    if (seconds < 2 * 86400) {
        const minutes = Math.floor((seconds % 3600) / 60);
        return `${Math.floor(seconds / 3600)} h${minutes > 0 ? ` ${minutes} min` : ""}`;
    }
    return `${Math.floor(seconds / 86400)} days`;
}

function isoTime(seconds: number): string {
    return Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12 ? new Date(seconds * 1000).toISOString() : String(seconds);
}
