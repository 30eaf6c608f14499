// UpdateResourceServer replaces the name and the whole scope list; DeleteResourceServer removes
// the server and answers ResourceNotFoundException for one that does not exist.
import { randomUUID } from "node:crypto";
import {
  CreateResourceServerCommand,
  CreateUserPoolCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  UpdateResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));

describe("resource servers", () => {
  let poolId: string;

  beforeAll(async () => {
    const created = await idp.send(new CreateUserPoolCommand({ PoolName: `rs-${randomUUID().slice(0, 8)}` }));
    poolId = created.UserPool!.Id!;
  });

  it("UpdateResourceServer replaces the name and the whole scope list", async () => {
    await idp.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: "https://api.example.com",
        Name: "API",
        Scopes: [
          { ScopeName: "read", ScopeDescription: "Read" },
          { ScopeName: "write", ScopeDescription: "Write" },
        ],
      }),
    );

    const updated = await idp.send(
      new UpdateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: "https://api.example.com",
        Name: "Orders API",
        Scopes: [{ ScopeName: "admin", ScopeDescription: "Administer" }],
      }),
    );
    const expected = {
      UserPoolId: poolId,
      Identifier: "https://api.example.com",
      Name: "Orders API",
      Scopes: [{ ScopeName: "admin", ScopeDescription: "Administer" }],
    };
    expect(updated.ResourceServer).toEqual(expected);
    const described = await idp.send(
      new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "https://api.example.com" }),
    );
    expect(described.ResourceServer).toEqual(expected);
  });

  it("UpdateResourceServer answers ResourceNotFoundException for an unknown identifier", async () => {
    await expect(
      idp.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: "missing", Name: "Missing" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("DeleteResourceServer removes the server, then answers ResourceNotFoundException", async () => {
    await idp.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "to-delete", Name: "Doomed" }));

    await idp.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: "to-delete" }));

    await expect(
      idp.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: "to-delete" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      idp.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: "to-delete" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
