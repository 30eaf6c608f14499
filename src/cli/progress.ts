import type { Logger } from "pino";

export interface ProgressOptions {
  total: number;
  /** On a terminal: a line on stderr redrawn in place. Otherwise: a log line now and then. */
  terminal: boolean;
  write: (text: string) => void;
  logger: Logger;
  intervalMs?: number;
}

/** Operations done / total, rate and time left, for applies long enough to need it. */
export class Progress {
  private done = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {
    const interval = options.intervalMs ?? (options.terminal ? 250 : 5000);
    this.timer = setInterval(() => this.report(), interval);
    this.timer.unref();
  }

  private status() {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const left = rate > 0 ? Math.ceil((this.options.total - this.done) / rate) : undefined;
    return { done: this.done, total: this.options.total, rate: Math.round(rate * 10) / 10, secondsLeft: left };
  }

  private report(): void {
    const s = this.status();
    if (this.options.terminal) {
      const left = s.secondsLeft === undefined ? "" : `, about ${s.secondsLeft}s left`;
      this.options.write(`\r\u001b[K  ${s.done}/${s.total} operations, ${s.rate}/s${left}`);
      this.shown = true;
    } else {
      this.options.logger.info(s, "apply progress");
    }
  }

  /** Clears the progress line so a result line can be printed cleanly. */
  clear(): void {
    if (this.shown) this.options.write("\r\u001b[K");
    this.shown = false;
  }

  tick(): void {
    this.done += 1;
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }
}
