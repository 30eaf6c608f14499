import { hasChanges, type Action, type FieldChange, type Plan } from "../core/plan-types.js";
import { foldUnmanaged, groupChanges, groupLabel, listedMembers, moreUnmanaged, type Entry } from "./grouping.js";
import { formatAfter, formatFolded } from "./values.js";

export interface TextOptions {
  color: boolean;
  /** "plan" shows what apply would do; "drift" frames the same data as differences found. */
  mode: "plan" | "drift";
}

const SYMBOL: Record<Action, string> = { create: "+", update: "~", replace: "-/+", delete: "-", "no-op": " " };
const COLOR: Record<Action, string> = { create: "32", update: "33", replace: "35", delete: "31", "no-op": "0" };

/** Values longer than this together put each value on lines of its own, wrapped at WRAP_VALUE. */
export const WRAP_VALUES = 80;
const WRAP_VALUE = 100;
const FIELD_INDENT = "      ";
const VALUE_INDENT = "          ";

function paint(text: string, code: string, color: boolean): string {
  return color && code !== "0" ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** A long value cut into lines of at most `width` characters, after a comma or a space where there is one. */
export function wrapValue(text: string, width = WRAP_VALUE): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const window = rest.slice(0, width);
    const at = Math.max(window.lastIndexOf(","), window.lastIndexOf(" "));
    const cut = at >= width / 2 ? at + 1 : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}

function fieldLines(field: FieldChange, action: Action, color: boolean): string[] {
  const after = formatAfter(field, formatFolded);
  if (action === "create") {
    // What a new resource gets, one value a line, as `path = value`.
    if (after.length <= WRAP_VALUES) return [`${FIELD_INDENT}${field.path} = ${after}`];
    return [`${FIELD_INDENT}${field.path} =`, ...wrapValue(after).map((l) => `${VALUE_INDENT}${l}`)];
  }
  const forces = field.forcesReplacement ? paint("  # forces replacement", COLOR.replace, color) : "";
  const before = formatFolded(field.before);
  if (before.length + after.length <= WRAP_VALUES) return [`${FIELD_INDENT}${field.path}: ${before} -> ${after}${forces}`];
  const wrapped = (text: string, first: string) => wrapValue(text).map((l, i) => `${i === 0 ? first : VALUE_INDENT}${l}`);
  const afterLines = wrapped(after, "       -> ");
  afterLines[afterLines.length - 1] += forces;
  return [`${FIELD_INDENT}${field.path}:`, ...wrapped(before, VALUE_INDENT), ...afterLines];
}

function renderEntry(entry: Entry, color: boolean): string[] {
  const { change } = entry;
  const symbol = SYMBOL[change.action].padStart(3);
  const grouped = entry.members.length > 1;
  const name = grouped ? groupLabel(entry) : change.address;
  const lines = [`${paint(`${symbol} ${name}`, COLOR[change.action], color)}  (${change.action}: ${change.reason})`];
  for (const field of change.fields) lines.push(...fieldLines(field, change.action, color));
  if (grouped) {
    const { shown, more } = listedMembers(entry);
    lines.push(`    the ${groupLabel(entry)}:`, ...shown.map((a) => `${FIELD_INDENT}${a}`));
    if (more > 0) lines.push(`${FIELD_INDENT}... and ${more} more`);
  }
  return lines;
}

function summaryLine(plan: Plan, mode: TextOptions["mode"]): string {
  const s = plan.summary;
  if (mode === "drift") {
    const drifted = s.create + s.update + s.replace + s.delete;
    return `Drift: ${drifted} resource${drifted === 1 ? " differs" : "s differ"} from the file (${s.create} missing, ${s.update} changed, ${s.replace} need replacement, ${s.delete} extra).`;
  }
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete.`;
}

/**
 * The human rendering of a plan (or drift report). Pure: same plan, same text. Identical changes
 * to several resources of one kind show once, with the names; long lists of names are counted.
 */
export function renderText(plan: Plan, options: TextOptions): string {
  const lines: string[] = [];
  if (!hasChanges(plan)) {
    lines.push(
      options.mode === "drift"
        ? `No drift: live state of stack "${plan.stack}" matches the file (${plan.changes.length} resources checked).`
        : `No changes. Live state of stack "${plan.stack}" matches the file (${plan.changes.length} resources checked).`,
    );
  } else {
    lines.push(options.mode === "drift" ? `Drift in stack "${plan.stack}":` : `Changes for stack "${plan.stack}":`, "");
    for (const entry of groupChanges(plan.changes)) lines.push(...renderEntry(entry, options.color));
    lines.push("", summaryLine(plan, options.mode));
  }
  if (plan.unmanaged.length > 0) {
    lines.push("", "Not managed by the file (left alone):");
    for (const run of foldUnmanaged(plan.unmanaged)) {
      for (const u of run.shown) lines.push(`  ? ${u.address}  (${u.reason})`);
      if (run.more > 0) lines.push(`  ? ${run.pattern}  (${moreUnmanaged(run)})`);
    }
  }
  return `${lines.join("\n")}\n`;
}
