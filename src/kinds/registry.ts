import { registerChildKind, type AnyChildKind } from "../core/child-kind.js";
import { clientKind } from "./client/kind.js";
import { domainKind } from "./domain/kind.js";
import { groupKind } from "./group/kind.js";
import { identityProviderKind } from "./identity-provider/kind.js";
import { resourceServerKind } from "./resource-server/kind.js";
import { userKind } from "./user/kind.js";

/** Every kind that lives in a pool, once. Adding a kind: its folder, and one line here. */
export const CHILD_KINDS: readonly AnyChildKind[] = [
  registerChildKind(domainKind),
  registerChildKind(resourceServerKind),
  registerChildKind(identityProviderKind),
  registerChildKind(clientKind),
  registerChildKind(groupKind),
  registerChildKind(userKind),
];

/** A registered kind by name. */
export function childKindNamed(name: string): AnyChildKind | undefined {
  return CHILD_KINDS.find((kind) => kind.kind === name);
}
