import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describeAwsError, isAwsError } from "../aws/errors.js";
import { STACK_TAG } from "../schema/cognito-defaults.js";
import { mayReadSecret, type StoredSecret } from "./changes.js";

const ACCESS = "check that the credentials' IAM policy allows";

function rethrow(operation: string, resource: string, advice: Record<string, string>) {
  return (error: unknown): never => {
    throw describeAwsError(error, operation, resource, advice);
  };
}

/**
 * The secret of this name, or undefined when there is none. Its value is read only when it is this
 * stack's (its tag says so): another's secret is refused without looking inside.
 */
export async function readSecret(sm: SecretsManagerClient, name: string, stack: string): Promise<StoredSecret | undefined> {
  let described;
  try {
    described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
  } catch (error) {
    if (isAwsError(error, "ResourceNotFoundException")) return undefined;
    throw describeAwsError(error, "DescribeSecret", name, { AccessDeniedException: `${ACCESS} secretsmanager:DescribeSecret on it` });
  }
  const stored: StoredSecret = {
    arn: described.ARN ?? name,
    stack: described.Tags?.find((t) => t.Key === STACK_TAG)?.Value,
    deleted: described.DeletedDate !== undefined,
  };
  if (!mayReadSecret(stored, stack)) return stored;
  try {
    const current = await sm.send(new GetSecretValueCommand({ SecretId: stored.arn }));
    return { ...stored, value: current.SecretString };
  } catch (error) {
    // A secret made without a value has no current version yet: nothing to compare with.
    if (isAwsError(error, "ResourceNotFoundException")) return stored;
    throw describeAwsError(error, "GetSecretValue", name, { AccessDeniedException: `${ACCESS} secretsmanager:GetSecretValue on it, and kms:Decrypt on its key` });
  }
}

export interface SecretWriteOptions {
  stack: string;
  /** The KMS key of a secret this run creates; AWS's own aws/secretsmanager key when absent. */
  kmsKeyId?: string;
  /**
   * The new version's id. Retries of a call that may have been carried out send the same one, and
   * Secrets Manager ignores a request whose token and value it already has, so no retry makes a
   * second version.
   */
  token: string;
}

/** Creates the secret with its value and the stack tag in one call. */
export async function createSecret(sm: SecretsManagerClient, name: string, value: string, options: SecretWriteOptions): Promise<void> {
  const kms = options.kmsKeyId !== undefined ? { KmsKeyId: options.kmsKeyId } : {};
  const request = { Name: name, SecretString: value, ClientRequestToken: options.token, Description: `Outputs of cognito-reconcile stack ${options.stack}`, Tags: [{ Key: STACK_TAG, Value: options.stack }], ...kms };
  await sm.send(new CreateSecretCommand(request)).catch(
    rethrow("CreateSecret", name, {
      AccessDeniedException: `${ACCESS} secretsmanager:CreateSecret and secretsmanager:TagResource on it${options.kmsKeyId !== undefined ? `, and kms:GenerateDataKey on ${options.kmsKeyId}` : ""}`,
      ResourceExistsException: "it was created while this run read; run again",
    }),
  );
}

/** A new current version of a secret this stack owns. */
export async function putSecretValue(sm: SecretsManagerClient, arn: string, name: string, value: string, options: SecretWriteOptions): Promise<void> {
  await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: options.token })).catch(
    rethrow("PutSecretValue", name, { AccessDeniedException: `${ACCESS} secretsmanager:PutSecretValue on it, and kms:GenerateDataKey on its key` }),
  );
}
