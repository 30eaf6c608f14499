/** Addresses name resources the same way in plans, logs, JSON output and saved plans: a vocabulary every stage shares. */
export const poolAddress = (poolName: string) => `userPool.${poolName}`;
export const childAddress = (poolName: string, kind: string, name: string) => `${poolAddress(poolName)}/${kind}.${name}`;
