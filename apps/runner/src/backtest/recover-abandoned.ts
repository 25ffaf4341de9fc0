import type { PrismaClient } from "@tradelab/db";
import type { ContainerClient } from "../sandbox/container-client.js";
import type { BacktestQueue } from "../queue/backtest-queue.js";
import { RUNNER_LABEL } from "./backtest-executor.js";

/**
 * At start-up, a runner takes back what an earlier process of the same name left behind when it
 * died: it removes that process's containers and puts its RUNNING backtests back in the queue.
 * Instance ids are `<runnerName>/<pid>-<startMs>`, so runners with other names are left alone.
 */
export async function recoverAbandonedBacktests(deps: {
  prisma: PrismaClient;
  containers: ContainerClient;
  queue: BacktestQueue;
  runnerName: string;
  runnerInstance: string;
  log: (msg: string) => void;
}): Promise<number> {
  const { prisma, containers, queue, runnerName, runnerInstance, log } = deps;
  const ours = (instance: string) => instance.startsWith(`${runnerName}/`) && instance !== runnerInstance;
  const reaped = await containers.removeByLabel(RUNNER_LABEL, ours);
  if (reaped) log(`reaper: removed ${reaped} orphaned sandbox container(s)`);
  const abandoned = await prisma.backtest.findMany({
    where: { status: "RUNNING", runnerInstance: { startsWith: `${runnerName}/`, not: runnerInstance } },
  });
  for (const bt of abandoned) {
    const res = await prisma.backtest.updateMany({
      where: { id: bt.id, status: "RUNNING", attempt: bt.attempt },
      data: { status: "QUEUED", startedAt: null, runnerInstance: null },
    });
    if (res.count === 1 && bt.queueJobId) await queue.requeueOrphan(bt.queueJobId);
    log(`recovery: backtest ${bt.id} was running in ${bt.runnerInstance} (attempt ${bt.attempt}); queued again`);
  }
  return abandoned.length;
}
