/**
 * GcsArtifactStore against a real fake-gcs-server (github.com/fsouza/fake-gcs-server),
 * built by scripts/ensure-fake-gcs-server.sh if missing. If it cannot be built, this
 * file fails (it does not skip).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Storage } from "@google-cloud/storage";
import { ArtifactKeyError, ArtifactNotFoundError } from "../src/storage/artifact-store.js";
import { GcsArtifactStore } from "../src/storage/gcs-artifact-store.js";
import { createArtifactStore } from "../src/storage/create-artifact-store.js";
import { freeLoopbackPort } from "../../../test/helpers.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const BUCKET = "tradelab-artifacts-test";
let server: ChildProcess | undefined;
let endpoint: string;
let serverOutput = "";

/** Set when the emulator could not be built or started: every test then fails with it (never skips). */
let setupError: Error | undefined;
function requireServer(): void {
  if (setupError) throw new Error(`fake-gcs-server is unavailable: ${setupError.message}`, { cause: setupError });
}

beforeAll(async () => {
  try {
    await startFakeGcs();
  } catch (err) {
    setupError = err as Error;
  }
}, 900_000);

async function startFakeGcs(): Promise<void> {
  const { stdout } = await promisify(execFile)("bash", [path.join(repoRoot, "scripts/ensure-fake-gcs-server.sh")], { cwd: repoRoot, timeout: 900_000, maxBuffer: 16 << 20 });
  const bin = stdout.trim().split("\n").pop()!;
  const port = await freeLoopbackPort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(bin, ["-scheme", "http", "-host", "127.0.0.1", "-port", String(port), "-backend", "memory", "-external-url", endpoint, "-public-host", `127.0.0.1:${port}`, "-log-level", "warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d) => (serverOutput += d));
  server.stderr!.on("data", (d) => (serverOutput += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`fake-gcs-server exited (${server.exitCode}): ${serverOutput}`);
    try {
      const res = await fetch(`${endpoint}/storage/v1/b`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`fake-gcs-server did not answer on ${endpoint}: ${serverOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Storage({ apiEndpoint: endpoint, projectId: "test" }).createBucket(BUCKET);
}

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
});

describe("GcsArtifactStore on fake-gcs-server", () => {
  beforeEach(requireServer);
  const store = () => new GcsArtifactStore({ bucket: BUCKET, apiEndpoint: endpoint, projectId: "test" });

  it("puts and gets with gs:// URIs and keeps the content type", async () => {
    const s = store();
    const uri = await s.put("backtests/g1/result.json", JSON.stringify({ profit: 1.5 }), "application/json");
    expect(uri).toBe(`gs://${BUCKET}/backtests/g1/result.json`);
    expect(JSON.parse((await s.get(uri)).toString("utf8"))).toEqual({ profit: 1.5 });

    const bin = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    const u2 = await s.put("backtests/g1/raw.bin", bin);
    expect((await s.get(u2)).equals(bin)).toBe(true);

    const [meta] = await new Storage({ apiEndpoint: endpoint, projectId: "test" }).bucket(BUCKET).file("backtests/g1/result.json").getMetadata();
    expect(meta.contentType).toBe("application/json");
    expect(Number(meta.size)).toBe(JSON.stringify({ profit: 1.5 }).length);
  });

  it("overwrites an existing object", async () => {
    const s = store();
    await s.put("backtests/g2/log.txt", "first", "text/plain");
    const uri = await s.put("backtests/g2/log.txt", "second", "text/plain");
    expect((await s.get(uri)).toString()).toBe("second");
  });

  it("lists by prefix and deletes by prefix", async () => {
    const s = store();
    for (const k of ["backtests/p1/result.json", "backtests/p1/freqtrade/a.json", "backtests/p10/log.txt", "backtests/p2/log.txt"]) await s.put(k, k, "text/plain");
    expect(await s.list("backtests/p1/")).toEqual(["backtests/p1/freqtrade/a.json", "backtests/p1/result.json"]);
    expect(await s.list("backtests/p1")).toEqual(["backtests/p1/freqtrade/a.json", "backtests/p1/result.json", "backtests/p10/log.txt"]);
    expect(await s.list("backtests/none/")).toEqual([]);
    expect((await s.list("")).length).toBeGreaterThanOrEqual(4);

    expect(await s.delete("backtests/p1/")).toBe(2);
    expect(await s.list("backtests/p1/")).toEqual([]);
    expect(await s.list("backtests/p")).toEqual(["backtests/p10/log.txt", "backtests/p2/log.txt"]);
    expect(await s.delete("backtests/p1/")).toBe(0);
    await expect(s.delete("")).rejects.toThrow(/empty prefix/);
  });

  it("reports missing objects, foreign buckets and unsafe keys clearly", async () => {
    const s = store();
    await expect(s.get(`gs://${BUCKET}/backtests/missing/result.json`)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(s.get("gs://another-bucket/backtests/x")).rejects.toThrow(/not in this store's bucket/);
    await expect(s.get("file:///tmp/x")).rejects.toThrow(/not a gs:\/\//);
    await expect(s.put("../x", "x")).rejects.toBeInstanceOf(ArtifactKeyError);
    await expect(s.put("/abs", "x")).rejects.toThrow(/absolute/);
  });

  it("is what createArtifactStore builds from ARTIFACT_STORE=gcs", async () => {
    const s = createArtifactStore({ dataDir: "/unused", env: { ARTIFACT_STORE: "gcs", GCS_BUCKET: BUCKET, GCS_API_ENDPOINT: endpoint } });
    const uri = await s.put("backtests/env/result.json", "{}", "application/json");
    expect(uri).toBe(`gs://${BUCKET}/backtests/env/result.json`);
    expect((await store().get(uri)).toString()).toBe("{}");
    expect(await s.delete("backtests/env/")).toBe(1);
  });
});
