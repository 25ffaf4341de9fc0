/**
 * Picks the artifact store from the environment:
 *   ARTIFACT_STORE=gcs  + GCS_BUCKET (required), GCS_API_ENDPOINT (optional, e.g. a
 *                       fake-gcs-server), GCS_PROJECT_ID (optional)
 *   ARTIFACT_STORE=local or unset: files under ARTIFACT_DIR, default <dataDir>/artifacts
 */
import path from "node:path";
import type { ArtifactStore } from "./artifact-store.js";
import { GcsArtifactStore } from "./gcs-artifact-store.js";
import { LocalArtifactStore } from "./local-artifact-store.js";

export interface CreateArtifactStoreOptions {
  /** The runner's data directory; the local store lives in <dataDir>/artifacts. */
  dataDir: string;
  /** Default process.env. */
  env?: Record<string, string | undefined>;
}

export function createArtifactStore(options: CreateArtifactStoreOptions): ArtifactStore {
  const env = options.env ?? process.env;
  const kind = (env.ARTIFACT_STORE ?? "local").trim().toLowerCase() || "local";
  if (kind === "gcs") {
    const bucket = env.GCS_BUCKET?.trim();
    if (!bucket) throw new Error("ARTIFACT_STORE=gcs needs GCS_BUCKET (the bucket name)");
    return new GcsArtifactStore({
      bucket,
      apiEndpoint: env.GCS_API_ENDPOINT?.trim() || undefined,
      projectId: env.GCS_PROJECT_ID?.trim() || env.GOOGLE_CLOUD_PROJECT?.trim() || undefined,
    });
  }
  if (kind === "local") {
    return new LocalArtifactStore(env.ARTIFACT_DIR?.trim() || path.join(options.dataDir, "artifacts"));
  }
  throw new Error(`unknown ARTIFACT_STORE=${JSON.stringify(env.ARTIFACT_STORE)}; expected "local" or "gcs"`);
}
