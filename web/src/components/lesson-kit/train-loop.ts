// Chunked training on the main thread: each animation frame runs training steps for at most a small
// time budget, then redraws. The page never blocks for longer than the budget plus one step, and the
// loop stops when the element leaves the page (the element calls stop()).

export interface TrainLoopOptions {
  /** One unit of work (a few epochs); returns false when there is nothing left to do. */
  step: () => boolean;
  /** Redraw after a frame's work. */
  frame: () => void;
  /** Called instead of throwing, so an error stays inside the element. */
  onError: (e: unknown) => void;
  /** Milliseconds of work per frame. */
  budgetMs?: number;
}

export class TrainLoop {
  private handle = 0;
  private running = false;

  constructor(private readonly opts: TrainLoopOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const budget = this.opts.budgetMs ?? 8;
    const tick = () => {
      if (!this.running) return;
      const t0 = performance.now();
      let more = true;
      try {
        do more = this.opts.step(); while (more && performance.now() - t0 < budget);
        this.opts.frame();
      } catch (e) {
        this.running = false;
        this.opts.onError(e);
        return;
      }
      if (!more) { this.running = false; this.opts.frame(); return; }
      this.handle = requestAnimationFrame(tick);
    };
    this.handle = requestAnimationFrame(tick);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.handle);
  }
}
