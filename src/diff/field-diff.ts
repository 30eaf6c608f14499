import equal from "fast-deep-equal";
import { SENSITIVE_MASK, type FieldChange } from "../core/plan-types.js";
import { isAtOrBelow, isRecord } from "../core/paths.js";

export interface FieldDiffOptions {
  /** Paths never compared (ignoreChanges); a path hides everything below it. */
  ignore?: readonly string[];
  /** Path prefixes AWS cannot change in place. */
  replaceOn?: readonly string[];
  /** Path prefixes whose values are secrets: shown masked. */
  sensitive?: readonly string[];
}

const matchesAny = (path: string, prefixes: readonly string[] | undefined) => (prefixes ?? []).some((p) => isAtOrBelow(path, p));

/**
 * Field-level differences between a desired spec and the live spec of one resource, both already
 * normalised to the file's shape.
 *
 * The top level is partial: only keys the desired spec defines are managed, so a section left out of
 * the file is never compared. Below the top level a present section is authoritative: keys are the
 * union of both sides, so a tag or trigger that exists only live shows as a removal.
 * Objects are walked down to leaves; lists are compared whole (set-like lists arrive sorted).
 */
export function diffFields(desired: Record<string, unknown>, live: Record<string, unknown>, options: FieldDiffOptions = {}): FieldChange[] {
  const changes: FieldChange[] = [];
  const visit = (path: string, want: unknown, have: unknown) => {
    if (matchesAny(path, options.ignore)) return;
    if (isRecord(want) && isRecord(have)) {
      const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
      for (const key of [...keys].sort()) visit(`${path}.${key}`, want[key], have[key]);
      return;
    }
    if (equal(want, have)) return;
    const sensitive = matchesAny(path, options.sensitive);
    changes.push({
      path,
      before: sensitive && have !== undefined ? SENSITIVE_MASK : have,
      after: sensitive && want !== undefined ? SENSITIVE_MASK : want,
      sensitive,
      forcesReplacement: matchesAny(path, options.replaceOn),
    });
  };
  for (const key of Object.keys(desired).sort()) {
    if (desired[key] === undefined) continue;
    visit(key, desired[key], live[key]);
  }
  return changes;
}

/**
 * What a create sets, as fields with no before value: the desired spec walked down to its leaves
 * (lists whole), so a reviewer sees each value a new resource gets, secrets masked.
 */
export function createFields(desired: Record<string, unknown>, options: Pick<FieldDiffOptions, "sensitive"> = {}): FieldChange[] {
  const fields: FieldChange[] = [];
  const visit = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (isRecord(value)) {
      for (const key of Object.keys(value).sort()) visit(`${path}.${key}`, value[key]);
      return;
    }
    const sensitive = matchesAny(path, options.sensitive);
    fields.push({ path, before: undefined, after: sensitive ? SENSITIVE_MASK : value, sensitive, forcesReplacement: false });
  };
  for (const key of Object.keys(desired).sort()) visit(key, desired[key]);
  return fields;
}
