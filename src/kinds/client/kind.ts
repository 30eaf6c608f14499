import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { exportedClient } from "./export.js";
import { clientSpecFromConfig, clientSpecFromLive, projectClient, type ClientSpec, type LiveClient } from "./model.js";

/**
 * Clients other AWS services create in a pool for themselves (OpenSearch Dashboards sign-in, for
 * one); they belong to that service, so they are neither pruned nor reported.
 */
const AWS_MADE_CLIENT = /^(AWSElasticsearch|AWSOpenSearch|AmazonOpenSearchService)-/;

export const clientKind: ChildKind<ClientSpec, LiveClient> = {
  kind: "client",
  section: "clients",
  permissions: { read: ["ListUserPoolClients", "DescribeUserPoolClient", "DescribeRiskConfiguration"], write: ["CreateUserPoolClient", "UpdateUserPoolClient", "DeleteUserPoolClient", "SetRiskConfiguration"] },
  isLive: (value): value is LiveClient => isRecord(value) && typeof value.ClientId === "string",
  declared: (pool) => pool.clients?.map((c) => ({ name: c.name, spec: clientSpecFromConfig(c), ignore: c.ignoreChanges })),
  liveName: (live) => live.ClientName ?? "",
  liveSpec: (live) => clientSpecFromLive(live),
  project: (live, desired) => projectClient(live, desired),
  isForeign: (live) => AWS_MADE_CLIENT.test(live.ClientName ?? ""),
  // Identity pools name a client by its id.
  idOf: (live) => live.ClientId,
  // Cognito refuses a scope of a resource server, or a provider, that does not exist yet.
  references: ["resourceServer", "identityProvider"],
  // A client gets or loses a secret only by being created again: a new client id and secret.
  replaceOn: ["generateSecret"],
  replaceConsequence: "the client is deleted and created again with a NEW client id and secret; applications using the old id stop working",
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.clients, setting: "prune.clients" }),
  exportSection: (live, { leftOut }) => live.map((c) => exportedClient(c, leftOut)),
  effects: async () => (await import("./aws.js")).clientEffects,
};
