/**
 * The web app's production build, made only when something it reads changed (a hash of its
 * sources is kept next to the build). Monaco is copied into the app's public folder first, so
 * the editor is served from the app itself and works offline.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const webDir = path.join(root, "apps/web");

function webSourcesHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (["node_modules", ".next", "monaco"].includes(e.name) || e.name.endsWith(".test.ts")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(path.relative(root, p)).update(readFileSync(p));
    }
  };
  // Everything the web bundle imports: its own sources and the workspace packages it compiles in.
  for (const d of ["apps/web", "packages/contracts/src", "packages/assistant/src", "packages/db/src", "apps/runner/src/api", "apps/runner/src/errors.ts", "examples/strategies/templates"]) {
    const p = path.join(root, d);
    if (!existsSync(p)) continue;
    if (p.endsWith(".ts")) h.update(readFileSync(p));
    else walk(p);
  }
  h.update(readFileSync(path.join(root, "package-lock.json")));
  return h.digest("hex");
}

/** Copies Monaco's AMD build (loaded by @monaco-editor/react) to apps/web/public/monaco/vs. */
export function copyMonaco() {
  const from = path.join(root, "node_modules/monaco-editor/min/vs");
  const to = path.join(webDir, "public/monaco/vs");
  const version = JSON.parse(readFileSync(path.join(root, "node_modules/monaco-editor/package.json"), "utf8")).version as string;
  const stamp = path.join(webDir, "public/monaco/VERSION");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === version) return;
  rmSync(path.join(webDir, "public/monaco"), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  writeFileSync(stamp, version);
}

export function ensureWebBuild({ log, force = false }: { log: (m: string) => void; force?: boolean }) {
  copyMonaco();
  const stamp = path.join(webDir, ".next/tradelab-sources.sha256");
  const hash = webSourcesHash();
  if (!force && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return;
  log("building the web app (next build)…");
  const r = spawnSync("npx", ["next", "build", "--webpack"], { cwd: webDir, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) throw new Error("next build failed");
  writeFileSync(stamp, hash);
}
