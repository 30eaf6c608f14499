// Threat protection's risk configuration end to end, against the emulator: the pool's and a
// client's own apply from nothing, plan is then empty, a change made behind the tool's back is
// drift and apply puts it back, and an export of the pool plans as no changes.
import {
  DescribeRiskConfigurationCommand,
  SetRiskConfigurationCommand,
  type CognitoIdentityProviderClient,
  type RiskConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `risk-${suffix}`;
const poolName = `Risk-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const FILE = `${onePoolFileHead(stack, poolName)}    featurePlan: PLUS
    threatProtection: { mode: ENFORCED }
    riskConfiguration:
      compromisedCredentials: { action: BLOCK, events: [SIGN_IN, PASSWORD_CHANGE, SIGN_UP] }
      accountTakeover:
        notify:
          from: security@example.com
          sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com"
          replyTo: help@example.com
          blockEmail: { subject: Blocked sign-in, htmlBody: "<p>We blocked a sign-in to your account.</p>", textBody: We blocked a sign-in to your account. }
          mfaEmail: { subject: Sign-in challenged, textBody: We asked for a second factor. }
        actions:
          low: { notify: false, eventAction: NO_ACTION }
          medium: { notify: true, eventAction: MFA_IF_CONFIGURED }
          high: { notify: true, eventAction: BLOCK }
      ipRanges: { alwaysAllow: [10.0.0.0/8], alwaysBlock: [] }
    clients:
      - name: web
        riskConfiguration:
          compromisedCredentials: { action: NO_ACTION }
          ipRanges: { alwaysBlock: [198.51.100.0/24, 203.0.113.0/24] }
      - name: admin
`;

const cli = (verb: string, file: string, ...flags: string[]) => runCli([verb, "-f", file, "--endpoint-url", endpoint, ...flags]);

async function riskOf(poolId: string, clientId?: string): Promise<RiskConfigurationType> {
  return (await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ...(clientId ? { ClientId: clientId } : {}) }))).RiskConfiguration!;
}

/** SetRiskConfiguration with what Describe answered, changed by `edit`: a console user's change. */
async function changeBehindTheToolsBack(poolId: string, clientId: string | undefined, edit: (live: RiskConfigurationType) => void): Promise<void> {
  const live = await riskOf(poolId, clientId);
  edit(live);
  const { LastModifiedDate: _d, ...settings } = live;
  await idp.send(new SetRiskConfigurationCommand({ ...settings, UserPoolId: poolId, ...(clientId ? { ClientId: clientId } : {}) }));
}

let file = "";
let poolId = "";

beforeAll(async () => {
  idp = idpClient(endpoint);
  file = dir.write("risk.yaml", FILE);
});

describe("riskConfiguration", () => {
  it("applies the pool's and a client's own from nothing; plan then shows no changes", async () => {
    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/riskConfiguration.pool: created`);
    poolId = await userPoolIdNamed(idp, poolName);
    const web = await clientIdNamed(idp, poolId, "web");
    const admin = await clientIdNamed(idp, poolId, "admin");

    const pools = await riskOf(poolId);
    expect(pools.AccountTakeoverRiskConfiguration?.Actions?.HighAction).toEqual({ Notify: true, EventAction: "BLOCK" });
    expect(pools.RiskExceptionConfiguration).toEqual({ SkippedIPRangeList: ["10.0.0.0/8"] });
    const webs = await riskOf(poolId, web);
    expect(webs.ClientId).toBe(web);
    expect(webs.CompromisedCredentialsRiskConfiguration?.Actions).toEqual({ EventAction: "NO_ACTION" });
    expect(webs.RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ["198.51.100.0/24", "203.0.113.0/24"] });
    // A client the file gives none keeps none of its own: it is described with the pool's.
    expect((await riskOf(poolId, admin)).ClientId).toBeUndefined();

    const plan = await cli("plan", file, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("drift finds an account-takeover action and a client's IP list changed with the SDK, and apply puts them back", async () => {
    const web = await clientIdNamed(idp, poolId, "web");
    await changeBehindTheToolsBack(poolId, undefined, (live) => {
      live.AccountTakeoverRiskConfiguration!.Actions!.HighAction = { Notify: false, EventAction: "MFA_REQUIRED" };
    });
    await changeBehindTheToolsBack(poolId, web, (live) => {
      live.RiskExceptionConfiguration = { BlockedIPRangeList: ["198.51.100.0/24"] };
    });

    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`userPool.${poolName}/riskConfiguration.pool`);
    expect(drift.stdout).toContain("accountTakeover.actions.high.eventAction");
    expect(drift.stdout).toContain("accountTakeover.actions.high.notify");
    expect(drift.stdout).toContain(`userPool.${poolName}/client.web`);
    expect(drift.stdout).toContain("riskConfiguration.ipRanges.alwaysBlock");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect((await riskOf(poolId)).AccountTakeoverRiskConfiguration?.Actions?.HighAction).toEqual({ Notify: true, EventAction: "BLOCK" });
    expect((await riskOf(poolId, web)).RiskExceptionConfiguration).toEqual({ BlockedIPRangeList: ["198.51.100.0/24", "203.0.113.0/24"] });

    const after = await cli("drift", file);
    expect(after.code).toBe(0);
  });

  it("export writes the pool's block and the client's own, and plan of the exported file shows no changes", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("    riskConfiguration:\n      compromisedCredentials:\n        action: BLOCK\n");
    expect(exported.stdout).toContain("eventAction: MFA_IF_CONFIGURED");
    // Only web has one of its own; admin's is the pool's and is not written under it.
    expect(exported.stdout.match(/^ {8}riskConfiguration:$/gm)).toHaveLength(1);
    const written = dir.write("exported.yaml", exported.stdout);
    expect((await runCli(["validate", "-f", written])).code).toBe(0);
    const plan = await cli("plan", written, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("riskConfiguration: {} clears the pool's configuration; left out, it is left alone", async () => {
    const cleared = dir.write("cleared.yaml", FILE.replace(/ {4}riskConfiguration:\n(?: {6}.*\n)+/, "    riskConfiguration: {}\n"));
    const plan = await cli("plan", cleared);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`- userPool.${poolName}/riskConfiguration.pool`);
    expect((await cli("apply", cleared, "--auto-approve")).code).toBe(0);
    expect(await riskOf(poolId)).toEqual({ UserPoolId: poolId });

    const unmanaged = dir.write("unmanaged.yaml", FILE.replace(/ {4}riskConfiguration:\n(?: {6}.*\n)+/, ""));
    expect((await cli("apply", file, "--auto-approve")).code).toBe(0);
    const left = await cli("plan", unmanaged, "--detailed-exitcode");
    expect(left.stdout).toContain("No changes.");
    expect(left.code).toBe(0);
    expect((await riskOf(poolId)).CompromisedCredentialsRiskConfiguration).toBeDefined();
  });
});
