import { describe, expect, it } from "vitest";
import { normalisePolicy, parsePolicy, trustPolicy } from "../../src/kinds/iam-role/policy.js";

const policy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject"],
      Resource: "arn:aws:s3:::bucket/users/${cognito-identity.amazonaws.com:sub}/*",
    },
  ],
};

describe("policy normalisation", () => {
  it("reads IAM's URL-encoded documents", () => {
    const encoded = encodeURIComponent(JSON.stringify(policy));
    expect(encoded.startsWith("%7B")).toBe(true);
    expect(parsePolicy(encoded)).toEqual(policy);
    expect(normalisePolicy(encoded)).toEqual(normalisePolicy(policy));
  });

  it("treats key order, action order and a single statement object as no difference", () => {
    const reordered = {
      Statement: {
        Resource: ["arn:aws:s3:::bucket/users/${cognito-identity.amazonaws.com:sub}/*"],
        Action: ["s3:GetObject", "s3:PutObject"],
        Effect: "Allow",
      },
      Version: "2012-10-17",
    };
    expect(normalisePolicy(reordered)).toEqual(normalisePolicy(policy));
    expect(JSON.stringify(normalisePolicy(reordered))).toBe(JSON.stringify(normalisePolicy(policy)));
  });

  it("treats a one-item list and a string as the same in conditions and principals", () => {
    const a = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "x" }, Action: "a:b", Condition: { StringEquals: { k: "v" } } }] };
    const b = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: ["x"] }, Action: ["a:b"], Condition: { StringEquals: { k: ["v"] } } }] };
    expect(normalisePolicy(a)).toEqual(normalisePolicy(b));
  });

  it("keeps real differences: another action, another effect, another resource", () => {
    const base = normalisePolicy(policy);
    expect(normalisePolicy({ ...policy, Statement: [{ ...policy.Statement[0]!, Action: ["s3:GetObject"] }] })).not.toEqual(base);
    expect(normalisePolicy({ ...policy, Statement: [{ ...policy.Statement[0]!, Effect: "Deny" }] })).not.toEqual(base);
    expect(normalisePolicy({ ...policy, Statement: [{ ...policy.Statement[0]!, Resource: "arn:aws:s3:::other/*" }] })).not.toEqual(base);
  });

  it("passes IAM policy variables through untouched", () => {
    const statement = (normalisePolicy(policy).Statement as { Resource: string[] }[])[0]!;
    expect(statement.Resource).toEqual(["arn:aws:s3:::bucket/users/${cognito-identity.amazonaws.com:sub}/*"]);
  });

  it("orders statements, so their order in the file does not count", () => {
    const s1 = { Effect: "Allow", Action: "a:one", Resource: "*" };
    const s2 = { Effect: "Allow", Action: "a:two", Resource: "*" };
    expect(normalisePolicy({ Version: "2012-10-17", Statement: [s1, s2] })).toEqual(normalisePolicy({ Version: "2012-10-17", Statement: [s2, s1] }));
  });
});

describe("trust policy generation", () => {
  it("lets cognito-identity assume the role for this identity pool's authenticated identities only", () => {
    expect(trustPolicy("us-east-1:1111-2222", "authenticated")).toEqual({
      Statement: [
        {
          Action: ["sts:AssumeRoleWithWebIdentity"],
          Condition: {
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": ["authenticated"] },
            StringEquals: { "cognito-identity.amazonaws.com:aud": ["us-east-1:1111-2222"] },
          },
          Effect: "Allow",
          Principal: { Federated: ["cognito-identity.amazonaws.com"] },
        },
      ],
      Version: "2012-10-17",
    });
  });

  it("differs by amr for the unauthenticated role and by aud for another pool", () => {
    expect(trustPolicy("p1", "unauthenticated")).not.toEqual(trustPolicy("p1", "authenticated"));
    expect(trustPolicy("p2", "authenticated")).not.toEqual(trustPolicy("p1", "authenticated"));
  });
});
