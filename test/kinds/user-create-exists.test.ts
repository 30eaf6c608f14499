import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  InternalErrorException,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { userEffects } from "../../src/kinds/user/aws.js";
import type { UserSpec } from "../../src/kinds/user/model.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * AdminCreateUser meeting an existing user. On a retry after a lost answer that user is this
 * create's own and is brought to the file; on a first attempt it is someone else's (a name or an
 * email already taken), and the create stops instead of touching that account. moto never answers
 * AliasExists for a create of another name, so a fake does.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const idpMock = mockClient(CognitoIdentityProviderClient);
const POOL = "us-east-1_Users";
const meta = { $metadata: { httpStatusCode: 400 } };
const desired: UserSpec = { username: "ann@example.com", attributes: { email: "ann@example.com" }, enabled: true, groups: ["admin"], invitation: "suppress" };

const operations = () => idpMock.calls().map((call) => (call.args[0] as unknown as { constructor: { name: string } }).constructor.name.replace(/Command$/, ""));

beforeEach(() => {
  idpMock.reset();
  idpMock.on(AdminUpdateUserAttributesCommand).resolves({});
  idpMock.on(AdminAddUserToGroupCommand).resolves({});
});
afterEach(() => idpMock.reset());

describe("AdminCreateUser meeting an existing user", () => {
  it("on the first attempt (UsernameExists) stops with what to do, and changes nothing", async () => {
    idpMock.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: "User account already exists", ...meta }));
    const error = await userEffects.create(behindCallPolicy(CognitoIdentityProviderClient, "idp"), POOL, { ...desired }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `AdminCreateUser (${POOL} ann@example.com): a user of this name was created since the plan was read; run plan again (UsernameExistsException)`,
    );
    expect(operations()).toEqual(["AdminCreateUser"]);
  });

  it("on the first attempt (AliasExists) stops naming renamedFrom, and changes nothing", async () => {
    idpMock.on(AdminCreateUserCommand).rejects(new AliasExistsException({ message: "An account with the email already exists.", ...meta }));
    const error = await userEffects.create(behindCallPolicy(CognitoIdentityProviderClient, "idp"), POOL, { ...desired }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/another user already signs in with this user's email or phone number \(AliasExistsException\).*renamedFrom/);
    expect(operations()).toEqual(["AdminCreateUser"]);
  });

  it("after a lost answer, meets its own user and writes every declared setting", async () => {
    idpMock
      .on(AdminCreateUserCommand)
      .rejectsOnce(new InternalErrorException({ message: "Internal error", $metadata: { httpStatusCode: 500 } }))
      .rejects(new UsernameExistsException({ message: "User account already exists", ...meta }));
    const result = await userEffects.create(behindCallPolicy(CognitoIdentityProviderClient, "idp"), POOL, { ...desired });
    expect(result.detail).toMatch(/^already existed, attributes/);
    expect(operations()).toEqual(["AdminCreateUser", "AdminCreateUser", "AdminUpdateUserAttributes", "AdminEnableUser", "AdminAddUserToGroup"]);
  });
});
