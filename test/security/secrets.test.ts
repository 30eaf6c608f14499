import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AdminSetUserPasswordCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  paginateListUserPools,
  UpdateGroupCommand,
  UpdateIdentityProviderCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { describeFindings, DirectoryScanner, findSecrets, formsOf, makeSecret, type Finding, type Secret } from "./secret-scan.js";
import { clientIdNamed } from "../helpers/aws-lists.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

/**
 * No command prints, logs or writes a secret, even at --log-level debug: temporary passwords, an
 * identity provider's client secret (as the file sets it and as someone changed it behind the
 * tool's back), the client secret AWS generates, and the AWS credentials themselves. Every command
 * runs with its working directory, HOME, TMPDIR and GITHUB_STEP_SUMMARY inside one temporary
 * directory, and every file that appears there is scanned as well as stdout and stderr.
 */
const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `secrets-${suffix}`;
const poolName = `Secrets-${suffix}`;
const dir = tempDir("cognito-reconcile-secrets-");
const scratch = tempDir("cognito-reconcile-scan-");

// Quotes, a backslash, < and & make the escaped forms differ from the literal one; the temporary
// passwords also meet the default password policy, so AWS accepts them.
const tempPasswordAlice = makeSecret("temporaryPassword(alice)", (t) => `Tmp-${t}-Aa1!"\\<&'`);
const tempPasswordBob = makeSecret("temporaryPassword(bob)", (t) => `Bob-${t}-Aa1!"\\<&'`);
const idpSecretV1 = makeSecret("idpClientSecret(v1)", (t) => `idp-${t}-"\\/<&`);
const idpSecretV2 = makeSecret("idpClientSecret(v2)", (t) => `idp2-${t}-"\\/<&`);
const idpSecretDrifted = makeSecret("idpClientSecret(set with the SDK)", (t) => `drift-${t}-"\\/<&`);
const permanentPassword = makeSecret("permanentPassword(alice)", (t) => `Perm-${t}-Aa1!"\\<&'`);
const awsSecretAccessKey = makeSecret("AWS_SECRET_ACCESS_KEY", (t) => `wJalr${t}EXAMPLEKEY`);
const awsSessionToken = makeSecret("AWS_SESSION_TOKEN", (t) => `session-${t}`);
/** Grows when AWS generates the client secret. */
const secrets: Secret[] = [tempPasswordAlice, tempPasswordBob, idpSecretV1, idpSecretV2, idpSecretDrifted, permanentPassword, awsSecretAccessKey, awsSessionToken];
let generatedSecret: Secret | undefined;

const home = join(dir.path, "home");
const tmp = join(dir.path, "tmp");
const baseEnv = { HOME: home, TMPDIR: tmp, AWS_SECRET_ACCESS_KEY: awsSecretAccessKey.value, AWS_SESSION_TOKEN: awsSessionToken.value };
const envV1 = { ...baseEnv, SECRETS_IDP_SECRET: idpSecretV1.value, SECRETS_ALICE_PASSWORD: tempPasswordAlice.value };
const envV2 = { ...baseEnv, SECRETS_IDP_SECRET: idpSecretV2.value, SECRETS_ALICE_PASSWORD: tempPasswordAlice.value, SECRETS_BOB_PASSWORD: tempPasswordBob.value };

function desiredState(withBob: boolean): string {
  const bob = `
      - username: bob
        attributes: { email: bob@example.com }
        groups: [user]
        temporaryPassword: "\${env:SECRETS_BOB_PASSWORD}"
        invitation: suppress`;
  return `${onePoolFileHead(stack, poolName)}    resourceServers:
      - identifier: https://api.example.com
        name: API
        scopes: [{ name: read, description: Read }]
    identityProviders:
      - name: Corp
        type: OIDC
        details:
          client_id: corp-client
          authorize_scopes: openid email
          oidc_issuer: https://idp.example.com
          attributes_request_method: GET
          authorize_url: https://idp.example.com/authorize
          token_url: https://idp.example.com/token
          attributes_url: https://idp.example.com/userinfo
          jwks_uri: https://idp.example.com/jwks
        clientSecret: "\${env:SECRETS_IDP_SECRET}"
        attributeMapping: { email: email }
    clients:
      - name: Machine
        generateSecret: true
        authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        oauth:
          flows: [client_credentials]
          scopes: [https://api.example.com/read]
      - name: Web
        authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        oauth:
          flows: [code]
          scopes: [openid, email]
          callbackUrls: [https://app.example.com/callback]
        identityProviders: [COGNITO, Corp]
    groups:
      - { name: admin, description: Administrators, precedence: 1 }
      - { name: user, description: Users, precedence: 10 }
    users:
      - username: alice
        attributes: { email: alice@example.com }
        groups: [admin]
        temporaryPassword: "\${env:SECRETS_ALICE_PASSWORD}"
        invitation: suppress${withBob ? bob : ""}
`;
}

interface Run extends CliResult {
  label: string;
  findings: Finding[];
  /** The GITHUB_STEP_SUMMARY file this run was given. */
  summary: string;
}

const scanner = new DirectoryScanner(dir.path);
const history: Run[] = [];
let runs = 0;

/** Runs one command at debug level in the temporary directory, and scans all it left behind. */
async function run(label: string, args: string[], env: Record<string, string>): Promise<Run> {
  runs += 1;
  // One summary file a run, named after it, so a leak there names the command that wrote it.
  const summary = join(dir.path, `step-summary-${runs}-${label.replace(/[^a-z0-9]+/gi, "-")}.md`);
  const result = await runCli([...args, "--log-level", "debug"], { cwd: dir.path, env: { ...env, GITHUB_STEP_SUMMARY: summary } });
  const findings = [
    ...findSecrets(result.stdout, `${label}: stdout`, secrets),
    ...findSecrets(result.stderr, `${label}: stderr`, secrets),
    ...scanner.scan(label, secrets),
  ];
  const done = { ...result, label, findings, summary };
  history.push(done);
  return done;
}

const aws = ["--endpoint-url", endpoint];

function expectNoLeak(done: readonly Run[]): void {
  const findings = done.flatMap((r) => r.findings);
  expect(findings, describeFindings(findings)).toEqual([]);
}

/** Proof that the run logged at debug level, so a clean scan is not the fruit of silence. */
function expectDebugLogs(done: Run): void {
  expect(done.stderr, `${done.label} wrote no debug log`).toMatch(/^\{"level":20,.*"msg":"aws call"\}$/m);
}

type PlanJson = { changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown; sensitive: boolean }[] }[]; summary: Record<string, number> };
const changeOf = (plan: PlanJson, address: string) => plan.changes.find((c) => c.address === `userPool.${poolName}/${address}`);
const maskedSecretField = { path: "clientSecret", before: "(sensitive)", after: "(sensitive)", sensitive: true };

let idp: CognitoIdentityProviderClient;
let poolId = "";

beforeAll(() => {
  idp = idpClient(endpoint);
  mkdirSync(home);
  mkdirSync(tmp);
  dir.write("cognito.yaml", desiredState(false));
});
afterAll(() => idp?.destroy());

describe("secrets never reach stdout, stderr or a written file, even at --log-level debug", () => {
  it("the scanner finds a planted secret in each form it looks for, and names it without its value", () => {
    const planted = makeSecret("planted", (t) => `planted-${t}-"\\/<&`);
    const other = makeSecret("other", (t) => `other-${t}`);
    const html = planted.value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    const base64 = (prefix: string) => Buffer.from(`${prefix}${planted.value} and more`).toString("base64");
    const expected: Record<string, string> = {
      "literal.log": "literal",
      "escaped.json": "JSON-escaped",
      "nested/query.txt": "URL-encoded",
      "aligned-0.b64": "base64",
      "aligned-1.b64": "base64",
      "aligned-2.b64": "base64",
      "escaped.html": "random part",
    };
    mkdirSync(join(scratch.path, "nested"));
    scratch.write("literal.log", `{"msg":"x","value":"${planted.value}"}\n`);
    scratch.write("escaped.json", JSON.stringify({ clientSecret: planted.value }));
    scratch.write("nested/query.txt", `client_secret=${encodeURIComponent(planted.value)}&x=1`);
    scratch.write("aligned-0.b64", base64(""));
    scratch.write("aligned-1.b64", base64("x"));
    scratch.write("aligned-2.b64", base64("xy"));
    scratch.write("escaped.html", `<td>${html}</td>`);
    scratch.write("clean.txt", `nothing here but ${other.value}`);

    const findings = new DirectoryScanner(scratch.path).scan("planting", [planted]);
    for (const [file, form] of Object.entries(expected)) {
      expect(findings, `${file} should be found as ${form}`).toContainEqual({ secret: "planted", form, where: `file ${file} (after planting)` });
    }
    expect(findings.filter((f) => f.where.includes("clean.txt"))).toEqual([]);
    expect(describeFindings(findings)).not.toContain(planted.value);
    expect(formsOf(planted).every((f) => !describeFindings(findings).includes(f.text))).toBe(true);
    // An unchanged file is not reported twice; a changed one is.
    const scanner = new DirectoryScanner(scratch.path);
    scanner.scan("first", [planted]);
    expect(scanner.scan("second", [planted])).toEqual([]);
    scratch.write("clean.txt", planted.value);
    expect(scanner.scan("third", [planted])).toEqual([{ secret: "planted", form: "literal", where: "file clean.txt (after third)" }]);
  });

  it("validate, plan (text, json, markdown, --out) and apply -f of a new pool show no secret", async () => {
    const validate = await run("validate", ["validate", "-f", "cognito.yaml"], envV1);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("is valid");

    const plans = await Promise.all([
      run("plan --format json", ["plan", "-f", "cognito.yaml", "--format", "json", ...aws], envV1),
      run("plan --format markdown", ["plan", "-f", "cognito.yaml", "--format", "markdown", ...aws], envV1),
      run("plan --out create.json", ["plan", "-f", "cognito.yaml", "--out", "create.json", ...aws], envV1),
    ]);
    for (const plan of plans) {
      expect(plan.code, plan.stderr).toBe(0);
      expectDebugLogs(plan);
    }
    expect((JSON.parse(plans[0].stdout) as PlanJson).summary.create).toBe(8);
    expect(readFileSync(plans[1].summary, "utf8")).toBe(plans[1].stdout);
    expect(JSON.parse(readFileSync(join(dir.path, "create.json"), "utf8"))).toMatchObject({ kind: "cognito-reconcile/saved-plan", stack });

    const apply = await run("apply -f --auto-approve", ["apply", "-f", "cognito.yaml", "--auto-approve", ...aws], envV1);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("live state matches the file");
    expectDebugLogs(apply);

    // Other test files fill the shared emulator with pools: more than one page of them.
    for await (const page of paginateListUserPools({ client: idp }, { MaxResults: 60 })) {
      poolId ||= page.UserPools?.find((p) => p.Name === poolName)?.Id ?? "";
    }
    expect(poolId).not.toBe("");
    // The client secret exists only once apply created the client (whose creation answer carries
    // it), so everything so far is scanned again for it.
    const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: await clientIdNamed(idp, poolId, "Machine") }));
    generatedSecret = { name: "generated client secret (Machine)", value: described.UserPoolClient!.ClientSecret! };
    expect(generatedSecret.value.length).toBeGreaterThanOrEqual(16);
    secrets.push(generatedSecret);
    const late = [
      ...history.flatMap((r) => [...findSecrets(r.stdout, `${r.label}: stdout`, [generatedSecret!]), ...findSecrets(r.stderr, `${r.label}: stderr`, [generatedSecret!])]),
      ...new DirectoryScanner(dir.path).scan("apply -f --auto-approve", [generatedSecret]),
    ];
    expect(late, describeFindings(late)).toEqual([]);
    expectNoLeak([validate, ...plans, apply]);
  });

  it("outputs shows no client secret without --show-secrets (json, yaml, dotenv), and with it the scanner finds it", async () => {
    const formats = ["json", "yaml", "dotenv"] as const;
    const hidden = await Promise.all(formats.map((f) => run(`outputs --format ${f}`, ["outputs", "-f", "cognito.yaml", "--format", f, ...aws], envV1)));
    for (const output of hidden) {
      expect(output.code, output.stderr).toBe(0);
      expect(output.stdout).toContain(poolId);
      expectDebugLogs(output);
    }
    expectNoLeak(hidden);

    // The positive control: the one place a secret belongs, found by the same scanner.
    const shown = await run("outputs --show-secrets", ["outputs", "-f", "cognito.yaml", "--show-secrets", ...aws], envV1);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.findings).toEqual([{ secret: generatedSecret!.name, form: "literal", where: "outputs --show-secrets: stdout" }]);
  });

  it("export --with-users writes no secret: the provider's becomes an ${env:...} reference, the client's is left out", async () => {
    const exported = await run("export --with-users", ["export", "--pool-id", poolId, "--with-users", ...aws], envV1);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain("clientSecret: ${env:IDP_CORP_CLIENT_SECRET}");
    expect(exported.stdout).toContain("generateSecret: true");
    expect(exported.stdout).toContain("- username: alice");
    expectDebugLogs(exported);
    expectNoLeak([exported]);
  });

  it("drift of the provider's secret and a group, made with the SDK, is reported as (sensitive) in every format", async () => {
    const provider = await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp" }));
    await idp.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Corp", ProviderDetails: { ...provider.IdentityProvider!.ProviderDetails, client_secret: idpSecretDrifted.value } }),
    );
    await idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "admin", Description: "changed in the console" }));

    const drifts = await Promise.all(
      (["text", "json", "markdown"] as const).map((f) => run(`drift --format ${f}`, ["drift", "-f", "cognito.yaml", "--format", f, ...aws], envV1)),
    );
    for (const drift of drifts) {
      expect(drift.code, drift.stderr).toBe(2);
      expectDebugLogs(drift);
    }
    const [text, json, markdown] = drifts as [Run, Run, Run];
    const report = JSON.parse(json.stdout) as PlanJson;
    expect(changeOf(report, "identityProvider.Corp")?.fields).toEqual([expect.objectContaining(maskedSecretField)]);
    expect(changeOf(report, "group.admin")?.action).toBe("update");
    expect(text.stdout).toContain("clientSecret: (sensitive) -> (sensitive)");
    expect(readFileSync(markdown.summary, "utf8")).toContain("clientSecret: (sensitive)");
    expectNoLeak(drifts);
  });

  it("a new provider secret and a new user with a temporary password: plan (json, markdown, --out) and apply PLAN.json show only (sensitive)", async () => {
    dir.write("cognito.yaml", desiredState(true));
    const plans = await Promise.all([
      run("plan --format json (changed secret)", ["plan", "-f", "cognito.yaml", "--format", "json", ...aws], envV2),
      run("plan --format markdown --out update.json (changed secret)", ["plan", "-f", "cognito.yaml", "--format", "markdown", "--out", "update.json", ...aws], envV2),
    ]);
    for (const plan of plans) {
      expect(plan.code, plan.stderr).toBe(0);
      expectDebugLogs(plan);
    }
    const plan = JSON.parse(plans[0].stdout) as PlanJson;
    expect(changeOf(plan, "identityProvider.Corp")).toMatchObject({ action: "update", fields: [maskedSecretField] });
    expect(changeOf(plan, "user.bob")?.action).toBe("create");
    expect(readFileSync(plans[1].summary, "utf8")).toContain("clientSecret: (sensitive)");
    expect(readFileSync(join(dir.path, "update.json"), "utf8")).toContain('"path": "clientSecret"');

    // apply PLAN.json shows the plan as text before it runs it.
    const apply = await run("apply update.json", ["apply", "update.json", ...aws], envV2);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("clientSecret: (sensitive) -> (sensitive)");
    expect(apply.stdout).toContain("live state matches the file");
    expectDebugLogs(apply);
    expectNoLeak([...plans, apply]);
  });

  it("verify signs in with the client secret's SECRET_HASH and prints neither a password nor the secret", async () => {
    const verify = ["verify", "-f", "cognito.yaml", "--user", "alice", "--client", "Machine", ...aws];
    const temporary = await run("verify (temporary password)", verify, { ...envV2, COGNITO_RECONCILE_VERIFY_PASSWORD: tempPasswordAlice.value });
    expect(temporary.code).toBe(1);
    expect(temporary.stdout).toContain("FAIL sign in: the user still has a temporary password");
    expectDebugLogs(temporary);

    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: permanentPassword.value, Permanent: true }));
    const signedIn = await run("verify (permanent password)", verify, { ...envV2, COGNITO_RECONCILE_VERIFY_PASSWORD: permanentPassword.value });
    expect(signedIn.code, signedIn.stdout + signedIn.stderr).toBe(0);
    expect(signedIn.stdout).toContain("with SECRET_HASH");
    expect(signedIn.stdout).toContain("PASS groups claim");
    expectDebugLogs(signedIn);
    expectNoLeak([temporary, signedIn]);
  });
});
