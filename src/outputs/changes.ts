import { STACK_TAG } from "../schema/cognito-defaults.js";
import type { OutputParameter } from "./parameters.js";

/**
 * What to write, given what exists: the pure half of `outputs --to`. The effects read first and
 * write only what this decides, so a run whose values are all in place sends no write at all.
 *
 * Ownership is the tag cognito-reconcile:stack=STACK, as for pools: the tool writes a name only
 * when nothing is there yet (and then tags it) or when what is there carries this stack's tag.
 * Anything else is refused by name, even when its value happens to be right, so a prefix shared by
 * mistake with another stack or a hand-made parameter is found on the first run, not on the first
 * change.
 */

/** A parameter that exists, as read before writing. */
export interface StoredParameter {
  value: string;
  type: string;
  /** The value of its stack tag; undefined when it has none. */
  stack: string | undefined;
}

export interface ParameterChanges {
  create: OutputParameter[];
  update: OutputParameter[];
  unchanged: OutputParameter[];
  /** One line per existing parameter this stack does not own; nothing is written when any. */
  refusals: string[];
}

export function parameterType(parameter: OutputParameter): "String" | "SecureString" {
  return parameter.secure ? "SecureString" : "String";
}

function notOwned(what: string, stack: string, owner: string | undefined, advice: string): string {
  const has = owner === undefined ? `has no ${STACK_TAG} tag` : `belongs to stack "${owner}" (${STACK_TAG}=${owner})`;
  return `${what} exists and ${has}; stack "${stack}" does not overwrite what it did not write: ${advice}`;
}

export function parameterChanges(wanted: readonly OutputParameter[], stored: ReadonlyMap<string, StoredParameter>, stack: string): ParameterChanges {
  const changes: ParameterChanges = { create: [], update: [], unchanged: [], refusals: [] };
  for (const parameter of wanted) {
    const existing = stored.get(parameter.name);
    if (existing === undefined) changes.create.push(parameter);
    else if (existing.stack !== stack) changes.refusals.push(notOwned(`SSM parameter ${parameter.name}`, stack, existing.stack, "delete it, or choose another --to prefix"));
    else if (existing.value === parameter.value && existing.type === parameterType(parameter)) changes.unchanged.push(parameter);
    else changes.update.push(parameter);
  }
  return changes;
}

/**
 * What an earlier run of this stack wrote under the prefix that is no longer an output (a client,
 * pool, domain or role the file dropped), in name order. `owned` is every name under the prefix
 * with this stack's tag; a client secret this run left out is kept while its client is an output.
 */
export function staleParameters(owned: readonly string[], wanted: readonly OutputParameter[], leftOut: ReadonlySet<string>): string[] {
  const current = new Set(wanted.map((p) => p.name));
  return owned.filter((name) => !current.has(name) && !leftOut.has(name)).sort();
}

/** A secret that exists, from DescribeSecret, with its current value when it was read. */
export interface StoredSecret {
  arn: string;
  /** The value of its stack tag; undefined when it has none. */
  stack: string | undefined;
  /** Scheduled for deletion: AWS refuses new values until it is restored. */
  deleted: boolean;
  /** The current value; undefined when not read (not ours) or when the secret has none. */
  value?: string | undefined;
}

export type SecretChange = { action: "create" } | { action: "update"; arn: string } | { action: "unchanged"; arn: string } | { action: "refuse"; reason: string };

/** Whether the run may read the secret's value: only a secret of this stack's, never another's. */
export function mayReadSecret(stored: StoredSecret, stack: string): boolean {
  return stored.stack === stack && !stored.deleted;
}

/**
 * Whether a stored document carries a client secret. A run without --show-secrets writes a
 * document without them, which would take them away from the applications that read them there.
 */
export function holdsClientSecrets(text: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  const pools = (doc as { userPools?: unknown } | null)?.userPools;
  if (typeof pools !== "object" || pools === null) return false;
  return Object.values(pools).some((pool) => {
    const clients = (pool as { clients?: unknown } | null)?.clients;
    return typeof clients === "object" && clients !== null && Object.values(clients).some((c) => typeof (c as { clientSecret?: unknown } | null)?.clientSecret === "string");
  });
}

export function secretChange(name: string, wanted: string, stored: StoredSecret | undefined, stack: string, options: { secretsIncluded: boolean }): SecretChange {
  const what = `Secrets Manager secret ${name}`;
  if (stored === undefined) return { action: "create" };
  if (stored.deleted) {
    return { action: "refuse", reason: `${what} is scheduled for deletion; restore it (aws secretsmanager restore-secret --secret-id ${name}) or choose another name` };
  }
  if (stored.stack !== stack) return { action: "refuse", reason: notOwned(what, stack, stored.stack, "delete it, or choose another secret name") };
  if (stored.value === wanted) return { action: "unchanged", arn: stored.arn };
  if (!options.secretsIncluded && stored.value !== undefined && holdsClientSecrets(stored.value)) {
    return { action: "refuse", reason: `${what} holds client secrets, which a run without --show-secrets would remove from it: run with --show-secrets to keep them up to date` };
  }
  return { action: "update", arn: stored.arn };
}
