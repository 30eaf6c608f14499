import type { ChildKind } from "../plan/child-kind.js";
import { groupKind } from "./group/kind.js";

/** Every kind that lives in a pool. Adding a kind: its folder, and one line here and in effects.ts. */
export const CHILD_KINDS: readonly ChildKind[] = [groupKind];
