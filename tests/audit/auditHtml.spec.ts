import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { formatAuditHtml } from "../../src/cli/auditHtml";
import { REPOSITORY_ROOT } from "../harness";
import { auditDocuments, exampleDocuments } from "./auditFixture";

/** Debian's chromium, where installed (`apt-get install -y chromium`); the browser test runs only there. */
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => fs.existsSync(file));
/** Where the test leaves the page and its screenshot for a person to look at. */
export const HTML_OUTPUT = path.join(REPOSITORY_ROOT, "bin/test-output/audit");

describe("eks-irsa audit --format html: the page in a real browser", function () {
    const report = auditDocuments(exampleDocuments());
    const html = formatAuditHtml(report);

    it("is one self-contained file: no external script, style, image or link, and a CSP that forbids the network", () => {
        expect(html).to.not.match(/<(script|img|link|iframe)[^>]+(src|href)=/i);
        expect(html).to.contain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    });

    it("shows the nodes, edges and findings of the report, makes no request and logs no error; search filters", async function () {
        if (CHROMIUM === undefined) {
            console.log("    audit html browser test not run: no chromium at /usr/bin/chromium (apt-get install -y chromium)");
            this.skip();
        }
        this.timeout(60000);
        fs.mkdirSync(HTML_OUTPUT, { recursive: true });
        const page = path.join(HTML_OUTPUT, "audit.html");
        fs.writeFileSync(page, html);
        const { chromium } = await import("playwright-core");
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
        try {
            const tab = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
            const requests: string[] = [];
            const errors: string[] = [];
            tab.on("request", (request) => requests.push(request.url()));
            tab.on("console", (message) => (message.type() === "error" || message.type() === "warning" ? errors.push(message.text()) : undefined));
            tab.on("pageerror", (error) => errors.push(error.message));
            await tab.goto(`file://${page}`);
            // Evaluated in the page, as text: the specs are compiled without the DOM's types.
            const shown = (await tab.evaluate(`({
                nodes: [...document.querySelectorAll(".node")].map((n) => n.classList[1] + " " + n.textContent),
                edges: document.querySelectorAll("path.edge").length,
                dashed: document.querySelectorAll("path.edge.unconfigured").length,
                findings: [...document.querySelectorAll("#findings tbody tr")].map((r) => r.children[1].textContent),
            })`)) as { nodes: string[]; edges: number; dashed: number; findings: string[] };
            expect(shown.nodes).to.include.members([
                "pod payments/api-7d9f8b6c5-x2k4p",
                "serviceAccount payments/api",
                "role 111122223333/payments-api",
                "role 444455556666/artifact-writer",
                "serviceAccount team-a/default",
            ]);
            expect(shown.nodes).to.have.length(23);
            expect([shown.edges, shown.dashed]).to.deep.equal([17, 4]);
            expect(shown.findings).to.deep.equal(report.findings.map((f) => f.code));
            await tab.fill("#search", "payments-api");
            const searched = await tab.evaluate(`({
                hits: [...document.querySelectorAll(".node.hit")].map((n) => n.textContent),
                rows: document.querySelectorAll("#findings tbody tr:not(.hidden)").length,
                shown: document.getElementById("shown").textContent,
            })`);
            expect(searched).to.deep.equal({ hits: ["111122223333/payments-api"], rows: 0, shown: "0" });
            await tab.fill("#search", "");
            await tab.screenshot({ path: path.join(HTML_OUTPUT, "audit.png"), fullPage: true });
            expect(requests).to.deep.equal([`file://${page}`]);
            expect(errors).to.deep.equal([]);
        } finally {
            await browser.close();
        }
    });
});
