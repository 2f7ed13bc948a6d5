import * as policySdk from "@pulumi/policy";
import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { accessAdmits, accessThrough, DEFAULT_AUDIENCE, explainAccess } from "eks-irsa";
import { PolicyName, ROLE_TYPE } from "./trustPolicies";
import { readTrust } from "./trustReading";

/** The Pulumi type of the ServiceAccounts the stack policy joins to roles. */
export const SERVICE_ACCOUNT_TYPE = "kubernetes:core/v1:ServiceAccount";
const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
const OIDC_PROVIDER_ARN = /^arn:[^:]+:iam::[^:]*:oidc-provider\/\S+$/;

// @pulumi/policy throws this when a policy reads a value unknown during preview; 1.21.0 exports it without declaring its type.
const UnknownValueError = (policySdk as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** Why one ServiceAccount was not checked: a note, never a violation. */
class Skip extends Error {}

/**
 * Joins every Kubernetes ServiceAccount whose `eks.amazonaws.com/role-arn` names a role of the same stack to that role,
 * and reports the ones the role's trust policy does not admit in their namespace, as eks-irsa's evaluator decides.
 */
function validateServiceAccounts(args: StackValidationArgs, report: ReportViolation): void {
    const notes: string[] = [];
    const roles = new Map<string, PolicyResource>();
    const unknownArns: string[] = [];
    for (const role of args.resources.filter((r) => r.type === ROLE_TYPE)) {
        const arn = known(() => role.props.arn);
        if (typeof arn === "string") {
            roles.set(arn, role);
        } else if (arn === UNKNOWN) {
            unknownArns.push(role.name);
        }
    }
    for (const serviceAccount of args.resources.filter((r) => r.type === SERVICE_ACCOUNT_TYPE)) {
        try {
            checkServiceAccount(serviceAccount, roles, unknownArns, report);
        } catch (error) {
            if (error instanceof Skip) {
                notes.push(`ServiceAccount ${serviceAccount.name}: ${error.message}`);
            } else if (error instanceof UnknownValueError) {
                notes.push(`ServiceAccount ${serviceAccount.name}: ${error.message}`);
            } else {
                throw error;
            }
        }
    }
    if (notes.length > 0) {
        args.notApplicable(`Not checked, values unknown or undecidable (checked again when known): ${notes.join("; ")}.`);
    }
}

const UNKNOWN = Symbol("unknown");

/** A value read from a resource, or UNKNOWN when @pulumi/policy says it is unknown during preview. */
function known<T>(read: () => T): T | typeof UNKNOWN {
    try {
        return read();
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw error;
    }
}

function checkServiceAccount(serviceAccount: PolicyResource, roles: Map<string, PolicyResource>, unknownArns: string[], report: ReportViolation): void {
    const metadata = serviceAccount.props.metadata ?? {};
    const annotations = metadata.annotations ?? {};
    const roleArn: unknown = annotations[ROLE_ARN_ANNOTATION];
    if (typeof roleArn !== "string") {
        return;
    }
    const role = roles.get(roleArn);
    if (role === undefined) {
        if (unknownArns.length > 0) {
            throw new Skip(`its role ${roleArn} may be ${unknownArns.join(" or ")}, whose ARN is unknown until created`);
        }
        return;
    }
    const name: unknown = metadata.name;
    if (typeof name !== "string") {
        throw new Skip("its name is not known yet");
    }
    // Without metadata.namespace, the ServiceAccount goes to its Kubernetes provider's namespace, "default" unless set.
    const namespace: unknown = metadata.namespace ?? serviceAccount.provider?.props.namespace ?? "default";
    if (typeof namespace !== "string") {
        throw new Skip("its namespace is not known yet");
    }
    const audience: unknown = annotations[AUDIENCE_ANNOTATION] ?? DEFAULT_AUDIENCE;
    const policy: unknown = role.props.assumeRolePolicy;
    if (typeof policy !== "string" && (typeof policy !== "object" || policy === null)) {
        throw new Skip(`role ${role.name} has no trust policy to read`);
    }
    // The role's web-identity statements, as the resource policies read them: Pod Identity and other service statements never admit a token.
    const reading = readTrust(policy);
    if (reading.kind === "invalid" || reading.kind === "unsupported") {
        throw new Skip(`role ${role.name}'s trust policy cannot be decided (${reading.error.message})`);
    }
    const statements = reading.kind === "read" ? reading.description.statements : [];
    const providers = [...new Set(statements.flatMap((s) => s.providers).filter((arn) => OIDC_PROVIDER_ARN.test(arn)))];
    const subject = `system:serviceaccount:${namespace}:${name}`;
    const where = `ServiceAccount ${name} in namespace ${namespace} is annotated with role ${role.name} (${roleArn})`;
    if (reading.kind !== "read" || providers.length === 0) {
        if (statements.some((s) => s.anyPrincipal)) {
            throw new Skip(`role ${role.name} trusts Principal "*", so the ServiceAccount's cluster cannot be told`);
        }
        report(
            `${where}, but the role's trust policy names no IAM OIDC provider, so no ServiceAccount token can assume it. Trust the cluster's ` +
                "OIDC provider in the role (eks-irsa's ServiceAccountRole does), or annotate the ServiceAccount with the role meant for it.",
            serviceAccount.urn,
        );
        return;
    }
    const assumed = reading.description.assumedKeys;
    if (assumed.length > 0) {
        // Read with the conditions eks-irsa does not model held true in every Allow: admitting the ServiceAccount there does
        // not say IAM admits it, refusing it there does.
        const atMost = providers.some((providerArn) => accessAdmits(accessThrough(reading.description, providerArn), subject, [String(audience)]));
        if (atMost) {
            throw new Skip(`whether role ${role.name} admits it depends on its conditions on ${assumed.join(", ")}, which eks-irsa does not model`);
        }
    }
    // The policy cannot tell which cluster the ServiceAccount is in: it is admitted when one of the role's providers lets it in.
    const answers =
        assumed.length > 0 ? [] : providers.map((providerArn) => explainAccess(reading.webIdentityPolicy, { namespace, serviceAccount: name, providerArn, audience: String(audience) }));
    if (answers.some((answer) => answer.decision.allowed)) {
        return;
    }
    const admits = statements.flatMap((s) => s.subjects.filter((x) => !x.negated && !x.foreign).map((x) => x.text));
    report(
        `${where}, but the role's trust policy does not admit ${subject}: ` +
            `${assumed.length > 0 ? `not even if its conditions on ${assumed.join(", ")} held.` : answers.map((a) => a.decision.reason).join(" ")} ` +
            `It admits: ${admits.length > 0 ? admits.join("; ") : "no subject it names"}. Add this ServiceAccount and namespace to the role's ` +
            "trust (a clone's namespace needs a pattern such as z* or its own role), or fix the name in the annotation or in the trust policy.",
        serviceAccount.urn,
    );
}

/** The stack policy over ServiceAccounts and the roles they name. */
export function serviceAccountTrustPolicy(): StackValidationPolicy {
    return {
        name: PolicyName.ServiceAccountTrust,
        description:
            "Every Kubernetes ServiceAccount whose eks.amazonaws.com/role-arn names a role of the same stack must be admitted, in its namespace, " +
            "by that role's trust policy. Values unknown during preview are skipped with a note.",
        enforcementLevel: "mandatory",
        validateStack: validateServiceAccounts,
    };
}
