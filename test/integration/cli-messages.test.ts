import { describe, expect, inject, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/config/load.js";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const dir = tempDir();
// No pools: plan still lists the account's pools, so credentials are resolved and used.
dir.write("empty.yaml", `version: 1\nstack: messages-${suffix}\nregion: us-east-1\nuserPools: []\n`);
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir.path, env });

/** Every command that talks to AWS, with the other arguments it needs. */
const AWS_COMMANDS: string[][] = [
  ["plan", "-f", "empty.yaml"],
  ["drift", "-f", "empty.yaml"],
  ["apply", "-f", "empty.yaml", "--auto-approve"],
  ["apply", "PLAN.json"],
  ["outputs", "-f", "empty.yaml"],
  ["export", "--pool-id", "us-east-1_AbC123"],
  ["verify", "-f", "empty.yaml", "--user", "alice"],
];

describe("--endpoint-url that is not a URL", () => {
  it.each(AWS_COMMANDS.map((args) => [args.slice(0, 2).join(" "), args]))("%s names the flag and the value in one line", async (_name, args) => {
    const result = await cli([...(args as string[]), "--endpoint-url", "notaurl"]);
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
      code: 1,
      stderr: 'error: --endpoint-url "notaurl" is not a URL; give one such as http://127.0.0.1:4566\n',
      stdout: "",
    });
  });

  it("a host:port without a scheme is refused before any call, not sent as scheme 'localhost:'", async () => {
    const result = await cli(["plan", "-f", "empty.yaml", "--endpoint-url", "localhost:4566"]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: 'error: --endpoint-url "localhost:4566" is not an http:// or https:// URL; give one such as http://127.0.0.1:4566\n',
    });
  });
});

describe("AWS profiles and SDK notices", () => {
  // A home of its own: the test never reads the real ~/.aws, and names the files through the
  // variables the SDK reads.
  const home = tempDir("cognito-reconcile-home-");
  const config = home.write("aws-config", "[default]\nregion = us-east-1\n\n[profile real]\nregion = us-east-1\n");
  const credentials = home.write("aws-credentials", "[real]\naws_access_key_id = test\naws_secret_access_key = test\n");
  const awsFiles = { HOME: home.path, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

  it("--profile naming no profile says so in one line", async () => {
    const result = await cli(["plan", "-f", "empty.yaml", "--endpoint-url", endpoint, "--profile", "nosuch"], awsFiles);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 1,
      stderr: 'error: AWS profile "nosuch" is not in ~/aws-config or ~/aws-credentials; check the name given to --profile, or create the profile with: aws configure --profile nosuch\n',
    });
  });

  it("AWS_PROFILE naming no profile says so in one line", async () => {
    const result = await cli(["plan", "-f", "empty.yaml", "--endpoint-url", endpoint], { ...awsFiles, AWS_PROFILE: "nosuch" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: AWS profile "nosuch" is not in ~\/aws-config or ~\/aws-credentials; check the name given to AWS_PROFILE, [^\n]*\n$/);
  });

  it("a profile that exists is used, and the SDK's notices stay off stderr (in the debug log)", async () => {
    // cliEnv also sets access keys, which makes the SDK warn about two credential sources; an empty
    // AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED lets it print its Node version notice.
    const env = { ...awsFiles, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "" };
    const result = await cli(["plan", "-f", "empty.yaml", "--endpoint-url", endpoint, "--profile", "real"], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout).not.toBe("");

    const debug = await cli(["plan", "-f", "empty.yaml", "--endpoint-url", endpoint, "--profile", "real", "--log-level", "debug"], env);
    expect(debug.code).toBe(0);
    const records = debug.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { msg: string; warning?: string });
    const notices = records.filter((r) => r.msg === "AWS SDK warning").map((r) => r.warning ?? "");
    expect(notices.some((n) => n.includes("Multiple credential sources"))).toBe(true);
    expect(notices.some((n) => n.includes("NodeVersionSupportWarning"))).toBe(true);
  });
});

describe("a file just over the size limit", () => {
  it("shows the file's real size, not a rounded one equal to the limit", async () => {
    const size = MAX_FILE_BYTES + 1;
    dir.write("over.yaml", Buffer.alloc(size, "#"));
    const result = await cli(["validate", "-f", "over.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toHaveLength(2);
    const shown = /the file is ([\d,.]+) (bytes|MB);/.exec(result.stderr);
    expect(shown, result.stderr).not.toBeNull();
    const [, number, unit] = shown!;
    const bytes = Number(number!.replaceAll(",", "")) * (unit === "MB" ? 1024 * 1024 : 1);
    expect(bytes).toBe(size);
    expect(result.stderr).toContain(`at most ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  });
});
