// A client's terms documents end to end, against the emulator: they apply from nothing with the
// client, plan is then empty, a link changed behind the tool's back is drift and apply puts it back,
// a document taken out of the list is deleted (prune.terms), and an export plans as no changes.
import { DescribeTermsCommand, ListTermsCommand, UpdateTermsCommand, type CognitoIdentityProviderClient, type TermsType } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `terms-${suffix}`;
const poolName = `Terms-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const FILE = `${onePoolFileHead(stack, poolName)}    clients:
      - name: web
        terms:
          - name: terms-of-use
            links: { "cognito:default": https://example.com/terms, "cognito:french": https://example.com/fr/terms }
          - { name: privacy-policy, links: { "cognito:default": https://example.com/privacy } }
      - name: admin
`;

const cli = (verb: string, file: string, ...flags: string[]) => runCli([verb, "-f", file, "--endpoint-url", endpoint, ...flags]);

/** Every terms document of the pool, described, by name. */
async function termsOf(poolId: string): Promise<Map<string, TermsType>> {
  const listed = (await idp.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 60 }))).Terms ?? [];
  const described = await Promise.all(listed.map(async (t) => (await idp.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: t.TermsId }))).Terms!));
  return new Map(described.map((t) => [t.TermsName!, t]));
}

let file = "";
let poolId = "";

beforeAll(() => {
  idp = idpClient(endpoint);
  file = dir.write("terms.yaml", FILE);
});

describe("a client's terms", () => {
  it("are created with the new client from nothing; plan then shows no changes", async () => {
    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/terms.web/terms-of-use: created`);
    poolId = await userPoolIdNamed(idp, poolName);
    const terms = await termsOf(poolId);
    expect([...terms.keys()].sort()).toEqual(["privacy-policy", "terms-of-use"]);
    expect(terms.get("terms-of-use")?.Links).toEqual({ "cognito:default": "https://example.com/terms", "cognito:french": "https://example.com/fr/terms" });
    expect(terms.get("terms-of-use")?.Enforcement).toBe("NONE");

    const plan = await cli("plan", file, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("drift finds a link changed with the SDK, and apply puts it back in place", async () => {
    const live = (await termsOf(poolId)).get("terms-of-use")!;
    await idp.send(
      new UpdateTermsCommand({ UserPoolId: poolId, TermsId: live.TermsId, TermsName: "terms-of-use", TermsSource: "LINK", Enforcement: "NONE", Links: { "cognito:default": "https://example.com/other" } }),
    );
    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`~ userPool.${poolName}/terms.web/terms-of-use`);
    expect(drift.stdout).toContain("links.cognito:french");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.code).toBe(0);
    const after = (await termsOf(poolId)).get("terms-of-use")!;
    // Updated in place: the same document, not a new one.
    expect(after.TermsId).toBe(live.TermsId);
    expect(after.Links).toEqual({ "cognito:default": "https://example.com/terms", "cognito:french": "https://example.com/fr/terms" });
  });

  it("export writes each client's documents, and plan of the exported file shows no changes", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout.match(/^ {8}terms:$/gm)).toHaveLength(1);
    const written = dir.write("exported.yaml", exported.stdout);
    const plan = await cli("plan", written, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("a document taken out of the list is deleted; a client entry without terms leaves them alone", async () => {
    const fewer = dir.write("fewer.yaml", FILE.replace(/ {10}- \{ name: privacy-policy.*\n/, ""));
    const applied = await cli("apply", fewer, "--auto-approve");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`- userPool.${poolName}/terms.web/privacy-policy`);
    expect([...(await termsOf(poolId)).keys()]).toEqual(["terms-of-use"]);

    const unmanaged = dir.write("unmanaged.yaml", FILE.replace(/ {8}terms:\n(?: {10}.*\n)+/, ""));
    const plan = await cli("plan", unmanaged, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });
});
