// A pool's Cognito-prefix domain and its custom domain, as AWS reports them: DescribeUserPool names
// the first as Domain and the second as CustomDomain, and DescribeUserPoolDomain gives a custom
// domain's certificate.
import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, uniqueSuffix } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

describe("user pool domains", () => {
  const suffix = uniqueSuffix();
  const prefix = `login-${suffix}`;
  const custom = `auth-${suffix}.example.com`;
  let poolId: string;

  const describePool = async () => (await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;

  beforeAll(async () => {
    const created = await idp.send(new CreateUserPoolCommand({ PoolName: `domains-${suffix}` }));
    poolId = created.UserPool!.Id!;
  });

  it("a new pool has neither domain", async () => {
    const pool = await describePool();
    expect(pool.Domain).toBeUndefined();
    expect(pool.CustomDomain).toBeUndefined();
  });

  it("DescribeUserPool lists the prefix as Domain and the custom host as CustomDomain", async () => {
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom, CustomDomainConfig: { CertificateArn: CERTIFICATE } }));

    const pool = await describePool();
    expect(pool.Domain).toBe(prefix);
    expect(pool.CustomDomain).toBe(custom);
  });

  it("DescribeUserPoolDomain gives the custom domain's certificate, and none for the prefix", async () => {
    const described = (await idp.send(new DescribeUserPoolDomainCommand({ Domain: custom }))).DomainDescription!;
    expect(described.Domain).toBe(custom);
    expect(described.UserPoolId).toBe(poolId);
    expect(described.CustomDomainConfig).toEqual({ CertificateArn: CERTIFICATE });

    const prefixed = (await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription!;
    expect(prefixed.Domain).toBe(prefix);
    expect(prefixed.UserPoolId).toBe(poolId);
    expect(prefixed.CustomDomainConfig).toBeUndefined();
  });

  it("after DeleteUserPoolDomain the pool no longer lists the deleted domain", async () => {
    await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: custom }));
    let pool = await describePool();
    expect(pool.CustomDomain).toBeUndefined();
    expect(pool.Domain).toBe(prefix);
    // A deleted domain describes as empty, the way AWS answers for a domain that does not exist.
    expect((await idp.send(new DescribeUserPoolDomainCommand({ Domain: custom }))).DomainDescription?.Domain).toBeUndefined();

    await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    pool = await describePool();
    expect(pool.Domain).toBeUndefined();
    expect(pool.CustomDomain).toBeUndefined();
  });
});
