import type { ChildKind } from "../plan/child-kind.js";
import { clientKind } from "./client/kind.js";
import { domainKind } from "./domain/kind.js";
import { groupKind } from "./group/kind.js";
import { identityProviderKind } from "./identity-provider/kind.js";
import { resourceServerKind } from "./resource-server/kind.js";
import { userKind } from "./user/kind.js";

/** Every kind that lives in a pool. Adding a kind: its folder, and one line here and in effects.ts. */
export const CHILD_KINDS: readonly ChildKind[] = [domainKind, resourceServerKind, identityProviderKind, clientKind, groupKind, userKind];
