import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Logger } from "pino";
import { UserError } from "../core/errors.js";
import { CallPolicy } from "./call-policy.js";
import { checkEndpointUrl } from "./errors.js";
import type { RateLimits } from "./quotas.js";

export interface AwsOptions {
  profile?: string;
  /** One endpoint for every service (a local emulator); otherwise the SDK's own resolution. */
  endpointUrl?: string;
  /** Attempts per call (retries with exponential backoff and jitter on throttling and transient errors). */
  maxAttempts?: number;
  /** Overrides of the per-category request rates (requests per second). */
  rateLimits?: Partial<RateLimits>;
  logger: Logger;
}

/** A path as the user wrote it or knows it: under the home directory it starts with ~. */
function shown(path: string): string {
  const home = homedir();
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** Where the SDK reads profiles from; like the SDK, a leading ~/ in the variables is the home directory. */
function sharedFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const expand = (path: string) => (path.startsWith("~/") ? join(homedir(), path.slice(2)) : path);
  return {
    config: expand(env.AWS_CONFIG_FILE || join(homedir(), ".aws", "config")),
    credentials: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), ".aws", "credentials")),
  };
}

/**
 * The profile names an INI file declares. In the config file a profile's section is
 * `[profile NAME]` (only `default` may go without the prefix; `[sso-session X]` and the like are not
 * profiles); in the credentials file it is `[NAME]`.
 */
function profileNames(path: string, kind: "config" | "credentials"): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return new Set();
  }
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*(.+?)\s*\]\s*(?:[#;].*)?$/.exec(line)?.[1];
    if (section === undefined) continue;
    const name = kind === "credentials" ? section : section === "default" ? section : /^profile\s+(.+)$/.exec(section)?.[1];
    if (name !== undefined) names.add(name.replace(/^(["'])(.*)\1$/, "$2"));
  }
  return names;
}

/**
 * A profile that does not exist makes the SDK try every other credential source and fail with "could
 * not load credentials from any providers", which does not say that the profile name is the problem.
 */
function checkProfileExists(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const profile = flag ?? (env.AWS_PROFILE || undefined);
  if (profile === undefined) return;
  const files = sharedFiles(env);
  if (profileNames(files.config, "config").has(profile) || profileNames(files.credentials, "credentials").has(profile)) return;
  const source = flag !== undefined ? "--profile" : "AWS_PROFILE";
  throw new UserError(
    `AWS profile ${JSON.stringify(profile)} is not in ${shown(files.config)} or ${shown(files.credentials)}; check the name given to ${source}, or create the profile with: aws configure --profile ${profile}`,
  );
}

interface SdkClient {
  middlewareStack: {
    add: (middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) => (args: unknown) => Promise<unknown>, options: { step: "initialize"; name: string }) => void;
  };
}

/**
 * One SDK client per service and region, created on first use. Every call is logged at debug level
 * with its operation and duration; nothing else of the request (it may hold secrets) is logged.
 */
export class AwsClients {
  private readonly idpClients = new Map<string, CognitoIdentityProviderClient>();
  private readonly identityClients = new Map<string, CognitoIdentityClient>();
  private readonly iamClients = new Map<string, IAMClient>();
  private readonly ssmClients = new Map<string, SSMClient>();
  private readonly secretsManagerClients = new Map<string, SecretsManagerClient>();

  readonly policy: CallPolicy;

  constructor(readonly options: AwsOptions) {
    if (options.endpointUrl !== undefined) checkEndpointUrl(options.endpointUrl);
    checkProfileExists(options.profile);
    this.policy = new CallPolicy({
      logger: options.logger,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    });
  }

  private config(region: string) {
    return {
      region,
      // Retries are the call policy's, which also rate-limits them; the SDK makes one attempt.
      maxAttempts: 1,
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
    };
  }

  private instrument<T extends object>(client: T): T {
    const logger = this.options.logger;
    (client as unknown as SdkClient).middlewareStack.add(
      (next, context) => async (args) => {
        const operation = context.commandName?.replace(/Command$/, "");
        const started = Date.now();
        try {
          const result = await next(args);
          logger.debug({ operation, ms: Date.now() - started }, "aws call");
          return result;
        } catch (error) {
          logger.debug({ operation, ms: Date.now() - started, error: (error as Error).name }, "aws call failed");
          throw error;
        }
      },
      { step: "initialize", name: "cognitoReconcileCallLog" },
    );
    return client;
  }

  idp(region: string): CognitoIdentityProviderClient {
    let client = this.idpClients.get(region);
    if (!client) {
      client = this.policy.install(this.instrument(new CognitoIdentityProviderClient(this.config(region))), region, "idp");
      this.idpClients.set(region, client);
    }
    return client;
  }

  // Identity pools and IAM are loaded on first use: most runs never need them, and each SDK
  // package adds start-up time to every command.
  async identity(region: string): Promise<CognitoIdentityClient> {
    let client = this.identityClients.get(region);
    if (!client) {
      const { CognitoIdentityClient } = await import("@aws-sdk/client-cognito-identity");
      client = this.policy.install(this.instrument(new CognitoIdentityClient(this.config(region))), region, "identity");
      this.identityClients.set(region, client);
    }
    return client;
  }

  async iam(region: string): Promise<IAMClient> {
    let client = this.iamClients.get(region);
    if (!client) {
      const { IAMClient } = await import("@aws-sdk/client-iam");
      client = this.policy.install(this.instrument(new IAMClient(this.config(region))), region, "iam");
      this.iamClients.set(region, client);
    }
    return client;
  }

  // Parameter Store and Secrets Manager serve only `outputs --to`.
  async ssm(region: string): Promise<SSMClient> {
    let client = this.ssmClients.get(region);
    if (!client) {
      const { SSMClient } = await import("@aws-sdk/client-ssm");
      client = this.policy.install(this.instrument(new SSMClient(this.config(region))), region, "ssm");
      this.ssmClients.set(region, client);
    }
    return client;
  }

  async secretsManager(region: string): Promise<SecretsManagerClient> {
    let client = this.secretsManagerClients.get(region);
    if (!client) {
      const { SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
      client = this.policy.install(this.instrument(new SecretsManagerClient(this.config(region))), region, "secretsmanager");
      this.secretsManagerClients.set(region, client);
    }
    return client;
  }

  /** The region the SDK's chain (AWS_REGION, profile) yields, or undefined when it has none. */
  async defaultRegion(): Promise<string | undefined> {
    const probe = new CognitoIdentityProviderClient(this.options.profile ? { profile: this.options.profile } : {});
    try {
      return await probe.config.region();
    } catch {
      return undefined;
    } finally {
      probe.destroy();
    }
  }

  destroy(): void {
    const all = [...this.idpClients.values(), ...this.identityClients.values(), ...this.iamClients.values(), ...this.ssmClients.values(), ...this.secretsManagerClients.values()];
    for (const client of all) client.destroy();
  }
}
