import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** The lint rule that keeps the pure core free of effects must actually fire. */
// ESLint loads its TypeScript parser on the first lint, which takes seconds on a busy machine.
describe("pure-core import rule", { timeout: 60_000 }, () => {
  const eslint = new ESLint();
  const effects = [
    'import pino from "pino";',
    'import { readFileSync } from "node:fs";',
    'import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";',
  ];

  for (const file of ["src/plan/example.ts", "src/diff/example.ts", "src/render/example.ts", "src/kinds/user-pool/model.ts", "src/kinds/identity-pool/plan.ts", "src/outputs/changes.ts"]) {
    it(`rejects logger, fs and SDK client imports in ${file}`, async () => {
      const code = `${effects.join("\n")}\nexport const used = [pino, readFileSync, CognitoIdentityProviderClient];\n`;
      const [result] = await eslint.lintText(code, { filePath: file });
      const restricted = result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports");
      expect(restricted.map((m) => m.line)).toEqual([1, 2, 3]);
    });
  }

  for (const file of ["src/live/example.ts", "src/core/example.ts"]) {
    it(`rejects imports of src/plan in ${file}: the stages before planning know nothing of it`, async () => {
      const code = 'import { matchPools } from "../plan/match-pools.js";\nimport type { Step } from "../plan/steps.js";\nexport const used: [typeof matchPools, Step?] = [matchPools];\n';
      const [result] = await eslint.lintText(code, { filePath: file });
      const restricted = result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports");
      expect(restricted.map((m) => m.line)).toEqual([1, 2]);
    });
  }

  it("allows SDK type imports in the core and effects at the edge", async () => {
    const [core] = await eslint.lintText('import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";\nexport type T = UserPoolType;\n', {
      filePath: "src/plan/example.ts",
    });
    expect(core!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")).toEqual([]);
    const [edge] = await eslint.lintText('import pino from "pino";\nexport const logger = pino();\n', { filePath: "src/cli/example.ts" });
    expect(edge!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")).toEqual([]);
    const [writer] = await eslint.lintText('import { SSMClient } from "@aws-sdk/client-ssm";\nexport const client = new SSMClient({});\n', { filePath: "src/outputs/aws-ssm.ts" });
    expect(writer!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")).toEqual([]);
  });
});
