import { createRunnerClient } from "@tradelab/runner/client";

export const dynamic = "force-dynamic";

const day = (iso: string) => iso.slice(0, 10);

export default async function HealthPage() {
  const runner = createRunnerClient();
  const [health, data] = await Promise.all([
    runner.health.query().catch((e: Error) => ({ ok: false as const, error: e.message })),
    runner.marketData.availability.query().catch(() => null),
  ]);
  return (
    <section>
      <h1>Platform health</h1>
      <table>
        <tbody>
          <tr><th>Web app</th><td className="ok" data-testid="web-status">up</td></tr>
          <tr>
            <th>Runner</th>
            <td data-testid="runner-status" className={health.ok ? "ok" : "bad"}>
              {health.ok ? `up — ${health.concurrency} worker(s), sandbox runtime ${health.runtime}, image ${health.image}` : `unreachable: ${"error" in health ? health.error : ""}`}
            </td>
          </tr>
        </tbody>
      </table>
      <h2>Market data</h2>
      {!data || data.length === 0 ? (
        <p className="muted">No market data yet: the runner creates the default data set on first start.</p>
      ) : (
        <table data-testid="market-data">
          <thead><tr><th>Pair</th><th>Timeframe</th><th>From</th><th>To</th><th>Source</th></tr></thead>
          <tbody>
            {data.map((d) => (
              <tr key={`${d.pair}-${d.timeframe}`}>
                <td>{d.pair}</td><td>{d.timeframe}</td><td>{day(d.start)}</td><td>{day(d.end)}</td>
                <td><span className="badge">{d.source === "generated" ? "generated (synthetic)" : d.source}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
