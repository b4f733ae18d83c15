// One progress line for a long load: a bar over the expected rows, the current step and an estimate
// of the time left. On a terminal it redraws in place; in a log it prints a line every tenth.

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 28;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export class Progress {
  readonly #out: ProgressOutput;
  readonly #total: number;
  readonly #started = performance.now();
  #done = 0;
  #step = '';
  #lastDraw = 0;
  #lastTenth = -1;

  constructor(out: ProgressOutput, totalUnits: number) {
    this.#out = out;
    this.#total = Math.max(1, totalUnits);
  }

  step(name: string): void {
    this.#step = name;
    this.#draw(true);
  }

  /** Sets the units done so far (rows the server has written). */
  set(done: number): void {
    this.#done = Math.min(done, this.#total);
    this.#draw(false);
  }

  finish(summary: string): void {
    this.#done = this.#total;
    this.#draw(true);
    if (this.#out.isTTY) this.#out.write('\n');
    this.#out.write(`${summary}\n`);
  }

  #draw(force: boolean): void {
    const now = performance.now();
    const fraction = this.#done / this.#total;
    const elapsed = now - this.#started;
    const left = fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : null;
    const line = `[${'#'.repeat(Math.round(fraction * WIDTH)).padEnd(WIDTH, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% ${this.#step.padEnd(34)} ${formatDuration(elapsed)}${left === null ? '' : `, ~${formatDuration(left)} left`}`;
    if (this.#out.isTTY) {
      if (!force && now - this.#lastDraw < 200) return;
      this.#lastDraw = now;
      this.#out.write(`\r${line}\x1b[K`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== this.#lastTenth || force) {
      this.#lastTenth = tenth;
      this.#out.write(`${line}\n`);
    }
  }
}
