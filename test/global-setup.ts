// One emulator for the whole test run; test files reach it through inject("emulatorUrl").
import type { TestProject } from "vitest/node";
import { startEmulator } from "../src/emulator/emulator.js";

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startEmulator();
  project.provide("emulatorUrl", emulator.url);
  return () => emulator.stop();
}
