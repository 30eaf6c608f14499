import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpdateGroupCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { userPoolIdNamed } from "../helpers/aws-lists.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const poolName = `Saved-${suffix}`;
const dir = tempDir();
const SECRET = `idp-secret-${suffix}`;
const PASSWORD = `Temp-${suffix}-Pa55!`;
const env = { SAVED_IDP_SECRET: SECRET, SAVED_TEMP_PASSWORD: PASSWORD };
let idp: CognitoIdentityProviderClient;

function file(minimumLength: number): string {
  return `version: 1
stack: saved-${suffix}
region: us-east-1
userPools:
  - name: ${poolName}
    deletionProtection: false
    passwordPolicy: { minimumLength: ${minimumLength} }
    identityProviders:
      - name: Google
        type: Google
        details: { client_id: "abc.apps.googleusercontent.com", authorize_scopes: "openid email" }
        clientSecret: "\${env:SAVED_IDP_SECRET}"
    groups:
      - { name: admin, precedence: 1 }
    users:
      - username: alice
        attributes: { email: alice@example.com }
        temporaryPassword: "\${env:SAVED_TEMP_PASSWORD}"
        invitation: suppress
`;
}

dir.write("saved.yaml", file(10));
const cli = (args: string[]) => runCli(args, { cwd: dir.path, env });

beforeAll(() => {
  idp = idpClient(endpoint);
});

describe("saved plans", () => {
  it("a reviewed plan applies when nothing moved, and a second apply of it is a no-op", async () => {
    const plan = await cli(["plan", "-f", "saved.yaml", "--endpoint-url", endpoint, "--out", "first.json"]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain("Saved the plan to first.json");
    const saved = readFileSync(`${dir.path}/first.json`, "utf8");
    expect(saved).not.toContain(SECRET);
    expect(saved).not.toContain(PASSWORD);
    const document = JSON.parse(saved) as { files: { path: string; sha256: string }[]; stack: string; region: string; toolVersion: string; fingerprints: Record<string, string> };
    expect(document.files.map((file) => file.path)).toEqual(["saved.yaml"]);
    expect(document.stack).toBe(`saved-${suffix}`);
    expect(document.region).toBe("us-east-1");
    expect(Object.keys(document.fingerprints).sort()).toEqual(
      [`userPool.${poolName}`, `userPool.${poolName}/identityProvider.Google`, `userPool.${poolName}/group.admin`, `userPool.${poolName}/user.alice`].sort(),
    );

    const apply = await cli(["apply", "first.json", "--endpoint-url", endpoint]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain("live state matches the file");
    expect(apply.stdout + apply.stderr).not.toContain(SECRET);

    const again = await cli(["apply", "first.json", "--endpoint-url", endpoint]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Nothing to do: live state of stack "saved-${suffix}" already matches the file.\n`);
  });

  it("exits 3 naming the group that changed behind the plan's back", async () => {
    dir.write("saved.yaml", file(12));
    expect((await cli(["plan", "-f", "saved.yaml", "--endpoint-url", endpoint, "--out", "second.json"])).code).toBe(0);
    const poolId = await userPoolIdNamed(idp, poolName);
    await idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "admin", Precedence: 7 }));

    const stale = await cli(["apply", "second.json", "--endpoint-url", endpoint]);
    expect(stale.code).toBe(3);
    expect(stale.stderr).toBe(`error: the saved plan is stale: live state changed since it was made for userPool.${poolName}/group.admin; make a new plan and review it again\n`);
  });

  it("exits 3 when the file changed since the plan, and 1 when a secret it needs is missing", async () => {
    expect((await cli(["plan", "-f", "saved.yaml", "--endpoint-url", endpoint, "--out", "third.json"])).code).toBe(0);
    const missing = await runCli(["apply", "third.json", "--endpoint-url", endpoint], { cwd: dir.path, env: { SAVED_IDP_SECRET: SECRET } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/saved\.yaml:\d+:\d+: environment variable SAVED_TEMP_PASSWORD is not set/);

    dir.write("saved.yaml", file(14));
    const changed = await cli(["apply", "third.json", "--endpoint-url", endpoint]);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toBe("error: the saved plan is stale: saved.yaml changed since it was made; make a new plan\n");

    // Changed into a file that no longer validates: still stale (the bytes are checked before parsing).
    dir.write("saved.yaml", "version: 1\nstack: [\n");
    const broken = await cli(["apply", "third.json", "--endpoint-url", endpoint]);
    expect({ code: broken.code, stderr: broken.stderr }).toEqual({ code: 3, stderr: "error: the saved plan is stale: saved.yaml changed since it was made; make a new plan\n" });
    const elsewhere = await runCli(["apply", join(dir.path, "third.json"), "--endpoint-url", endpoint], { cwd: tmpdir(), env: { SAVED_IDP_SECRET: SECRET } });
    expect({ code: elsewhere.code, stderr: elsewhere.stderr }).toEqual({
      code: 1,
      stderr: `error: ${join(dir.path, "third.json")} plans saved.yaml, which does not exist here; run apply from the directory plan ran in\n`,
    });
    dir.write("saved.yaml", file(14));
  });

  it("refuses a file that is not a saved plan, and both a plan and -f", async () => {
    const notPlan = await cli(["apply", "saved.yaml", "--endpoint-url", endpoint]);
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toBe("error: saved.yaml is not a saved plan; to apply a desired-state file use: cognito-reconcile apply -f saved.yaml\n");
    const both = await cli(["apply", "first.json", "-f", "saved.yaml", "--endpoint-url", endpoint]);
    expect(both.code).toBe(1);
  });

  it("refuses a plan of the format before plans carried their own hash", async () => {
    const document = JSON.parse(readFileSync(`${dir.path}/first.json`, "utf8")) as Record<string, unknown>;
    expect(document.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const { contentSha256: _hash, ...withoutHash } = document;
    dir.write("old-format.json", JSON.stringify({ ...withoutHash, formatVersion: 1 }));
    const old = await cli(["apply", "old-format.json", "--endpoint-url", endpoint]);
    expect({ code: old.code, stderr: old.stderr }).toEqual({ code: 1, stderr: "error: old-format.json: saved plan format 1 is not supported by this version; make the plan again\n" });
  });
});
