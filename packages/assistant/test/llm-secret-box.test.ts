import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyHint, loadOrCreateSecretKey } from "../src/llm/secret-box.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "secret-box-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("secret box", () => {
  const key = randomBytes(32);
  const apiKey = "sk-proj-abcdefghijklmnop1234";

  it("round-trips, with a fresh IV each time and the versioned text format", () => {
    const a = encryptSecret(apiKey, key);
    const b = encryptSecret(apiKey, key);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split(":")[1], "base64")).toHaveLength(12);
    expect(a).not.toContain(apiKey);
    expect(decryptSecret(a, key)).toBe(apiKey);
    expect(decryptSecret(encryptSecret("", key), key)).toBe("");
  });

  it("refuses tampered boxes and the wrong key, with a clear error", () => {
    const box = encryptSecret(apiKey, key);
    const [v, iv, tag, data] = box.split(":");
    const flipped = Buffer.from(data, "base64");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64")].join(":"), key)).toThrow(/tampered with or encrypted under another key/);
    expect(() => decryptSecret(box, randomBytes(32))).toThrow(/tampered with or encrypted under another key/);
    expect(() => decryptSecret(`v2:${iv}:${tag}:${data}`, key)).toThrow(/not a v1 secret box/);
    expect(() => decryptSecret(`v1:${iv}:${tag}`, key)).toThrow(/malformed/);
    expect(() => decryptSecret(box, randomBytes(16))).toThrow(/must be 32 bytes/);
  });

  it("creates the key file with mode 0600 once and reads the same key back", () => {
    const file = join(tempDir(), "nested", "secret.key");
    const created = loadOrCreateSecretKey(file, {});
    expect(created).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").equals(created)).toBe(true);
    expect(loadOrCreateSecretKey(file, {}).equals(created)).toBe(true);
  });

  it("TRADELAB_SECRET_KEY wins over the file; a malformed value is a clear error that does not echo it", () => {
    const file = join(tempDir(), "secret.key");
    const envKey = randomBytes(32);
    expect(loadOrCreateSecretKey(file, { TRADELAB_SECRET_KEY: envKey.toString("base64") }).equals(envKey)).toBe(true);
    expect(() => statSync(file)).toThrow(); // no file made when the env provides the key
    const bad = "not-base64-but-secret!!";
    let message = "";
    try {
      loadOrCreateSecretKey(file, { TRADELAB_SECRET_KEY: bad });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TRADELAB_SECRET_KEY must be the base64 encoding of 32 random bytes/);
    expect(message).not.toContain(bad);
    expect(() => loadOrCreateSecretKey(file, { TRADELAB_SECRET_KEY: randomBytes(16).toString("base64") })).toThrow(/32 random bytes/);
  });

  it("a malformed key file is an error, not silently replaced", () => {
    const file = join(tempDir(), "secret.key");
    writeFileSync(file, "short\n");
    expect(() => loadOrCreateSecretKey(file, {})).toThrow(/secret key file .* must be the base64 encoding of 32 random bytes/);
  });

  it("hints at a key by its last four characters only", () => {
    expect(keyHint(apiKey)).toBe("…1234");
    expect(keyHint("short")).toBe("…");
  });
});
