/**
 * `npm run backtest -- <strategy.py> --pairs BTC/USDT,ETH/USDT --timeframe 5m --timerange 20240101-20241231 [--json]`
 * Submits through the runner's API (the path the web app uses), shows queue position and the live
 * log, then prints the metrics and where the artifacts are. With --json: only the result on stdout.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { MAX_STRATEGY_BYTES, type BacktestResult } from "@tradelab/contracts";
import { createRunnerClient, DEFAULT_RUNNER_URL, waitForBacktestEnd } from "../api/client.js";
import { describeDataSource, formatTable, summaryRows } from "./format-result.js";

const USAGE = `usage: npm run backtest -- <strategy.py> --pairs BTC/USDT[,ETH/USDT] --timeframe 5m --timerange 20240101-20241231
  [--wallet 1000] [--stake-currency USDT] [--stake unlimited|<amount>] [--max-open-trades 3] [--fee 0.001] [--param name=value ...]
  [--timeout <seconds>] [--owner you@example.com] [--json] [--quiet]`;

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

function parseParam(raw: string): [string, number | boolean | string] {
  const eq = raw.indexOf("=");
  if (eq < 1) fail(`--param expects name=value, got ${JSON.stringify(raw)}`);
  const name = raw.slice(0, eq);
  const value = raw.slice(eq + 1);
  if (value === "true" || value === "false") return [name, value === "true"];
  return [name, value !== "" && Number.isFinite(Number(value)) ? Number(value) : value];
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pairs: { type: "string" },
      timeframe: { type: "string" },
      timerange: { type: "string" },
      wallet: { type: "string" },
      "stake-currency": { type: "string" },
      stake: { type: "string" },
      "max-open-trades": { type: "string" },
      fee: { type: "string" },
      param: { type: "string", multiple: true },
      timeout: { type: "string" },
      owner: { type: "string" },
      json: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) { console.log(USAGE); return; }
  const file = positionals[0];
  if (!file) fail(`no strategy file given\n${USAGE}`);
  if (!values.pairs || !values.timeframe || !values.timerange) fail(`--pairs, --timeframe and --timerange are required\n${USAGE}`);
  const size = await stat(file).then((s) => s.size, () => fail(`cannot read strategy file ${file}`));
  if (size > MAX_STRATEGY_BYTES) fail(`strategy file ${file} is too large: ${(size / 1024).toFixed(0)} KiB, the limit is ${MAX_STRATEGY_BYTES / 1024} KiB`);
  const source = await readFile(file, "utf8");
  const numberOpt = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) fail(`--${name} must be a number, got ${JSON.stringify(v)}`);
    return n;
  };

  const json = values.json;
  const progress = (line: string) => { if (!values.quiet) (json ? process.stderr : process.stdout).write(line + "\n"); };
  const client = createRunnerClient();
  const request = {
    strategy: { fileName: path.basename(file), source },
    pairs: values.pairs.split(",").map((p) => p.trim()).filter(Boolean),
    timeframe: values.timeframe,
    timerange: values.timerange,
    stakeCurrency: values["stake-currency"],
    dryRunWallet: numberOpt("wallet", values.wallet),
    stakeAmount: values.stake === undefined || values.stake === "unlimited" ? values.stake : numberOpt("stake", values.stake),
    maxOpenTrades: numberOpt("max-open-trades", values["max-open-trades"]),
    fee: numberOpt("fee", values.fee),
    timeoutSeconds: numberOpt("timeout", values.timeout),
    params: Object.fromEntries((values.param ?? []).map(parseParam)),
  };

  const submitted = await client.backtest.enqueue.mutate({ ownerEmail: values.owner ?? "cli@tradelab.local", request });
  progress(`backtest ${submitted.id} queued (position ${submitted.queuePosition})`);

  // Queue position while waiting; the live log once it runs.
  let lastPosition = submitted.queuePosition;
  while (true) {
    const s = await client.backtest.status.query({ id: submitted.id });
    if (s.status !== "QUEUED") break;
    if (s.queuePosition !== null && s.queuePosition !== lastPosition) progress(`waiting: queue position ${(lastPosition = s.queuePosition)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise<void>((resolve, reject) => {
    const sub = client.backtest.logs.subscribe(
      { id: submitted.id },
      {
        onData: (d) => progress(`  │ ${d.line}`),
        onError: (e) => { sub.unsubscribe(); reject(e); },
        onComplete: () => resolve(),
        onStopped: () => resolve(),
      },
    );
  });
  const final = await waitForBacktestEnd(client, submitted.id);
  if (final.status !== "SUCCEEDED") {
    const where = final.error?.line ? ` (${final.error.file ?? "strategy"} line ${final.error.line})` : "";
    console.error(`backtest ${final.id} ${final.status}: ${final.error?.kind ?? "error"}${where}: ${final.error?.message ?? "no details"}`);
    process.exit(1);
  }
  const result: BacktestResult = await client.backtest.result.query({ id: submitted.id });
  if (json) {
    process.stdout.write(JSON.stringify(result) + "\n");
    return;
  }
  console.log(`\nbacktest ${final.id} SUCCEEDED in ${((final.durationMs ?? 0) / 1000).toFixed(1)} s (sandbox runtime ${final.runtime})`);
  console.log(formatTable([...summaryRows(result), ["Market data", describeDataSource(final.dataSource)]]));
  if (result.perPair.length > 1) {
    console.log("\n  Per pair:");
    console.log(formatTable(result.perPair.map((p) => [p.key, `${p.trades} trades, ${p.profitAbs.toFixed(3)} ${result.stakeCurrency}`])));
  }
  console.log("\n  Artifacts:");
  console.log(formatTable(Object.entries(final.artifacts)));
}

main().catch((e: unknown) => {
  if (e instanceof TRPCClientError) {
    const cause = (e.cause as { code?: string } | undefined)?.code;
    if (cause === "ECONNREFUSED" || /fetch failed/.test(e.message)) {
      fail(`cannot reach the runner at ${process.env.RUNNER_URL ?? DEFAULT_RUNNER_URL}: start the platform with \`npm start\` first`);
    }
    fail(e.message);
  }
  fail((e as Error).stack ?? String(e));
});
