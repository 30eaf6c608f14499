import type { DesiredState } from "../schema/root.js";

/** A problem that needs more than one field to see: duplicates and dangling references. */
export interface ReferenceProblem {
  path: (string | number)[];
  key?: boolean;
  message: string;
}

function duplicates<T>(items: readonly T[], nameOf: (item: T) => string, basePath: (string | number)[], what: string): ReferenceProblem[] {
  const seen = new Map<string, number>();
  const problems: ReferenceProblem[] = [];
  items.forEach((item, index) => {
    const name = nameOf(item);
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else problems.push({ path: [...basePath, index], message: `duplicate ${what} "${name}" (first declared at entry ${first + 1})` });
  });
  return problems;
}

/** Cross-reference checks that run after the schema accepted the file. Pure; no AWS access. */
export function checkReferences(state: DesiredState): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  problems.push(...duplicates(state.userPools, (p) => p.name, ["userPools"], "user pool name"));
  const pinned = state.userPools.filter((p) => p.id !== undefined);
  problems.push(
    ...duplicates(pinned, (p) => p.id ?? "", ["userPools"], "user pool id").map((p) => ({
      ...p,
      path: ["userPools", state.userPools.indexOf(pinned[p.path[1] as number]!), "id"],
    })),
  );
  state.userPools.forEach((pool, poolIndex) => {
    const base = ["userPools", poolIndex];
    if (pool.groups) problems.push(...duplicates(pool.groups, (g) => g.name, [...base, "groups"], "group name"));
    if (pool.attributes) {
      problems.push(...duplicates(pool.attributes.custom, (a) => a.name, [...base, "attributes", "custom"], "custom attribute"));
    }
  });
  return problems;
}
