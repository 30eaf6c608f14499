import { BUILT_IN_SCOPES } from "../schema/client.js";
import { FIELD_PATHS, isFieldPath, POOL_CHILD_SECTIONS, type FieldPathKind } from "../schema/field-paths.js";
import { displayPath, suggest } from "./zod-diagnostics.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";
import { namingFromConfig, userNamingProblems } from "../kinds/user/naming.js";
import { checkFeatureRules } from "./feature-rules.js";

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
    // A pool id starts with its region: an id of another region would manage a pool elsewhere.
    const idRegion = pool.id?.split("_")[0];
    const region = pool.region ?? state.region;
    if (idRegion !== undefined && region !== undefined && idRegion !== region) {
      const from = pool.region !== undefined ? "this entry's region:" : "the file's region:";
      problems.push({ path: [...base, "id"], message: `id "${pool.id}" is a pool in ${idRegion}, but ${from} says ${region}; fix the id, or the region` });
    }
    if (pool.groups) problems.push(...duplicates(pool.groups, (g) => g.name, [...base, "groups"], "group name"));
    if (pool.attributes) {
      problems.push(...duplicates(pool.attributes.custom, (a) => a.name, [...base, "attributes", "custom"], "custom attribute"));
    }
    problems.push(...checkPoolChildren(pool, base));
  });
  problems.push(...checkIdentityPools(state));
  problems.push(...checkIgnoreChanges(state));
  problems.push(...checkFeatureRules(state));
  return problems;
}

interface Ignoring {
  ignoreChanges: readonly string[];
}

/**
 * An ignoreChanges path that names no field would silently ignore nothing: each must be a path
 * plan can show for its kind, with the nearest one suggested.
 */
function checkIgnoreChanges(state: DesiredState): ReferenceProblem[] {
  const entries: { kind: FieldPathKind; paths: readonly string[]; at: (string | number)[] }[] = [];
  state.userPools.forEach((pool, p) => {
    const base = ["userPools", p];
    entries.push({ kind: "userPool", paths: pool.ignoreChanges, at: base });
    for (const [key, kind] of Object.entries(POOL_CHILD_SECTIONS) as [keyof typeof POOL_CHILD_SECTIONS, FieldPathKind][]) {
      // A list's items each take ignoreChanges; a section of one a pool (riskConfiguration) takes its own.
      const section: Ignoring | readonly Ignoring[] | undefined = pool[key];
      if (section === undefined) continue;
      if ("ignoreChanges" in section) entries.push({ kind, paths: section.ignoreChanges, at: [...base, key] });
      else section.forEach((child, i) => entries.push({ kind, paths: child.ignoreChanges, at: [...base, key, i] }));
    }
  });
  state.identityPools.forEach((pool, p) => {
    const base = ["identityPools", p];
    entries.push({ kind: "identityPool", paths: pool.ignoreChanges, at: base });
    for (const which of ["authenticated", "unauthenticated"] as const) {
      const role = pool.roles?.[which];
      if (role) entries.push({ kind: "iamRole", paths: role.ignoreChanges, at: [...base, "roles", which] });
    }
  });
  const problems: ReferenceProblem[] = [];
  for (const { kind, paths, at } of entries) {
    paths.forEach((path, i) => {
      if (isFieldPath(kind, path)) return;
      const known: string[] = FIELD_PATHS[kind].map((p) => p.replace(/\.\*.*$/, ""));
      const near = suggest(path, known);
      problems.push({
        path: [...at, "ignoreChanges", i],
        message: `"${path}" is not a ${kind} field${near ? `; did you mean "${near}"?` : ""} (fields are under: ${[...new Set(known.map((k) => k.split(".")[0]))].join(", ")})`,
      });
    });
  }
  return problems;
}

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Providers name a declared pool and client; rules name a declared role or a role ARN. */
function checkIdentityPools(state: DesiredState): ReferenceProblem[] {
  const problems = duplicates(state.identityPools, (p) => p.name, ["identityPools"], "identity pool name");
  const roleNames = state.identityPools.flatMap((p, i) =>
    (["authenticated", "unauthenticated"] as const).flatMap((which) => {
      const role = p.roles?.[which];
      return role ? [{ name: role.name, path: ["identityPools", i, "roles", which, "name"] as (string | number)[] }] : [];
    }),
  );
  const seenRoles = new Set<string>();
  for (const role of roleNames) {
    if (seenRoles.has(role.name)) problems.push({ path: role.path, message: `IAM role "${role.name}" is declared twice (IAM role names are unique in an account)` });
    seenRoles.add(role.name);
  }
  const pools = new Map(state.userPools.map((p) => [p.name, p]));
  const checkRef = (ref: { userPool: string; client: string }, path: (string | number)[]) => {
    const pool = pools.get(ref.userPool);
    if (!pool) return problems.push({ path: [...path, "userPool"], message: `user pool "${ref.userPool}" is not declared in this file` });
    if (!(pool.clients ?? []).some((c) => c.name === ref.client)) {
      problems.push({ path: [...path, "client"], message: `client "${ref.client}" is not declared in user pool "${ref.userPool}"` });
    }
    return 0;
  };
  state.identityPools.forEach((identityPool, i) => {
    const base = ["identityPools", i];
    identityPool.providers.forEach((provider, p) => checkRef(provider, [...base, "providers", p]));
    problems.push(...duplicates(identityPool.providers, (p) => `${p.userPool}/${p.client}`, [...base, "providers"], "provider"));
    const providerKeys = new Set(identityPool.providers.map((p) => `${p.userPool}/${p.client}`));
    (identityPool.roleMappings ?? []).forEach((mapping, m) => {
      const path = [...base, "roleMappings", m];
      checkRef(mapping.provider, [...path, "provider"]);
      if (!providerKeys.has(`${mapping.provider.userPool}/${mapping.provider.client}`)) {
        problems.push({ path: [...path, "provider"], message: "a role mapping's provider must be one of this identity pool's providers" });
      }
      mapping.rules?.forEach((rule, r) => {
        const declared = rule.role === "authenticated" || rule.role === "unauthenticated" ? identityPool.roles?.[rule.role] : undefined;
        if ((rule.role === "authenticated" || rule.role === "unauthenticated") && !declared) {
          problems.push({ path: [...path, "rules", r, "role"], message: `this identity pool declares no ${rule.role} role` });
        } else if (!declared && !ROLE_ARN.test(rule.role)) {
          problems.push({ path: [...path, "rules", r, "role"], message: `${displayPath([...path, "rules", r, "role"])} must be authenticated, unauthenticated or an IAM role ARN` });
        }
      });
    });
  });
  return problems;
}

/** Duplicates among a pool's children, and what its clients name: scopes and identity providers. */
function checkPoolChildren(pool: UserPoolConfig, base: (string | number)[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const servers = pool.resourceServers ?? [];
  problems.push(...duplicates(servers, (r) => r.identifier, [...base, "resourceServers"], "resource server identifier"));
  servers.forEach((server, i) => {
    problems.push(...duplicates(server.scopes, (s) => s.name, [...base, "resourceServers", i, "scopes"], "scope"));
  });
  problems.push(...duplicates(pool.identityProviders ?? [], (p) => p.name, [...base, "identityProviders"], "identity provider name"));
  problems.push(...duplicates(pool.clients ?? [], (c) => c.name, [...base, "clients"], "client name"));
  problems.push(...checkUsers(pool, base));

  const declaredScopes = new Set(servers.flatMap((server) => server.scopes.map((scope) => `${server.identifier}/${scope.name}`)));
  const builtIn = new Set<string>(BUILT_IN_SCOPES);
  const providers = new Set(["COGNITO", ...(pool.identityProviders ?? []).map((p) => p.name)]);
  (pool.clients ?? []).forEach((client, c) => {
    const clientPath = [...base, "clients", c];
    client.oauth?.scopes.forEach((scope, s) => {
      const path = [...clientPath, "oauth", "scopes", s];
      if (builtIn.has(scope)) {
        if (client.oauth?.flows.includes("client_credentials")) {
          problems.push({ path, message: `scope "${scope}" is for users; the client_credentials flow takes only resource server scopes (IDENTIFIER/SCOPE)` });
        }
      } else if (!declaredScopes.has(scope)) {
        const known = [...declaredScopes].join(", ") || "none declared";
        problems.push({ path, message: `scope "${scope}" is neither a built-in scope nor declared by a resource server of this pool (declared: ${known})` });
      }
    });
    client.identityProviders.forEach((name, p) => {
      if (!providers.has(name)) {
        problems.push({ path: [...clientPath, "identityProviders", p], message: `identity provider "${name}" is not declared in this pool's identityProviders (COGNITO is built in)` });
      }
    });
    // The classic hosted UI's customization shows only on a version 1 domain; managed login (2) is styled by branding.
    const customized = client.uiCustomization && (client.uiCustomization.css !== undefined || client.uiCustomization.logo !== undefined);
    if (customized && pool.domain?.managedLoginVersion === 2) {
      problems.push({
        path: [...clientPath, "uiCustomization"],
        key: true,
        message: `client ${client.name}: uiCustomization is for the classic hosted UI, which a managed login domain (managedLoginVersion: 2) does not show; style the client with branding, or set managedLoginVersion: 1`,
      });
    }
  });
  return problems;
}

/** Usernames follow the pool's naming (case, email or phone sign-in, renames); groups are declared. */
function checkUsers(pool: UserPoolConfig, base: (string | number)[]): ReferenceProblem[] {
  const users = pool.users ?? [];
  // Without signIn the file leaves naming to the pool: an existing one may be case-sensitive and
  // sign in with email, so only what holds in every pool is checked here, the rest by plan.
  const naming = pool.signIn ? namingFromConfig(pool) : { ...namingFromConfig(pool), caseSensitive: true };
  const problems: ReferenceProblem[] = userNamingProblems(users, naming, "as signIn says", { renames: pool.signIn !== undefined }).map((p) => ({
    path: [...base, "users", p.index, ...(p.field ? [p.field] : [])],
    message: p.message,
  }));
  const groups = new Set((pool.groups ?? []).map((g) => g.name));
  users.forEach((user, u) => {
    user.groups?.forEach((group, g) => {
      if (!groups.has(group)) {
        const hint = pool.groups === undefined ? "; the pool has no groups section" : "";
        problems.push({ path: [...base, "users", u, "groups", g], message: `group "${group}" is not declared in this pool's groups${hint}` });
      }
    });
    if (user.invitation === "email" && user.attributes.email == null) {
      problems.push({ path: [...base, "users", u, "invitation"], message: "invitation email needs the user's email attribute" });
    }
    if (user.invitation === "sms" && user.attributes.phone_number == null) {
      problems.push({ path: [...base, "users", u, "invitation"], message: "invitation sms needs the user's phone_number attribute" });
    }
  });
  return problems;
}
