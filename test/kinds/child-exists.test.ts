import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolDomainCommand,
  DuplicateProviderException,
  InternalErrorException,
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UpdateIdentityProviderCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { domainEffects } from "../../src/kinds/domain/aws.js";
import { identityProviderEffects } from "../../src/kinds/identity-provider/aws.js";
import { resourceServerEffects } from "../../src/kinds/resource-server/aws.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * What is sent to AWS when a pool's child is created and AWS answers that it exists already. moto
 * never gives these answers (DuplicateProviderException, a taken domain), so a fake behind
 * aws-sdk-client-mock does, and each test pins every call sent, in order, with its input.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const idpMock = mockClient(CognitoIdentityProviderClient);
const POOL = "us-east-1_Ours";
const OTHER_POOL = "us-east-1_Theirs";
const meta = { $metadata: { httpStatusCode: 400 } };

/** A client with the retry and rate-limit policy every apply uses, fast enough for a test. */
const client = (): CognitoIdentityProviderClient => behindCallPolicy(CognitoIdentityProviderClient, "idp");

/** Every call the fake received, as [operation, input], in the order sent. */
function sent(): [string, unknown][] {
  return idpMock.calls().map((call) => {
    const command = call.args[0] as unknown as { constructor: { name: string }; input: unknown };
    return [command.constructor.name.replace(/Command$/, ""), command.input];
  });
}

/** A 500 after the work was done: the policy sends the create again, which then meets its result. */
const lostAnswer = () => new InternalErrorException({ message: "Internal error", ...meta });
const notFound = (message: string) => new ResourceNotFoundException({ message, ...meta });
const quotaReached = () => new LimitExceededException({ message: "Limit exceeded for this user pool", ...meta });
const QUOTA_ADVICE = "an AWS quota was reached; see the Cognito quotas page";

beforeEach(() => idpMock.reset());
afterEach(() => idpMock.reset());

describe("CreateIdentityProvider meets a provider of the same name", () => {
  const spec = {
    name: "Google",
    type: "Google",
    details: { client_id: "new-client-id", authorize_scopes: "openid email" },
    clientSecret: "new-secret",
    attributeMapping: { email: "email" },
    idpIdentifiers: [],
  };
  const createInput = {
    UserPoolId: POOL,
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: { client_id: "new-client-id", authorize_scopes: "openid email", client_secret: "new-secret" },
    AttributeMapping: { email: "email" },
  };
  const describeInput = { UserPoolId: POOL, ProviderName: "Google" };
  const duplicate = () => new DuplicateProviderException({ message: `Google already exists in user pool ${POOL}`, ...meta });
  const duplicateFailure = `CreateIdentityProvider (${POOL} Google) failed: DuplicateProviderException: Google already exists in user pool ${POOL}`;

  it("after a lost answer, UpdateIdentityProvider sends the file's details over the live ones, and the create succeeds", async () => {
    idpMock.on(CreateIdentityProviderCommand).rejectsOnce(lostAnswer()).rejects(duplicate());
    idpMock.on(DescribeIdentityProviderCommand).resolves({
      IdentityProvider: {
        UserPoolId: POOL,
        ProviderName: "Google",
        ProviderType: "Google",
        ProviderDetails: { client_id: "old-client-id", client_secret: "old-secret", token_url: "https://oauth2.example/token" },
        AttributeMapping: { username: "sub", email: "old_email" },
      },
    });
    idpMock.on(UpdateIdentityProviderCommand).resolves({});

    await expect(identityProviderEffects.create(client(), POOL, spec)).resolves.toEqual({ detail: "" });

    expect(sent()).toEqual([
      ["CreateIdentityProvider", createInput],
      ["CreateIdentityProvider", createInput],
      ["DescribeIdentityProvider", describeInput],
      [
        "UpdateIdentityProvider",
        {
          UserPoolId: POOL,
          ProviderName: "Google",
          // A key Cognito filled in stays; the file's keys and secret replace the live ones.
          ProviderDetails: { client_id: "new-client-id", authorize_scopes: "openid email", client_secret: "new-secret", token_url: "https://oauth2.example/token" },
          AttributeMapping: { username: "sub", email: "email" },
          IdpIdentifiers: [],
        },
      ],
    ]);
  });

  it.each([
    ["answers ResourceNotFoundException", () => idpMock.on(DescribeIdentityProviderCommand).rejects(notFound("Identity provider Google does not exist."))],
    ["answers no provider", () => idpMock.on(DescribeIdentityProviderCommand).resolves({})],
  ])("when DescribeIdentityProvider %s, the DuplicateProviderException is what fails, described as CreateIdentityProvider's", async (_, describeAnswer) => {
    idpMock.on(CreateIdentityProviderCommand).rejects(duplicate());
    describeAnswer();

    await expect(identityProviderEffects.create(client(), POOL, spec)).rejects.toMatchObject({ name: "UserError", message: duplicateFailure });
    expect(sent()).toEqual([
      ["CreateIdentityProvider", createInput],
      ["DescribeIdentityProvider", describeInput],
    ]);
  });

  it("any other CreateIdentityProvider error is rethrown as CreateIdentityProvider's, with nothing looked up", async () => {
    idpMock.on(CreateIdentityProviderCommand).rejects(quotaReached());

    await expect(identityProviderEffects.create(client(), POOL, spec)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateIdentityProvider (${POOL} Google) failed: LimitExceededException: Limit exceeded for this user pool; ${QUOTA_ADVICE}`,
    });
    expect(sent()).toEqual([["CreateIdentityProvider", createInput]]);
  });
});

describe("CreateUserPoolDomain meets a domain that is taken", () => {
  const CERT_OLD = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000000a";
  const CERT_NEW = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000000b";
  const custom = { domain: "auth.example.com", certificateArn: CERT_NEW };
  const customInput = { UserPoolId: POOL, Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: CERT_NEW } };
  const taken = () => new InvalidParameterException({ message: "Domain already associated with another user pool.", ...meta });
  const describedAs = (userPoolId: string, domain: string, certificateArn?: string) =>
    idpMock.on(DescribeUserPoolDomainCommand).resolves({
      DomainDescription: { UserPoolId: userPoolId, Domain: domain, Status: "ACTIVE", ...(certificateArn ? { CustomDomainConfig: { CertificateArn: certificateArn } } : {}) },
    });

  it("after a lost answer, a custom domain this pool has with another certificate gets the file's certificate", async () => {
    idpMock.on(CreateUserPoolDomainCommand).rejectsOnce(lostAnswer()).rejects(taken());
    describedAs(POOL, "auth.example.com", CERT_OLD);
    idpMock.on(UpdateUserPoolDomainCommand).resolves({});

    await expect(domainEffects.create(client(), POOL, custom)).resolves.toEqual({ detail: "" });

    expect(sent()).toEqual([
      ["CreateUserPoolDomain", customInput],
      ["CreateUserPoolDomain", customInput],
      ["DescribeUserPoolDomain", { Domain: "auth.example.com" }],
      ["UpdateUserPoolDomain", customInput],
    ]);
  });

  it("a custom domain this pool has with the file's certificate already is left as it is", async () => {
    idpMock.on(CreateUserPoolDomainCommand).rejects(taken());
    describedAs(POOL, "auth.example.com", CERT_NEW);

    await expect(domainEffects.create(client(), POOL, custom)).resolves.toEqual({ detail: "" });

    expect(sent()).toEqual([
      ["CreateUserPoolDomain", customInput],
      ["DescribeUserPoolDomain", { Domain: "auth.example.com" }],
    ]);
  });

  it("a prefix domain this pool has has nothing to update", async () => {
    idpMock.on(CreateUserPoolDomainCommand).rejects(taken());
    describedAs(POOL, "login-ours");

    await expect(domainEffects.create(client(), POOL, { domain: "login-ours" })).resolves.toEqual({ detail: "" });

    expect(sent()).toEqual([
      ["CreateUserPoolDomain", { UserPoolId: POOL, Domain: "login-ours" }],
      ["DescribeUserPoolDomain", { Domain: "login-ours" }],
    ]);
  });

  it("a domain another pool has fails with one error naming CreateUserPoolDomain and the domain, and nothing is changed", async () => {
    idpMock.on(CreateUserPoolDomainCommand).rejects(taken());
    describedAs(OTHER_POOL, "auth.example.com", CERT_OLD);

    await expect(domainEffects.create(client(), POOL, custom)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateUserPoolDomain (${POOL} auth.example.com) failed: the domain auth.example.com belongs to another user pool (${OTHER_POOL}); choose another domain or remove it from that pool`,
    });
    expect(sent()).toEqual([
      ["CreateUserPoolDomain", customInput],
      ["DescribeUserPoolDomain", { Domain: "auth.example.com" }],
    ]);
  });

  it.each([
    // AWS describes a domain that no pool of the account has as an empty description.
    ["answers an empty description", () => idpMock.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} })],
    ["answers ResourceNotFoundException", () => idpMock.on(DescribeUserPoolDomainCommand).rejects(notFound("Domain auth.example.com not found."))],
  ])("when DescribeUserPoolDomain %s, the InvalidParameterException is what fails, described as CreateUserPoolDomain's", async (_, describeAnswer) => {
    idpMock.on(CreateUserPoolDomainCommand).rejects(new InvalidParameterException({ message: "The certificate is not in us-east-1.", ...meta }));
    describeAnswer();

    await expect(domainEffects.create(client(), POOL, custom)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateUserPoolDomain (${POOL} auth.example.com) failed: InvalidParameterException: The certificate is not in us-east-1.`,
    });
    expect(sent()).toEqual([
      ["CreateUserPoolDomain", customInput],
      ["DescribeUserPoolDomain", { Domain: "auth.example.com" }],
    ]);
  });

  it("any other CreateUserPoolDomain error is rethrown as CreateUserPoolDomain's, with nothing looked up", async () => {
    idpMock.on(CreateUserPoolDomainCommand).rejects(new NotAuthorizedException({ message: "Not authorized to use the certificate", ...meta }));

    await expect(domainEffects.create(client(), POOL, custom)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateUserPoolDomain (${POOL} auth.example.com) failed: NotAuthorizedException: Not authorized to use the certificate; check that the credentials' IAM policy allows this operation`,
    });
    expect(sent()).toEqual([["CreateUserPoolDomain", customInput]]);
  });
});

describe("CreateResourceServer meets a server of the same identifier", () => {
  const spec = { identifier: "https://api.example.com", name: "Orders API", scopes: { read: "Read orders", write: "Write orders" } };
  const request = {
    UserPoolId: POOL,
    Identifier: "https://api.example.com",
    Name: "Orders API",
    Scopes: [
      { ScopeName: "read", ScopeDescription: "Read orders" },
      { ScopeName: "write", ScopeDescription: "Write orders" },
    ],
  };
  const describeInput = { UserPoolId: POOL, Identifier: "https://api.example.com" };

  it("after a lost answer, a server this pool has is looked up and UpdateResourceServer sends the file's name and every scope", async () => {
    // The wording is not what decides: only the look-up does.
    idpMock.on(CreateResourceServerCommand).rejectsOnce(lostAnswer()).rejects(new InvalidParameterException({ message: "Identifier is taken.", ...meta }));
    idpMock.on(DescribeResourceServerCommand).resolves({
      ResourceServer: { UserPoolId: POOL, Identifier: "https://api.example.com", Name: "API", Scopes: [{ ScopeName: "admin", ScopeDescription: "Administer" }] },
    });
    idpMock.on(UpdateResourceServerCommand).resolves({ ResourceServer: request });

    await expect(resourceServerEffects.create(client(), POOL, spec)).resolves.toEqual({ detail: "" });

    expect(sent()).toEqual([
      ["CreateResourceServer", request],
      ["CreateResourceServer", request],
      ["DescribeResourceServer", describeInput],
      ["UpdateResourceServer", request],
    ]);
  });

  it("when DescribeResourceServer answers ResourceNotFoundException, the InvalidParameterException is what fails, described as CreateResourceServer's", async () => {
    idpMock.on(CreateResourceServerCommand).rejects(new InvalidParameterException({ message: "A resource server with identifier https://api.example.com already exists", ...meta }));
    idpMock.on(DescribeResourceServerCommand).rejects(notFound("Resource server https://api.example.com does not exist."));

    await expect(resourceServerEffects.create(client(), POOL, spec)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateResourceServer (${POOL} https://api.example.com) failed: InvalidParameterException: A resource server with identifier https://api.example.com already exists`,
    });
    expect(sent()).toEqual([
      ["CreateResourceServer", request],
      ["DescribeResourceServer", describeInput],
    ]);
  });

  it("any other CreateResourceServer error is rethrown as CreateResourceServer's, with nothing looked up", async () => {
    idpMock.on(CreateResourceServerCommand).rejects(quotaReached());

    await expect(resourceServerEffects.create(client(), POOL, spec)).rejects.toMatchObject({
      name: "UserError",
      message: `CreateResourceServer (${POOL} https://api.example.com) failed: LimitExceededException: Limit exceeded for this user pool; ${QUOTA_ADVICE}`,
    });
    expect(sent()).toEqual([["CreateResourceServer", request]]);
  });
});
