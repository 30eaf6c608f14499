import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { dotenvCollisions, renderOutputs, type OutputsDocument, type PoolOutputs } from "../../src/render/outputs.js";

const pool = (clients: Record<string, string>): PoolOutputs => ({
  region: "us-east-1",
  userPoolId: "us-east-1_Pool1",
  userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1",
  issuerUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1",
  jwksUrl: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1/.well-known/jwks.json",
  clients: Object.fromEntries(Object.entries(clients).map(([name, clientId]) => [name, { clientId }])),
});

const doc = (userPools: OutputsDocument["userPools"], identityPools: OutputsDocument["identityPools"] = {}): OutputsDocument => ({ stack: "s", userPools, identityPools });

describe("outputs --format dotenv", () => {
  it("refuses, in one line naming each, clients whose names become the same variable", () => {
    const render = () => renderOutputs(doc({ MyApp: pool({ "web-app": "id1", web_app: "id2", "Web.App": "id3", mobile: "id4" }) }), "dotenv");
    expect(render).toThrow(UserError);
    let message = "";
    try {
      render();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'outputs --format dotenv: client "web-app" of user pool "MyApp", client "web_app" of user pool "MyApp" and client "Web.App" of user pool "MyApp" would all be COGNITO_MYAPP_CLIENT_WEB_APP_ID; rename all but one (--format json or yaml keeps them apart)',
    );
    expect(message).not.toContain("\n");
  });

  it("refuses a user pool and an identity pool that share a prefix, and keeps json and yaml working", () => {
    const both = doc({ "My-App": pool({}) }, { My_App: { region: "us-east-1", identityPoolId: "us-east-1:abc", roles: {} } });
    expect(() => renderOutputs(both, "dotenv")).toThrow(/user pool "My-App" and identity pool "My_App" would all be COGNITO_MY_APP_REGION/);
    expect(renderOutputs(both, "json")).toContain('"My_App"');
  });

  it("writes each variable once when names are distinct", () => {
    const text = renderOutputs(doc({ MyApp: pool({ web: "id1", mobile: "id2" }) }), "dotenv");
    expect(text.split("\n").filter((l) => l.startsWith("COGNITO_MYAPP_CLIENT_"))).toEqual(["COGNITO_MYAPP_CLIENT_WEB_ID=id1", "COGNITO_MYAPP_CLIENT_MOBILE_ID=id2"]);
  });

  it("finds the same collisions from the file's names alone (for validate)", () => {
    expect(dotenvCollisions({ pools: [{ name: "P", clients: ["web-app", "web_app", "api"] }], identityPools: ["p"] })).toEqual([
      'user pool "P" and identity pool "p" would all be COGNITO_P_REGION',
      'client "web-app" of user pool "P" and client "web_app" of user pool "P" would all be COGNITO_P_CLIENT_WEB_APP_ID',
    ]);
  });
});
