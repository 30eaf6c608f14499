// A role may attach AWS managed policies by ARN. They exist in every AWS account, and the emulator
// (the same launcher as `npm run emulator`) has them too, so such a file applies here as it does there.
import { IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const roleName = `ManagedAuth-${suffix}`;
const POLICY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const dir = tempDir();
const iam = new IAMClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
afterAll(() => iam.destroy());

const file = (pools: boolean) => `version: 1
stack: managed-policy-${suffix}
region: us-east-1
userPools:${pools ? "" : " []"}
${
  pools
    ? `  - name: ManagedPolicyPool-${suffix}
    deletionProtection: false
    clients:
      - name: Web
identityPools:
  - name: ManagedPolicyIdPool${suffix}
    providers:
      - { userPool: ManagedPolicyPool-${suffix}, client: Web }
    roles:
      authenticated:
        name: ${roleName}
        managedPolicyArns: [${POLICY}]
`
    : "identityPools: []\n"
}`;

describe("a role with an AWS managed policy", () => {
  it("applies, attaches the policy, plans no changes, and is removed again", async () => {
    const path = dir.write("managed.yaml", file(true));
    const apply = await runCli(["apply", "-f", path, "--endpoint-url", endpoint, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([POLICY]);

    const plan = await runCli(["plan", "-f", path, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.code, plan.stdout).toBe(0);

    const remove = await runCli(["apply", "-f", dir.write("none.yaml", file(false)), "--endpoint-url", endpoint, "--auto-approve", "--allow-destroy"]);
    expect(remove.stderr).toBe("");
    expect(remove.code).toBe(0);
  });
});
