import type { CreateTermsRequest, TermsType, UpdateTermsRequest } from "@aws-sdk/client-cognito-identity-provider";
import type { TermsConfig } from "../../schema/terms.js";

/** A client's terms document as the diff sees it: which one, how sign-up enforces it, its links by language. */
export interface TermsSpec {
  name: string;
  enforcement: string;
  links: Record<string, string>;
}

/** A live terms document with the name of the client it belongs to (DescribeTerms gives its id only). */
export interface LiveTerms {
  clientName: string;
  terms: TermsType;
}

/** A client's terms document is named `CLIENT/DOCUMENT` in addresses: `userPool.P/terms.web/terms-of-use`. */
export const termsChildName = (clientName: string, termsName: string) => `${clientName}/${termsName}`;

/** Links keyed in a stable order, so a reordered map is no change and plans list them alike. */
const sortedLinks = (links: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(links ?? {}).sort(([a], [b]) => a.localeCompare(b)));

export function termsSpecFromConfig(config: TermsConfig): TermsSpec {
  return { name: config.name, enforcement: config.enforcement, links: sortedLinks(config.links) };
}

export function termsSpecFromLive(live: LiveTerms): TermsSpec {
  return { name: live.terms.TermsName ?? "", enforcement: live.terms.Enforcement ?? "NONE", links: sortedLinks(live.terms.Links) };
}

/** The entry as a file writes it (enforcement NONE, the default, left out). */
export function termsConfigFromLive(live: LiveTerms): Record<string, unknown> {
  const spec = termsSpecFromLive(live);
  return { name: spec.name, ...(spec.enforcement !== "NONE" ? { enforcement: spec.enforcement } : {}), links: spec.links };
}

export function createTermsRequest(poolId: string, clientId: string, spec: TermsSpec): CreateTermsRequest {
  return { UserPoolId: poolId, ClientId: clientId, TermsName: spec.name as CreateTermsRequest["TermsName"], TermsSource: "LINK", Enforcement: spec.enforcement as "NONE", Links: spec.links };
}

/** UpdateTerms with every member: what a request leaves out is not documented to be kept. */
export function updateTermsRequest(poolId: string, live: LiveTerms, spec: TermsSpec): UpdateTermsRequest {
  return { UserPoolId: poolId, TermsId: live.terms.TermsId, TermsName: spec.name as UpdateTermsRequest["TermsName"], TermsSource: "LINK", Enforcement: spec.enforcement as "NONE", Links: spec.links };
}
