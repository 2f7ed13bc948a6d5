/**
 * Kubernetes quantities (`resource.ParseQuantity` of k8s.io/apimachinery), so that the component accepts exactly what
 * the API server accepts (`1e3`, `+1`, `1.`, `.5`, `128Mi`, `1E`, ...) and compares a request with a limit as it does.
 * The grammar is the parser's own, step by step (sign, leading zeros, digits, `.` and digits, a suffix of
 * `eEinumkKMGTP` letters, an optional sign and digits), then the suffix's meaning: n u m "" k M G T P E (powers of
 * ten), Ki Mi Gi Ti Pi Ei (powers of two), or `e`/`E` and a 64-bit integer (its low 32 bits, as the parser keeps them).
 * tests/kubereader compares it with the Go parser on random strings.
 */

/** A parsed quantity: `mantissa × 10^exponent`, rounded up (away from zero) to the nano unit as the API server stores it. */
export interface Quantity {
    mantissa: bigint;
    exponent: number;
}

const DECIMAL: { [suffix: string]: number } = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: { [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_LETTERS = "eEinumkKMGTP";
const MAX_BINARY = 2n ** 63n - 1n;
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

interface Parts {
    positive: boolean;
    /** The digits before the point, leading zeros stripped ("0" for none). */
    num: string;
    denom: string;
    suffix: string;
    /** Whether the number as written holds a digit: the parser's slow path (inf.Dec) needs one. */
    hasDigit: boolean;
}

/** parseQuantityString: the number's parts and the suffix's text, or undefined where the parser says ErrFormatWrong. */
function parts(text: string): Parts | undefined {
    let pos = 0;
    const positive = text[0] !== "-";
    if (text[0] === "-" || text[0] === "+") {
        pos++;
    }
    while (text[pos] === "0") {
        pos++;
    }
    if (pos >= text.length) {
        return { positive, num: "0", denom: "", suffix: "", hasDigit: true };
    }
    const start = pos;
    while (isDigit(text[pos])) {
        pos++;
    }
    const num = text.slice(start, pos) || "0";
    let denom = "";
    if (text[pos] === ".") {
        const from = ++pos;
        while (isDigit(text[pos])) {
            pos++;
        }
        denom = text.slice(from, pos);
    }
    const suffixStart = pos;
    while (pos < text.length && SUFFIX_LETTERS.includes(text[pos])) {
        pos++;
    }
    if (text[pos] === "-" || text[pos] === "+") {
        pos++;
    }
    while (isDigit(text[pos])) {
        pos++;
    }
    const hasDigit = /\d/.test(text.slice(0, suffixStart));
    return pos < text.length ? undefined : { positive, num, denom, suffix: text.slice(suffixStart), hasDigit };
}

/** The suffix's base and exponent, or undefined (ErrSuffix). */
function suffixOf(suffix: string): { base: 2 | 10; exponent: number } | undefined {
    if (suffix in DECIMAL) {
        return { base: 10, exponent: DECIMAL[suffix] };
    }
    if (suffix in BINARY) {
        return { base: 2, exponent: BINARY[suffix] };
    }
    if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?\d+$/.test(suffix.slice(1))) {
        const parsed = BigInt(suffix.slice(1));
        if (parsed > 2n ** 63n - 1n || parsed < -(2n ** 63n)) {
            return undefined;
        }
        return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)) };
    }
    return undefined;
}

/**
 * Whether ParseQuantity takes its slow path (inf.Dec, which needs a digit) rather than its int64 one: more than 18
 * digits, a scale below nano, a binary suffix with a fraction, or a binary value past its precision or int64.
 */
function slowPath(p: Parts, base: 2 | 10, exponent: number): boolean {
    if (base === 10) {
        return p.num.length + p.denom.length > 18 || exponent - p.denom.length < -9;
    }
    if (p.denom.length > 0 || 14 - p.num.length - (exponent * 3) / 10 < 0) {
        return true;
    }
    return BigInt(p.num) * 2n ** BigInt(exponent) > MAX_BINARY;
}

/** The quantity `text` as the API server reads it, or undefined when `resource.ParseQuantity` refuses it. */
export function parseQuantity(text: string): Quantity | undefined {
    if (text.length === 0) {
        return undefined;
    }
    const p = parts(text);
    const s = p === undefined ? undefined : suffixOf(p.suffix);
    if (p === undefined || s === undefined || (!p.hasDigit && slowPath(p, s.base, s.exponent))) {
        return undefined;
    }
    const sign = p.positive ? 1n : -1n;
    let mantissa = sign * BigInt(p.num + p.denom);
    let exponent = -p.denom.length;
    if (s.base === 2) {
        mantissa *= 2n ** BigInt(s.exponent);
        const cap = MAX_BINARY * 10n ** BigInt(Math.max(0, -exponent));
        const magnitude = mantissa < 0n ? -mantissa : mantissa;
        if (exponent <= 0 && magnitude > cap) {
            mantissa = sign * cap;
        }
    } else {
        exponent += s.exponent;
    }
    if (exponent < -9) {
        // Rounded up, away from zero, to the nano unit.
        const divisor = 10n ** BigInt(-9 - exponent);
        const magnitude = mantissa < 0n ? -mantissa : mantissa;
        mantissa = sign * ((magnitude + divisor - 1n) / divisor);
        exponent = -9;
    }
    return { mantissa, exponent };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
    const signA = a.mantissa === 0n ? 0 : a.mantissa < 0n ? -1 : 1;
    const signB = b.mantissa === 0n ? 0 : b.mantissa < 0n ? -1 : 1;
    if (signA !== signB || signA === 0) {
        return Math.sign(signA - signB);
    }
    // Same sign, both non-zero: compare the magnitudes' orders first, so a huge exponent is never expanded.
    const digits = (q: Quantity) => (q.mantissa < 0n ? -q.mantissa : q.mantissa).toString().length + q.exponent;
    const orderA = digits(a);
    const orderB = digits(b);
    if (orderA !== orderB) {
        return orderA > orderB ? signA : -signA;
    }
    const low = Math.min(a.exponent, b.exponent);
    const scaledA = a.mantissa * 10n ** BigInt(a.exponent - low);
    const scaledB = b.mantissa * 10n ** BigInt(b.exponent - low);
    return scaledA === scaledB ? 0 : scaledA > scaledB ? 1 : -1;
}

/** The quantity as a plain decimal (`1000`, `0.5`, `-0.000000001`), for messages and tests. */
export function quantityDecimal(q: Quantity): string {
    const negative = q.mantissa < 0n;
    const digits = (negative ? -q.mantissa : q.mantissa).toString();
    if (q.mantissa === 0n) {
        return "0";
    }
    if (Math.abs(q.exponent) > 100) {
        return `${negative ? "-" : ""}${digits}e${q.exponent}`;
    }
    let text: string;
    if (q.exponent >= 0) {
        text = digits + "0".repeat(q.exponent);
    } else {
        const padded = digits.padStart(-q.exponent + 1, "0");
        const point = padded.length + q.exponent;
        text = `${padded.slice(0, point)}.${padded.slice(point)}`.replace(/\.?0+$/, "");
    }
    return negative ? `-${text}` : text;
}
