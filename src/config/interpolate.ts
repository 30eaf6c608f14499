import { visit, type Document } from "yaml";

/** `${env:NAME}` or `${env:NAME:-default}`; anything else in `${...}` (IAM policy variables) is kept. */
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationProblem {
  offset: number;
  message: string;
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
      node.value = node.value.replace(ENV_REFERENCE, (_match, name: string, fallback: string | undefined) => {
        const value = env[name];
        // Like the shell's ${NAME:-default}: the default also replaces an empty value.
        if (fallback !== undefined) return value === undefined || value === "" ? fallback : value;
        if (value !== undefined) return value;
        // Point at the reference itself inside the scalar's source text when it can be found there.
        const start = node.range?.[0] ?? 0;
        const inSource = text.indexOf(`\${env:${name}`, start);
        problems.push({
          offset: inSource >= start && inSource < (node.range?.[1] ?? start) ? inSource : start,
          message: `environment variable ${name} is not set (referenced as \${env:${name}}); set it or write \${env:${name}:-default}`,
        });
        return "";
      });
    },
  });
  return problems;
}
