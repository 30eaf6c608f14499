import type { Logger } from "pino";
import { AwsClients } from "../aws/clients.js";
import type { LoadedConfig } from "../config/load.js";
import { UserError } from "../core/errors.js";
import { resolveTargets, type Targets } from "../config/targets.js";
import { buildPlan, type BuiltPlan } from "../plan/build-plan.js";
import { readState } from "./read-state.js";
import type { RateLimits } from "../aws/quotas.js";

export interface CommonOptions {
  files: readonly string[];
  region?: string;
  profile?: string;
  endpointUrl?: string;
  adopt: boolean;
  allowDestroy: boolean;
  allowReplace: boolean;
  concurrency: number;
  rateLimit?: Partial<RateLimits>;
}

export interface PlannedRun extends BuiltPlan {
  config: LoadedConfig;
  aws: AwsClients;
  region: string;
  targets: Targets;
}

/**
 * The region pools live in when neither the pool nor the file says: --region, else the SDK chain.
 * A --region that contradicts the file's region is an error rather than a silent override, so a
 * file is never applied to a region it does not name.
 */
export async function resolveRegion(config: LoadedConfig, options: Pick<CommonOptions, "region">, aws: AwsClients): Promise<string> {
  const fileRegion = config.state.region;
  if (fileRegion && options.region && fileRegion !== options.region) {
    throw new UserError(`--region ${options.region} contradicts region: ${fileRegion} in ${config.file}; drop one of them`);
  }
  const region = fileRegion ?? options.region ?? (await aws.defaultRegion());
  if (!region) throw new UserError(`no AWS region: set region: in ${config.file}, pass --region, or set AWS_REGION`);
  return region;
}

/** The AWS clients every command that talks to AWS uses, from its flags. */
export function awsClientsFor(options: Pick<CommonOptions, "profile" | "endpointUrl" | "rateLimit">, logger: Logger): AwsClients {
  return new AwsClients({
    logger,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.rateLimit ? { rateLimits: options.rateLimit } : {}),
  });
}

/** validated file -> live read -> plan. Shared by plan, drift and apply. */
export async function planFromConfig(config: LoadedConfig, options: CommonOptions, logger: Logger): Promise<PlannedRun> {
  const aws = awsClientsFor(options, logger);
  try {
    const region = await resolveRegion(config, options, aws);
    const targets = resolveTargets(config.state, region);
    logger.info({ stack: config.state.stack, region }, "reading live state");
    const read = await readState(aws, targets, { stack: config.state.stack, adopt: options.adopt, findOrphans: options.allowDestroy });
    const built = buildPlan(config.state, read, { allowDestroy: options.allowDestroy, allowReplace: options.allowReplace, adopt: options.adopt, defaultRegion: region });
    return { ...built, config, aws, region, targets };
  } catch (error) {
    aws.destroy();
    throw error;
  }
}
