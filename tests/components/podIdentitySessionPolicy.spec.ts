import * as eks from "@pulumi/aws/eks";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ServiceAccountRole, ServiceAccountRoleArgs, WorkloadIdentity } from "../../index";
import {
    checkPodIdentityProviderSupport,
    compareVersions,
    DISABLE_SESSION_TAGS_SINCE,
    installedAwsVersion,
    POD_IDENTITY_ASSOCIATION_SINCE,
    SESSION_POLICY_SINCE,
    TARGET_ROLE_ARN_SINCE,
} from "../../src/components/podIdentityProviderSupport";
import { ACCOUNT, constructorRefusal, installMocks, PROVIDER_ARN, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const CLUSTER = "qovery-cluster";
const SESSION_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::tutorial-bucket/*" }] });
const podArgs: ServiceAccountRoleArgs = {
    oidcProviderArn: PROVIDER_ARN,
    namespace: TUTORIAL_NAMESPACE,
    serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
    policyArns: { s3: S3_READ_ONLY },
    identity: WorkloadIdentity.PodIdentity,
    clusterName: CLUSTER,
};
const untagged: ServiceAccountRoleArgs = { ...podArgs, disableSessionTags: true, allowUnconditionedPodIdentityTrust: true };


describe("ServiceAccountRole sessionPolicy: the associations' session policy", () => {
    it("passes it to every association as policy, with session tags disabled", async () => {
        const world = installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...untagged, sessionPolicy: SESSION_POLICY, additionalServiceAccounts: [{ namespace: "other", name: TUTORIAL_SERVICE_ACCOUNT }] });
        await valueOf(role.roleArn);
        await settle();
        const associations = world.registrations.filter((r) => r.type === ASSOCIATION);
        expect(associations).to.have.length(2);
        for (const association of associations) {
            expect(association.inputs.policy).to.equal(SESSION_POLICY);
            expect(association.inputs.disableSessionTags).to.equal(true);
        }
    });

    it("sends no policy input without one (so an association of an older SDK is unchanged)", async () => {
        const world = installMocks();
        await valueOf(new ServiceAccountRole("s3-reader", podArgs).roleArn);
        await settle();
        expect(world.registrations.find((r) => r.type === ASSOCIATION)!.inputs).to.not.have.property("policy");
    });

    const refusals: [string, ServiceAccountRoleArgs, string][] = [
        ["with session tags on", { ...podArgs, sessionPolicy: SESSION_POLICY }, "invalid sessionPolicy \"(set)\": EKS takes an association's session policy only with session tags disabled"],
        ["with identity Irsa", { ...podArgs, identity: WorkloadIdentity.Irsa, clusterName: undefined, sessionPolicy: SESSION_POLICY }, "which identity Irsa does not create"],
        ["that is not JSON", { ...untagged, sessionPolicy: "{Statement" }, "it is not valid JSON. A session policy is a JSON IAM policy document"],
        ["longer than 2,048 characters", { ...untagged, sessionPolicy: SESSION_POLICY.padEnd(2049, " ") }, "it has 2049 characters; EKS and STS take 1 to 2048"],
        ["empty", { ...untagged, sessionPolicy: "" }, "it has 0 characters"],
        ["with a character outside STS's set", { ...untagged, sessionPolicy: SESSION_POLICY.replace("tutorial", "tut€rial") }, "it contains a character STS refuses"],
        ["with a principal", { ...untagged, sessionPolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] }) }, "Statement 0 names a principal"],
        ["without statements", { ...untagged, sessionPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }, "it has no Statement"],
        ["with a key twice", { ...untagged, sessionPolicy: '{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}]}' }, "it has one key twice in one object"],
        ["with an Effect other than Allow or Deny", { ...untagged, sessionPolicy: JSON.stringify({ Statement: [{ Effect: "allow", Action: "s3:*", Resource: "*" }] }) }, "Statement 0's Effect is not Allow or Deny"],
        ["without a Resource", { ...untagged, sessionPolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*" }] }) }, "exactly one of Resource and NotResource"],
        ["of the wrong type", { ...untagged, sessionPolicy: { Statement: [] } as never }, "sessionPolicy"],
    ];
    for (const [what, args, rule] of refusals) {
        it(`refuses a session policy ${what}, before any child`, async () => {
            const message = constructorRefusal(args);
            expect(message).to.contain(rule);
            expect(message).to.match(/^ServiceAccountRole "s3-reader": invalid sessionPolicy/);
            await settle();
        });
    }

    it("refuses a late session policy with the same message, and never shows a secret one", async () => {
        for (const [value, shown] of [
            [pulumi.output("{Statement"), true],
            [pulumi.secret("{Statement"), false],
        ] as const) {
            const world = installMocks();
            const role = new ServiceAccountRole("s3-reader", { ...untagged, sessionPolicy: value });
            let message = "";
            await valueOf(role.roleArn).catch((e: Error) => (message = e.message));
            expect(message).to.contain("invalid sessionPolicy");
            expect(message).to.contain("it is not valid JSON");
            expect(message.includes("{Statement")).to.equal(shown);
            if (!shown) {
                expect(message).to.contain("(a secret, not shown)");
            }
            await settle().catch(() => undefined);
            expect(world.registrations.filter((r) => r.type === ASSOCIATION && r.inputs.policy !== undefined)).to.deep.equal([]);
        }
    });
});

describe("ServiceAccountRole podIdentityExternalIds", () => {
    it("maps each association's externalId by <namespace>.<ServiceAccount> with targetRoleArn", async () => {
        installMocks();
        const role = new ServiceAccountRole("s3-reader", { ...podArgs, targetRoleArn: "arn:aws:iam::210987654321:role/data-reader" });
        expect(await valueOf(role.podIdentityExternalIds)).to.deep.equal({
            [`${TUTORIAL_NAMESPACE}.${TUTORIAL_SERVICE_ACCOUNT}`]: `eu-west-3/${ACCOUNT}/${CLUSTER}/${TUTORIAL_NAMESPACE}/${TUTORIAL_SERVICE_ACCOUNT}`,
        });
        await settle();
    });

    it("is empty without targetRoleArn and with Irsa", async () => {
        installMocks();
        expect(await valueOf(new ServiceAccountRole("a", podArgs).podIdentityExternalIds)).to.deep.equal({});
        expect(await valueOf(new ServiceAccountRole("b", { ...podArgs, identity: WorkloadIdentity.Irsa, clusterName: undefined }).podIdentityExternalIds)).to.deep.equal({});
        await settle();
    });
});

describe("the installed @pulumi/aws and the association fields the component sets", () => {
    const all = { associations: true, targetRoleArn: true, disableSessionTags: true, sessionPolicy: true };
    const refused = (version: string, needs = all) => {
        try {
            checkPodIdentityProviderSupport(needs, version);
            return undefined;
        } catch (error) {
            return (error as Error).message;
        }
    };

    it("refuses each field at the versions that lack it, naming the argument, the version found and the one needed", () => {
        expect(refused("6.0.0")).to.equal(
            'invalid identity "PodIdentity or Both": the installed @pulumi/aws 6.0.0 has no aws.eks.PodIdentityAssociation (it arrived in 6.13.2), so the association would be created without it. Upgrade @pulumi/aws to 6.13.2 or later, or drop identity.',
        );
        expect(refused("6.13.1")).to.contain("has no aws.eks.PodIdentityAssociation");
        expect(refused("6.13.2")).to.contain("invalid targetRoleArn \"set\": the installed @pulumi/aws 6.13.2 has no PodIdentityAssociation targetRoleArn (it arrived in 7.2.0)");
        expect(refused("6.83.4", { ...all, targetRoleArn: false })).to.contain("invalid disableSessionTags");
        expect(refused("7.2.0")).to.contain('invalid sessionPolicy "(set)": the installed @pulumi/aws 7.2.0 has no PodIdentityAssociation policy (it arrived in 7.40.0)');
        expect(refused("7.39.0")).to.contain("invalid sessionPolicy");
        expect(refused("7.40.0-alpha.1")).to.contain("invalid sessionPolicy");
        expect(refused("7.40.0")).to.equal(undefined);
        expect(refused("7.48.0")).to.equal(undefined);
        expect(refused("6.83.4", { associations: true, targetRoleArn: false, disableSessionTags: false, sessionPolicy: false })).to.equal(undefined);
        expect(refused("6.0.0", { associations: false, targetRoleArn: false, disableSessionTags: false, sessionPolicy: false })).to.equal(undefined);
        expect(refused("local-build")).to.equal(undefined);
    });

    it("orders versions as semver does", () => {
        expect(compareVersions("7.40.0", "7.39.9")).to.be.greaterThan(0);
        expect(compareVersions("7.10.0", "7.9.0")).to.be.greaterThan(0);
        expect(compareVersions("7.24.0-alpha.1773817137", "7.24.0")).to.be.lessThan(0);
        expect(compareVersions("6.13.2", "6.13.2")).to.equal(0);
    });

    it("agrees with the installed SDK: its PodIdentityAssociation forwards exactly the fields the table gives its version", () => {
        const version = installedAwsVersion()!;
        const source = String(eks.PodIdentityAssociation);
        const forwards = (field: string) => source.includes(`resourceInputs["${field}"] = args`);
        expect(forwards("targetRoleArn"), "targetRoleArn").to.equal(compareVersions(version, TARGET_ROLE_ARN_SINCE) >= 0);
        expect(forwards("disableSessionTags"), "disableSessionTags").to.equal(compareVersions(version, DISABLE_SESSION_TAGS_SINCE) >= 0);
        expect(forwards("policy"), "policy").to.equal(compareVersions(version, SESSION_POLICY_SINCE) >= 0);
        expect(compareVersions(version, POD_IDENTITY_ASSOCIATION_SINCE)).to.be.greaterThan(0);
    });
});
