export default function Home() {
  return (
    <section>
      <h1>TradeLab</h1>
      <p className="muted">
        Write Freqtrade strategies, backtest them in isolated sandboxes and read the results. The editor arrives next;
        today the platform runs backtests from the command line: <code>npm run backtest -- examples/strategies/SampleStrategy.py --pairs BTC/USDT --timeframe 5m --timerange 20240101-20241231</code>.
      </p>
      <p><a href="/health">See the platform&apos;s health and the market data available →</a></p>
    </section>
  );
}
