// An identity pool with classicFlow: true applies and then plans no changes (the emulator keeps
// AllowClassicFlow as AWS does).
import { CognitoIdentityClient, DescribeIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import { describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { identityPoolIdNamed } from "../helpers/aws-lists.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const poolName = `Classic-UserPool-${suffix}`;
const identityPoolName = `Classic${suffix}`;
const dir = tempDir();

const file = (classicFlow: boolean) =>
  dir.write(
    `classic-${classicFlow}.yaml`,
    `version: 1
stack: classic-${suffix}
region: us-east-1
userPools:
  - name: ${poolName}
    deletionProtection: false
    clients:
      - name: Web
identityPools:
  - name: ${identityPoolName}
    classicFlow: ${classicFlow}
    providers:
      - { userPool: ${poolName}, client: Web }
    roles:
      authenticated:
        name: ClassicAuth-${suffix}
`,
  );

describe("identity pool classicFlow", () => {
  it("classicFlow: true applies, converges, and can be switched off again", async () => {
    const on = file(true);
    const apply = await runCli(["apply", "-f", on, "--endpoint-url", endpoint, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const plan = await runCli(["plan", "-f", on, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);

    const identity = new CognitoIdentityClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    const id = await identityPoolIdNamed(identity, identityPoolName);
    expect((await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).AllowClassicFlow).toBe(true);

    const off = file(false);
    expect((await runCli(["apply", "-f", off, "--endpoint-url", endpoint, "--auto-approve"])).code).toBe(0);
    expect((await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).AllowClassicFlow).toBe(false);
    expect((await runCli(["plan", "-f", off, "--endpoint-url", endpoint, "--detailed-exitcode"])).code).toBe(0);
  });
});
