import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  type CreateIdentityProviderRequest,
  CreateResourceServerCommand,
  type CreateResourceServerRequest,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  CreateUserPoolDomainCommand,
  type CreateUserPoolDomainRequest,
  DeleteIdentityProviderCommand,
  type DeleteIdentityProviderRequest,
  DeleteResourceServerCommand,
  type DeleteResourceServerRequest,
  DeleteUserPoolDomainCommand,
  type DeleteUserPoolDomainRequest,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientRequest,
  DescribeUserPoolDomainCommand,
  type ExplicitAuthFlowsType,
  InvalidParameterException,
  ListUserPoolClientsCommand,
  ResourceNotFoundException,
  ScopeDoesNotExistException,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientRequest,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executeSteps } from "../../src/apply/execute.js";
import { AwsClients } from "../../src/aws/clients.js";
import { parseConfig } from "../../src/config/load.js";
import type { LivePool, LiveState } from "../../src/core/live-types.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { resolveTargets } from "../../src/config/targets.js";
import { matchPools } from "../../src/plan/match-pools.js";
import type { Step } from "../../src/plan/steps.js";
import { silentLogger } from "../helpers/in-process.js";

/**
 * The README's ordering promise inside a pool, proven on the executor: resource servers and
 * identity providers are created before the clients that name them (Cognito refuses a scope of a
 * resource server that does not exist yet), and deleted after the clients stopped naming them; a
 * renamed domain's old name is deleted before the new one is created.
 *
 * moto checks none of this, so a fake behind aws-sdk-client-mock plays Cognito: it refuses what
 * Cognito refuses (a scope of a missing resource server, a missing provider, a second prefix
 * domain), answers every call after a small random delay, and logs when each call starts and ends.
 * The steps run with a concurrency of 8, so only their dependencies keep them apart.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const POOL_ID = "us-east-1_Order1";
const STACK = "order-stack";
const CREATED = new Date("2026-01-01T00:00:00Z");
/**
 * Each run makes one operation slow (20 ms more than the others' random 0-5 ms), so a missing
 * dependency shows whichever of two gates would otherwise finish first.
 */
const SLOW = ["CreateResourceServer", "CreateIdentityProvider", "UpdateUserPoolClient", "DeleteUserPoolDomain", "none"];

/**
 * Web and Legacy exist; Web comes to name the new resource server and identity provider, Mobile is
 * created naming them, Legacy stops naming the old ones, which are pruned; the domain is renamed.
 */
const FILE = `
version: 1
stack: ${STACK}
region: us-east-1
userPools:
  - name: Order-Pool
    domain: { prefix: order-new }
    resourceServers:
      - identifier: api
        name: API
        scopes: [{ name: read, description: Read }, { name: write, description: Write }]
    identityProviders:
      - name: Google
        type: Google
        details: { client_id: google-client, authorize_scopes: "openid email" }
    clients:
      - name: Web
        identityProviders: [COGNITO, Google]
        oauth: { flows: [code], scopes: [openid, api/read], callbackUrls: ["https://app.example.com/cb"] }
      - name: Mobile
        identityProviders: [Google]
        oauth: { flows: [code], scopes: [openid, api/write], callbackUrls: ["https://app.example.com/m"] }
      - name: Legacy
        identityProviders: [COGNITO]
        oauth: { flows: [code], scopes: [openid], callbackUrls: ["https://legacy.example.com/cb"] }
`;

const AUTH_FLOWS: ExplicitAuthFlowsType[] = ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"];

function liveClient(id: string, name: string, providers: string[], scopes: string[], callback: string): UserPoolClientType {
  return {
    UserPoolId: POOL_ID,
    ClientId: id,
    ClientName: name,
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    ExplicitAuthFlows: AUTH_FLOWS,
    SupportedIdentityProviders: providers,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: scopes,
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: [callback],
  };
}

function livePool(): LivePool {
  return {
    id: POOL_ID,
    name: "Order-Pool",
    region: "us-east-1",
    stackTag: STACK,
    raw: {
      Id: POOL_ID,
      Name: "Order-Pool",
      Domain: "order-old",
      DeletionProtection: "ACTIVE",
      UserPoolTags: { "cognito-reconcile:stack": STACK },
      CreationDate: CREATED,
      LastModifiedDate: CREATED,
    },
    mfa: { MfaConfiguration: "OFF" },
    children: {
      domain: [{ UserPoolId: POOL_ID, Domain: "order-old", Status: "ACTIVE" }],
      resourceServer: [{ UserPoolId: POOL_ID, Identifier: "old-api", Name: "Old API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }] }],
      identityProvider: [
        {
          UserPoolId: POOL_ID,
          ProviderName: "OldIdP",
          ProviderType: "OIDC",
          ProviderDetails: { client_id: "old-client", oidc_issuer: "https://old.example.com", authorize_scopes: "openid" },
        },
      ],
      client: [
        liveClient("webclient0000000000000001", "Web", ["COGNITO"], ["openid"], "https://app.example.com/cb"),
        liveClient("legacyclient000000000001", "Legacy", ["COGNITO", "OldIdP"], ["openid", "old-api/read"], "https://legacy.example.com/cb"),
      ],
    },
  };
}

function plannedSteps(): Step[] {
  const state = parseConfig("order.yaml", Buffer.from(FILE), {});
  const pools = [livePool()];
  const live: LiveState = { regions: ["us-east-1"], pools };
  const match = matchPools(resolveTargets(state, "us-east-1").userPools, pools, { stack: state.stack, adopt: false, kind: USER_POOL_MATCH });
  return buildPlan(state, { live, match }, { allowDestroy: false, allowReplace: false, defaultRegion: "us-east-1" }).steps;
}

const idp = mockClient(CognitoIdentityProviderClient);
const meta = { $metadata: { httpStatusCode: 400 } };

/** "start OP NAME" and "end OP NAME" for every call the fake answered, in the order they happened. */
let log: string[];
let inFlight = 0;
let maxInFlight = 0;

/**
 * Cognito's side of one pool: what exists, and the checks Cognito makes on a client's scopes and
 * providers and on a second prefix domain. Every answer comes after 0-5 ms, and the slow
 * operation's 20 ms later.
 */
function wireFake(slow: string) {
  const pool = livePool();
  const servers = new Map([["old-api", ["read"]]]);
  const providers = new Set(["OldIdP"]);
  let domain: string | undefined = "order-old";
  const clients = new Map((pool.children.client as UserPoolClientType[]).map((c) => [c.ClientId!, structuredClone(c)]));
  let made = 0;

  const answer = <I, O>(operation: string, name: (input: I) => string, handle: (input: I) => O) => {
    return async (input: I): Promise<O> => {
      const what = `${operation} ${name(input)}`;
      log.push(`start ${what}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 + (operation === slow ? 20 : 0)));
        return handle(input);
      } finally {
        inFlight--;
        log.push(`end ${what}`);
      }
    };
  };

  /** What Cognito checks on CreateUserPoolClient and UpdateUserPoolClient. */
  const checkNames = (input: CreateUserPoolClientRequest | UpdateUserPoolClientRequest) => {
    for (const scope of input.AllowedOAuthScopes ?? []) {
      const [server, name] = scope.split("/");
      if (name !== undefined && !servers.get(server!)?.includes(name)) throw new ScopeDoesNotExistException({ message: `Invalid scope requested: ${scope}`, ...meta });
    }
    for (const provider of input.SupportedIdentityProviders ?? []) {
      if (provider !== "COGNITO" && !providers.has(provider)) {
        throw new InvalidParameterException({ message: `The provider ${provider} does not exist for User Pool ${POOL_ID}`, ...meta });
      }
    }
  };

  idp.on(CreateResourceServerCommand).callsFake(
    answer("CreateResourceServer", (i: CreateResourceServerRequest) => i.Identifier!, (i) => {
      servers.set(i.Identifier!, (i.Scopes ?? []).map((s) => s.ScopeName!));
      return { ResourceServer: { UserPoolId: POOL_ID, Identifier: i.Identifier, Name: i.Name, Scopes: i.Scopes } };
    }),
  );
  idp.on(DeleteResourceServerCommand).callsFake(
    answer("DeleteResourceServer", (i: DeleteResourceServerRequest) => i.Identifier!, (i) => {
      servers.delete(i.Identifier!);
      return {};
    }),
  );
  idp.on(CreateIdentityProviderCommand).callsFake(
    answer("CreateIdentityProvider", (i: CreateIdentityProviderRequest) => i.ProviderName!, (i) => {
      providers.add(i.ProviderName!);
      return { IdentityProvider: { UserPoolId: POOL_ID, ProviderName: i.ProviderName, ProviderType: i.ProviderType } };
    }),
  );
  idp.on(DeleteIdentityProviderCommand).callsFake(
    answer("DeleteIdentityProvider", (i: DeleteIdentityProviderRequest) => i.ProviderName!, (i) => {
      providers.delete(i.ProviderName!);
      return {};
    }),
  );
  idp.on(CreateUserPoolDomainCommand).callsFake(
    answer("CreateUserPoolDomain", (i: CreateUserPoolDomainRequest) => i.Domain!, (i) => {
      if (domain !== undefined) throw new InvalidParameterException({ message: `User pool ${POOL_ID} already has a domain configured.`, ...meta });
      domain = i.Domain;
      return { CloudFrontDomain: `${i.Domain}.auth.us-east-1.amazoncognito.com` };
    }),
  );
  idp.on(DeleteUserPoolDomainCommand).callsFake(
    answer("DeleteUserPoolDomain", (i: DeleteUserPoolDomainRequest) => i.Domain!, (i) => {
      if (domain !== i.Domain) throw new ResourceNotFoundException({ message: `domain ${i.Domain} does not exist`, ...meta });
      domain = undefined;
      return {};
    }),
  );
  // Only after a refused CreateUserPoolDomain: the refused name belongs to no pool.
  idp.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
  idp.on(CreateUserPoolClientCommand).callsFake(
    answer("CreateUserPoolClient", (i: CreateUserPoolClientRequest) => i.ClientName!, (i) => {
      checkNames(i);
      const client: UserPoolClientType = { ...structuredClone(i), ClientId: `madeclient${String(++made).padStart(15, "0")}`, CreationDate: new Date(), LastModifiedDate: new Date() };
      clients.set(client.ClientId!, client);
      return { UserPoolClient: structuredClone(client) };
    }),
  );
  idp.on(UpdateUserPoolClientCommand).callsFake(
    answer("UpdateUserPoolClient", (i: UpdateUserPoolClientRequest) => i.ClientName ?? i.ClientId!, (i) => {
      const old = clients.get(i.ClientId!);
      if (!old) throw new ResourceNotFoundException({ message: `client ${i.ClientId} does not exist`, ...meta });
      checkNames(i);
      const updated: UserPoolClientType = { ...structuredClone(i), CreationDate: old.CreationDate, LastModifiedDate: new Date() };
      clients.set(i.ClientId!, updated);
      return { UserPoolClient: structuredClone(updated) };
    }),
  );
  // A created client looks for copies of its name (a concurrent apply's) once it is made.
  idp.on(ListUserPoolClientsCommand).callsFake(() => ({
    UserPoolClients: [...clients.values()].map((c) => ({ UserPoolId: POOL_ID, ClientId: c.ClientId, ClientName: c.ClientName })),
  }));
  idp.on(DescribeUserPoolClientCommand).callsFake((i: DescribeUserPoolClientRequest) => {
    const client = clients.get(i.ClientId ?? "");
    if (!client) throw new ResourceNotFoundException({ message: `client ${i.ClientId} does not exist`, ...meta });
    return { UserPoolClient: structuredClone(client) };
  });
}

/** Where in the log the call ended / started; fails when it never happened. */
function at(event: string): number {
  const index = log.indexOf(event);
  expect(index, `${event} in the log:\n${log.join("\n")}`).toBeGreaterThanOrEqual(0);
  return index;
}

function finishedBefore(first: string, then: string) {
  expect(at(`end ${first}`), `${first} ends before ${then} starts:\n${log.join("\n")}`).toBeLessThan(at(`start ${then}`));
}

let aws: AwsClients;

beforeEach(() => {
  idp.reset();
  log = [];
  inFlight = 0;
  maxInFlight = 0;
  aws = new AwsClients({ logger: silentLogger });
});

afterEach(() => aws.destroy());

describe("apply order inside a pool", () => {
  it("plans changes to the children only (the pool itself is in sync)", () => {
    const actions = Object.fromEntries(plannedSteps().map((s) => [s.change.address, s.change.action]));
    expect(actions).toEqual({
      "userPool.Order-Pool": "no-op",
      "userPool.Order-Pool/domain.order-new": "create",
      "userPool.Order-Pool/domain.order-old": "delete",
      "userPool.Order-Pool/resourceServer.api": "create",
      "userPool.Order-Pool/resourceServer.old-api": "delete",
      "userPool.Order-Pool/identityProvider.Google": "create",
      "userPool.Order-Pool/identityProvider.OldIdP": "delete",
      "userPool.Order-Pool/client.Web": "update",
      "userPool.Order-Pool/client.Mobile": "create",
      "userPool.Order-Pool/client.Legacy": "update",
    });
  });

  for (const slow of SLOW) {
    it(`runs concurrently, yet creates before naming, deletes after un-naming, and frees the domain first (slow: ${slow})`, async () => {
      wireFake(slow);
      const results = await executeSteps(aws, plannedSteps(), { concurrency: 8, stack: STACK });

      expect(results.filter((r) => r.status !== "done").map((r) => `${r.address}: ${r.status} ${r.detail}`)).toEqual([]);
      expect(results).toHaveLength(9);
      // Independent steps did overlap: the order below comes from dependencies, not from running one at a time.
      expect(maxInFlight).toBeGreaterThan(1);

      for (const named of ["CreateResourceServer api", "CreateIdentityProvider Google"]) {
        finishedBefore(named, "UpdateUserPoolClient Web");
        finishedBefore(named, "CreateUserPoolClient Mobile");
      }
      finishedBefore("UpdateUserPoolClient Legacy", "DeleteResourceServer old-api");
      finishedBefore("UpdateUserPoolClient Legacy", "DeleteIdentityProvider OldIdP");
      finishedBefore("DeleteUserPoolDomain order-old", "CreateUserPoolDomain order-new");
      // Each call was sent once: nothing was refused and retried.
      expect(log.filter((e) => e.startsWith("start ")).sort()).toEqual(
        [
          "CreateIdentityProvider Google",
          "CreateResourceServer api",
          "CreateUserPoolClient Mobile",
          "CreateUserPoolDomain order-new",
          "DeleteIdentityProvider OldIdP",
          "DeleteResourceServer old-api",
          "DeleteUserPoolDomain order-old",
          "UpdateUserPoolClient Legacy",
          "UpdateUserPoolClient Web",
        ].map((e) => `start ${e}`),
      );
    });
  }
});
