import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { editorMarkers, editorText, openResultsChart, runAndWait, runTrades, shot, signUp } from "./pages";
import { startE2eSession, type E2eSession } from "./session";

describe("the browser IDE, in Chromium, against `npm start`", () => {
  let session: E2eSession;
  let baseUrl = "";
  let browser: Browser;
  let page: Page;
  let strategyUrl = "";

  beforeAll(async () => {
    session = await startE2eSession({ webPort: 3110, runnerPort: 4110, pgPort: 54340 });
    ({ baseUrl, browser } = session);
    page = await session.newPage();
  });
  afterAll(() => session?.stop());

  it("signs up and creates a strategy from a template", async () => {
    await signUp(page, baseUrl, "alice@example.com");
    await page.getByText("No strategies yet").waitFor();
    await shot(page, "01-strategies-empty");
    await page.locator('[data-template="rsi-mean-reversion"]').click();
    await page.waitForURL(/\/strategies\/\w+$/);
    strategyUrl = page.url();
    await page.locator('.ide-monaco[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("strategy-name").textContent()).toMatch(/RsiMeanReversion/i);
    // The run form shows the strategy's own parameters.
    await page.getByTestId("strategy-parameters").waitFor();
  });

  it("edits in Monaco and saves a version with Ctrl+S", async () => {
    await page.locator(".ide-monaco .view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n# tuned in the browser");
    await page.getByTestId("dirty").waitFor();
    await page.keyboard.press("Control+S");
    await page.getByText("Saved as version 2").waitFor();
    const text = await editorText(page);
    expect(text.trimEnd().endsWith("# tuned in the browser")).toBe(true);
    expect(await page.getByTestId("dirty").count()).toBe(0);
    await shot(page, "02-editor");
  });

  it("runs a backtest with Ctrl+Enter, streams its log, and shows the result with trades on the chart", async () => {
    expect(await runAndWait(page)).toBe("SUCCEEDED");
    expect(await page.getByTestId("run-log").textContent()).toMatch(/backtesting/i);
    const trades = await runTrades(page);
    expect(trades).toBeGreaterThan(0);
    await shot(page, "03-run-finished");
    expect(await openResultsChart(page)).toBe(2 * trades); // an entry and an exit per trade
    expect(await page.locator('[data-metric="totalTrades"]').textContent()).toContain(String(trades));
    await shot(page, "04-results", true);
    await page.goBack();
  });

  it("marks a syntax error on its line in the editor, and runs again once it is fixed", async () => {
    await page.locator('.ide-monaco[data-ready="true"]').waitFor();
    await page.locator(".ide-monaco .view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\nx = = 1");
    const badLine = await page.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getLineCount(): number }[] } } }).monaco.editor.getModels()[0]!.getLineCount());
    expect(await runAndWait(page)).toBe("FAILED");
    await page.waitForFunction(() => (window as unknown as { monaco: { editor: { getModelMarkers(f: object): unknown[] } } }).monaco.editor.getModelMarkers({}).length > 0);
    const markers = await editorMarkers(page);
    expect(markers).toHaveLength(1);
    expect(markers[0]!.line).toBe(badLine);
    expect(markers[0]!.message).toMatch(/invalid syntax|syntax/i);
    expect(await page.locator(".monaco-editor .squiggly-error").count()).toBeGreaterThan(0);
    await shot(page, "05-syntax-error-marker");
    // Fix: delete the bad line (Monaco's Ctrl+Shift+K) and run again.
    await page.locator(".ide-monaco .view-lines").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Control+Shift+K");
    expect(await runAndWait(page)).toBe("SUCCEEDED");
    expect(await editorMarkers(page)).toEqual([]);
  });

  it("compares two runs side by side", async () => {
    await page.getByRole("tab", { name: "Run history" }).click();
    await page.getByTestId("run-history").waitFor();
    const boxes = page.getByTestId("run-history").locator('input[type="checkbox"]:not([disabled])');
    expect(await page.getByTestId("run-row").count()).toBe(3); // two succeeded, one failed
    expect(await boxes.count()).toBe(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId("compare-selected").click();
    await page.waitForURL(/\/compare\?ids=/);
    await page.getByTestId("compare").waitFor();
    expect(await page.locator('[data-testid="compare"] [data-metric="totalTrades"]').count()).toBeGreaterThanOrEqual(1);
    await shot(page, "06-compare");
  });

  it("signs out; a second user cannot open the first user's strategy", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(strategyUrl);
    await page.waitForURL(/\/signin\?next=/); // signed out: sent to sign in
    const bob = await browser.newContext();
    const bobPage = await bob.newPage();
    await signUp(bobPage, baseUrl, "bob@example.com");
    await bobPage.goto(strategyUrl);
    await bobPage.getByTestId("strategy-error").waitFor();
    expect(await bobPage.getByTestId("strategy-error").textContent()).toContain("Strategy not found");
    expect(await bobPage.content()).not.toContain("RsiMeanReversion(IStrategy)");
    await shot(bobPage, "07-other-user-not-found");
    await bob.close();
  });
});
