import {
  type CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  paginateListResourceServers,
  UpdateResourceServerCommand,
  type CreateResourceServerRequest,
  type ResourceServerType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { resourceServerRequest, type ResourceServerSpec } from "./model.js";

/**
 * CreateResourceServer answers InvalidParameterException both for an identifier the pool already
 * has and for a bad request. The pool, not the wording of the message, tells them apart: a server
 * that is there was made by an attempt whose answer was lost (or by a concurrent apply) and is
 * brought to the file's values; otherwise the create's own error is the one to show.
 */
async function meetExistingServer(idp: CognitoIdentityProviderClient, request: CreateResourceServerRequest, createError: unknown): Promise<void> {
  const resource = `${request.UserPoolId} ${request.Identifier}`;
  const original = describeAwsError(createError, "CreateResourceServer", resource);
  if (!isAwsError(createError, "InvalidParameterException")) throw original;
  const described = await awsCallTolerating("DescribeResourceServer", resource, ["ResourceNotFoundException"], () =>
    idp.send(new DescribeResourceServerCommand({ UserPoolId: request.UserPoolId, Identifier: request.Identifier })),
  );
  if (!described?.ResourceServer) throw original;
  // Create and update take the same body, and an update replaces the name and every scope.
  await awsCall("UpdateResourceServer", resource, () => idp.send(new UpdateResourceServerCommand(request)));
}

export const resourceServerEffects: ChildEffects<ResourceServerSpec, ResourceServerType> = {
  async list(idp, pool) {
    const servers: ResourceServerType[] = [];
    await awsCall("ListResourceServers", pool.id, async () => {
      for await (const page of paginateListResourceServers({ client: idp, pageSize: 50 }, { UserPoolId: pool.id, MaxResults: 50 })) {
        servers.push(...(page.ResourceServers ?? []));
      }
    });
    return servers;
  },
  async create(idp, poolId, spec) {
    const request = resourceServerRequest(poolId, spec);
    try {
      await idp.send(new CreateResourceServerCommand(request));
    } catch (error) {
      await meetExistingServer(idp, request, error);
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec) {
    const request = resourceServerRequest(poolId, spec);
    await awsCall("UpdateResourceServer", `${poolId} ${request.Identifier}`, () => idp.send(new UpdateResourceServerCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const identifier = live.Identifier ?? "";
    await awsCallTolerating("DeleteResourceServer", `${poolId} ${identifier}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: identifier })),
    );
  },
};
