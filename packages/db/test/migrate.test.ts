/** Pure parts of the db package: migration discovery and checksums, URL redaction. No database. */
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DEFAULT_MIGRATIONS_DIR, MigrationError, migrationChecksum, readMigrations } from "../src/migrate.js";
import { redactUrl } from "../src/embedded-postgres.js";

const tempDirs: string[] = [];
afterAll(async () => {
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

describe("readMigrations", () => {
  it("finds the committed init migration with Prisma's checksum", async () => {
    const ms = await readMigrations();
    expect(ms.length).toBeGreaterThanOrEqual(1);
    expect(ms[0]!.name).toMatch(/^\d{14}_init$/);
    const bytes = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, ms[0]!.name, "migration.sql"));
    expect(ms[0]!.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(ms[0]!.sql).toContain('CREATE TABLE "Backtest"');
  });

  it("orders directories by name, ignores files, and requires migration.sql", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tradelab-migrations-unit-"));
    tempDirs.push(dir);
    for (const name of ["20250102000000_b", "20250101000000_a", "20250103000000_c"]) {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, "migration.sql"), `-- ${name}\n`);
    }
    await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    expect((await readMigrations(dir)).map((m) => m.name)).toEqual(["20250101000000_a", "20250102000000_b", "20250103000000_c"]);

    await mkdir(path.join(dir, "20250104000000_empty"));
    await expect(readMigrations(dir)).rejects.toThrow(MigrationError);
    await expect(readMigrations(dir)).rejects.toThrow(/20250104000000_empty has no migration.sql/);
    await expect(readMigrations(path.join(dir, "missing"))).rejects.toThrow(/cannot read the migrations directory/);
  });

  it("checksums are sha256 hex of the exact bytes", () => {
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(migrationChecksum("a\n")).not.toBe(migrationChecksum("a\r\n"));
  });
});

describe("redactUrl", () => {
  it("hides the password only", () => {
    expect(redactUrl("postgresql://postgres:s3cret@127.0.0.1:54329/tradelab")).toBe("postgresql://postgres:****@127.0.0.1:54329/tradelab");
    expect(redactUrl("postgresql://u@h/db")).toBe("postgresql://u@h/db");
    expect(redactUrl("not a url")).toBe("<unparseable DATABASE_URL>");
  });
});
