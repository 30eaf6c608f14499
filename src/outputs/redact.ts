import { UserError } from "../core/errors.js";

/**
 * An error with every occurrence of these values replaced by (sensitive). What AWS answers does not
 * echo a parameter's or secret's value (the models mark them sensitive), but an error on the way to
 * stderr is the last place a client secret could leave the tool, so it is not left to that.
 */
export function withoutValues(error: unknown, values: readonly string[]): unknown {
  const secrets = values.filter((v) => v.length > 0);
  if (!(error instanceof Error) || secrets.length === 0) return error;
  const clean = (text: string | undefined) => (text === undefined ? undefined : secrets.reduce((t, v) => t.split(v).join("(sensitive)"), text));
  const message = clean(error.message)!;
  const stack = clean(error.stack);
  if (message === error.message && stack === error.stack) return error;
  const copy = error instanceof UserError ? new UserError(message, clean(error.details)) : new Error(message);
  copy.stack = stack;
  return copy;
}
