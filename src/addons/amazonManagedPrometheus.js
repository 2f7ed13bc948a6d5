"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.APS_WORKSPACE_ARN = void 0;
exports.buildAmazonManagedPrometheusPolicy = buildAmazonManagedPrometheusPolicy;
const errors_1 = require("../errors");
const addonPolicy_1 = require("./addonPolicy");
const FIELDS = ["workspaceArns", "remoteWrite", "query"];
/** Amazon Managed Service for Prometheus workspace ARNs: `arn:<partition>:aps:<region>:<account>:workspace/<workspace ID>`. */
exports.APS_WORKSPACE_ARN = {
    service: "aps",
    // The service's workspace ID pattern: [0-9A-Za-z][-.0-9A-Z_a-z]*, 1 to 64 characters.
    resource: /^workspace\/[0-9A-Za-z][-.0-9A-Z_a-z]{0,63}$/,
    resourceForm: "workspace/<workspace ID>",
    regional: true,
    hasAccount: true,
};
/** Builds AMP access: remote write, query, or both, on the listed workspaces only. */
function buildAmazonManagedPrometheusPolicy(argument, value, context) {
    const args = (0, addonPolicy_1.checkFields)(argument, value, FIELDS);
    const workspaces = (0, addonPolicy_1.checkArnList)(`${argument}.workspaceArns`, args.workspaceArns, exports.APS_WORKSPACE_ARN, context);
    const remoteWrite = (0, addonPolicy_1.checkOptIn)(`${argument}.remoteWrite`, args.remoteWrite);
    const query = (0, addonPolicy_1.checkOptIn)(`${argument}.query`, args.query);
    if (!remoteWrite && !query) {
        throw new errors_1.IrsaArgumentError(argument, value, "set remoteWrite (send metrics), query (read them), or both to true: the add-on grants only what is asked for.");
    }
    const statements = [];
    if (remoteWrite) {
        statements.push({ Sid: "RemoteWrite", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: workspaces });
    }
    if (query) {
        statements.push({ Sid: "Query", Effect: "Allow", Action: ["aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics"], Resource: workspaces });
    }
    return { document: { Version: "2012-10-17", Statement: statements }, wildcards: [] };
}
