// signIn.caseSensitive defaults to false (README): a pool created from a file without signIn has
// case-insensitive usernames; an existing pool the file says nothing about keeps its own setting.
import { CreateUserPoolCommand, DescribeUserPoolCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { userPoolIdNamed } from "../helpers/aws-lists.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const file = (stack: string, pool: string) => `${onePoolFileHead(stack, pool)}    passwordPolicy: { minimumLength: 10 }
`;

async function poolIdOf(name: string): Promise<string> {
  return userPoolIdNamed(idp, name);
}

beforeAll(() => {
  idp = idpClient(endpoint);
});

describe("a pool file without signIn", () => {
  it("creates the pool with case-insensitive usernames, and the next plan shows no changes", async () => {
    const pool = `CaseDefault-${suffix}`;
    const path = dir.write("new.yaml", file(`case-new-${suffix}`, pool));
    const apply = await runCli(["apply", "-f", path, "--endpoint-url", endpoint, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: await poolIdOf(pool) }));
    expect(described.UserPool?.UsernameConfiguration).toEqual({ CaseSensitive: false });
    const plan = await runCli(["plan", "-f", path, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stdout).not.toContain("signIn");
    expect(plan.code).toBe(0);
  });

  it("leaves an existing case-sensitive pool of the stack alone: no replacement, no change", async () => {
    const pool = `CaseKept-${suffix}`;
    const stack = `case-kept-${suffix}`;
    // Made without UsernameConfiguration, as older tools and the console once did: case sensitive.
    await idp.send(new CreateUserPoolCommand({ PoolName: pool, DeletionProtection: "INACTIVE", Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true, RequireLowercase: true, TemporaryPasswordValidityDays: 7 } }, UserPoolTags: { [STACK_TAG]: stack } }));
    const path = dir.write("kept.yaml", file(stack, pool));
    const plan = await runCli(["plan", "-f", path, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).not.toContain("replace");
    expect(plan.code).toBe(0);
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: await poolIdOf(pool) }));
    expect(described.UserPool?.UsernameConfiguration?.CaseSensitive ?? true).toBe(true);
  });
});
