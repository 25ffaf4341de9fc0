/**
 * Applies the committed SQL migrations in prisma/migrations/ and records them in
 * Prisma's own `_prisma_migrations` table (same layout and checksums as
 * `prisma migrate deploy`, which cannot be used here: through the pg driver
 * adapter it fails in Prisma 6.19, prisma/orm#27403). A database migrated by
 * this module is therefore understood by the Prisma CLI, and vice versa.
 *
 * - Concurrency: a session-level pg advisory lock serialises appliers, so two
 *   processes starting at once apply each migration exactly once.
 * - Each migration runs in its own transaction together with its bookkeeping
 *   row; a failure rolls back completely and is recorded as rolled back.
 * - An applied migration whose migration.sql changed (sha256 checksum differs)
 *   is refused: migrations are immutable once applied.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { logWith, type DbLogger } from "./embedded-postgres.js";

/** prisma/migrations of this repository. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");

/** Advisory lock key: the one Prisma's schema engine takes for `migrate deploy`, so the two exclude each other too. */
export const MIGRATION_LOCK_KEY = 72_707_369;

export interface ApplyMigrationsOptions {
  log?: DbLogger;
  /** Directory holding `<timestamp>_<name>/migration.sql`. Default: prisma/migrations of this repo. */
  migrationsDir?: string;
  /** Give up waiting for another applier's lock after this many ms. Default 120000. */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied (checksums verified). */
  alreadyApplied: string[];
}

export interface LocalMigration {
  name: string;
  sql: string;
  /** sha256 hex of migration.sql's bytes, as Prisma computes it. */
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string, readonly migration?: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** sha256 (hex) of a migration script, as Prisma records it in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

/** Checksums accepted for a script: its bytes, and its bytes with LF / CRLF line endings (a git checkout may convert them). */
function acceptableChecksums(script: string): Set<string> {
  const lf = script.replace(/\r\n/g, "\n");
  return new Set([migrationChecksum(script), migrationChecksum(lf), migrationChecksum(lf.replace(/\n/g, "\r\n"))]);
}

/** The migrations on disk, sorted by directory name (the timestamp prefix orders them). */
export async function readMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await fs.readdir(migrationsDir, { withFileTypes: true });
  } catch (err) {
    throw new MigrationError(`cannot read the migrations directory ${migrationsDir}: ${(err as Error).message}`);
  }
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const out: LocalMigration[] = [];
  for (const name of dirs) {
    const file = path.join(migrationsDir, name, "migration.sql");
    let buf: Buffer;
    try {
      buf = await fs.readFile(file);
    } catch {
      throw new MigrationError(`migration directory ${name} has no migration.sql`, name);
    }
    out.push({ name, sql: buf.toString("utf8"), checksum: migrationChecksum(buf) });
  }
  return out;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** Applies every migration not applied yet, in order. Safe to call from several processes at once. */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const { log } = options;
  const migrations = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "tradelab-migrate" });
  client.on("error", () => {}); // connection errors surface through the awaited queries
  await client.connect();
  let locked = false;
  try {
    const lockTimeout = Math.max(1, Math.round(options.lockTimeoutMs ?? 120_000));
    await client.query(`SET lock_timeout = ${lockTimeout}`);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    } catch (err) {
      if ((err as { code?: string }).code === "55P03") {
        throw new MigrationError(`timed out after ${lockTimeout} ms waiting for another process that is applying migrations (advisory lock ${MIGRATION_LOCK_KEY})`);
      }
      throw err;
    }
    locked = true;
    await client.query("SET lock_timeout = 0");
    await client.query(CREATE_MIGRATIONS_TABLE);

    const { rows } = await client.query<MigrationRow>(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at
         FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);

    const local = new Set(migrations.map((m) => m.name));
    const unknown = [...new Set(live.filter((r) => r.finished_at !== null && !local.has(r.migration_name)).map((r) => r.migration_name))];
    if (unknown.length) {
      logWith(log, "warn", `migrate: the database has migrations that are not in ${options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR}: ${unknown.join(", ")} (a newer version of the code applied them?)`);
    }

    // Verify everything first: refuse before applying anything.
    const pending: LocalMigration[] = [];
    const alreadyApplied: string[] = [];
    for (const m of migrations) {
      const mine = live.filter((r) => r.migration_name === m.name);
      const done = mine.find((r) => r.finished_at !== null);
      const failed = mine.find((r) => r.finished_at === null);
      if (done) {
        if (!acceptableChecksums(m.sql).has(done.checksum)) {
          throw new MigrationError(
            `migration ${m.name} was modified after it was applied (checksum in database ${done.checksum}, ` +
              `file now ${m.checksum}). Applied migrations must not change: restore the original migration.sql ` +
              `and put the change in a new migration.`,
            m.name,
          );
        }
        alreadyApplied.push(m.name);
      } else if (failed) {
        // Left by `prisma migrate deploy` (non-transactional) or a crash: the state of the database is unknown.
        throw new MigrationError(
          `migration ${m.name} is recorded as started but not finished (started ${failed.started_at.toISOString()}): ` +
            `check the database, then mark it rolled back (\`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${failed.id}'\`) ` +
            `or finished. Logs: ${failed.logs ?? "(none)"}`,
          m.name,
        );
      } else {
        pending.push(m);
      }
    }

    const applied: string[] = [];
    for (const m of pending) {
      const startedAt = new Date();
      const t0 = Date.now();
      logWith(log, "info", `migrate: applying ${m.name}`);
      try {
        await client.query("BEGIN");
        await client.query(m.sql); // simple-query protocol: multiple statements allowed
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), m.checksum, m.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        const message = (err as Error).message;
        // Keep a trace of the failed attempt; rolled_back_at marks it as not blocking (the transaction undid it).
        await client
          .query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, NULL, $3, $4, now(), $5, 0)`,
            [randomUUID(), m.checksum, m.name, `tradelab-migrate: ${message}`, startedAt],
          )
          .catch(() => {});
        throw new MigrationError(`migration ${m.name} failed and was rolled back: ${message}`, m.name);
      }
      applied.push(m.name);
      logWith(log, "info", `migrate: applied ${m.name} in ${Date.now() - t0} ms`);
    }
    if (!applied.length) logWith(log, "info", `migrate: database is up to date (${alreadyApplied.length} migrations)`);
    return { applied, alreadyApplied };
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}
