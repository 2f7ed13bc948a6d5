import * as pulumi from "@pulumi/pulumi";
import { IrsaArgumentError } from "../errors";
import { AddonContext, AddonPolicyStatement, ArnRule, BuiltAddonPolicy, checkArnList, checkFields, checkOptIn } from "./addonPolicy";

/**
 * Scoping inputs of Amazon Managed Service for Prometheus access: AWS's managed policies
 * `AmazonPrometheusRemoteWriteAccess` (v1, what a Prometheus server, the ADOT collector or the CloudWatch agent needs
 * to send metrics) and `AmazonPrometheusQueryAccess` (v1, what Grafana or a query client needs), both on `*` upstream.
 */
export interface AmazonManagedPrometheusAddonArgs {
    /**
     * The workspaces the role may write to or query, as ARNs `arn:<partition>:aps:<region>:<account>:workspace/<workspace ID>`
     * (e.g. `.../workspace/ws-...`, a workspace's `arn` output). Required.
     */
    workspaceArns?: pulumi.Input<pulumi.Input<string>[]>;
    /** Allow sending metrics (`aps:RemoteWrite`, `AmazonPrometheusRemoteWriteAccess`). Defaults to false; `remoteWrite` or `query` must be true. */
    remoteWrite?: pulumi.Input<boolean>;
    /**
     * Allow querying (`aps:QueryMetrics`, `aps:GetSeries`, `aps:GetLabels`, `aps:GetMetricMetadata`,
     * `AmazonPrometheusQueryAccess`). Defaults to false; `remoteWrite` or `query` must be true.
     */
    query?: pulumi.Input<boolean>;
}

const FIELDS = ["workspaceArns", "remoteWrite", "query"] as const;

/** Amazon Managed Service for Prometheus workspace ARNs: `arn:<partition>:aps:<region>:<account>:workspace/<workspace ID>`. */
export const APS_WORKSPACE_ARN: ArnRule = {
    service: "aps",
    // The service's workspace ID pattern: [0-9A-Za-z][-.0-9A-Z_a-z]*, 1 to 64 characters.
    resource: /^workspace\/[0-9A-Za-z][-.0-9A-Z_a-z]{0,63}$/,
    resourceForm: "workspace/<workspace ID>",
    regional: true,
    hasAccount: true,
};

/** Builds AMP access: remote write, query, or both, on the listed workspaces only. */
export function buildAmazonManagedPrometheusPolicy(argument: string, value: unknown, context: AddonContext): BuiltAddonPolicy {
    const args = checkFields(argument, value, FIELDS);
    const workspaces = checkArnList(`${argument}.workspaceArns`, args.workspaceArns, APS_WORKSPACE_ARN, context);
    const remoteWrite = checkOptIn(`${argument}.remoteWrite`, args.remoteWrite);
    const query = checkOptIn(`${argument}.query`, args.query);
    if (!remoteWrite && !query) {
        throw new IrsaArgumentError(argument, value, "set remoteWrite (send metrics), query (read them), or both to true: the add-on grants only what is asked for.");
    }
    const statements: AddonPolicyStatement[] = [];
    if (remoteWrite) {
        statements.push({ Sid: "RemoteWrite", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: workspaces });
    }
    if (query) {
        statements.push({ Sid: "Query", Effect: "Allow", Action: ["aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics"], Resource: workspaces });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
