import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { readRole } from "../../src/kinds/iam-role/aws.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";

/**
 * A role named only on an identity pool (its attachment or its record of the roles the stack made)
 * may be gone, or not the stack's. The generated policies read such roles only when they carry the
 * stack's tag, so IAM answers AccessDenied there; that must read as "not ours", while a role the
 * file declares stays an error the user has to see.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const iamMock = mockClient(IAMClient);
const denied = Object.assign(new Error("User is not authorized to perform: iam:GetRole on resource: role Gone"), { name: "AccessDenied", $metadata: {} });

afterEach(() => iamMock.reset());

describe("readRole", () => {
  it("reads a role found on a pool that IAM refuses to show as absent", async () => {
    iamMock.on(GetRoleCommand, { RoleName: "Gone" }).rejects(denied);
    await expect(readRole(new IAMClient({ region: "us-east-1" }), "Gone", true)).resolves.toBeUndefined();
    expect(iamMock.commandCalls(ListRolePoliciesCommand)).toHaveLength(0);
  });

  it("still fails, naming the operation, when IAM refuses a role the file declares", async () => {
    iamMock.on(GetRoleCommand, { RoleName: "Declared" }).rejects(denied);
    const read = readRole(new IAMClient({ region: "us-east-1" }), "Declared");
    await expect(read).rejects.toBeInstanceOf(UserError);
    await expect(read).rejects.toThrow(/GetRole/);
  });

  it("reads a role found on a pool that IAM shows", async () => {
    iamMock.on(GetRoleCommand, { RoleName: "Tagged" }).resolves({
      Role: { RoleName: "Tagged", Arn: "arn:aws:iam::123456789012:role/Tagged", Path: "/", RoleId: "AROA", CreateDate: new Date(), AssumeRolePolicyDocument: "{}", Tags: [{ Key: STACK_TAG, Value: "s" }] },
    });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const role = await readRole(new IAMClient({ region: "us-east-1" }), "Tagged", true);
    expect(role?.stackTag).toBe("s");
  });
});
