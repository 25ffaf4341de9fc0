/**
 * `ensurePrismaClient()`: runs `prisma generate` when the generated client in
 * packages/db/generated/client is missing or was generated from another
 * schema / Prisma version. Offline-safe (see prisma.config.ts and the env
 * below). Import this module (`@tradelab/db/generate`) before `@tradelab/db`:
 * the latter imports the generated client and fails if it does not exist yet.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { logWith, type DbLogger } from "./embedded-postgres.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "../../..");
export const SCHEMA_PATH = path.join(REPO_ROOT, "prisma", "schema.prisma");
export const PRISMA_CONFIG_PATH = path.join(REPO_ROOT, "prisma.config.ts");
export const GENERATED_CLIENT_DIR = path.resolve(here, "..", "generated", "client");
const STAMP_FILE = path.join(GENERATED_CLIENT_DIR, ".tradelab-generated.json");
const LOCK_FILE = path.join(path.dirname(GENERATED_CLIENT_DIR), ".generate.lock");

export interface EnsurePrismaClientOptions {
  log?: DbLogger;
  /** Regenerate even when up to date. */
  force?: boolean;
  /** Give up waiting for a concurrent generate after this many ms. Default 180000. */
  timeoutMs?: number;
}

export interface EnsurePrismaClientResult {
  generated: boolean;
  outputDir: string;
  durationMs: number;
}

function prismaCliPath(): { cli: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve("prisma/package.json");
  const version = (require("prisma/package.json") as { version: string }).version;
  return { cli: path.join(path.dirname(pkgJson), "build", "index.js"), version };
}

async function expectedStamp(prismaVersion: string): Promise<string> {
  const h = createHash("sha256");
  h.update(await fs.readFile(SCHEMA_PATH));
  h.update("\0");
  h.update(prismaVersion);
  return h.digest("hex");
}

async function isFresh(stamp: string): Promise<boolean> {
  if (!existsSync(path.join(GENERATED_CLIENT_DIR, "client.ts"))) return false;
  try {
    const saved = JSON.parse(await fs.readFile(STAMP_FILE, "utf8")) as { stamp?: string };
    return saved.stamp === stamp;
  } catch {
    return false;
  }
}

/** Up to date = generated from the current schema.prisma content by the installed Prisma version. */
export async function isPrismaClientFresh(): Promise<boolean> {
  return isFresh(await expectedStamp(prismaCliPath().version));
}

export async function ensurePrismaClient(options: EnsurePrismaClientOptions = {}): Promise<EnsurePrismaClientResult> {
  const t0 = Date.now();
  const { cli, version } = prismaCliPath();
  const stamp = await expectedStamp(version);
  if (!options.force && (await isFresh(stamp))) return { generated: false, outputDir: GENERATED_CLIENT_DIR, durationMs: Date.now() - t0 };

  const release = await acquireLock(options.timeoutMs ?? 180_000, options.log);
  try {
    // Another process may have generated it while we waited.
    if (!options.force && (await isFresh(stamp))) return { generated: false, outputDir: GENERATED_CLIENT_DIR, durationMs: Date.now() - t0 };
    logWith(options.log, "info", `prisma: generating the client into ${path.relative(REPO_ROOT, GENERATED_CLIENT_DIR)}`);
    await runPrismaGenerate(cli);
    await fs.writeFile(STAMP_FILE, JSON.stringify({ stamp, prismaVersion: version, generatedAt: new Date().toISOString() }) + "\n");
    logWith(options.log, "info", `prisma: client generated in ${Date.now() - t0} ms`);
    return { generated: true, outputDir: GENERATED_CLIENT_DIR, durationMs: Date.now() - t0 };
  } finally {
    await release();
  }
}

function runPrismaGenerate(cli: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No network: no update check / telemetry, and never fetch engine binaries.
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
    PRISMA_GENERATE_SKIP_AUTOINSTALL: "1",
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "generate", "--schema", SCHEMA_PATH, "--no-hints"], {
      cwd: REPO_ROOT, // where prisma.config.ts is
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma generate failed (${code ?? signal}):\n${output.trim().slice(-4000)}`));
    });
  });
}

/** A lock file shared by processes (tests in parallel workers, app + tests). Stale after 5 minutes. */
async function acquireLock(timeoutMs: number, log: DbLogger | undefined): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(LOCK_FILE), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let warned = false;
  for (;;) {
    try {
      const fh = await fs.open(LOCK_FILE, "wx");
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => {
        await fs.rm(LOCK_FILE, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    try {
      const st = await fs.stat(LOCK_FILE);
      if (Date.now() - st.mtimeMs > 5 * 60_000) {
        await fs.rm(LOCK_FILE, { force: true });
        continue;
      }
    } catch {
      continue; // released meanwhile
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for another \`prisma generate\` (lock ${LOCK_FILE})`);
    if (!warned) {
      logWith(log, "info", "prisma: waiting for a concurrent `prisma generate`");
      warned = true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
