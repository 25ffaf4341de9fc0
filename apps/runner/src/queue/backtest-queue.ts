import PgBoss from "pg-boss";
import { backtestRunJob, type BacktestRunPayload } from "@tradelab/contracts";

type Log = (msg: string) => void;

/**
 * The durable queue: pg-boss tables in the platform's PostgreSQL. A job carries only the backtest
 * id; the backtest row is the source of truth for its state, so a job delivered twice (after a
 * crash) is recognised and runs at most once to completion.
 */
export class BacktestQueue {
  private readonly boss: PgBoss;
  private readonly workerIds: string[] = [];
  static readonly queueName = backtestRunJob.id;

  constructor(databaseUrl: string, private readonly log: Log = () => {}) {
    this.boss = new PgBoss({ connectionString: databaseUrl, schema: "pgboss", max: 4, application_name: "tradelab-queue" });
    this.boss.on("error", (e: Error) => this.log(`queue error: ${e.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Retries only cover runner crashes (recovery fails the orphaned job); a strategy error
    // completes the job normally with a FAILED backtest.
    await this.boss.createQueue(BacktestQueue.queueName, { name: BacktestQueue.queueName, retryLimit: 5, retryDelay: 0 });
  }

  /** `maxRunSeconds`: the job's own wall-clock limit; pg-boss must not expire it before that. */
  async enqueue(backtestId: string, maxRunSeconds: number): Promise<string> {
    const payload: BacktestRunPayload = { backtestId, version: backtestRunJob.version };
    const id = await this.boss.send(BacktestQueue.queueName, payload, { expireInSeconds: maxRunSeconds + 600 });
    if (!id) throw new Error(`queue refused job for backtest ${backtestId}`);
    for (const w of this.workerIds) this.boss.notifyWorker(w);
    return id;
  }

  /** Starts `concurrency` workers; each runs one job at a time. */
  async work(concurrency: number, handler: (payload: BacktestRunPayload, jobId: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      const workerId = await this.boss.work<BacktestRunPayload>(
        BacktestQueue.queueName,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (!job) return;
          const parsed = backtestRunJob.schema.safeParse(job.data);
          if (!parsed.success) {
            this.log(`queue: dropping job ${job.id}: payload does not match ${backtestRunJob.id} v${backtestRunJob.version}: ${parsed.error.message}`);
            return;
          }
          await handler(parsed.data, job.id);
        },
      );
      this.workerIds.push(workerId);
    }
  }

  async cancel(jobId: string): Promise<void> {
    await this.boss.cancel(BacktestQueue.queueName, jobId);
  }

  /** Hands an orphaned active job (its runner died) back to the queue. */
  async requeueOrphan(jobId: string): Promise<void> {
    await this.boss.fail(BacktestQueue.queueName, jobId, { reason: "runner restarted while the job was running" });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, timeout: 5000 }).catch(() => {});
  }
}
