"use client";
// TEMPORARY scratch page to look at the results components. Not to be committed.
import type { BacktestMetrics, PairChart, PeriodRow, SeriesPoint, Trade, BreakdownRow } from "@tradelab/contracts";
import { useEffect, useState } from "react";
import {
  BreakdownTable, CompareView, DrawdownChart, EquityChart, MetricsGrid, PeriodTable, PriceChart, TradesTable,
} from "../../src/components/results";
import { sampleMetrics } from "../../src/components/results/test-fixtures";

function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeChart(n: number, nTrades: number, seed = 1): PairChart {
  const r = rng(seed);
  const T0 = Date.UTC(2023, 0, 1);
  const t = new Array<number>(n), open = new Array<number>(n), high = new Array<number>(n), low = new Array<number>(n), close = new Array<number>(n), volume = new Array<number>(n);
  let p = 30000;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = o * (1 + (r() - 0.5) * 0.006);
    t[i] = T0 + i * 300_000; open[i] = o; close[i] = c;
    high[i] = Math.max(o, c) * (1 + r() * 0.002); low[i] = Math.min(o, c) * (1 - r() * 0.002);
    volume[i] = 10 + r() * 100;
    p = c;
  }
  const ema = (len: number) => { const a = 2 / (len + 1); let e = close[0]!; return close.map((c, i) => { e = a * c + (1 - a) * e; return i < len ? null : e; }); };
  const emaFast = ema(12), emaSlow = ema(26);
  const rsi = close.map((_, i) => (i < 14 ? null : 30 + 40 * (0.5 + 0.5 * Math.sin(i / 20))));
  const macd = emaFast.map((f, i) => (f === null || emaSlow[i] === null ? null : f - emaSlow[i]!));
  const macdhist = macd.map((m, i) => (m === null || i % 500 === 7 ? null : m * 0.5));
  const trades: Trade[] = [];
  const step = Math.floor(n / (nTrades + 1));
  for (let k = 0; k < nTrades; k++) {
    const a = k * step + 5 + Math.floor(r() * step * 0.3);
    const b = Math.min(n - 1, a + 3 + Math.floor(r() * step * 0.5));
    const isShort = r() < 0.3;
    const ratio = ((close[b]! / open[a]!) - 1) * (isShort ? -1 : 1) - 0.002;
    trades.push({
      pair: "BTC/USDT", isShort, openMs: t[a]!, closeMs: t[b]! + 120_000, openRate: open[a]!, closeRate: close[b]!, amount: 100 / open[a]!, stakeAmount: 100,
      profitAbs: 100 * ratio, profitRatio: ratio, exitReason: ratio > 0 ? "roi" : r() < 0.5 ? "stop_loss" : "exit_signal",
      enterTag: r() < 0.5 ? "ema_cross" : null, durationMinutes: (b - a) * 5 + 2, isOpen: false,
    });
  }
  return {
    pair: "BTC/USDT", timeframe: "5m", candles: { t, open, high, low, close, volume },
    indicators: { ema_fast: emaFast, ema_slow: emaSlow, rsi, macd, macdhist },
    plotConfig: { main_plot: { ema_fast: { color: "red" }, ema_slow: {} }, subplots: { RSI: { rsi: { color: "purple" } }, MACD: { macd: {}, macdhist: { type: "bar" } } } },
    trades,
  };
}

function equityOf(trades: Trade[], start = 1000): { equity: SeriesPoint[]; drawdown: SeriesPoint[] } {
  let b = start, peak = start;
  const equity: SeriesPoint[] = [{ t: Date.UTC(2023, 0, 1), v: start }];
  const drawdown: SeriesPoint[] = [{ t: Date.UTC(2023, 0, 1), v: 0 }];
  for (const tr of [...trades].sort((x, y) => x.closeMs - y.closeMs)) {
    b += tr.profitAbs; peak = Math.max(peak, b);
    equity.push({ t: tr.closeMs, v: b }); drawdown.push({ t: tr.closeMs, v: b / peak - 1 });
  }
  return { equity, drawdown };
}

function months(trades: Trade[]): PeriodRow[] {
  const m = new Map<string, PeriodRow>();
  for (const tr of trades) {
    const d = new Date(tr.closeMs); const key = d.toISOString().slice(0, 7);
    const row = m.get(key) ?? { period: key, startMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), profitAbs: 0, trades: 0, wins: 0, draws: 0, losses: 0 };
    row.profitAbs += tr.profitAbs; row.trades++; if (tr.profitAbs > 0) row.wins++; else if (tr.profitAbs < 0) row.losses++; else row.draws++;
    m.set(key, row);
  }
  return [...m.values()];
}

function breakdown(trades: Trade[], key: (t: Trade) => string): BreakdownRow[] {
  const m = new Map<string, Trade[]>();
  for (const t of trades) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return [...m.entries()].map(([k, ts]) => {
    const p = ts.reduce((s, t) => s + t.profitAbs, 0);
    const wins = ts.filter((t) => t.profitAbs > 0).length, losses = ts.filter((t) => t.profitAbs < 0).length;
    return { key: k, trades: ts.length, profitAbs: p, profitTotalRatio: p / 1000, profitMeanRatio: ts.reduce((s, t) => s + t.profitRatio, 0) / ts.length, wins, draws: ts.length - wins - losses, losses, winRate: wins / ts.length, durationAvg: "3:25:00" };
  });
}

export default function Scratch() {
  const [params, setParams] = useState<URLSearchParams | null>(null);
  const [chart, setChart] = useState<PairChart | null>(null);
  const [selected, setSelected] = useState<Trade | null>(null);
  useEffect(() => {
    const p = new URLSearchParams(location.search);
    if (p.get("theme")) document.documentElement.dataset.theme = p.get("theme")!;
    const n = Number(p.get("candles") ?? 5000), k = Number(p.get("trades") ?? 60);
    const c = makeChart(n, k);
    performance.mark("scratch:data-ready");
    setParams(p);
    setChart(c);
  }, []);
  if (!chart || !params) return <p>generating…</p>;
  const view = params.get("view") ?? "all";
  if (view === "perf") return <PriceChart chart={chart} />;
  const trades = chart.trades.map((t, i) => (i % 3 === 0 ? { ...t, pair: "ETH/USDT" } : t));
  const { equity, drawdown } = equityOf(chart.trades);
  const metrics: BacktestMetrics = { ...sampleMetrics, profitTotalAbs: equity[equity.length - 1]!.v - 1000 };
  const other = makeChart(5000, 60, 7);
  if (view === "compare") {
    const m2: BacktestMetrics = { ...sampleMetrics, profitTotalRatio: 0.05, profitTotalAbs: 50, maxDrawdownAccountRatio: 0.2, sharpe: 0.7, winRate: 0.52, totalTrades: 900 };
    const m3: BacktestMetrics = { ...sampleMetrics, profitTotalRatio: -0.2, sharpe: -2.5, maxDrawdownAccountRatio: 0.1 };
    return <CompareView runs={[
      { id: "a", label: "SampleStrategy v1", metrics, equity, stakeCurrency: "USDT" },
      { id: "b", label: "SampleStrategy v2", metrics: m2, equity: equityOf(other.trades).equity, stakeCurrency: "USDT" },
      { id: "c", label: "RSI strategy", metrics: m3, equity: equityOf(makeChart(5000, 60, 9).trades).equity, stakeCurrency: "USDT" },
    ]} />;
  }
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 24 }}>
      <MetricsGrid metrics={metrics} stakeCurrency="USDT" />
      <PriceChart chart={chart} selectedTrade={selected} />
      <EquityChart series={[{ label: "SampleStrategy", points: equity }]} unit="USDT" />
      <DrawdownChart points={drawdown} />
      <TradesTable trades={trades} stakeCurrency="USDT" onSelectTrade={setSelected} />
      {view === "empty" && <TradesTable trades={[]} stakeCurrency="USDT" />}
      <BreakdownTable title="Per pair" keyLabel="Pair" rows={breakdown(trades, (t) => t.pair)} stakeCurrency="USDT" />
      <BreakdownTable title="Per exit reason" keyLabel="Exit reason" rows={breakdown(trades, (t) => t.exitReason)} stakeCurrency="USDT" />
      <PeriodTable rows={months(trades)} stakeCurrency="USDT" />
    </div>
  );
}
