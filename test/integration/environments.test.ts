// One set-up in several environments: examples/environments/base.yaml (examples/myapp.yaml) with
// the prod overlay, applied to an emulator of this file's own. A value written only in the overlay
// is what plan shows and what validate points at; $delete removes a group from the merged file;
// a saved plan records every file's hash and goes stale when any of them changes.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeUserPoolClientCommand, DescribeUserPoolCommand, ListUsersCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { clientIdsByName, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli as runCliWithoutPasswords, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const environments = join(import.meta.dirname, "..", "..", "examples", "environments");
const BASE = join(environments, "base.yaml");
const PROD = join(environments, "prod.yaml");
const prodText = readFileSync(PROD, "utf8");
const dir = tempDir();
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;

/** The CLI with the users' temporary password set, and any other variables a test gives. */
const runCli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCliWithoutPasswords(args, { env: { ADMIN_TEMP_PASSWORD: "Adm1n-Temp-Pa55!", ...env } });
const endpoint = () => ["--endpoint-url", emulator.url];
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((line) => line.includes(needle)) + 1;

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
});
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

describe("examples/environments: the base with the prod overlay", () => {
  it("applies from empty with the overlay's values, then plan shows no changes", async () => {
    const apply = await runCli(["apply", "-f", BASE, "-f", PROD, ...endpoint(), "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);

    const poolId = await userPoolIdNamed(idp, "MyApp-UserPool");
    const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect(pool.UserPoolTags).toMatchObject({ "cognito-reconcile:stack": "myapp-prod", app: "myapp", env: "prod" });
    expect(pool.Domain).toBe("myapp-prod-auth");
    expect(pool.DeletionProtection).toBe("ACTIVE");
    const clientId = (await clientIdsByName(idp, poolId)).get("MyApp-UserAuth")!;
    const client = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
    expect([client.AccessTokenValidity, client.TokenValidityUnits?.AccessToken]).toEqual([30, "minutes"]);
    expect([client.RefreshTokenValidity, client.TokenValidityUnits?.RefreshToken]).toEqual([7, "days"]);
    // Untouched by the overlay: as the base has it.
    expect(client.CallbackURLs).toEqual(["https://app.example.com/callback"]);
    // The overlay's $delete left the test user out of production.
    const users = (await idp.send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? [];
    expect(users.map((u) => u.Attributes?.find((a) => a.Name === "email")?.Value)).toEqual(["admin@example.com"]);

    const plan = await runCli(["plan", "-f", BASE, "-f", PROD, ...endpoint(), "--detailed-exitcode"]);
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("a value changed only in the overlay shows in plan; a mistake there is reported at the overlay's line", async () => {
    const changed = dir.write("prod-changed.yaml", prodText.replace("accessToken: 30m", "accessToken: 45m"));
    const plan = await runCli(["plan", "-f", BASE, "-f", changed, ...endpoint(), "--detailed-exitcode"]);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toMatch(/~ userPool\.MyApp-UserPool\/client\.MyApp-UserAuth\b/);
    expect(plan.stdout).toMatch(/tokenValidity\.accessToken: "?30m"? -> "?45m"?/);
    expect(plan.code).toBe(2);

    const broken = dir.write("prod-broken.yaml", prodText.replace("accessToken: 30m", "accessToken: forever"));
    const validate = await runCli(["validate", "-f", BASE, "-f", broken]);
    const line = lineOf(prodText, "accessToken: 30m");
    expect(validate.stderr).toMatch(new RegExp(`^${broken.replaceAll("/", "\\/")}:${line}:\\d+: userPools\\[0\\]\\.clients\\[1\\]\\.tokenValidity\\.accessToken [^\\n]+\\n$`));
    expect(validate.code).toBe(1);
  });

  it("$delete: true removes a group from the merged file, and plan deletes it", async () => {
    const overlay = dir.write("no-premium.yaml", "userPools:\n  - name: MyApp-UserPool\n    groups:\n      - { name: premium, $delete: true }\n");
    const printed = await runCli(["validate", "-f", BASE, "-f", PROD, "-f", overlay, "--print"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^# the merge of .+base\.yaml, .+prod\.yaml, .+no-premium\.yaml \(in that order\)/);
    expect(printed.stdout).toContain("name: moderator");
    expect(printed.stdout).not.toContain("name: premium");
    expect(printed.stdout).not.toContain("$delete");
    // Printed as written: the secret's reference, not its value.
    expect(printed.stdout).toContain("${env:ADMIN_TEMP_PASSWORD}");
    expect(printed.stdout).not.toContain("Adm1n-Temp-Pa55!");
    expect(printed.stderr).toMatch(/merge into a valid file: stack "myapp-prod"/);

    const plan = await runCli(["plan", "-f", BASE, "-f", PROD, "-f", overlay, ...endpoint()]);
    expect(plan.stdout).toContain("- userPool.MyApp-UserPool/group.premium");
    expect(plan.stdout).toContain("Plan: 0 to create, 0 to update, 0 to replace, 1 to delete.");
  });

  it("validate --print needs no variable's value: an unset one is named on stderr, and plain validate still refuses it", async () => {
    const printed = await runCliWithoutPasswords(["validate", "-f", BASE, "-f", PROD, "--print"]);
    expect(printed.stderr).toBe(
      `${BASE} + ${PROD} merge into a valid file: stack "myapp-prod", 1 user pool, 1 identity pool.\n` +
        "warning: ADMIN_TEMP_PASSWORD is not set: printing does not need it, plan and apply do\n",
    );
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("temporaryPassword: ${env:ADMIN_TEMP_PASSWORD}");

    const validate = await runCliWithoutPasswords(["validate", "-f", BASE, "-f", PROD]);
    expect(validate.stderr).toMatch(/^.+base\.yaml:\d+:\d+: environment variable ADMIN_TEMP_PASSWORD is not set/);
    expect(validate.code).toBe(1);

    // A reference is no domain prefix: where the schema wants a form, the variable must be set, and the refusal says why.
    const prefixed = dir.write("prod-prefix.yaml", prodText.replace("prefix: myapp-prod-auth", 'prefix: "${env:PROD_DOMAIN_PREFIX}"'));
    for (const args of [["validate", "--print"], ["iam-policy", "--for", "plan"]]) {
      const refused = await runCliWithoutPasswords([args[0]!, "-f", BASE, "-f", prefixed, ...args.slice(1)]);
      expect(refused.stderr).toMatch(
        new RegExp(
          "^note: ADMIN_TEMP_PASSWORD, PROD_DOMAIN_PREFIX are not set and stand for their references \\(\\$\\{env:NAME\\}\\); where the file needs a value of a form \\(an ARN, a URL, a domain prefix\\), set the variable\n" +
            `${prefixed.replaceAll("/", "\\/").replaceAll(".", "\\.")}:${lineOf(prodText, "prefix: myapp-prod-auth")}:\\d+: userPools\\[0\\]\\.domain\\.prefix must be [^\n]+\n$`,
        ),
      );
      expect(refused.code).toBe(1);
      const set = await runCliWithoutPasswords([args[0]!, "-f", BASE, "-f", prefixed, ...args.slice(1)], { env: { PROD_DOMAIN_PREFIX: "myapp-prod-auth" } });
      expect(set.code).toBe(0);
    }
  });

  it("validate --print names an overlay's files from the first file's folder, so the printed file validates beside it", async () => {
    const base = dir.write("rebase/base.yaml", "version: 1\nstack: rebase\nregion: us-east-1\nuserPools:\n  - name: P\n    uiCustomization: { css: base.css }\n");
    dir.write("rebase/base.css", ".banner-customizable { background-color: #000000; }\n");
    const overlay = dir.write("rebase/env/prod.yaml", "userPools:\n  - name: P\n    uiCustomization: { css: prod.css }\n");
    dir.write("rebase/env/prod.css", ".banner-customizable { background-color: #ffffff; }\n");
    const printed = await runCli(["validate", "-f", base, "-f", overlay, "--print"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("files it names relative to the first one's folder");
    expect(printed.stdout).toContain("css: env/prod.css");
    const merged = dir.write("rebase/merged.yaml", printed.stdout);
    const again = await runCli(["validate", "-f", merged]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("validate --print keeps a reference in a file's name, set or not, and names it from the first file's folder", async () => {
    const base = dir.write("rebase-env/base.yaml", "version: 1\nstack: rebase\nregion: us-east-1\nuserPools:\n  - name: P\n    uiCustomization: { css: base.css }\n");
    dir.write("rebase-env/base.css", ".banner-customizable { background-color: #000000; }\n");
    const overlay = dir.write("rebase-env/env/prod.yaml", 'userPools:\n  - name: P\n    uiCustomization: { css: "${env:STYLE_DIR}/prod.css" }\n');
    dir.write("rebase-env/env/styles/prod.css", ".banner-customizable { background-color: #ffffff; }\n");
    for (const env of [{ STYLE_DIR: "styles" }, {}] as Record<string, string>[]) {
      const printed = await runCli(["validate", "-f", base, "-f", overlay, "--print"], env);
      expect(printed.code).toBe(0);
      expect(printed.stdout).toContain("css: env/${env:STYLE_DIR}/prod.css");
    }
    // The printed file beside the base names the overlay's style sheet once the variable is set.
    const merged = dir.write("rebase-env/merged.yaml", (await runCli(["validate", "-f", base, "-f", overlay, "--print"], { STYLE_DIR: "styles" })).stdout);
    const again = await runCli(["validate", "-f", merged], { STYLE_DIR: "styles" });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
  });

  it("a saved plan records each file's hash, goes stale when an overlay changes, and applies once it is back", async () => {
    const overlayText = "userPools:\n  - name: MyApp-UserPool\n    groups:\n      - { name: readonly, $delete: true }\n";
    const overlay = dir.write("no-readonly.yaml", overlayText);
    const saved = join(dir.path, "plan.json");
    const plan = await runCli(["plan", "-f", BASE, "-f", PROD, "-f", overlay, ...endpoint(), "--out", saved]);
    expect(plan.code).toBe(0);
    const document = JSON.parse(readFileSync(saved, "utf8")) as { formatVersion: number; files: { path: string; sha256: string }[] };
    expect(document.formatVersion).toBe(3);
    expect(document.files).toEqual([BASE, PROD, overlay].map((path) => ({ path, sha256: sha256(path) })));

    dir.write("no-readonly.yaml", `${overlayText}# edited after the plan\n`);
    const stale = await runCli(["apply", saved, ...endpoint()]);
    expect(stale.stderr).toBe(`error: the saved plan is stale: ${overlay} changed since it was made; make a new plan\n`);
    expect(stale.code).toBe(3);

    dir.write("no-readonly.yaml", overlayText);
    const apply = await runCli(["apply", saved, ...endpoint()]);
    expect(apply.stderr).toBe("");
    expect(apply.stdout).toContain("- userPool.MyApp-UserPool/group.readonly: deleted");
    expect(apply.code).toBe(0);
  });
});
