// The README's table of what each section needs is the one iam-policy's lists make, word for word.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { permissionsTable } from "../../src/iam/table.js";

describe("README, IAM permissions", () => {
  it("holds the table generated from the kinds' permissions", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const table = permissionsTable();
    expect(table.split("\n").length).toBeGreaterThan(10);
    expect(readme).toContain(`\n${table}\n`);
  });
});
