import { getPath, splitPath, withPath } from "../core/paths.js";

/**
 * Sets each ignored path of a desired spec to its live value, so an update carries that value over
 * untouched and the diff never sees it. A path under a section the spec leaves out stays out.
 */
export function withIgnoredFromLive<T extends object>(desired: T, live: object, ignore: readonly string[]): T {
  let result = desired as unknown as Record<string, unknown>;
  for (const path of ignore) {
    const segments = splitPath(path);
    const [section] = segments;
    if (section === undefined || result[section] === undefined) continue;
    result = withPath(result, segments, getPath(live, segments));
  }
  return result as unknown as T;
}
