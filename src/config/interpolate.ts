import { visit, type Document } from "yaml";

/** `${env:NAME}` or `${env:NAME:-default}`; anything else in `${...}` (IAM policy variables) is kept. */
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem {
  offset: number;
  message: string;
}

/** Marks an environment whose unset variables stand for their own reference; see `unsetStandsForItself`. */
const STAND_IN = Symbol("unset variables stand for themselves");

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The environment for a run that needs no variable's value (printing the merged file, making an IAM
 * policy): a variable that is not set and has no default stays `${env:NAME}`, and is reported to
 * `onUnset`, instead of being an error. Defaults still apply, as they would in a run.
 */
export function unsetStandsForItself(env: Environment, onUnset: (name: string) => void = () => {}): Environment {
  return Object.assign({ ...env }, { [STAND_IN]: onUnset });
}

/**
 * Whether a value read with `env` may hold a stand-in: `env` lets unset variables stand for
 * themselves and the value still holds a reference (so it names no real file, for one).
 */
export function mayHoldStandIn(env: Environment, value: string): boolean {
  return STAND_IN in env && new RegExp(ENV_REFERENCE.source).test(value);
}

/**
 * One string's references replaced, or undefined when one names a variable that is not set (the
 * caller then looks for where it is, to say so).
 */
function replaceReferences(value: string, env: Readonly<Record<string, string | undefined>>, unset: (name: string) => string): string {
  return value.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const set = env[name];
    // Like the shell's ${NAME:-default}: the default also replaces an empty value.
    if (fallback !== undefined) return set === undefined || set === "" ? fallback : set;
    if (set !== undefined) return set;
    const standIn = (env as { [STAND_IN]?: (name: string) => void })[STAND_IN];
    if (standIn === undefined) return unset(name);
    standIn(name);
    return `\${env:${name}}`;
  });
}

class UnsetVariable extends Error {}

function unsetMessage(name: string): string {
  return `environment variable ${name} is not set (referenced as \${env:${name}}); set it or write \${env:${name}:-default}`;
}

/** Where the data (mappings' values and lists' items) names a variable that is not set: each string's path, and what to say. */
export function unsetReferences(data: unknown, env: Readonly<Record<string, string | undefined>>): { path: (string | number)[]; message: string }[] {
  const found: { path: (string | number)[]; message: string }[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === "string") {
      if (value.includes("${env:")) {
        replaceReferences(value, env, (name) => {
          found.push({ path, message: unsetMessage(name) });
          return "";
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    }
  };
  walk(data, []);
  return found;
}

/**
 * interpolateEnv for data already out of the YAML (mappings' values and lists' items; keys are
 * not interpolated), in place. False when a variable is unset: the document is then interpolated
 * instead, to say where.
 */
export function interpolateEnvInData(data: unknown, env: Readonly<Record<string, string | undefined>>): boolean {
  const unset = (): never => {
    throw new UnsetVariable();
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return value.includes("${env:") ? replaceReferences(value, env, unset) : value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i]);
    } else if (value !== null && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = walk(record[key]);
    }
    return value;
  };
  try {
    walk(data);
    return true;
  } catch (error) {
    if (error instanceof UnsetVariable) return false;
    throw error;
  }
}

/**
 * Replaces environment references in every string scalar of the document, in place, so source
 * positions stay valid for later diagnostics. Keys are not interpolated.
 */
export function interpolateEnv(doc: Document, env: Readonly<Record<string, string | undefined>>, text = ""): InterpolationProblem[] {
  const problems: InterpolationProblem[] = [];
  visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string" || !node.value.includes("${env:")) return;
      node.value = replaceReferences(node.value, env, (name) => {
        // Point at the reference itself inside the scalar's source text when it can be found there.
        const start = node.range?.[0] ?? 0;
        const inSource = text.indexOf(`\${env:${name}`, start);
        problems.push({
          offset: inSource >= start && inSource < (node.range?.[1] ?? start) ? inSource : start,
          message: unsetMessage(name),
        });
        return "";
      });
    },
  });
  return problems;
}
