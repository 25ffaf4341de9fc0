/**
 * Creates the next migration from the change to prisma/schema.prisma, offline:
 *
 *   tsx packages/db/src/cli/new-migration.ts <name> [--from-schema FILE]
 *   npm run migration:new -w @tradelab/db -- <name>
 *
 * Why not `prisma migrate dev`: through the pg driver adapter Prisma 6.19 can
 * neither apply migrations nor introspect a database (prisma/orm#27403), and
 * the native engine cannot be downloaded. What does work is diffing two schema
 * files (`migrate diff --from-schema-datamodel A --to-schema-datamodel B`), which
 * still wants a reachable PostgreSQL: a throwaway embedded one is used.
 *
 * So every migration directory keeps a copy of the schema it leads to
 * (`schema.prisma.snapshot`; Prisma ignores extra files there). The new
 * migration is the diff from the latest snapshot to the current schema; it is
 * then applied, with all earlier ones, to the throwaway database as a check.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDatabase } from "../embedded-postgres.js";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from "../migrate.js";
import { REPO_ROOT, SCHEMA_PATH } from "../generate.js";

export const SNAPSHOT_FILE = "schema.prisma.snapshot";
const log = (m: string) => console.error(m);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { "from-schema": { type: "string" } } });
  const name = positionals[0];
  if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
    log("usage: new-migration <name> [--from-schema FILE]   (name: lowercase letters, digits, _)");
    return 2;
  }
  const migrations = await readMigrations(DEFAULT_MIGRATIONS_DIR);
  const latest = migrations[migrations.length - 1];
  const fromSchema = values["from-schema"]
    ? path.resolve(values["from-schema"])
    : latest && path.join(DEFAULT_MIGRATIONS_DIR, latest.name, SNAPSHOT_FILE);
  if (!fromSchema || !existsSync(fromSchema)) {
    log(`no schema snapshot to diff from (${fromSchema ?? "no migrations yet"}): pass --from-schema FILE (the schema the latest migration produced)`);
    return 1;
  }

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "tradelab-new-migration-"));
  await fs.chmod(tmp, 0o755);
  const db = await startDatabase({ dataDir: path.join(tmp, "pgdata"), env: {}, serverLogs: false });
  try {
    const prismaCli = path.join(REPO_ROOT, "node_modules", "prisma", "build", "index.js");
    const r = spawnSync(
      process.execPath,
      [prismaCli, "migrate", "diff", "--from-schema-datamodel", fromSchema, "--to-schema-datamodel", SCHEMA_PATH, "--script"],
      { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: db.url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
    );
    if (r.status !== 0) {
      log(`prisma migrate diff failed:\n${r.stderr}${r.stdout}`);
      return 1;
    }
    const sql = r.stdout;
    const meaningful = sql.split("\n").some((l) => l.trim() && !l.trim().startsWith("--"));
    if (!meaningful) {
      log("no schema changes since the latest migration: nothing to do");
      return 0;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dirName = `${stamp}_${name}`;
    const dir = path.join(DEFAULT_MIGRATIONS_DIR, dirName);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "migration.sql"), sql);
    await fs.copyFile(SCHEMA_PATH, path.join(dir, SNAPSHOT_FILE));
    log(`created prisma/migrations/${dirName}/migration.sql:\n${sql}`);

    const res = await applyMigrations(db.url, { log });
    log(`check: all ${res.applied.length} migrations apply cleanly to an empty database`);
    return 0;
  } finally {
    await db.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    log(err.stack ?? err.message);
    process.exit(1);
  },
);
