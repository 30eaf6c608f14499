import {
  CreateTermsCommand,
  DeleteTermsCommand,
  DescribeTermsCommand,
  ListTermsCommand,
  UpdateTermsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { clientsRead } from "../client/owned.js";
import { createTermsRequest, updateTermsRequest, type LiveTerms, type TermsSpec } from "./model.js";


export const termsEffects: ChildEffects<TermsSpec, LiveTerms> = {
  /**
   * ListTerms gives names and ids only, for the whole pool; DescribeTerms gives the client and the
   * links. A document of a client not read (or deleted since) is named by the client id, which no
   * file entry matches.
   */
  async list(idp, pool) {
    const ids: string[] = [];
    // The SDK has no paginator for ListTerms: follow NextToken by hand, 60 a page (the most AWS gives).
    let token: string | undefined;
    do {
      const page = await awsCall("ListTerms", pool.id, () => idp.send(new ListTermsCommand({ UserPoolId: pool.id, MaxResults: 60, ...(token ? { NextToken: token } : {}) })));
      for (const t of page.Terms ?? []) if (t.TermsId) ids.push(t.TermsId);
      token = page.NextToken || undefined;
    } while (token !== undefined);
    const names = new Map(clientsRead(pool).map((c) => [c.id, c.name]));
    const limit = pLimit(4);
    const described = await Promise.all(
      ids.map((id) =>
        limit(() => awsCallTolerating("DescribeTerms", `${pool.id} terms ${id}`, ["ResourceNotFoundException"], () => idp.send(new DescribeTermsCommand({ UserPoolId: pool.id, TermsId: id })))),
      ),
    );
    return described.flatMap((answer) => {
      const terms = answer?.Terms;
      return terms ? [{ clientName: names.get(terms.ClientId ?? "") ?? terms.ClientId ?? "", terms }] : [];
    });
  },
  async create(idp, poolId, spec, clientId) {
    if (clientId === undefined) throw new Error("terms: no client id to create them for");
    await awsCall("CreateTerms", `${poolId} client ${clientId} terms ${spec.name}`, () => idp.send(new CreateTermsCommand(createTermsRequest(poolId, clientId, spec))));
    return { detail: "" };
  },
  async update(idp, poolId, spec, live) {
    await awsCall("UpdateTerms", `${poolId} terms ${live.terms.TermsName}`, () => idp.send(new UpdateTermsCommand(updateTermsRequest(poolId, live, spec))));
    return "";
  },
  async delete(idp, poolId, live) {
    await awsCallTolerating("DeleteTerms", `${poolId} terms ${live.terms.TermsName}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: live.terms.TermsId })),
    );
  },
};
