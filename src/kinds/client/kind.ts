import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKind } from "../../plan/child-kind.js";
import { clientSpecFromConfig, clientSpecFromLive, projectClient, type ClientSpec } from "./model.js";

/**
 * Clients other AWS services create in a pool for themselves (OpenSearch Dashboards sign-in, for
 * one); they belong to that service, so they are neither pruned nor reported.
 */
const AWS_MADE_CLIENT = /^(AWSElasticsearch|AWSOpenSearch|AmazonOpenSearchService)-/;

export const clientKind: ChildKind = {
  kind: "client",
  declared: (pool) => pool.clients?.map((c) => ({ name: c.name, spec: { ...clientSpecFromConfig(c) }, ignore: c.ignoreChanges })),
  liveName: (live) => (live as UserPoolClientType).ClientName ?? "",
  liveSpec: (live) => ({ ...clientSpecFromLive(live as UserPoolClientType) }),
  project: (live, desired) => ({ ...projectClient(live as unknown as ClientSpec, desired as unknown as ClientSpec) }),
  // A client gets or loses a secret only by being created again: a new client id and secret.
  isForeign: (live) => AWS_MADE_CLIENT.test((live as UserPoolClientType).ClientName ?? ""),
  replaceOn: ["generateSecret"],
  replaceConsequence: "the client is deleted and created again with a NEW client id and secret; applications using the old id stop working",
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.clients, setting: "prune.clients" }),
};
