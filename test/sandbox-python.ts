import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureSandboxImage } from "../apps/runner/src/sandbox/sandbox-image.js";

const exec = (args: string[], timeoutMs: number) =>
  new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile("docker", args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.slice(0, 2).join(" ")} failed: ${err.message}\n${String(stderr).slice(-2000)}`));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });

let runtime: Promise<string> | undefined;
/** runsc when Docker has gVisor registered (as the runner prefers), runc otherwise. */
const sandboxRuntime = () =>
  (runtime ??= exec(["info", "--format", "{{json .Runtimes}}"], 30_000).then(({ stdout }) => ("runsc" in JSON.parse(stdout) ? "runsc" : "runc")));

/**
 * Runs `python -c <code>` in the sandbox image (the tag from sandbox-image.ts, built if missing) with
 * no network, a read-only root, non-root and no capabilities, `files` mounted read-only in /work
 * (the working directory). Returns stdout; rejects with stderr's tail when python fails.
 */
export async function runPythonInSandboxImage(code: string, opts: { files?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> {
  const image = await ensureSandboxImage({ log: () => {} });
  const dir = await mkdtemp(path.join(os.tmpdir(), "tradelab-sandbox-python-"));
  try {
    await chmod(dir, 0o755); // the sandbox user (1000) must read the mounted files
    for (const [name, content] of Object.entries(opts.files ?? {})) await writeFile(path.join(dir, name), content, { mode: 0o644 });
    const { stdout } = await exec(
      [
        "run", "--rm", "--network", "none", "--read-only", "--user", "1000:1000", "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges", "--tmpfs", "/tmp:size=64m", "--runtime", await sandboxRuntime(),
        "-v", `${dir}:/work:ro`, "-w", "/work", "--entrypoint", "python", image, "-c", code,
      ],
      opts.timeoutMs ?? 120_000,
    );
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
