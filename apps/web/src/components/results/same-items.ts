/**
 * Two arrays of plain objects hold the same items: same length, and item by item the same keys
 * with identical (===) values. Used to keep chart props stable when a parent rebuilds them inline.
 */
export function sameItems<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>;
    const y = b[i] as Record<string, unknown>;
    if (x === y) continue;
    const keys = Object.keys(y);
    if (keys.length !== Object.keys(x).length) return false;
    for (const k of keys) if (x[k] !== y[k]) return false;
  }
  return true;
}
