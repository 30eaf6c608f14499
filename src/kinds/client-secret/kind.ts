import { isRecord } from "../../core/paths.js";
import type { ChildKind, DeclaredChild } from "../../core/child-kind.js";
import { clientOwner } from "../client/owned.js";
import { NEW_SECRET, rotationDecision, secretChildName, type ClientSecretSpec, type LiveClientSecret } from "./model.js";

/**
 * The secrets of a client with `secretRotation`: Cognito lets a client hold two at once, so a new
 * one is added when the newest is older than maxAge and the older one is retired once the new one
 * has existed for `overlap`. The secrets declared are worked out from the live ones (which to
 * keep, whether to add one); a secret not kept is retired. Values are never read: AWS shows one
 * only when it is created.
 */
export const clientSecretKind: ChildKind<ClientSecretSpec, LiveClientSecret> = {
  kind: "clientSecret",
  section: "secretRotation",
  permissions: { read: ["ListUserPoolClientSecrets"], write: ["AddUserPoolClientSecret", "DeleteUserPoolClientSecret"] },
  owner: clientOwner("secretRotation", (live) => live.clientName),
  isLive: (value): value is LiveClientSecret => isRecord(value) && typeof value.secretId === "string" && typeof value.clientName === "string",
  declared: (pool, live) => {
    const rotating = (pool.clients ?? []).filter((c) => c.secretRotation !== undefined);
    if (rotating.length === 0) return undefined;
    const secrets = (live?.children.clientSecret ?? []).filter(clientSecretKind.isLive);
    return rotating.flatMap((client): DeclaredChild<ClientSecretSpec>[] => {
      const decision = rotationDecision(client.secretRotation!, secrets.filter((s) => s.clientName === client.name));
      const child = (name: string) => ({ name: secretChildName(client.name, name), owner: client.name, spec: {}, followsLiveOwner: true });
      return [...decision.keep.map((s) => child(s.secretId)), ...(decision.add !== undefined ? [{ ...child(NEW_SECRET), createReason: decision.add }] : [])];
    });
  },
  liveName: (live) => secretChildName(live.clientName, live.secretId),
  liveSpec: () => ({}),
  replaceOn: [],
  sensitive: [],
  prune: () => ({ allowed: true, setting: "secretRotation.overlap", reason: "retire: a newer secret has existed longer than secretRotation.overlap" }),
  // Two at most: the older one goes before the next is added.
  createAfterDeletes: true,
  // A rotation policy is the file's, not AWS's: export cannot read it back, so it reads no secrets.
  notExported: true,
  exportSection: () => undefined,
  effects: async () => (await import("./aws.js")).clientSecretEffects,
};
