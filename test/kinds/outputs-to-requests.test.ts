import { CreateSecretCommand, InternalServiceError, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParametersCommand, ListTagsForResourceCommand, PutParameterCommand, SSMClient, SSMServiceException } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categoryOf } from "../../src/aws/quotas.js";
import { UserError } from "../../src/core/errors.js";
import { createSecret, putSecretValue } from "../../src/outputs/aws-secrets-manager.js";
import { readParameters, writeParameter } from "../../src/outputs/aws-ssm.js";
import type { OutputParameter } from "../../src/outputs/parameters.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * What `outputs --to` sends, where the emulator cannot show it: the KMS key of a SecureString and
 * of a new secret, the tag only on creation, one version token across retries, throttling retried
 * at Parameter Store's pace, and AWS's refusals as one line naming the call, the name and the fix.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const ssmMock = mockClient(SSMClient);
const smMock = mockClient(SecretsManagerClient);

beforeEach(() => {
  ssmMock.reset();
  smMock.reset();
});
afterEach(() => {
  ssmMock.reset();
  smMock.reset();
});

const secret: OutputParameter = { name: "/app/userPools/P/clients/M/clientSecret", value: "s3cret", secure: true, owner: "client M" };
const plain: OutputParameter = { name: "/app/userPools/P/userPoolId", value: "us-east-1_P", secure: false, owner: "pool P" };

const ssmError = (name: string, message: string, status = 400) => new SSMServiceException({ name, $fault: status >= 500 ? "server" : "client", message, $metadata: { httpStatusCode: status } });

describe("PutParameter", () => {
  it("creates with the stack tag and no Overwrite; a SecureString names --kms-key-id, a String never does", async () => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 1 });
    const ssm = behindCallPolicy(SSMClient, "ssm");
    await writeParameter(ssm, secret, "create", { stack: "dev", kmsKeyId: "alias/app" });
    await writeParameter(ssm, plain, "create", { stack: "dev", kmsKeyId: "alias/app" });
    expect(ssmMock.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: secret.name,
        Value: "s3cret",
        Type: "SecureString",
        KeyId: "alias/app",
        Description: "Output of cognito-reconcile stack dev",
        Tags: [{ Key: "cognito-reconcile:stack", Value: "dev" }],
        Overwrite: false,
      },
      { Name: plain.name, Value: "us-east-1_P", Type: "String", Description: "Output of cognito-reconcile stack dev", Tags: [{ Key: "cognito-reconcile:stack", Value: "dev" }], Overwrite: false },
    ]);
  });

  it("updates with Overwrite and without Tags (AWS refuses the two together); without --kms-key-id AWS's own key is used", async () => {
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
    await writeParameter(behindCallPolicy(SSMClient, "ssm"), secret, "update", { stack: "dev" });
    expect(ssmMock.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({
      Name: secret.name,
      Value: "s3cret",
      Type: "SecureString",
      Description: "Output of cognito-reconcile stack dev",
      Overwrite: true,
    });
  });

  it("is retried while Parameter Store throttles, and paced in its own tight category", async () => {
    expect(categoryOf("PutParameter", "ssm")).toBe("ParameterStoreWrite");
    expect(categoryOf("GetParameters", "ssm")).toBe("ParameterStoreRead");
    expect(categoryOf("ListTagsForResource", "ssm")).toBe("ParameterStoreTags");
    expect(categoryOf("PutSecretValue", "secretsmanager")).toBe("SecretsManagerWrite");
    ssmMock
      .on(PutParameterCommand)
      .rejectsOnce(ssmError("ThrottlingException", "Rate exceeded"))
      .rejectsOnce(ssmError("ThrottlingException", "Rate exceeded"))
      .rejectsOnce(ssmError("TooManyUpdates", "There are concurrent updates for a resource that supports one update at a time."))
      .resolves({ Version: 1 });
    await writeParameter(behindCallPolicy(SSMClient, "ssm"), plain, "create", { stack: "dev" });
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(4);
  });

  it("a refusal is one line naming the call, the parameter and the permission, and never the value", async () => {
    ssmMock.on(PutParameterCommand).rejects(ssmError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/ci is not authorized to perform: ssm:PutParameter"));
    const error = await writeParameter(behindCallPolicy(SSMClient, "ssm"), secret, "create", { stack: "dev", kmsKeyId: "alias/app" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `PutParameter (${secret.name}): access denied: these credentials may not call ssm:PutParameter; check that the credentials' IAM policy allows ssm:PutParameter and ssm:AddTagsToResource on it, and kms:Encrypt on alias/app`,
    );
    expect((error as Error).message).not.toContain("s3cret");
    expect(ssmMock.commandCalls(PutParameterCommand)).toHaveLength(1);
  });

  it("a parameter made between the read and the write is not overwritten", async () => {
    ssmMock.on(PutParameterCommand).rejects(ssmError("ParameterAlreadyExists", "The parameter already exists."));
    await expect(writeParameter(behindCallPolicy(SSMClient, "ssm"), plain, "create", { stack: "dev" })).rejects.toThrow(
      `PutParameter (${plain.name}) failed: ParameterAlreadyExists: The parameter already exists.; it was created while this run read; run again`,
    );
  });
});

describe("reading parameters", () => {
  it("asks GetParameters ten names at a time, decrypting only when asked, and reads the tags of those that exist", async () => {
    const names = Array.from({ length: 23 }, (_, i) => `/app/p${i}`);
    ssmMock.on(GetParametersCommand).callsFake((input: { Names: string[] }) => ({
      Parameters: input.Names.filter((n) => n.endsWith("1")).map((Name) => ({ Name, Value: `v-${Name}`, Type: "String" })),
      InvalidParameters: input.Names.filter((n) => !n.endsWith("1")),
    }));
    ssmMock.on(ListTagsForResourceCommand).callsFake((input: { ResourceId: string }) => ({ TagList: input.ResourceId === "/app/p1" ? [{ Key: "cognito-reconcile:stack", Value: "dev" }] : [] }));
    const stored = await readParameters(behindCallPolicy(SSMClient, "ssm"), names, { decrypt: false });
    expect(ssmMock.commandCalls(GetParametersCommand).map((c) => [c.args[0].input.Names?.length, c.args[0].input.WithDecryption])).toEqual([
      [10, false],
      [10, false],
      [3, false],
    ]);
    expect(ssmMock.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input.ResourceId).sort()).toEqual(["/app/p1", "/app/p11", "/app/p21"]);
    expect([...stored].sort()).toEqual([
      ["/app/p1", { value: "v-/app/p1", type: "String", stack: "dev" }],
      ["/app/p11", { value: "v-/app/p11", type: "String", stack: undefined }],
      ["/app/p21", { value: "v-/app/p21", type: "String", stack: undefined }],
    ]);
  });

  it("a refused decryption names the key permission", async () => {
    ssmMock.on(GetParametersCommand).rejects(ssmError("AccessDeniedException", "not authorized to perform kms:Decrypt"));
    await expect(readParameters(behindCallPolicy(SSMClient, "ssm"), ["/a", "/b"], { decrypt: true })).rejects.toThrow(
      "GetParameters (/a and 1 more): access denied: these credentials may not call kms:Decrypt; check that the credentials' IAM policy allows ssm:GetParameters on these names, and kms:Decrypt on the key of their SecureStrings",
    );
  });
});

describe("Secrets Manager", () => {
  it("CreateSecret carries the value, the stack tag, --kms-key-id and the run's version token", async () => {
    smMock.on(CreateSecretCommand).resolves({});
    await createSecret(behindCallPolicy(SecretsManagerClient, "secretsmanager"), "app/dev", "{}", { stack: "dev", kmsKeyId: "alias/app", token: "11111111-2222-3333-4444-555555555555" });
    expect(smMock.commandCalls(CreateSecretCommand)[0]!.args[0].input).toEqual({
      Name: "app/dev",
      SecretString: "{}",
      ClientRequestToken: "11111111-2222-3333-4444-555555555555",
      Description: "Outputs of cognito-reconcile stack dev",
      Tags: [{ Key: "cognito-reconcile:stack", Value: "dev" }],
      KmsKeyId: "alias/app",
    });
  });

  it("a PutSecretValue retried after a server error sends the same version token, so AWS keeps one new version", async () => {
    smMock
      .on(PutSecretValueCommand)
      .rejectsOnce(new InternalServiceError({ message: "internal", $metadata: { httpStatusCode: 500 } }))
      .resolves({});
    await putSecretValue(behindCallPolicy(SecretsManagerClient, "secretsmanager"), "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/dev-AbCdEf", "app/dev", "{}", { stack: "dev", token: "t-1" });
    const tokens = smMock.commandCalls(PutSecretValueCommand).map((c) => [c.args[0].input.SecretId, c.args[0].input.ClientRequestToken]);
    expect(tokens).toEqual([
      ["arn:aws:secretsmanager:us-east-1:123456789012:secret:app/dev-AbCdEf", "t-1"],
      ["arn:aws:secretsmanager:us-east-1:123456789012:secret:app/dev-AbCdEf", "t-1"],
    ]);
  });
});
