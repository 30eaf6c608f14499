import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { hasCategory } from "../../src/aws/quotas.js";

/**
 * Every cognito-idp operation the code can send counts against a quota category of its own. The
 * operations are found in the source: each command class or paginator imported from the SDK's
 * cognito-idp package. (Identity-pool and IAM calls each share one bucket, so they need no table.)
 */
const SRC = join(import.meta.dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The operations named in a file's imports from @aws-sdk/client-cognito-identity-provider. */
export function idpOperations(text: string): string[] {
  const imports = [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-cognito-identity-provider"/g)];
  return imports.flatMap(([, names]) =>
    names!
      .split(",")
      .map((name) => name.trim().replace(/^type\s+/, ""))
      .flatMap((name) => {
        const command = /^(\w+)Command$/.exec(name);
        if (command) return [command[1]!];
        const paginator = /^paginate(\w+)$/.exec(name);
        return paginator ? [paginator[1]!] : [];
      }),
  );
}

describe("quota categories", () => {
  it("finds the operations in an import list (the scanner itself)", () => {
    const text = 'import {\n  AdminCreateUserCommand,\n  paginateListUsers,\n  type UserType,\n  CognitoIdentityProviderClient,\n} from "@aws-sdk/client-cognito-identity-provider";';
    expect(idpOperations(text)).toEqual(["AdminCreateUser", "ListUsers"]);
  });

  it("every cognito-idp operation sent from src/ has one", () => {
    const operations = new Map<string, string>();
    for (const file of sourceFiles(SRC)) {
      for (const operation of idpOperations(readFileSync(file, "utf8"))) operations.set(operation, relative(SRC, file));
    }
    // The scan really sees the code's operations.
    expect(operations.size).toBeGreaterThan(40);
    const missing = [...operations].filter(([operation]) => !hasCategory(operation)).map(([operation, file]) => `${operation} (${file})`);
    expect(missing).toEqual([]);
  });
});
