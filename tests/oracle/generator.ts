/**
 * Seeded generator of trust-policy cases for the oracle tests: policies shaped like those eks-irsa and the
 * Qovery tutorial produce, mutated with every supported IAM feature, each paired with a token.
 *
 * The generator only writes features evaluateTrustPolicy supports, so an UnsupportedPolicyError on a
 * generated case is a bug of the generator or of the evaluator.
 */
import type { WebIdentityRequest } from "../../src/policy/trustPolicyEvaluator";

/** One question for both the evaluator and iam-simulate. */
export interface OracleCase {
    /** Unique, readable description of the case. */
    name: string;
    /** The trust policy document. */
    policy: object;
    /** The token and the provider it arrives through. */
    request: WebIdentityRequest;
}

/** The seed `tests/oracle.spec.ts` uses unless `EKS_IRSA_ORACLE_SEED` is set. */
export const DEFAULT_ORACLE_SEED = 20251129;

/** The audience of EKS projected tokens and of the IAM OIDC provider's client ID. */
const STS_AUDIENCE = "sts.amazonaws.com";
const ACTION = "sts:AssumeRoleWithWebIdentity";

/**
 * mulberry32: a tiny, fast 32-bit PRNG, enough to make test cases reproducible from a seed.
 *
 * @param seed any 32-bit integer.
 * @returns a function returning floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** An EKS cluster's IAM OIDC provider. */
interface Provider {
    arn: string;
    /** The issuer without `https://`, which starts the condition keys. */
    hostPath: string;
}

/** A token as STS sees it, plus what the generator knows about its namespace and ServiceAccount. */
interface Token {
    provider: Provider;
    namespace: string;
    serviceAccount: string;
    subject: string;
    audience: string | string[];
}

interface ConditionEntry {
    operator: string;
    key: string;
    values: string[];
    label: string;
}

class Random {
    private readonly next: () => number;

    constructor(seed: number) {
        this.next = mulberry32(seed);
    }

    chance(probability: number): boolean {
        return this.next() < probability;
    }

    int(below: number): number {
        return Math.floor(this.next() * below);
    }

    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)];
    }

    hex(length: number): string {
        return Array.from({ length }, () => "0123456789abcdef"[this.int(16)]).join("");
    }
}

const REGIONS = ["eu-west-3", "us-east-2", "ap-southeast-1", "eu-central-1"];
const ACCOUNTS = ["123456789012", "210987654321"];
const ORDINARY_NAMESPACES = ["default", "payments", "kube-system", "zeta-tools", "team-a", "z1"];
const SERVICE_ACCOUNTS = ["my-s3-role", "app", "worker-sa", "default", "s3-reader", "api.v2"];
const OTHER_AUDIENCES = ["https://kubernetes.default.svc", "STS.amazonaws.com", "sts.amazonaws.com.cn", "vault"];

function subjectOf(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

function makeProvider(random: Random): Provider {
    if (random.chance(0.08)) {
        const hostPath = `oidc.eks.cn-north-1.amazonaws.com.cn/id/${random.hex(32).toUpperCase()}`;
        return { hostPath, arn: `arn:aws-cn:iam::${random.pick(ACCOUNTS)}:oidc-provider/${hostPath}` };
    }
    const hostPath = `oidc.eks.${random.pick(REGIONS)}.amazonaws.com/id/${random.hex(32).toUpperCase()}`;
    return { hostPath, arn: `arn:aws:iam::${random.pick(ACCOUNTS)}:oidc-provider/${hostPath}` };
}

function qoveryNamespace(random: Random): string {
    return `z${random.hex(8)}-z${random.hex(8)}`;
}

function makeToken(random: Random, provider: Provider): Token {
    const namespace = random.chance(0.65) ? qoveryNamespace(random) : random.pick(ORDINARY_NAMESPACES);
    const serviceAccount = random.pick(SERVICE_ACCOUNTS);
    const roll = random.int(20);
    const audience =
        roll < 11
            ? STS_AUDIENCE
            : roll < 14
              ? [STS_AUDIENCE]
              : roll < 18
                ? random.chance(0.5)
                    ? [STS_AUDIENCE, random.pick(OTHER_AUDIENCES)]
                    : [random.pick(OTHER_AUDIENCES), STS_AUDIENCE]
                : random.chance(0.5)
                  ? random.pick(OTHER_AUDIENCES)
                  : [random.pick(OTHER_AUDIENCES), "vault"];
    return { provider, namespace, serviceAccount, subject: subjectOf(namespace, serviceAccount), audience };
}

/** Replaces one character of `text` (a position inside `[from, text.length)`) with `replacement`. */
function replaceCharAt(random: Random, text: string, from: number, replacement: string): string {
    const at = from + random.int(text.length - from);
    return text.slice(0, at) + replacement + text.slice(at + 1);
}

/** A subject pattern that usually matches the token (for StringLike), with `*` and `?`. */
function likePattern(random: Random, token: Token, matching: boolean): [string, string] {
    const { namespace, serviceAccount } = token;
    const prefix = "system:serviceaccount:";
    if (matching) {
        return random.pick<[string, string]>([
            [subjectOf("z*", serviceAccount), "z*:sa"],
            [subjectOf("*", serviceAccount), "*:sa"],
            [subjectOf(namespace, "*"), "ns:*"],
            [replaceCharAt(random, token.subject, prefix.length, "?"), "one ?"],
            [`${prefix}${namespace.slice(0, 1)}*${namespace.slice(-1)}:${serviceAccount}`, "n*n:sa"],
            ["*", "*"],
            [`*:${serviceAccount}`, "*:sa"],
            [`${prefix}${namespace}*:${serviceAccount}`, "ns*:sa (* empty)"],
            [`*${token.subject}`, "*subject (* empty)"],
        ]);
    }
    return random.pick<[string, string]>([
        [subjectOf("z*", `${serviceAccount}-other`), "z*:other-sa"],
        [subjectOf(`${namespace}?`, serviceAccount), "ns? (one char too many)"],
        [subjectOf("Z*", serviceAccount), "Z* (case)"],
        [subjectOf(namespace, serviceAccount.toUpperCase()), "ns:SA (case)"],
        [subjectOf("?", serviceAccount), "?:sa"],
        [`${prefix}${namespace}`, "no sa"],
    ]);
}

function otherSubject(random: Random, token: Token): [string, string] {
    return random.pick<[string, string]>([
        [subjectOf(qoveryNamespace(random), token.serviceAccount), "other ns"],
        [subjectOf(token.namespace, random.pick(SERVICE_ACCOUNTS.filter((s) => s !== token.serviceAccount))), "other sa"],
        [token.subject.toUpperCase(), "upper-case subject"],
        [subjectOf("z*", token.serviceAccount), "z* literal in Equals"],
        [`${token.subject} `, "trailing space"],
    ]);
}

/**
 * One condition on `:sub` or `:aud` of `keyHostPath`, `matching` biasing it to be true for the token (not a
 * promise). Set operators sometimes test `absentHostPath`'s `:aud`, a key the request does not have.
 */
function conditionEntry(
    random: Random,
    token: Token,
    keyHostPath: string,
    absentHostPath: string,
    matching: boolean,
): ConditionEntry {
    const keyCase = random.chance(0.08) ? (k: string) => k.toUpperCase() : (k: string) => k;
    const subKey = keyCase(`${keyHostPath}:sub`);
    const audKey = keyCase(`${keyHostPath}:aud`);
    const ifExists = random.chance(0.15) ? "IfExists" : "";
    const roll = random.int(14);
    if (roll < 3) {
        const [other, why] = otherSubject(random, token);
        const values = matching
            ? random.chance(0.6)
                ? [token.subject]
                : [other, token.subject]
            : random.chance(0.6)
              ? [other]
              : [other, subjectOf(qoveryNamespace(random), token.serviceAccount)];
        return { operator: `StringEquals${ifExists}`, key: subKey, values, label: `StringEquals${ifExists} sub ${matching ? "own" : why}` };
    }
    if (roll < 6) {
        const [pattern, why] = likePattern(random, token, matching);
        const values = random.chance(0.3) ? [likePattern(random, token, false)[0], pattern] : [pattern];
        return { operator: `StringLike${ifExists}`, key: subKey, values, label: `StringLike${ifExists} sub ${why}` };
    }
    if (roll < 7) {
        const [other, why] = otherSubject(random, token);
        return {
            operator: `StringNotEquals${ifExists}`,
            key: subKey,
            values: matching ? [other] : [other, token.subject],
            label: `StringNotEquals${ifExists} sub ${matching ? why : "own"}`,
        };
    }
    if (roll < 8) {
        const [pattern, why] = likePattern(random, token, !matching);
        return { operator: `StringNotLike${ifExists}`, key: subKey, values: [pattern], label: `StringNotLike${ifExists} sub ${why}` };
    }
    if (roll < 11) {
        const values = matching ? [STS_AUDIENCE] : [random.pick(OTHER_AUDIENCES)];
        if (random.chance(0.25)) {
            values.push(random.pick(OTHER_AUDIENCES));
        }
        return { operator: `StringEquals${ifExists}`, key: audKey, values, label: `StringEquals${ifExists} aud ${values.join("|")}` };
    }
    if (roll < 13) {
        const setOperator = random.pick(["ForAnyValue", "ForAllValues"]);
        const base = random.pick(["StringEquals", "StringLike", "StringNotEquals", "StringNotLike"]);
        const negated = base.includes("Not");
        const positiveValues = base.endsWith("Like") ? random.pick([["sts.*"], ["*.amazonaws.com"], ["sts.amazonaws.co?"]]) : [STS_AUDIENCE];
        const otherValues = [random.pick(OTHER_AUDIENCES)];
        // ForAnyValue with IfExists is refused by the evaluator (see ironOracle.ts), so only ForAllValues gets it.
        const suffix = setOperator === "ForAllValues" && random.chance(0.2) ? "IfExists" : "";
        const operator = `${setOperator}:${base}${suffix}`;
        if (random.chance(0.2)) {
            const values = matching !== negated ? [token.subject] : [otherSubject(random, token)[0]];
            return { operator, key: subKey, values, label: `${operator} sub ${values.join("|")}` };
        }
        const values = matching !== negated ? positiveValues : otherValues;
        if (random.chance(0.25)) {
            return { operator, key: `${absentHostPath}:aud`, values, label: `${operator} absent aud ${values.join("|")}` };
        }
        return { operator, key: audKey, values, label: `${operator} aud ${values.join("|")}` };
    }
    return {
        operator: `StringLike${ifExists}`,
        key: audKey,
        values: matching ? [random.pick(["sts.*", "*", "sts.amazonaws.co?"])] : ["sts.amazonaws.co"],
        label: `StringLike${ifExists} aud`,
    };
}

/**
 * Folds condition entries into an IAM Condition object, dropping a repeated operator-and-key pair, the key compared
 * ignoring case: IAM may read `:sub` and `:SUB` in one block as one key, and the evaluator refuses that (the property
 * runs of tests/oracle/policyArbitraries.ts cover it).
 */
function conditionBlock(entries: ConditionEntry[]): Record<string, Record<string, string | string[]>> {
    const block: Record<string, Record<string, string | string[]>> = {};
    for (const entry of entries) {
        const operator = (block[entry.operator] ??= {});
        if (!Object.keys(operator).some((key) => key.toLowerCase() === entry.key.toLowerCase())) {
            operator[entry.key] = entry.values.length === 1 ? entry.values[0] : entry.values;
        }
    }
    return block;
}

function actionElement(random: Random, matching: boolean): [Record<string, string | string[]>, string] {
    if (random.chance(0.55)) {
        return [{ Action: ACTION }, "action"];
    }
    const choice = matching
        ? random.pick<[Record<string, string | string[]>, string]>([
              [{ Action: "sts:*" }, "sts:*"],
              [{ Action: "*" }, "*"],
              [{ Action: "sts:AssumeRoleWith*" }, "sts:AssumeRoleWith*"],
              [{ Action: "STS:assumerolewithwebidentity" }, "case-insensitive action"],
              [{ Action: "sts:AssumeRoleWith?ebIdentity" }, "action ?"],
              [{ Action: [ACTION, "sts:TagSession"] }, "action list"],
              [{ NotAction: "sts:AssumeRole" }, "NotAction AssumeRole"],
              [{ NotAction: ["sts:TagSession", "iam:*"] }, "NotAction list"],
          ])
        : random.pick<[Record<string, string | string[]>, string]>([
              [{ Action: "sts:AssumeRole" }, "AssumeRole only"],
              [{ Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] }, "SAML/TagSession"],
              [{ Action: "sts:AssumeRoleWith?" }, "action ? too short"],
              [{ NotAction: "sts:*" }, "NotAction sts:*"],
              [{ NotAction: "sts:AssumeRoleWith*" }, "NotAction AssumeRoleWith*"],
              [{ Action: "iam:*" }, "iam:*"],
          ]);
    return choice;
}

function principalElement(random: Random, token: Token, others: Provider[], matching: boolean): [unknown, string] {
    if (matching) {
        const roll = random.int(20);
        if (roll < 15) {
            return [{ Federated: token.provider.arn }, "own provider"];
        }
        if (roll < 18) {
            return [{ Federated: [others[0].arn, token.provider.arn] }, "provider list"];
        }
        return random.chance(0.5) ? ["*", "principal *"] : [{ AWS: "*" }, "AWS *"];
    }
    return random.chance(0.8)
        ? [{ Federated: others[0].arn }, "other cluster's provider"]
        : [{ Federated: [others[0].arn, others[1].arn] }, "other providers"];
}

/** One statement: mostly eks-irsa's shape for the token's cluster, sometimes broken on purpose. */
function makeStatement(random: Random, token: Token, others: Provider[], index: number): [object, string] {
    const deny = random.chance(0.15);
    const broken = random.chance(0.35) ? random.int(3) : -1;
    const [principal, principalLabel] = principalElement(random, token, others, broken !== 0);
    const [action, actionLabel] = actionElement(random, broken !== 1);
    const conditionCount = random.pick([0, 1, 2, 2, 2, 3]);
    const brokenCondition = broken === 2 ? random.int(Math.max(conditionCount, 1)) : -1;
    const keyHostPath = random.chance(0.1) ? others[0].hostPath : token.provider.hostPath;
    const entries = Array.from({ length: conditionCount }, (_, i) =>
        conditionEntry(random, token, keyHostPath, others[1].hostPath, i !== brokenCondition),
    );
    const statement: Record<string, unknown> = {};
    if (random.chance(0.2)) {
        statement.Sid = `S${index}`;
    }
    statement.Effect = deny ? "Deny" : "Allow";
    statement.Principal = principal;
    Object.assign(statement, action);
    if (entries.length > 0) {
        statement.Condition = conditionBlock(entries);
    }
    const keys = keyHostPath === token.provider.hostPath ? "" : ", other cluster's keys";
    const conditions = entries.map((e) => e.label).join(" & ") || "no condition";
    return [statement, `${statement.Effect}(${principalLabel}, ${actionLabel}${keys}: ${conditions})`];
}

/**
 * Generates `count` oracle cases from `seed`: Qovery-style and ordinary namespaces, several clusters,
 * subject patterns with `*` and `?`, upper-case variants, several subjects, wrong and multi-valued
 * audiences with ForAnyValue/ForAllValues, negated and IfExists operators, Deny statements, and
 * Action wildcards and NotAction. The same seed always yields the same cases.
 *
 * @param seed the PRNG seed.
 * @param count how many cases to generate.
 * @returns the cases, named `#<n> ...`.
 */
export function generateOracleCases(seed: number, count: number): OracleCase[] {
    const random = new Random(seed);
    const cases: OracleCase[] = [];
    for (let n = 0; n < count; n++) {
        const providers = [makeProvider(random), makeProvider(random), makeProvider(random)];
        const token = makeToken(random, providers[0]);
        const others = providers.slice(1);
        const statementCount = random.pick([1, 1, 1, 2, 2, 3]);
        const statements = Array.from({ length: statementCount }, (_, i) => makeStatement(random, token, others, i));
        // A token from another cluster, presented to the same policy, tests that statements stay with their provider.
        const fromOtherCluster = random.chance(0.1);
        const request: WebIdentityRequest = {
            providerArn: fromOtherCluster ? others[0].arn : token.provider.arn,
            subject: token.subject,
            audience: token.audience,
        };
        if (random.chance(0.2)) {
            request.issuer = `https://${fromOtherCluster ? others[0].hostPath : token.provider.hostPath}`;
        }
        const policy = {
            Version: "2012-10-17",
            Statement: statementCount === 1 && random.chance(0.3) ? statements[0][0] : statements.map(([s]) => s),
        };
        const audience = typeof token.audience === "string" ? token.audience : `[${token.audience.join(",")}]`;
        cases.push({
            name: `#${n} ${fromOtherCluster ? "other cluster's token " : ""}${token.subject} aud=${audience}: ${statements.map(([, label]) => label).join("; ")}`,
            policy,
            request,
        });
    }
    return cases;
}
