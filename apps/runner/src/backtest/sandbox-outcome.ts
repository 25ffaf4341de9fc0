import { backtestErrorSchema, type BacktestError, type BacktestStatus } from "@tradelab/contracts";
import type { SandboxLimits, SandboxRun } from "../sandbox/container-client.js";

const MiB = 1024 * 1024;

/** Last lines of a log, for an error message when nothing better is known. */
export function logTail(log: string, lines = 15): string {
  return log.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Turns what the sandbox did into the backtest's final status and, on failure, an error that
 * names the problem. `errorFile` is the wrapper's own error.json when it wrote one.
 */
export function classifySandboxRun(
  run: Pick<SandboxRun, "outcome" | "exitCode" | "log" | "logBytesSeen">,
  limits: SandboxLimits,
  errorFile: unknown,
  hasResult: boolean,
): { status: BacktestStatus; error: BacktestError | null } {
  switch (run.outcome) {
    case "cancelled":
      return { status: "CANCELLED", error: { kind: "cancelled", message: "cancelled by the user" } };
    case "timeout":
      return { status: "TIMED_OUT", error: { kind: "timeout", message: `stopped after the wall-clock limit of ${Math.round(limits.timeoutMs / 1000)} s` } };
    case "memory_limit":
      return { status: "FAILED", error: { kind: "memory_limit", message: `killed: the strategy exceeded the memory limit of ${Math.round(limits.memoryBytes / MiB)} MiB` } };
    case "output_limit":
      return {
        status: "FAILED",
        error: {
          kind: "output_limit",
          message: run.logBytesSeen > limits.logBytes
            ? `stopped: the job wrote more than ${Math.round(limits.logBytes / 1024)} KiB of log output`
            : `stopped: the job's output exceeded ${Math.round(limits.outputBytes / MiB)} MiB`,
        },
      };
    case "exited":
      break;
  }
  const reported = backtestErrorSchema.safeParse(errorFile);
  if (reported.success) return { status: "FAILED", error: reported.data };
  if (run.exitCode === 0 && hasResult) return { status: "SUCCEEDED", error: null };
  return {
    status: "FAILED",
    error: {
      kind: "runtime",
      message: `the backtest exited with code ${run.exitCode} without a result:\n${logTail(run.log)}`,
    },
  };
}
