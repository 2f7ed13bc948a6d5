import { expect } from "chai";
import { cliInProcess } from "../cliProcess";

const ISSUER_URL = "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::tutorial-bucket/*"}]}';
const base = ["render", "--identity", "pod-identity", "--cluster-name", "prod", "--issuer-url", ISSUER_URL];
const files: { [path: string]: string } = { "session.json": POLICY };
const readFile = (file: string) => {
    if (!(file in files)) {
        throw new Error("ENOENT");
    }
    return files[file];
};

describe("eks-irsa render --session-policy", () => {
    it("passes the session policy to the association and says that it narrows the session", async () => {
        const { code, stdout, stderr } = await cliInProcess([...base, "--disable-session-tags", "--allow-unconditioned-pod-identity-trust", "--session-policy", "@session.json"], { readFile });
        expect([code, stderr]).to.deep.equal([0, ""]);
        expect(stdout).to.contain(
            "#   session policy: a session policy narrows the session: pods get only what both the role's policies and the session policy allow (it allows s3:GetObject); it never grants more than the role.",
        );
        const json = await cliInProcess([...base, "--disable-session-tags", "--allow-unconditioned-pod-identity-trust", "--session-policy", POLICY, "--format", "json"], { readFile });
        expect(JSON.stringify(JSON.parse(json.stdout))).to.contain(JSON.stringify(POLICY));
    });

    it("refuses it with session tags on, naming the argument and the rule", async () => {
        const { code, stderr } = await cliInProcess([...base, "--session-policy", "@session.json"], { readFile });
        expect(code).to.not.equal(0);
        expect(stderr).to.contain('invalid sessionPolicy "(set)": EKS takes an association\'s session policy only with session tags disabled');
    });

    it("names the flag when its file cannot be read", async () => {
        const { code, stderr } = await cliInProcess([...base, "--disable-session-tags", "--allow-unconditioned-pod-identity-trust", "--session-policy", "@missing.json"], { readFile });
        expect(code).to.not.equal(0);
        expect(stderr).to.contain("--session-policy: cannot read missing.json");
    });
});
