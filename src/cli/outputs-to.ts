import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import type { Logger } from "pino";
import type { AwsClients } from "../aws/clients.js";
import { loadConfig } from "../config/load.js";
import { PlanError, UserError } from "../core/errors.js";
import { createSecret, putSecretValue, readSecret } from "../outputs/aws-secrets-manager.js";
import { deleteParameters, readParameters, stackParametersUnder, writeParameter } from "../outputs/aws-ssm.js";
import { parameterChanges, parameterType, secretChange, staleParameters } from "../outputs/changes.js";
import { describeDestination, type Destination } from "../outputs/destination.js";
import { checkParameterNames, leftOutSecretNames, outputParameters } from "../outputs/parameters.js";
import { withoutValues } from "../outputs/redact.js";
import { renderOutputs, type OutputsDocument } from "../render/outputs.js";
import { awsClientsFor } from "../run/plan-run.js";
import type { Output } from "./commands.js";
import { readOutputs, type OutputsOptions } from "./outputs.js";

export interface OutputsToOptions extends OutputsOptions {
  to: Destination;
  kmsKeyId?: string;
  prune: boolean;
}

/** Parameters written at once; the call policy paces PutParameter at its quota whatever this is. */
const WRITES_AT_ONCE = 4;

/** Every client secret of the document: the values no message may carry. */
function secretValues(document: OutputsDocument): string[] {
  return Object.values(document.userPools).flatMap((pool) => Object.values(pool.clients).flatMap((c) => (c.clientSecret === undefined ? [] : [c.clientSecret])));
}

/**
 * `outputs --to`: reads the outputs as `outputs` prints them, then writes them where applications
 * read them, in the run's region. stdout gets a summary with names only, never a value.
 */
export async function writeOutputsTo(options: OutputsToOptions, io: Output, logger: Logger): Promise<number> {
  const config = await loadConfig(options.files);
  const aws = awsClientsFor(options, logger);
  let secrets: string[] = [];
  try {
    const { document, region, secretsLeftOut } = await readOutputs(config, options, aws);
    secrets = secretValues(document);
    if (secretsLeftOut > 0) {
      const whose = secretsLeftOut === 1 ? "1 client" : `${secretsLeftOut} clients`;
      io.err(`note: left out the client secrets of ${whose}; pass --show-secrets to write them as well\n`);
    }
    const where = `${describeDestination(options.to)} in ${region}`;
    const write = { stack: document.stack, ...(options.kmsKeyId !== undefined ? { kmsKeyId: options.kmsKeyId } : {}) };
    if (options.to.service === "ssm") await toParameterStore(aws, document, { prefix: options.to.prefix, region, where, prune: options.prune, ...write }, io);
    else await toSecretsManager(aws, document, { name: options.to.name, region, where, showSecrets: options.showSecrets, ...write }, io);
    return 0;
  } catch (error) {
    throw withoutValues(error, secrets);
  } finally {
    aws.destroy();
  }
}

interface ParameterStoreTarget {
  prefix: string;
  region: string;
  where: string;
  stack: string;
  prune: boolean;
  kmsKeyId?: string;
}

/**
 * Reads every name first (values and stack tags), refuses before writing anything when one of them
 * is not this stack's, then writes only what is new or changed. The writes are printed in the
 * document's order once all have ended; a failed one ends the run only then, so a second run has
 * only the rest to do.
 */
async function toParameterStore(aws: AwsClients, document: OutputsDocument, target: ParameterStoreTarget, io: Output): Promise<void> {
  const wanted = outputParameters(document, target.prefix);
  checkParameterNames(wanted, target.region, describeDestination({ service: "ssm", prefix: target.prefix }));
  const ssm = await aws.ssm(target.region);
  const stored = await readParameters(
    ssm,
    wanted.map((p) => p.name),
    { decrypt: wanted.some((p) => p.secure) },
  );
  const changes = parameterChanges(wanted, stored, target.stack);
  if (changes.refusals.length > 0) throw new PlanError(changes.refusals);

  const writes = [...changes.create.map((p) => ({ parameter: p, action: "create" as const })), ...changes.update.map((p) => ({ parameter: p, action: "update" as const }))];
  writes.sort((a, b) => wanted.indexOf(a.parameter) - wanted.indexOf(b.parameter));
  const limit = pLimit(WRITES_AT_ONCE);
  const options = { stack: target.stack, ...(target.kmsKeyId !== undefined ? { kmsKeyId: target.kmsKeyId } : {}) };
  const results = await Promise.allSettled(writes.map((w) => limit(() => writeParameter(ssm, w.parameter, w.action, options))));
  let written = 0;
  results.forEach((result, i) => {
    const { parameter, action } = writes[i]!;
    if (result.status === "rejected") return;
    written += 1;
    io.out(`${action === "create" ? "+" : "~"} ${parameter.name} (${parameterType(parameter)})\n`);
  });
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;

  // Written before anything goes, as an apply creates before it deletes.
  const stale = staleParameters(await stackParametersUnder(ssm, target.prefix, target.stack), wanted, leftOutSecretNames(document, target.prefix));
  if (target.prune) {
    await deleteParameters(ssm, stale);
    for (const name of stale) io.out(`- ${name}\n`);
  } else if (stale.length > 0) {
    const these = stale.length === 1 ? "1 parameter" : `${stale.length} parameters`;
    io.err(`note: ${these} under ${target.where} written by stack "${target.stack}" ${stale.length === 1 ? "is" : "are"} no longer an output (${stale.join(", ")}); --prune deletes ${stale.length === 1 ? "it" : "them"}\n`);
  }
  io.out(`${target.where}: ${written} written, ${changes.unchanged.length} unchanged${target.prune ? `, ${stale.length} deleted` : ""}\n`);
}

interface SecretsManagerTarget {
  name: string;
  region: string;
  where: string;
  stack: string;
  showSecrets: boolean;
  kmsKeyId?: string;
}

/** The document as `outputs --format json` prints it, as the secret's one value. */
async function toSecretsManager(aws: AwsClients, document: OutputsDocument, target: SecretsManagerTarget, io: Output): Promise<void> {
  const value = renderOutputs(document, "json");
  const sm = await aws.secretsManager(target.region);
  const stored = await readSecret(sm, target.name, target.stack);
  const change = secretChange(target.name, value, stored, target.stack, { secretsIncluded: target.showSecrets });
  const options = { stack: target.stack, token: randomUUID(), ...(target.kmsKeyId !== undefined ? { kmsKeyId: target.kmsKeyId } : {}) };
  switch (change.action) {
    case "refuse":
      throw new UserError(change.reason);
    case "create":
      await createSecret(sm, target.name, value, options);
      return io.out(`${target.where}: created\n`);
    case "update":
      await putSecretValue(sm, change.arn, target.name, value, options);
      return io.out(`${target.where}: updated (a new current version)\n`);
    case "unchanged":
      return io.out(`${target.where}: unchanged\n`);
  }
}
