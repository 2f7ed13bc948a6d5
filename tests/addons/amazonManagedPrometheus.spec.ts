import { expect } from "chai";
import { buildAmazonManagedPrometheusPolicy } from "../../src/addons/amazonManagedPrometheus";
import { actionsBeyond, AddonRequest, allows, expectUpstreamAllowsOurRequests, itRefusesEach, refusalOf, upstreamPolicy } from "./upstream";

const IRSA = { partition: "aws", accountId: "111122223333", identity: "irsa" as const };
const WORKSPACE = "arn:aws:aps:eu-west-3:111122223333:workspace/ws-0b5a2a7e-1f6c-4c1e-9a55-1234567890ab";
const OTHER = "arn:aws:aps:eu-west-3:111122223333:workspace/ws-ffffffff-1f6c-4c1e-9a55-1234567890ab";
type Managed = { PolicyVersion: { VersionId: string; Document: ReturnType<typeof upstreamPolicy> } };
const REMOTE_WRITE = (upstreamPolicy("AmazonPrometheusRemoteWriteAccess-v1.json") as unknown as Managed).PolicyVersion;
const QUERY = (upstreamPolicy("AmazonPrometheusQueryAccess-v1.json") as unknown as Managed).PolicyVersion;
const BOTH = { Statement: [...REMOTE_WRITE.Document.Statement, ...QUERY.Document.Statement] };

function build(value: unknown, context = IRSA) {
    return buildAmazonManagedPrometheusPolicy("addonPolicies.amazonManagedPrometheus", value, context);
}

const refusal = refusalOf(build);

describe("addon amazonManagedPrometheus: the document", () => {
    it("writes to the listed workspaces only with remoteWrite", () => {
        expect(build({ workspaceArns: [WORKSPACE], remoteWrite: true })).to.deep.equal({
            document: { Version: "2012-10-17", Statement: [{ Sid: "RemoteWrite", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: [WORKSPACE] }] },
            wildcards: [],
        });
    });

    it("queries the listed workspaces only with query, and does both when both are asked", () => {
        const query = { Sid: "Query", Effect: "Allow", Action: ["aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics"], Resource: [WORKSPACE, OTHER] };
        expect(build({ workspaceArns: [WORKSPACE, OTHER], query: true }).document.Statement).to.deep.equal([query]);
        expect(build({ workspaceArns: [WORKSPACE, OTHER], remoteWrite: true, query: true }).document.Statement).to.deep.equal([
            { Sid: "RemoteWrite", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: [WORKSPACE, OTHER] },
            query,
        ]);
    });

    it("is the same with Pod Identity, and takes another partition's ARNs in that partition", () => {
        const value = { workspaceArns: [WORKSPACE], remoteWrite: true, query: true };
        expect(buildAmazonManagedPrometheusPolicy("addonPolicies.amazonManagedPrometheus", value, { ...IRSA, identity: "podIdentity" })).to.deep.equal(build(value));
        const cn = "arn:aws-cn:aps:cn-north-1:111122223333:workspace/ws-0b5a2a7e";
        expect(buildAmazonManagedPrometheusPolicy("k", { workspaceArns: [cn], query: true }, { partition: "aws-cn", identity: "irsa" }).document.Statement[0].Resource).to.deep.equal([cn]);
    });
});

describe("addon amazonManagedPrometheus: refused inputs", () => {
    const A = "addonPolicies.amazonManagedPrometheus";
    const cases: [string, unknown, string, RegExp][] = [
        ["no workspaces", { remoteWrite: true }, `${A}.workspaceArns`, /a non-empty list of aps ARNs \(workspace\/<workspace ID>\) is required/],
        ["an empty workspace list", { workspaceArns: [], remoteWrite: true }, `${A}.workspaceArns`, /a non-empty list of aps ARNs/],
        ["neither remoteWrite nor query", { workspaceArns: [WORKSPACE] }, A, /set remoteWrite \(send metrics\), query \(read them\), or both/],
        ["both opt-ins false", { workspaceArns: [WORKSPACE], remoteWrite: false, query: false }, A, /set remoteWrite/],
        ["a workspace wildcard", { workspaceArns: ["arn:aws:aps:eu-west-3:111122223333:workspace/*"], remoteWrite: true }, `${A}.workspaceArns[0]`, /wildcards are not accepted/],
        ["a workspace ID", { workspaceArns: ["ws-0b5a2a7e-1f6c-4c1e-9a55-1234567890ab"], remoteWrite: true }, `${A}.workspaceArns[0]`, /an ARN of the form arn:aws:aps:<region>:<account>:workspace\/<workspace ID>/],
        ["a rule groups namespace", { workspaceArns: ["arn:aws:aps:eu-west-3:111122223333:rulegroupsnamespace/ws-0b5a2a7e/rules"], remoteWrite: true }, `${A}.workspaceArns[0]`, /resource part must be workspace\/<workspace ID>/],
        ["a workspace ID with a /", { workspaceArns: [`${WORKSPACE}/api`], remoteWrite: true }, `${A}.workspaceArns[0]`, /resource part/],
        ["a workspace without a region", { workspaceArns: ["arn:aws:aps::111122223333:workspace/ws-0b5a2a7e"], remoteWrite: true }, `${A}.workspaceArns[0]`, /region part/],
        ["a workspace without an account", { workspaceArns: ["arn:aws:aps:eu-west-3::workspace/ws-0b5a2a7e"], remoteWrite: true }, `${A}.workspaceArns[0]`, /account part/],
        ["another partition", { workspaceArns: ["arn:aws-cn:aps:cn-north-1:111122223333:workspace/ws-0b5a2a7e"], remoteWrite: true }, `${A}.workspaceArns[0]`, /partition aws/],
        ["another service's ARN", { workspaceArns: ["arn:aws:grafana:eu-west-3:111122223333:/workspaces/g-0123456789"], query: true }, `${A}.workspaceArns[0]`, /service aps/],
        ["a duplicate workspace", { workspaceArns: [WORKSPACE, WORKSPACE], remoteWrite: true }, `${A}.workspaceArns`, /listed twice/],
        ["a non-boolean opt-in", { workspaceArns: [WORKSPACE], query: "yes" }, `${A}.query`, /true or false/],
        ["a misspelt field", { workspaceArns: [WORKSPACE], remoteWrite: true, queries: true }, `${A}.queries`, /takes only workspaceArns, remoteWrite, query/],
    ];
    itRefusesEach(cases, refusal);
});

describe("addon amazonManagedPrometheus: against AmazonPrometheusRemoteWriteAccess v1 and AmazonPrometheusQueryAccess v1", () => {
    const ours = build({ workspaceArns: [WORKSPACE], remoteWrite: true, query: true }).document;

    it("compares with the managed policies' default versions", () => {
        expect([REMOTE_WRITE.VersionId, QUERY.VersionId]).to.deep.equal(["v1", "v1"]);
    });

    it("grants no action the managed policies do not, each opt-in none beyond its own policy", () => {
        expect(actionsBeyond(ours, BOTH)).to.deep.equal([]);
        expect(actionsBeyond(build({ workspaceArns: [WORKSPACE], remoteWrite: true }).document, REMOTE_WRITE.Document)).to.deep.equal([]);
        expect(actionsBeyond(build({ workspaceArns: [WORKSPACE], query: true }).document, QUERY.Document)).to.deep.equal([]);
    });

    it("allows nothing the managed policies deny", () => {
        expectUpstreamAllowsOurRequests(ours, BOTH, 5);
    });

    it("denies other workspaces and the access not asked for, which the managed policies allow", () => {
        const writeOnly = build({ workspaceArns: [WORKSPACE], remoteWrite: true }).document;
        const queryOnly = build({ workspaceArns: [WORKSPACE], query: true }).document;
        const requests: (AddonRequest & { policy: object })[] = [
            { policy: ours, action: "aps:RemoteWrite", resource: OTHER },
            { policy: ours, action: "aps:QueryMetrics", resource: OTHER },
            { policy: writeOnly, action: "aps:QueryMetrics", resource: WORKSPACE },
            { policy: writeOnly, action: "aps:GetSeries", resource: WORKSPACE },
            { policy: queryOnly, action: "aps:RemoteWrite", resource: WORKSPACE },
        ];
        for (const { policy, ...request } of requests) {
            expect([allows([policy], request), allows([BOTH], request)], `${request.action} ${request.resource}`).to.deep.equal([false, true]);
        }
    });
});
