/**
 * YAML for the readers that take render's output: kubectl and Helm read YAML 1.1 through go-yaml (`sigs.k8s.io/yaml`),
 * where `no`, `on`, `y`, `1_000`, `0o17`, `1e3`, `1:20` or `~` are not strings, and where U+0085, U+2028 and U+2029
 * break lines. The `yaml` library writes YAML 1.2, and even its 1.1 mode leaves `0o17` plain and U+2028 raw inside
 * quotes; so render writes its own, small and strict: a string is plain only when it cannot be read as anything else
 * in YAML 1.1 or 1.2, a multi-line string of printable text is a block literal with an explicit indentation, and every
 * other string is double-quoted with JSON's escapes (valid YAML 1.1 and 1.2) for everything that is not printable text.
 * tests/kubereader reads it back with go-yaml to prove it.
 */

/** A value render writes: what `JSON.parse` gives. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json } | undefined;

// A plain scalar: starts with a letter or '/', then letters, digits and ._/@+=,:- (no ": " and no " #" since no spaces).
const PLAIN = /^[A-Za-z/][\w./@+=,:-]*$/;
// Words some YAML version reads as a boolean or null (YAML 1.1's y/n/yes/no/on/off, every case: go-yaml resolves the
// listed spellings only, but quoting every case costs nothing).
const WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;
// Characters a YAML stream may hold raw, outside quotes and inside, without breaking a line (go-yaml's reader refuses
// C0/C1 controls, DEL, U+FFFE/U+FFFF; it breaks lines on CR, LF, U+0085, U+2028 and U+2029; U+FEFF is a BOM).
const UNSAFE = /[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\ud800-\udfff]/g;
// Text a block literal can hold: printable characters, tabs and LF.
const LITERAL = /^[\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

/** Whether `text` may be written plain: it reads back as this very string in YAML 1.1 (go-yaml) and 1.2. */
export function isPlainSafe(text: string): boolean {
    return PLAIN.test(text) && !WORDS.test(text) && !text.endsWith(":");
}

/**
 * `text` as a double-quoted YAML scalar that is also a JSON string: JSON's escapes, plus `\uXXXX` for every character
 * that is not printable text (DEL, C1 controls including U+0085, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF) and for a
 * lone surrogate. The result holds only printable characters and no line break.
 */
export function quoted(text: string): string {
    return JSON.stringify(text).replace(UNSAFE, escapeChar);
}

/**
 * Free text for one line of a `# ...` comment: every line break and character a YAML stream may not hold raw becomes its
 * JSON escape (`\u000a`, `\u2028`, ...), nothing else changes, so the text can never end the comment.
 */
export function commentSafe(text: string): string {
    return text.replace(UNSAFE, escapeChar);
}

// Surrogates pass UNSAFE one by one: a pair is a printable character; a lone one is written as U+FFFD in UTF-8.
function escapeChar(char: string): string {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `text` as a one-line YAML scalar: plain when isPlainSafe, else quoted. */
export function yamlScalar(text: string): string {
    return isPlainSafe(text) ? text : quoted(text);
}

/**
 * A block literal (`|`) with its indentation indicator, so that leading spaces and blank lines never confuse the reader's
 * indentation detection, and its chomping indicator for the exact trailing line breaks.
 */
function literal(text: string, indent: string): string {
    const trailing = /\n*$/.exec(text)![0].length;
    const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
    const body = trailing === 0 ? text : text.slice(0, -1);
    const lines = body.split("\n").map((line) => (line === "" ? "" : `${indent}  ${line}`));
    return `|2${chomp}\n${lines.join("\n")}`;
}

function isMultiLine(text: string): boolean {
    // Block literals keep tabs and text as written; a line with trailing spaces or tabs is kept too (literal style).
    return text.includes("\n") && LITERAL.test(text) && /[^\n]/.test(text);
}

function valueText(value: Json, indent: string): string {
    if (value === null || value === undefined) {
        return " null";
    }
    if (typeof value === "string") {
        return isMultiLine(value) ? ` ${literal(value, indent)}` : ` ${yamlScalar(value)}`;
    }
    if (typeof value === "number" || typeof value === "boolean") {
        return ` ${JSON.stringify(value)}`;
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? " []" : `\n${sequence(value, `${indent}  `)}`;
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? " {}" : `\n${mapping(entries, `${indent}  `)}`;
}

function mapping(entries: [string, Json][], indent: string): string {
    return entries.map(([key, value]) => `${indent}${yamlScalar(key)}:${valueText(value, indent)}`).join("\n");
}

function sequence(items: Json[], indent: string): string {
    return items
        .map((item) => {
            if (item !== null && typeof item === "object" && !Array.isArray(item) && Object.keys(item).length > 0) {
                // "- key: value" with the other keys aligned under the first.
                const entries = Object.entries(item).filter(([, v]) => v !== undefined);
                return `${indent}- ${mapping(entries, `${indent}  `).slice(indent.length + 2)}`;
            }
            return `${indent}-${valueText(item, indent)}`;
        })
        .join("\n");
}

/**
 * A JSON value (a manifest, a values file) as a YAML document that go-yaml, hence kubectl and Helm, reads back as exactly
 * this value, and any YAML 1.2 reader too. Keys keep their order; `undefined` members are left out, as JSON does.
 */
export function kubeYaml(value: { [key: string]: unknown }): string {
    const entries = Object.entries(value as { [key: string]: Json }).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}\n" : `${mapping(entries, "")}\n`;
}
