import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { verifyAccessSettings } from "../../src/components/verifyAccess";
import { POD_IDENTITY_VERIFY_ACCESS_SCRIPT, podIdentityVerifyAccessJobManifest } from "../../src/components/verifyPodIdentityAccess";
import { ACCOUNT, TUTORIAL_NAMESPACE, TUTORIAL_SERVICE_ACCOUNT } from "../harness";

const ROLE_NAME = "my-s3-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/eks-qovery-clu-my-s3-role-0d6f1b2c`;
const FAKE_AWS = `#!/bin/sh
echo "$*" >> "$FAKE_AWS_LOG"
if [ -n "\${FAKE_STS_ERROR:-}" ]; then echo "$FAKE_STS_ERROR" >&2; exit 254; fi
echo "$FAKE_CALLER_ARN"
`;

describe("verifyPodIdentityAccess: the Job manifest", () => {
    it("is the verifyAccess Job with the Pod Identity script", () => {
        const manifest = podIdentityVerifyAccessJobManifest({
            name: "s3-reader-verify-access",
            namespace: TUTORIAL_NAMESPACE,
            serviceAccountName: TUTORIAL_SERVICE_ACCOUNT,
            roleName: ROLE_NAME,
            roleArn: ROLE_ARN,
            ...verifyAccessSettings(),
        }) as any;
        const container = manifest.spec.template.spec.containers[0];
        expect(container.command).to.deep.equal(["sh", "-c", POD_IDENTITY_VERIFY_ACCESS_SCRIPT]);
        expect(container.env).to.deep.equal([
            { name: "ROLE_NAME", value: ROLE_NAME },
            { name: "EXPECTED_ROLE_ARN", value: ROLE_ARN },
        ]);
        expect(manifest.spec.template.spec.serviceAccountName).to.equal(TUTORIAL_SERVICE_ACCOUNT);
    });
});

for (const [shellName, shell, shellArgs] of [["dash", "dash", ["-c"]], ["bash --posix", "bash", ["--posix", "-c"]]] as [string, string, string[]][]) {
    describe(`verifyPodIdentityAccess: the script under ${shellName}, against a fake aws`, () => {
        let dir: string;
        let tokenFile: string;
        before(function () {
            if (spawnSync(shell, ["-c", "true"]).status !== 0) {
                this.skip();
            }
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-irsa-podid-"));
            fs.writeFileSync(path.join(dir, "aws"), FAKE_AWS, { mode: 0o755 });
            tokenFile = path.join(dir, "eks-pod-identity-token");
            fs.writeFileSync(tokenFile, "token");
        });
        after(() => dir !== undefined && fs.rmSync(dir, { recursive: true, force: true }));

        function run(overrides: { [name: string]: string | undefined } = {}) {
            const log = path.join(dir, `calls-${Math.random().toString(36).slice(2)}`);
            fs.writeFileSync(log, "");
            const env = {
                ROLE_NAME,
                EXPECTED_ROLE_ARN: ROLE_ARN,
                AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
                AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
                FAKE_CALLER_ARN: SESSION_ARN,
                ...overrides,
            };
            const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as { [name: string]: string };
            const result = spawnSync(shell, [...shellArgs, POD_IDENTITY_VERIFY_ACCESS_SCRIPT], {
                env: { PATH: `${dir}:${process.env.PATH}`, FAKE_AWS_LOG: log, ...defined },
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
            });
            return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: fs.readFileSync(log, "utf8").split("\n").filter((l) => l !== "") };
        }

        it("passes when Pod Identity injected its variables and STS returns a session of the role", () => {
            const result = run();
            expect(result.status).to.equal(0, result.stderr);
            expect(result.stdout).to.equal(`eks-irsa: verified: ${SESSION_ARN} can be assumed through EKS Pod Identity from this ServiceAccount.\n`);
            expect(result.calls).to.deep.equal(["sts get-caller-identity --query Arn --output text"]);
        });

        it("passes a probe and reports it", () => {
            const result = run({ PROBE_COMMAND: "true" });
            expect(result.status).to.equal(0, result.stderr);
            expect(result.stdout).to.include('and the probe "true" passed.');
        });

        it("fails without AWS_CONTAINER_CREDENTIALS_FULL_URI, naming the agent and the association, before calling AWS", () => {
            const result = run({ AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined });
            expect(result.status).to.equal(1);
            expect(result.stderr).to.equal(
                `eks-irsa: AWS_CONTAINER_CREDENTIALS_FULL_URI not set: EKS Pod Identity did not inject role ${ROLE_NAME} into this pod. Check that the ` +
                    "eks-pod-identity-agent add-on runs in the cluster and on this node (not on Fargate or Windows), that the association for this " +
                    "namespace and ServiceAccount exists and existed before the pod, and that no container sets the variable itself.\n",
            );
            expect(result.calls).to.deep.equal([]);
        });

        it("fails without the token file variable, or with a missing file", () => {
            expect(run({ AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: undefined }).stderr).to.match(/^eks-irsa: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE not set: /);
            const missing = path.join(dir, "none");
            expect(run({ AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: missing }).stderr).to.equal(
                `eks-irsa: the Pod Identity token file ${missing} does not exist or is not readable by this container's user.\n`,
            );
        });

        it("fails when IRSA's variables are still injected, since the SDKs would use them first", () => {
            const result = run({ AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile });
            expect(result.status).to.equal(1);
            expect(result.stderr).to.match(/^eks-irsa: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE set: the pod still gets IRSA/);
            expect(result.calls).to.deep.equal([]);
        });

        it("fails when get-caller-identity fails, pointing at the Pod Identity trust", () => {
            const result = run({ FAKE_STS_ERROR: "An error occurred (AccessDenied)" });
            expect(result.status).to.equal(1);
            expect(result.stderr).to.include(`eks-irsa: aws sts get-caller-identity failed with exit status 254 (its error is above), so this pod cannot get ${ROLE_ARN} through EKS Pod Identity.`);
        });

        it("fails on a session of another role, or of the same name in another account", () => {
            for (const got of [`arn:aws:sts::${ACCOUNT}:assumed-role/other/s`, `arn:aws:sts::210987654321:assumed-role/${ROLE_NAME}/s`, `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}-2/s`]) {
                const result = run({ FAKE_CALLER_ARN: got });
                expect(result.status, got).to.equal(1);
                expect(result.stderr).to.include(`returned ${got}, not a session of role ${ROLE_NAME}`);
            }
        });
    });
}
