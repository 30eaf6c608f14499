import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  paginateListResourceServers,
  UpdateResourceServerCommand,
  type ResourceServerType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import type { ChildEffects } from "../effects.js";
import { resourceServerRequest, type ResourceServerSpec } from "./model.js";

export const resourceServerEffects: ChildEffects = {
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
    const request = resourceServerRequest(poolId, spec as unknown as ResourceServerSpec);
    const resource = `${poolId} ${request.Identifier}`;
    try {
      await idp.send(new CreateResourceServerCommand(request));
    } catch (error) {
      // Already there: made by an attempt whose answer was lost, or by a concurrent apply.
      if (!isAwsError(error, "InvalidParameterException") || !/already exists/i.test((error as Error).message)) throw describeAwsError(error, "CreateResourceServer", resource);
      await awsCall("UpdateResourceServer", resource, () => idp.send(new UpdateResourceServerCommand(request)));
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec) {
    const request = resourceServerRequest(poolId, spec as unknown as ResourceServerSpec);
    await awsCall("UpdateResourceServer", `${poolId} ${request.Identifier}`, () => idp.send(new UpdateResourceServerCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const identifier = (live as ResourceServerType).Identifier ?? "";
    await awsCallTolerating("DeleteResourceServer", `${poolId} ${identifier}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: identifier })),
    );
  },
};
