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
    // GetRolePolicy's PolicyDocument for the document above as it was written, indented, with IAM's
    // percent-encoding of every reserved character (here "*" too, as %2A), spaces and newlines.
    const fromIam =
      "%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22%2C%0A%20%20%22Statement%22%3A%20%5B%0A%20%20%20%20%7B%0A%20%20%20%20%20%20%22Effect%22%3A%20%22Allow%22%2C%0A%20%20%20%20%20%20%22Action%22%3A%20%5B%22s3%3APutObject%22%2C%20%22s3%3AGetObject%22%5D%2C%0A%20%20%20%20%20%20%22Resource%22%3A%20%22arn%3Aaws%3As3%3A%3A%3Abucket%2Fusers%2F%24%7Bcognito-identity.amazonaws.com%3Asub%7D%2F%2A%22%0A%20%20%20%20%7D%0A%20%20%5D%0A%7D";
    expect(parsePolicy(fromIam)).toEqual(policy);
    expect(normalisePolicy(fromIam)).toEqual(normalisePolicy(policy));
  });

  it("reads an encoded trust policy written in another key order with single values as the one the tool writes", () => {
    // GetRole's AssumeRolePolicyDocument for a trust policy made by hand (or by another tool).
    const fromIam =
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Federated%22%3A%22cognito-identity.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRoleWithWebIdentity%22%2C%22Condition%22%3A%7B%22StringEquals%22%3A%7B%22cognito-identity.amazonaws.com%3Aaud%22%3A%22us-east-1%3A1111-2222%22%7D%2C%22ForAnyValue%3AStringLike%22%3A%7B%22cognito-identity.amazonaws.com%3Aamr%22%3A%22authenticated%22%7D%7D%7D%5D%7D";
    expect(normalisePolicy(fromIam)).toEqual(normalisePolicy(trustPolicy("us-east-1:1111-2222", "authenticated")));
    expect(normalisePolicy(fromIam)).not.toEqual(normalisePolicy(trustPolicy("us-east-1:1111-2222", "unauthenticated")));
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
