/**
 * Generates the Prisma client when it is missing or stale (see ../generate.ts).
 *   tsx packages/db/src/cli/generate.ts [--force]
 * Quiet when the client is up to date (scripts/bootstrap.sh runs it every time).
 */
import { ensurePrismaClient } from "../generate.js";

const force = process.argv.includes("--force");
ensurePrismaClient({ force, log: (m) => console.log(`[db] ${m}`) }).then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[db] ${err.message}`);
    process.exit(1);
  },
);
