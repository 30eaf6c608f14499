// ManagedLoginVersion of user pool domains, as the AWS API reference describes it: 1 is the hosted
// UI (classic), 2 managed login, which "requires that your user pool be configured for any feature
// plan other than Lite". CreateUserPoolDomain and UpdateUserPoolDomain answer it, and
// DescribeUserPoolDomain describes it.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  type DomainDescriptionType,
  UpdateUserPoolDomainCommand,
  type UserPoolTierType,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, inject, it } from "vitest";
import { idpClient, uniqueSuffix } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

async function newPool(tier?: UserPoolTierType): Promise<string> {
  return (await idp.send(new CreateUserPoolCommand({ PoolName: `mlv-${randomUUID().slice(0, 8)}`, ...(tier ? { UserPoolTier: tier } : {}) }))).UserPool!.Id!;
}

async function describeDomain(domain: string): Promise<DomainDescriptionType> {
  return (await idp.send(new DescribeUserPoolDomainCommand({ Domain: domain }))).DomainDescription!;
}

const prefix = () => `mlv-${uniqueSuffix()}`;

describe("ManagedLoginVersion of user pool domains", () => {
  it("a domain created without it is version 1 (hosted UI (classic)), in the answer and the description", async () => {
    const pool = await newPool();
    const domain = prefix();
    const created = await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain }));
    expect(created.ManagedLoginVersion).toBe(1);
    expect(await describeDomain(domain)).toMatchObject({ Domain: domain, UserPoolId: pool, ManagedLoginVersion: 1 });
  });

  it("a domain created with version 2 on the default (Essentials) plan or Plus is managed login", async () => {
    for (const tier of [undefined, "ESSENTIALS" as const, "PLUS" as const]) {
      const pool = await newPool(tier);
      const domain = prefix();
      const created = await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 2 }));
      expect(created.ManagedLoginVersion).toBe(2);
      expect((await describeDomain(domain)).ManagedLoginVersion).toBe(2);
    }
  });

  it("UpdateUserPoolDomain changes the version and answers it; without it, the version and certificate stay", async () => {
    const pool = await newPool();
    const domain = `auth-${uniqueSuffix()}.example.com`;
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: CERTIFICATE } }));

    const toClassic = await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 1 }));
    expect(toClassic.ManagedLoginVersion).toBe(1);
    expect(await describeDomain(domain)).toMatchObject({ ManagedLoginVersion: 1, CustomDomainConfig: { CertificateArn: CERTIFICATE } });

    const other = CERTIFICATE.replace("0b1c2d3e", "1c2d3e4f");
    const certificateOnly = await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, CustomDomainConfig: { CertificateArn: other } }));
    expect(certificateOnly.ManagedLoginVersion).toBe(1);
    expect(await describeDomain(domain)).toMatchObject({ ManagedLoginVersion: 1, CustomDomainConfig: { CertificateArn: other } });

    await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 2 }));
    expect(await describeDomain(domain)).toMatchObject({ ManagedLoginVersion: 2, CustomDomainConfig: { CertificateArn: other } });
  });

  it("refuses a version other than 1 or 2 (InvalidParameterException) on create and update", async () => {
    const pool = await newPool();
    for (const version of [0, 3]) {
      const domain = prefix();
      await expect(idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: version }))).rejects.toMatchObject({
        name: "InvalidParameterException",
      });
      expect((await describeDomain(domain)).Domain).toBeUndefined();
    }
    const domain = prefix();
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 2 }));
    await expect(idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 3 }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    expect((await describeDomain(domain)).ManagedLoginVersion).toBe(2);
  });

  it("managed login is not in the Lite plan: version 2 is FeatureUnavailableInTierException there, version 1 is fine", async () => {
    const pool = await newPool("LITE");
    const refused = prefix();
    await expect(idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: refused, ManagedLoginVersion: 2 }))).rejects.toMatchObject({
      name: "FeatureUnavailableInTierException",
    });
    expect((await describeDomain(refused)).Domain).toBeUndefined();

    const domain = prefix();
    expect((await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 1 }))).ManagedLoginVersion).toBe(1);
    await expect(idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: domain, ManagedLoginVersion: 2 }))).rejects.toMatchObject({
      name: "FeatureUnavailableInTierException",
    });
    expect((await describeDomain(domain)).ManagedLoginVersion).toBe(1);
  });

  it("UpdateUserPoolDomain of a domain that does not exist is ResourceNotFoundException", async () => {
    const pool = await newPool();
    await expect(idp.send(new UpdateUserPoolDomainCommand({ UserPoolId: pool, Domain: prefix(), ManagedLoginVersion: 2 }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
