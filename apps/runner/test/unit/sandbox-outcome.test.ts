import { describe, expect, it } from "vitest";
import { classifySandboxRun } from "../../src/backtest/sandbox-outcome.js";
import { defaultSandboxLimits } from "../../src/config.js";

const limits = { ...defaultSandboxLimits(), timeoutMs: 60_000, memoryBytes: 512 * 2 ** 20, logBytes: 1024 };
const run = (over: object) => ({ outcome: "exited" as const, exitCode: 0, log: "line1\nline2\n", logBytesSeen: 12, ...over });

describe("classifySandboxRun", () => {
  it("success needs exit 0 and a result", () => {
    expect(classifySandboxRun(run({}), limits, undefined, true)).toEqual({ status: "SUCCEEDED", error: null });
  });
  it("exit 0 without a result is a failure quoting the log", () => {
    const r = classifySandboxRun(run({}), limits, undefined, false);
    expect(r.status).toBe("FAILED");
    expect(r.error?.message).toMatch(/exited with code 0 without a result:\nline1\nline2/);
  });
  it("the wrapper's error file wins", () => {
    const err = { kind: "syntax", message: "invalid syntax", file: "A.py", line: 3 };
    expect(classifySandboxRun(run({ exitCode: 2 }), limits, err, false)).toEqual({ status: "FAILED", error: err });
  });
  it("a malformed error file is ignored", () => {
    expect(classifySandboxRun(run({ exitCode: 2 }), limits, { kind: "nonsense" }, false).error?.kind).toBe("runtime");
  });
  it.each([
    ["timeout", "TIMED_OUT", "timeout", /wall-clock limit of 60 s/],
    ["memory_limit", "FAILED", "memory_limit", /memory limit of 512 MiB/],
    ["cancelled", "CANCELLED", "cancelled", /cancelled/],
  ] as const)("%s", (outcome, status, kind, message) => {
    const r = classifySandboxRun(run({ outcome, exitCode: 137 }), limits, undefined, false);
    expect(r.status).toBe(status);
    expect(r.error?.kind).toBe(kind);
    expect(r.error?.message).toMatch(message);
  });
  it("output limit tells log floods from oversized results", () => {
    expect(classifySandboxRun(run({ outcome: "output_limit", logBytesSeen: 5000 }), limits, undefined, false).error?.message).toMatch(/more than 1 KiB of log output/);
    expect(classifySandboxRun(run({ outcome: "output_limit", logBytesSeen: 10 }), limits, undefined, false).error?.message).toMatch(/output exceeded 128 MiB/);
  });
});
