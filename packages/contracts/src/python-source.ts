/**
 * Just enough of Python's lexical structure to read class-level declarations of a strategy
 * without running it: tokens (names, numbers, strings with any prefix and quote, operators),
 * logical lines (brackets and backslashes join physical lines; comments and blank lines vanish)
 * with their indentation, and literal values (numbers, strings, True/False/None, lists, tuples,
 * dicts). Anything else is "unreadable" and carries its source text, so callers can say what
 * they could not read instead of guessing.
 */

export type Token =
  | { type: "name"; value: string; start: number; end: number; line: number }
  | { type: "number"; value: number | null; isInt: boolean; start: number; end: number; line: number }
  /** value is null for f-strings, t-strings and bytes: not plain text values */
  | { type: "string"; value: string | null; start: number; end: number; line: number }
  | { type: "op"; value: string; start: number; end: number; line: number };

export interface LogicalLine {
  /** indentation width (tabs to the next multiple of 8, as Python does) */
  indent: number;
  /** 1-based line of the first token */
  line: number;
  tokens: Token[];
}

const OPERATORS = [
  "**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//", "<<", ">>",
  "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
  "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
  ",", ":", ";", ".", "=",
];
const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);

const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER_RE = /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)([jJ])?/y;
const STRING_START_RE = /([rRbBuUfFtT]{0,2})('''|"""|'|")/y;

function numberValue(text: string): { value: number | null; isInt: boolean } {
  const m = /^(.*?)([jJ])?$/.exec(text)!;
  if (m[2]) return { value: null, isInt: false }; // imaginary
  const t = m[1]!.replaceAll("_", "");
  if (/^0[xXoObB]/.test(t)) {
    const radix = { x: 16, o: 8, b: 2 }[t[1]!.toLowerCase() as "x" | "o" | "b"];
    const v = parseInt(t.slice(2), radix);
    return { value: Number.isSafeInteger(v) ? v : null, isInt: true };
  }
  const isInt = /^\d+$/.test(t);
  const v = Number(t);
  if (isInt && !Number.isSafeInteger(v)) return { value: null, isInt };
  return { value: Number.isFinite(v) ? v : null, isInt };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/** Decodes the escapes of a non-raw str literal's body; null when it holds one we cannot decode (\N{…}). */
function decodeEscapes(body: string): string | null {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i === body.length - 1) {
      out += c;
      continue;
    }
    const e = body[++i]!;
    if (e === "\n") continue; // backslash-newline: line continuation inside the string
    if (e === "\r") {
      if (body[i + 1] === "\n") i++;
      continue;
    }
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length - 1;
    } else if (e === "x" || e === "u" || e === "U") {
      const len = { x: 2, u: 4, U: 8 }[e];
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return null;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e === "N") return null;
    else out += "\\" + e; // unknown escapes stay as written
  }
  return out;
}

/**
 * Splits `source` into logical lines of tokens. Never throws: an unterminated string runs to
 * the end of its line (or of the file for triple quotes), unknown characters become op tokens.
 */
export function logicalLines(source: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const n = source.length;
  let i = 0;
  let line = 1;
  let depth = 0;
  let atLineStart = true;
  let current: LogicalLine | null = null;
  const flush = () => {
    if (current && current.tokens.length > 0) lines.push(current);
    current = null;
  };
  const push = (t: Token) => {
    if (!current) current = { indent: 0, line: t.line, tokens: [] };
    if (current.tokens.length === 0) current.line = t.line;
    current.tokens.push(t);
  };

  while (i < n) {
    if (atLineStart) {
      let width = 0;
      let j = i;
      for (; j < n; j++) {
        const c = source[j];
        if (c === " ") width++;
        else if (c === "\t") width = (Math.floor(width / 8) + 1) * 8;
        else if (c === "\f") width = 0;
        else break;
      }
      atLineStart = false;
      i = j;
      const c = source[j];
      if (c === "#" || c === "\n" || c === "\r" || j >= n) continue; // blank or comment-only line
      current = { indent: width, line, tokens: [] };
      continue;
    }
    const c = source[i]!;
    if (c === "\n" || c === "\r") {
      i += c === "\r" && source[i + 1] === "\n" ? 2 : 1;
      line++;
      if (depth === 0) {
        flush();
        atLineStart = true;
      }
      continue;
    }
    if (c === " " || c === "\t" || c === "\f") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && source[i] !== "\n" && source[i] !== "\r") i++;
      continue;
    }
    if (c === "\\" && (source[i + 1] === "\n" || source[i + 1] === "\r")) {
      i += source[i + 1] === "\r" && source[i + 2] === "\n" ? 3 : 2;
      line++;
      continue;
    }

    STRING_START_RE.lastIndex = i;
    const sm = STRING_START_RE.exec(source);
    if (sm) {
      const prefix = sm[1]!.toLowerCase();
      const quote = sm[2]!;
      const bodyStart = i + sm[0].length;
      const raw = prefix.includes("r");
      const plain = !/[bft]/.test(prefix);
      let j = bodyStart;
      let bodyEnd = n;
      let end = n;
      while (j < n) {
        const d = source[j]!;
        if (d === "\\" && j + 1 < n) {
          j += 2;
          continue;
        }
        if (quote.length === 1 && (d === "\n" || d === "\r")) {
          bodyEnd = end = j; // unterminated single-quoted string
          break;
        }
        if (source.startsWith(quote, j)) {
          bodyEnd = j;
          end = j + quote.length;
          break;
        }
        j++;
      }
      const body = source.slice(bodyStart, bodyEnd);
      push({ type: "string", value: plain ? (raw ? body : decodeEscapes(body)) : null, start: i, end, line });
      line += (source.slice(i, end).match(/\r\n|\r|\n/g) ?? []).length;
      i = end;
      continue;
    }

    NUMBER_RE.lastIndex = i;
    const nm = /[0-9.]/.test(c) ? NUMBER_RE.exec(source) : null;
    if (nm && nm[0] !== "." && nm[0].length > 0) {
      push({ type: "number", ...numberValue(nm[0]), start: i, end: i + nm[0].length, line });
      i += nm[0].length;
      continue;
    }

    NAME_RE.lastIndex = i;
    const name = NAME_RE.exec(source);
    if (name) {
      push({ type: "name", value: name[0], start: i, end: i + name[0].length, line });
      i += name[0].length;
      continue;
    }

    const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? c;
    if (OPEN.has(op)) depth++;
    else if (CLOSE.has(op)) depth = Math.max(0, depth - 1);
    push({ type: "op", value: op, start: i, end: i + op.length, line });
    i += op.length;
  }
  flush();
  return lines;
}

// ------------------------------------------------------------------------------------------
// Token helpers
// ------------------------------------------------------------------------------------------

export const isOp = (t: Token | undefined, value: string): boolean => t?.type === "op" && t.value === value;
export const isName = (t: Token | undefined, value?: string): boolean => t?.type === "name" && (value === undefined || t.value === value);

/** Index of the bracket closing the one opened at `open`, or -1. */
export function closingBracket(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type !== "op") continue;
    if (OPEN.has(t.value)) depth++;
    else if (CLOSE.has(t.value) && --depth === 0) return k;
  }
  return -1;
}

/** Splits tokens on a separator op at bracket depth 0 (e.g. "," for arguments, ";" for statements). */
export function splitTopLevel(tokens: Token[], separator: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === "op") {
      if (OPEN.has(t.value)) depth++;
      else if (CLOSE.has(t.value)) depth--;
      else if (depth === 0 && t.value === separator) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1]!.push(t);
  }
  return parts;
}

/** The source text of a token range, on one line, shortened for messages. */
export function tokenText(source: string, tokens: Token[], max = 60): string {
  if (tokens.length === 0) return "";
  const text = source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A dotted name (`a.b.c`) spanning tokens[from, to), or null. */
export function dottedName(tokens: Token[], from = 0, to = tokens.length): string | null {
  if (to <= from || (to - from) % 2 === 0) return null;
  const parts: string[] = [];
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if ((k - from) % 2 === 0) {
      if (t.type !== "name") return null;
      parts.push(t.value);
    } else if (!isOp(t, ".")) return null;
  }
  return parts.join(".");
}

// ------------------------------------------------------------------------------------------
// Literal values
// ------------------------------------------------------------------------------------------

export type PyScalar = number | string | boolean | null;
export type PyLiteral =
  | { kind: "number"; value: number; isInt: boolean }
  | { kind: "string"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "none" }
  | { kind: "sequence"; items: PyLiteral[] }
  | { kind: "dict"; entries: [PyLiteral, PyLiteral][] };

/** The literal value of exactly the tokens given, or null when they are anything but a literal. */
export function readLiteral(tokens: Token[]): PyLiteral | null {
  const r = literalAt(tokens, 0);
  return r && r.next === tokens.length ? r.value : null;
}

function literalAt(tokens: Token[], pos: number): { value: PyLiteral; next: number } | null {
  const t = tokens[pos];
  if (!t) return null;
  if (t.type === "op" && (t.value === "-" || t.value === "+")) {
    const inner = literalAt(tokens, pos + 1);
    if (!inner || inner.value.kind !== "number") return null;
    // a sign binds tighter than anything we accept after it, except `**` (-2 ** 2 is -(2 ** 2))
    if (isOp(tokens[inner.next], "**")) return null;
    const v = inner.value;
    return { value: { ...v, value: t.value === "-" ? -v.value : v.value }, next: inner.next };
  }
  if (t.type === "number") return t.value === null ? null : { value: { kind: "number", value: t.value, isInt: t.isInt }, next: pos + 1 };
  if (t.type === "string") {
    let value = "";
    let k = pos;
    for (; tokens[k]?.type === "string"; k++) {
      const s = tokens[k] as Extract<Token, { type: "string" }>;
      if (s.value === null) return null;
      value += s.value;
    }
    return { value: { kind: "string", value }, next: k };
  }
  if (t.type === "name") {
    if (t.value === "True" || t.value === "False") return { value: { kind: "bool", value: t.value === "True" }, next: pos + 1 };
    if (t.value === "None") return { value: { kind: "none" }, next: pos + 1 };
    return null;
  }
  if (t.type === "op" && OPEN.has(t.value)) {
    const close = closingBracket(tokens, pos);
    if (close < 0) return null;
    const parts = splitTopLevel(tokens.slice(pos + 1, close), ",");
    const hasTrailingComma = parts.length > 1 && parts[parts.length - 1]!.length === 0;
    if (hasTrailingComma) parts.pop();
    if (parts.length === 1 && parts[0]!.length === 0) parts.pop(); // empty brackets
    if (t.value === "{") {
      const entries: [PyLiteral, PyLiteral][] = [];
      for (const part of parts) {
        const colon = splitTopLevel(part, ":");
        if (colon.length !== 2) return null; // a set, or a dict with ** unpacking
        const key = readLiteral(colon[0]!);
        const value = readLiteral(colon[1]!);
        if (!key || !value) return null;
        entries.push([key, value]);
      }
      return { value: { kind: "dict", entries }, next: close + 1 };
    }
    const items: PyLiteral[] = [];
    for (const part of parts) {
      const item = readLiteral(part);
      if (!item) return null;
      items.push(item);
    }
    // `(x)` is x itself; `(x,)` and `[x]` are sequences
    if (t.value === "(" && items.length === 1 && !hasTrailingComma) return { value: items[0]!, next: close + 1 };
    return { value: { kind: "sequence", items }, next: close + 1 };
  }
  return null;
}

/** A scalar literal as a JS value; undefined for sequences and dicts. */
export function scalarValue(v: PyLiteral): PyScalar | undefined {
  switch (v.kind) {
    case "number":
    case "string":
    case "bool":
      return v.value;
    case "none":
      return null;
    default:
      return undefined;
  }
}

/**
 * Python's `round(x, ndigits)` on a float: the nearest multiple of 10^-ndigits to the exact binary
 * value of x, ties to even (JS's toFixed would round ties away from zero).
 */
export function pythonRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x; // such floats have no fraction
  const exact = Math.abs(x).toFixed(100).replace(/0+$/, "");
  const [intPart, frac = ""] = exact.split(".");
  if (frac.length <= ndigits) return x;
  const kept = intPart + frac.slice(0, ndigits).padEnd(ndigits, "0");
  const rest = frac.slice(ndigits);
  let n = BigInt(kept);
  const half = rest[0]! > "5" || (rest[0] === "5" && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === "5" && !/[1-9]/.test(rest.slice(1));
  if (half || (tie && n % 2n === 1n)) n += 1n;
  const digits = n.toString().padStart(ndigits + 1, "0");
  const value = Number(ndigits === 0 ? digits : `${digits.slice(0, -ndigits)}.${digits.slice(-ndigits)}`);
  return x < 0 ? -value : value;
}
