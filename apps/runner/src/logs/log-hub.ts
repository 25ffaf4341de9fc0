import { EventEmitter, on } from "node:events";

export interface LogLine {
  seq: number;
  line: string;
}

interface Channel {
  lines: LogLine[];
  count: number;
  done: boolean;
}

/** Keeps the lines of running jobs in memory and fans them out to live subscribers. */
export class LogHub {
  private readonly channels = new Map<string, Channel>();
  private readonly events = new EventEmitter();

  constructor(private readonly maxLinesPerJob = 20_000) {
    this.events.setMaxListeners(0);
  }

  open(jobId: string): void {
    this.channels.set(jobId, { lines: [], count: 0, done: false });
  }

  push(jobId: string, line: string): void {
    const ch = this.channels.get(jobId);
    if (!ch) return;
    const entry = { seq: ch.count++, line };
    if (ch.lines.length < this.maxLinesPerJob) ch.lines.push(entry);
    this.events.emit(jobId, entry);
  }

  close(jobId: string): void {
    const ch = this.channels.get(jobId);
    if (!ch) return;
    ch.done = true;
    this.events.emit(jobId, null);
    // Late subscribers read the stored log artifact instead; drop the memory copy soon.
    setTimeout(() => this.channels.delete(jobId), 60_000).unref();
  }

  isLive(jobId: string): boolean {
    const ch = this.channels.get(jobId);
    return !!ch && !ch.done;
  }

  /** Lines from `fromSeq` on, then live lines until the job closes or the signal aborts. */
  async *follow(jobId: string, fromSeq: number, signal?: AbortSignal): AsyncGenerator<LogLine> {
    const ch = this.channels.get(jobId);
    if (!ch) return;
    const iterator = on(this.events, jobId, { signal });
    let next = fromSeq;
    for (const entry of ch.lines.slice(fromSeq)) {
      yield entry;
      next = entry.seq + 1;
    }
    if (ch.done) return;
    try {
      for await (const [entry] of iterator as AsyncIterable<[LogLine | null]>) {
        if (entry === null) return;
        if (entry.seq < next) continue;
        yield entry;
        next = entry.seq + 1;
      }
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
    }
  }
}
