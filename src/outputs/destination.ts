import { UserError } from "../core/errors.js";

/**
 * Where `outputs --to` writes: under a Parameter Store path (one parameter per value), or one
 * Secrets Manager secret (the whole document). Checked while the flags are parsed, so a mistyped
 * destination costs neither a file read nor an AWS call.
 */
export type Destination = { service: "ssm"; prefix: string } | { service: "secretsmanager"; name: string };

/** The deepest a name goes below the prefix: userPools/POOL/clients/CLIENT/clientSecret. */
export const LEVELS_BELOW_PREFIX = 5;

/** Parameter Store: "hierarchies are limited to a maximum depth of fifteen levels". */
const MAX_LEVELS = 15;

const EXAMPLES = "ssm:/PREFIX/ (one Parameter Store parameter per value, e.g. ssm:/myapp/dev/) or secretsmanager:NAME (one JSON secret)";

export function parseDestination(text: string): Destination {
  const colon = text.indexOf(":");
  const service = colon < 0 ? undefined : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (service === "ssm") return { service, prefix: ssmPrefix(text, rest) };
  if (service === "secretsmanager") return { service, name: secretName(text, rest) };
  throw new UserError(`--to ${JSON.stringify(text)}: expected ${EXAMPLES}`);
}

/** The destination as the user writes it, with the prefix in its normal form. */
export function describeDestination(destination: Destination): string {
  return destination.service === "ssm" ? `ssm:${destination.prefix}` : `secretsmanager:${destination.name}`;
}

/**
 * Parameter Store's rules for names (API reference of PutParameter, "Naming Constraints"), checked
 * on the prefix: a leading slash, only a-z A-Z 0-9 _ . - and /, no name beginning with "aws" or
 * "ssm", at most 15 levels. Returned with one trailing slash, so /myapp/dev and /myapp/dev/ are one
 * prefix.
 */
function ssmPrefix(text: string, path: string): string {
  const bad = (why: string) => new UserError(`--to ${JSON.stringify(text)}: ${why}`);
  if (!path.startsWith("/")) throw bad("the prefix must start with /, e.g. ssm:/myapp/dev/");
  if (!/^[A-Za-z0-9_.\-/]*$/.test(path)) throw bad("a Parameter Store name may hold only letters, digits and _ . - /");
  const levels = path.split("/").slice(1);
  if (levels.at(-1) === "") levels.pop();
  if (levels.includes("")) throw bad("the prefix has an empty level (//)");
  if (/^(aws|ssm)/i.test(levels[0] ?? "")) throw bad('Parameter Store keeps names beginning with "aws" or "ssm" for itself; choose another first level');
  const most = MAX_LEVELS - LEVELS_BELOW_PREFIX;
  if (levels.length > most) {
    throw bad(`the prefix has ${levels.length} levels; a parameter name may have ${MAX_LEVELS} and the tool adds up to ${LEVELS_BELOW_PREFIX} (userPools/POOL/clients/CLIENT/clientSecret), so give at most ${most}`);
  }
  return levels.length === 0 ? "/" : `/${levels.join("/")}/`;
}

/** Secrets Manager's rule for names (CreateSecret): 1 to 512 of letters, digits and / _ + = . @ -. */
function secretName(text: string, name: string): string {
  const bad = (why: string) => new UserError(`--to ${JSON.stringify(text)}: ${why}`);
  if (name === "") throw bad("give the secret's name, e.g. secretsmanager:myapp/dev/cognito");
  // An ARN names a secret that exists; the tool also creates the secret, which needs a name.
  if (name.startsWith("arn:")) throw bad("give the secret's name, not its ARN");
  if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw bad("a secret's name is 1 to 512 letters, digits and / _ + = . @ -");
  return name;
}

/**
 * --kms-key-id: a key id, key ARN, alias name or alias ARN, as Parameter Store's KeyId allows
 * (1-256 of letters, digits and : / _ -). Which key it is, and whether it may be used, only AWS knows.
 */
export function parseKmsKeyId(text: string): string {
  if (!/^[A-Za-z0-9:/_-]{1,256}$/.test(text)) {
    throw new UserError(`--kms-key-id ${JSON.stringify(text)}: expected a KMS key id, key ARN, alias (alias/NAME) or alias ARN`);
  }
  return text;
}
