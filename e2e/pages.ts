import path from "node:path";
import type { Page } from "playwright-core";
import { SCREENSHOT_DIR } from "./browser";

/** What the browser tests do on the platform's pages, in the words of a user. */
export const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });

/** The squiggles Monaco shows: read from its model, as the editor draws them. */
export const editorMarkers = (page: Page) =>
  page.evaluate(() => {
    const m = (window as unknown as { monaco: { editor: { getModelMarkers(f: object): { startLineNumber: number; message: string }[] } } }).monaco;
    return m.editor.getModelMarkers({}).map((x) => ({ line: x.startLineNumber, message: x.message }));
  });

export async function signUp(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(`${baseUrl}/strategies`);
}

/** Starts a run with Ctrl+Enter and waits for that run (not an earlier one in the panel) to end. */
export async function runAndWait(page: Page) {
  const panels = await page.getByTestId("run-panel").count();
  const previous = panels ? await page.getByTestId("run-panel").getAttribute("data-run-id") : null;
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    (prev) => {
      const panel = document.querySelector('[data-testid="run-panel"]');
      const s = panel?.getAttribute("data-status");
      return panel?.getAttribute("data-run-id") !== prev && (s === "SUCCEEDED" || s === "FAILED" || s === "TIMED_OUT");
    },
    previous,
    { timeout: 240_000 },
  );
  return page.getByTestId("run-panel").getAttribute("data-status");
}

/** The text in the editor, as Monaco's model holds it. */
export const editorText = (page: Page) =>
  page.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0]!.getValue());

/** Opens the run's results from the run panel and waits for the chart; returns its marker count. */
export async function openResultsChart(page: Page): Promise<number> {
  await page.getByTestId("open-results").click();
  await page.waitForURL(/\/backtests\/\w+$/);
  const chart = page.locator('[data-testid="price-chart"][data-ready="true"]');
  await chart.waitFor({ timeout: 60_000 });
  return Number(await chart.getAttribute("data-markers"));
}

/** The trade count the run panel shows for the finished run. */
export async function runTrades(page: Page): Promise<number> {
  const summary = await page.getByTestId("run-summary").textContent();
  return Number(/(\d+) trades/.exec(summary ?? "")?.[1]);
}
