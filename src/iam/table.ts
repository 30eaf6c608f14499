import { CHILD_KINDS } from "../kinds/registry.js";
import { IDENTITY_POOL_PERMISSIONS, ROLE_PERMISSIONS } from "../kinds/identity-pool/permissions.js";
import { USER_POOL_PERMISSIONS } from "../kinds/user-pool/permissions.js";

/**
 * The README's table of what each section of the file needs, from the same lists iam-policy uses:
 * a test compares the README with it, so the two cannot drift apart.
 */
export function permissionsTable(): string {
  const code = (operations: readonly string[]) => operations.map((o) => `\`${o}\``).join(", ");
  const rows: string[][] = [
    ["a user pool (always)", `cognito-idp: ${code(["ListUserPools", ...USER_POOL_PERMISSIONS.read])}`, `cognito-idp: ${code(["CreateUserPool", ...USER_POOL_PERMISSIONS.write])}`],
  ];
  const seen = new Set<string>();
  for (const kind of CHILD_KINDS) {
    const { section, owner, permissions } = kind.use((typed) => ({ section: typed.section, owner: typed.owner?.kind, permissions: typed.permissions }));
    const name = `\`${owner ? `clients[].${section}` : section}\``;
    if (seen.has(name)) continue;
    seen.add(name);
    rows.push([name, `cognito-idp: ${code(permissions.read)}`, `cognito-idp: ${code(permissions.write)}`]);
  }
  rows.push(
    ["`identityPools`", `cognito-identity: ${code(["ListIdentityPools", ...IDENTITY_POOL_PERMISSIONS.read])}`, `cognito-identity: ${code(["CreateIdentityPool", "SetIdentityPoolRoles", ...IDENTITY_POOL_PERMISSIONS.write])}`],
    ["`identityPools[].roles`", `iam: ${code(ROLE_PERMISSIONS.read)}`, `iam: ${code([...ROLE_PERMISSIONS.write, "PassRole"])}`],
  );
  return ["| section | plan, drift, export | apply adds |", "| --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
