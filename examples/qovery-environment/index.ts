import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole } from "eks-irsa";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "z9b830e28-ze23976e2";

// Steps 1-4 of the tutorial: the OIDC provider (looked up, or created by the first stack on the cluster), the
// role only this environment's ServiceAccount may assume, AmazonS3ReadOnlyAccess, and the annotated ServiceAccount.
const s3Reader = new ServiceAccountRole("s3-reader", {
    issuerUrl: config.require("issuerUrl"),
    createOidcProvider: config.getBoolean("createOidcProvider") ?? false,
    namespace,
    serviceAccountName: config.get("serviceAccountName") ?? "my-s3-role",
    policyArns: { s3ReadOnly: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
    roleDescription: "Lists S3 buckets from the Qovery environment's Debian container",
});

// Step 5: the tutorial's Debian container (1 instance, 128 MB) running with the ServiceAccount. The webhook injects
// the role only into pods created after the ServiceAccount exists, hence the dependency.
const debian = new kubernetes.apps.v1.Deployment(
    "debian",
    {
        metadata: { namespace },
        spec: {
            replicas: 1,
            selector: { matchLabels: { app: "debian" } },
            template: {
                metadata: { labels: { app: "debian" } },
                spec: {
                    serviceAccountName: s3Reader.serviceAccountName,
                    containers: [
                        {
                            name: "debian",
                            image: "debian:bookworm-slim",
                            command: ["sleep", "infinity"],
                            resources: { requests: { memory: "128Mi" }, limits: { memory: "128Mi" } },
                        },
                    ],
                },
            },
        },
    },
    { dependsOn: [s3Reader] },
);

export const roleArn = s3Reader.roleArn;
export const trustPolicy = s3Reader.trustPolicy;
export const deployment = debian.metadata.name;
