// AdminUpdateUserAttributes refuses an email another user of an email-sign-in pool has, and accepts
// a user's own email written back (moto refused that too).
import { randomUUID } from "node:crypto";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

describe("AdminUpdateUserAttributes in an email-sign-in pool", () => {
  it("accepts the user's own email, refuses another user's", async () => {
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: `attrs-${randomUUID().slice(0, 8)}`, UsernameAttributes: ["email"] }));
    const UserPoolId = pool.UserPool!.Id!;
    const create = (email: string) =>
      idp.send(new AdminCreateUserCommand({ UserPoolId, Username: email, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: email }] }));
    await create("ann@example.com");
    await create("bob@example.com");

    await idp.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId, Username: "ann@example.com", UserAttributes: [{ Name: "email", Value: "ann@example.com" }, { Name: "name", Value: "Ann" }] }),
    );
    const ann = await idp.send(new AdminGetUserCommand({ UserPoolId, Username: "ann@example.com" }));
    expect(ann.UserAttributes?.find((a) => a.Name === "name")?.Value).toBe("Ann");

    await expect(
      idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: "ann@example.com", UserAttributes: [{ Name: "email", Value: "bob@example.com" }] })),
    ).rejects.toMatchObject({ name: "AliasExistsException" });
  });
});
