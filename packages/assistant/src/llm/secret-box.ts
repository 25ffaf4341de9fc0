import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * API keys at rest: AES-256-GCM, a fresh random 12-byte IV per value, stored as
 * `v1:<iv base64>:<tag base64>:<ciphertext base64>` so the format can change later. The 32-byte
 * key comes from TRADELAB_SECRET_KEY (base64) or a file created on first use with mode 0600.
 */

const version = "v1";
const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;
export const secretKeyEnvVar = "TRADELAB_SECRET_KEY";

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
}

const requireKey = (key: Buffer): void => {
  if (key.length !== keyBytes) throw new SecretBoxError(`secret key must be ${keyBytes} bytes, got ${key.length}`);
};

export const encryptSecret = (plain: string, key: Buffer): string => {
  requireKey(key);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [version, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
};

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const decryptSecret = (box: string, key: Buffer): string => {
  requireKey(key);
  const parts = box.split(":");
  if (parts[0] !== version) throw new SecretBoxError(`not a ${version} secret box (unknown format "${parts[0]?.slice(0, 8) ?? ""}")`);
  if (parts.length !== 4 || !parts.slice(1).every((part) => base64.test(part))) {
    throw new SecretBoxError("secret box is malformed: expected v1:<iv>:<tag>:<ciphertext> in base64");
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64"));
  if (iv.length !== ivBytes || tag.length !== tagBytes) throw new SecretBoxError("secret box is malformed: wrong IV or tag length");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("secret box cannot be opened: it was tampered with or encrypted under another key");
  }
};

const decodeKey = (text: string, source: string): Buffer => {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!base64.test(trimmed) || key.length !== keyBytes) {
    // Never echo the value: it is the secret.
    throw new SecretBoxError(`${source} must be the base64 encoding of ${keyBytes} random bytes (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
};

/**
 * The platform's secret key: TRADELAB_SECRET_KEY when set (it wins), else the file's content,
 * else 32 new random bytes written to the file (mode 0600, parent made 0700 if missing).
 */
export const loadOrCreateSecretKey = (file: string, env: NodeJS.ProcessEnv = process.env): Buffer => {
  const fromEnv = env[secretKeyEnvVar];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return decodeKey(fromEnv, secretKeyEnvVar);
  let existing: string | null = null;
  try {
    existing = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (existing !== null) return decodeKey(existing, `secret key file ${file}`);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(keyBytes);
  try {
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return decodeKey(readFileSync(file, "utf8"), `secret key file ${file}`);
    throw error;
  }
  chmodSync(file, 0o600); // the umask may have narrowed the mode; make sure it is exactly 0600
  return key;
};

/** "…abcd": enough to tell keys apart in the settings list; nothing for keys too short to hint at. */
export const keyHint = (apiKey: string): string => {
  const key = apiKey.trim();
  return key.length >= 12 ? `…${key.slice(-4)}` : "…";
};
