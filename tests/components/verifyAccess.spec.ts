import * as iam from "@pulumi/aws/iam";
import * as kubernetes from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { Job } from "kubernetes-models/batch/v1";
import * as os from "os";
import * as path from "path";
import { IrsaArgumentError } from "../../src/errors";
import {
    checkVerifyAccessArgs,
    checkVerifyAccessJobName,
    createVerifyAccessJob,
    DEFAULT_VERIFY_ACCESS_IMAGE,
    VERIFY_ACCESS_SCRIPT,
    verifyAccessJobManifest,
    verifyAccessSettings,
} from "../../src/components/verifyAccess";
import { ACCOUNT, installMocks, S3_READ_ONLY, settle, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT, valueOf } from "../harness";

const ROLE_NAME = "my-s3-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/botocore-session-1700000000`;
const LABELS = { "app.kubernetes.io/managed-by": "eks-irsa", "app.kubernetes.io/component": "verify-access" };

/** The tutorial's Job: the S3 reader's role, verified with `aws s3 ls`, every other setting by default. */
const tutorialJob = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
        name: "s3-reader-verify-access",
        namespace: TUTORIAL_NAMESPACE,
        labels: LABELS,
        annotations: { "pulumi.com/replaceUnready": "true" },
    },
    spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 300,
        ttlSecondsAfterFinished: 600,
        template: {
            metadata: { labels: LABELS },
            spec: {
                serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
                restartPolicy: "Never",
                securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "verify-access",
                        image: "public.ecr.aws/aws-cli/aws-cli:2.27.49",
                        command: ["sh", "-c", VERIFY_ACCESS_SCRIPT],
                        env: [
                            { name: "ROLE_NAME", value: ROLE_NAME },
                            { name: "EXPECTED_ROLE_ARN", value: ROLE_ARN },
                            { name: "PROBE_COMMAND", value: "aws s3 ls" },
                        ],
                        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                    },
                ],
            },
        },
    },
};

function tutorialManifest(options = {}) {
    return verifyAccessJobManifest({
        name: "s3-reader-verify-access",
        namespace: TUTORIAL_NAMESPACE,
        serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
        roleName: ROLE_NAME,
        roleArn: ROLE_ARN,
        ...verifyAccessSettings({ probeCommand: "aws s3 ls", ...options }),
    });
}

describe("verifyAccess: the Job manifest", () => {
    it("is exactly the tutorial's Job, and a valid batch/v1 Job by kubernetes-models", () => {
        const manifest = tutorialManifest();
        expect(manifest).to.deep.equal(tutorialJob);
        expect(() => new Job(manifest as any).validate()).not.to.throw();
    });

    it("never sets AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE, which would make the webhook skip the container", () => {
        const env = (tutorialManifest().spec as any).template.spec.containers[0].env.map((e: { name: string }) => e.name);
        expect(env).to.deep.equal(["ROLE_NAME", "EXPECTED_ROLE_ARN", "PROBE_COMMAND"]);
    });

    it("passes only ROLE_NAME without a role ARN or a probe", () => {
        const manifest = verifyAccessJobManifest({
            name: "s3-reader-verify-access",
            namespace: TUTORIAL_NAMESPACE,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            roleName: ROLE_NAME,
            ...verifyAccessSettings(),
        });
        expect((manifest.spec as any).template.spec.containers[0].env).to.deep.equal([{ name: "ROLE_NAME", value: ROLE_NAME }]);
        expect(() => new Job(manifest as any).validate()).not.to.throw();
    });

    it("takes every setting from the options", () => {
        const spec = tutorialManifest({
            image: "registry.example.com/aws-cli:2.27.49",
            timeoutSeconds: 120,
            backoffLimit: 0,
            ttlSecondsAfterFinished: 60,
            resources: { cpuRequest: "10m", memoryRequest: "64Mi", memoryLimit: "1Gi" },
        }).spec as any;
        expect([spec.backoffLimit, spec.activeDeadlineSeconds, spec.ttlSecondsAfterFinished]).to.deep.equal([0, 120, 60]);
        expect(spec.template.spec.containers[0].image).to.equal("registry.example.com/aws-cli:2.27.49");
        expect(spec.template.spec.containers[0].resources).to.deep.equal({ requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "1Gi" } });
    });

    it("defaults to the AWS CLI's official image pinned by tag", () => {
        expect(DEFAULT_VERIFY_ACCESS_IMAGE).to.match(/^public\.ecr\.aws\/aws-cli\/aws-cli:2\.\d+\.\d+$/);
    });
});

/** A fake `aws` first on PATH: it logs its arguments and answers as the FAKE_* variables say. */
const FAKE_AWS = `#!/bin/sh
echo "$*" >> "$FAKE_AWS_LOG"
case "$1 $2" in
  "sts get-caller-identity")
    if [ -n "\${FAKE_STS_ERROR:-}" ]; then echo "$FAKE_STS_ERROR" >&2; exit 254; fi
    echo "$FAKE_CALLER_ARN" ;;
  "s3 ls")
    if [ "\${FAKE_S3_STATUS:-0}" -ne 0 ]; then
      echo "An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied" >&2
      exit "$FAKE_S3_STATUS"
    fi
    echo "2022-09-23 06:56:38 aws-cloudtrail-logs-qovery" ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 2 ;;
esac
`;

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    /** The arguments of every `aws` call, in order. */
    calls: string[];
}

// The AWS CLI image's `sh` is bash in POSIX mode; Debian's is dash. The script must behave the same in both.
const SHELLS: [string, string[]][] = [
    ["dash", ["dash", "-c"]],
    ["bash --posix", ["bash", "--posix", "-c"]],
];

for (const [shellName, [shell, ...shellArgs]] of SHELLS) {
    describe(`verifyAccess: the script under ${shellName}, against a fake aws`, () => {
        let dir: string;
        let tokenFile: string;
        before(function () {
            if (spawnSync(shell, ["-c", "true"]).status !== 0) {
                this.skip();
            }
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-verify-"));
            fs.writeFileSync(path.join(dir, "aws"), FAKE_AWS, { mode: 0o755 });
            tokenFile = path.join(dir, "token");
            fs.writeFileSync(tokenFile, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        });
        after(() => {
            if (dir !== undefined) {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        /** Runs the script in a clean environment: only PATH, the webhook's variables and the container's. */
        function run(env: { [name: string]: string | undefined }): Run {
            const log = path.join(dir, `calls-${Math.random().toString(36).slice(2)}`);
            fs.writeFileSync(log, "");
            const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as { [name: string]: string };
            const result = spawnSync(shell, [...shellArgs, VERIFY_ACCESS_SCRIPT], {
                env: { PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_LOG: log, ...defined },
                encoding: "utf8",
                // Bash reads ~/.bashrc when its stdin is a socket, as Node's pipes are.
                stdio: ["ignore", "pipe", "pipe"],
            });
            const calls = fs.readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
            return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
        }

        /** A pod the webhook mutated for the role, whose CLI gets `callerArn` back from STS. */
        function pod(overrides: { [name: string]: string | undefined } = {}): { [name: string]: string | undefined } {
            return {
                ROLE_NAME,
                AWS_ROLE_ARN: ROLE_ARN,
                AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
                FAKE_CALLER_ARN: SESSION_ARN,
                ...overrides,
            };
        }

        describe("success", () => {
            it("passes when STS returns a session of the role, asking for the ARN as text", () => {
                const result = run(pod());
                expect(result.status).to.equal(0, result.stderr);
                expect(result.stdout).to.equal(`eks-irsa: verified: ${SESSION_ARN} can be assumed from this ServiceAccount.\n`);
                expect(result.stderr).to.equal("");
                expect(result.calls).to.deep.equal(["sts get-caller-identity --query Arn --output text"]);
            });

            it("passes with EXPECTED_ROLE_ARN when the injected ARN, partition and account are the role's, path included", () => {
                const roleArn = `arn:aws-cn:iam::${ACCOUNT}:role/irsa/team/${ROLE_NAME}`;
                const sessionArn = `arn:aws-cn:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/botocore-session-1`;
                const result = run(pod({ AWS_ROLE_ARN: roleArn, EXPECTED_ROLE_ARN: roleArn, FAKE_CALLER_ARN: sessionArn }));
                expect(result.status).to.equal(0, result.stderr);
                expect(result.stdout).to.equal(`eks-irsa: verified: ${sessionArn} can be assumed from this ServiceAccount.\n`);
            });

            it("takes a role name of every character IAM allows literally", () => {
                const name = "a+b=c,d.e@f_g-h";
                const result = run(
                    pod({ ROLE_NAME: name, AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/${name}`, FAKE_CALLER_ARN: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s` }),
                );
                expect(result.status).to.equal(0, result.stderr);
            });
        });

        describe("the webhook's variables", () => {
            it("fails without either variable, naming both, the annotation and the webhook, before calling AWS", () => {
                const result = run(pod({ AWS_ROLE_ARN: undefined, AWS_WEB_IDENTITY_TOKEN_FILE: undefined }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `eks-irsa: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE not set: the EKS pod identity webhook did not inject role ${ROLE_NAME} into this pod. ` +
                        "Check that the ServiceAccount has the eks.amazonaws.com/role-arn annotation and existed before the pod, that the webhook runs in the cluster, " +
                        "and that no container sets these variables itself.\n",
                );
                expect(result.stdout).to.equal("");
                expect(result.calls).to.deep.equal([]);
            });

            it("names the one variable that is missing", () => {
                const result = run(pod({ AWS_WEB_IDENTITY_TOKEN_FILE: "" }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.match(/^eks-irsa: AWS_WEB_IDENTITY_TOKEN_FILE not set: /);
                expect(run(pod({ AWS_ROLE_ARN: undefined })).stderr).to.match(/^eks-irsa: AWS_ROLE_ARN not set: /);
            });

            it("fails when the token file does not exist", () => {
                const missing = path.join(dir, "no-token");
                const result = run(pod({ AWS_WEB_IDENTITY_TOKEN_FILE: missing }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `eks-irsa: the web identity token file ${missing} does not exist: the webhook set the variables but the projected token volume is not mounted.\n`,
                );
                expect(result.calls).to.deep.equal([]);
            });

            it("fails when the annotation names another role, before calling AWS", () => {
                const other = `arn:aws:iam::${ACCOUNT}:role/other-role`;
                const result = run(pod({ AWS_ROLE_ARN: other }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `eks-irsa: AWS_ROLE_ARN is ${other}, not an ARN of role ${ROLE_NAME}: the ServiceAccount's eks.amazonaws.com/role-arn annotation names another role.\n`,
                );
                expect(result.calls).to.deep.equal([]);
            });

            it("with EXPECTED_ROLE_ARN, fails on any other injected ARN, even the same name in another account", () => {
                const other = `arn:aws:iam::210987654321:role/${ROLE_NAME}`;
                const result = run(pod({ AWS_ROLE_ARN: other, EXPECTED_ROLE_ARN: ROLE_ARN }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `eks-irsa: AWS_ROLE_ARN is ${other}, not ${ROLE_ARN}: the ServiceAccount's eks.amazonaws.com/role-arn annotation names another role.\n`,
                );
            });

            it("fails without ROLE_NAME", () => {
                const result = run(pod({ ROLE_NAME: undefined }));
                expect(result.status).to.not.equal(0);
                expect(result.stderr).to.include("ROLE_NAME is not set");
                expect(result.calls).to.deep.equal([]);
            });
        });

        describe("the caller identity", () => {
            it("fails on a session of another role, showing the ARN it got", () => {
                const got = `arn:aws:sts::${ACCOUNT}:assumed-role/other-role/botocore-session-1`;
                const result = run(pod({ FAKE_CALLER_ARN: got }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `eks-irsa: aws sts get-caller-identity returned ${got}, not a session of role ${ROLE_NAME} ` +
                        `(arn:<partition>:sts::<account>:assumed-role/${ROLE_NAME}/<session>): the AWS CLI used other credentials.\n`,
                );
                expect(result.stdout).to.equal("");
            });

            it("does not take a role whose name starts with the role's name (my-s3-role-2 for my-s3-role)", () => {
                const got = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}-2/botocore-session-1`;
                expect(run(pod({ FAKE_CALLER_ARN: got })).status).to.equal(1);
                expect(run(pod({ FAKE_CALLER_ARN: got, EXPECTED_ROLE_ARN: ROLE_ARN })).status).to.equal(1);
            });

            it("does not take a role whose name ends with the role's name (x-my-s3-role), nor an IAM user or a bare role ARN", () => {
                for (const got of [
                    `arn:aws:sts::${ACCOUNT}:assumed-role/x-${ROLE_NAME}/s`,
                    `arn:aws:iam::${ACCOUNT}:user/${ROLE_NAME}`,
                    `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/`,
                ]) {
                    expect(run(pod({ FAKE_CALLER_ARN: got })).status, got).to.equal(1);
                    expect(run(pod({ FAKE_CALLER_ARN: got, EXPECTED_ROLE_ARN: ROLE_ARN })).status, got).to.equal(1);
                }
            });

            it("with EXPECTED_ROLE_ARN, fails on a session of the same role name in another account or partition", () => {
                for (const got of [`arn:aws:sts::210987654321:assumed-role/${ROLE_NAME}/s`, `arn:aws-cn:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/s`]) {
                    const result = run(pod({ FAKE_CALLER_ARN: got, EXPECTED_ROLE_ARN: ROLE_ARN }));
                    expect(result.status, got).to.equal(1);
                    expect(result.stderr).to.include(`returned ${got}, not a session of role ${ROLE_NAME}`);
                }
            });

            it("fails when get-caller-identity fails, keeping the CLI's error and skipping the probe", () => {
                const error = "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";
                const result = run(pod({ FAKE_STS_ERROR: error, PROBE_COMMAND: "aws s3 ls" }));
                expect(result.status).to.equal(1);
                expect(result.stderr).to.equal(
                    `${error}\neks-irsa: aws sts get-caller-identity failed with exit status 254 (its error is above), so this pod cannot assume ${ROLE_ARN}. ` +
                        "Check the role's trust policy (the cluster's OIDC provider, the audience, system:serviceaccount:<namespace>:<name>) and that the provider exists in IAM.\n",
                );
                expect(result.calls).to.deep.equal(["sts get-caller-identity --query Arn --output text"]);
            });
        });

        describe("the probe", () => {
            it("runs the tutorial's aws s3 ls after the identity check and passes with it", () => {
                const result = run(pod({ PROBE_COMMAND: "aws s3 ls" }));
                expect(result.status).to.equal(0, result.stderr);
                expect(result.stdout).to.equal(
                    `eks-irsa: ${SESSION_ARN} assumed; running the probe: aws s3 ls\n` +
                        "2022-09-23 06:56:38 aws-cloudtrail-logs-qovery\n" +
                        `eks-irsa: verified: ${SESSION_ARN} can be assumed from this ServiceAccount, and the probe "aws s3 ls" passed.\n`,
                );
                expect(result.calls).to.deep.equal(["sts get-caller-identity --query Arn --output text", "s3 ls"]);
            });

            it("fails with the probe's exit status and says the role lacks a permission", () => {
                const result = run(pod({ PROBE_COMMAND: "aws s3 ls", FAKE_S3_STATUS: "254" }));
                expect(result.status).to.equal(254);
                expect(result.stderr).to.equal(
                    "An error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied\n" +
                        `eks-irsa: the probe "aws s3 ls" failed with exit status 254: role ${ROLE_NAME} can be assumed but its policies do not allow what the probe does.\n`,
                );
                expect(result.stdout).to.not.include("verified");
            });

            it("runs the probe as shell code of its own, with the container's environment", () => {
                const result = run(pod({ PROBE_COMMAND: 'aws s3 ls >/dev/null && test "$ROLE_NAME" = my-s3-role && echo probe-ok' }));
                expect(result.status).to.equal(0, result.stderr);
                expect(result.stdout).to.include("\nprobe-ok\n");
                expect(run(pod({ PROBE_COMMAND: "exit 3" })).status).to.equal(3);
            });
        });
    });
}

describe("verifyAccess: createVerifyAccessJob under mocks", () => {
    let world: ReturnType<typeof installMocks>;
    let parentUrn: string;
    let dependencyUrns: string[];
    let job: kubernetes.batch.v1.Job;
    before(async () => {
        world = installMocks();
        const parent = new pulumi.ComponentResource("test:index:Parent", "s3-reader");
        // No Role here: the harness records every trust policy and ServiceAccount for the oracle and manifest checks.
        const attachment = new iam.RolePolicyAttachment("s3-reader-s3", { role: ROLE_NAME, policyArn: S3_READ_ONLY }, { parent });
        const serviceAccount = new kubernetes.core.v1.ServiceAccount(
            "s3-reader-sa",
            { metadata: { name: TUTORIAL_SERVICE_ACCOUNT, namespace: TUTORIAL_NAMESPACE, annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN } } },
            { parent },
        );
        job = createVerifyAccessJob(
            "s3-reader",
            {
                namespace: TUTORIAL_NAMESPACE,
                serviceAccountName: serviceAccount.metadata.name,
                roleName: attachment.role,
                roleArn: pulumi.output(ROLE_ARN),
                options: pulumi.output({ probeCommand: pulumi.output("aws s3 ls") }),
            },
            parent,
            [serviceAccount, attachment],
        );
        parentUrn = await valueOf(parent.urn);
        dependencyUrns = [await valueOf(serviceAccount.urn), await valueOf(attachment.urn)];
        await valueOf(job.urn);
        await settle();
    });

    it("registers the Job <name>-verify-access as a child of the parent, after the ServiceAccount and the attachment", () => {
        const registration = world.byName("s3-reader-verify-access", "kubernetes:batch/v1:Job");
        expect(registration.parent).to.equal(parentUrn);
        expect(registration.dependencies).to.include.members(dependencyUrns);
    });

    it("sends exactly the tutorial's manifest, built from the resolved inputs", () => {
        expect(world.byName("s3-reader-verify-access", "kubernetes:batch/v1:Job").inputs).to.deep.equal(tutorialJob);
    });
});

describe("verifyAccess: validation", () => {
    function errorOf(fn: () => void): IrsaArgumentError {
        try {
            fn();
        } catch (error) {
            expect(error).to.be.instanceOf(IrsaArgumentError);
            return error as IrsaArgumentError;
        }
        throw new Error("expected an IrsaArgumentError");
    }

    it("accepts no options, and every default", () => {
        expect(() => checkVerifyAccessArgs({})).not.to.throw();
        const { probeCommand: _, cpuRequest, memoryRequest, memoryLimit, ...settings } = verifyAccessSettings();
        expect(() => checkVerifyAccessArgs({ ...settings, probeCommand: "aws s3 ls", resources: { cpuRequest, memoryRequest, memoryLimit } })).not.to.throw();
    });

    const cases: [string, object, string][] = [
        ["verifyAccessOptions.image", { image: "" }, 'invalid verifyAccessOptions.image "": an image reference is a non-empty string without white space'],
        ["verifyAccessOptions.image", { image: "aws-cli latest" }, 'invalid verifyAccessOptions.image "aws-cli latest": an image reference'],
        ["verifyAccessOptions.probeCommand", { probeCommand: "  " }, 'invalid verifyAccessOptions.probeCommand "  ": a probe is a shell command'],
        ["verifyAccessOptions.timeoutSeconds", { timeoutSeconds: 0 }, "invalid verifyAccessOptions.timeoutSeconds 0: the Job's deadline is a whole number of seconds from 1 to 600"],
        ["verifyAccessOptions.timeoutSeconds", { timeoutSeconds: 1.5 }, "invalid verifyAccessOptions.timeoutSeconds 1.5:"],
        ["verifyAccessOptions.timeoutSeconds", { timeoutSeconds: 601 }, "invalid verifyAccessOptions.timeoutSeconds 601:"],
        ["verifyAccessOptions.backoffLimit", { backoffLimit: -1 }, "invalid verifyAccessOptions.backoffLimit -1: the number of retries is a whole number from 0 to 2147483647"],
        ["verifyAccessOptions.ttlSecondsAfterFinished", { ttlSecondsAfterFinished: 0 }, "invalid verifyAccessOptions.ttlSecondsAfterFinished 0: this is a whole number of seconds from 1 to 2147483647"],
        ["verifyAccessOptions.resources.memoryLimit", { resources: { memoryLimit: "256MB" } }, 'invalid verifyAccessOptions.resources.memoryLimit "256MB": a Kubernetes quantity'],
        ["verifyAccessOptions.resources.cpuRequest", { resources: { cpuRequest: "half" } }, 'invalid verifyAccessOptions.resources.cpuRequest "half":'],
    ];
    for (const [argument, options, message] of cases) {
        it(`refuses ${JSON.stringify(options)}, naming ${argument}`, () => {
            const error = errorOf(() => checkVerifyAccessArgs(options));
            expect(error.argument).to.equal(argument);
            expect(error.message.startsWith(message), error.message).to.equal(true);
        });
    }

    it("accepts backoffLimit 0 and the deadline's bounds", () => {
        expect(() => checkVerifyAccessArgs({ backoffLimit: 0, timeoutSeconds: 1 })).not.to.throw();
        expect(() => checkVerifyAccessArgs({ timeoutSeconds: 600 })).not.to.throw();
    });

    it("names the argument after the caller's prefix", () => {
        expect(errorOf(() => checkVerifyAccessArgs({ backoffLimit: -1 }, "verify")).argument).to.equal("verify.backoffLimit");
    });

    it("takes component names that make a Job name of at most 63 characters", () => {
        expect(() => checkVerifyAccessJobName("s3-reader")).not.to.throw();
        expect(() => checkVerifyAccessJobName("a".repeat(49))).not.to.throw();
        const error = errorOf(() => checkVerifyAccessJobName("a".repeat(50)));
        expect(error.argument).to.equal("name");
        expect(error.message).to.include(`the Job is named "${"a".repeat(50)}-verify-access", which must have at most 63`);
        expect(error.message).to.include("use a component name of at most 49 such characters.");
        expect(errorOf(() => checkVerifyAccessJobName("S3Reader")).argument).to.equal("name");
    });
});
