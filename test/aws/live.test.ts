import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CognitoIdentityProviderClient, DescribeUserPoolCommand, ListUserPoolsCommand, UpdateGroupCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";


/**
 * The check to run before a release, against a real account: examples/myapp.yaml as a throwaway
 * stack with unique names is applied, planned (no changes), drifted, detected, destroyed, and
 * checked to be gone. Runs only with AWS credentials and COGNITO_RECONCILE_LIVE=1.
 */
const enabled = process.env.COGNITO_RECONCILE_LIVE === "1" && (process.env.AWS_PROFILE !== undefined || process.env.AWS_ACCESS_KEY_ID !== undefined);
const unique = `live${Date.now().toString(36)}`;
const region = process.env.AWS_REGION ?? "us-east-1";
const dir = tempDir();

function throwawayFile(options: { deletionProtection: boolean; empty?: boolean }): string {
  if (options.empty) return dir.write("empty.yaml", `version: 1\nstack: ${unique}\nregion: ${region}\nuserPools: []\nidentityPools: []\n`);
  const text = readFileSync(join(import.meta.dirname, "..", "..", "examples", "myapp.yaml"), "utf8")
    .replace(/^stack: .*$/m, `stack: ${unique}`)
    .replace(/^region: .*$/m, `region: ${region}`)
    .replace(/MyApp-UserPool/g, `MyApp-UserPool-${unique}`)
    .replace(/MyAppIdentityPool/g, `MyAppIdentityPool${unique}`)
    .replace(/Cognito_MyAppIdentityPoolAuth_Role/g, `Cognito_${unique}_Auth_Role`)
    .replace(/myapp-dev-auth/g, `${unique}-auth`)
    .replace(/deletionProtection: true/g, `deletionProtection: ${options.deletionProtection}`)
    // The example emails its users an invitation; a test account sends none to example.com.
    .replace(/^( +)groups: \[(admin|user)\]$/gm, "$1groups: [$2]\n$1invitation: suppress");
  return dir.write("live.yaml", text);
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ADMIN_TEMP_PASSWORD: `Tmp-${unique}-A1!`, USER_TEMP_PASSWORD: `Tmp-${unique}-U1!` };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!enabled)("against a real AWS account (COGNITO_RECONCILE_LIVE=1)", () => {
  const idp = new CognitoIdentityProviderClient({ region });
  const identity = new CognitoIdentityClient({ region });
  const iam = new IAMClient({ region });
  let destroyed = false;

  afterAll(async () => {
    // Whatever happened above, leave nothing behind.
    if (!destroyed) {
      await cli(["apply", "-f", throwawayFile({ deletionProtection: false }), "--auto-approve"]);
      await cli(["apply", "-f", throwawayFile({ deletionProtection: false, empty: true }), "--auto-approve", "--allow-destroy"]);
    }
  });

  it("applies the example, then plan shows no changes", async () => {
    const apply = await cli(["apply", "-f", throwawayFile({ deletionProtection: false }), "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect((await cli(["plan", "-f", throwawayFile({ deletionProtection: false }), "--detailed-exitcode"])).code).toBe(0);
  });

  it("finds drift made with the SDK, and apply repairs it", async () => {
    const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const id = pools.UserPools!.find((p) => p.Name === `MyApp-UserPool-${unique}`)!.Id!;
    await idp.send(new UpdateGroupCommand({ UserPoolId: id, GroupName: "admin", Precedence: 99, Description: "Administrators with full access" }));
    const drift = await cli(["drift", "-f", throwawayFile({ deletionProtection: false })]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("precedence: 99 -> 1");
    expect((await cli(["apply", "-f", throwawayFile({ deletionProtection: false }), "--auto-approve"])).code).toBe(0);
  });

  it("destroys everything and nothing is left", async () => {
    const destroy = await cli(["apply", "-f", throwawayFile({ deletionProtection: false, empty: true }), "--auto-approve", "--allow-destroy"]);
    expect(destroy.code).toBe(0);
    destroyed = true;
    const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    for (const p of pools.UserPools ?? []) {
      if (!p.Name?.includes(unique)) continue;
      const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: p.Id })).catch(() => undefined);
      expect(described?.UserPool).toBeUndefined();
    }
    const identityPools = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    expect((identityPools.IdentityPools ?? []).filter((p) => p.IdentityPoolName?.includes(unique))).toEqual([]);
    await expect(iam.send(new GetRoleCommand({ RoleName: `Cognito_${unique}_Auth_Role` }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });
});
