import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
  type DomainDescriptionType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import type { ChildEffects } from "../effects.js";
import { domainRequest, type DomainSpec } from "./model.js";

export const domainEffects: ChildEffects = {
  /** DescribeUserPool names the domains; DescribeUserPoolDomain adds a custom domain's certificate. */
  async list(idp, pool) {
    const names = [pool.raw.Domain, pool.raw.CustomDomain].filter((d): d is string => !!d);
    const described = await Promise.all(
      names.map((domain) => awsCall("DescribeUserPoolDomain", domain, () => idp.send(new DescribeUserPoolDomainCommand({ Domain: domain })))),
    );
    return described.map((d, i) => ({ ...d.DomainDescription, Domain: d.DomainDescription?.Domain ?? names[i] }));
  },
  async create(idp, poolId, spec) {
    const request = domainRequest(poolId, spec as unknown as DomainSpec);
    const resource = `${poolId} ${request.Domain}`;
    try {
      await idp.send(new CreateUserPoolDomainCommand(request));
    } catch (error) {
      // A domain this pool already has was made by an attempt whose answer was lost; a domain
      // another pool has is a real conflict.
      const existing = isAwsError(error, "InvalidParameterException")
        ? await awsCall("DescribeUserPoolDomain", resource, () => idp.send(new DescribeUserPoolDomainCommand({ Domain: request.Domain })))
        : undefined;
      if (existing?.DomainDescription?.UserPoolId !== poolId) throw describeAwsError(error, "CreateUserPoolDomain", resource);
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec) {
    const request = domainRequest(poolId, spec as unknown as DomainSpec);
    // Only a custom domain has something to update in place: its certificate.
    await awsCall("UpdateUserPoolDomain", `${poolId} ${request.Domain}`, () => idp.send(new UpdateUserPoolDomainCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const domain = (live as DomainDescriptionType).Domain ?? "";
    await awsCallTolerating("DeleteUserPoolDomain", `${poolId} ${domain}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain })),
    );
  },
};
