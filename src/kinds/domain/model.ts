import type { CreateUserPoolDomainRequest, DomainDescriptionType, UpdateUserPoolDomainRequest } from "@aws-sdk/client-cognito-identity-provider";
import type { DomainConfig } from "../../schema/domain.js";

/**
 * A hosted domain: its name (prefix or host), for a custom domain the certificate, and which login
 * pages it serves (1 = classic hosted UI, 2 = managed login). A version the spec leaves out is not
 * managed: the diff compares only what the desired spec sets.
 */
export interface DomainSpec {
  domain: string;
  certificateArn?: string;
  managedLoginVersion?: number;
}

const version = (managedLoginVersion: number | undefined) => (managedLoginVersion !== undefined ? { managedLoginVersion } : {});

export function domainSpecFromConfig(config: DomainConfig): DomainSpec {
  if (config.custom !== undefined) return { domain: config.custom, certificateArn: config.certificateArn ?? "", ...version(config.managedLoginVersion) };
  return { domain: config.prefix ?? "", ...version(config.managedLoginVersion) };
}

export function domainSpecFromLive(live: DomainDescriptionType): DomainSpec {
  const certificateArn = live.CustomDomainConfig?.CertificateArn;
  return { domain: live.Domain ?? "", ...(certificateArn ? { certificateArn } : {}), ...version(live.ManagedLoginVersion) };
}

/** CreateUserPoolDomain; without a version in the spec, Cognito's default applies. */
export function domainRequest(poolId: string, spec: DomainSpec): CreateUserPoolDomainRequest {
  return {
    UserPoolId: poolId,
    Domain: spec.domain,
    ...(spec.certificateArn ? { CustomDomainConfig: { CertificateArn: spec.certificateArn } } : {}),
    ...(spec.managedLoginVersion !== undefined ? { ManagedLoginVersion: spec.managedLoginVersion } : {}),
  };
}

/**
 * UpdateUserPoolDomain with the file's certificate and managed login version. A version the file
 * does not manage is sent as it is live, so an update of the certificate cannot move the domain to
 * other login pages.
 */
export function updateDomainRequest(poolId: string, spec: DomainSpec, live: DomainDescriptionType): UpdateUserPoolDomainRequest {
  const managedLoginVersion = spec.managedLoginVersion ?? live.ManagedLoginVersion;
  return {
    ...domainRequest(poolId, spec),
    ...(managedLoginVersion !== undefined ? { ManagedLoginVersion: managedLoginVersion } : {}),
  };
}

/** The URL an application uses for the hosted UI and OAuth endpoints. */
export function domainUrl(domain: string, region: string): string {
  return domain.includes(".") ? `https://${domain}` : `https://${domain}.auth.${region}.amazoncognito.com`;
}
