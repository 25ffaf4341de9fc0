/**
 * Tokens of a chat message and a cursor over them. Words are lowercased; numbers, percentages and
 * durations ("4h", "30m", "1d") carry their value; `start`/`end` point into the original text.
 */
export type Token =
  | { kind: "word"; text: string; start: number; end: number }
  | { kind: "num"; value: number; text: string; start: number; end: number }
  | { kind: "pct"; value: number; text: string; start: number; end: number }
  | { kind: "dur"; minutes: number; text: string; start: number; end: number }
  | { kind: "op"; text: ">" | "<" | ">=" | "<="; start: number; end: number }
  | { kind: "punct"; text: string; start: number; end: number };

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, hr: 60, d: 1440 };
const OPS: Record<string, ">" | "<" | ">=" | "<="> = { ">": ">", "<": "<", ">=": ">=", "<=": "<=", "≥": ">=", "≤": "<=", "=>": ">=", "=<": "<=" };

const TOKEN_RE =
  /(\d+(?:\.\d+)?)\s*(?:%|percent\b|pct\b)|(\d+)(min|hr|m|h|d)\b|(\d+(?:\.\d+)?)|(>=|<=|=>|=<|≥|≤|>|<)|(%[kd])\b|([a-z]+)|([^\s\w])/giu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const [all, pct, durN, durUnit, num, op, stochLine, word, punct] = m;
    const start = m.index;
    const at = { start, end: start + all.length };
    if (pct !== undefined) tokens.push({ kind: "pct", value: Number(pct) / 100, text: all, ...at });
    else if (durN !== undefined) tokens.push({ kind: "dur", minutes: Number(durN) * UNIT_MINUTES[durUnit!.toLowerCase()]!, text: all.toLowerCase(), ...at });
    else if (num !== undefined) tokens.push({ kind: "num", value: Number(num), text: num, ...at });
    else if (op !== undefined) tokens.push({ kind: "op", text: OPS[op]!, ...at });
    else if (stochLine !== undefined) tokens.push({ kind: "word", text: stochLine.toLowerCase(), ...at });
    else if (word !== undefined) tokens.push({ kind: "word", text: word.toLowerCase(), ...at });
    else if (punct !== undefined && punct !== "'" && punct !== "\u2019") tokens.push({ kind: "punct", text: punct, ...at });
  }
  return tokens;
}

/** The original text a run of tokens came from. */
export const sourceText = (text: string, tokens: readonly Token[]): string =>
  tokens.length ? text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end).trim() : "";

export const isWord = (t: Token | undefined, ...words: string[]): boolean => t?.kind === "word" && words.includes(t.text);

/** A read position in a token list, for the small recursive-descent parsers. */
export class Cursor {
  constructor(
    readonly tokens: readonly Token[],
    public pos = 0,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  /** Consumes the next token if it is one of these words. */
  word(...words: string[]): string | null {
    const t = this.peek();
    if (!isWord(t, ...words)) return null;
    this.pos++;
    return (t as { text: string }).text;
  }
  /** Consumes a sequence of words (a phrase) if all of them come next. */
  phrase(...words: string[]): boolean {
    if (!words.every((w, i) => isWord(this.peek(i), w))) return false;
    this.pos += words.length;
    return true;
  }
  punct(...chars: string[]): boolean {
    const t = this.peek();
    if (t?.kind !== "punct" || !chars.includes(t.text)) return false;
    this.pos++;
    return true;
  }
  number(): number | null {
    const t = this.peek();
    if (t?.kind !== "num") return null;
    this.pos++;
    return t.value;
  }
  percent(): number | null {
    const t = this.peek();
    if (t?.kind !== "pct") return null;
    this.pos++;
    return t.value;
  }
  /** Skips filler words ("the", "is", …). */
  skip(words: ReadonlySet<string>): void {
    while (this.peek()?.kind === "word" && words.has((this.peek() as { text: string }).text)) this.pos++;
  }
  rest(): Token[] {
    return this.tokens.slice(this.pos);
  }
}
