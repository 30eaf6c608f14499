import type { CreateUserPoolDomainRequest, DomainDescriptionType, UpdateUserPoolDomainRequest } from "@aws-sdk/client-cognito-identity-provider";
import type { DomainConfig } from "../../schema/domain.js";

/** A hosted domain: its name (prefix or host) and, for a custom domain, the certificate. */
export interface DomainSpec {
  domain: string;
  certificateArn?: string;
}

export function domainSpecFromConfig(config: DomainConfig): DomainSpec {
  if (config.custom !== undefined) return { domain: config.custom, certificateArn: config.certificateArn ?? "" };
  return { domain: config.prefix ?? "" };
}

export function domainSpecFromLive(live: DomainDescriptionType): DomainSpec {
  const certificateArn = live.CustomDomainConfig?.CertificateArn;
  return certificateArn ? { domain: live.Domain ?? "", certificateArn } : { domain: live.Domain ?? "" };
}

export function domainRequest(poolId: string, spec: DomainSpec): CreateUserPoolDomainRequest {
  return {
    UserPoolId: poolId,
    Domain: spec.domain,
    ...(spec.certificateArn ? { CustomDomainConfig: { CertificateArn: spec.certificateArn } } : {}),
  };
}

/**
 * UpdateUserPoolDomain for the file's certificate. The managed login version, which the file does
 * not manage, is sent as it is live so the update cannot move the domain to another login page.
 */
export function updateDomainRequest(poolId: string, spec: DomainSpec, live: DomainDescriptionType): UpdateUserPoolDomainRequest {
  return {
    ...domainRequest(poolId, spec),
    ...(live.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: live.ManagedLoginVersion } : {}),
  };
}

/** The URL an application uses for the hosted UI and OAuth endpoints. */
export function domainUrl(domain: string, region: string): string {
  return domain.includes(".") ? `https://${domain}` : `https://${domain}.auth.${region}.amazoncognito.com`;
}
