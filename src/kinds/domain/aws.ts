import {
  type CognitoIdentityProviderClient,
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
  type DomainDescriptionType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { domainRequest, updateDomainRequest, type DomainSpec } from "./model.js";

/**
 * CreateUserPoolDomain answers InvalidParameterException both for a domain that is taken and for a
 * bad request, so only DescribeUserPoolDomain tells them apart. A domain this pool has was made by
 * an attempt whose answer was lost (or by a concurrent apply) and is brought to the file's values;
 * one another pool has is a real conflict; a domain no pool has leaves the create's own error as
 * the one worth showing.
 */
async function meetExistingDomain(idp: CognitoIdentityProviderClient, poolId: string, spec: DomainSpec, createError: unknown): Promise<void> {
  const resource = `${poolId} ${spec.domain}`;
  const original = describeAwsError(createError, "CreateUserPoolDomain", resource);
  if (!isAwsError(createError, "InvalidParameterException")) throw original;
  const described = await awsCallTolerating("DescribeUserPoolDomain", resource, ["ResourceNotFoundException"], () =>
    idp.send(new DescribeUserPoolDomainCommand({ Domain: spec.domain })),
  );
  // AWS describes a domain that no pool of the account has as an empty description.
  const live = described?.DomainDescription;
  if (!live?.UserPoolId) throw original;
  if (live.UserPoolId !== poolId) {
    throw new UserError(`CreateUserPoolDomain (${resource}) failed: the domain ${spec.domain} belongs to another user pool (${live.UserPoolId}); choose another domain or remove it from that pool`);
  }
  // What a domain can change in place: a custom domain's certificate, and the managed login version.
  const certificateDiffers = !!spec.certificateArn && live.CustomDomainConfig?.CertificateArn !== spec.certificateArn;
  const versionDiffers = spec.managedLoginVersion !== undefined && live.ManagedLoginVersion !== spec.managedLoginVersion;
  if (certificateDiffers || versionDiffers) {
    await awsCall("UpdateUserPoolDomain", resource, () => idp.send(new UpdateUserPoolDomainCommand(updateDomainRequest(poolId, spec, live))));
  }
}

export const domainEffects: ChildEffects<DomainSpec, DomainDescriptionType> = {
  /** DescribeUserPool names the domains; DescribeUserPoolDomain adds a custom domain's certificate. */
  async list(idp, pool) {
    const names = [pool.raw.Domain, pool.raw.CustomDomain].filter((d): d is string => !!d);
    const described = await Promise.all(
      names.map((domain) => awsCall("DescribeUserPoolDomain", domain, () => idp.send(new DescribeUserPoolDomainCommand({ Domain: domain })))),
    );
    return described.map((d, i) => ({ ...d.DomainDescription, Domain: d.DomainDescription?.Domain ?? names[i] }));
  },
  async create(idp, poolId, spec) {
    const desired = spec;
    try {
      await idp.send(new CreateUserPoolDomainCommand(domainRequest(poolId, desired)));
    } catch (error) {
      await meetExistingDomain(idp, poolId, desired, error);
    }
    return { detail: "" };
  },
  async update(idp, poolId, spec, live) {
    const request = updateDomainRequest(poolId, spec, live);
    // In place: a custom domain's certificate and the managed login version; a new name is a new domain.
    await awsCall("UpdateUserPoolDomain", `${poolId} ${request.Domain}`, () => idp.send(new UpdateUserPoolDomainCommand(request)));
    return "";
  },
  async delete(idp, poolId, live) {
    const domain = live.Domain ?? "";
    await awsCallTolerating("DeleteUserPoolDomain", `${poolId} ${domain}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain })),
    );
  },
};
