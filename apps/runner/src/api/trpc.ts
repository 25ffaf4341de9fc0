import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, formatZodIssues } from "../errors.js";
import type { RunnerContext } from "./context.js";

const t = initTRPC.context<RunnerContext>().create({
  errorFormatter: ({ shape, error }) =>
    error.cause instanceof ZodError ? { ...shape, message: `invalid input: ${formatZodIssues(error.cause)}` } : shape,
});

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
