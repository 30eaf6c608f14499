import {
  AttachRolePolicyCommand,
  ConcurrentModificationException,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMClient,
  InvalidInputException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type Role,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MAX_ATTEMPTS, isRetryable, mayHaveBeenCarriedOut } from "../../src/aws/call-policy.js";
import { UserError } from "../../src/core/errors.js";
import { createRole } from "../../src/kinds/iam-role/aws.js";
import type { RoleSpec } from "../../src/kinds/iam-role/model.js";
import { normalisePolicy } from "../../src/kinds/iam-role/policy.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * Which failures the call policy sends again, told apart by what they prove about the request, and
 * createRole meeting a role that IAM (eventually consistent) does not show yet.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const iamMock = mockClient(IAMClient);
const STACK = "retry-classes";
/** Reads of a role IAM does not show yet, spaced by 1 ms so the tests stay fast. */
const SETTLE = [1, 1, 1, 1, 1];

const client = (): IAMClient => behindCallPolicy(IAMClient, "iam");

/** A Node socket failure as the SDK hands it on: no answer came, so no $metadata. */
function socketError(): Error {
  return Object.assign(new Error("socket hang up"), { name: "Error", code: "ECONNRESET" });
}

beforeEach(() => iamMock.reset());
afterEach(() => iamMock.reset());

describe("which failures the call policy sends again", () => {
  it("the tool's own verdict is final even when its words look like a network failure", () => {
    const verdict = new UserError('another apply of stack "corp-network" created identity pool P (x) at the same time; run apply again');
    expect({ retryable: isRetryable(verdict), carriedOut: mayHaveBeenCarriedOut(verdict) }).toEqual({ retryable: false, carriedOut: false });
  });

  it("a 400 whose message mentions a network is the service's final answer: sent once", async () => {
    const refusal = new InvalidInputException({ message: "Invalid network configuration for this role", $metadata: { httpStatusCode: 400 } });
    iamMock.on(GetRoleCommand).rejects(refusal);
    await expect(client().send(new GetRoleCommand({ RoleName: "r" }))).rejects.toMatchObject({ name: "InvalidInputException" });
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(1);
  });

  it("a socket error that got no answer (no $metadata) is sent again", async () => {
    iamMock.on(GetRoleCommand).rejectsOnce(socketError()).resolves({ Role: { RoleName: "r" } as Role });
    await expect(client().send(new GetRoleCommand({ RoleName: "r" }))).resolves.toMatchObject({ Role: { RoleName: "r" } });
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(2);
  });

  it("a 'network' message with $metadata but no HTTP status (no answer came) is sent again", async () => {
    const lost = Object.assign(new Error("network connection lost"), { $metadata: { attempts: 1 } });
    iamMock.on(GetRoleCommand).rejectsOnce(lost).resolves({ Role: { RoleName: "r" } as Role });
    await expect(client().send(new GetRoleCommand({ RoleName: "r" }))).resolves.toMatchObject({ Role: { RoleName: "r" } });
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(2);
  });

  it("ConcurrentModificationException (the change was refused) is sent again and then succeeds", async () => {
    const busy = () => new ConcurrentModificationException({ message: "Cannot perform the operation on a role being modified", $metadata: { httpStatusCode: 409 } });
    iamMock.on(TagRoleCommand).rejectsOnce(busy()).rejectsOnce(busy()).resolves({});
    await client().send(new TagRoleCommand({ RoleName: "r", Tags: [{ Key: "k", Value: "v" }] }));
    expect(iamMock.commandCalls(TagRoleCommand)).toHaveLength(3);
  });

  it(`ConcurrentModificationException spends the ordinary budget of ${DEFAULT_MAX_ATTEMPTS} attempts, not the throttling one`, async () => {
    iamMock.on(TagRoleCommand).rejects(new ConcurrentModificationException({ message: "Cannot perform the operation on a role being modified", $metadata: { httpStatusCode: 409 } }));
    await expect(client().send(new TagRoleCommand({ RoleName: "r", Tags: [] }))).rejects.toMatchObject({ name: "ConcurrentModificationException" });
    expect(iamMock.commandCalls(TagRoleCommand)).toHaveLength(DEFAULT_MAX_ATTEMPTS);
  });
});

describe("createRole meeting a role of its name", () => {
  const trust = normalisePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] });
  const s3 = normalisePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }] });
  const managed = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  const spec: RoleSpec = { name: "app-auth", path: "/", maxSessionDuration: 3600, trustPolicy: trust, inlinePolicies: { s3 }, managedPolicyArns: [managed], tags: { team: "id" } };
  const arn = "arn:aws:iam::123456789012:role/app-auth";

  /** CreateRole answers that the role exists; GetRole answers NoSuchEntity `unseen` times, then the role tagged for `owner`. */
  function existingRole(owner: string | undefined, unseen: number): void {
    iamMock.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: "Role with name app-auth already exists.", $metadata: { httpStatusCode: 409 } }));
    const role: Role = {
      RoleName: spec.name,
      RoleId: "AROAEXAMPLE",
      Arn: arn,
      Path: "/",
      CreateDate: new Date(1_700_000_000_000),
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      Tags: owner === undefined ? [] : [{ Key: STACK_TAG, Value: owner }],
    };
    let reads = 0;
    iamMock.on(GetRoleCommand).callsFake(() => {
      if (reads++ < unseen) throw new NoSuchEntityException({ message: "The role with name app-auth cannot be found.", $metadata: { httpStatusCode: 404 } });
      return { Role: role };
    });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iamMock.on(PutRolePolicyCommand).resolves({});
    iamMock.on(AttachRolePolicyCommand).resolves({});
    iamMock.on(TagRoleCommand).resolves({});
  }

  /** Every call that changes the role, in order, by operation. */
  function writes(): string[] {
    const reads = new Set(["CreateRole", "GetRole", "ListRolePolicies", "ListAttachedRolePolicies"]);
    return iamMock
      .calls()
      .map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ""))
      .filter((op) => !reads.has(op));
  }

  it("this stack's role that GetRole does not show at first is read again, then brought to the file's values", async () => {
    existingRole(STACK, 1);
    await expect(createRole(client(), spec, STACK, SETTLE)).resolves.toBe(arn);
    expect(iamMock.commandCalls(CreateRoleCommand)).toHaveLength(1);
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(2);
    expect(writes()).toEqual(["PutRolePolicy", "AttachRolePolicy", "TagRole"]);
    expect(iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: "app-auth", PolicyName: "s3", PolicyDocument: JSON.stringify(s3) }]);
    expect(iamMock.commandCalls(AttachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: "app-auth", PolicyArn: managed }]);
    expect(iamMock.commandCalls(TagRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: "app-auth", Tags: [{ Key: "team", Value: "id" }] }]);
    expect(iamMock.commandCalls(UpdateAssumeRolePolicyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(UpdateRoleCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(UntagRoleCommand)).toHaveLength(0);
  });

  it("a role tagged for another stack is a conflict naming that stack, and nothing is changed", async () => {
    existingRole("someone-else", 1);
    const failure = createRole(client(), spec, STACK, SETTLE);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(`CreateRole (app-auth) failed: IAM role app-auth already exists tagged for stack "someone-else", so it is not stack "${STACK}"'s to manage; run plan again`);
    expect(writes()).toEqual([]);
  });

  it("a role without the stack tag is a conflict too", async () => {
    existingRole(undefined, 0);
    await expect(createRole(client(), spec, STACK, SETTLE)).rejects.toThrow(/IAM role app-auth already exists without the stack tag/);
    expect(writes()).toEqual([]);
  });

  it("a role IAM never shows is read a bounded number of times, then CreateRole's refusal stands", async () => {
    existingRole(STACK, Number.POSITIVE_INFINITY);
    await expect(createRole(client(), spec, STACK, SETTLE)).rejects.toThrow(/CreateRole \(app-auth\) failed: EntityAlreadyExistsException/);
    expect(iamMock.commandCalls(GetRoleCommand)).toHaveLength(SETTLE.length + 1);
    expect(writes()).toEqual([]);
  });
});
