/**
 * The one door to the container engine. Everything that starts untrusted code goes through
 * `runSandboxed`, which applies every sandbox rule; callers only choose inputs and limits.
 */
export interface SandboxLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  /** tmpfs sizes: the one writable output, and scratch /tmp. */
  outputBytes: number;
  tmpBytes: number;
  timeoutMs: number;
  /** Bytes of log (stderr) kept; more kills the job as output_limit. */
  logBytes: number;
}

export interface SandboxMount {
  hostPath: string;
  containerPath: string;
}

export interface SandboxSpec {
  image: string;
  /** Read-only bind mounts: the inputs. */
  inputs: SandboxMount[];
  /** Environment for the sandbox; must never hold a secret. */
  env: Record<string, string>;
  cmd?: string[];
  entrypoint?: string[];
  labels: Record<string, string>;
  limits: SandboxLimits;
  /** Writable tmpfs mount points besides /tmp (the one output). */
  outputPath: string;
  onLog?: (line: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
}

export type SandboxOutcome = "exited" | "timeout" | "memory_limit" | "output_limit" | "cancelled";

export interface SandboxRun {
  outcome: SandboxOutcome;
  exitCode: number | null;
  /** The container's stdout bytes (the entry wrapper writes the output tar there). */
  stdout: Buffer;
  /** Log (stderr) bytes kept, up to limits.logBytes. */
  log: string;
  logBytesSeen: number;
  runtime: string;
  containerId: string;
  durationMs: number;
}

export interface ContainerClient {
  /** The runtime used for sandboxes: runsc when the engine has it, else runc. */
  sandboxRuntime(): Promise<string>;
  runSandboxed(spec: SandboxSpec): Promise<SandboxRun>;
  /** Removes containers carrying the label whose value passes `match`; returns how many. */
  removeByLabel(label: string, match: (value: string) => boolean): Promise<number>;
}
