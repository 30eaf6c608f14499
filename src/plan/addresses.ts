import type { ChildKindName } from "../core/child-kind.js";

/** Addresses name resources the same way in plans, logs, JSON output and saved plans. */
export const poolAddress = (poolName: string) => `userPool.${poolName}`;
export const childAddress = (poolName: string, kind: ChildKindName, name: string) => `${poolAddress(poolName)}/${kind}.${name}`;
