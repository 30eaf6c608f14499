// Log delivery and the domain's managed login version end to end, against the emulator: both
// apply from nothing, plan is then empty, a change made behind the tool's back is drift (exit 2)
// and apply puts it back, logDelivery: [] removes the configuration, and an export of the pool
// plans as no changes.
import {
  DescribeUserPoolDomainCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  UpdateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
  type LogConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `logs-${suffix}`;
const poolName = `Logs-${suffix}`;
const prefix = `logs-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/myapp";
const BUCKET = "arn:aws:s3:::myapp-cognito-logs";
const STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-activity";

const LOG_DELIVERY = `    logDelivery:
      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "${LOG_GROUP}" }
      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}" }
`;

const FILE = `${onePoolFileHead(stack, poolName)}    featurePlan: PLUS
    threatProtection: { mode: ENFORCED }
${LOG_DELIVERY}    domain: { prefix: ${prefix}, managedLoginVersion: 2 }
`;

const cli = (verb: string, file: string, ...flags: string[]) => runCli([verb, "-f", file, "--endpoint-url", endpoint, ...flags]);

async function logDeliveryOf(poolId: string): Promise<LogConfigurationType[]> {
  return (await idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration?.LogConfigurations ?? [];
}

async function loginVersionOf(domain: string): Promise<number | undefined> {
  return (await idp.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription?.ManagedLoginVersion;
}

/** The same list regardless of the order AWS keeps it in. */
const bySource = (list: LogConfigurationType[]) => [...list].sort((a, b) => (a.EventSource ?? "").localeCompare(b.EventSource ?? ""));

let file = "";
let poolId = "";

beforeAll(async () => {
  idp = idpClient(endpoint);
  file = dir.write("logs.yaml", FILE);
});

describe("logDelivery", () => {
  it("applies the whole list and the domain's managed login version from nothing; plan then shows no changes", async () => {
    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/logDelivery.pool: created`);
    poolId = await userPoolIdNamed(idp, poolName);

    expect(bySource(await logDeliveryOf(poolId))).toEqual([
      { EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: BUCKET } },
      { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } },
    ]);
    expect(await loginVersionOf(prefix)).toBe(2);

    const plan = await cli("plan", file, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("drift finds a destination moved with the SDK, and apply puts the whole list back", async () => {
    await idp.send(
      new SetLogDeliveryConfigurationCommand({
        UserPoolId: poolId,
        LogConfigurations: [{ EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } }],
      }),
    );

    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`userPool.${poolName}/logDelivery.pool`);
    expect(drift.stdout).toContain("userAuthEvents.firehoseStreamArn");
    expect(drift.stdout).toContain("userAuthEvents.s3BucketArn");
    expect(drift.stdout).toContain("userNotification");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(bySource(await logDeliveryOf(poolId))).toEqual([
      { EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: BUCKET } },
      { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } },
    ]);
    expect((await cli("drift", file)).code).toBe(0);
  });

  it("export writes the list and the domain's version, and plan of the exported file shows no changes", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("    logDelivery:\n      - eventSource: userNotification\n        logLevel: ERROR\n");
    expect(exported.stdout).toContain(`        s3BucketArn: ${BUCKET}\n`);
    expect(exported.stdout).toContain(`      prefix: ${prefix}\n      managedLoginVersion: 2\n`);
    const written = dir.write("exported.yaml", exported.stdout);
    expect((await runCli(["validate", "-f", written])).code).toBe(0);
    const plan = await cli("plan", written, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("logDelivery: [] removes the configuration; left out, it is left alone", async () => {
    const cleared = dir.write("cleared.yaml", FILE.replace(LOG_DELIVERY, "    logDelivery: []\n"));
    const plan = await cli("plan", cleared);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`- userPool.${poolName}/logDelivery.pool`);
    const applied = await cli("apply", cleared, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(await logDeliveryOf(poolId)).toEqual([]);
    const again = await cli("plan", cleared, "--detailed-exitcode");
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);

    expect((await cli("apply", file, "--auto-approve")).code).toBe(0);
    const unmanaged = dir.write("unmanaged.yaml", FILE.replace(LOG_DELIVERY, ""));
    const left = await cli("plan", unmanaged, "--detailed-exitcode");
    expect(left.stdout).toContain("No changes.");
    expect(left.code).toBe(0);
    expect(await logDeliveryOf(poolId)).toHaveLength(2);
  });
});

describe("domain.managedLoginVersion", () => {
  it("drift finds the classic hosted UI set back with the SDK, and apply changes the domain in place", async () => {
    await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 1 }));

    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`~ userPool.${poolName}/domain.${prefix}`);
    expect(drift.stdout).toContain("managedLoginVersion: 1 -> 2");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toContain(`-/+ userPool.${poolName}/domain.${prefix}`);
    expect(await loginVersionOf(prefix)).toBe(2);
    expect((await cli("drift", file)).code).toBe(0);
  });

  it("left out of the file, the live version is kept and not drift", async () => {
    await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ManagedLoginVersion: 1 }));
    const unmanaged = dir.write("version-unmanaged.yaml", FILE.replace(", managedLoginVersion: 2", ""));
    const drift = await cli("drift", unmanaged);
    expect(drift.stdout).toContain("No drift");
    expect(drift.code).toBe(0);
    expect(await loginVersionOf(prefix)).toBe(1);
  });
});
