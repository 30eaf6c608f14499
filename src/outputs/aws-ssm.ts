import { DeleteParametersCommand, GetParametersCommand, ListTagsForResourceCommand, paginateDescribeParameters, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import pLimit from "p-limit";
import { describeAwsError } from "../aws/errors.js";
import { STACK_TAG } from "../schema/cognito-defaults.js";
import { parameterType, type StoredParameter } from "./changes.js";
import type { OutputParameter } from "./parameters.js";

/** GetParameters takes at most 10 names a call. */
const NAMES_PER_CALL = 10;
/** Calls in flight at once; the call policy paces them at Parameter Store's rates in any case. */
const AT_ONCE = 4;

const ACCESS = "check that the credentials' IAM policy allows";

function names(batch: readonly string[]): string {
  return batch.length === 1 ? batch[0]! : `${batch[0]} and ${batch.length - 1} more`;
}

/**
 * The parameters of these names that exist, with their stack tag. Values are decrypted only when
 * asked (--show-secrets, the only case in which a SecureString is among the names); tags are read
 * one parameter at a time, as ListTagsForResource is the one call that gives them.
 */
export async function readParameters(ssm: SSMClient, wanted: readonly string[], options: { decrypt: boolean }): Promise<Map<string, StoredParameter>> {
  const batches: string[][] = [];
  for (let i = 0; i < wanted.length; i += NAMES_PER_CALL) batches.push(wanted.slice(i, i + NAMES_PER_CALL));
  const limit = pLimit(AT_ONCE);
  const advice = { AccessDeniedException: `${ACCESS} ssm:GetParameters on these names${options.decrypt ? ", and kms:Decrypt on the key of their SecureStrings" : ""}` };
  const found = (
    await Promise.all(
      batches.map((batch) =>
        limit(() => ssm.send(new GetParametersCommand({ Names: batch, WithDecryption: options.decrypt })).catch(rethrow("GetParameters", names(batch), advice))),
      ),
    )
  ).flatMap((answer) => answer.Parameters ?? []);
  const stored = new Map<string, StoredParameter>();
  await Promise.all(
    found.map((p) =>
      limit(async () => {
        const tags = await ssm
          .send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: p.Name! }))
          .catch(rethrow("ListTagsForResource", p.Name!, { AccessDeniedException: `${ACCESS} ssm:ListTagsForResource on it` }));
        stored.set(p.Name!, { value: p.Value ?? "", type: p.Type ?? "", stack: tags.TagList?.find((t) => t.Key === STACK_TAG)?.Value });
      }),
    ),
  );
  return stored;
}

function rethrow(operation: string, resource: string, advice: Record<string, string>) {
  return (error: unknown): never => {
    throw describeAwsError(error, operation, resource, advice);
  };
}

export interface ParameterWriteOptions {
  stack: string;
  /** The KMS key of SecureString parameters; AWS's own aws/ssm key when absent. */
  kmsKeyId?: string;
}

/**
 * Writes one parameter. A new one is created with the stack tag in the same call (PutParameter
 * refuses Tags with Overwrite, and a parameter this stack updates already has the tag); an update
 * overwrites only a parameter the read found tagged with this stack. A parameter that appeared in
 * between is not overwritten: PutParameter without Overwrite refuses it.
 */
export async function writeParameter(ssm: SSMClient, parameter: OutputParameter, action: "create" | "update", options: ParameterWriteOptions): Promise<void> {
  const type = parameterType(parameter);
  const key = parameter.secure && options.kmsKeyId !== undefined ? { KeyId: options.kmsKeyId } : {};
  const request = {
    Name: parameter.name,
    Value: parameter.value,
    Type: type,
    ...key,
    Description: `Output of cognito-reconcile stack ${options.stack}`,
    ...(action === "create" ? { Tags: [{ Key: STACK_TAG, Value: options.stack }], Overwrite: false } : { Overwrite: true }),
  };
  const kms = parameter.secure ? `, and kms:Encrypt on ${options.kmsKeyId ?? "the aws/ssm key"}` : "";
  const advice = {
    AccessDeniedException: `${ACCESS} ssm:PutParameter${action === "create" ? " and ssm:AddTagsToResource" : ""} on it${kms}`,
    ParameterAlreadyExists: "it was created while this run read; run again",
    HierarchyTypeMismatchException: `it holds another type than ${type}, which Parameter Store does not change in place: delete it and run again`,
    InvalidKeyId: "--kms-key-id names no key this account may use in this region",
  };
  await ssm.send(new PutParameterCommand(request)).catch(rethrow("PutParameter", parameter.name, advice));
}

/**
 * The names of the parameters under the prefix that carry this stack's tag: what earlier runs wrote.
 * One paged DescribeParameters, filtered by path and tag on AWS's side (no values are read).
 */
export async function stackParametersUnder(ssm: SSMClient, prefix: string, stack: string): Promise<string[]> {
  const path = prefix === "/" ? "/" : prefix.replace(/\/$/, "");
  const names: string[] = [];
  const filters = [
    { Key: "Path", Option: "Recursive", Values: [path] },
    { Key: `tag:${STACK_TAG}`, Values: [stack] },
  ];
  try {
    for await (const page of paginateDescribeParameters({ client: ssm, pageSize: 50 }, { ParameterFilters: filters, MaxResults: 50 })) {
      for (const p of page.Parameters ?? []) if (p.Name) names.push(p.Name);
    }
  } catch (error) {
    throw describeAwsError(error, "DescribeParameters", `${path} (tag ${STACK_TAG}=${stack})`, { AccessDeniedException: `${ACCESS} ssm:DescribeParameters (on "*": it takes no resource)` });
  }
  return names;
}

/** DeleteParameters takes at most 10 names a call. A name already gone is not an error (AWS lists it as invalid). */
export async function deleteParameters(ssm: SSMClient, stale: readonly string[]): Promise<void> {
  for (let i = 0; i < stale.length; i += NAMES_PER_CALL) {
    const batch = stale.slice(i, i + NAMES_PER_CALL);
    await ssm.send(new DeleteParametersCommand({ Names: batch })).catch(rethrow("DeleteParameters", names(batch), { AccessDeniedException: `${ACCESS} ssm:DeleteParameters on them` }));
  }
}
