import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real-AWS check runs only through npm run test:aws.
    exclude: ["test/aws/**", "node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    // Integration tests share one emulator; files isolate themselves by unique stack and pool names.
    fileParallelism: true,
    maxWorkers: 2,
    // Safety net: an SDK client a test forgot to mock or point at the emulator goes to a closed
    // loopback port, never to AWS.
    env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_EC2_METADATA_DISABLED: "true", AWS_REGION: "us-east-1" },
  },
});
