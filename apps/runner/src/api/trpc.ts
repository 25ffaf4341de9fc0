import { initTRPC, TRPCError } from "@trpc/server";
import { AppError } from "../errors.js";
import type { RunnerContext } from "./context.js";

const t = initTRPC.context<RunnerContext>().create();

/** Domain code throws AppError; this turns it into the matching tRPC error code in one place. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(mapDomainErrors);
