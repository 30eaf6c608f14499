// The users of the benchmark and the desired-state files that declare them.

export const REGION = "us-east-1";

export interface BenchUser {
  username: string;
  name: string;
  group: string;
}

export const groupName = (g: number): string => `g${g}`;

/** User i: an email username (the pool signs in with email), a name, and group i % G. */
export function benchUser(i: number, groups: number): BenchUser {
  return { username: `user${i}@example.com`, name: `User ${i}`, group: groupName(i % groups) };
}

export interface PoolFile {
  stack: string;
  pool: string;
  groups: number;
  /** Users [from, to) declared with their memberships; undefined leaves users unmanaged. */
  users?: { from: number; to: number };
}

/** A desired-state file: one pool that signs in with email, G groups, and optionally users. */
export function desiredState(file: PoolFile): string {
  const lines = [
    "version: 1",
    `stack: ${file.stack}`,
    `region: ${REGION}`,
    "userPools:",
    `  - name: ${file.pool}`,
    "    deletionProtection: false",
    "    signIn: { usernameAttributes: [email], caseSensitive: false }",
    "    groups:",
    ...Array.from({ length: file.groups }, (_, g) => `      - { name: ${groupName(g)} }`),
  ];
  if (file.users) {
    lines.push("    users:");
    for (let i = file.users.from; i < file.users.to; i++) {
      const u = benchUser(i, file.groups);
      lines.push(`      - { username: "${u.username}", attributes: { email: "${u.username}", name: "${u.name}" }, groups: [${u.group}], invitation: suppress }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The fewest calls a full read of one pool's users and memberships can take (60 a page). */
export function minimumPlanCalls(users: number, groups: number): Record<string, number> {
  let inGroups = 0;
  for (let g = 0; g < groups; g++) {
    const members = g < users ? Math.ceil((users - g) / groups) : 0;
    inGroups += Math.max(1, Math.ceil(members / 60));
  }
  return {
    ListUserPools: 1,
    DescribeUserPool: 1,
    GetUserPoolMfaConfig: 1,
    ListGroups: Math.max(1, Math.ceil(groups / 60)),
    ListUsers: Math.max(1, Math.ceil(users / 60)),
    ListUsersInGroup: inGroups,
  };
}

/** The fewest list calls (ListUsers and ListUsersInGroup) a full read of the users and memberships takes. */
export function minimumListCalls(users: number, groups: number): number {
  const minimum = minimumPlanCalls(users, groups);
  return minimum.ListUsers! + minimum.ListUsersInGroup!;
}
