/** The Prisma client alone, without the embedded-PostgreSQL and migration tooling (what a web server bundles). */
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { PrismaClient, Prisma } from "../generated/client/client.js";

export { PrismaClient, Prisma };
export { BacktestStatus, BacktestPurpose, $Enums } from "../generated/client/client.js";
export type { User, Strategy, StrategyVersion, Backtest } from "../generated/client/client.js";

export interface CreatePrismaClientOptions {
  /** pg pool settings (max connections, timeouts, ...); the connection string is `databaseUrl`. */
  pool?: Omit<PoolConfig, "connectionString">;
  /** Prisma log levels printed to stdout, e.g. ["warn"] (default) or ["query", "info", "warn", "error"]. Errors are thrown either way. */
  log?: Prisma.LogLevel[];
}

/** A PrismaClient on the Rust-free query compiler, connected through node-postgres (@prisma/adapter-pg). */
export function createPrismaClient(databaseUrl: string, options: CreatePrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ ...options.pool, connectionString: databaseUrl });
  return new PrismaClient({ adapter, log: options.log ?? ["warn"] });
}

/** True when `err` is Prisma's unique-constraint violation (P2002), e.g. a duplicate strategy version hash. */
export function isUniqueViolation(err: unknown): err is Prisma.PrismaClientKnownRequestError {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
