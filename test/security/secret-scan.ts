import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * A value that must never leave the tool. `token` is a random part that no escaping changes, so a
 * rendering the other forms miss (YAML-quoted, HTML-escaped, cut short) is still caught.
 */
export interface Secret {
  name: string;
  value: string;
  token?: string;
}

/** Where a secret was seen. Names only: a report must not spread the value it complains about. */
export interface Finding {
  secret: string;
  form: string;
  where: string;
}

/** A secret whose random token makes a hit impossible to explain as a coincidence. */
export function makeSecret(name: string, shape: (token: string) => string): Secret {
  const token = randomBytes(8).toString("hex");
  return { name, value: shape(token), token };
}

/**
 * Base64 of the secret as it would look inside a longer encoded blob: the secret may start at any
 * of three byte offsets, and only the characters that depend on its bytes alone are kept.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const start = shift === 0 ? 0 : 4;
    const end = encoded.length - ((shift + bytes.length) % 3 === 0 ? 0 : 4);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

export function formsOf(secret: Secret): { form: string; text: string }[] {
  const forms = [{ form: "literal", text: secret.value }];
  const json = JSON.stringify(secret.value).slice(1, -1);
  if (json !== secret.value) forms.push({ form: "JSON-escaped", text: json });
  const url = encodeURIComponent(secret.value);
  if (url !== secret.value) forms.push({ form: "URL-encoded", text: url });
  for (const core of base64Cores(secret.value)) {
    forms.push({ form: "base64", text: core });
    const urlSafe = core.replace(/\+/g, "-").replace(/\//g, "_");
    if (urlSafe !== core) forms.push({ form: "base64url", text: urlSafe });
  }
  if (secret.token !== undefined) forms.push({ form: "random part", text: secret.token });
  return forms;
}

/** The secrets found in `text`, each once, under the first of its forms that matched. */
export function findSecrets(text: string, where: string, secrets: readonly Secret[]): Finding[] {
  return secrets.flatMap((secret) => {
    const hit = formsOf(secret).find((f) => text.includes(f.text));
    return hit ? [{ secret: secret.name, form: hit.form, where }] : [];
  });
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/**
 * Scans the files under `root` that are new or changed since the last call, so each finding is
 * pinned to the command that wrote the file.
 */
export class DirectoryScanner {
  private readonly seen = new Map<string, string>();

  constructor(private readonly root: string) {}

  scan(after: string, secrets: readonly Secret[]): Finding[] {
    const findings: Finding[] = [];
    for (const file of filesUnder(this.root)) {
      const text = readFileSync(file).toString("utf8");
      if (this.seen.get(file) === text) continue;
      this.seen.set(file, text);
      findings.push(...findSecrets(text, `file ${relative(this.root, file)} (after ${after})`, secrets));
    }
    return findings;
  }
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.length === 0 ? "no secret found" : `secrets leaked:\n${findings.map((f) => `  ${f.secret} (${f.form}) in ${f.where}`).join("\n")}`;
}
