import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { holdsClientSecrets, parameterChanges, secretChange, staleParameters, type StoredParameter, type StoredSecret } from "../../src/outputs/changes.js";
import { describeDestination, parseDestination, parseKmsKeyId } from "../../src/outputs/destination.js";
import { checkParameterNames, leftOutSecretNames, outputParameters, parameterLevel, parameterNameProblems, type OutputParameter } from "../../src/outputs/parameters.js";
import { withoutValues } from "../../src/outputs/redact.js";
import type { OutputsDocument, PoolOutputs } from "../../src/render/outputs.js";

/** The pure half of `outputs --to`: where, which names and values, and what to write given what exists. */

const pool = (id: string, clients: PoolOutputs["clients"], domain = false): PoolOutputs => ({
  region: "eu-west-1",
  userPoolId: id,
  userPoolArn: `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${id}`,
  issuerUrl: `https://cognito-idp.eu-west-1.amazonaws.com/${id}`,
  jwksUrl: `https://cognito-idp.eu-west-1.amazonaws.com/${id}/.well-known/jwks.json`,
  ...(domain ? { domainUrl: "https://auth.example.com", tokenEndpoint: "https://auth.example.com/oauth2/token" } : {}),
  clients,
});

const doc = (userPools: OutputsDocument["userPools"], identityPools: OutputsDocument["identityPools"] = {}): OutputsDocument => ({ stack: "dev", userPools, identityPools });

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("--to", () => {
  it("takes ssm:/PREFIX with or without the trailing slash, and the root", () => {
    expect(parseDestination("ssm:/myapp/dev/")).toEqual({ service: "ssm", prefix: "/myapp/dev/" });
    expect(parseDestination("ssm:/myapp/dev")).toEqual({ service: "ssm", prefix: "/myapp/dev/" });
    expect(parseDestination("ssm:/My-App_1.x")).toEqual({ service: "ssm", prefix: "/My-App_1.x/" });
    expect(parseDestination("ssm:/")).toEqual({ service: "ssm", prefix: "/" });
    expect(parseDestination("ssm:/1/2/3/4/5/6/7/8/9/10")).toEqual({ service: "ssm", prefix: "/1/2/3/4/5/6/7/8/9/10/" });
    expect(describeDestination(parseDestination("ssm:/myapp/dev"))).toBe("ssm:/myapp/dev/");
  });

  it("takes secretsmanager:NAME with Secrets Manager's characters", () => {
    expect(parseDestination("secretsmanager:myapp/dev/cognito")).toEqual({ service: "secretsmanager", name: "myapp/dev/cognito" });
    expect(parseDestination("secretsmanager:a+b=c.d@e-f_g")).toEqual({ service: "secretsmanager", name: "a+b=c.d@e-f_g" });
    expect(describeDestination(parseDestination("secretsmanager:x"))).toBe("secretsmanager:x");
  });

  it.each([
    ["foo", '--to "foo": expected ssm:/PREFIX/ (one Parameter Store parameter per value, e.g. ssm:/myapp/dev/) or secretsmanager:NAME (one JSON secret)'],
    ["", '--to "": expected ssm:/PREFIX/'],
    ["s3:/bucket", '--to "s3:/bucket": expected ssm:/PREFIX/'],
    ["ssm:", '--to "ssm:": the prefix must start with /, e.g. ssm:/myapp/dev/'],
    ["ssm:myapp/dev", '--to "ssm:myapp/dev": the prefix must start with /'],
    ["ssm:/my app", "a Parameter Store name may hold only letters, digits and _ . - /"],
    ["ssm:/a:b", "a Parameter Store name may hold only letters, digits and _ . - /"],
    ["ssm:/a//b", "the prefix has an empty level (//)"],
    ["ssm:/aws/x", 'Parameter Store keeps names beginning with "aws" or "ssm" for itself'],
    ["ssm:/SSMthing", 'Parameter Store keeps names beginning with "aws" or "ssm" for itself'],
    ["ssm:/1/2/3/4/5/6/7/8/9/10/11", "the prefix has 11 levels; a parameter name may have 15 and the tool adds up to 5 (userPools/POOL/clients/CLIENT/clientSecret), so give at most 10"],
    ["secretsmanager:", "give the secret's name, e.g. secretsmanager:myapp/dev/cognito"],
    ["secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf", "give the secret's name, not its ARN"],
    ["secretsmanager:my secret", "a secret's name is 1 to 512 letters, digits and / _ + = . @ -"],
    [`secretsmanager:${"x".repeat(513)}`, "a secret's name is 1 to 512 letters"],
  ])("refuses %j in one line", (text, expected) => {
    const message = messageOf(() => parseDestination(text));
    expect(message).toContain(expected);
    expect(message.startsWith(`--to ${JSON.stringify(text)}: `)).toBe(true);
    expect(message).not.toContain("\n");
  });

  it("--kms-key-id takes ids, ARNs and aliases, and refuses anything else", () => {
    for (const key of ["1234abcd-12ab-34cd-56ef-1234567890ab", "alias/my-key", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:alias/my_key"]) {
      expect(parseKmsKeyId(key)).toBe(key);
    }
    expect(messageOf(() => parseKmsKeyId("my key"))).toBe('--kms-key-id "my key": expected a KMS key id, key ARN, alias (alias/NAME) or alias ARN');
    expect(() => parseKmsKeyId("")).toThrow(UserError);
  });
});

describe("parameter names and values", () => {
  const full = doc(
    { "MyApp Pool": pool("eu-west-1_A", { Web: { clientId: "web-id" }, "Machine+1": { clientId: "machine-id", clientSecret: "s3cret" } }, true) },
    { "MyApp Identity": { region: "eu-west-1", identityPoolId: "eu-west-1:abc", roles: { authenticated: "arn:aws:iam::123456789012:role/auth", unauthenticated: "arn:aws:iam::123456789012:role/unauth" } } },
  );

  it("one parameter per value, named by its path in the JSON document, in the document's order; secrets are SecureString", () => {
    const rows = outputParameters(full, "/myapp/dev/").map((p) => [p.name, p.value, p.secure]);
    expect(rows).toEqual([
      ["/myapp/dev/userPools/MyApp_Pool/region", "eu-west-1", false],
      ["/myapp/dev/userPools/MyApp_Pool/userPoolId", "eu-west-1_A", false],
      ["/myapp/dev/userPools/MyApp_Pool/userPoolArn", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_A", false],
      ["/myapp/dev/userPools/MyApp_Pool/issuerUrl", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A", false],
      ["/myapp/dev/userPools/MyApp_Pool/jwksUrl", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A/.well-known/jwks.json", false],
      ["/myapp/dev/userPools/MyApp_Pool/domainUrl", "https://auth.example.com", false],
      ["/myapp/dev/userPools/MyApp_Pool/tokenEndpoint", "https://auth.example.com/oauth2/token", false],
      ["/myapp/dev/userPools/MyApp_Pool/clients/Web/clientId", "web-id", false],
      ["/myapp/dev/userPools/MyApp_Pool/clients/Machine_1/clientId", "machine-id", false],
      ["/myapp/dev/userPools/MyApp_Pool/clients/Machine_1/clientSecret", "s3cret", true],
      ["/myapp/dev/identityPools/MyApp_Identity/region", "eu-west-1", false],
      ["/myapp/dev/identityPools/MyApp_Identity/identityPoolId", "eu-west-1:abc", false],
      ["/myapp/dev/identityPools/MyApp_Identity/roles/authenticated", "arn:aws:iam::123456789012:role/auth", false],
      ["/myapp/dev/identityPools/MyApp_Identity/roles/unauthenticated", "arn:aws:iam::123456789012:role/unauth", false],
    ]);
  });

  it("leaves out what the document leaves out: no domain, no secret, no role", () => {
    const names = outputParameters(doc({ P: pool("id", { Web: { clientId: "w" } }) }, { I: { region: "r", identityPoolId: "i", roles: {} } }), "/").map((p) => p.name);
    expect(names).toEqual(["/userPools/P/region", "/userPools/P/userPoolId", "/userPools/P/userPoolArn", "/userPools/P/issuerUrl", "/userPools/P/jwksUrl", "/userPools/P/clients/Web/clientId", "/identityPools/I/region", "/identityPools/I/identityPoolId"]);
  });

  it("keeps names within Parameter Store's characters and depth at the deepest prefix --to takes", () => {
    expect(parameterLevel("a b+c=d,e@f.g-h_i")).toBe("a_b_c_d_e_f.g-h_i");
    const deepest = outputParameters(full, (parseDestination("ssm:/1/2/3/4/5/6/7/8/9/10") as { prefix: string }).prefix);
    for (const { name } of deepest) {
      expect(name).toMatch(/^[A-Za-z0-9_.\-/]+$/);
      expect(name.split("/").length - 1).toBeLessThanOrEqual(15);
    }
    expect(Math.max(...deepest.map((p) => p.name.split("/").length - 1))).toBe(15);
  });

  it("refuses, in one line naming each, things whose names become the same parameter", () => {
    const clash = outputParameters(doc({ P: pool("id", { "web app": { clientId: "1" }, web_app: { clientId: "2" }, mobile: { clientId: "3" } }) }), "/x/");
    const message = messageOf(() => checkParameterNames(clash, "eu-west-1", "ssm:/x/"));
    expect(message).toBe(
      'outputs --to ssm:/x/: client "web app" of user pool "P" and client "web_app" of user pool "P" would all be /x/userPools/P/clients/web_app/clientId; rename all but one (--to secretsmanager:NAME keeps them apart)',
    );
    const pools = outputParameters(doc({ "My App": pool("a", {}), "My_App": pool("b", {}) }), "/x/");
    expect(parameterNameProblems(pools, "eu-west-1")).toEqual([
      'user pool "My App" and user pool "My_App" would all be /x/userPools/My_App/region; rename all but one (--to secretsmanager:NAME keeps them apart)',
    ]);
  });

  it("counts the ARN in front of a name against Parameter Store's 1011 characters, by region and partition", () => {
    const named = (length: number): OutputParameter[] => [{ name: `/${"a".repeat(length - 1)}`, value: "v", secure: false, owner: "o" }];
    // arn:aws:ssm:us-east-2:123456789012:parameter is 44 characters: 967 are left for the name.
    expect(parameterNameProblems(named(967), "us-east-2")).toEqual([]);
    expect(parameterNameProblems(named(968), "us-east-2")[0]).toMatch(/has 968 characters; Parameter Store takes at most 967 in us-east-2: choose a shorter --to prefix or shorter names$/);
    expect(parameterNameProblems(named(967), "us-gov-west-1")[0]).toContain("at most 956 in us-gov-west-1");
    expect(parameterNameProblems(named(967), "cn-north-1")[0]).toContain("at most 963 in cn-north-1");
  });
});

describe("what to write given what exists", () => {
  const want = (name: string, value: string, secure = false): OutputParameter => ({ name, value, secure, owner: "o" });
  const ours = (value: string, type = "String"): StoredParameter => ({ value, type, stack: "dev" });

  it("creates what is missing, updates what changed (value or type), leaves the rest; the order stays the document's", () => {
    const wanted = [want("/a", "1"), want("/b", "2"), want("/c", "3", true), want("/d", "4"), want("/e", "5", true)];
    const stored = new Map([
      ["/b", ours("2")],
      ["/c", ours("old", "SecureString")],
      ["/d", ours("4", "SecureString")],
      ["/e", ours("5", "SecureString")],
    ]);
    const changes = parameterChanges(wanted, stored, "dev");
    const names = (list: OutputParameter[]) => list.map((p) => p.name);
    expect({ create: names(changes.create), update: names(changes.update), unchanged: names(changes.unchanged), refusals: changes.refusals }).toEqual({
      create: ["/a"],
      update: ["/c", "/d"],
      unchanged: ["/b", "/e"],
      refusals: [],
    });
  });

  it("refuses every existing parameter that is not this stack's, even with the right value, one line each", () => {
    const wanted = [want("/a", "1"), want("/b", "2"), want("/c", "3")];
    const stored = new Map<string, StoredParameter>([
      ["/a", { value: "1", type: "String", stack: undefined }],
      ["/b", { value: "x", type: "String", stack: "prod" }],
    ]);
    const changes = parameterChanges(wanted, stored, "dev");
    expect(changes.refusals).toEqual([
      'SSM parameter /a exists and has no cognito-reconcile:stack tag; stack "dev" does not overwrite what it did not write: delete it, or choose another --to prefix',
      'SSM parameter /b exists and belongs to stack "prod" (cognito-reconcile:stack=prod); stack "dev" does not overwrite what it did not write: delete it, or choose another --to prefix',
    ]);
    expect(changes.create.map((p) => p.name)).toEqual(["/c"]);
  });

  const secret = (over: Partial<StoredSecret> = {}): StoredSecret => ({ arn: "arn:s", stack: "dev", deleted: false, value: '{"a":1}', ...over });
  const withSecret = JSON.stringify({ stack: "dev", userPools: { P: { clients: { M: { clientId: "m", clientSecret: "s" } } } }, identityPools: {} });

  it("what this stack wrote that no output has is stale, but not a client secret this run left out while its client is an output", () => {
    const document = doc({ P: pool("eu-west-1_a", { web: { clientId: "w" }, api: { clientId: "a", clientSecret: "s" } }) });
    const wanted = outputParameters(document, "/app/");
    const owned = [...wanted.map((p) => p.name), "/app/userPools/P/clients/gone/clientId", "/app/userPools/P/clients/web/clientSecret", "/app/userPools/P/domainUrl", "/app/identityPools/I/region"];
    expect(staleParameters(owned, wanted, leftOutSecretNames(document, "/app/"))).toEqual(["/app/identityPools/I/region", "/app/userPools/P/clients/gone/clientId", "/app/userPools/P/domainUrl"]);
    // Printed with --show-secrets, the api secret is wanted; without, it is left out, not stale.
    const withoutSecrets = doc({ P: pool("eu-west-1_a", { web: { clientId: "w" }, api: { clientId: "a" } }) });
    const fewer = outputParameters(withoutSecrets, "/app/");
    expect(staleParameters(wanted.map((p) => p.name), fewer, leftOutSecretNames(withoutSecrets, "/app/"))).toEqual([]);
    expect(staleParameters(wanted.map((p) => p.name), fewer, new Set())).toEqual(["/app/userPools/P/clients/api/clientSecret"]);
  });

  it("a secret: created when missing, updated when its value differs, left alone when equal", () => {
    const plain = { secretsIncluded: false };
    expect(secretChange("n", "v", undefined, "dev", plain)).toEqual({ action: "create" });
    expect(secretChange("n", '{"a":2}', secret(), "dev", plain)).toEqual({ action: "update", arn: "arn:s" });
    expect(secretChange("n", '{"a":1}', secret(), "dev", plain)).toEqual({ action: "unchanged", arn: "arn:s" });
    // Made without a value (no current version): written.
    expect(secretChange("n", "v", secret({ value: undefined }), "dev", plain)).toEqual({ action: "update", arn: "arn:s" });
  });

  it("a secret that is another stack's, untagged or scheduled for deletion is refused", () => {
    const refusal = (stored: StoredSecret) => secretChange("app/dev", "v", stored, "dev", { secretsIncluded: true });
    expect(refusal(secret({ stack: undefined, value: undefined }))).toEqual({
      action: "refuse",
      reason: 'Secrets Manager secret app/dev exists and has no cognito-reconcile:stack tag; stack "dev" does not overwrite what it did not write: delete it, or choose another secret name',
    });
    expect(refusal(secret({ stack: "prod", value: undefined }))).toMatchObject({ action: "refuse", reason: expect.stringContaining('belongs to stack "prod"') });
    expect(refusal(secret({ deleted: true, value: undefined }))).toEqual({
      action: "refuse",
      reason: "Secrets Manager secret app/dev is scheduled for deletion; restore it (aws secretsmanager restore-secret --secret-id app/dev) or choose another name",
    });
  });

  it("a run without --show-secrets does not take client secrets away from a secret that holds them", () => {
    expect(holdsClientSecrets(withSecret)).toBe(true);
    expect(holdsClientSecrets(JSON.stringify({ userPools: { P: { clients: { M: { clientId: "m" } } } } }))).toBe(false);
    expect(holdsClientSecrets("not json")).toBe(false);
    expect(holdsClientSecrets("null")).toBe(false);
    expect(secretChange("n", "{}", secret({ value: withSecret }), "dev", { secretsIncluded: false })).toEqual({
      action: "refuse",
      reason: "Secrets Manager secret n holds client secrets, which a run without --show-secrets would remove from it: run with --show-secrets to keep them up to date",
    });
    // With --show-secrets the document is the whole truth, a client that lost its secret included.
    expect(secretChange("n", "{}", secret({ value: withSecret }), "dev", { secretsIncluded: true })).toEqual({ action: "update", arn: "arn:s" });
  });
});

describe("errors on the way out", () => {
  it("carry no secret value, in the message or the details", () => {
    const error = new UserError("PutParameter (/x) failed: ValidationException: value s3cret-1 is bad", "at s3cret-1");
    const clean = withoutValues(error, ["s3cret-1", ""]) as UserError;
    expect(clean).toBeInstanceOf(UserError);
    expect(clean.message).toBe("PutParameter (/x) failed: ValidationException: value (sensitive) is bad");
    expect(clean.details).toBe("at (sensitive)");
    const internal = withoutValues(new TypeError("s3cret-1"), ["s3cret-1"]) as Error;
    expect(internal).not.toBeInstanceOf(UserError);
    expect(`${internal.message}${internal.stack}`).not.toContain("s3cret-1");
    const untouched = new UserError("nothing here");
    expect(withoutValues(untouched, ["s3cret-1"])).toBe(untouched);
  });
});
