// An update of an IAM role changes what the file manages and nothing else: a description, a
// permissions boundary set in IAM by someone else stay as they are.
import { GetRoleCommand, IAMClient, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, UpdateRoleCommand } from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const roleName = `KeepAuth-${suffix}`;
const boundary = "arn:aws:iam::123456789012:policy/team-x-boundary";
const dir = tempDir();
let iam: IAMClient;

function file(maxSessionDuration: number): string {
  return `version: 1
stack: keep-role-${suffix}
region: us-east-1
userPools:
  - name: KeepRolePool-${suffix}
    deletionProtection: false
    clients:
      - name: Web
identityPools:
  - name: KeepRoleIdPool${suffix}
    providers:
      - { userPool: KeepRolePool-${suffix}, client: Web }
    roles:
      authenticated:
        name: ${roleName}
        maxSessionDuration: ${maxSessionDuration}
        inlinePolicies:
          read:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::bucket/*" }
`;
}

const args = (path: string) => ["-f", path, "--endpoint-url", endpoint];
const role = async () => (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;

beforeAll(async () => {
  iam = new IAMClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const apply = await runCli(["apply", ...args(dir.write("role.yaml", file(3600))), "--auto-approve"]);
  expect(apply.stderr).toBe("");
  expect(apply.code).toBe(0);
});

/** Settings the file says nothing about, set in IAM by another team. */
async function setUnmanaged(maxSessionDuration: number): Promise<void> {
  await iam.send(new UpdateRoleCommand({ RoleName: roleName, Description: "Owned by team X", MaxSessionDuration: maxSessionDuration }));
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: boundary }));
}

describe("a role without description in the file, given one in IAM", () => {
  it("drift does not report the description; removing an extra inline policy keeps it and the boundary", async () => {
    await setUnmanaged(3600);
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "extra", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] }) }),
    );
    const path = dir.write("role-again.yaml", file(3600));
    const drift = await runCli(["plan", ...args(path), "--detailed-exitcode"]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain("inlinePolicies.extra");
    expect(drift.stdout).not.toContain("description");

    const apply = await runCli(["apply", ...args(path), "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const after = await role();
    expect(after.Description).toBe("Owned by team X");
    expect(after.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);
    expect((await runCli(["plan", ...args(path), "--detailed-exitcode"])).code).toBe(0);
  });

  it("changing maxSessionDuration changes it and keeps the description and the boundary", async () => {
    await setUnmanaged(3600);
    const path = dir.write("role-longer.yaml", file(7200));
    const apply = await runCli(["apply", ...args(path), "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain("maxSessionDuration");
    const after = await role();
    expect(after.MaxSessionDuration).toBe(7200);
    expect(after.Description).toBe("Owned by team X");
    expect(after.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundary);
    expect((await runCli(["plan", ...args(path), "--detailed-exitcode"])).code).toBe(0);
  });
});
