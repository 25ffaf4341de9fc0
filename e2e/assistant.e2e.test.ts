import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { editorText, openResultsChart, runAndWait, runTrades, shot, signUp } from "./pages";
import { startE2eSession, type E2eSession } from "./session";

const REQUEST = "Buy when EMA(12) crosses above EMA(26) on 1h; sell when EMA(12) crosses below EMA(26); 10% stoploss";

describe("the strategy assistant, in Chromium, against `npm start`", () => {
  let session: E2eSession;
  let page: Page;

  beforeAll(async () => {
    session = await startE2eSession({ webPort: 3111, runnerPort: 4111, pgPort: 54341 });
    page = await session.newPage();
  });
  afterAll(() => session?.stop());

  it("a request typed into the chat becomes a validated strategy in the editor, which runs and charts its trades", async () => {
    await signUp(page, session.baseUrl, "carol@example.com");
    await page.locator('[data-template="blank"]').click();
    await page.waitForURL(/\/strategies\/\w+$/);
    await page.locator('.ide-monaco[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await editorText(page)).not.toContain("ta.EMA");

    await page.keyboard.press("Control+i"); // opens the assistant with the input focused
    await page.getByTestId("chat-input").waitFor();
    await page.keyboard.type(REQUEST);
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="chat-user"]').waitFor();
    const reply = page.locator('[data-testid="chat-assistant"]').last();
    await page.locator('[data-testid="chat-assistant"][data-status="done"]').waitFor({ timeout: 240_000 });
    expect(await reply.getAttribute("data-kind")).toBe("code");
    expect(await reply.locator('[data-state="passed"]').count()).toBe(4);
    expect(await reply.textContent()).toMatch(/smoke backtest/);
    await page.getByText(/The assistant's strategy is in the editor/).waitFor();
    await shot(page, "10-assistant-reply");

    const code = await editorText(page);
    expect(code).toContain("ta.EMA(dataframe, timeperiod=12)");
    expect(code).toContain("ta.EMA(dataframe, timeperiod=26)");
    expect(code).toMatch(/qtpylib\.crossed_above/);
    expect(code).toMatch(/timeframe = "1h"/);
    expect(await page.getByTestId("dirty").count()).toBe(0);

    await page.getByRole("tab", { name: "Run", exact: true }).click();
    expect(await runAndWait(page)).toBe("SUCCEEDED");
    const trades = await runTrades(page);
    expect(trades).toBeGreaterThan(0);
    expect(await openResultsChart(page)).toBe(2 * trades);
    await shot(page, "11-assistant-strategy-results", true);
  });

  it("answers a request it cannot understand honestly, without touching the editor", async () => {
    await page.goBack();
    await page.locator('.ide-monaco[data-ready="true"]').waitFor({ timeout: 60_000 });
    const before = await editorText(page);
    await page.getByRole("tab", { name: "Assistant" }).click();
    await page.getByTestId("chat-input").fill("buy when Elon tweets about dogs");
    await page.getByTestId("chat-send").click();
    const reply = page.locator('[data-testid="chat-assistant"]').last();
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="chat-assistant"]');
      return all.length >= 2 && all[all.length - 1]!.getAttribute("data-status") === "done";
    });
    expect(await reply.getAttribute("data-kind")).toBe("not-understood");
    expect(await editorText(page)).toBe(before);
    await shot(page, "12-assistant-not-understood");
  });
});
