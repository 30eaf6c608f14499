// What the domain calls carry for domain.managedLoginVersion, pinned with a faked SDK: a changed
// version is one UpdateUserPoolDomain of the same domain (never a delete and create), a version the
// file leaves out is neither sent to a new domain nor changed on a live one.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolDomainCommand,
  type CreateUserPoolDomainRequest,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  type DomainDescriptionType,
  GetUserPoolMfaConfigCommand,
  InvalidParameterException,
  ListUserPoolsCommand,
  UpdateUserPoolDomainCommand,
  type UpdateUserPoolDomainRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { domainEffects } from "../../src/kinds/domain/aws.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { behindCallPolicy } from "../helpers/policy-client.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Login1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000000a";

const idp = mockClient(CognitoIdentityProviderClient);
const identity = mockClient(CognitoIdentityClient);
/** The pool's domain as AWS keeps it, changed by the domain calls. */
let domain: DomainDescriptionType | undefined;

function pool(): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Login",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    DeletionProtection: "ACTIVE",
    UserPoolTier: "ESSENTIALS",
    UserPoolTags: { "cognito-reconcile:stack": "login-stack" },
    ...(domain?.Domain ? (domain.CustomDomainConfig ? { CustomDomain: domain.Domain } : { Domain: domain.Domain }) : {}),
  };
}

/** A stateful fake of the domain API: Create and Update set what their request carries; a create without a version gets Cognito's default, 1. */
function wireFake(live: DomainDescriptionType | undefined) {
  domain = structuredClone(live);
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Login" }] });
  idp.on(DescribeUserPoolCommand).callsFake(() => ({ UserPool: pool() }));
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(DescribeUserPoolDomainCommand).callsFake(() => ({ DomainDescription: structuredClone(domain) ?? {} }));
  idp.on(CreateUserPoolDomainCommand).callsFake((input: CreateUserPoolDomainRequest) => {
    domain = { UserPoolId: POOL_ID, Domain: input.Domain, Status: "ACTIVE", ManagedLoginVersion: input.ManagedLoginVersion ?? 1, ...(input.CustomDomainConfig ? { CustomDomainConfig: input.CustomDomainConfig } : {}) };
    return {};
  });
  idp.on(UpdateUserPoolDomainCommand).callsFake((input: UpdateUserPoolDomainRequest) => {
    domain = { ...domain, ...(input.CustomDomainConfig ? { CustomDomainConfig: input.CustomDomainConfig } : {}), ...(input.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: input.ManagedLoginVersion } : {}) };
    return {};
  });
  idp.on(DeleteUserPoolDomainCommand).callsFake(() => {
    domain = undefined;
    return {};
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
});
afterEach(() => {
  idp.reset();
  identity.reset();
});

const dir = tempDir();
const file = (line: string) =>
  dir.write(`login-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: login-stack", "region: us-east-1", "userPools:", "  - name: Login", line, ""].join("\n"));

const calls = <Input>(command: Parameters<typeof idp.commandCalls>[0]) => idp.commandCalls(command).map((call) => call.args[0].input as Input);

async function apply(line: string): Promise<string> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(line)], autoApprove: true }, io, silentLogger), io.stderr()).toBe(0);
  return io.stdout();
}

const PREFIX = { UserPoolId: POOL_ID, Domain: "login-ours", Status: "ACTIVE" } satisfies DomainDescriptionType;

describe("domain.managedLoginVersion", () => {
  it("a changed version is updated in place: one UpdateUserPoolDomain with the version, no delete or create", async () => {
    wireFake({ ...PREFIX, ManagedLoginVersion: 1 });
    const out = await apply("    domain: { prefix: login-ours, managedLoginVersion: 2 }");
    expect(out).toContain("~ userPool.Login/domain.login-ours");
    expect(out).toContain("managedLoginVersion: 1 -> 2");
    expect(calls(UpdateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-ours", ManagedLoginVersion: 2 }]);
    expect(calls(CreateUserPoolDomainCommand)).toEqual([]);
    expect(calls(DeleteUserPoolDomainCommand)).toEqual([]);
  });

  it("a custom domain's version change carries its certificate, as the file has it", async () => {
    wireFake({ UserPoolId: POOL_ID, Domain: "auth.example.com", Status: "ACTIVE", CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2 });
    await apply(`    domain: { custom: auth.example.com, certificateArn: "${CERT}", managedLoginVersion: 1 }`);
    expect(calls(UpdateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 1 }]);
  });

  it("left out of the file, a live domain's version is not compared, whichever it is", async () => {
    for (const version of [1, 2]) {
      idp.resetHistory();
      wireFake({ ...PREFIX, ManagedLoginVersion: version });
      const io = captureOutput();
      expect(await planCommand({ ...commonFlags, files: [file("    domain: { prefix: login-ours }")], format: "text", detailedExitcode: true }, io, silentLogger)).toBe(0);
      expect(io.stdout()).toContain("No changes.");
    }
  });

  it("a new domain is created with the file's version, or without one (Cognito's default) when the file leaves it out", async () => {
    wireFake(undefined);
    await apply("    domain: { prefix: login-ours, managedLoginVersion: 2 }");
    expect(calls(CreateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-ours", ManagedLoginVersion: 2 }]);

    idp.resetHistory();
    wireFake(undefined);
    await apply("    domain: { prefix: login-ours }");
    expect(calls(CreateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-ours" }]);
    expect(calls(UpdateUserPoolDomainCommand)).toEqual([]);
  });

  it("a renamed domain is a new domain: the old one is deleted, the new one created with the file's version", async () => {
    wireFake({ ...PREFIX, ManagedLoginVersion: 1 });
    await apply("    domain: { prefix: login-new, managedLoginVersion: 2 }");
    expect(calls(DeleteUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-ours" }]);
    expect(calls(CreateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-new", ManagedLoginVersion: 2 }]);
  });

  it("a create that meets this pool's own domain with another version brings it to the file's", async () => {
    idp.on(CreateUserPoolDomainCommand).rejects(new InvalidParameterException({ message: "Domain already associated with another user pool.", $metadata: { httpStatusCode: 400 } }));
    idp.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: { ...PREFIX, ManagedLoginVersion: 1 } });
    idp.on(UpdateUserPoolDomainCommand).resolves({});
    const client = behindCallPolicy(CognitoIdentityProviderClient, "idp");
    await expect(domainEffects.create(client, POOL_ID, { domain: "login-ours", managedLoginVersion: 2 })).resolves.toEqual({ detail: "" });
    expect(calls(UpdateUserPoolDomainCommand)).toEqual([{ UserPoolId: POOL_ID, Domain: "login-ours", ManagedLoginVersion: 2 }]);

    idp.resetHistory();
    await expect(domainEffects.create(client, POOL_ID, { domain: "login-ours" })).resolves.toEqual({ detail: "" });
    expect(calls(UpdateUserPoolDomainCommand)).toEqual([]);
  });
});
