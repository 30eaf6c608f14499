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
