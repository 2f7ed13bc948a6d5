import { ServiceAccountMode } from "../../enums";
import { IrsaArgumentError } from "../../errors";
import { checkPodIdentityServiceAccountChart } from "../../policy/podIdentityTrust";
import * as rules from "../../policy/rules";
import { QOVERY_SA_HELPER_CHART, QOVERY_SA_HELPER_REPOSITORY, QOVERY_SA_HELPER_VERSION } from "../../qovery";
import { Checked, checkType } from "../inputs";
import { PlanContext } from "./planContext";

/** The ServiceAccount to create. */
export interface PlannedServiceAccount {
    mode: ServiceAccountMode.Manifest | ServiceAccountMode.HelmChart;
    namespace: Checked<string>;
    createNamespace: boolean;
    labels?: Checked<{ [key: string]: string }>;
    automountServiceAccountToken?: Checked<boolean>;
    chart?: Checked<{ repository: string; chart: string; version: string }>;
}

/** Plans the ServiceAccount of a Manifest or HelmChart mode: its namespace, labels, token mount and chart. */
export function planServiceAccount(context: PlanContext, mode: PlannedServiceAccount["mode"], namespace: Checked<string>): PlannedServiceAccount {
    const { args, arg, identity, optional } = context;
    return {
        mode,
        namespace,
        createNamespace: args.createNamespace ?? false,
        labels: optional("serviceAccountLabels", rules.checkLabels),
        automountServiceAccountToken: optional("automountServiceAccountToken", () => undefined),
        chart:
            mode === ServiceAccountMode.HelmChart
                ? arg("helmChart", args.helmChart, (c) => {
                      const chart = resolveHelmChart(c ?? {});
                      checkPodIdentityServiceAccountChart(identity, mode, chart.chart);
                      return chart;
                  })
                : undefined,
    };
}

/** The chart coordinates with the tutorial's defaults. */
function resolveHelmChart(c: { repository?: unknown; chart?: unknown; version?: unknown }): { repository: string; chart: string; version: string } {
    for (const key of ["repository", "chart", "version"] as const) {
        checkType(`helmChart.${key}`, c[key], "string");
    }
    const resolved = {
        repository: (c.repository as string | undefined) ?? QOVERY_SA_HELPER_REPOSITORY,
        chart: (c.chart as string | undefined) ?? QOVERY_SA_HELPER_CHART,
        version: (c.version as string | undefined) ?? QOVERY_SA_HELPER_VERSION,
    };
    if (!/^(https?|oci):\/\/\S+$/.test(resolved.repository)) {
        throw new IrsaArgumentError("helmChart.repository", resolved.repository, "a chart repository is an https://, http:// or oci:// URL.");
    }
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(resolved.chart)) {
        throw new IrsaArgumentError("helmChart.chart", resolved.chart, "a chart name has lower-case letters, digits, '.', '_' and '-'.");
    }
    if (!/^\S+$/.test(resolved.version)) {
        throw new IrsaArgumentError("helmChart.version", resolved.version, "a chart version is a non-empty version without spaces, such as 0.1.0.");
    }
    return resolved;
}
