import { CallPolicy } from "../../src/aws/call-policy.js";
import type { AwsService } from "../../src/aws/quotas.js";
import { silentLogger } from "./in-process.js";

type SdkConfig = { region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };

/**
 * An SDK client as the tool uses it (one SDK attempt, the call policy's retries), with backoff of
 * a millisecond or two, for tests that fake AWS with aws-sdk-client-mock.
 */
export function behindCallPolicy<T extends object>(Client: new (config: SdkConfig) => T, service: AwsService): T {
  const sdk = new Client({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  return new CallPolicy({ logger: silentLogger, baseDelayMs: 1, maxDelayMs: 2 }).install(sdk, "us-east-1", service);
}
