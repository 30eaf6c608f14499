import type { CreateResourceServerRequest, ResourceServerType } from "@aws-sdk/client-cognito-identity-provider";
import type { ResourceServerConfig } from "../../schema/resource-server.js";

/** A resource server as the diff sees it: scopes keyed by name, so each scope diffs on its own. */
export interface ResourceServerSpec {
  identifier: string;
  name: string;
  scopes: Record<string, string>;
}

export function resourceServerSpecFromConfig(config: ResourceServerConfig): ResourceServerSpec {
  return { identifier: config.identifier, name: config.name, scopes: Object.fromEntries(config.scopes.map((s) => [s.name, s.description])) };
}

export function resourceServerSpecFromLive(live: ResourceServerType): ResourceServerSpec {
  return {
    identifier: live.Identifier ?? "",
    name: live.Name ?? "",
    scopes: Object.fromEntries((live.Scopes ?? []).map((s) => [s.ScopeName ?? "", s.ScopeDescription ?? ""])),
  };
}

/** Create and UpdateResourceServer take the same body; an update always carries every scope. */
export function resourceServerRequest(poolId: string, spec: ResourceServerSpec): CreateResourceServerRequest {
  return {
    UserPoolId: poolId,
    Identifier: spec.identifier,
    Name: spec.name,
    Scopes: Object.entries(spec.scopes).map(([name, description]) => ({ ScopeName: name, ScopeDescription: description })),
  };
}
