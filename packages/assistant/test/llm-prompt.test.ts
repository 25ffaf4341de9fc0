import { describe, expect, it } from "vitest";
import { buildMessages, extractCode, strategySystemPrompt } from "../src/llm/prompt.js";

const strategy = `import talib.abstract as ta
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class RsiStrategy(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1h"
`;

describe("strategySystemPrompt", () => {
  it("gives the model the IStrategy v3 interface and the answer format", () => {
    for (const needle of [
      "INTERFACE_VERSION = 3",
      "minimal_roi",
      "stoploss",
      "trailing_stop",
      "startup_candle_count",
      "populate_indicators",
      "populate_entry_trend",
      "populate_exit_trend",
      '"enter_long"',
      '"exit_long"',
      "import talib.abstract as ta",
      "from technical import qtpylib",
      "IntParameter",
      "DecimalParameter",
      ".value",
      "plot_config",
      "main_plot",
      "subplots",
      "shift(-1)",
      "Exactly one class",
      "```python",
    ]) {
      expect(strategySystemPrompt).toContain(needle);
    }
  });
});

describe("buildMessages", () => {
  it("appends the request to the recent history", () => {
    const history = [
      { role: "user" as const, content: "hello" },
      { role: "assistant" as const, content: "hi" },
    ];
    expect(buildMessages("  RSI below 30  ", null, history)).toEqual([...history, { role: "user", content: "RSI below 30" }]);
  });

  it("attaches the editor's current file to the request", () => {
    const [turn] = buildMessages("make the stoploss 3%", strategy, []);
    expect(turn.content).toBe(`The current strategy in the editor:\n\n\`\`\`python\n${strategy.trimEnd()}\n\`\`\`\n\nRequest: make the stoploss 3%`);
  });

  it("keeps only the last 12 turns and drops empty ones", () => {
    const history = Array.from({ length: 20 }, (_, i) => ({ role: i % 2 ? ("assistant" as const) : ("user" as const), content: i === 19 ? " " : `t${i}` }));
    const turns = buildMessages("go", null, history);
    expect(turns).toHaveLength(13);
    expect(turns[0].content).toBe("t7");
  });
});

describe("extractCode", () => {
  it("takes the first python block and keeps the words around it as the summary", () => {
    const answer = `Here it is:\n\n\`\`\`python\n${strategy}\`\`\`\n\nIt buys when RSI drops below 30.\n\n\`\`\`python\nprint("second")\n\`\`\``;
    const { code, summary } = extractCode(answer);
    expect(code).toBe(strategy);
    expect(summary).toBe('Here it is:\n\nIt buys when RSI drops below 30.\n\n```python\nprint("second")\n```');
  });

  it("prefers a python block over an earlier block in another language", () => {
    const answer = "```bash\nfreqtrade backtesting\n```\n```py\nx = 1\n```";
    expect(extractCode(answer).code).toBe("x = 1\n");
  });

  it("accepts an untagged block that holds an IStrategy class, with CRLF line ends", () => {
    const answer = `Done.\r\n\`\`\`\r\n${strategy.replace(/\n/g, "\r\n")}\`\`\`\r\n`;
    expect(extractCode(answer)).toEqual({ code: strategy, summary: "Done." });
  });

  it("takes an unclosed block (a cut-off answer) to the end so validation can report it", () => {
    expect(extractCode(`Sure:\n\`\`\`python\n${strategy}    def populate_`).code).toBe(`${strategy}    def populate_\n`);
  });

  it("accepts an unfenced answer that is a whole strategy file", () => {
    expect(extractCode(`\n${strategy}`)).toEqual({ code: strategy, summary: "" });
  });

  it("returns no code for prose, or for an untagged block that is not a strategy", () => {
    expect(extractCode("I cannot help with that.")).toEqual({ code: null, summary: "I cannot help with that." });
    expect(extractCode("Use:\n```\nfreqtrade trade\n```").code).toBeNull();
    expect(extractCode("The class RsiStrategy(IStrategy): is defined in the editor").code).toBeNull();
  });
});
