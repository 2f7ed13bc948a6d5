// src/components/quantity.ts without Go: resource.ParseQuantity's answers on its edge cases (each checked with
// tests/kubereader's quantity command; the property in tests/cli/renderReadingProperty.ts compares thousands more).
import { expect } from "chai";
import { compareQuantities, parseQuantity, quantityDecimal } from "../../src/components/quantity";

describe("quantity: resource.ParseQuantity's grammar and values", () => {
    const accepted: [string, string][] = [
        ["1e3", "1000"],
        ["+1", "1"],
        ["1.", "1"],
        [".5", "0.5"],
        [".", "0"],
        ["-", "0"],
        ["+", "0"],
        ["-0", "0"],
        ["Ki", "0"],
        ["1Ki", "1024"],
        ["1E", "1000000000000000000"],
        ["1.5Ki", "1536"],
        ["0.1m", "0.0001"],
        ["1n", "0.000000001"],
        // Below a nano, rounded up to one, as the API server stores it.
        ["0.0000000001", "0.000000001"],
        ["1e-10", "0.000000001"],
        ["128Mi", "134217728"],
        // The exponent's low 32 bits, as the parser keeps them: 2^32 is 0.
        ["1e4294967296", "1"],
        ["2e+3", "2000"],
        ["1.e3", "1000"],
    ];
    for (const [text, decimal] of accepted) {
        it(`reads ${JSON.stringify(text)} as ${decimal}`, () => {
            expect(quantityDecimal(parseQuantity(text)!)).to.equal(decimal);
        });
    }

    // "Ei": a binary suffix past the int64 path takes inf.Dec's, which needs a digit ("Ki" does not).
    for (const text of ["Ei", "1ki", "1e", " 1", "1_000", "", "1Kib", "0x10", "1e3.5"]) {
        it(`refuses ${JSON.stringify(text)}`, () => {
            expect(parseQuantity(text)).to.equal(undefined);
        });
    }

    it("compares as the API server does, huge exponents included", () => {
        const q = (text: string) => parseQuantity(text)!;
        expect(compareQuantities(q("1Gi"), q("512Mi"))).to.equal(1);
        expect(compareQuantities(q("256Mi"), q("268435456"))).to.equal(0);
        expect(compareQuantities(q("1e-10"), q("1n"))).to.equal(0);
        expect(compareQuantities(q("1e900000000"), q("2e899999999"))).to.equal(1);
        expect(compareQuantities(q("-1"), q("0"))).to.equal(-1);
    });
});
