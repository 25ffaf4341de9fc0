/**
 * Failed sign-ins per email in a sliding window; after `maxFailures` the email is locked until the
 * oldest failure leaves the window. In memory: one web process, and a restart forgets (acceptable
 * for guessing protection; the argon2 cost limits the rate anyway).
 */
export class SignInThrottle {
  private failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 10, private readonly windowMs = 15 * 60 * 1000, private readonly now = () => Date.now()) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** 0 when a sign-in may be tried now. */
  retryAfterSeconds(key: string): number {
    const list = this.recent(key);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - this.now()) / 1000));
  }

  fail(key: string) {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(key: string) {
    this.failures.delete(key);
  }
}
