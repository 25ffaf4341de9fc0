/**
 * Lookahead-prone patterns in strategy code: reading candles that have not closed yet when the
 * signal is computed. Backtests of such code look great and trade nothing like it live. Line-based
 * and conservative: comments and strings are not code, and whole-frame statistics are only
 * flagged when they become a column.
 */
export interface LookaheadProblem {
  line: number;
  message: string;
}

/** `strings: true` matches lines with their string literals kept (column names, fill methods). */
const CHECKS: { pattern: RegExp; message: string; strings?: true }[] = [
  { pattern: /\.shift\(\s*-\s*\d+/, message: "shift with a negative number reads future candles" },
  { pattern: /\.shift\(\s*periods\s*=\s*-\s*\d+/, message: "shift(periods=-n) reads future candles" },
  { pattern: /\bcenter\s*=\s*True\b/, message: "a centred rolling window uses candles after the current one" },
  { pattern: /\.bfill\(|\.backfill\(/, message: "backward fill copies later values into earlier candles" },
  { pattern: /method\s*=\s*["'](?:bfill|backfill)["']/, message: "backward fill copies later values into earlier candles", strings: true },
  { pattern: /\.iloc\[\s*\w+\s*\+\s*\d+\s*\]/, message: "iloc[i + n] reads a later row" },
  {
    pattern: /^\s*dataframe\[["'][^"']+["']\]\s*=\s*dataframe\[["'][^"']+["']\]\.(?:max|min|mean|median|std|sum|quantile)\(\s*\)/,
    message: "a statistic of the whole dataframe (future candles included) assigned to a column",
    strings: true,
  },
];

/** Strips a trailing comment and the contents of string literals, so only code is matched. */
function codeOf(line: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) {
        quote = null;
        out += ch;
      }
      continue;
    }
    if (ch === "#") break;
    if (ch === '"' || ch === "'") quote = ch;
    out += ch;
  }
  return out;
}

export function findLookaheadProblems(source: string): LookaheadProblem[] {
  const problems: LookaheadProblem[] = [];
  source.split("\n").forEach((raw, i) => {
    const code = codeOf(raw);
    const withStrings = raw.split("#")[0]!;
    for (const check of CHECKS) {
      if (check.pattern.test(check.strings ? withStrings : code)) problems.push({ line: i + 1, message: check.message });
    }
  });
  return problems;
}
