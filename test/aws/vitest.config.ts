import { defineConfig } from "vitest/config";

/**
 * `npm run test:aws`: the opt-in check against a real AWS account. No emulator, no loopback
 * endpoint override: the SDK's normal credential and region chain is used.
 */
export default defineConfig({
  test: {
    include: ["test/aws/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
