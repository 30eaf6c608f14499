// What SetRiskConfiguration is sent, pinned with a faked SDK: the whole configuration of the pool
// or of one client (never a merge), only for what changed, and which reads a run pays for.
import {
  CognitoIdentityProviderClient,
  DescribeRiskConfigurationCommand,
  type DescribeRiskConfigurationRequest,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientRequest,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type RiskConfigurationType,
  SetRiskConfigurationCommand,
  type SetRiskConfigurationRequest,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientRequest,
  type UserPoolClientType,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Risk1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const SES = "arn:aws:ses:us-east-1:123456789012:identity/example.com";
const WEB = "webclient0000000000000001";
const OTHER = "otherclient00000000000001";

function livePool(tier: UserPoolType["UserPoolTier"]): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Risky",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    DeletionProtection: "ACTIVE",
    UserPoolTier: tier,
    UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
    UserPoolTags: { "cognito-reconcile:stack": "risk-stack" },
  };
}

const client = (id: string, name: string): UserPoolClientType => ({
  UserPoolId: POOL_ID,
  ClientId: id,
  ClientName: name,
  CreationDate: CREATED,
  LastModifiedDate: CREATED,
  ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
  SupportedIdentityProviders: ["COGNITO"],
  AllowedOAuthFlowsUserPoolClient: false,
  TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
  AccessTokenValidity: 1,
  IdTokenValidity: 1,
  RefreshTokenValidity: 30,
  EnableTokenRevocation: true,
  AuthSessionValidity: 3,
});

type Settings = Omit<SetRiskConfigurationRequest, "UserPoolId" | "ClientId">;

/** The pool's configuration as it is live: adaptive authentication, compromised credentials, an allow list. */
const POOL_RISK: Settings = {
  CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" }, EventFilter: ["SIGN_IN"] },
  AccountTakeoverRiskConfiguration: {
    NotifyConfiguration: { SourceArn: SES, From: "security@example.com", BlockEmail: { Subject: "Blocked sign-in", TextBody: "We blocked a sign-in." } },
    Actions: { LowAction: { Notify: false, EventAction: "NO_ACTION" }, HighAction: { Notify: true, EventAction: "BLOCK" } },
  },
  RiskExceptionConfiguration: { SkippedIPRangeList: ["10.0.0.0/8"] },
};
const POOL_BLOCK = [
  "    riskConfiguration:",
  "      compromisedCredentials: { action: BLOCK, events: [SIGN_IN] }",
  "      accountTakeover:",
  `        notify: { sourceArn: "${SES}", from: security@example.com, blockEmail: { subject: Blocked sign-in, textBody: We blocked a sign-in. } }`,
  "        actions:",
  "          low: { notify: false, eventAction: NO_ACTION }",
  "          high: { notify: true, eventAction: BLOCK }",
  "      ipRanges: { alwaysAllow: [10.0.0.0/8] }",
];
/** The web client's own configuration: a block list only. */
const WEB_RISK: Settings = { RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] } };

const idp = mockClient(CognitoIdentityProviderClient);
const identity = mockClient(CognitoIdentityClient);
let pool: Settings | undefined;
let own: Map<string, Settings>;

/**
 * A stateful fake of the risk configuration API, as the API reference describes it: a Set replaces
 * the whole configuration and one without settings clears it; a client without its own is
 * described with the pool's, without ClientId.
 */
function wireFake(tier: UserPoolType["UserPoolTier"], live: { pool?: Settings; web?: Settings }) {
  pool = live.pool;
  own = new Map(live.web ? [[WEB, live.web]] : []);
  const clients = [client(WEB, "web"), client(OTHER, "other")];
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Risky" }] });
  idp.on(DescribeUserPoolCommand).resolves({ UserPool: livePool(tier) });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: clients.map((c) => ({ UserPoolId: POOL_ID, ClientId: c.ClientId, ClientName: c.ClientName })) });
  idp.on(DescribeUserPoolClientCommand).callsFake((input: DescribeUserPoolClientRequest) => ({ UserPoolClient: structuredClone(clients.find((c) => c.ClientId === input.ClientId)) }));
  idp.on(UpdateUserPoolClientCommand).callsFake((input: UpdateUserPoolClientRequest) => {
    const index = clients.findIndex((c) => c.ClientId === input.ClientId);
    clients[index] = { ...structuredClone(input), CreationDate: CREATED, LastModifiedDate: CREATED };
    return { UserPoolClient: clients[index] };
  });
  idp.on(DescribeRiskConfigurationCommand).callsFake((input: DescribeRiskConfigurationRequest): { RiskConfiguration: RiskConfigurationType } => {
    const mine = input.ClientId !== undefined ? own.get(input.ClientId) : undefined;
    if (mine) return { RiskConfiguration: { UserPoolId: POOL_ID, ClientId: input.ClientId, ...structuredClone(mine) } };
    return { RiskConfiguration: { UserPoolId: POOL_ID, ...structuredClone(pool ?? {}) } };
  });
  idp.on(SetRiskConfigurationCommand).callsFake((input: SetRiskConfigurationRequest) => {
    const { UserPoolId: _p, ClientId, ...settings } = structuredClone(input);
    const empty = Object.keys(settings).length === 0;
    if (ClientId === undefined) pool = empty ? undefined : settings;
    else if (empty) own.delete(ClientId);
    else own.set(ClientId, settings);
    return { RiskConfiguration: input };
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
});
afterEach(() => {
  idp.reset();
  identity.reset();
});

const dir = tempDir();
const file = (lines: string[]) =>
  dir.write(`risk-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: risk-stack", "region: us-east-1", "userPools:", "  - name: Risky", ...lines, ""].join("\n"));
const CLIENTS = (web: string[] = [], other: string[] = []) => ["    clients:", "      - name: web", ...web, "      - name: other", ...other];

const sent = () => idp.commandCalls(SetRiskConfigurationCommand).map((call) => call.args[0].input);
const describedClients = () => idp.commandCalls(DescribeRiskConfigurationCommand).filter((call) => call.args[0].input.ClientId !== undefined).length;

async function apply(lines: string[]): Promise<string> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(lines)], autoApprove: true }, io, silentLogger), io.stderr()).toBe(0);
  return io.stdout();
}

describe("the pool's risk configuration", () => {
  it("a changed account-takeover action sends the whole configuration once, without ClientId", async () => {
    wireFake("PLUS", { pool: POOL_RISK, web: WEB_RISK });
    const out = await apply(POOL_BLOCK.map((l) => l.replace("high: { notify: true, eventAction: BLOCK }", "high: { notify: true, eventAction: MFA_REQUIRED }")));
    expect(out).toContain("riskConfiguration.pool");
    expect(out).toContain("accountTakeover.actions.high.eventAction");
    expect(sent()).toEqual([
      {
        UserPoolId: POOL_ID,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "BLOCK" }, EventFilter: ["SIGN_IN"] },
        AccountTakeoverRiskConfiguration: {
          NotifyConfiguration: POOL_RISK.AccountTakeoverRiskConfiguration!.NotifyConfiguration,
          Actions: { LowAction: { Notify: false, EventAction: "NO_ACTION" }, HighAction: { Notify: true, EventAction: "MFA_REQUIRED" } },
        },
        RiskExceptionConfiguration: { SkippedIPRangeList: ["10.0.0.0/8"] },
      },
    ]);
    // The web client's own configuration is not the pool's business.
    expect(own.get(WEB)).toEqual(WEB_RISK);
  });

  it("a section left out of the block is removed: the request leaves it out", async () => {
    wireFake("PLUS", { pool: POOL_RISK });
    await apply(POOL_BLOCK.filter((l) => !l.includes("ipRanges")));
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).not.toHaveProperty("RiskExceptionConfiguration");
    expect(sent()[0]).toHaveProperty("AccountTakeoverRiskConfiguration");
  });

  it("{} clears it with the pool id alone; the block left out leaves it alone", async () => {
    wireFake("PLUS", { pool: POOL_RISK });
    await apply(["    riskConfiguration: {}"]);
    expect(sent()).toEqual([{ UserPoolId: POOL_ID }]);
    idp.resetHistory();
    wireFake("PLUS", { pool: POOL_RISK });
    await apply(["    deletionProtection: true"]);
    expect(sent()).toEqual([]);
    expect(idp.commandCalls(DescribeRiskConfigurationCommand)).toHaveLength(0);
  });
});

describe("a client's own risk configuration", () => {
  it("a changed IP list sends the client's whole configuration with its ClientId, and no UpdateUserPoolClient", async () => {
    wireFake("PLUS", { pool: POOL_RISK, web: WEB_RISK });
    const out = await apply(CLIENTS(["        riskConfiguration: { ipRanges: { alwaysBlock: [198.51.100.0/24, 203.0.113.0/24] }, compromisedCredentials: { action: NO_ACTION } }"]));
    expect(out).toContain("riskConfiguration.ipRanges.alwaysBlock");
    expect(sent()).toEqual([
      {
        UserPoolId: POOL_ID,
        ClientId: WEB,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: "NO_ACTION" }, EventFilter: ["PASSWORD_CHANGE", "SIGN_IN", "SIGN_UP"] },
        RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24", "203.0.113.0/24"] },
      },
    ]);
    expect(idp.commandCalls(UpdateUserPoolClientCommand)).toHaveLength(0);
  });

  it("{} returns the client to its pool's with the ids alone; a client that inherits the pool's has none of its own", async () => {
    wireFake("PLUS", { pool: POOL_RISK, web: WEB_RISK });
    await apply(CLIENTS(["        riskConfiguration: {}"], ["        riskConfiguration: {}"]));
    // `other` is described with the pool's configuration (no ClientId): nothing of its own to clear.
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: WEB }]);
    expect(own.size).toBe(0);
  });

  it("a client field and the risk configuration changed together: one UpdateUserPoolClient and one SetRiskConfiguration", async () => {
    wireFake("PLUS", { pool: POOL_RISK });
    await apply(CLIENTS(["        authSessionValidity: 5m", "        riskConfiguration: { ipRanges: { alwaysAllow: [192.0.2.0/24] } }"]));
    expect(idp.commandCalls(UpdateUserPoolClientCommand).map((call) => call.args[0].input.AuthSessionValidity)).toEqual([5]);
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: WEB, RiskExceptionConfiguration: { SkippedIPRangeList: ["192.0.2.0/24"] } }]);
  });
});

describe("what the reads cost", () => {
  it("in a Plus pool, each client's own configuration is read once a read (the list cannot know the file), declared or not", async () => {
    wireFake("PLUS", { pool: POOL_RISK, web: WEB_RISK });
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [file(CLIENTS())], format: "text", detailedExitcode: true }, io, silentLogger)).toBe(0);
    expect(describedClients()).toBe(2);
    expect(idp.commandCalls(DescribeRiskConfigurationCommand)).toHaveLength(2);
  });

  it("a pool below Plus is never asked: none can be in effect there", async () => {
    wireFake("ESSENTIALS", { pool: POOL_RISK, web: WEB_RISK });
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [file(["    riskConfiguration: {}", ...CLIENTS(["        riskConfiguration: {}"])])], format: "text", detailedExitcode: true }, io, silentLogger)).toBe(0);
    expect(idp.commandCalls(DescribeRiskConfigurationCommand)).toHaveLength(0);
  });
});
