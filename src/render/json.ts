import type { Plan } from "../core/plan-types.js";

/**
 * The versioned JSON document for plan and drift. "Not set" is null (JSON has no undefined).
 * formatVersion changes only when a field is removed or changes meaning; a field added (such as
 * `unknown`) keeps it. Every change and every unmanaged entry is listed, never grouped or folded.
 */
export function renderJson(plan: Plan, command: "plan" | "drift"): string {
  const document = {
    formatVersion: plan.formatVersion,
    command,
    stack: plan.stack,
    changes: plan.changes.map((c) => ({
      address: c.address,
      kind: c.kind,
      action: c.action,
      reason: c.reason,
      fields: c.fields.map((f) => ({
        path: f.path,
        before: f.before ?? null,
        // A value apply has yet to learn is no value: null, with "unknown": true.
        after: f.unknown ? null : (f.after ?? null),
        sensitive: f.sensitive,
        forcesReplacement: f.forcesReplacement,
        ...(f.unknown ? { unknown: true } : {}),
      })),
    })),
    unmanaged: plan.unmanaged,
    summary: plan.summary,
    ...(plan.warnings ? { warnings: plan.warnings } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
