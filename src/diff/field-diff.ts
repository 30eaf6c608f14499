import equal from "fast-deep-equal";
import { containsKnownAfterApply, SENSITIVE_MASK, type FieldChange } from "../core/plan-types.js";
import { isAtOrBelow, isRecord } from "../core/paths.js";

export interface FieldDiffOptions {
  /** Paths never compared (ignoreChanges); a path hides everything below it. */
  ignore?: readonly string[];
  /** Path prefixes AWS cannot change in place. */
  replaceOn?: readonly string[];
  /** Path prefixes whose values are secrets: shown masked. */
  sensitive?: readonly string[];
}

/** True when `path` is `prefix` or below it, through a key (`prefix.key`) or a list item (`prefix[0]`). */
function isAtOrBelowPath(path: string, prefix: string): boolean {
  return isAtOrBelow(path, prefix) || path.startsWith(`${prefix}[`);
}

const matchesAny = (path: string, prefixes: readonly string[] | undefined) => (prefixes ?? []).some((p) => isAtOrBelowPath(path, p));

/**
 * A list walked item by item, as `[i]`: a list of objects (the statements of a policy document, role
 * mappings). A list of scalars is one value, compared and shown whole: set-like lists arrive sorted,
 * so an item added shows as the list before and after.
 */
function isListOfObjects(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every(isRecord);
}

function walksByIndex(want: unknown, have: unknown): boolean {
  const listOrEmpty = (v: unknown) => isListOfObjects(v) || (Array.isArray(v) && v.length === 0);
  return listOrEmpty(want) && listOrEmpty(have) && (isListOfObjects(want) || isListOfObjects(have));
}

function field(path: string, before: unknown, after: unknown, sensitive: boolean, forcesReplacement: boolean): FieldChange {
  const change: FieldChange = { path, before, after, sensitive, forcesReplacement };
  if (!sensitive && containsKnownAfterApply(after)) change.unknown = true;
  return change;
}

/**
 * Field-level differences between a desired spec and the live spec of one resource, both already
 * normalised to the file's shape.
 *
 * The top level is partial: only keys the desired spec defines are managed, so a section left out of
 * the file is never compared. Below the top level a present section is authoritative: keys are the
 * union of both sides, so a tag or trigger that exists only live shows as a removal.
 * Objects are walked down to leaves, and so are lists of objects, by index (`Statement[1].Action`),
 * so one changed value of a document is one field; an item only one side has is one field, whole.
 * Lists of scalars are compared whole (set-like lists arrive sorted).
 */
export function diffFields(desired: object, live: object, options: FieldDiffOptions = {}): FieldChange[] {
  const changes: FieldChange[] = [];
  const visit = (path: string, want: unknown, have: unknown) => {
    if (matchesAny(path, options.ignore)) return;
    if (isRecord(want) && isRecord(have)) {
      const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
      for (const key of [...keys].sort()) visit(`${path}.${key}`, want[key], have[key]);
      return;
    }
    if (walksByIndex(want, have)) {
      const wantList = want as unknown[];
      const haveList = have as unknown[];
      for (let i = 0; i < Math.max(wantList.length, haveList.length); i += 1) visit(`${path}[${i}]`, wantList[i], haveList[i]);
      return;
    }
    if (equal(want, have)) return;
    const sensitive = matchesAny(path, options.sensitive);
    changes.push(field(path, sensitive && have !== undefined ? SENSITIVE_MASK : have, sensitive && want !== undefined ? SENSITIVE_MASK : want, sensitive, matchesAny(path, options.replaceOn)));
  };
  for (const key of Object.keys(desired).sort()) {
    const want: unknown = Reflect.get(desired, key);
    if (want === undefined) continue;
    visit(key, want, Reflect.get(live, key));
  }
  return changes;
}

/**
 * What a create sets, as fields with no before value: the desired spec walked down to its leaves
 * the way diffFields walks it (objects by key, lists of objects by index, other lists whole), so a
 * reviewer sees each value a new resource gets, secrets masked.
 */
export function createFields(desired: object, options: Pick<FieldDiffOptions, "sensitive"> = {}): FieldChange[] {
  const fields: FieldChange[] = [];
  const visit = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (isRecord(value)) {
      for (const key of Object.keys(value).sort()) visit(`${path}.${key}`, value[key]);
      return;
    }
    if (isListOfObjects(value)) {
      value.forEach((item, i) => visit(`${path}[${i}]`, item));
      return;
    }
    const sensitive = matchesAny(path, options.sensitive);
    fields.push(field(path, undefined, sensitive ? SENSITIVE_MASK : value, sensitive, false));
  };
  for (const key of Object.keys(desired).sort()) visit(key, Reflect.get(desired, key));
  return fields;
}
