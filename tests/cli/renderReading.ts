/**
 * What render prints, read as kubectl and Helm read it, against what the mocked `pulumi up` registered: the Namespace,
 * ServiceAccount and Job manifests through kubectl's decoder, the values file through Helm's values reader and through
 * a stand-in of Qovery's chart rendered by Helm's engine, the printed `--set` override arguments through Helm's
 * --set parser, and the Release's generated name through Helm's release-name rule (all in tests/kubereader). The same checks with the `yaml` library reading YAML 1.1 run without Go.
 */
import * as YAML from "yaml";
import { RenderResult } from "../../index";
import { readAsKube, STAND_IN_CHART } from "../kubeReader";

const MANIFEST_TYPES = ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:ServiceAccount", "kubernetes:batch/v1:Job"];
const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** A registered value as JSON carries it (undefined members dropped). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/** The Kubernetes objects the mocked `pulumi up` registered, in render's order (Namespace, ServiceAccount, Job). */
export function registeredManifests(result: RenderResult): unknown[] {
    return MANIFEST_TYPES.flatMap((type) => result.resources.filter((r) => r.type === type).map((r) => asJson(r.inputs)));
}

/** The Helm Release's values as registered, or undefined without one. */
export function registeredValues(result: RenderResult): { serviceAccount: { name: string; annotations: { [key: string]: string } }; awsRoleArn: string } | undefined {
    const release = result.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
    return release === undefined ? undefined : asJson(release.inputs.values);
}

/** What the chart renders from the registered values: the ServiceAccount named and annotated with them. */
export function chartServiceAccount(values: NonNullable<ReturnType<typeof registeredValues>>): unknown {
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: values.serviceAccount.name, annotations: { [ROLE_ARN_ANNOTATION]: values.awsRoleArn, ...values.serviceAccount.annotations } },
    };
}

/** The `--set key=value` arguments render printed (in its comments), as Helm receives them. */
export function printedSetArguments(text: string): string[] {
    return [...text.matchAll(/^# {3}--set (.*)$/gm)].map((m) => m[1]);
}

/** The printed text as the `yaml` library reads YAML 1.1: every document's value, empty ones left out as kubectl does. */
export function readYaml11(text: string): unknown[] {
    return YAML.parseAllDocuments(text, { version: "1.1" })
        .map((document) => {
            if (document.errors.length > 0) {
                throw document.errors[0];
            }
            return document.toJS();
        })
        .filter((value) => value !== null && value !== undefined);
}

/** One render's reading, to compare with what it registered. */
export interface Reading {
    /** kubectl's objects of the output (Manifest and None modes: the manifests; HelmChart: one object, the values). */
    objects?: unknown[];
    values?: unknown;
    chart?: unknown[];
    set?: unknown;
    /** Whether Helm accepts the Release's generated name (`<name>-sa-<8 hex digits>`, a stand-in suffix here). */
    releaseName?: boolean;
    error?: string;
}

/** What each reader expects of a render: the registered objects, values, the chart's ServiceAccount, the --set values. */
export function expectedReading(result: RenderResult, text: string): Reading {
    const values = registeredValues(result);
    if (values === undefined) {
        return { objects: registeredManifests(result) };
    }
    const printed = printedSetArguments(text);
    const set: { [key: string]: unknown } = {};
    if (printed.some((a) => a.startsWith("serviceAccount.name="))) {
        set.serviceAccount = { name: values.serviceAccount.name };
    }
    if (printed.some((a) => a.startsWith("awsRoleArn="))) {
        set.awsRoleArn = values.awsRoleArn;
    }
    return { values, chart: [chartServiceAccount(values)], set, releaseName: true };
}

/**
 * Reads every text with kubereader, in one process: the manifests for renders without a Release; the values, the
 * stand-in chart and the --set arguments for those with one.
 */
export function readRenders(binary: string, renders: { result: RenderResult; text: string }[]): Reading[] {
    const requests = renders.flatMap(({ result, text }) =>
        registeredValues(result) === undefined
            ? [{ command: "manifests", text }]
            : [
                  { command: "values", text },
                  { command: "chart", text },
                  { command: "set", args: printedSetArguments(text), kind: "set" },
                  { command: "release-name", text: `${result.name}-sa-0123abcd` },
              ],
    );
    const answers = readAsKube(binary, "batch", requests, ["--chart", STAND_IN_CHART]);
    let next = 0;
    return renders.map(({ result }) => {
        if (registeredValues(result) === undefined) {
            const answer = answers[next++];
            return answer.error === undefined ? { objects: answer.objects } : { error: answer.error };
        }
        const [values, chart, set, releaseName] = answers.slice(next, (next += 4));
        const error = values.error ?? chart.error ?? set.error;
        return error === undefined ? { values: values.values, chart: chart.objects, set: set.values, releaseName: releaseName.error === undefined } : { error };
    });
}
