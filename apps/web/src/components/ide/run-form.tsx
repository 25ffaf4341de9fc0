"use client";
import type { StrategyParameter } from "@tradelab/contracts";
import type { Timeframe } from "@tradelab/contracts";
import { endMs, startMs, type Availability, type RunSettings } from "./run-settings";

const TIMEFRAME_ORDER = ["1m", "5m", "15m", "30m", "1h", "2h", "4h", "1d"];
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Pairs, timeframe, dates, money settings and the strategy's own parameters as sliders, dropdowns and toggles. */
export function RunForm({
  settings,
  onChange,
  availability,
  parameters,
}: {
  settings: RunSettings;
  onChange: (s: RunSettings) => void;
  availability: Availability[];
  parameters: StrategyParameter[];
}) {
  const set = <K extends keyof RunSettings>(k: K, v: RunSettings[K]) => onChange({ ...settings, [k]: v });
  const timeframes = [...new Set(availability.map((a) => a.timeframe))].sort((a, b) => TIMEFRAME_ORDER.indexOf(a) - TIMEFRAME_ORDER.indexOf(b));
  const pairs = availability.filter((a) => a.timeframe === settings.timeframe);
  const chosen = pairs.filter((a) => settings.pairs.includes(a.pair));
  const minDay = chosen.length ? day(Math.max(...chosen.map(startMs))) : undefined;
  const maxDay = chosen.length ? day(Math.min(...chosen.map(endMs))) : undefined;
  const togglePair = (pair: string) =>
    set("pairs", settings.pairs.includes(pair) ? settings.pairs.filter((p) => p !== pair) : [...settings.pairs, pair]);
  const setParam = (name: string, v: number | boolean | string) => set("params", { ...settings.params, [name]: v });
  const resetParams = () => set("params", {});

  return (
    <div className="run-form">
      <div className="form-grid">
        <div className="wide">
          <span className="muted">Pairs</span>
          {pairs.length === 0 ? (
            <p className="muted">No market data for {settings.timeframe}.</p>
          ) : (
            <div className="pair-picker" role="group" aria-label="Pairs">
              {pairs.map((a) => (
                <label key={a.pair} title={`${day(startMs(a))} → ${day(endMs(a))}`}>
                  <input type="checkbox" checked={settings.pairs.includes(a.pair)} onChange={() => togglePair(a.pair)} />
                  {a.pair}
                </label>
              ))}
            </div>
          )}
        </div>
        <label>
          Timeframe
          <select name="timeframe" value={settings.timeframe} onChange={(e) => set("timeframe", e.target.value as Timeframe)}>
            {timeframes.map((tf) => <option key={tf}>{tf}</option>)}
          </select>
        </label>
        <label>
          Max open trades
          <input type="number" name="maxOpenTrades" min={-1} max={1000} value={settings.maxOpenTrades} onChange={(e) => set("maxOpenTrades", Number(e.target.value))} />
        </label>
        <label>
          From
          <input type="date" name="startDate" min={minDay} max={maxDay} value={settings.startDate} onChange={(e) => set("startDate", e.target.value)} />
        </label>
        <label>
          To (exclusive)
          <input type="date" name="endDate" min={minDay} max={maxDay} value={settings.endDate} onChange={(e) => set("endDate", e.target.value)} />
        </label>
        <label>
          Wallet (USDT)
          <input type="number" name="dryRunWallet" min={1} value={settings.dryRunWallet} onChange={(e) => set("dryRunWallet", Number(e.target.value))} />
        </label>
        <label>
          Stake per trade
          <input
            type="text"
            name="stakeAmount"
            value={String(settings.stakeAmount)}
            title='"unlimited" splits the wallet across max open trades, or a fixed amount'
            onChange={(e) => set("stakeAmount", e.target.value.trim() === "unlimited" || e.target.value.trim() === "" ? "unlimited" : Number(e.target.value))}
          />
        </label>
        <label className="wide">
          Fee per side (%)
          <input
            type="number"
            name="fee"
            step="0.01"
            min={0}
            max={10}
            placeholder="exchange default (0.1 %)"
            value={settings.feePercent ?? ""}
            onChange={(e) => set("feePercent", e.target.value === "" ? null : Number(e.target.value))}
          />
        </label>
      </div>
      {parameters.length > 0 && (
        <div className="params" data-testid="strategy-parameters">
          <div className="row">
            <h3>Strategy parameters</h3>
            <span className="spacer" />
            <button type="button" className="ghost" onClick={resetParams} title="Use the defaults written in the strategy">Reset</button>
          </div>
          {parameters.map((p) => {
            const value = settings.params[p.name] ?? p.default;
            const changed = p.name in settings.params;
            return (
              <div key={p.name} className="param" title={`${p.parameterClass} · space ${p.space} · line ${p.line}`}>
                <span>
                  {p.name} {changed && <span className="dirty-dot" title="changed from the default">●</span>}
                </span>
                {p.kind === "int" || p.kind === "decimal" ? (
                  <>
                    <output>{String(value)}</output>
                    <input
                      type="range"
                      aria-label={p.name}
                      min={p.low}
                      max={p.high}
                      step={p.kind === "int" ? 1 : p.decimals !== null ? 10 ** -p.decimals : (p.high - p.low) / 100}
                      value={Number(value)}
                      onChange={(e) => setParam(p.name, Number(e.target.value))}
                    />
                  </>
                ) : p.kind === "categorical" ? (
                  <select aria-label={p.name} value={String(value)} onChange={(e) => setParam(p.name, p.options.find((o) => String(o) === e.target.value) as string | number | boolean)}>
                    {p.options.map((o) => <option key={String(o)} value={String(o)}>{String(o)}</option>)}
                  </select>
                ) : (
                  <input type="checkbox" aria-label={p.name} checked={Boolean(value)} onChange={(e) => setParam(p.name, e.target.checked)} />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
