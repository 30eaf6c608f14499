import { KNOWN_AFTER_APPLY, type FieldChange } from "../core/plan-types.js";

/** How a field value reads in human output: "(none)" for not set, JSON for everything else. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (value === "(sensitive)") return "(sensitive)";
  return JSON.stringify(value);
}

/** Lists longer than this show their first items and a count in text output; JSON keeps them all. */
export const FOLDED_LIST_ITEMS = 10;

/** A value for a terminal: long lists folded with a count of the rest. */
export function formatFolded(value: unknown): string {
  if (!Array.isArray(value) || value.length <= FOLDED_LIST_ITEMS) return formatValue(value);
  const shown = JSON.stringify(value.slice(0, FOLDED_LIST_ITEMS));
  return `${shown.slice(0, -1)}, ... ${value.length - FOLDED_LIST_ITEMS} more]`;
}

/** The desired side of a field: the bare marker (known after apply) when apply has yet to make it. */
export function formatAfter(field: FieldChange, format: (value: unknown) => string = formatValue): string {
  return field.unknown ? KNOWN_AFTER_APPLY : format(field.after);
}

/** Beyond this many, the names of a group of resources, or unmanaged ones of a kind, are counted. */
export const LISTED_NAMES = 20;

/** The part of an address before its last `/`: the pool a child lives in ("" for a top-level one). */
export function parentOf(address: string): string {
  const slash = address.lastIndexOf("/");
  return slash < 0 ? "" : address.slice(0, slash);
}
