/** Artifacts in a Google Cloud Storage bucket; URIs are `gs://bucket/key`. */
import { Storage, type Bucket } from "@google-cloud/storage";
import {
  ArtifactKeyError,
  ArtifactNotFoundError,
  toBuffer,
  validateKey,
  validatePrefix,
  type ArtifactStore,
} from "./artifact-store.js";

export interface GcsArtifactStoreOptions {
  bucket: string;
  /** e.g. http://127.0.0.1:4443 for fake-gcs-server. A custom endpoint is used without credentials unless useAuthWithCustomEndpoint. */
  apiEndpoint?: string;
  projectId?: string;
  useAuthWithCustomEndpoint?: boolean;
  /** An existing client (tests, custom auth). */
  storage?: Storage;
}

const isNotFound = (err: unknown) => (err as { code?: number }).code === 404;

export class GcsArtifactStore implements ArtifactStore {
  readonly bucketName: string;
  private readonly bucket: Bucket;

  constructor(options: GcsArtifactStoreOptions) {
    if (!options.bucket || /[/\s]/.test(options.bucket)) throw new Error(`invalid GCS bucket name ${JSON.stringify(options.bucket)}`);
    this.bucketName = options.bucket;
    const storage =
      options.storage ??
      new Storage({
        ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint.replace(/\/+$/, "") } : {}),
        ...(options.projectId ? { projectId: options.projectId } : {}),
        ...(options.useAuthWithCustomEndpoint ? { useAuthWithCustomEndpoint: true } : {}),
      });
    this.bucket = storage.bucket(options.bucket);
  }

  uriFor(key: string): string {
    return `gs://${this.bucketName}/${validateKey(key)}`;
  }

  private keyOf(uri: string): string {
    const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!m) throw new ArtifactKeyError(`not a gs:// artifact URI: ${uri}`);
    if (m[1] !== this.bucketName) throw new ArtifactKeyError(`artifact URI ${uri} is not in this store's bucket ${this.bucketName}`);
    return validateKey(m[2]!);
  }

  async put(key: string, body: Buffer | string, contentType?: string): Promise<string> {
    const uri = this.uriFor(key);
    // Artifacts are small (results, logs): one request, no resumable session.
    await this.bucket.file(key).save(toBuffer(body), {
      resumable: false,
      contentType: contentType ?? "application/octet-stream",
    });
    return uri;
  }

  async get(uri: string): Promise<Buffer> {
    const key = this.keyOf(uri);
    try {
      const [buf] = await this.bucket.file(key).download();
      return buf;
    } catch (err) {
      if (isNotFound(err)) throw new ArtifactNotFoundError(uri);
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    const [files] = await this.bucket.getFiles({ prefix: prefix || undefined, autoPaginate: true });
    return files.map((f) => f.name).sort();
  }

  async delete(prefix: string): Promise<number> {
    validatePrefix(prefix);
    if (prefix === "") throw new ArtifactKeyError("refusing to delete with an empty prefix (everything)");
    const keys = await this.list(prefix);
    let deleted = 0;
    // A few at a time: polite to the API, fast enough for a backtest's handful of files.
    for (let i = 0; i < keys.length; i += 16) {
      const batch = keys.slice(i, i + 16);
      await Promise.all(
        batch.map(async (k) => {
          try {
            await this.bucket.file(k).delete();
            deleted++;
          } catch (err) {
            if (!isNotFound(err)) throw err; // deleted concurrently: fine
          }
        }),
      );
    }
    return deleted;
  }
}
