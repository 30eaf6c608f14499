import { defineConfig } from "vitest/config";

/** Settings every project shares; each project sets its own include and timeouts. */
const shared = {
  // Safety net: an SDK client a test forgot to mock or point at the emulator goes to a closed
  // loopback port, never to AWS.
  env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true", AWS_REGION: "us-east-1" },
};

// The real-AWS check runs only through npm run test:aws.
const exclude = ["test/aws/**", "node_modules/**"];

export default defineConfig({
  test: {
    // One emulator for the whole run, started once by the root project whatever projects run;
    // every project reads it through inject("emulatorUrl").
    globalSetup: ["test/global-setup.ts"],
    hookTimeout: 240_000,
    // Integration tests share one emulator; files isolate themselves by unique stack and pool names.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        // Pure and SDK-mocked tests: a hang shows within seconds, not minutes.
        test: { ...shared, name: "fast", include: ["test/unit/**/*.test.ts", "test/kinds/**/*.test.ts"], exclude, testTimeout: 15_000, hookTimeout: 15_000 },
      },
      {
        // Tests that run the CLI against the emulator, inject faults, kill processes or race applies.
        test: {
          ...shared,
          name: "emulator",
          include: ["test/**/*.test.ts"],
          exclude: [...exclude, "test/unit/**", "test/kinds/**"],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
