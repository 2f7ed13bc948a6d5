/**
 * Trust policies at IAM's size limits (2,048 and 4,096 characters) made of overlapping `StringLike`/`StringNotLike`
 * (and `StringEquals`/`StringNotEquals`) subject conditions with many `*` and `?`, over several statements and the
 * providers of policyArbitraries.ts (issue 23, "Bounded work"): the class of policy that made the subject analysis run
 * for minutes. Tokens are drawn from the same few characters as the patterns, so that they match some and not others.
 * tests/policy/overlappingPatternsProperty.ts checks them against the evaluator and iam-simulate.
 */
import * as fc from "fast-check";
import { PROVIDERS } from "./policyArbitraries";

const ISSUER_OF = (arn: string) => arn.slice(arn.indexOf("oidc-provider/") + "oidc-provider/".length);
/** The characters of names and patterns: few, so that patterns overlap each other and the tokens' names. */
const NAME_CHARACTERS = ["z", "a", "9", "-", "p"];
const PATTERN_CHARACTERS = [...NAME_CHARACTERS, "*", "*", "?", "?", ":"];
const SUBJECT_OPERATORS = ["StringLike", "StringLike", "StringNotLike", "StringNotLike", "StringEquals", "StringNotEquals"];

const patternArbitrary = fc
    .tuple(fc.constantFrom("system:serviceaccount:", "system:serviceaccount:", "system:serviceaccount:", "", "*"), fc.array(fc.constantFrom(...PATTERN_CHARACTERS), { minLength: 1, maxLength: 14 }))
    .map(([prefix, characters]) => prefix + characters.join(""));

const skeletonArbitrary = fc.record({
    effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny"),
    providers: fc.subarray(PROVIDERS, { minLength: 1, maxLength: 2 }),
    operators: fc.subarray(SUBJECT_OPERATORS.slice(1), { minLength: 1, maxLength: 3 }).map((operators) => [...new Set(operators)]),
    audience: fc.boolean(),
});

type Skeleton = { effect: string; providers: string[]; operators: string[]; audience: boolean };

function render(skeletons: Skeleton[], values: string[][][]): object {
    return {
        Version: "2012-10-17",
        Statement: skeletons.map((s, i) => {
            const issuer = ISSUER_OF(s.providers[0]);
            const condition: Record<string, Record<string, unknown>> = {};
            // A condition the limit left without values is left out (IAM refuses an empty list).
            s.operators.forEach((operator, j) => {
                if (values[i][j].length > 0) {
                    (condition[operator] ??= {})[`${issuer}:sub`] = values[i][j];
                }
            });
            if (s.audience) {
                (condition.StringEquals ??= {})[`${issuer}:aud`] = "sts.amazonaws.com";
            }
            const principal = { Federated: s.providers.length === 1 ? s.providers[0] : s.providers };
            return { Effect: s.effect, Principal: principal, Action: "sts:AssumeRoleWithWebIdentity", ...(Object.keys(condition).length > 0 && { Condition: condition }) };
        }),
    };
}

/**
 * A policy of 1 to 4 statements whose subject conditions take patterns, round robin, until the next one would pass the
 * limit (2,048 or 4,096 characters, JSON without white space, as IAM counts).
 */
export const overlappingPatternPolicyArbitrary: fc.Arbitrary<object> = fc
    .tuple(fc.array(skeletonArbitrary, { minLength: 1, maxLength: 4 }), fc.array(patternArbitrary, { minLength: 400, maxLength: 400 }), fc.constantFrom(2048, 4096))
    .map(([skeletons, patterns, limit]) => {
        const values = skeletons.map((s) => s.operators.map((): string[] => []));
        let policy = render(skeletons, values);
        let slot = 0;
        for (const pattern of patterns) {
            const i = slot % skeletons.length;
            const j = Math.floor(slot / skeletons.length) % skeletons[i].operators.length;
            slot++;
            values[i][j].push(pattern);
            const next = render(skeletons, values);
            if (JSON.stringify(next).length > limit) {
                values[i][j].pop();
                break;
            }
            policy = next;
        }
        return policy;
    });

/** A token of the policies' providers whose namespace and name are drawn from the patterns' characters. */
export const overlappingTokenArbitrary = fc.record({
    providerArn: fc.constantFrom(...PROVIDERS),
    subject: fc
        .tuple(fc.array(fc.constantFrom(...NAME_CHARACTERS), { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom(...NAME_CHARACTERS), { minLength: 1, maxLength: 8 }))
        .map(([namespace, name]) => `system:serviceaccount:${namespace.join("")}:${name.join("")}`),
    audience: fc.constant("sts.amazonaws.com"),
});
