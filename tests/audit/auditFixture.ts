import * as fs from "fs";
import * as path from "path";
import { auditCluster } from "../../src/audit/audit";
import { AuditReport } from "../../src/audit/auditReport";
import { AuditFile, readAuditFiles } from "../../src/audit/readAuditFiles";
import { REPOSITORY_ROOT } from "../harness";

/** The example inputs of docs/audit.md (tests/fixtures/readme): built from the documented output shapes of kubectl, aws and eks. */
export const EXAMPLE_DIR = path.join(REPOSITORY_ROOT, "tests/fixtures/readme");
export const EXAMPLE_FILES = ["kubernetes.json", "iam.json", "eks-cluster.json", "oidc-providers.json", "associations.json"];

/** The example's files parsed, to be changed by a test and audited again. */
export function exampleDocuments(): Record<string, any> {
    return Object.fromEntries(EXAMPLE_FILES.map((f) => [f, JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, f), "utf8"))]));
}

/** Audits documents (name → parsed JSON), as the CLI would read their files. */
export function auditDocuments(documents: Record<string, unknown>, options = {}): AuditReport {
    const files: AuditFile[] = Object.entries(documents).map(([file, document]) => ({ file, text: JSON.stringify(document) }));
    return auditCluster(readAuditFiles(files), options);
}

export const ACCOUNT = "111122223333";
export const ISSUER = "oidc.eks.eu-west-3.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
export const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
export const CLUSTER = `arn:aws:eks:eu-west-3:${ACCOUNT}:cluster/prod`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
