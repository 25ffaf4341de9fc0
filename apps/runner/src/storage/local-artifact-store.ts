/** Artifacts as files under a root directory; URIs are `file:///abs/path`. */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  ArtifactKeyError,
  ArtifactNotFoundError,
  toBuffer,
  validateKey,
  validatePrefix,
  type ArtifactStore,
} from "./artifact-store.js";

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathFor(key: string): string {
    const p = path.resolve(this.root, validateKey(key));
    if (!p.startsWith(this.root + path.sep)) throw new ArtifactKeyError(`artifact key ${JSON.stringify(key)} escapes the store`);
    return p;
  }

  uriFor(key: string): string {
    return pathToFileURL(this.pathFor(key)).href;
  }

  async put(key: string, body: Buffer | string, _contentType?: string): Promise<string> {
    const file = this.pathFor(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write-then-rename: a reader never sees a half-written file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await fs.writeFile(tmp, toBuffer(body));
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      if ((err as NodeJS.ErrnoException).code === "EISDIR" || (err as NodeJS.ErrnoException).code === "ENOTDIR") {
        throw new ArtifactKeyError(`artifact key ${JSON.stringify(key)} collides with a directory (a key cannot also be a prefix of other keys in the local store)`);
      }
      throw err;
    }
    return pathToFileURL(file).href;
  }

  async get(uri: string): Promise<Buffer> {
    let file: string;
    try {
      const url = new URL(uri);
      if (url.protocol !== "file:") throw new Error("not file:");
      file = path.resolve(fileURLToPath(url));
    } catch {
      throw new ArtifactKeyError(`not a file:// artifact URI of this store: ${uri}`);
    }
    if (!file.startsWith(this.root + path.sep)) throw new ArtifactKeyError(`artifact URI ${uri} is outside the store's root ${this.root}`);
    try {
      return await fs.readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") throw new ArtifactNotFoundError(uri);
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    // Walk only the deepest directory the prefix names completely.
    const slash = prefix.lastIndexOf("/");
    const baseRel = slash >= 0 ? prefix.slice(0, slash) : "";
    const out: string[] = [];
    await this.walk(baseRel, out);
    return out.filter((k) => k.startsWith(prefix)).sort();
  }

  private async walk(rel: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(path.join(this.root, rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw err;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await this.walk(child, out);
      else if (e.isFile() && !e.name.endsWith(".tmp")) out.push(child);
    }
  }

  async delete(prefix: string): Promise<number> {
    validatePrefix(prefix);
    if (prefix === "") throw new ArtifactKeyError("refusing to delete with an empty prefix (everything)");
    const keys = await this.list(prefix);
    for (const k of keys) await fs.rm(path.join(this.root, k), { force: true });
    // Remove directories left empty, bottom-up, never the root.
    const dirs = new Set<string>();
    for (const k of keys) for (let d = path.posix.dirname(k); d !== "."; d = path.posix.dirname(d)) dirs.add(d);
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
      await fs.rmdir(path.join(this.root, d)).catch(() => {}); // fails when not empty: fine
    }
    return keys.length;
  }
}
