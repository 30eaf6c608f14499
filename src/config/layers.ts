import { NAMED_LISTS, patternOf } from "./merge-keys.js";
import { suggest } from "./zod-diagnostics.js";

/**
 * Several files given in order (-f base.yaml -f env/prod.yaml) read as one: each later file merges
 * over what the earlier ones make. Mappings merge key by key; lists of named things (NAMED_LISTS)
 * merge entry by entry, matched by their name or key, new entries going last; any other value, list
 * or scalar is replaced whole by a later file that writes it, and so is a value of another kind (a
 * mapping written over a list). In a later file, `null` removes the key it is written for, and an
 * entry of a named list with `$delete: true` removes the entry of that name. The first file is read
 * as written: its nulls stay (some sections mean something by null).
 *
 * Merging works on the data as written, before ${env:...} references are replaced, so entries are
 * matched by the names the files spell out.
 */

/** A key that marks an entry of a named list to be removed by a later file. */
export const DELETE_KEY = "$delete";

export type DataPath = (string | number)[];

/** A problem with how a file merges, at a path in that file's own data. */
export interface MergeProblem {
  layer: number;
  path: DataPath;
  /** Point at the key rather than its value. */
  key?: boolean;
  message: string;
}

const REMOVED = Symbol("removed by $delete");

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const isName = (value: unknown): value is string | number => typeof value === "string" || typeof value === "number";

/** The last key of a list's path, to name it in a message: `groups`. */
const listName = (path: DataPath) => String([...path].reverse().find((s) => typeof s === "string") ?? "list");

/** The files' data merged in order, and every problem found on the way (then the data is not to be used). */
export function mergeLayers(layers: readonly unknown[]): { data: unknown; problems: MergeProblem[] } {
  const problems: MergeProblem[] = [];
  let data: unknown;
  layers.forEach((layer, index) => {
    data = new Merge(index, problems).value(data, layer, []);
  });
  return { data, problems };
}

class Merge {
  private readonly first: boolean;
  constructor(
    private readonly layer: number,
    private readonly problems: MergeProblem[],
  ) {
    this.first = layer === 0;
  }

  private problem(path: DataPath, message: string, key = false): void {
    this.problems.push({ layer: this.layer, path, ...(key ? { key } : {}), message });
  }

  /** `over` (this file's value at `path`) merged over `base` (what the earlier files made there). */
  value(base: unknown, over: unknown, path: DataPath): unknown {
    if (isMapping(over)) {
      const result: Record<string, unknown> = isMapping(base) ? { ...base } : {};
      for (const [key, value] of Object.entries(over)) {
        if (key === DELETE_KEY) {
          this.problem([...path, key], `${DELETE_KEY} removes an entry of a list of named things (pools, clients, groups, users, ...); here it is not in one`, true);
        } else if (value === null && !this.first) {
          delete result[key];
        } else {
          result[key] = this.value(result[key], value, [...path, key]);
        }
      }
      return result;
    }
    if (Array.isArray(over)) {
      const key = NAMED_LISTS[patternOf(path)];
      if (key === undefined) return over.map((item, i) => this.value(undefined, item, [...path, i]));
      return this.named(Array.isArray(base) ? base : [], over, path, key);
    }
    return over;
  }

  /** A list of named things: each entry merged into the earlier entry of its name, or added. */
  private named(base: readonly unknown[], over: readonly unknown[], path: DataPath, key: string): unknown[] {
    const result: unknown[] = [...base];
    const at = new Map<string, number>();
    base.forEach((entry, i) => {
      if (isMapping(entry) && isName(entry[key]) && !at.has(String(entry[key]))) at.set(String(entry[key]), i);
    });
    const seen = new Set<string>();
    const list = listName(path);
    over.forEach((entry, i) => {
      const here = [...path, i];
      const name = isMapping(entry) ? entry[key] : undefined;
      if (this.first && !(isMapping(entry) && DELETE_KEY in entry)) {
        // The first file's list is taken as written; the schema judges its entries.
        result.push(this.value(undefined, entry, here));
        return;
      }
      if (!isMapping(entry) || !isName(name)) {
        this.problem(here, `an entry of ${list} in a later file is merged into the earlier files' entry by its ${key}, so it needs ${key}`);
        return;
      }
      const named = String(name);
      if (seen.has(named)) {
        this.problem([...here, key], `${key} "${named}" appears twice in this ${list} list; write each entry once`);
        return;
      }
      seen.add(named);
      if (DELETE_KEY in entry) {
        this.remove(entry, here, key, named, at, result, list);
        return;
      }
      const index = at.get(named);
      if (index !== undefined) {
        result[index] = this.value(result[index], entry, here);
      } else {
        at.set(named, result.length);
        result.push(this.value(undefined, entry, here));
      }
    });
    return result.filter((entry) => entry !== REMOVED);
  }

  private remove(entry: Record<string, unknown>, here: DataPath, key: string, name: string, at: Map<string, number>, result: unknown[], list: string): void {
    const flag = [...here, DELETE_KEY];
    if (this.first) {
      this.problem(flag, `${DELETE_KEY}: true removes an entry an earlier file declares; the first file has nothing to remove it from`, true);
      return;
    }
    if (entry[DELETE_KEY] !== true) {
      this.problem(flag, `${DELETE_KEY} must be true (it removes the entry); to keep the entry, leave ${DELETE_KEY} out`);
      return;
    }
    const extra = Object.keys(entry).find((k) => k !== key && k !== DELETE_KEY);
    if (extra !== undefined) {
      this.problem([...here, extra], `an entry with ${DELETE_KEY}: true holds only its ${key}; drop "${extra}"`, true);
      return;
    }
    const index = at.get(name);
    if (index === undefined) {
      const close = suggest(name, [...at.keys()]);
      this.problem([...here, key], `${DELETE_KEY} of ${key} "${name}": no earlier file has an entry of that ${key} in ${list}${close ? `; did you mean "${close}"?` : ""}`);
      return;
    }
    result[index] = REMOVED;
    at.delete(name);
  }
}

/** Where a value of the merged data was written: a file (by its place in the order) and the path in that file's data. */
export interface Origin {
  layer: number;
  path: DataPath;
  /** False when no file has the whole path (a required key left out): then the deepest part that exists. */
  complete: boolean;
}

interface Cursor {
  layer: number;
  value: unknown;
  path: DataPath;
}

/**
 * Which file wrote the value at `path` of the merged data, and where in that file, by following the
 * path through each file with the merge's own rules: into every file that contributed to a mapping,
 * into the entries of a named list that carry that entry's name (back to a $delete of it), and into
 * the last file that wrote anything else. The latest file wins; for a path no file holds to its
 * end (a key left out), the file where the deepest part that exists was first written.
 */
export function originOf(merged: unknown, layers: readonly unknown[], path: readonly PropertyKey[]): Origin {
  let live: Cursor[] = layers.map((value, layer) => ({ layer, value, path: [] }));
  let here = merged;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const next = typeof segment === "number" ? intoList(live, here, segment, path.slice(0, depth)) : intoMapping(live, String(segment), path.slice(0, depth + 1));
    if (next.length === 0) return { ...pick(live, false) };
    live = next;
    here = isMapping(here) || Array.isArray(here) ? (here as Record<PropertyKey, unknown>)[segment as keyof typeof here] : undefined;
  }
  return pick(live, true);
}

function pick(live: readonly Cursor[], complete: boolean): Origin {
  const cursor = complete ? live[live.length - 1]! : live[0]!;
  return { layer: cursor.layer, path: cursor.path, complete };
}

function intoMapping(live: readonly Cursor[], key: string, childPath: readonly PropertyKey[]): Cursor[] {
  const written = live.filter((c) => isMapping(c.value) && Object.hasOwn(c.value, key)).map((c) => ({ layer: c.layer, value: (c.value as Record<string, unknown>)[key], path: [...c.path, key] }));
  const named = NAMED_LISTS[patternOf(childPath)] !== undefined;
  // From the latest back: a value merges with the one before it only when both are mappings, or
  // both lists of named things; anything else replaced what came before (a null removed it).
  const kind = (value: unknown) => (isMapping(value) ? "mapping" : named && Array.isArray(value) ? "named" : undefined);
  const out: Cursor[] = [];
  for (let k = written.length - 1; k >= 0; k--) {
    const cursor = written[k]!;
    out.unshift(cursor);
    const mine = kind(cursor.value);
    if (mine === undefined || (k > 0 && kind(written[k - 1]!.value) !== mine)) break;
  }
  return out;
}

function intoList(live: readonly Cursor[], mergedList: unknown, index: number, listPath: readonly PropertyKey[]): Cursor[] {
  const key = NAMED_LISTS[patternOf(listPath)];
  const entry = Array.isArray(mergedList) ? (mergedList[index] as unknown) : undefined;
  const lists = live.filter((c) => Array.isArray(c.value));
  if (key !== undefined && isMapping(entry) && isName(entry[key])) {
    const name = String(entry[key]);
    const out: Cursor[] = [];
    for (let k = lists.length - 1; k >= 0; k--) {
      const { layer, value, path } = lists[k]!;
      const items = value as unknown[];
      const j = items.findIndex((e) => isMapping(e) && isName(e[key]) && String(e[key]) === name);
      if (j < 0) continue;
      // A $delete of the name ends it: what came before was removed.
      if (DELETE_KEY in (items[j] as Record<string, unknown>)) break;
      out.unshift({ layer, value: items[j], path: [...path, j] });
    }
    return out;
  }
  // A list replaced whole: the last file that wrote it.
  const last = lists[lists.length - 1];
  if (!last || index >= (last.value as unknown[]).length) return [];
  return [{ layer: last.layer, value: (last.value as unknown[])[index], path: [...last.path, index] }];
}
