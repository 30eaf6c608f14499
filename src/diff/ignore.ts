import { getPath, splitPath, withPath } from "../core/paths.js";

/**
 * Sets each ignored path of a desired spec to its live value, so an update carries that value over
 * untouched and the diff never sees it. A path under a section the spec leaves out stays out.
 */
export function withIgnoredFromLive<T extends object>(desired: T, live: object, ignore: readonly string[]): T {
  return withIgnoredPaths(desired, live, ignore, splitPath);
}

/**
 * The same, with the caller's way of cutting a path into keys (for specs whose keys hold dots).
 * The spec keeps its type: only values already at these paths, of the same shape live, change.
 */
export function withIgnoredPaths<T extends object>(desired: T, live: object, ignore: readonly string[], split: (path: string, desired: object, live: object) => string[]): T {
  let result = desired as unknown as Record<string, unknown>;
  for (const path of ignore) {
    const segments = split(path, result, live);
    const [section] = segments;
    if (section === undefined || result[section] === undefined) continue;
    result = withPath(result, segments, getPath(live, segments));
  }
  return result as unknown as T;
}
