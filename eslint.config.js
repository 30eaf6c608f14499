import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The pure core (schema, config parsing rules, diff, plan, render, core types) must stay free of
// side effects so it can be unit-tested without AWS or a file system. Only type imports of the SDK
// are allowed there.
// In a kind's folder only aws.ts talks to AWS (and is loaded on demand); the rest is pure. Likewise
// in src/outputs (what `outputs --to` writes) only the aws-*.ts modules make calls.
const pureCore = ["src/core/**", "src/schema/**", "src/diff/**", "src/plan/**", "src/render/**", "src/kinds/**", "src/outputs/**"];
const effectModules = [
  { group: ["@aws-sdk/*"], allowTypeImports: true, message: "The pure core may import AWS SDK types only (use `import type`)." },
  { group: ["pino", "pino/*"], message: "The pure core does not log; return data and let the edge log it." },
  { group: ["fs", "fs/*", "node:fs", "node:fs/*", "node:child_process", "child_process", "node:net", "node:http", "node:https"], message: "The pure core does no I/O." },
];

const notPlan = { group: ["../plan/*", "../../plan/*"], message: "This stage comes before planning: it may not import src/plan (move shared types to src/core)." };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: pureCore,
    ignores: ["src/kinds/*/aws.ts", "src/outputs/aws-*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: effectModules }],
    },
  },
  // Stages stay apart: the live read and the core types know nothing of planning (ownership,
  // adoption, orphans are decided in src/plan, after the read).
  {
    files: ["src/live/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [notPlan] }],
    },
  },
  {
    files: ["src/core/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...effectModules, notPlan] }],
    },
  },
);
