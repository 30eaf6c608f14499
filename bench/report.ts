// Numbers to text: medians, ratios and the results table.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const int = (n: number): string => Math.round(n).toLocaleString("en-US");
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mb = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(0)} MB` : "n/a");
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

export function sumCalls(calls: Record<string, number>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** A plain text table; the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Calls by operation side by side, e.g. the CLI's against the minimum and the script's. */
export function callsTable(columns: Record<string, Record<string, number>>): string {
  const names = Object.keys(columns);
  const operations = [...new Set(names.flatMap((n) => Object.keys(columns[n]!)))].sort();
  const rows = operations.map((op) => [op, ...names.map((n) => int(columns[n]![op] ?? 0))]);
  rows.push(["total", ...names.map((n) => int(sumCalls(columns[n]!)))]);
  return table(["operation", ...names], rows);
}
