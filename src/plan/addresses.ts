/** Addresses name resources the same way in plans, logs, JSON output and saved plans. */
export const poolAddress = (poolName: string) => `userPool.${poolName}`;
export const groupAddress = (poolName: string, groupName: string) => `${poolAddress(poolName)}/group.${groupName}`;
