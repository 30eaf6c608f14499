/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Users seeded before `plan` is measured. */
  users: number;
  groups: number;
  /** New users (with memberships) that `apply` creates, and the hand-written loop too. */
  applyUsers: number;
  /** The CLI's --concurrency and the hand-written loop's, alike. */
  concurrency: number;
  /** Runs of `plan` and of the sequential script; the median is reported. */
  runs: number;
  /** Smaller pool sizes at which `plan`'s peak RSS is also measured, while seeding. */
  memoryAt: number[];
  out?: string;
}

export const USAGE = `usage: npm run bench -- [options]

  --users N          users in the pool when plan is measured (default 10000)
  --groups G         groups; user i is in group i % G (default 10)
  --apply-users M    users apply creates, with their memberships (default 2000)
  --concurrency C    --concurrency of the CLI and of the hand-written loop (default 8)
  --runs R           runs of plan and of the sequential script, median reported (default 3)
  --memory-at LIST   pool sizes below N where plan's peak RSS is also measured
                     (default N/10,N/2; "none" for none)
  --out FILE         also write the results as JSON to FILE`;

export class UsageError extends Error {}

function wholeNumber(flag: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number of at least ${min}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { users: 10_000, groups: 10, applyUsers: 2_000, concurrency: 8, runs: 3, memoryAt: [] };
  let memoryAt: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case "--users":
        options.users = wholeNumber(flag, value(), 1);
        break;
      case "--groups":
        options.groups = wholeNumber(flag, value(), 1);
        break;
      case "--apply-users":
        options.applyUsers = wholeNumber(flag, value(), 1);
        break;
      case "--concurrency":
        options.concurrency = wholeNumber(flag, value(), 1);
        break;
      case "--runs":
        options.runs = wholeNumber(flag, value(), 1);
        break;
      case "--memory-at":
        memoryAt = value();
        if (memoryAt === undefined) throw new UsageError("--memory-at needs a list such as 1000,5000, or none");
        break;
      case "--out": {
        const file = value();
        if (!file) throw new UsageError("--out needs a file name");
        options.out = file;
        break;
      }
      case "-h":
      case "--help":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (options.groups > 10_000) throw new UsageError("--groups must be at most 10000 (Cognito's limit)");
  if (options.concurrency > 64) throw new UsageError("--concurrency must be at most 64 (the CLI's limit)");
  const sizes = memoryAt === undefined ? [Math.round(options.users / 10), Math.round(options.users / 2)] : memoryAt === "none" ? [] : memoryAt.split(",").map((s) => wholeNumber("--memory-at", s.trim(), 1));
  options.memoryAt = [...new Set(sizes)].filter((n) => n > 0 && n < options.users).sort((a, b) => a - b);
  return options;
}
