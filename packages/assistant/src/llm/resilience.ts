/**
 * What keeps a chat request from hanging or hammering a provider: the error type every adapter
 * throws, which failures are worth another try, backoff with jitter that honours `retry-after`,
 * and a circuit breaker per provider. Clock, sleep and randomness are injectable so tests run
 * without waiting.
 */

export type LlmErrorKind =
  | "auth"
  | "rate_limited"
  | "unavailable"
  | "timeout"
  | "bad_response"
  | "circuit_open"
  | "bad_request";

export interface LlmErrorOptions {
  /** The HTTP status the provider answered with, when there was one. */
  status?: number | null;
  /** Whether another attempt could succeed (before any text was streamed). */
  retryable?: boolean;
  /** The provider's own wait hint (`retry-after-ms` / `retry-after`). */
  retryAfterMs?: number | null;
}

/**
 * Every failure of an LLM call. The message names the provider and the problem in plain words;
 * it never carries the API key (client.ts scrubs anything a provider echoes back).
 */
export class LlmError extends Error {
  override readonly name = "LlmError";
  readonly status: number | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    options: LlmErrorOptions = {},
  ) {
    super(message);
    this.status = options.status ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** The same error with a different message (used to scrub secrets). */
  withMessage(message: string): LlmError {
    return new LlmError(this.kind, message, this);
  }
}

/** HTTP status → error kind, and whether another attempt is worth it. */
export const classifyStatus = (status: number): { kind: LlmErrorKind; retryable: boolean; problem: string } => {
  if (status === 401 || status === 403) return { kind: "auth", retryable: false, problem: "the API key was rejected" };
  if (status === 408) return { kind: "timeout", retryable: true, problem: "the server timed out the request" };
  if (status === 409) return { kind: "unavailable", retryable: true, problem: "the server reported a conflict" };
  if (status === 429) return { kind: "rate_limited", retryable: true, problem: "rate limit reached" };
  if (status === 529) return { kind: "unavailable", retryable: true, problem: "the provider is overloaded" };
  if (status >= 500) return { kind: "unavailable", retryable: true, problem: "the provider had a server error" };
  if (status === 404) return { kind: "bad_request", retryable: false, problem: "not found (check the base URL and the model name)" };
  if (status >= 400) return { kind: "bad_request", retryable: false, problem: "the request was refused" };
  return { kind: "bad_response", retryable: false, problem: `unexpected HTTP status ${status}` };
};

/**
 * The provider's wait hint: `retry-after-ms` (OpenAI, milliseconds) wins over `retry-after`
 * (seconds or an HTTP date). Null when absent or unreadable.
 */
export const parseRetryAfter = (headers: Headers, now: number = Date.now()): number | null => {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return null;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
};

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Wait before retry number `retry` (0 = the first retry): exponential, capped, with up to 25%
 * jitter taken off so that many clients do not retry in step.
 */
export const backoffDelay = (retry: number, random: () => number = Math.random, options = defaultBackoff): number => {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(exponential * (1 - 0.25 * random()));
};

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive failed requests that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial request is let through. */
  cooldownMs?: number;
  clock?: Clock;
}

/**
 * closed → (N consecutive failures) → open → (cool-down) → half_open: exactly one trial request;
 * its success closes the circuit, its failure opens it for another cool-down. Requests refused
 * while open or while the trial runs never reach the provider.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;
  private readonly clock: Clock;
  private failures = 0;
  private openedAt = 0;
  private mode: BreakerState = "closed";
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
  }

  get state(): BreakerState {
    if (this.mode === "open" && this.clock.now() - this.openedAt >= this.cooldownMs) return "half_open";
    return this.mode;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Asks to send one request: null when allowed, else how long until a trial is possible. */
  tryAcquire(): { retryInMs: number } | null {
    const state = this.state;
    if (state === "closed") return null;
    if (state === "half_open" && !this.trialInFlight) {
      this.mode = "half_open";
      this.trialInFlight = true;
      return null;
    }
    return { retryInMs: Math.max(0, this.openedAt + this.cooldownMs - this.clock.now()) };
  }

  /** The provider answered properly (also for a 401: it is up, the key is wrong). */
  recordSuccess(): void {
    this.failures = 0;
    this.mode = "closed";
    this.trialInFlight = false;
  }

  /** The provider failed (down, overloaded, timing out, garbling its stream). */
  recordFailure(): void {
    this.failures++;
    this.trialInFlight = false;
    if (this.mode === "half_open" || this.failures >= this.failureThreshold) {
      this.mode = "open";
      this.openedAt = this.clock.now();
    }
  }

  /** The request ended without telling anything about the provider (the caller aborted). */
  release(): void {
    this.trialInFlight = false;
  }
}

/** One breaker per provider key; the client shares a process-wide registry by default. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: CircuitBreakerOptions = {}) {}

  get(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}

/** Failures that say the provider is unhealthy (as opposed to our request or key being wrong). */
export const countsAgainstProvider = (error: LlmError): boolean =>
  error.kind === "unavailable" || error.kind === "timeout" || error.kind === "rate_limited" || error.kind === "bad_response";
