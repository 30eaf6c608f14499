import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one emulator; files isolate themselves by unique stack and pool names.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
