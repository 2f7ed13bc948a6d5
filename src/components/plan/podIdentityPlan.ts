import * as pulumi from "@pulumi/pulumi";
import { TrustScope } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { checkEksClusterName, checkTargetRoleArn, NamedSubject, podIdentitySubjects } from "../../policy/podIdentityTrust";
import { TrustedSubject } from "../../policy/trustPolicy";
import { Checked, notSet } from "../inputs";
import { plannedSessionPolicy } from "../podIdentitySessionPolicy";
import { PlanContext } from "./planContext";
import { PlannedSubjects } from "./subjectsPlan";

/** The EKS Pod Identity side of a PodIdentity or Both role. */
export interface PlannedPodIdentity {
    /** The cluster the associations are in (clusterName). */
    clusterName: Checked<string>;
    /** The exact ServiceAccounts, one association and one trusted pair each. */
    subjects: TrustedSubject[];
    targetRoleArn?: Checked<string>;
    disableSessionTags: boolean;
    /** The associations' session policy, checked (see sessionPolicy.ts). */
    sessionPolicy?: Checked<string>;
}

/** Plans the associations of a PodIdentity or Both role: their cluster, their exact ServiceAccounts, the target role and the session policy. */
export function planPodIdentity(context: PlanContext, subjects: PlannedSubjects, adoptedRoleArn: Checked<string> | undefined): PlannedPodIdentity {
    const { args, arg, identity, lateMissing, scope } = context;
    const clusterName = arg("clusterName", args.clusterName, (v) => {
        lateMissing("clusterName", args.clusterName)(v);
        checkEksClusterName("clusterName", v);
        return v as string;
    });
    return {
        clusterName,
        subjects: podIdentitySubjects(identity, namedSubjects(scope, subjects.primaryNamespace, subjects.serviceAccountName, subjects.additionalSubjects, subjects.ownNamespace)),
        targetRoleArn: notSet(args.targetRoleArn)
            ? undefined
            : arg("targetRoleArn", args.targetRoleArn, (v) => {
                  lateMissing("targetRoleArn", args.targetRoleArn)(v);
                  checkTargetRoleArn("targetRoleArn", v, typeof adoptedRoleArn === "string" ? adoptedRoleArn : undefined);
                  return v as string;
              }),
        disableSessionTags: args.disableSessionTags === true,
        sessionPolicy: plannedSessionPolicy(args.sessionPolicy, arg),
    };
}

/** The trusted ServiceAccounts with the arguments they came from; they name the associations, so they must be plain. */
function namedSubjects(
    scope: TrustScope,
    primaryNamespace: Checked<string>,
    serviceAccountName: Checked<string>,
    additional: Checked<TrustedSubject[]>,
    ownNamespace: Checked<string> | undefined,
): NamedSubject[] {
    const late = (
        [
            ["namespace", scope === TrustScope.Cluster ? ownNamespace : primaryNamespace],
            ["namespacePattern", scope === TrustScope.Cluster ? primaryNamespace : undefined],
            ["serviceAccountName", serviceAccountName],
            ["additionalServiceAccounts", additional],
        ] as const
    ).filter(([, value]) => pulumi.Output.isInstance(value));
    if (late.length > 0) {
        throw new IrsaArgumentError(
            late.map(([key]) => key).join("/"),
            "an Output",
            "with identity PodIdentity or Both each ServiceAccount gets its own association, named from its namespace and name, so these must be known " +
                "when the program runs: pass plain values.",
        );
    }
    const subjects: NamedSubject[] = [
        {
            namespace: primaryNamespace as string,
            serviceAccountName: serviceAccountName as string,
            namespaceArgument: scope === TrustScope.Cluster ? "namespacePattern" : "namespace",
            nameArgument: "serviceAccountName",
        },
    ];
    if (typeof ownNamespace === "string") {
        subjects.push({ namespace: ownNamespace, serviceAccountName: serviceAccountName as string, namespaceArgument: "namespace", nameArgument: "serviceAccountName" });
    }
    (additional as TrustedSubject[]).forEach((s, i) =>
        subjects.push({ ...s, namespaceArgument: `additionalServiceAccounts[${i}].namespace`, nameArgument: `additionalServiceAccounts[${i}].name` }),
    );
    return subjects;
}
