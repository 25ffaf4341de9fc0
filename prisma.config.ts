// Prisma CLI configuration (Prisma 6.19).
//
// `engine: "js"` makes the CLI use its WASM schema engine through a driver
// adapter instead of the native schema-engine binary, which cannot be
// downloaded here. With it, `prisma generate` and `prisma validate` work
// offline with no database, and `prisma migrate diff --from-empty|--from-schema-datamodel
// ... --to-schema-datamodel ... --script` works with DATABASE_URL pointing at
// any reachable PostgreSQL (it connects but does not read the schema; the
// embedded server will do: see packages/db/src/cli/new-migration.ts).
// Not available through the pg adapter in 6.19: migrate deploy/dev/status and
// diff --from-migrations fail ("Column type 'name' could not be deserialized",
// prisma/orm#27403); diff --from-url/--from-schema-datasource are refused.
// Migrations are applied by packages/db/src/migrate.ts instead.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The schema's `url = env("DATABASE_URL")` must resolve, or the CLI cannot read
// the generator's `engineType = "client"`, falls back to the native "library"
// engine and tries to download it from binaries.prisma.sh (fails offline).
// Commands that do not connect (generate, validate) only need *a* value, so a
// placeholder is set when none is given.
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) process.env.DATABASE_URL = "postgresql://unset@127.0.0.1:1/unset";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // Called only by commands that talk to a database (including `migrate diff`).
  async adapter() {
    if (!databaseUrl) throw new Error("DATABASE_URL is not set: this prisma command needs a database");
    return new PrismaPg({ connectionString: databaseUrl });
  },
});
