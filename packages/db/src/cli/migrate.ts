/**
 * Applies pending migrations.
 *
 *   npm run migrate -w @tradelab/db [-- --data-dir DIR] [--port N] [--migrations-dir DIR]
 *   tsx packages/db/src/cli/migrate.ts ...
 *
 * Uses DATABASE_URL when set; otherwise starts the embedded PostgreSQL on
 * <repo>/.data/postgres (port 54329 by default), migrates it and stops it.
 * Exit codes: 0 ok, 1 migration refused/failed, 2 bad usage.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startDatabase, DEFAULT_EMBEDDED_PORT, redactUrl } from "../embedded-postgres.js";
import { applyMigrations, MigrationError } from "../migrate.js";
import { REPO_ROOT } from "../generate.js";

const log = (m: string) => console.error(m);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        "data-dir": { type: "string" },
        port: { type: "string" },
        "migrations-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  if (values.help) {
    log("usage: migrate [--data-dir DIR] [--port N (0 = any free port; default 54329)] [--migrations-dir DIR]   (DATABASE_URL wins over --data-dir/--port)");
    return 0;
  }
  const port = values.port ? Number(values.port) : DEFAULT_EMBEDDED_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log(`invalid --port ${values.port}`);
    return 2;
  }
  const db = await startDatabase({
    dataDir: path.resolve(values["data-dir"] ?? path.join(REPO_ROOT, ".data", "postgres")),
    port,
    log,
    serverLogs: false,
  });
  try {
    log(`migrate: database ${redactUrl(db.url)}`);
    const res = await applyMigrations(db.url, { log, migrationsDir: values["migrations-dir"] && path.resolve(values["migrations-dir"]) });
    log(`migrate: ${res.applied.length} applied, ${res.alreadyApplied.length} already applied`);
    return 0;
  } catch (err) {
    log(err instanceof MigrationError ? `migrate: ${err.message}` : `migrate: ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`migrate: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
