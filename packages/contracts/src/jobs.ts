import { z } from "zod";

/**
 * A job is a contract shared by producer and consumer: the runner validates the payload again
 * when it picks the job up, so a producer on an older version fails loudly instead of silently.
 */
export interface JobDefinition<TId extends string, TSchema extends z.ZodType> {
  id: TId;
  version: number;
  schema: TSchema;
}

export const backtestRunJob = {
  id: "backtest.run",
  version: 1,
  schema: z.object({ backtestId: z.string().min(1), version: z.literal(1) }),
} as const satisfies JobDefinition<"backtest.run", z.ZodType>;
export type BacktestRunPayload = z.infer<typeof backtestRunJob.schema>;
