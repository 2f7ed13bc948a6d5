// Trust capacity: how many Qovery ServiceAccounts one role can trust within the ACLSizePerRole quota, with eks-irsa's
// trust policy, with a naive statement per subject, and at the floor the subjects' own bytes set.
import * as path from "path";
import type { TrustedProvider, TrustedSubject } from "../bin/index";
import * as irsa from "./pkg";
import { fmt, summarize } from "./stats";

// The oracle's seeded PRNG, from the same build: every run measures the same subjects.
// eslint-disable-next-line @typescript-eslint/no-require-imports
// The subject builder is internal since index.ts names the public API; the benchmark reads it from the build.
const { serviceAccountSubject }: typeof import("../bin/src/policy/trustPolicy") = require(path.resolve(__dirname, "..", "src", "policy", "trustPolicy.js"));
const { mulberry32: prng }: typeof import("../bin/tests/oracle/generator") = require(path.resolve(__dirname, "..", "tests", "oracle", "generator.js"));

const LIMITS = [2048, 4096];
const AUDIENCE = "sts.amazonaws.com";
const POOL = 400;

function pick(random: () => number, alphabet: string, length: number): string {
    let s = "";
    for (let i = 0; i < length; i++) {
        s += alphabet[Math.floor(random() * alphabet.length)];
    }
    return s;
}

interface World {
    provider: TrustedProvider;
    subjects: TrustedSubject[];
}

/** An EKS issuer in eu-west-3, a 12-digit account, and Qovery environment ServiceAccounts of 10 to 30 characters. */
function world(seed: number): World {
    const random = prng(seed);
    const hex = "0123456789abcdef";
    const alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    const issuer = `oidc.eks.eu-west-3.amazonaws.com/id/${pick(random, "0123456789ABCDEF", 32)}`;
    const account = pick(random, "123456789", 1) + pick(random, "0123456789", 11);
    const subjects: TrustedSubject[] = [];
    for (let i = 0; i < POOL; i++) {
        const length = 10 + Math.floor(random() * 21);
        const name = pick(random, alnum, 1) + pick(random, alnum + "-", length - 2) + pick(random, alnum, 1);
        subjects.push({ namespace: `z${pick(random, hex, 8)}-z${pick(random, hex, 8)}`, serviceAccountName: name });
    }
    return { provider: { arn: `arn:aws:iam::${account}:oidc-provider/${issuer}`, issuer }, subjects };
}

function eksIrsaPolicy(w: World, k: number): string {
    return irsa.renderTrustPolicy(irsa.buildTrustPolicy([w.provider], w.subjects.slice(0, k), AUDIENCE));
}

/** A statement per subject, pretty-printed, as hand-written policies and some tools have it. */
function naivePolicy(w: World, k: number): string {
    const statements = w.subjects.slice(0, k).map((s) => ({
        Effect: "Allow",
        Principal: { Federated: w.provider.arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: { [`${w.provider.issuer}:aud`]: AUDIENCE, [`${w.provider.issuer}:sub`]: serviceAccountSubject(s.namespace, s.serviceAccountName) },
        },
    }));
    return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}

/** The subjects' own JSON strings and the commas between them, plus the fixed part of one statement holding them. */
function floorSize(w: World, k: number): number {
    const fixed = irsa.policySize(
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: w.provider.arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { [`${w.provider.issuer}:aud`]: AUDIENCE, [`${w.provider.issuer}:sub`]: [] } },
                },
            ],
        }),
    );
    const subjects = w.subjects.slice(0, k).reduce((sum, s) => sum + JSON.stringify(serviceAccountSubject(s.namespace, s.serviceAccountName)).length, 0);
    return fixed + subjects + Math.max(k - 1, 0);
}

/** The largest k whose size fits the limit; sizes grow with k. */
function capacity(size: (k: number) => number, limit: number): number {
    let k = 0;
    while (k < POOL && size(k + 1) <= limit) {
        k++;
    }
    if (k === POOL) {
        throw new Error("the subject pool is too small for this limit");
    }
    return k;
}

export interface CapacityReport {
    markdown: string;
    aims: { text: string; met: boolean }[];
}

export function runCapacity(seeds: number): CapacityReport {
    const lines = [
        `${seeds} seeds (subjects from a seeded PRNG: namespace \`z<8 hex>-z<8 hex>\`, ServiceAccount names of 10–30 characters, ` +
            "a random 32-hex-character eu-west-3 issuer and 12-digit account). Subjects per role: mean (min–max) over the seeds. " +
            "Sizes as IAM counts them (`policySize`: white space not counted) unless said otherwise.",
        "",
        "| quota | eks-irsa (`buildTrustPolicy`) | naive, statement per subject | floor | eks-irsa / floor, subjects | eks-irsa size / floor size at the floor's count | naive raw length at its capacity | naive capacity if raw length counted |",
        "|---:|---|---|---|---|---|---|---|",
    ];
    const aims: { text: string; met: boolean }[] = [];
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const show = (values: number[], digits = 1) => {
        const s = summarize(values);
        return `${mean(values).toFixed(digits)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
    };
    for (const limit of LIMITS) {
        const rows = Array.from({ length: seeds }, (_, seed) => {
            const w = world(seed + 1);
            const ours = capacity((k) => irsa.policySize(eksIrsaPolicy(w, k)), limit);
            const naive = capacity((k) => irsa.policySize(naivePolicy(w, k)), limit);
            const naiveRaw = capacity((k) => naivePolicy(w, k).length, limit);
            const floor = capacity((k) => floorSize(w, k), limit);
            return {
                ours,
                naive,
                naiveRaw,
                floor,
                capacityRatio: ours / floor,
                sizeRatio: irsa.policySize(eksIrsaPolicy(w, floor)) / floorSize(w, floor),
                naiveRawLength: naivePolicy(w, naive).length,
            };
        });
        const capacityRatio = summarize(rows.map((r) => r.capacityRatio));
        const sizeRatio = summarize(rows.map((r) => r.sizeRatio));
        lines.push(
            `| ${limit} | ${show(rows.map((r) => r.ours))} | ${show(rows.map((r) => r.naive))} | ${show(rows.map((r) => r.floor))} | ` +
                `${fmt(capacityRatio, 3)} | ${fmt(sizeRatio, 4)} | ${show(rows.map((r) => r.naiveRawLength), 0)} | ${show(rows.map((r) => r.naiveRaw))} |`,
        );
        aims.push({
            text: `trust capacity within 3% of the floor at ${limit}: eks-irsa trusts ${(mean(rows.map((r) => r.capacityRatio)) * 100).toFixed(1)}% of the floor's subjects ` +
                `(worst seed ${(capacityRatio.min * 100).toFixed(1)}%), its size is ${((sizeRatio.max - 1) * 100).toFixed(2)}% above the floor at most`,
            met: capacityRatio.min >= 0.97,
        });
    }
    return { markdown: lines.join("\n"), aims };
}
