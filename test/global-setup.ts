// One emulator for the whole test run; test files reach it through inject("emulatorUrl").
import type { TestProject } from "vitest/node";
import { startEmulator } from "../src/emulator/emulator.js";
import { createForeignResources, differences, snapshotForeignResources, type ForeignResources, type Snapshot } from "./helpers/foreign-resources.js";

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
    /** Another stack's resources and untagged look-alikes, there for the whole run. */
    foreignResources: ForeignResources;
    /** Everything readable about them when the run started. */
    foreignSnapshot: Snapshot;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startEmulator();
  project.provide("emulatorUrl", emulator.url);
  let foreign: ForeignResources;
  let before: Snapshot;
  try {
    foreign = await createForeignResources(emulator.url);
    before = await snapshotForeignResources(emulator.url, foreign);
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  project.provide("foreignResources", foreign);
  project.provide("foreignSnapshot", before);

  // Every test file has run by now, so this checks the whole suite against the ownership rule:
  // nothing outside a file's stack is ever changed.
  return async () => {
    // vitest 4 prints an error thrown here but still exits 0, so the exit code is set here; it stays
    // 1 unless the check passes, so a teardown that fails for any other reason fails the run too.
    const exitCode = process.exitCode;
    process.exitCode = 1;
    let changed: string[];
    try {
      changed = differences(before, await snapshotForeignResources(emulator.url, foreign));
    } finally {
      await emulator.stop();
    }
    if (changed.length > 0) {
      throw new Error(`resources of another stack or without the stack tag changed during the run:\n  ${changed.join("\n  ")}`);
    }
    process.exitCode = exitCode;
  };
}
