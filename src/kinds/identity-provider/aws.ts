import {
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  paginateListIdentityProviders,
  UpdateIdentityProviderCommand,
  type IdentityProviderType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import type { ChildEffects } from "../effects.js";
import { createIdentityProviderRequest, updateIdentityProviderRequest, type IdentityProviderSpec } from "./model.js";

export const identityProviderEffects: ChildEffects = {
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
    const request = createIdentityProviderRequest(poolId, spec as unknown as IdentityProviderSpec);
    const resource = `${poolId} ${request.ProviderName}`;
    const created = await awsCallTolerating("CreateIdentityProvider", resource, ["DuplicateProviderException"], () => idp.send(new CreateIdentityProviderCommand(request)));
    if (!created) {
      // Already there: made by an attempt whose answer was lost, or by a concurrent apply.
      const live = await awsCall("DescribeIdentityProvider", resource, () => idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: request.ProviderName })));
      const update = updateIdentityProviderRequest(poolId, spec as unknown as IdentityProviderSpec, live.IdentityProvider ?? {});
      await awsCall("UpdateIdentityProvider", resource, () => idp.send(new UpdateIdentityProviderCommand(update)));
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec, live) {
    const request = updateIdentityProviderRequest(poolId, spec as unknown as IdentityProviderSpec, live as IdentityProviderType);
    await awsCall("UpdateIdentityProvider", `${poolId} ${request.ProviderName}`, () => idp.send(new UpdateIdentityProviderCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const name = (live as IdentityProviderType).ProviderName ?? "";
    await awsCallTolerating("DeleteIdentityProvider", `${poolId} ${name}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name })),
    );
  },
};
