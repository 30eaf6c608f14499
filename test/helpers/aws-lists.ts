// Whole listings, every page, for checks against the shared emulator: other test files fill it with
// pools, so a first page (60 at most) says nothing about whether a resource is there or gone.
import { paginateListIdentityPools, type CognitoIdentityClient, type IdentityPoolShortDescription } from "@aws-sdk/client-cognito-identity";
import {
  paginateListGroups,
  paginateListUserPoolClients,
  paginateListUserPools,
  paginateListUsers,
  type CognitoIdentityProviderClient,
  type GroupType,
  type UserPoolClientDescription,
  type UserPoolDescriptionType,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";

/** Every item of every page, in the order the pages came. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

export function allUserPools(idp: CognitoIdentityProviderClient): Promise<UserPoolDescriptionType[]> {
  return collect(paginateListUserPools({ client: idp, pageSize: 60 }, { MaxResults: 60 }), (p) => p.UserPools);
}

/** The ids of every user pool with exactly this name (none, one, or duplicates). */
export async function userPoolIdsNamed(idp: CognitoIdentityProviderClient, name: string): Promise<string[]> {
  return (await allUserPools(idp)).filter((p) => p.Name === name).map((p) => p.Id!);
}

/** The id of the one user pool with this name; throws when there is none or more than one. */
export async function userPoolIdNamed(idp: CognitoIdentityProviderClient, name: string): Promise<string> {
  return only(await userPoolIdsNamed(idp, name), `user pool ${name}`);
}

export function allIdentityPools(identity: CognitoIdentityClient): Promise<IdentityPoolShortDescription[]> {
  return collect(paginateListIdentityPools({ client: identity, pageSize: 60 }, { MaxResults: 60 }), (p) => p.IdentityPools);
}

export async function identityPoolIdsNamed(identity: CognitoIdentityClient, name: string): Promise<string[]> {
  return (await allIdentityPools(identity)).filter((p) => p.IdentityPoolName === name).map((p) => p.IdentityPoolId!);
}

/** The id of the one identity pool with this name; throws when there is none or more than one. */
export async function identityPoolIdNamed(identity: CognitoIdentityClient, name: string): Promise<string> {
  return only(await identityPoolIdsNamed(identity, name), `identity pool ${name}`);
}

export function allUsers(idp: CognitoIdentityProviderClient, userPoolId: string): Promise<UserType[]> {
  return collect(paginateListUsers({ client: idp, pageSize: 60 }, { UserPoolId: userPoolId, Limit: 60 }), (p) => p.Users);
}

export function allClients(idp: CognitoIdentityProviderClient, userPoolId: string): Promise<UserPoolClientDescription[]> {
  return collect(paginateListUserPoolClients({ client: idp, pageSize: 60 }, { UserPoolId: userPoolId, MaxResults: 60 }), (p) => p.UserPoolClients);
}

/** Client name to client id, for a pool whose client names are unique. */
export async function clientIdsByName(idp: CognitoIdentityProviderClient, userPoolId: string): Promise<Map<string, string>> {
  const clients = await allClients(idp, userPoolId);
  const byName = new Map(clients.map((c) => [c.ClientName!, c.ClientId!]));
  if (byName.size !== clients.length) throw new Error(`pool ${userPoolId} has clients of the same name: ${clients.map((c) => c.ClientName).join(", ")}`);
  return byName;
}

/** The id of the one client with this name in the pool; throws when there is none. */
export async function clientIdNamed(idp: CognitoIdentityProviderClient, userPoolId: string, name: string): Promise<string> {
  const id = (await clientIdsByName(idp, userPoolId)).get(name);
  if (id === undefined) throw new Error(`pool ${userPoolId} has no client named ${name}`);
  return id;
}

export function allGroups(idp: CognitoIdentityProviderClient, userPoolId: string): Promise<GroupType[]> {
  return collect(paginateListGroups({ client: idp, pageSize: 60 }, { UserPoolId: userPoolId, Limit: 60 }), (p) => p.Groups);
}

function only(ids: string[], what: string): string {
  if (ids.length !== 1) throw new Error(`expected exactly one ${what}, found ${ids.length}${ids.length ? `: ${ids.join(", ")}` : ""}`);
  return ids[0]!;
}
