/**
 * The sandbox image (sandbox-images/freqtrade): its tag is derived from its inputs, and it is
 * built on demand with `build-offline.sh` (no container registry needed) when missing.
 *
 * Tag: `tradelab/freqtrade:<first 16 hex of sha256>`, the hash taken over every file of
 * sandbox-images/freqtrade/ (generated `__pycache__/` and `*.pyc` excepted), in the order of
 * their POSIX relative paths (compared as plain strings), each contributing
 * `<relative path> NUL <byte length> NUL <content>`.
 */
import { spawn, execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SANDBOX_IMAGE_REPOSITORY = "tradelab/freqtrade";
export const SANDBOX_IMAGE_SOURCE = "sandbox-images/freqtrade";

type Log = (line: string) => void;

/** What ensureSandboxImage needs of a Dockerode instance (structural: no dependency). */
export interface ImageInspector {
  getImage(name: string): { inspect(): Promise<unknown> };
}

/** The repository root: the first ancestor of `from` that holds `sandbox-images/`. */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "sandbox-images"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root (a folder with sandbox-images/) above ${from}`);
    dir = parent;
  }
}

export function sandboxImageDir(): string {
  return path.join(findRepoRoot(), SANDBOX_IMAGE_SOURCE);
}

const isGenerated = (name: string) => name === "__pycache__" || name.endsWith(".pyc");

function listFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    if (isGenerated(name)) continue;
    const relPath = rel ? `${rel}/${name}` : name;
    const st = statSync(path.join(dir, relPath));
    if (st.isDirectory()) out.push(...listFiles(dir, relPath));
    else if (st.isFile()) out.push(relPath);
  }
  return out;
}

/** sha256 (hex) of the image inputs in `dir` (see the header comment for the exact layout). */
export function sandboxImageInputsHash(dir: string = sandboxImageDir()): string {
  const files = listFiles(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) throw new Error(`no sandbox image inputs in ${dir}`);
  const h = createHash("sha256");
  for (const rel of files) {
    const content = readFileSync(path.join(dir, ...rel.split("/")));
    h.update(rel, "utf8");
    h.update("\0");
    h.update(String(content.length));
    h.update("\0");
    h.update(content);
  }
  return h.digest("hex");
}

/** `tradelab/freqtrade:<first 16 hex of the inputs hash>`. */
export function sandboxImageTag(): string {
  return `${SANDBOX_IMAGE_REPOSITORY}:${sandboxImageInputsHash().slice(0, 16)}`;
}

async function imageExists(tag: string, docker?: ImageInspector): Promise<boolean> {
  if (docker) {
    try {
      await docker.getImage(tag).inspect();
      return true;
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) return false;
      throw new Error(`docker image inspect ${tag} failed: ${(e as Error).message}`);
    }
  }
  return new Promise((resolve, reject) => {
    execFile("docker", ["image", "inspect", "--format", "{{.Id}}", tag], (err, _stdout, stderr) => {
      if (!err) return resolve(true);
      if (/no such image/i.test(String(stderr))) return resolve(false);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return reject(new Error("the docker CLI is not installed"));
      reject(new Error(`docker image inspect ${tag} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}

/** Runs build-offline.sh, streaming its output (stdout and stderr) line by line to `log`. */
function runBuild(root: string, tag: string, log: Log): Promise<void> {
  const script = path.join(root, SANDBOX_IMAGE_SOURCE, "build-offline.sh");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script, tag], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const pipe = (stream: NodeJS.ReadableStream) => {
      let buf = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i).replace(/\r$/, "");
          buf = buf.slice(i + 1);
          log(line);
          tail.push(line);
          if (tail.length > 20) tail.shift();
        }
      });
      stream.on("end", () => {
        if (buf) log(buf);
      });
    };
    pipe(child.stdout!);
    pipe(child.stderr!);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`build-offline.sh ${tag} failed (${signal ?? `exit ${code}`}):\n${tail.join("\n")}`));
    });
  });
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the sandbox image tag, building the image first (build-offline.sh, root needed)
 * when `docker image inspect` does not know it. Concurrent calls share one build.
 */
export async function ensureSandboxImage(opts: { docker?: ImageInspector; log: Log; force?: boolean }): Promise<string> {
  const root = findRepoRoot();
  const tag = `${SANDBOX_IMAGE_REPOSITORY}:${sandboxImageInputsHash(path.join(root, SANDBOX_IMAGE_SOURCE)).slice(0, 16)}`;
  const running = inFlight.get(tag);
  if (running) return running;
  const work = (async () => {
    if (!opts.force && (await imageExists(tag, opts.docker))) {
      opts.log(`sandbox image ${tag} present`);
      return tag;
    }
    opts.log(`building sandbox image ${tag} (sandbox-images/freqtrade/build-offline.sh)…`);
    const t0 = Date.now();
    await runBuild(root, tag, opts.log);
    if (!(await imageExists(tag, opts.docker))) throw new Error(`build-offline.sh finished but ${tag} does not exist`);
    opts.log(`sandbox image ${tag} built in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return tag;
  })();
  inFlight.set(tag, work);
  try {
    return await work;
  } finally {
    inFlight.delete(tag);
  }
}
