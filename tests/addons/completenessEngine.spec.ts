import { expect } from "chai";
import { scopedRequests, Scope } from "./completeness";

const SCOPE: Scope = { partition: "aws", account: "111122223333", region: "eu-west-3", names: { BucketName: "data" }, context: {} };

describe("add-on completeness: the requests an upstream statement allows in the caller's scope", () => {
    it("expands a wildcard action over the service's actions, each on `*` when it has no resource-level permission", async () => {
        const { requests } = await scopedRequests("doc", { Statement: [{ Effect: "Allow", Action: "sqs:List*", Resource: "*" }] }, SCOPE);
        const actions = requests.map((request) => request.action);
        expect(actions).to.include.members(["sqs:ListQueues", "sqs:ListQueueTags", "sqs:ListDeadLetterSourceQueues"]);
        expect(actions.every((action) => action.startsWith("sqs:List"))).to.equal(true);
        expect(requests.find((request) => request.action === "sqs:ListQueues")!.resource).to.equal("*");
        expect(requests.find((request) => request.action === "sqs:ListQueueTags")!.resource).to.equal("arn:aws:sqs:eu-west-3:111122223333:example-queuename");
    });

    it("puts an action on `*` on each resource type it touches, with the scope's names, or only the types the scope names", async () => {
        const statement = { Effect: "Allow", Action: "s3:PutObjectTagging", Resource: "*" };
        const all = await scopedRequests("doc", { Statement: [statement] }, SCOPE);
        expect(all.requests.map((request) => request.resource)).to.include("arn:aws:s3:::data/example-objectname");
        const limited = await scopedRequests("doc", { Statement: [statement] }, { ...SCOPE, resourceTypes: { s3: ["object"] } });
        expect(limited.requests.map((request) => request.resource)).to.deep.equal(["arn:aws:s3:::data/example-objectname"]);
    });

    it("meets the statement's conditions, lets the scope's context override them, and names the source", async () => {
        const statement = {
            Sid: "Tagged",
            Effect: "Allow",
            Action: "ec2:DeleteVolume",
            Resource: "arn:aws:ec2:*:*:volume/*",
            Condition: { StringLike: { "ec2:ResourceTag/owner": "*" }, Null: { "aws:RequestTag/x": "true" } },
        };
        const { requests } = await scopedRequests("doc.json", { Statement: [statement] }, { ...SCOPE, context: { "ec2:ResourceTag/owner": "team-a", "aws:RequestTag/x": "1" } });
        expect(requests).to.deep.equal([
            { action: "ec2:DeleteVolume", resource: "arn:aws:ec2:eu-west-3:111122223333:volume/vol-0123456789abcdef0", context: { "ec2:ResourceTag/owner": "team-a" }, source: "doc.json#Tagged" },
        ]);
    });

    it("reports a statement that allows nothing in the scope, and skips Deny statements", async () => {
        const document = {
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "s3:ExistingObjectTag/team": "b" } } },
                { Effect: "Deny", Action: "s3:GetObject", Resource: "*" },
            ],
        };
        const { requests, outside } = await scopedRequests("doc.json", document, { ...SCOPE, context: { "s3:ExistingObjectTag/team": "a" } });
        expect([requests, outside]).to.deep.equal([[], ["doc.json#0"]]);
    });

    it("falls back to upstream's own pattern where the reference's resource types give nothing, so its names must be the caller's", async () => {
        // The reference lists only ELB's classic load balancers for elasticloadbalancing:AddTags; ELBv2's come from upstream.
        const statement = { Effect: "Allow", Action: "elasticloadbalancing:AddTags", Resource: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*" };
        const { requests } = await scopedRequests("doc", { Statement: [statement] }, SCOPE);
        expect(requests.map((request) => request.resource)).to.deep.equal(["arn:aws:elasticloadbalancing:eu-west-3:111122223333:targetgroup/x1/x1"]);
    });

    it("refuses an action the reference does not know, rather than checking nothing", async () => {
        const refused = await scopedRequests("doc", { Statement: [{ Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" }] }, SCOPE).then(
            () => undefined,
            (error: Error) => error.message,
        );
        expect(refused).to.equal("unknown action s3:GetObjekt");
    });
});
