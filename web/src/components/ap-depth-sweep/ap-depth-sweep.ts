// <ap-depth-sweep>: test accuracy against depth, one curve per activation (after the Mish paper's
// experiment: plain deep networks, no normalisation or skip connections). For every activation and
// depth the engine trains one network with the same width, data, seed and epoch budget. The runs go
// to a Web Worker (engine/worker.ts, the Train view's helper), one network at a time; where a page
// cannot start workers (WorkerUnavailableError) the same runs are chunked on the main thread instead
// (a few milliseconds of training per animation frame); any other error is shown. Either way the page
// never blocks; a progress bar counts the runs and Cancel stops at once (the worker is terminated).
// A run whose loss or weights became NaN or ±∞ is drawn as diverged (a cross below the curves, with a
// legend entry and a line of text naming it), never as an accuracy it did not reach.
import { html, type TemplateResult } from 'lit';

import {
  type Engine, type NetworkSpec, type OptimizerName, type TrainWorker, WorkerUnavailableError, createTrainWorker,
} from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { OPTIMIZERS } from '../../train-model/settings.js';
import { workerEngineOptions } from '../engine-context.js';
import { activationsAttr, choiceAttr, intAttr, numberAttr, numberListAttr } from '../lesson-kit/attrs.js';
import { LessonElement } from '../lesson-kit/lesson-element.js';
import { drawAxes, drawLegend, drawPolyline, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { DATASETS, type DatasetName, type Points, Session, splitDataset } from '../lesson-kit/session.js';
import { TrainLoop } from '../lesson-kit/train-loop.js';

interface Job {
  activation: string;
  depth: number;
}

export class ApDepthSweep extends LessonElement {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['activations', 'depths', 'units', 'dataset', 'epochs', 'seed', 'optimizer', 'learning-rate', 'autorun'];

  private activations: string[] = [];
  private depths: number[] = [];
  private units = 8;
  private epochs = 60;
  private seed = 1;
  private optimizer: OptimizerName = 'adam';
  private learningRate = 0.01;
  private data: { train: Points; test: Points } | null = null;
  /** results[activation][depth index]: test accuracy, NaN until run (and for a diverged run). */
  private results = new Map<string, number[]>();
  /** diverged[activation][depth index]: the run's loss or a weight became NaN or ±∞. */
  private diverged = new Map<string, boolean[]>();
  private jobs: Job[] = [];
  private done = 0;
  private current: Session | null = null;
  private loop: TrainLoop | null = null;
  private state: 'idle' | 'running' | 'done' | 'cancelled' = 'idle';
  /** Where the last run trained: 'worker', or 'main' (chunked) when no worker could start. */
  private runner: 'worker' | 'main' | '' = '';
  private worker: TrainWorker | null = null;
  /** Bumped by every run and cancel: a stale run's replies are ignored. */
  private token = 0;

  // ---------------- Lifecycle Methods ----------------
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine): void {
    const a = (n: string) => this.getAttribute(n);
    this.activations = activationsAttr('activations', a('activations'), ['relu', 'swish', 'mish', 'tanh', 'sigmoid'],
      engine.activations.map((e) => e.name).filter((n) => n !== 'softmax'), 1, 8);
    this.depths = numberListAttr('depths', a('depths'), [1, 2, 4, 8, 12, 16], 1, 16, 1, 16);
    if (this.depths.some((d) => !Number.isInteger(d))) throw new RangeError(`depths="${a('depths')}": depths must be integers`);
    this.units = intAttr('units', a('units'), 8, 1, 32);
    this.epochs = intAttr('epochs', a('epochs'), 60, 1, 2000);
    this.seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    this.optimizer = choiceAttr('optimizer', a('optimizer'), 'adam', OPTIMIZERS);
    this.learningRate = numberAttr('learning-rate', a('learning-rate'), 0.01, 1e-5, 100);
    const dataset: DatasetName = choiceAttr('dataset', a('dataset'), 'spiral', DATASETS);
    this.data = splitDataset(engine, dataset, 200, 0.1, this.seed);
    this.cancel();
    this.state = 'idle';
    this.clearResults();
    this.jobs = this.activations.flatMap((activation) => this.depths.map((depth) => ({ activation, depth })));
    this.done = 0;
    if (this.hasAttribute('autorun')) queueMicrotask(() => this.run());
  }

  /** Stops whatever is training (worker or chunks); the results so far stay. */
  protected stop(): void {
    this.token++;
    this.worker?.terminate();
    this.worker = null;
    this.loop?.stop();
  }

  /** The network of one run: `depth` hidden layers of `units` units, a sigmoid output. */
  private spec(job: Job): NetworkSpec {
    return {
      features: ['x1', 'x2'],
      layers: Array.from({ length: job.depth }, () => ({ units: this.units, activation: job.activation })),
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: this.optimizer, learningRate: this.learningRate },
      seed: this.seed,
    };
  }

  private clearResults(): void {
    this.results = new Map(this.activations.map((act) => [act, this.depths.map(() => NaN)]));
    this.diverged = new Map(this.activations.map((act) => [act, this.depths.map(() => false)]));
  }

  /** Records a finished run: its test accuracy, or that it diverged (then it has no accuracy to show). */
  private record(job: Job, accuracy: number, diverged: boolean): void {
    const i = this.depths.indexOf(job.depth);
    this.results.get(job.activation)![i] = diverged ? NaN : accuracy;
    this.diverged.get(job.activation)![i] = diverged;
    this.done++;
    if (this.done >= this.jobs.length) this.state = 'done';
    this.requestUpdate();
  }

  private run(): void {
    if (this.problem || !this.engine || !this.data || this.state === 'running') return;
    this.clearResults();
    this.done = 0;
    this.state = 'running';
    const token = ++this.token;
    this.requestUpdate();
    this.runInWorker(token).catch((e: unknown) => {
      if (token !== this.token) return;
      this.worker?.terminate();
      this.worker = null;
      // No worker (a CSP without worker-src, a runtime without Worker): the same runs, chunked on this
      // thread. Anything else is a failure to show, not to paper over.
      if (e instanceof WorkerUnavailableError && this.done === 0) this.runChunked();
      else {
        this.state = 'idle';
        this.guard(() => { throw e; });
      }
    });
  }

  private async runInWorker(token: number): Promise<void> {
    const data = this.data!;
    this.worker ??= await createTrainWorker(await workerEngineOptions());
    if (token !== this.token) return;
    this.runner = 'worker';
    const n = data.train.n + data.test.n;
    const points = {
      x: Float32Array.of(...data.train.x, ...data.test.x),
      y: Float32Array.of(...data.train.y, ...data.test.y),
      test: Uint8Array.from({ length: n }, (_, i) => (i < data.train.n ? 0 : 1)),
      classes: 2,
    };
    for (const job of this.jobs) {
      await this.worker.configure({ network: this.spec(job), data: { points }, batchSize: 20, grid: { size: 2, neuronSize: 2 } });
      const { snapshot } = await this.worker.step(this.epochs);
      if (token !== this.token) return;
      this.record(job, snapshot!.testAccuracy, snapshot!.diverged);
    }
  }

  private runChunked(): void {
    const engine = this.engine!, data = this.data!;
    this.runner = 'main';
    this.loop = new TrainLoop({
      step: () => {
        if (this.done >= this.jobs.length) return false;
        const job = this.jobs[this.done];
        this.current ??= new Session(engine, this.spec(job), data.train, data.test, 20);
        const s = this.current;
        s.fit(1);
        if (s.epoch >= this.epochs || s.diverged) {
          s.evaluate();
          s.dispose();
          this.current = null;
          this.record(job, s.testAccuracy, s.diverged);
        }
        return this.done < this.jobs.length;
      },
      frame: () => this.requestUpdate(),
      onError: (e) => this.guard(() => { throw e; }),
    });
    this.loop.start();
  }

  private cancel(): void {
    this.stop();
    this.current?.dispose();
    this.current = null;
    if (this.state === 'running') this.state = 'cancelled';
    this.requestUpdate();
  }

  protected draw(): void {
    const canvas = this.canvas('sweep');
    if (!canvas) return;
    const p = this.palette();
    const w = Math.max(260, Math.min(620, (this.width || 640) - 8));
    const h = Math.round(Math.min(320, w * 0.55));
    // The y axis reaches down to the lowest accuracy reached (never clamped: a point is drawn where it is).
    const reached = [...this.results.values()].flat().filter(Number.isFinite);
    const yLo = Math.min(0.4, Math.floor(Math.min(1, ...reached) * 10) / 10);
    const f = makeFrame(prepareCanvas(canvas, w, h), w, h, {
      xDomain: [Math.min(...this.depths) - 0.5, Math.max(...this.depths) + 0.5], yDomain: [yLo, 1.0],
      margin: { left: 34, right: 96, top: 8, bottom: 22 },   // the legend sits right of the plot, off the curves
    });
    // Integer depths: at most one tick per depth.
    drawAxes(f, p, { x: t('lessons.depth.depth'), y: t('lessons.depth.accuracy') },
      { x: Math.min(6, Math.max(...this.depths) - Math.min(...this.depths) + 1), y: 6 });
    this.activations.forEach((act, k) => {
      const c = p.series[k % p.series.length];
      const ys = this.results.get(act)!;
      drawPolyline(f, this.depths, ys, c, 2);
      f.ctx.fillStyle = c;
      ys.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        f.ctx.beginPath();
        f.ctx.arc(f.x(this.depths[i]), f.y(v), 3.5, 0, 2 * Math.PI);
        f.ctx.fill();
      });
      // Diverged runs: a cross on the bottom edge of the plot, at their depth, in the curve's colour
      // (stacked a little per activation so that two at one depth stay apart).
      this.diverged.get(act)!.forEach((d, i) => {
        if (d) drawCross(f.ctx, f.x(this.depths[i]), f.top + f.height - 6 - 7 * k, c);
      });
    });
    const items: Parameters<typeof drawLegend>[1] = this.activations.map((act, k) => ({ label: act, colour: p.series[k % p.series.length] }));
    const anyDiverged = [...this.diverged.values()].some((d) => d.includes(true));
    if (anyDiverged) items.push({ label: t('lessons.divergedValue'), colour: p.fg, mark: 'cross' as const });
    drawLegend(f, items, p, true);
  }

  /** "relu × 8, mish × 16": the diverged runs, as activation × depth. */
  private divergedRuns(): string[] {
    return this.activations.flatMap((act) =>
      this.depths.filter((_, i) => this.diverged.get(act)?.[i]).map((d) => `${act} × ${d}`));
  }

  // ---------------- Templates and Styles ----------------
  protected renderLesson(): TemplateResult {
    const total = this.jobs.length;
    const running = this.state === 'running';
    // data-results: per activation and depth the accuracy reached, "diverged", or null (not run yet).
    const results = Object.fromEntries([...this.results].map(([k, v]) => [k, v.map((x, i) =>
      (this.diverged.get(k)?.[i] ? 'diverged' : Number.isFinite(x) ? +x.toFixed(3) : null))]));
    const diverged = this.divergedRuns();
    return html`
      <figure><canvas id="sweep" role="img" aria-label=${t('lessons.depth.title')} data-results=${JSON.stringify(results)}></canvas></figure>
      <div class="controls">
        <button id="run" ?disabled=${running} @click=${this.run}>${t('lessons.run')}</button>
        <button id="cancel" ?disabled=${!running} @click=${this.cancel}>${t('lessons.cancel')}</button>${this.pngButton()}
        <progress id="progress" max=${total} .value=${this.done} aria-label=${t('lessons.depth.progress', { done: this.done, total })}></progress>
        <span class="caption" role="status" data-state=${this.state} data-runner=${this.runner}>${t('lessons.depth.progress', { done: this.done, total })}${
          this.state === 'done' ? ` · ${t('lessons.depth.done')}` : this.state === 'cancelled' ? ` · ${t('lessons.depth.cancelled')}` : ''}</span>
      </div>
      ${diverged.length ? html`<p class="caption" id="diverged" data-runs=${diverged.join(',')}>${
        t('lessons.depth.diverged', { runs: diverged.join(', ') })}</p>` : ''}
      <p class="caption">${this.units} units × {${this.depths.join(', ')}} layers · ${this.epochs} epochs · ${
        this.optimizer} ${this.learningRate} · seed ${this.seed}</p>`;
  }
}

/** An × of 4 px arms at (x, y). */
function drawCross(ctx: CanvasRenderingContext2D, x: number, y: number, colour: string): void {
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x - 4, y - 4); ctx.lineTo(x + 4, y + 4);
  ctx.moveTo(x - 4, y + 4); ctx.lineTo(x + 4, y - 4);
  ctx.stroke();
  ctx.restore();
}

if (!customElements.get('ap-depth-sweep')) customElements.define('ap-depth-sweep', ApDepthSweep);

declare global {
  interface HTMLElementTagNameMap {
    'ap-depth-sweep': ApDepthSweep;
  }
}
