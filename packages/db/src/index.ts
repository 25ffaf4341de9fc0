/**
 * @tradelab/db — PostgreSQL access for TradeLab.
 *
 * Call `ensurePrismaClient()` (from "@tradelab/db/generate") before importing
 * this module in a fresh checkout: it imports the generated Prisma client.
 *
 *   const db = await startDatabase({ dataDir, port: DEFAULT_EMBEDDED_PORT, log });
 *   await applyMigrations(db.url, { log });
 *   const prisma = createPrismaClient(db.url);
 *   ...
 *   await prisma.$disconnect(); await db.stop();
 */
export * from "./client.js";
export {
  startDatabase,
  redactUrl,
  DEFAULT_EMBEDDED_PORT,
  DEFAULT_DATABASE_NAME,
  type StartDatabaseOptions,
  type DatabaseHandle,
  type DbLogger,
} from "./embedded-postgres.js";
export {
  applyMigrations,
  readMigrations,
  migrationChecksum,
  MigrationError,
  DEFAULT_MIGRATIONS_DIR,
  MIGRATION_LOCK_KEY,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  type LocalMigration,
} from "./migrate.js";
export { ensurePrismaClient, isPrismaClientFresh, type EnsurePrismaClientOptions } from "./generate.js";
