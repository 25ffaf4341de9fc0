/**
 * applyMigrations() and the Prisma client against a real, empty PostgreSQL
 * (embedded, started here in a temp dir on a free port).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { cp, readFile, writeFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { ensurePrismaClient } from "../src/generate.js";
import { applyMigrations, readMigrations, MigrationError, DEFAULT_MIGRATIONS_DIR } from "../src/migrate.js";
import { makeTempDir, query, startTestServer, type TestServer } from "./pg-helpers.js";

// The Prisma client is generated code: make sure it exists before importing the package index.
await ensurePrismaClient();
const { createPrismaClient, isUniqueViolation, BacktestStatus } = await import("../src/index.js");

let server: TestServer;
const tempDirs: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

/** A copy of the real migrations, plus optional extra ones, that a test may modify. */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const parent = await makeTempDir("tradelab-migrations-");
  tempDirs.push(parent);
  const dir = path.join(parent, "migrations");
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const tablesOf = async (url: string) =>
  (await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.table_name);

describe("applyMigrations on an empty database", () => {
  let url: string;
  beforeAll(async () => {
    url = await server.createDatabase("fresh");
  });

  it("creates every table and records the migration like Prisma does", async () => {
    expect(await tablesOf(url)).toEqual([]);
    const local = await readMigrations();
    expect(local.length).toBeGreaterThan(0);

    const res = await applyMigrations(url);
    expect(res).toEqual({ applied: local.map((m) => m.name), alreadyApplied: [] });
    expect(await tablesOf(url)).toEqual([
      "Backtest", "ChatMessage", "Conversation", "LedgerAccount", "LedgerEntry", "LedgerTransaction", "Listing", "ListingVerification",
      "LlmProvider", "Purchase", "Review", "Session", "Strategy", "StrategyVersion", "StripeEvent", "User", "_prisma_migrations",
    ]);

    const enumValues = await query<{ v: string }>(url, `SELECT unnest(enum_range(NULL::"BacktestStatus"))::text AS v`);
    expect(enumValues.map((r) => r.v)).toEqual(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"]);

    const indexes = await query<{ indexname: string }>(url, `SELECT indexname FROM pg_indexes WHERE tablename = 'Backtest' ORDER BY 1`);
    expect(indexes.map((r) => r.indexname)).toEqual(expect.arrayContaining(["Backtest_ownerId_createdAt_idx", "Backtest_status_createdAt_idx"]));

    // Prisma's own table layout and checksum (sha256 hex of migration.sql).
    const cols = await query<{ column_name: string; data_type: string }>(
      url,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(cols.map((c) => c.column_name)).toEqual(["id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const first = local[0]!;
    const fileHash = createHash("sha256").update(await readFile(path.join(DEFAULT_MIGRATIONS_DIR, first.name, "migration.sql"))).digest("hex");
    expect(rows[0]).toMatchObject({ migration_name: first.name, checksum: fileHash, rolled_back_at: null, applied_steps_count: 1 });
    expect(rows[0]!.finished_at).toBeInstanceOf(Date);
  });

  it("is a no-op when run again", async () => {
    const before = await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY id`);
    const res = await applyMigrations(url);
    expect(res.applied).toEqual([]);
    expect(res.alreadyApplied.length).toBe(before.length);
    expect(await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY id`)).toEqual(before);
  });
});

describe("applyMigrations safety", () => {
  it("refuses when an applied migration's checksum changed, and applies nothing", async () => {
    const url = await server.createDatabase("changed");
    const dir = await migrationsCopy();
    await applyMigrations(url, { migrationsDir: dir });
    const first = (await readMigrations(dir))[0]!;
    const file = path.join(dir, first.name, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")) + "\nCREATE TABLE sneaky (id int);\n");
    await mkdir(path.join(dir, "29990101000000_later"), { recursive: true });
    await writeFile(path.join(dir, "29990101000000_later", "migration.sql"), "CREATE TABLE later (id int);");

    const err = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).message).toMatch(new RegExp(`migration ${first.name} was modified after it was applied`));
    expect((err as MigrationError).migration).toBe(first.name);
    const tables = await tablesOf(url);
    expect(tables).not.toContain("sneaky");
    expect(tables).not.toContain("later"); // verified before applying anything
  });

  it("accepts a migration whose line endings were converted (CRLF checkout)", async () => {
    const url = await server.createDatabase("crlf");
    const dir = await migrationsCopy();
    await applyMigrations(url, { migrationsDir: dir });
    const first = (await readMigrations(dir))[0]!;
    const file = path.join(dir, first.name, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replace(/\n/g, "\r\n"));
    expect((await applyMigrations(url, { migrationsDir: dir })).applied).toEqual([]);
  });

  it("rolls a failing migration back completely, records the attempt, and retries it once fixed", async () => {
    const url = await server.createDatabase("failing");
    const name = "29990101000000_broken";
    const dir = await migrationsCopy({ [name]: `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n` });
    const err = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/29990101000000_broken failed and was rolled back: .*no_such_table/);
    expect(await tablesOf(url)).not.toContain("half_done");
    const attempts = await query<{ finished_at: Date | null; rolled_back_at: Date | null; logs: string }>(
      url,
      `SELECT finished_at, rolled_back_at, logs FROM "_prisma_migrations" WHERE migration_name = $1`,
      [name],
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.finished_at).toBeNull();
    expect(attempts[0]!.rolled_back_at).toBeInstanceOf(Date);
    expect(attempts[0]!.logs).toMatch(/no_such_table/);

    await writeFile(path.join(dir, name, "migration.sql"), "CREATE TABLE half_done (id int);\n");
    const res = await applyMigrations(url, { migrationsDir: dir });
    expect(res.applied).toEqual([name]);
    expect(await tablesOf(url)).toContain("half_done");
  });

  it("lets concurrent appliers apply each migration exactly once", async () => {
    const url = await server.createDatabase("concurrent");
    // A slow second migration widens the window in which the appliers overlap.
    const dir = await migrationsCopy({ "29990101000000_slow": "SELECT pg_sleep(0.5);\nCREATE TABLE slow_one (id int);\n" });
    const local = await readMigrations(dir);
    const results = await Promise.all(Array.from({ length: 4 }, () => applyMigrations(url, { migrationsDir: dir })));

    const appliedAll = results.flatMap((r) => r.applied).sort();
    expect(appliedAll).toEqual(local.map((m) => m.name).sort()); // each exactly once, in total
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(local.map((m) => m.name).sort());
    const rows = await query<{ migration_name: string; n: string }>(
      url,
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual(local.map((m) => ({ migration_name: m.name, n: "1" })));
  });
});

describe("Prisma client (query compiler + pg adapter)", () => {
  let url: string;
  let prisma: ReturnType<typeof createPrismaClient>;
  beforeAll(async () => {
    url = await server.createDatabase("prisma_roundtrip");
    await applyMigrations(url);
    prisma = createPrismaClient(url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
  });

  it("round-trips users, strategies, versions and backtests", async () => {
    const source = "class Sample(IStrategy):\n    pass\n";
    const contentHash = createHash("sha256").update(source).digest("hex");
    const user = await prisma.user.create({ data: { email: "alice@example.com", name: "Alice" } });
    const strategy = await prisma.strategy.create({ data: { ownerId: user.id, name: "Sample" } });
    const version = await prisma.strategyVersion.create({
      data: { strategyId: strategy.id, contentHash, source, fileName: "Sample.py", className: "Sample" },
    });
    const request = { pairs: ["BTC/USDT"], timeframe: "5m", timerange: "20240101-20240301", params: { rsi: 30 } };
    const bt = await prisma.backtest.create({ data: { ownerId: user.id, strategyVersionId: version.id, request } });

    expect(user.id).toMatch(/^c[a-z0-9]{20,}$/); // cuid
    expect(bt).toMatchObject({ status: "QUEUED", attempt: 0, request, metrics: null, artifactUris: null, error: null, queueJobId: null });

    const finished = await prisma.backtest.update({
      where: { id: bt.id },
      data: {
        status: BacktestStatus.FAILED,
        attempt: { increment: 1 },
        runtime: "runsc",
        startedAt: new Date(Date.now() - 1500),
        finishedAt: new Date(),
        durationMs: 1500,
        metrics: { totalProfitPct: -1.25, trades: 12 },
        artifactUris: { "log.txt": "file:///tmp/x/log.txt" },
        error: { kind: "runtime", message: "boom", file: "Sample.py", line: 3 },
        dataSource: "generated",
      },
    });
    expect(finished.status).toBe("FAILED");
    expect(finished.attempt).toBe(1);

    const loaded = await prisma.backtest.findUniqueOrThrow({
      where: { id: bt.id },
      include: { strategyVersion: { include: { strategy: true } }, owner: true },
    });
    expect(loaded.strategyVersion.contentHash).toBe(contentHash);
    expect(loaded.strategyVersion.strategy.name).toBe("Sample");
    expect(loaded.owner.email).toBe("alice@example.com");
    expect(loaded.error).toEqual({ kind: "runtime", message: "boom", file: "Sample.py", line: 3 });
    expect(loaded.metrics).toEqual({ totalProfitPct: -1.25, trades: 12 });

    const byStatus = await prisma.backtest.findMany({ where: { ownerId: user.id, status: { in: ["FAILED", "SUCCEEDED"] } }, orderBy: { createdAt: "desc" } });
    expect(byStatus.map((b) => b.id)).toEqual([bt.id]);
    expect(await prisma.strategy.findUniqueOrThrow({ where: { id: strategy.id } })).toMatchObject({ updatedAt: expect.any(Date) });
  });

  it("enforces the unique (strategyId, contentHash) of strategy versions and (ownerId, name) of strategies", async () => {
    const user = await prisma.user.create({ data: { email: "bob@example.com" } });
    const strategy = await prisma.strategy.create({ data: { ownerId: user.id, name: "Dup" } });
    const data = { strategyId: strategy.id, contentHash: "a".repeat(64), source: "x", fileName: "Dup.py", className: "Dup" };
    await prisma.strategyVersion.create({ data });
    const dup = await prisma.strategyVersion.create({ data }).catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);

    // The idiomatic "get or create" for an immutable version.
    const again = await prisma.strategyVersion.upsert({
      where: { strategyId_contentHash: { strategyId: strategy.id, contentHash: data.contentHash } },
      create: data,
      update: {},
    });
    expect(await prisma.strategyVersion.count({ where: { strategyId: strategy.id } })).toBe(1);
    expect(again.contentHash).toBe(data.contentHash);

    const dupStrategy = await prisma.strategy.create({ data: { ownerId: user.id, name: "Dup" } }).catch((e: unknown) => e);
    expect(isUniqueViolation(dupStrategy)).toBe(true);
    const dupEmail = await prisma.user.create({ data: { email: "bob@example.com" } }).catch((e: unknown) => e);
    expect(isUniqueViolation(dupEmail)).toBe(true);
  });

  it("runs interactive transactions through the adapter", async () => {
    const user = await prisma.user.create({ data: { email: "carol@example.com" } });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.strategy.create({ data: { ownerId: user.id, name: "Rolled back" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await prisma.strategy.count({ where: { ownerId: user.id } })).toBe(0);
  });
});
