/** The planner's output besides the plan document: see src/core/step.ts. */
export type { Step, StepGuard, StepOperation } from "../core/step.js";
