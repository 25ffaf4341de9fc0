import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { editorText, shot, signUp } from "./pages";
import { startE2eSession, type E2eSession } from "./session";

/** Put into the seller's code: it must never reach the buyer of the run-only listing. */
const MARKER = "# MARKER_run_only_e2e_4f9c: the secret sauce";
/** Lines of the EMA cross template that would show the code leaked (no quotes: page HTML escapes them differently). */
const CODE_LINES = ["ta.EMA(dataframe, timeperiod=period)", "qtpylib.crossed_above(fast, slow)"];
/** A word only this listing's description holds, to find it by. */
const SEARCH_WORD = "zephyrcross";
const TITLE = "Zephyr EMA trend rider";

/** The page's HTML holds neither the marker nor a line of the code. */
async function expectNoCode(page: Page) {
  const html = await page.content();
  expect(html).not.toContain("MARKER_run_only_e2e_4f9c");
  for (const line of CODE_LINES) expect(html).not.toContain(line);
}

describe("the marketplace, in Chromium, against `npm start`", () => {
  let session: E2eSession;
  let baseUrl = "";
  let seller: Page;
  let buyer: Page;
  let strategyUrl = "";
  let listingUrl = "";

  beforeAll(async () => {
    session = await startE2eSession({ webPort: 3112, runnerPort: 4112, pgPort: 54342 });
    baseUrl = session.baseUrl;
    seller = await session.newPage();
    buyer = await session.newPage();
  });
  afterAll(() => session?.stop());

  it("a seller publishes a strategy as run-only, and the platform verifies it on the listing page", async () => {
    await signUp(seller, baseUrl, "seller@example.com");
    await seller.locator('[data-template="ema-cross"]').click();
    await seller.waitForURL(/\/strategies\/\w+$/);
    strategyUrl = seller.url();
    await seller.locator('.ide-monaco[data-ready="true"]').waitFor({ timeout: 60_000 });
    await seller.locator(".ide-monaco .view-lines").click();
    await seller.keyboard.press("Control+End");
    await seller.keyboard.type(`\n${MARKER}`);
    await seller.getByTestId("dirty").waitFor();

    await seller.getByTestId("publish-button").click(); // saves the edit first, then opens the form
    await seller.waitForURL(/\/marketplace\/sell\/new\?versionId=\w+/);
    await seller.getByLabel("Title").fill(TITLE);
    await seller.getByLabel("Description").fill(`## How it trades\nA **${SEARCH_WORD}** of a fast and a slow EMA on 1h candles.\n\n- enters on the fast EMA crossing above\n- exits on the cross back below`);
    await seller.getByRole("button", { name: "Preview" }).click();
    await seller.getByTestId("description-preview").locator("strong", { hasText: SEARCH_WORD }).waitFor();
    await seller.locator('input[name="tags"]').fill("trend, ema");
    await seller.locator('select[name="priceModel"]').selectOption("ONE_TIME");
    await seller.locator('input[name="price"]').fill("25");
    await seller.locator('input[name="licence"][value="RUN_ONLY"]').check();
    await shot(seller, "30-market-publish-form", true);
    await seller.getByTestId("listing-form-submit").click();

    await seller.waitForURL(/\/marketplace\/\w+$/);
    listingUrl = seller.url();
    await seller.getByTestId("verifying").waitFor();
    await shot(seller, "31-market-verifying");
    await seller.locator('[data-testid="listing"][data-status="PUBLISHED"]').waitFor({ timeout: 480_000 });
    const verification = seller.getByTestId("verification");
    await verification.waitFor();
    expect(await verification.getByTestId("verification-table").textContent()).toMatch(/In-sample.*Out-of-sample.*Trades/s);
    expect(await verification.getByTestId("verification-hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await verification.getByTestId("equity-chart").count()).toBe(1);
    expect(await seller.getByTestId("listing-price").textContent()).toBe("$25.00");
    await shot(seller, "32-market-listing-verified", true);
  });

  it("a buyer finds it by text and a filter, and buys it with credits", async () => {
    await signUp(buyer, baseUrl, "buyer@example.com");
    await buyer.goto(`${baseUrl}/marketplace`);
    await buyer.getByTestId("search-input").fill(SEARCH_WORD);
    await buyer.waitForURL(new RegExp(`q=${SEARCH_WORD}`)); // the search is in the URL, so it can be shared
    await buyer.getByTestId("filter-licence").selectOption("RUN_ONLY");
    await buyer.waitForURL(/licence=run-only/);
    await buyer.getByTestId("filter-min-trades").fill("1");
    await buyer.getByTestId("filter-min-trades").press("Enter");
    await buyer.waitForURL(/trades=1/);
    const card = buyer.getByTestId("listing-card");
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain(TITLE);
    expect(await card.textContent()).toContain("$25.00");
    await shot(buyer, "33-market-search");
    // An open-source-only search does not find it.
    await buyer.getByTestId("filter-licence").selectOption("OPEN");
    await buyer.getByTestId("no-results").waitFor();
    await buyer.goBack();
    await card.first().waitFor();

    await card.getByRole("link", { name: TITLE }).click();
    await buyer.waitForURL(listingUrl);
    await buyer.getByTestId("listing").waitFor();
    expect(await buyer.getByTestId("credit-balance").textContent()).toContain("$100.00");
    await expectNoCode(buyer);
    await buyer.getByTestId("buy-button").click();
    expect(await buyer.getByTestId("buy-confirm").textContent()).toContain("from $100.00 to $75.00");
    await buyer.getByTestId("buy-confirm-button").click();
    await buyer.getByTestId("owned").waitFor();
    await buyer.goto(`${baseUrl}/account`);
    await buyer.getByTestId("account-credits").getByText("$75.00").waitFor();
  });

  it("the buyer backtests the run-only strategy and reads the results, never the code", async () => {
    await buyer.goto(listingUrl);
    await buyer.getByTestId("listing-runs").waitFor();
    await buyer.getByTestId("listing-run-button").click();
    await buyer.locator('[data-testid="run-panel"][data-status="SUCCEEDED"]').waitFor({ timeout: 240_000 });
    expect(await buyer.getByTestId("run-log").textContent()).toMatch(/log of a run-only strategy is not shown/);
    const trades = Number(/(\d+) trades/.exec((await buyer.getByTestId("run-summary").textContent()) ?? "")?.[1]);
    expect(trades).toBeGreaterThan(0);
    await buyer.getByTestId("listing-run-list").waitFor();
    await shot(buyer, "34-market-buyer-run", true);
    await expectNoCode(buyer);

    await buyer.getByTestId("open-results").click();
    await buyer.waitForURL(/\/backtests\/\w+$/);
    const chart = buyer.locator('[data-testid="price-chart"][data-ready="true"]');
    await chart.waitFor({ timeout: 60_000 });
    expect(Number(await chart.getAttribute("data-markers"))).toBe(2 * trades);
    expect(await buyer.locator('[data-metric="totalTrades"]').textContent()).toContain(String(trades));
    expect(await buyer.locator("h1").first().textContent()).toContain(TITLE);
    // Only the platform's result and trades can be downloaded: Freqtrade's files carry the code.
    expect((await buyer.getByTestId("artifacts").locator("a").allTextContents()).sort()).toEqual(["Normalized result (JSON)", "Trades (CSV)"]);
    await shot(buyer, "35-market-buyer-results", true);
    await expectNoCode(buyer);

    await buyer.goto(strategyUrl);
    await buyer.getByTestId("strategy-error").waitFor();
    expect(await buyer.getByTestId("strategy-error").textContent()).toContain("Strategy not found");
    await expectNoCode(buyer);
  });

  it("the buyer reviews it; the seller sees the sale", async () => {
    await buyer.goto(listingUrl);
    const form = buyer.getByTestId("review-form");
    await form.waitFor();
    await form.getByLabel("4 stars").check({ force: true });
    await form.getByLabel("Your review").fill("Clean entries on trending days; quiet in ranges.");
    await buyer.getByTestId("review-submit").click();
    const review = buyer.getByTestId("review");
    await review.waitFor();
    expect(await review.getByTestId("review-stars").textContent()).toBe("★★★★☆");
    expect(await review.textContent()).toContain("Clean entries on trending days");
    await shot(buyer, "36-market-review", true);
    await expectNoCode(buyer);

    await seller.goto(`${baseUrl}/marketplace/sell`);
    const row = seller.getByTestId("my-listings").locator("tr", { hasText: TITLE });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Published/);
    expect(await row.textContent()).toContain("$22.50"); // $25.00 less the 10 % platform fee
    await seller.getByTestId("ledger-entry").first().waitFor();
    await shot(seller, "37-market-seller-dashboard", true);
    // The seller still has their own code.
    await seller.goto(strategyUrl);
    await seller.locator('.ide-monaco[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await editorText(seller)).toContain(MARKER);
  });
});
