import type { DomainDescriptionType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import type { LivePool } from "../../src/core/live-types.js";
import { diffFields } from "../../src/diff/field-diff.js";
import { domainKind } from "../../src/kinds/domain/kind.js";
import { domainRequest, domainSpecFromConfig, domainSpecFromLive, updateDomainRequest } from "../../src/kinds/domain/model.js";
import { domainSchema } from "../../src/schema/domain.js";
import { diagnosticsOf } from "../helpers/diagnostics.js";

const POOL_ID = "us-east-1_Dom1";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-00000000000a";
const specOf = (block: unknown) => domainSpecFromConfig(domainSchema.parse(block));

/** What DescribeUserPoolDomain answers after CreateUserPoolDomain (a version left out: Cognito's default, 1). */
function describedAfterCreate(block: unknown): DomainDescriptionType {
  const request = domainRequest(POOL_ID, specOf(block));
  return { UserPoolId: POOL_ID, Domain: request.Domain, Status: "ACTIVE", ManagedLoginVersion: request.ManagedLoginVersion ?? 1, ...(request.CustomDomainConfig ? { CustomDomainConfig: request.CustomDomainConfig } : {}) };
}

describe("domain.managedLoginVersion in the model", () => {
  it("is in the spec only when the file or AWS says it", () => {
    expect(specOf({ prefix: "login" })).toEqual({ domain: "login" });
    expect(specOf({ prefix: "login", managedLoginVersion: 2 })).toEqual({ domain: "login", managedLoginVersion: 2 });
    expect(specOf({ custom: "auth.example.com", certificateArn: CERT, managedLoginVersion: 1 })).toEqual({ domain: "auth.example.com", certificateArn: CERT, managedLoginVersion: 1 });
    expect(domainSpecFromLive({ Domain: "login", ManagedLoginVersion: 2 })).toEqual({ domain: "login", managedLoginVersion: 2 });
    expect(domainSpecFromLive({ Domain: "login" })).toEqual({ domain: "login" });
  });

  it("reads what a create set as the spec it was built from, and a version left out is not compared", () => {
    for (const block of [{ prefix: "login", managedLoginVersion: 2 }, { prefix: "login", managedLoginVersion: 1 }, { custom: "auth.example.com", certificateArn: CERT, managedLoginVersion: 2 }]) {
      expect(domainSpecFromLive(describedAfterCreate(block))).toEqual(specOf(block));
    }
    expect(diffFields(specOf({ prefix: "login" }), domainSpecFromLive({ Domain: "login", ManagedLoginVersion: 2 }))).toEqual([]);
    expect(diffFields(specOf({ prefix: "login", managedLoginVersion: 1 }), domainSpecFromLive({ Domain: "login", ManagedLoginVersion: 2 }))).toEqual([
      { path: "managedLoginVersion", before: 2, after: 1, sensitive: false, forcesReplacement: false },
    ]);
  });

  it("creates with the file's version or none; updates with the file's version, else the live one", () => {
    expect(domainRequest(POOL_ID, specOf({ prefix: "login" }))).toEqual({ UserPoolId: POOL_ID, Domain: "login" });
    expect(domainRequest(POOL_ID, specOf({ prefix: "login", managedLoginVersion: 2 }))).toEqual({ UserPoolId: POOL_ID, Domain: "login", ManagedLoginVersion: 2 });
    const live: DomainDescriptionType = { Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2 };
    expect(updateDomainRequest(POOL_ID, specOf({ custom: "auth.example.com", certificateArn: CERT, managedLoginVersion: 1 }), live)).toEqual({
      UserPoolId: POOL_ID,
      Domain: "auth.example.com",
      CustomDomainConfig: { CertificateArn: CERT },
      ManagedLoginVersion: 1,
    });
    expect(updateDomainRequest(POOL_ID, specOf({ custom: "auth.example.com", certificateArn: CERT }), live).ManagedLoginVersion).toBe(2);
    expect(updateDomainRequest(POOL_ID, specOf({ prefix: "login", managedLoginVersion: 2 }), { Domain: "login" })).toEqual({ UserPoolId: POOL_ID, Domain: "login", ManagedLoginVersion: 2 });
  });

  it("export writes the live version, so plan of the exported file compares it and finds it equal", () => {
    const context = { pool: {} as LivePool, leftOut: [], file: () => "" };
    const prefix = domainKind.exportSection([{ Domain: "login", ManagedLoginVersion: 2 }], context);
    expect(prefix).toEqual({ prefix: "login", managedLoginVersion: 2 });
    expect(specOf(prefix)).toEqual(domainSpecFromLive({ Domain: "login", ManagedLoginVersion: 2 }));
    expect(domainKind.exportSection([{ Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 1 }], context)).toEqual({
      custom: "auth.example.com",
      certificateArn: CERT,
      managedLoginVersion: 1,
    });
    expect(domainKind.exportSection([{ Domain: "login" }], context)).toEqual({ prefix: "login" });
  });
});

describe("the file's check", () => {
  it("takes 1 or 2 only", () => {
    const fileWith = (value: string) => ["version: 1", "stack: s", "userPools:", "  - name: P", `    domain: { prefix: login, managedLoginVersion: ${value} }`, ""].join("\n");
    expect(diagnosticsOf(fileWith("1"))).toEqual([]);
    expect(diagnosticsOf(fileWith("2"))).toEqual([]);
    expect(diagnosticsOf(fileWith("3"))).toEqual(["5:51 userPools[0].domain.managedLoginVersion must be one of 1, 2, not number 3"]);
  });

  it("refuses managed login (2) on the LITE plan; the classic hosted UI (1) needs no plan", () => {
    const fileWith = (plan: string, value: number) =>
      ["version: 1", "stack: s", "userPools:", "  - name: P", `    featurePlan: ${plan}`, `    domain: { prefix: login, managedLoginVersion: ${value} }`, ""].join("\n");
    expect(diagnosticsOf(fileWith("LITE", 2))).toEqual([expect.stringMatching(/^6:51 domain\.managedLoginVersion 2 \(managed login\) needs featurePlan ESSENTIALS or higher; the file sets featurePlan LITE/)]);
    expect(diagnosticsOf(fileWith("LITE", 1))).toEqual([]);
    expect(diagnosticsOf(fileWith("ESSENTIALS", 2))).toEqual([]);
  });
});
