import { hasChanges, type Action, type Change, type Plan } from "../core/plan-types.js";
import { formatFolded } from "./values.js";

export interface TextOptions {
  color: boolean;
  /** "plan" shows what apply would do; "drift" frames the same data as differences found. */
  mode: "plan" | "drift";
}

const SYMBOL: Record<Action, string> = { create: "+", update: "~", replace: "-/+", delete: "-", "no-op": " " };
const COLOR: Record<Action, string> = { create: "32", update: "33", replace: "35", delete: "31", "no-op": "0" };

function paint(text: string, code: string, color: boolean): string {
  return color && code !== "0" ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function renderChange(change: Change, color: boolean): string[] {
  const symbol = SYMBOL[change.action].padStart(3);
  const lines = [`${paint(`${symbol} ${change.address}`, COLOR[change.action], color)}  (${change.action}: ${change.reason})`];
  if (change.action === "create") {
    // What a new resource gets, one value a line, as `path = value`.
    for (const field of change.fields) lines.push(`      ${field.path} = ${formatFolded(field.after)}`);
    return lines;
  }
  for (const field of change.fields) {
    const forces = field.forcesReplacement ? paint("  # forces replacement", COLOR.replace, color) : "";
    lines.push(`      ${field.path}: ${formatFolded(field.before)} -> ${formatFolded(field.after)}${forces}`);
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

/** The human rendering of a plan (or drift report). Pure: same plan, same text. */
export function renderText(plan: Plan, options: TextOptions): string {
  const lines: string[] = [];
  const changed = plan.changes.filter((c) => c.action !== "no-op");
  if (!hasChanges(plan)) {
    lines.push(
      options.mode === "drift"
        ? `No drift: live state of stack "${plan.stack}" matches the file (${plan.changes.length} resources checked).`
        : `No changes. Live state of stack "${plan.stack}" matches the file (${plan.changes.length} resources checked).`,
    );
  } else {
    lines.push(options.mode === "drift" ? `Drift in stack "${plan.stack}":` : `Changes for stack "${plan.stack}":`, "");
    for (const change of changed) lines.push(...renderChange(change, options.color));
    lines.push("", summaryLine(plan, options.mode));
  }
  if (plan.unmanaged.length > 0) {
    lines.push("", "Not managed by the file (left alone):");
    for (const u of plan.unmanaged) lines.push(`  ? ${u.address}  (${u.reason})`);
  }
  return `${lines.join("\n")}\n`;
}
