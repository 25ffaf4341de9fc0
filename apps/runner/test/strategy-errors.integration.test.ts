import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { sampleRequest, strategyFile, submitAndWait } from "./run-helpers.js";

/** A strategy that fails inside Freqtrade becomes a failure that names the problem and the line. */
describe("strategy errors", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  beforeAll(async () => {
    env = await startTestRunner();
    client = createRunnerClient(env.runner.url);
  });
  afterAll(() => env?.stop());

  const run = async (name: string) =>
    submitAndWait(client, { ...(await sampleRequest({ timerange: "20240101-20240115" })), strategy: await strategyFile("broken", name) });

  it("a class that does not implement IStrategy's methods fails to load", async () => {
    const [missing, importError] = await Promise.all([run("MissingMethodsStrategy.py"), run("ImportErrorStrategy.py")]);
    expect(missing.status).toBe("FAILED");
    expect(missing.error).toMatchObject({ kind: "strategy_load", file: "MissingMethodsStrategy.py" });
    expect(missing.error?.message).toMatch(/abstract/i);
    expect(importError.error).toMatchObject({ kind: "strategy_load", file: "ImportErrorStrategy.py", line: 3 });
    expect(importError.error?.message).toMatch(/No module named 'not_a_real_module'/);
  });

  it("an exception while backtesting names the strategy line", async () => {
    const s = await run("RuntimeErrorStrategy.py");
    expect(s.status).toBe("FAILED");
    expect(s.error).toMatchObject({ kind: "runtime", file: "RuntimeErrorStrategy.py", line: 15 });
    expect(s.error?.message).toMatch(/KeyError: 'vwap'/);
  });
});
