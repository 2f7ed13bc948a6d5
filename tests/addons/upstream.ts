/**
 * The comparison side of the add-on tests: upstream fixtures, and `@cloud-copilot/iam-simulate` asked whether an
 * identity policy allows a request. iam-simulate is AGPL-3.0: a dev dependency used by tests only.
 */
import * as fs from "fs";
import * as path from "path";
import "../oracle/collation";
import { createValidatedPolicy, validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { IrsaArgumentError } from "../../src/errors";
import { REPOSITORY_ROOT } from "../harness";

export const ACCOUNT = "111122223333";
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/addon`;

/** An upstream policy under tests/fixtures/addons/, parsed. */
export function upstreamPolicy(file: string): { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] } {
    return JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "tests", "fixtures", "addons", file), "utf8"));
}

const DEFAULT_KEY_POLICY = createValidatedPolicy(
    {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
    },
    validateResourcePolicy,
    { name: "key" },
);

/** One request to simulate. */
export interface AddonRequest {
    action: string;
    resource: string;
    /** Request context, e.g. `aws:RequestTag/...`, `aws:ResourceTag/...`, `aws:PrincipalTag/eks-cluster-name`. */
    context?: Record<string, string | string[]>;
}

/** Whether `policies` (identity policies of the role, evaluated together) allow `request`. */
export function allows(policies: object[], request: AddonRequest): boolean {
    const accountMatch = /^arn:[^:]+:[^:]*:[^:]*:(\d{12})?:/.exec(request.resource);
    const result = runUnsafeSimulation(
        {
            request: {
                principal: ROLE,
                action: request.action,
                resource: { resource: request.resource, accountId: accountMatch?.[1] ?? ACCOUNT },
                contextVariables: request.context ?? {},
            },
            identityPolicies: policies.map((policy, index) => ({ name: `policy${index}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            // KMS honours identity policies only where the key policy delegates to the account: give keys the default one.
            resourcePolicy: request.action.startsWith("kms:") ? DEFAULT_KEY_POLICY : undefined,
        },
        {},
    );
    return result === "Allowed";
}

/** Every action of a policy's Allow statements. */
export function actionsOf(policy: { Statement: { Action: string | string[] }[] }): string[] {
    return policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** Whether an IAM action pattern (with `*` and `?`, case-insensitive) matches an action. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return regex.test(action);
}

/** The actions of `ours` that no action of `upstream` matches: must be empty. */
export function actionsBeyond(ours: { Statement: { Action: string | string[] }[] }, upstream: { Statement: { Action: string | string[] }[] }): string[] {
    const granted = actionsOf(upstream);
    return actionsOf(ours).filter((action) => !granted.some((pattern) => actionMatches(pattern, action)));
}

/** The principal tag EKS Pod Identity sets, as the simulated sessions carry it. */
export const SESSION_CLUSTER = "prod";

type Statement = { Action: string[]; Resource: string[]; Condition?: { [operator: string]: { [key: string]: string | string[] } } };

function concrete(value: string): string {
    return value.replace("${aws:PrincipalTag/eks-cluster-name}", SESSION_CLUSTER).replace(/\*/g, "x1");
}

/**
 * One request per action and resource of each statement of `document`, with a context that meets the statement's
 * conditions: `*` becomes `x1`, a `Null: false` key gets a value, a `Null: true` key stays absent, and sessions carry
 * `aws:PrincipalTag/eks-cluster-name` = SESSION_CLUSTER. Each is allowed by `document` by construction (the tests
 * check that too), so asking upstream about them asks whether upstream allows what eks-irsa allows.
 */
export function representativeRequests(document: { Statement: Statement[] }): AddonRequest[] {
    return document.Statement.flatMap((statement) => {
        const context: Record<string, string | string[]> = { "aws:PrincipalTag/eks-cluster-name": SESSION_CLUSTER };
        const absent = new Set<string>();
        for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
            for (const [key, value] of Object.entries(entries)) {
                const first = concrete(Array.isArray(value) ? value[0] : value);
                if (operator === "Null") {
                    if (value === "true") {
                        absent.add(key);
                    } else {
                        context[key] ??= "x1";
                    }
                } else {
                    context[key] = operator.startsWith("ForAllValues:") ? [first] : first;
                }
            }
        }
        absent.forEach((key) => delete context[key]);
        return statement.Action.flatMap((action) => statement.Resource.map((resource) => ({ action, resource: concrete(resource), context })));
    });
}

/**
 * Asserts that the upstream policy allows every request representative of ours (one per action and resource it
 * grants), that ours allows each too (so the requests are really ours), and that there are `count` of them.
 */
export function expectUpstreamAllowsOurRequests(ours: { Statement: Statement[] }, upstream: object, count: number): void {
    const requests = representativeRequests(ours);
    expect(requests).to.have.length(count);
    for (const request of requests) {
        expect(allows([ours], request), `ours: ${JSON.stringify(request)}`).to.equal(true);
        expect(allows([upstream], request), `upstream: ${JSON.stringify(request)}`).to.equal(true);
    }
}

/** The error `build` throws for its arguments (an add-on's builder, called as the spec calls it); fails when it throws none. */
export function refusalOf<A extends unknown[]>(build: (...args: A) => unknown): (...args: A) => IrsaArgumentError {
    return (...args: A) => {
        try {
            build(...args);
        } catch (error) {
            return error as IrsaArgumentError;
        }
        throw new Error("expected a refusal");
    };
}

/**
 * The bad-input table of an add-on spec: one test per case, each value refused with an IrsaArgumentError that names
 * the argument and states the rule. `refusal` builds the add-on from the value and returns what it threw.
 */
export function itRefusesEach(cases: [label: string, value: unknown, argument: string, rule: RegExp][], refusal: (value: unknown) => IrsaArgumentError): void {
    for (const [label, value, argument, rule] of cases) {
        it(`refuses ${label}, naming ${argument}`, () => {
            const error = refusal(value);
            expect(error).to.be.instanceOf(IrsaArgumentError);
            expect(error.argument).to.equal(argument);
            expect(error.message).to.match(rule);
        });
    }
}
