/** How a field value reads in human output: "(none)" for not set, JSON for everything else. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (value === "(sensitive)") return "(sensitive)";
  return JSON.stringify(value);
}
