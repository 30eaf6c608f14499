/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Users seeded before `plan` is measured. */
  users: number;
  groups: number;
  /** New users (with memberships) that `apply` creates. */
  applyUsers: number;
  /** Passed on as the CLI's --concurrency when given; otherwise the CLI's own default applies. */
  concurrency?: number;
  /** Runs of `plan` and of the sequential script at each latency; the median is reported. */
  runs: number;
  /** Emulator latencies (ms per AWS call) measured, in this order. */
  latencies: number[];
  out?: string;
}

export const USAGE = `usage: npm run bench -- [options]

  --users N          users in the pool when plan is measured (default 10000)
  --groups G         groups; user i is in group i % G (default 10)
  --apply-users M    users apply creates, with their memberships (default 2000)
  --runs R           runs of plan and of the sequential script at each latency,
                     median reported (default 3)
  --latencies LIST   emulator latencies to measure at, ms per AWS call
                     (default 0,100)
  --concurrency C    passed to the CLI as --concurrency (default: the CLI's own)
  --out FILE         also write the results as JSON to FILE

The CLI runs at Cognito's default rate limits (no --rate-limit overrides).`;

export class UsageError extends Error {}

function wholeNumber(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} needs a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}`);
  }
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { users: 10_000, groups: 10, applyUsers: 2_000, runs: 3, latencies: [0, 100] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case "--users":
        options.users = wholeNumber(flag, value(), 1);
        break;
      case "--groups":
        options.groups = wholeNumber(flag, value(), 1, 10_000);
        break;
      case "--apply-users":
        options.applyUsers = wholeNumber(flag, value(), 1);
        break;
      case "--concurrency":
        options.concurrency = wholeNumber(flag, value(), 1, 64);
        break;
      case "--runs":
        options.runs = wholeNumber(flag, value(), 1);
        break;
      case "--latencies": {
        const list = value();
        if (!list) throw new UsageError("--latencies needs a list of milliseconds such as 0,100");
        options.latencies = [...new Set(list.split(",").map((s) => wholeNumber("--latencies", s, 0, 60_000)))];
        break;
      }
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
  return options;
}
