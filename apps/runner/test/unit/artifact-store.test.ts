/** LocalArtifactStore, key validation and createArtifactStore's choice. Filesystem only. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ArtifactKeyError, ArtifactNotFoundError, validateKey, validatePrefix } from "../../src/storage/artifact-store.js";
import { LocalArtifactStore } from "../../src/storage/local-artifact-store.js";
import { GcsArtifactStore } from "../../src/storage/gcs-artifact-store.js";
import { createArtifactStore } from "../../src/storage/create-artifact-store.js";

const tmp: string[] = [];
afterAll(async () => {
  for (const d of tmp) await rm(d, { recursive: true, force: true });
});
async function tempDir() {
  const d = await mkdtemp(path.join(os.tmpdir(), "tradelab-artifacts-"));
  tmp.push(d);
  return d;
}

describe("artifact keys", () => {
  it.each(["backtests/abc/result.json", "a", "backtests/c1/freqtrade/backtest-result.json", "x/y z/ü.txt"])("accepts %j", (k) => {
    expect(validateKey(k)).toBe(k);
  });
  it.each([
    ["", /empty/],
    ["/etc/passwd", /absolute/],
    ["C:/x", /absolute/],
    ["../x", /\.\./],
    ["backtests/../../x", /\.\./],
    ["backtests/..", /\.\./],
    ["a/./b", /"\." segment/],
    ["a//b", /empty path segment/],
    ["a/", /ends with/],
    ["a\\b", /backslash/],
    ["a\0b", /NUL/],
    ["a\nb", /control/],
    ["x".repeat(1025), /longer than 1024/],
  ])("rejects %j", (k, msg) => {
    expect(() => validateKey(k)).toThrow(ArtifactKeyError);
    expect(() => validateKey(k)).toThrow(msg);
  });
  it("prefixes may be empty, end in '/', or stop mid-segment, but not climb", () => {
    for (const p of ["", "backtests/", "backtests/ab", "backtests/abc/"]) expect(validatePrefix(p)).toBe(p);
    for (const p of ["../", "/abs", "a/../b", "a//"]) expect(() => validatePrefix(p)).toThrow(ArtifactKeyError);
  });
});

describe("LocalArtifactStore", () => {
  let root: string;
  let store: LocalArtifactStore;
  beforeEach(async () => {
    root = path.join(await tempDir(), "artifacts");
    store = new LocalArtifactStore(root);
  });

  it("puts and gets strings and buffers under file:// URIs inside its root", async () => {
    const uri = await store.put("backtests/b1/result.json", JSON.stringify({ ok: true }), "application/json");
    expect(uri).toBe(pathToFileURL(path.join(root, "backtests/b1/result.json")).href);
    expect(uri.startsWith("file:///")).toBe(true);
    expect(JSON.parse((await store.get(uri)).toString("utf8"))).toEqual({ ok: true });
    expect(await readFile(fileURLToPath(uri), "utf8")).toBe('{"ok":true}');

    const bin = Buffer.from([0, 1, 2, 255]);
    const u2 = await store.put("backtests/b1/raw.bin", bin);
    expect(await store.get(u2)).toEqual(bin);
    expect(store.uriFor("backtests/b1/raw.bin")).toBe(u2);
  });

  it("overwrites atomically and leaves no temp files", async () => {
    await store.put("k/v.txt", "one");
    const uri = await store.put("k/v.txt", "two");
    expect((await store.get(uri)).toString()).toBe("two");
    expect(await readdir(path.join(root, "k"))).toEqual(["v.txt"]);
  });

  it("keeps keys with spaces and non-ASCII characters intact through the URI", async () => {
    const uri = await store.put("backtests/b 1/résumé #1.txt", "x");
    expect(uri).toContain("%20");
    expect((await store.get(uri)).toString()).toBe("x");
    expect(await store.list("backtests/b 1/")).toEqual(["backtests/b 1/résumé #1.txt"]);
  });

  it("rejects unsafe keys and URIs outside its root", async () => {
    await expect(store.put("../escape.txt", "x")).rejects.toThrow(ArtifactKeyError);
    await expect(store.put("/etc/passwd", "x")).rejects.toThrow(/absolute/);
    await expect(store.put("a/../../b", "x")).rejects.toThrow(/\.\./);
    const outside = path.join(path.dirname(root), "secret.txt");
    await writeFile(outside, "secret");
    await expect(store.get(pathToFileURL(outside).href)).rejects.toThrow(/outside the store's root/);
    await expect(store.get(pathToFileURL(root + "-sibling/x").href)).rejects.toThrow(/outside/);
    await expect(store.get("gs://bucket/backtests/x")).rejects.toThrow(/not a file:\/\//);
    await expect(store.get("file:///etc/passwd")).rejects.toThrow(/outside/);
  });

  it("reports a missing artifact as ArtifactNotFoundError", async () => {
    const uri = store.uriFor("backtests/none/result.json");
    await expect(store.get(uri)).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it("lists by plain string prefix and deletes by prefix, pruning empty directories", async () => {
    for (const k of ["backtests/abc/result.json", "backtests/abc/freqtrade/x.json", "backtests/abd/log.txt", "other/z.txt"]) await store.put(k, k);
    expect(await store.list("")).toEqual(["backtests/abc/freqtrade/x.json", "backtests/abc/result.json", "backtests/abd/log.txt", "other/z.txt"]);
    expect(await store.list("backtests/abc/")).toEqual(["backtests/abc/freqtrade/x.json", "backtests/abc/result.json"]);
    expect(await store.list("backtests/ab")).toEqual(["backtests/abc/freqtrade/x.json", "backtests/abc/result.json", "backtests/abd/log.txt"]);
    expect(await store.list("backtests/abc/res")).toEqual(["backtests/abc/result.json"]);
    expect(await store.list("nothing/")).toEqual([]);

    expect(await store.delete("backtests/abc/")).toBe(2);
    expect(await store.list("backtests/")).toEqual(["backtests/abd/log.txt"]);
    expect(await readdir(path.join(root, "backtests"))).toEqual(["abd"]);
    expect(await store.delete("backtests/none/")).toBe(0);
    await expect(store.delete("")).rejects.toThrow(/empty prefix/);
    expect(await store.list("")).toEqual(["backtests/abd/log.txt", "other/z.txt"]);
  });
});

describe("createArtifactStore", () => {
  it("defaults to a local store under <dataDir>/artifacts", async () => {
    const dataDir = await tempDir();
    const store = createArtifactStore({ dataDir, env: {} });
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect((store as LocalArtifactStore).root).toBe(path.join(dataDir, "artifacts"));
    expect(createArtifactStore({ dataDir, env: { ARTIFACT_STORE: "local", ARTIFACT_DIR: "/srv/a" } })).toMatchObject({ root: "/srv/a" });
  });
  it("builds a GCS store from ARTIFACT_STORE=gcs + GCS_BUCKET (+ GCS_API_ENDPOINT)", () => {
    const store = createArtifactStore({ dataDir: "/unused", env: { ARTIFACT_STORE: "gcs", GCS_BUCKET: "tl-artifacts", GCS_API_ENDPOINT: "http://127.0.0.1:4443" } });
    expect(store).toBeInstanceOf(GcsArtifactStore);
    expect((store as GcsArtifactStore).uriFor("backtests/x/result.json")).toBe("gs://tl-artifacts/backtests/x/result.json");
  });
  it("explains a missing bucket or an unknown kind", () => {
    expect(() => createArtifactStore({ dataDir: "/d", env: { ARTIFACT_STORE: "gcs" } })).toThrow(/needs GCS_BUCKET/);
    expect(() => createArtifactStore({ dataDir: "/d", env: { ARTIFACT_STORE: "s3" } })).toThrow(/unknown ARTIFACT_STORE="s3"/);
  });
});
