/**
 * Benchmark of the results page: time from navigation until the price chart is interactive
 * (the page's `tradelab:chart-interactive` performance mark), in Debian's Chromium, against the
 * production build started by `npm start`. A big run (a year of 5m candles, 1k+ trades) is
 * measured beside a small one (a week) as the baseline of the same page.
 *
 *   npx tsx scripts/bench-results-page.ts      (also run by `npm run bench`)
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { startPlatform } from "../e2e/platform.js";
import { launchChromium } from "../e2e/browser.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 1500;
const log = (m: string) => console.error(`[bench:results-page] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A tiny client of the web app's tRPC endpoint with a cookie jar, as the browser would use it. */
function webApi(baseUrl: string) {
  let cookie = "";
  const call = async (pathName: string, input: unknown, method: "GET" | "POST") => {
    const url = method === "GET" ? `${baseUrl}/api/trpc/${pathName}?input=${encodeURIComponent(JSON.stringify(input))}` : `${baseUrl}/api/trpc/${pathName}`;
    const res = await fetch(url, { method, headers: { "content-type": "application/json", cookie }, body: method === "POST" ? JSON.stringify(input) : undefined });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) cookie = setCookie.split(";")[0]!;
    const body = await res.json();
    if (!res.ok) throw new Error(`${pathName}: ${body.error?.message ?? res.status}`);
    return body.result.data;
  };
  return { query: (p: string, i: unknown) => call(p, i, "GET"), mutate: (p: string, i: unknown) => call(p, i, "POST"), cookie: () => cookie };
}

async function runToEnd(api: ReturnType<typeof webApi>, versionId: string, timerange: string) {
  const { id } = await api.mutate("backtest.start", { strategyVersionId: versionId, settings: { pairs: ["BTC/USDT"], timeframe: "5m", timerange } });
  for (;;) {
    const run = await api.query("backtest.get", { id });
    if (!["QUEUED", "RUNNING"].includes(run.status)) {
      if (run.status !== "SUCCEEDED") throw new Error(`run ${id} ${run.status}: ${run.error?.message}`);
      return { id, trades: run.metrics.totalTrades as number };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function benchResultsPage() {
  const platform = await startPlatform({ webPort: 3120, runnerPort: 4120, pgPort: 54350 });
  const browser = await launchChromium();
  try {
    const api = webApi(platform.baseUrl);
    await api.mutate("auth.signUp", { email: "bench@tradelab.local", password: "benchmark-password" });
    const source = await readFile(path.join(import.meta.dirname, "bench-strategies/ChurnStrategy.py"), "utf8");
    const { versionId } = await api.mutate("strategy.create", { upload: { fileName: "ChurnStrategy.py", source } });
    log("backtesting the big run (a year of 5m) and the small one (a week)…");
    const big = await runToEnd(api, versionId, "20240101-20250101");
    const small = await runToEnd(api, versionId, "20240101-20240108");
    const chart = await api.query("backtest.chart", { id: big.id, pair: "BTC/USDT" });
    log(`big run: ${chart.candles.t.length} candles, ${big.trades} trades; small run: ${small.trades} trades`);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = api.cookie().split("=");
    await context.addCookies([{ name: name!, value: value!, url: platform.baseUrl }]);
    const page = await context.newPage();
    /** ms since navigation: chart data received, chart mounted, chart interactive. */
    const measure = async (id: string) => {
      await page.goto(`${platform.baseUrl}/backtests/${id}`);
      await page.locator('[data-testid="price-chart"][data-ready="true"]').waitFor({ timeout: 60_000 });
      // A string, not a function: tsx's name-keeping helpers do not exist in the page.
      return page.evaluate(`(() => {
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        const chartFetch = performance.getEntriesByType("resource").find((e) => e.name.includes("/chart?"));
        return { interactive: at("tradelab:chart-interactive"), mount: at("tradelab:chart-mount"), chartData: chartFetch?.responseEnd ?? NaN, chartRequested: chartFetch?.startTime ?? NaN };
      })()`) as Promise<{ interactive: number; mount: number; chartData: number; chartRequested: number }>;
    };
    await measure(small.id); // warm-up: first compile of the route, caches
    const bigMs: number[] = [];
    const smallMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const b = await measure(big.id);
      const sm = await measure(small.id);
      bigMs.push(b.interactive);
      smallMs.push(sm.interactive);
      const f = (x: number) => x.toFixed(0);
      log(`round ${i + 1}/${ROUNDS}: big ${f(b.interactive)} ms (chart data requested ${f(b.chartRequested)}, received ${f(b.chartData)}, mounted ${f(b.mount)}), small ${f(sm.interactive)} ms`);
    }
    const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms  (runs: ${xs.map((x) => x.toFixed(0)).join(", ")})`;
    console.log(`results page, navigation → chart interactive (Chromium, production build, ${ROUNDS} rounds):`);
    console.log(`  big run   (${chart.candles.t.length} candles, ${big.trades} trades): ${fmt(bigMs)}`);
    console.log(`  small run (${small.trades} trades, a week of 5m):     ${fmt(smallMs)}`);
    console.log(`chart_interactive_ms=${median(bigMs).toFixed(0)} (target < ${TARGET_MS})  big/small=${(median(bigMs) / median(smallMs)).toFixed(2)}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchResultsPage().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
