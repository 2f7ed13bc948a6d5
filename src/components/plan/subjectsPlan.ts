import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountMode, TrustScope } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { DEFAULT_AUDIENCE } from "../../policy/issuer";
import * as rules from "../../policy/rules";
import { TrustedSubject } from "../../policy/trustPolicy";
import { QOVERY_CLUSTER_NAMESPACE_PATTERN } from "../../qovery";
import { checkChartServiceAccountName } from "../deployTimeRules";
import { Checked, checkType, combineChecked, mapCheckedWithSecrecy, notSet } from "../inputs";
import { PlanContext } from "./planContext";

/** The default of `namespacePattern`: Qovery's, every namespace whose name starts with `z`. */
export const DEFAULT_NAMESPACE_PATTERN = QOVERY_CLUSTER_NAMESPACE_PATTERN;

/** Who may assume the role, checked: the ServiceAccount, its namespace or pattern, the others, and the token's audience. */
export interface PlannedSubjects {
    serviceAccountName: Checked<string>;
    namespace?: Checked<string>;
    audience: Checked<string>;
    /** The trusted namespace: `namespace` with scope Environment, `namespacePattern` (or its default) with scope Cluster. */
    primaryNamespace: Checked<string>;
    additionalSubjects: Checked<TrustedSubject[]>;
    /** With scope Cluster, the ServiceAccount's own namespace, which must match the pattern. */
    ownNamespace?: Checked<string>;
    /** Every trusted ServiceAccount, the primary one first. */
    subjects: Checked<TrustedSubject[]>;
    /** The warnings about patterns that match every namespace, when they are plain. */
    warnings: string[];
    /** The same, when a pattern arrives later; rejects when its checks fail. */
    lateWarnings?: pulumi.Output<string[]>;
}

/**
 * Plans the trusted ServiceAccounts. The token's audience is checked between the namespace and the pattern, where it
 * always was: the order of the checks is the order of the errors a caller sees.
 */
export function planSubjects(context: PlanContext): PlannedSubjects {
    const { args, arg, checks, lateMissing, mode, scope } = context;
    const serviceAccountName = arg("serviceAccountName", args.serviceAccountName, (v) => {
        rules.checkServiceAccountName("serviceAccountName", v);
        if (mode === ServiceAccountMode.HelmChart) {
            checkChartServiceAccountName("serviceAccountName", v);
        }
        return v as string;
    });
    const namespaceRequired =
        scope === TrustScope.Environment
            ? "scope Environment trusts one namespace, so namespace is required (or use scope Cluster with namespacePattern)."
            : mode !== ServiceAccountMode.None
              ? `a ${mode} ServiceAccount needs its namespace. Pass namespace (or set QOVERY_KUBERNETES_NAMESPACE_NAME), or serviceAccountMode None for the role only.`
              : undefined;
    const namespace = notSet(args.namespace)
        ? undefined
        : arg("namespace", args.namespace, (v) => {
              if (notSet(v)) {
                  throw new IrsaArgumentError("namespace", undefined, namespaceRequired ?? "namespace was given as an Output that resolved to nothing. Give it a value, or leave it out.");
              }
              rules.checkNamespace("namespace", v);
              return v as string;
          });
    const audience = notSet(args.audience)
        ? DEFAULT_AUDIENCE
        : arg("audience", args.audience, (v) => {
              lateMissing("audience", args.audience)(v);
              rules.checkAudience("audience", v);
              return v as string;
          });
    const primaryNamespace =
        scope === TrustScope.Cluster
            ? notSet(args.namespacePattern)
                ? DEFAULT_NAMESPACE_PATTERN
                : arg("namespacePattern", args.namespacePattern, (v) => {
                      lateMissing("namespacePattern", args.namespacePattern)(v);
                      rules.checkNamespacePattern("namespacePattern", v);
                      return v as string;
                  })
            : namespace!;
    const additionalSubjects = planAdditionalSubjects(context);
    const ownNamespace = scope === TrustScope.Cluster ? namespace : undefined;
    const subjects = checks.derive("namespace", combineChecked({ primaryNamespace, serviceAccountName, additionalSubjects, ownNamespace }), (s): TrustedSubject[] => {
        // A ServiceAccount outside the pattern could never assume its own role.
        if (s.ownNamespace !== undefined && !rules.matchesStringLike(s.primaryNamespace, s.ownNamespace)) {
            throw new IrsaArgumentError(
                "namespace",
                s.ownNamespace,
                `with scope Cluster the ServiceAccount's own namespace must match namespacePattern "${s.primaryNamespace}", or its pods could not assume the role.`,
            );
        }
        return [{ namespace: s.primaryNamespace, serviceAccountName: s.serviceAccountName }, ...s.additionalSubjects];
    });
    // A pattern that matches every namespace is warned about whether it was given plain or arrives later.
    const everyNamespace = mapCheckedWithSecrecy(combineChecked({ pattern: scope === TrustScope.Cluster ? primaryNamespace : undefined, additionalSubjects }), everyNamespaceWarnings);
    const late = pulumi.Output.isInstance(everyNamespace);
    return {
        serviceAccountName,
        namespace,
        audience,
        primaryNamespace,
        additionalSubjects,
        ownNamespace,
        subjects,
        warnings: late ? [] : (everyNamespace as string[]),
        lateWarnings: late ? (everyNamespace as pulumi.Output<string[]>) : undefined,
    };
}

/** `additionalServiceAccounts`, each a namespace (or pattern) and a name. */
function planAdditionalSubjects(context: PlanContext): Checked<TrustedSubject[]> {
    const { args, arg, lateMissing } = context;
    return notSet(args.additionalServiceAccounts)
        ? []
        : arg("additionalServiceAccounts", args.additionalServiceAccounts, (accounts) => {
              lateMissing("additionalServiceAccounts", args.additionalServiceAccounts)(accounts);
              return (accounts as unknown[]).map((account, i): TrustedSubject => {
                  const at = `additionalServiceAccounts[${i}]`;
                  if (typeof account !== "object" || account === null || Array.isArray(account)) {
                      throw new IrsaArgumentError(at, account, `${at} is a map with namespace and name.`);
                  }
                  const { namespace: ns, name: saName } = account as { namespace: unknown; name: unknown };
                  checkType(`${at}.namespace`, ns, "string");
                  checkType(`${at}.name`, saName, "string");
                  rules.checkNamespacePattern(`${at}.namespace`, ns as string);
                  rules.checkServiceAccountName(`${at}.name`, saName as string);
                  return { namespace: ns as string, serviceAccountName: saName as string };
              });
          });
}

/**
 * The warnings about namespace patterns that match every namespace: the primary pattern (scope Cluster) and each
 * additional ServiceAccount's. A value that arrived as a secret is named, not shown.
 */
function everyNamespaceWarnings(v: { pattern?: string; additionalSubjects: TrustedSubject[] }, secret: boolean): string[] {
    const shown = (value: string) => (secret ? "(a secret, not shown)" : `"${value}"`);
    const warnings: string[] = [];
    if (v.pattern !== undefined && rules.namespacePatternMatchesEverything(v.pattern)) {
        warnings.push(`namespacePattern ${shown(v.pattern)} matches every namespace: anyone who may create a namespace and a ServiceAccount named like this one can assume the role.`);
    }
    v.additionalSubjects.forEach((s, i) => {
        if (rules.namespacePatternMatchesEverything(s.namespace)) {
            warnings.push(
                `additionalServiceAccounts[${i}].namespace ${shown(s.namespace)} matches every namespace: anyone who may create a namespace and a ServiceAccount ${shown(s.serviceAccountName)} can assume the role.`,
            );
        }
    });
    return warnings;
}
