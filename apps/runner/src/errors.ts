import type { ZodError } from "zod";

/** Domain errors carry a code the API layer maps to tRPC codes, and a message for the user. */
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "PAYLOAD_TOO_LARGE" | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  constructor(readonly code: AppErrorCode, message: string) {
    super(message);
    this.name = "AppError";
  }
}

/** "field.path: message; …" — readable in a terminal and a toast alike. */
export const formatZodIssues = (e: ZodError) =>
  e.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
