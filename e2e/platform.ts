/**
 * The platform as a user gets it: `npm start` (the README's command) in a child process, with its
 * own ports and data folder so it never touches a developer's running instance.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface Platform {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startPlatform(opts: { webPort: number; runnerPort: number; pgPort: number; log?: (line: string) => void }): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "tradelab-e2e-"));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user and must reach its folder
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: root,
    detached: true, // its own process group, so stop() ends the runner, Next and PostgreSQL with it
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      WEB_PORT: String(opts.webPort),
      RUNNER_PORT: String(opts.runnerPort),
      PGPORT: String(opts.pgPort),
      TRADELAB_DATA_DIR: dataDir,
      DATABASE_URL: "",
    },
  });
  const baseUrl = `http://127.0.0.1:${opts.webPort}`;
  let output = "";
  const onData = (b: Buffer) => {
    output += b.toString();
    for (const line of b.toString().split("\n")) if (line.trim()) opts.log?.(line);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((r) => child.once("exit", r));

  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (groupAlive()) {
      process.kill(-child.pid!, "SIGTERM");
      // Wait for every process of the group (runner, Next, PostgreSQL), not just npm, before the folder goes.
      const deadline = Date.now() + 30_000;
      while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (groupAlive()) process.kill(-child.pid!, "SIGKILL");
    }
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15 * 60_000; // a cold start builds the web app (and maybe the image)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the platform did not come up within 15 min:\n${output.slice(-4000)}`);
    }
    const ok = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    const runnerUp = ok && (await fetch(`${baseUrl}/health`).then((r) => r.text())).includes("sandbox runtime");
    if (runnerUp) return { baseUrl, stop };
    await new Promise((r) => setTimeout(r, 1000));
  }
}
