import {
  type CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  paginateListIdentityProviders,
  UpdateIdentityProviderCommand,
  type IdentityProviderType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { createIdentityProviderRequest, updateIdentityProviderRequest, type IdentityProviderSpec } from "./model.js";

/**
 * A DuplicateProviderException means a provider of this name was made by an attempt whose answer
 * was lost, or by a concurrent apply: it is brought to the file's values. When no provider of this
 * name can be found after all, the look-up has nothing to say and the create's own error is the one
 * that explains the failure.
 */
async function meetExistingProvider(idp: CognitoIdentityProviderClient, poolId: string, spec: IdentityProviderSpec, createError: unknown): Promise<void> {
  const resource = `${poolId} ${spec.name}`;
  const original = describeAwsError(createError, "CreateIdentityProvider", resource);
  if (!isAwsError(createError, "DuplicateProviderException")) throw original;
  const described = await awsCallTolerating("DescribeIdentityProvider", resource, ["ResourceNotFoundException"], () =>
    idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: spec.name })),
  );
  const live = described?.IdentityProvider;
  if (!live) throw original;
  const update = updateIdentityProviderRequest(poolId, spec, live);
  await awsCall("UpdateIdentityProvider", resource, () => idp.send(new UpdateIdentityProviderCommand(update)));
}

export const identityProviderEffects: ChildEffects<IdentityProviderSpec, IdentityProviderType> = {
  /** ListIdentityProviders gives names only; details (and the secret to compare) need a describe each. */
  async list(idp, pool) {
    const names: string[] = [];
    await awsCall("ListIdentityProviders", pool.id, async () => {
      for await (const page of paginateListIdentityProviders({ client: idp, pageSize: 60 }, { UserPoolId: pool.id, MaxResults: 60 })) {
        for (const p of page.Providers ?? []) if (p.ProviderName) names.push(p.ProviderName);
      }
    });
    const limit = pLimit(4);
    const described = await Promise.all(
      names.map((name) =>
        limit(() =>
          awsCallTolerating("DescribeIdentityProvider", `${pool.id} ${name}`, ["ResourceNotFoundException"], () =>
            idp.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: name })),
          ),
        ),
      ),
    );
    return described.map((d) => d?.IdentityProvider).filter((p): p is IdentityProviderType => p !== undefined);
  },
  async create(idp, poolId, spec) {
    const desired = spec;
    try {
      await idp.send(new CreateIdentityProviderCommand(createIdentityProviderRequest(poolId, desired)));
    } catch (error) {
      await meetExistingProvider(idp, poolId, desired, error);
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec, live) {
    const request = updateIdentityProviderRequest(poolId, spec, live);
    await awsCall("UpdateIdentityProvider", `${poolId} ${request.ProviderName}`, () => idp.send(new UpdateIdentityProviderCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const name = live.ProviderName ?? "";
    await awsCallTolerating("DeleteIdentityProvider", `${poolId} ${name}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name })),
    );
  },
};
