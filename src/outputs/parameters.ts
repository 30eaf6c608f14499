import { UserError } from "../core/errors.js";
import { collisions, type OutputsDocument } from "../render/outputs.js";
import { partitionOf } from "../aws/partition.js";

/** One value of the outputs document as a Parameter Store parameter. */
export interface OutputParameter {
  name: string;
  value: string;
  /** A client secret: written as a SecureString, and only with --show-secrets. */
  secure: boolean;
  /** What the value belongs to, for the message when two values would share a name. */
  owner: string;
}

/**
 * A name from the file as one level of a parameter name. Pool, client and identity pool names may
 * hold spaces and + = , @, which Parameter Store refuses; each becomes "_", one for one, so that
 * most names stay apart and two that meet are reported, never merged.
 */
export function parameterLevel(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, "_");
}

/**
 * Parameter Store counts the ARN in front of the name against a name's 1011 characters
 * ("arn:aws:ssm:us-east-2:111122223333:parameter" and the name's own leading slash). The account id
 * is always 12 digits; the partition follows from the region.
 */
const MAX_NAME_WITH_ARN = 1011;

function arnPrefix(region: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:123456789012:parameter`;
}

/**
 * The parameters for a document, in its order: one per value, named by the value's path in the
 * JSON document under the prefix (the stack is not a value here: it is the tag of every parameter).
 *
 *   PREFIX/userPools/POOL/{region,userPoolId,userPoolArn,issuerUrl,jwksUrl,domainUrl,tokenEndpoint}
 *   PREFIX/userPools/POOL/clients/CLIENT/{clientId,clientSecret}
 *   PREFIX/identityPools/IDENTITY_POOL/{region,identityPoolId}
 *   PREFIX/identityPools/IDENTITY_POOL/roles/{authenticated,unauthenticated}
 *
 * A path per pool and per client lets an IAM policy give an application exactly its own client's
 * parameters (…/clients/Web/*), and GetParametersByPath read one pool's values at once.
 */
export function outputParameters(doc: OutputsDocument, prefix: string): OutputParameter[] {
  const out: OutputParameter[] = [];
  const add = (path: string[], value: string | undefined, owner: string, secure = false) => {
    if (value !== undefined) out.push({ name: `${prefix}${path.join("/")}`, value, secure, owner });
  };
  for (const [poolName, pool] of Object.entries(doc.userPools)) {
    const base = ["userPools", parameterLevel(poolName)];
    const owner = `user pool "${poolName}"`;
    for (const key of ["region", "userPoolId", "userPoolArn", "issuerUrl", "jwksUrl", "domainUrl", "tokenEndpoint"] as const) add([...base, key], pool[key], owner);
    for (const [clientName, client] of Object.entries(pool.clients)) {
      const clientBase = [...base, "clients", parameterLevel(clientName)];
      const clientOwner = `client "${clientName}" of user pool "${poolName}"`;
      add([...clientBase, "clientId"], client.clientId, clientOwner);
      add([...clientBase, "clientSecret"], client.clientSecret, clientOwner, true);
    }
  }
  for (const [name, pool] of Object.entries(doc.identityPools)) {
    const base = ["identityPools", parameterLevel(name)];
    const owner = `identity pool "${name}"`;
    add([...base, "region"], pool.region, owner);
    add([...base, "identityPoolId"], pool.identityPoolId, owner);
    add([...base, "roles", "authenticated"], pool.roles.authenticated, owner);
    add([...base, "roles", "unauthenticated"], pool.roles.unauthenticated, owner);
  }
  return out;
}

/**
 * The names the client secrets of a document without them would have: while the client is an
 * output, its secret parameter stays (a run without --show-secrets neither writes nor removes it).
 */
export function leftOutSecretNames(doc: OutputsDocument, prefix: string): Set<string> {
  const names = new Set<string>();
  for (const [poolName, pool] of Object.entries(doc.userPools)) {
    for (const [clientName, client] of Object.entries(pool.clients)) {
      if (client.clientSecret === undefined) names.add(`${prefix}${["userPools", parameterLevel(poolName), "clients", parameterLevel(clientName), "clientSecret"].join("/")}`);
    }
  }
  return names;
}

/**
 * Why these names cannot be written, or nothing: two things of the file sharing a name (pools "My
 * App" and "My_App"), or a name longer than Parameter Store takes in this region.
 */
export function parameterNameProblems(parameters: readonly OutputParameter[], region: string): string[] {
  const clashes = collisions(parameters);
  if (clashes.length > 0) return [`${clashes.join("; ")}; rename all but one (--to secretsmanager:NAME keeps them apart)`];
  const room = MAX_NAME_WITH_ARN - arnPrefix(region).length;
  const long = parameters.find((p) => p.name.length > room);
  if (long) return [`${long.name} has ${long.name.length} characters; Parameter Store takes at most ${room} in ${region}: choose a shorter --to prefix or shorter names`];
  return [];
}

/** The problems above as one error line, before anything is read or written. */
export function checkParameterNames(parameters: readonly OutputParameter[], region: string, destination: string): void {
  const problems = parameterNameProblems(parameters, region);
  if (problems.length > 0) throw new UserError(`outputs --to ${destination}: ${problems.join("; ")}`);
}
