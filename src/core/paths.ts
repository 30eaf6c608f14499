/** Helpers for the dotted field paths used by ignoreChanges and field diffs (`a.b.c`). */

export type PathSegments = readonly string[];

export function splitPath(path: string): string[] {
  return path.split(".").filter((s) => s.length > 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getPath(value: unknown, path: PathSegments): unknown {
  let current = value;
  for (const segment of path) {
    if (!isRecord(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/**
 * Returns a copy of `value` with `path` set to `replacement` (or removed when `replacement` is
 * undefined). Intermediate objects are copied, never mutated, so callers can share inputs.
 */
export function withPath(value: Record<string, unknown>, path: PathSegments, replacement: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0) {
    if (replacement === undefined) delete copy[head];
    else copy[head] = replacement;
    return copy;
  }
  const child = isRecord(copy[head]) ? (copy[head] as Record<string, unknown>) : {};
  copy[head] = withPath(child, rest, replacement);
  return copy;
}

/** True when `path` equals `prefix` or lies below it. */
export function isAtOrBelow(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

export { isRecord };
