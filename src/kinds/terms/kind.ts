import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { clientOwner } from "../client/owned.js";
import { termsChildName, termsConfigFromLive, termsSpecFromConfig, termsSpecFromLive, type LiveTerms, type TermsSpec } from "./model.js";

/**
 * The terms documents (terms of use, privacy policy) a client's managed login sign-up page links to.
 * They belong to a client: `terms` in a client entry is that client's whole set, subject to
 * prune.terms; a client entry without `terms` leaves its documents unmanaged.
 */
export const termsKind: ChildKind<TermsSpec, LiveTerms> = {
  kind: "terms",
  section: "terms",
  permissions: { read: ["ListTerms", "DescribeTerms"], write: ["CreateTerms", "UpdateTerms", "DeleteTerms"] },
  owner: clientOwner("terms", (live) => live.clientName),
  isLive: (value): value is LiveTerms => isRecord(value) && typeof value.clientName === "string" && isRecord(value.terms) && typeof value.terms.TermsId === "string",
  declared: (pool) => {
    const clients = (pool.clients ?? []).filter((c) => c.terms !== undefined);
    if (clients.length === 0) return undefined;
    return clients.flatMap((client) =>
      (client.terms ?? []).map((entry) => ({ name: termsChildName(client.name, entry.name), owner: client.name, spec: termsSpecFromConfig(entry) })),
    );
  },
  liveName: (live) => termsChildName(live.clientName, live.terms.TermsName ?? ""),
  liveSpec: termsSpecFromLive,
  replaceOn: [],
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.terms, setting: "prune.terms" }),
  exportSection: (live) => {
    const byClient: Record<string, Record<string, unknown>[]> = {};
    for (const terms of [...live].sort((a, b) => (a.terms.TermsName ?? "").localeCompare(b.terms.TermsName ?? ""))) {
      (byClient[terms.clientName] ??= []).push(termsConfigFromLive(terms));
    }
    return byClient;
  },
  effects: async () => (await import("./aws.js")).termsEffects,
};
