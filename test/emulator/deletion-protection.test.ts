// DeleteUserPool refuses a pool whose deletion protection is active, as on AWS.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

describe("DeleteUserPool with deletion protection", () => {
  it("fails with InvalidParameterException while protection is ACTIVE and succeeds once INACTIVE", async () => {
    const created = await idp.send(
      new CreateUserPoolCommand({ PoolName: `protected-${randomUUID().slice(0, 8)}`, DeletionProtection: "ACTIVE" }),
    );
    const poolId = created.UserPool!.Id!;

    await expect(idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/deletion protection is activated/i),
    });
    const still = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(still.UserPool?.DeletionProtection).toBe("ACTIVE");

    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeletionProtection: "INACTIVE" }));
    await idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
