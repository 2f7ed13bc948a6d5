// Issue 28's examples: what render prints is what kubectl and Helm read (go-yaml, YAML 1.1), object for object what the
// mocked `pulumi up` registered; and the values the API server or Helm would refuse at deploy time are refused first.
// Each check reads the output twice: with the `yaml` library in YAML 1.1 mode (always), and with tests/kubereader
// (kubectl's and Helm's own Go libraries) where Go is installed.
import { expect } from "chai";
import { isRenderInputError, renderServiceAccountRole, RenderResult, ServiceAccountMode, WorkloadIdentity } from "../../index";
import { formatRender } from "../../src/cli/cliFormat";
import { RenderFlags } from "../../src/cli/cliOptions";
import { renderRequestFromFlags } from "../../src/cli/renderRequest";
import { KubeReader, kubeReader, readAsKube } from "../kubeReader";
import { expectedReading, printedSetArguments, readRenders, readYaml11, registeredManifests, registeredValues } from "./renderReading";

const ISSUER_URL = "https://oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const INJECTED = "harmless\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: injected\n  namespace: kube-system\n---";

function renderFlags(flags: RenderFlags, files: { [file: string]: string } = {}): Promise<RenderResult> {
    const request = renderRequestFromFlags(flags, (file) => files[file]);
    return renderServiceAccountRole(request.args, request.options);
}

let reader: KubeReader | undefined;
function goReader(): string | undefined {
    reader ??= kubeReader();
    if ("skipped" in reader) {
        return undefined;
    }
    return reader.binary;
}

/**
 * The output read with YAML 1.1 equals what was registered: the manifests (Manifest and None modes), or the values
 * (HelmChart mode); then the same through kubectl's and Helm's readers, the chart and --set included.
 */
function expectReadAsRegistered(result: RenderResult): string {
    const text = formatRender(result, []);
    const values = registeredValues(result);
    expect(readYaml11(text)).to.deep.equal(values === undefined ? registeredManifests(result) : [values]);
    const binary = goReader();
    if (binary !== undefined) {
        expect(readRenders(binary, [{ result, text }])[0]).to.deep.equal(expectedReading(result, text));
    }
    return text;
}

describe("render as kubectl and Helm read it (issue 28)", () => {
    before(function () {
        // The first run builds the reader from the Go module proxy (minutes on a busy machine); later runs find it cached.
        this.timeout(900_000);
        const binary = goReader();
        if (binary === undefined) {
            console.log(`      ${(reader as { skipped: string }).skipped}; the YAML 1.1 checks ran`);
        }
    });

    describe("1. free text stays on its comment line", () => {
        it("a --role-description with line breaks and a ConfigMap after them adds no object to kubectl's reading", async () => {
            const result = await renderFlags({ roleName: "r1", roleDescription: INJECTED });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain("# description: harmless\\u000aapiVersion: v1\\u000akind: ConfigMap");
            expect(text.split("\n").filter((line) => !line.startsWith("#") && line.includes("ConfigMap"))).to.deep.equal([]);
        });

        it("in HelmChart mode the same description cannot rewrite awsRoleArn or serviceAccount.name in the values file", async () => {
            const description = "harmless\nawsRoleArn: arn:aws:iam::999999999999:role/attacker\nserviceAccount:\n  name: default";
            const result = await renderFlags({ roleName: "r1", roleDescription: description, serviceAccountMode: ServiceAccountMode.HelmChart });
            expectReadAsRegistered(result);
            expect(registeredValues(result)!.serviceAccount.name).to.equal("my-s3-role");
        });

        // Each line break in an argument that may hold it: IAM descriptions allow LF and CR, tag values U+2028 and
        // U+2029 (Unicode's separators), an inline policy's strings anything.
        const breaks: [string, string, (text: string) => RenderFlags][] = [
            ["LF", "\n", (text) => ({ roleName: "r1", roleDescription: text })],
            ["CR", "\r", (text) => ({ roleName: "r1", roleDescription: text })],
            ["CR LF", "\r\n", (text) => ({ roleName: "r1", roleDescription: text })],
            ["U+2028", "\u2028", (text) => ({ roleName: "r1", tag: { team: text } })],
            ["U+2029", "\u2029", (text) => ({ roleName: "r1", tag: { team: text } })],
            ["U+0085", "\u0085", (text) => ({ roleName: "r1", inlinePolicy: { read: "@policy.json" }, text })],
        ];
        for (const [name, brk, flags] of breaks) {
            it(`${name} in ${Object.keys(flags("")).filter((k) => k !== "roleName" && k !== "text")[0]} before a document of its own stays in its comment`, async () => {
                const text = `a${brk}kind: ConfigMap${brk}---${brk}x: y`;
                const { text: resource, ...given } = flags(text) as RenderFlags & { text?: string };
                const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${resource}` }] });
                const result = await renderFlags(given, { "policy.json": policy });
                const printed = expectReadAsRegistered(result);
                expect(printed).not.to.match(/[\r\u0085\u2028\u2029]/);
            });
        }

        it("an inline policy written with the JSON escape \\u2028 (raw again after JSON.stringify) stays in its comment", async () => {
            const policy = '{"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/a\\u2028kind: ConfigMap\\u2029---"}]}';
            const result = await renderFlags({ roleName: "r1", inlinePolicy: { read: "@policy.json" } }, { "policy.json": policy });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain('"Resource": "arn:aws:s3:::b/a\\u2028kind: ConfigMap\\u2029---"');
        });

        it("serviceAccountMode None: annotation values with LF are shown escaped, the output holds no object", async () => {
            const result = await renderFlags({ serviceAccountMode: ServiceAccountMode.None, annotation: { "example.com/note": "a\napiVersion: v1\nkind: ConfigMap" } });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain('#   example.com/note: "a\\napiVersion: v1\\nkind: ConfigMap"');
        });
    });

    describe("2. strings YAML 1.1 reads as something else stay strings", () => {
        it("a ServiceAccount named no, labels yes and 1_000, an annotation on: read back as the strings", async () => {
            const result = await renderFlags({ serviceAccountName: "no", label: { yes: "1_000", tier: "yes" }, annotation: { "example.com/flag": "on" } });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain('  name: "no"\n');
            expect(text).to.contain('    "yes": "1_000"\n');
        });

        const WORDS = ["y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "False", "null", "Null", "NULL"];
        const NUMBERS = ["1_000", "0o17", "017", "0x1f", "0b101", "1e3", "1.5", "1", "0", "10_0.5", "2001-12-14", ".inf", "-.5", "+1", "1.", "1:20", "-1:20", "~", ""];

        it("every YAML 1.1 scalar kind as a label key and value: booleans in every case, null, numbers with _, 0o, 0x, 1e3, dates", async () => {
            const valid = [...WORDS, ...NUMBERS].filter((value) => /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value));
            const label = Object.fromEntries(valid.map((value, i) => [i % 2 === 0 ? `l${i}` : value || `l${i}`, value]));
            expectReadAsRegistered(await renderFlags({ label }));
        });

        it("every YAML 1.1 scalar kind as an annotation value, sexagesimal 1:20, ~, .inf and the empty string included", async () => {
            const annotation = Object.fromEntries([...WORDS, ...NUMBERS].map((value, i) => [`example.com/a${i}`, value]));
            expectReadAsRegistered(await renderFlags({ annotation }));
        });

        it("values file: annotations on, yes, 0o17 and one holding U+2028 and U+2029 stay strings, those escaped", async () => {
            const annotation = { "example.com/a": "on", "example.com/b": "yes", "example.com/c": "0o17", "example.com/d": "x\u2028y\u2029z" };
            const result = await renderFlags({ serviceAccountMode: ServiceAccountMode.HelmChart, annotation });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain('  example.com/d: "x\\u2028y\\u2029z"\n');
            expect(text).not.to.match(/[\u0085\u2028\u2029]/);
        });

        it("manifests: an annotation holding U+0085, U+2028 and U+2029 is written escaped and read back as given", async () => {
            const result = await renderFlags({ annotation: { "example.com/d": "x\u0085y\u2028z\u2029" } });
            const text = expectReadAsRegistered(result);
            expect(text).to.contain('    example.com/d: "x\\u0085y\\u2028z\\u2029"\n');
        });

        for (const value of ["x\u0085y", "a\u007f", "a\n\n", "a\u00a0"]) {
            it(`HelmChart mode refuses the annotation ${JSON.stringify(value)}, which the chart's toYaml would not carry intact`, async () => {
                const error = await renderFlags({ serviceAccountMode: ServiceAccountMode.HelmChart, annotation: { "example.com/d": value } }).catch((e) => e);
                expect(error).to.satisfy(isRenderInputError);
                expect(error.message).to.contain(`invalid serviceAccountAnnotations.example.com/d ${JSON.stringify(value)}: the qovery-sa-helper chart writes annotations with Helm's toYaml`);
            });
        }
    });

    describe("3. Qovery's chart and Helm's --set", () => {
        for (const name of ["null", "no", "true", "y", "on", "123", "1e3", "0x1f", "0o17", "1.5", "0"]) {
            it(`HelmChart mode refuses the ServiceAccount name ${name}, which the chart writes unquoted, naming the reason`, async () => {
                const error = await renderFlags({ serviceAccountName: name, serviceAccountMode: ServiceAccountMode.HelmChart }).then(
                    () => undefined,
                    (e) => e,
                );
                expect(error).to.satisfy(isRenderInputError);
                expect(error.message).to.match(new RegExp(`invalid serviceAccountName "${name.replace(".", "\\.")}": the qovery-sa-helper chart writes the ServiceAccount's name unquoted`));
            });
        }

        // Escaped as "a\\,serviceAccount..." for --set, the line pasted into a shell lost the '\\' and Helm read two settings.
        it("a role name with ',' and '=' (a valid IAM name) is not printed as --set, which (or a shell) reads two settings: the values file carries it", async () => {
            const result = await renderFlags({ roleName: "a,serviceAccount.name=default", serviceAccountMode: ServiceAccountMode.HelmChart });
            const text = expectReadAsRegistered(result);
            expect(printedSetArguments(text)).to.deep.equal(["serviceAccount.name=my-s3-role"]);
            expect(text).to.contain('#   awsRoleArn: use the values file: the value holds ",", which --set or a shell (if the line is pasted into one) reads itself');
        });

        // An IAM path may hold $(...) and backticks: the printed --set line ran a command when pasted into a shell.
        it("a role path with $( ) and a backtick is not printed as --set: the values file carries it", async () => {
            const result = await renderFlags({ rolePath: "/$(touch${IFS}pwned);`id`/", serviceAccountMode: ServiceAccountMode.HelmChart });
            const text = expectReadAsRegistered(result);
            expect(printedSetArguments(text)).to.deep.equal(["serviceAccount.name=my-s3-role"]);
            expect(text).not.to.match(/^#.*--set awsRoleArn/m);
            expect(text).to.contain('#   awsRoleArn: use the values file: the value holds "$"');
        });

        it("Helm accepts the Release's generated name for a 41-character component name and the component refuses a 42-character one", async () => {
            const ok = await renderFlags({ name: "a".repeat(41), serviceAccountMode: ServiceAccountMode.HelmChart });
            expect(ok.helmRelease).not.to.equal(undefined);
            const refused = await renderFlags({ name: "a".repeat(42), serviceAccountMode: ServiceAccountMode.HelmChart }).catch((e) => e);
            expect(refused.message).to.match(/invalid name "a{42}": with serviceAccountMode HelmChart the Helm release is named "a{42}-sa-<8 random hex digits>", and Helm accepts at most 53/);
            const binary = goReader();
            if (binary !== undefined) {
                const names = [`${"a".repeat(41)}-sa-0123abcd`, `${"a".repeat(42)}-sa-0123abcd`];
                expect(readAsKube(binary, "release-name", names.map((text) => ({ text }))).map((a) => a.error === undefined)).to.deep.equal([true, false]);
            }
        });

        it("an empty component name is refused naming name, not with Pulumi's \"Missing resource name argument\"", async () => {
            const refused = await renderFlags({ name: "" }).catch((e) => e);
            expect(refused.message).to.equal('invalid name "": the component\'s name is a non-empty string: it names the role and every child resource.');
        });

        it("renderServiceAccountRole refuses an accountId that is not 12 digits, naming it (it goes into every ARN render makes up)", async () => {
            const refused = await renderServiceAccountRole({ issuerUrl: ISSUER_URL, namespace: "apps", serviceAccountName: "reader" }, { accountId: "true\n---" }).catch((e) => e);
            expect(refused.message).to.equal('invalid accountId "true\\n---": an AWS account ID is 12 digits, e.g. 123456789012.');
        });

        for (const name of ["S3-Reader", "s3_reader", "s3.-reader", "-s3"]) {
            it(`HelmChart mode refuses the component name ${name}: Helm's release names are lower-case DNS labels`, async () => {
                const refused = await renderFlags({ name, serviceAccountMode: ServiceAccountMode.HelmChart }).catch((e) => e);
                expect(refused).to.satisfy(isRenderInputError);
                expect(refused.message).to.contain(`invalid name "${name}": with serviceAccountMode HelmChart the Helm release is named`);
            });
        }
    });

    describe("4. what the API server refuses is refused at plan time, what it accepts is accepted", () => {
        const refusal = (args: object, options: Parameters<typeof renderServiceAccountRole>[1] = {}) =>
            renderServiceAccountRole(args as any, options).then(
                () => undefined,
                (e: Error) => e.message,
            );
        const base = { issuerUrl: ISSUER_URL, namespace: "apps", serviceAccountName: "reader", policyArns: { s3: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" } };

        it("annotations over 256 KiB in UTF-8 bytes (131,072 two-byte characters, under 256 Ki characters)", async () => {
            const message = await refusal({ ...base, serviceAccountAnnotations: { "example.com/big": "é".repeat(131_072) } });
            expect(message).to.match(/invalid serviceAccountAnnotations "annotations of 262159 bytes": the ServiceAccount's annotations \(keys and values, in UTF-8 bytes\) total 262159 bytes, over the API server's limit of 262144/);
        });

        it("annotations of 256 KiB in all, the role ARN annotation included, are refused once the ARN is known; one byte less is accepted", async () => {
            const roleArnAnnotation = "eks.amazonaws.com/role-arn".length + "arn:aws:iam::123456789012:role/r1".length;
            const fill = (bytes: number) => ({ ...base, roleName: "r1", serviceAccountAnnotations: { "example.com/big": "x".repeat(bytes - "example.com/big".length - roleArnAnnotation) } });
            expect(await refusal(fill(262_144))).to.equal(undefined);
            expect(await refusal(fill(262_145))).to.match(/invalid serviceAccountAnnotations "annotations of 262145 bytes"/);
        });

        for (const key of ["backoffLimit", "ttlSecondsAfterFinished"]) {
            it(`verifyAccessOptions.${key} of 2^31 (an int32 field of the Job) is refused; 2^31-1 is accepted`, async () => {
                const options = (value: number) => ({ ...base, verifyAccess: true, verifyAccessOptions: { [key]: value } });
                expect(await refusal(options(2 ** 31))).to.match(new RegExp(`invalid verifyAccessOptions\\.${key} 2147483648: .*2147483647 \\(.*int32\\)`));
                expect(await refusal(options(2 ** 31 - 1))).to.equal(undefined);
            });
        }

        it("a memory request above the memory limit is refused, the default limit included", async () => {
            const resources = (r: object) => ({ ...base, verifyAccess: true, verifyAccessOptions: { resources: r } });
            expect(await refusal(resources({ memoryRequest: "1Gi", memoryLimit: "512Mi" }))).to.match(/invalid verifyAccessOptions\.resources\.memoryRequest "1Gi": the memory request \(1Gi\) must not exceed the memory limit \(512Mi\)/);
            expect(await refusal(resources({ memoryRequest: "300Mi" }))).to.match(/must not exceed the memory limit \(256Mi, the default\)/);
            expect(await refusal(resources({ memoryRequest: "256Mi", memoryLimit: "268435456" }))).to.equal(undefined);
        });

        it("an image Go's strings.TrimSpace would trim is refused: U+0085 (which JavaScript's \\s misses), NBSP, U+2028, U+3000", async () => {
            for (const image of ["aws-cli:2\u0085", "\u0085aws-cli:2", "\u00a0aws-cli:2", "aws-cli:2\u2028", "aws-cli:2\u3000"]) {
                const message = await refusal({ ...base, verifyAccess: true, verifyAccessOptions: { image } });
                expect(message, JSON.stringify(image)).to.match(/invalid verifyAccessOptions\.image [\s\S]*an image reference is a non-empty string without white space/);
            }
        });

        it("the quantities 1e3, +1, 1. and .5 (resource.ParseQuantity's) are accepted and passed on as given", async () => {
            const result = await renderServiceAccountRole({ ...base, verifyAccess: true, verifyAccessOptions: { resources: { cpuRequest: "1e3", memoryRequest: "+1", memoryLimit: "1." } } } as any);
            const job = registeredManifests(result)[1] as any;
            expect(job.spec.template.spec.containers[0].resources).to.deep.equal({ requests: { cpu: "1e3", memory: "+1" }, limits: { memory: "1." } });
            expect(await refusal({ ...base, verifyAccess: true, verifyAccessOptions: { resources: { cpuRequest: ".5" } } })).to.equal(undefined);
        });

        it("identity PodIdentity with an audience is refused: no trust statement would check it", async () => {
            const { issuerUrl: _, ...withoutIssuer } = base;
            const args = { ...withoutIssuer, identity: WorkloadIdentity.PodIdentity, clusterName: "prod" };
            const options = { clusterIssuers: { prod: ISSUER_URL } };
            expect(await refusal(args, options)).to.equal(undefined);
            const message = await refusal({ ...args, audience: "sts.amazonaws.com" }, options);
            expect(message).to.match(/invalid audience "sts\.amazonaws\.com": the audience is the IRSA token's, and with identity PodIdentity no trust statement checks it/);
        });
    });
});
