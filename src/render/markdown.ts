import { hasChanges, type Action, type Change, type FieldChange, type Plan } from "../core/plan-types.js";
import { formatValue } from "./values.js";

/**
 * The plan (or drift report) as GitHub-flavoured Markdown, for a pull-request comment or a job
 * summary. Pure: it reads only the plan, whose sensitive values are already masked.
 *
 * Layout: heading, one-line verdict, a table of every change that is not a no-op, a collapsed
 * field diff per resource that has changed fields, and the live resources the file leaves alone.
 */
export interface MarkdownOptions {
  mode: "plan" | "drift";
}

const LABEL: Record<Exclude<Action, "no-op">, string> = { create: "+ create", update: "~ update", replace: "-/+ replace", delete: "- destroy" };

/** Markdown's line endings; a value never spans lines in a table row, a list item or a diff line. */
const LINE_BREAK = /\r\n|\r|\n/g;

/** Plain inline text: every character Markdown (or GFM tables) would interpret is backslash-escaped. */
function escapeText(text: string): string {
  return text.replace(LINE_BREAK, " ").replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`);
}

/** An inline code span that shows `text` literally, whatever backticks it holds. */
function codeSpan(text: string): string {
  const content = text.replace(LINE_BREAK, " ");
  const ticks = "`".repeat(longestRun(content, "`") + 1);
  const pad = content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "") ? " " : "";
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/**
 * A table cell showing `text` as code. A `|` would end the cell even inside a code span, so it is
 * escaped as `\|`; GFM drops that backslash before parsing the span. A `\` right before a `|` cannot
 * be kept in a code span that way, so such text is shown as escaped plain text instead.
 */
function codeCell(text: string): string {
  if (/\\\|/.test(text)) return escapeText(text);
  return codeSpan(text).replace(/\|/g, "\\|");
}

/** Text inside raw HTML (the `<summary>` line), where Markdown is not parsed. */
function escapeHtml(text: string): string {
  return text.replace(LINE_BREAK, " ").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** A fenced block whose fence is longer than any backtick run inside, so no line can close it early. */
function fencedBlock(language: string, lines: readonly string[]): string[] {
  const fence = "`".repeat(Math.max(3, ...lines.map((line) => longestRun(line, "`") + 1)));
  return [`${fence}${language}`, ...lines, fence];
}

function oneLine(text: string): string {
  return text.replace(/\r/g, "\\r").replace(/\n/g, "\\n");
}

function diffLines(field: FieldChange, action: Action): string[] {
  const path = oneLine(field.path);
  const forces = field.forcesReplacement ? "  # forces replacement" : "";
  // A create has no before values: only what it sets.
  if (action === "create") return [`+ ${path}: ${oneLine(formatValue(field.after))}`];
  return [`- ${path}: ${oneLine(formatValue(field.before))}`, `+ ${path}: ${oneLine(formatValue(field.after))}${forces}`];
}

function verdict(plan: Plan, mode: MarkdownOptions["mode"]): string {
  const s = plan.summary;
  const checked = `${plan.changes.length} resource${plan.changes.length === 1 ? "" : "s"} checked`;
  if (mode === "drift") {
    if (!hasChanges(plan)) return `**In sync:** live state matches the file (${checked}).`;
    const drifted = s.create + s.update + s.replace + s.delete;
    return `**Drift:** ${drifted} resource${drifted === 1 ? " differs" : "s differ"} from the file (${s.create} missing, ${s.update} changed, ${s.replace} need replacement, ${s.delete} extra).`;
  }
  if (!hasChanges(plan)) return `**No changes:** live state matches the file (${checked}).`;
  return `**Plan:** ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete.`;
}

function details(change: Change): string[] {
  return [`<details><summary>${escapeHtml(change.address)}</summary>`, "", ...fencedBlock("diff", change.fields.flatMap((f) => diffLines(f, change.action))), "", "</details>"];
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions): string {
  const changed = plan.changes.filter((c): c is Change & { action: Exclude<Action, "no-op"> } => c.action !== "no-op");
  const lines = [`### cognito-reconcile ${options.mode}: stack ${codeSpan(plan.stack)}`, "", verdict(plan, options.mode)];

  if (changed.length > 0) {
    lines.push("", "| Action | Resource | Reason |", "| --- | --- | --- |");
    for (const change of changed) {
      lines.push(`| ${codeCell(LABEL[change.action])} | ${codeCell(change.address)} | ${escapeText(change.reason)} |`);
    }
  }

  const withFields = changed.filter((c) => c.fields.length > 0);
  if (withFields.length > 0) {
    lines.push("", "#### Details");
    for (const change of withFields) lines.push("", ...details(change));
  }

  if (plan.unmanaged.length > 0) {
    lines.push("", "#### Not managed by the file (left alone)", "");
    for (const u of plan.unmanaged) lines.push(`- ${codeSpan(u.address)}: ${escapeText(u.reason)}`);
  }
  return `${lines.join("\n")}\n`;
}
