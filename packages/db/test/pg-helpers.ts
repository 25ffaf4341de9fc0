import { mkdtemp, chmod, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startDatabase, type DatabaseHandle } from "../src/embedded-postgres.js";

/** A temp dir the `postgres` user can traverse (mkdtemp makes 0700 dirs). */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export interface TestServer {
  dir: string;
  db: DatabaseHandle;
  logs: string[];
  /** A fresh, empty database on the server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  close(): Promise<void>;
}

/** An embedded PostgreSQL in a temp dir on a free port, ignoring any DATABASE_URL. */
export async function startTestServer(prefix = "tradelab-db-test-"): Promise<TestServer> {
  const dir = await makeTempDir(prefix);
  const logs: string[] = [];
  const db = await startDatabase({ dataDir: path.join(dir, "pgdata"), env: {}, serverLogs: false, log: (m) => logs.push(m) });
  return {
    dir,
    db,
    logs,
    async createDatabase(name) {
      const c = new pg.Client(db.url);
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      const u = new URL(db.url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async close() {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
