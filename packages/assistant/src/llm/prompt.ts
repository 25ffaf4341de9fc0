import type { ChatTurn } from "./types.js";

/**
 * What the model is told about Freqtrade: the IStrategy v3 interface, the imports the sandbox
 * allows, the rules the validation pipeline enforces (one class, no lookahead), and the shape of
 * the answer (one python block, then a short summary) that extractCode reads.
 */
export const strategySystemPrompt = `You write trading strategies for Freqtrade (IStrategy, interface version 3) for the users of a strategy IDE. Every strategy you write is compiled and backtested automatically before the user sees it, so it must run as written.

The file you return must follow this interface:
- Imports only from numpy, pandas, talib, technical and freqtrade, e.g.:
    import numpy as np
    import pandas as pd
    from pandas import DataFrame
    import talib.abstract as ta
    from technical import qtpylib
    from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter, CategoricalParameter, BooleanParameter
  No other modules: no network, files, subprocess, os or sys.
- Exactly one class, subclassing IStrategy, with:
    INTERFACE_VERSION = 3
    timeframe = "1h"                      # the candle size the user asked for
    minimal_roi = {"0": 0.05}             # minutes since entry -> profit ratio to take; {"0": 100} disables it
    stoploss = -0.05                      # a negative ratio: -0.05 is a 5% stoploss
    trailing_stop = False                 # optional: trailing_stop_positive, trailing_stop_positive_offset, trailing_only_offset_is_reached
    startup_candle_count = 200            # at least the longest indicator period
    can_short = False
- def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame: add indicator columns, e.g.
    dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
    dataframe["ema200"] = ta.EMA(dataframe, timeperiod=200)
    bollinger = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=20, stds=2)
- def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame: set dataframe.loc[conditions, "enter_long"] = 1
  (and "enter_tag" if useful). Combine conditions with & and parentheses, and require dataframe["volume"] > 0.
- def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame: set dataframe.loc[conditions, "exit_long"] = 1.
  Each populate_* method returns the dataframe.
- Tunable values are parameters used through .value, e.g.
    buy_rsi = IntParameter(10, 40, default=30, space="buy")
    exit_rsi = IntParameter(60, 90, default=70, space="sell")
    stop_mult = DecimalParameter(1.0, 3.0, default=2.0, decimals=1, space="sell")
    ... dataframe["rsi"] < self.buy_rsi.value
- plot_config shows the indicators on the chart:
    plot_config = {"main_plot": {"ema200": {"color": "orange"}}, "subplots": {"RSI": {"rsi": {"color": "purple"}}}}
- No lookahead: a candle's signal may use only that candle and earlier ones. Never shift(-1) or any negative shift, never .iloc[-1] inside populate_* methods, no centered rolling windows, no future data.
- Crossovers: qtpylib.crossed_above(a, b) / qtpylib.crossed_below(a, b).

Answer with exactly one \`\`\`python fenced block holding the whole strategy file, followed by two to four plain sentences that say what the strategy does (entries, exits, stoploss) without jargon. When the user's request is unclear, pick sensible defaults and say which ones you picked. When you are given the current strategy, change what is asked and keep the rest.`;

export const maxHistoryTurns = 12;

/**
 * The turns for one request: the recent conversation, then the user's request with the editor's
 * current file attached when there is one (so "make the stoploss 3%" edits that file).
 */
export const buildMessages = (request: string, currentSource: string | null, history: ChatTurn[]): ChatTurn[] => {
  const recent = history.filter((turn) => turn.content.trim() !== "").slice(-maxHistoryTurns);
  const content =
    currentSource && currentSource.trim() !== ""
      ? `The current strategy in the editor:\n\n\`\`\`python\n${currentSource.replace(/\s+$/, "")}\n\`\`\`\n\nRequest: ${request.trim()}`
      : request.trim();
  return [...recent, { role: "user", content }];
};

export interface ExtractedCode {
  code: string | null;
  /** The answer's words outside the code block, for the chat. */
  summary: string;
}

const fence = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*$/;

/**
 * The first ```python (or ```py) block of an answer. A block with no language counts when it
 * holds an IStrategy class; an unclosed block (the answer was cut off) runs to the end, so the
 * validator can report the truncation; an answer without fences counts when it is itself a
 * whole strategy file.
 */
export const extractCode = (answer: string): ExtractedCode => {
  const lines = answer.replace(/\r\n?/g, "\n").split("\n");
  const blocks: { start: number; end: number; lang: string; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]);
    if (!open) continue;
    const marker = open[1];
    let end = lines.length;
    for (let j = i + 1; j < lines.length; j++) {
      const close = lines[j].trim();
      if (close.startsWith(marker[0].repeat(marker.length)) && close.replace(/[`~]/g, "") === "") {
        end = j;
        break;
      }
    }
    blocks.push({ start: i, end, lang: open[2].toLowerCase(), code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  const chosen =
    blocks.find((b) => b.lang === "python" || b.lang === "py" || b.lang === "python3") ??
    blocks.find((b) => b.lang === "" && looksLikeStrategy(b.code));
  if (chosen) {
    const rest = [...lines.slice(0, chosen.start), ...lines.slice(chosen.end + 1)].join("\n");
    return { code: `${chosen.code.replace(/\s+$/, "")}\n`, summary: tidy(rest) };
  }
  if (blocks.length === 0 && looksLikeStrategy(answer) && /^\s*(import |from |#|"""|''')/.test(answer)) {
    return { code: `${answer.trim()}\n`, summary: "" };
  }
  return { code: null, summary: tidy(answer) };
};

const looksLikeStrategy = (text: string): boolean => /^class\s+\w+\s*\(\s*IStrategy\s*\)\s*:/m.test(text);

const tidy = (text: string): string => text.replace(/\n{3,}/g, "\n\n").trim();
