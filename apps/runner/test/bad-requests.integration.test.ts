import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { sampleRequest } from "./run-helpers.js";

/** Bad requests are refused at the API with a message naming the problem, and nothing is stored. */
describe("bad backtest requests", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  beforeAll(async () => {
    env = await startTestRunner({ startWorkers: false });
    client = createRunnerClient(env.runner.url);
  });
  afterAll(() => env?.stop());

  const rejects = async (overrides: object, message: RegExp) => {
    const request = { ...(await sampleRequest()), ...overrides };
    const err = await client.backtest.enqueue.mutate({ ownerEmail: "bad@example.com", request }).then(() => null, (e: Error & { data?: { code?: string } }) => e);
    expect(err, "request should have been rejected").not.toBeNull();
    expect(err!.data?.code).toBe("BAD_REQUEST");
    expect(err!.message).toMatch(message);
  };

  it("unknown pair", () => rejects({ pairs: ["FOO/USDT"] }, /no data for FOO\/USDT/));
  it("malformed pair", () => rejects({ pairs: ["BTCUSDT"] }, /invalid pair "BTCUSDT"/));
  it("empty time range", () => rejects({ timerange: "20240101-20240101" }, /timerange 20240101-20240101 is empty/));
  it("inverted time range", () => rejects({ timerange: "20240301-20240101" }, /inverted: end 20240101 is before start 20240301/));
  it("time range outside the data", () => rejects({ timerange: "20300101-20300201" }, /BTC\/USDT.*(outside|available|no data)/i));
  it("unknown timeframe", () => rejects({ timeframe: "7m" }, /unknown timeframe "7m"/));
  it("no strategy class", async () => {
    await rejects({ strategy: { fileName: "Nothing.py", source: "import talib\n\nclass Helper:\n    pass\n" } }, /no strategy class found/);
  });
  it("a 5 MB strategy file", async () => {
    const source = `class Big(IStrategy):\n    pass\n# ${"x".repeat(5 * 1024 * 1024)}\n`;
    await rejects({ strategy: { fileName: "Big.py", source } }, /strategy file is too large: 5120 KiB, the limit is 256 KiB/);
  });
  it("nothing was stored for any rejected request", async () => {
    expect(await env.runner.prisma.backtest.count()).toBe(0);
    expect(await env.runner.prisma.strategyVersion.count()).toBe(0);
  });
  it("an unknown backtest id is NOT_FOUND", async () => {
    await expect(client.backtest.status.query({ id: "does-not-exist" })).rejects.toThrow(/backtest does-not-exist does not exist/);
  });
});
