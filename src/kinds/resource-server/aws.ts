import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  paginateListResourceServers,
  UpdateResourceServerCommand,
  type ResourceServerType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
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
    await awsCall("CreateResourceServer", `${poolId} ${request.Identifier}`, () => idp.send(new CreateResourceServerCommand(request)));
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
