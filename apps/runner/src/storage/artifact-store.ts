/**
 * Where a backtest's outputs (result.json, trades.csv, log.txt, Freqtrade's raw
 * files) are kept. Keys are relative, slash-separated paths such as
 * `backtests/<id>/result.json`; `put` returns the URI to store in the database
 * (`file:///...` for the local store, `gs://bucket/key` for GCS), and `get`
 * takes that URI back.
 */
export interface ArtifactStore {
  /** Stores `body` under `key` (replacing any previous object) and returns its URI. */
  put(key: string, body: Buffer | string, contentType?: string): Promise<string>;
  /** The bytes behind a URI returned by `put`. Throws ArtifactNotFoundError if it is gone. */
  get(uri: string): Promise<Buffer>;
  /** Keys (not URIs) that start with `prefix` (plain string prefix, as in GCS), sorted. "" lists everything. */
  list(prefix: string): Promise<string[]>;
  /** Deletes every object whose key starts with `prefix` (e.g. `backtests/<id>/`); returns how many. Refuses "". */
  delete(prefix: string): Promise<number>;
}

export class ArtifactKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactKeyError";
  }
}

export class ArtifactNotFoundError extends Error {
  constructor(readonly uri: string) {
    super(`artifact not found: ${uri}`);
    this.name = "ArtifactNotFoundError";
  }
}

/** GCS's object-name limit; applied to every store so that they accept the same keys. */
export const MAX_KEY_BYTES = 1024;

function checkSegments(value: string, what: string, allowTrailingSlash: boolean): void {
  if (value.includes("\0")) throw new ArtifactKeyError(`${what} contains a NUL byte`);
  if (value.includes("\\")) throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} contains a backslash; use "/"`);
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value)) throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} is absolute; keys are relative, e.g. backtests/<id>/result.json`);
  if (Buffer.byteLength(value) > MAX_KEY_BYTES) throw new ArtifactKeyError(`${what} is longer than ${MAX_KEY_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} contains control characters`);
  const segments = value.split("/");
  if (allowTrailingSlash && segments.length > 1 && segments[segments.length - 1] === "") segments.pop();
  for (const s of segments) {
    if (s === "..") throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} contains ".."`);
    if (s === ".") throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} contains a "." segment`);
    if (s === "") throw new ArtifactKeyError(`${what} ${JSON.stringify(value)} has an empty path segment`);
  }
}

/** Throws ArtifactKeyError unless `key` is a safe relative object key. */
export function validateKey(key: string): string {
  if (typeof key !== "string" || key === "") throw new ArtifactKeyError("artifact key is empty");
  if (key.endsWith("/")) throw new ArtifactKeyError(`artifact key ${JSON.stringify(key)} ends with "/"`);
  checkSegments(key, "artifact key", false);
  return key;
}

/** Like validateKey, but "" and a trailing "/" are allowed (a prefix may stop anywhere). */
export function validatePrefix(prefix: string): string {
  if (typeof prefix !== "string") throw new ArtifactKeyError("artifact prefix must be a string");
  if (prefix === "") return prefix;
  // A prefix may end in the middle of a segment ("backtests/ab"), but "..", "." and "//" are refused anywhere.
  checkSegments(prefix, "artifact prefix", true);
  return prefix;
}

export const toBuffer = (body: Buffer | string): Buffer => (typeof body === "string" ? Buffer.from(body, "utf8") : body);
