import { hasChanges, type Action, type FieldChange, type Plan } from "../core/plan-types.js";
import { foldUnmanaged, groupChanges, groupLabel, listedMembers, moreUnmanaged, type ChangedAction, type Entry } from "./grouping.js";
import { formatAfter, formatValue, parentOf } from "./values.js";

/**
 * The plan (or drift report) as GitHub-flavoured Markdown, for a pull-request comment or a job
 * summary. Pure: it reads only the plan, whose sensitive values are already masked.
 *
 * Made to fit a pull-request comment: heading, one-line verdict and a table of the changes first
 * (identical changes to resources of one kind are one row), then a collapsed field diff per
 * resource (or group), then the live resources the file leaves alone, folded per kind. When the
 * whole would pass `maxLength` characters, whole blocks are left out from the end and a notice says
 * where the full plan is: the cut never falls inside a `<details>` or a code fence.
 */
export interface MarkdownOptions {
  mode: "plan" | "drift";
  /** The most characters the Markdown may have (default MARKDOWN_MAX_LENGTH, GitHub's comment limit). */
  maxLength?: number;
}

/** GitHub's limit for a pull-request comment (and an issue body). */
export const MARKDOWN_MAX_LENGTH = 65_536;

/** The changes table lists at most this many rows; the rest are counted in a last row. */
export const TABLE_ROWS = 100;

const LABEL: Record<ChangedAction, string> = { create: "+ create", update: "~ update", replace: "-/+ replace", delete: "- destroy" };

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
  const after = oneLine(formatAfter(field));
  // A create has no before values: only what it sets.
  if (action === "create") return [`+ ${path}: ${after}`];
  return [`- ${path}: ${oneLine(formatValue(field.before))}`, `+ ${path}: ${after}${forces}`];
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

const grouped = (entry: Entry) => entry.members.length > 1;

/** The Resource cell: the address, or for a group "300 users in `userPool.P`". */
function resourceCell(entry: Entry): string {
  if (!grouped(entry)) return codeCell(entry.change.address);
  const parent = parentOf(entry.change.address);
  return parent === "" ? escapeText(groupLabel(entry)) : `${escapeText(groupLabel(entry))} in ${codeCell(parent)}`;
}

function table(entries: readonly Entry[], rows: number): string[] {
  const lines = ["| Action | Resource | Reason |", "| --- | --- | --- |"];
  for (const entry of entries.slice(0, rows)) {
    lines.push(`| ${codeCell(LABEL[entry.change.action as ChangedAction])} | ${resourceCell(entry)} | ${escapeText(entry.change.reason)} |`);
  }
  const rest = entries.slice(rows).reduce((n, e) => n + e.members.length, 0);
  if (rest > 0) lines.push(`| | and ${rest} more change${rest === 1 ? "" : "s"} | not listed in this table |`);
  return lines;
}

function details(entry: Entry): string {
  const { change } = entry;
  const summary = grouped(entry) ? `${groupLabel(entry)}${parentOf(change.address) === "" ? "" : ` in ${parentOf(change.address)}`} (${change.action})` : change.address;
  const lines = [`<details><summary>${escapeHtml(summary)}</summary>`];
  if (change.fields.length > 0) lines.push("", ...fencedBlock("diff", change.fields.flatMap((f) => diffLines(f, change.action))));
  if (grouped(entry)) {
    const { shown, more } = listedMembers(entry);
    lines.push("", `The ${escapeText(groupLabel(entry))}:`, "", ...shown.map((a) => `- ${codeSpan(a)}`));
    if (more > 0) lines.push(`- and ${more} more`);
  }
  lines.push("", "</details>");
  return lines.join("\n");
}

function unmanagedBlock(plan: Plan): string {
  const lines = ["#### Not managed by the file (left alone)", ""];
  for (const run of foldUnmanaged(plan.unmanaged)) {
    for (const u of run.shown) lines.push(`- ${codeSpan(u.address)}: ${escapeText(u.reason)}`);
    if (run.more > 0) lines.push(`- ${codeSpan(run.pattern)}: ${escapeText(moreUnmanaged(run))}`);
  }
  return lines.join("\n");
}

/** Said where the Markdown is cut: what is left out and where the whole plan is. */
function cutNotice(mode: MarkdownOptions["mode"], maxLength: number, leftOut: number, unmanagedLeftOut: boolean): string {
  const what = [
    leftOut > 0 ? `the details of ${leftOut} more change${leftOut === 1 ? "" : "s"}` : "",
    unmanagedLeftOut ? "the list of resources not managed by the file" : "",
  ].filter(Boolean);
  const whole =
    mode === "plan"
      ? "The full plan is in the saved plan (`plan --out PLAN.json`; in CI, the plan artifact) and in `plan --format json`."
      : "The full report is in `drift --format json` (in CI, the JSON artifact).";
  return `> **Cut to fit ${maxLength} characters:** ${what.join(" and ") || "some details"} left out here. ${whole}`;
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const entries = groupChanges(plan.changes);
  const intro = [`### cognito-reconcile ${options.mode}: stack ${codeSpan(plan.stack)}`, "", verdict(plan, options.mode)].join("\n");
  const head = (rows: number) => (entries.length > 0 ? `${intro}\n\n${table(entries, rows).join("\n")}` : intro);

  const withDetails = entries.filter((e) => e.change.fields.length > 0 || grouped(e));
  const detailBlocks = withDetails.map((e, i) => (i === 0 ? `#### Details\n\n${details(e)}` : details(e)));
  const tail = plan.unmanaged.length > 0 ? [unmanagedBlock(plan)] : [];
  const whole = [head(TABLE_ROWS), ...detailBlocks, ...tail].join("\n\n");
  if (whole.length + 1 <= maxLength) return `${whole}\n`;

  // Too long: keep the heading, verdict and table, then whole blocks while they fit with the notice.
  // The notice is top-level text after closed blocks, so the HTML stays balanced.
  const noticeRoom = cutNotice(options.mode, maxLength, withDetails.length, tail.length > 0).length + 4;
  let rows = Math.min(TABLE_ROWS, entries.length);
  while (rows > 0 && head(rows).length + noticeRoom > maxLength) rows -= 1;
  const kept = [head(rows)];
  let length = kept[0]!.length;
  let shown = 0;
  for (const block of detailBlocks) {
    if (length + 2 + block.length + noticeRoom > maxLength) break;
    kept.push(block);
    length += 2 + block.length;
    shown += 1;
  }
  let unmanagedLeftOut = tail.length > 0;
  if (shown === detailBlocks.length && tail.length > 0 && length + 2 + tail[0]!.length + noticeRoom <= maxLength) {
    kept.push(tail[0]!);
    unmanagedLeftOut = false;
  }
  kept.push(cutNotice(options.mode, maxLength, detailBlocks.length - shown, unmanagedLeftOut));
  return `${kept.join("\n\n")}\n`;
}
