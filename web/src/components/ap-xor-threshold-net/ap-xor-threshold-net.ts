// <ap-xor-threshold-net>: XOR computed by a hand-built network of step (threshold) units, the classic
// proof that one hidden nonlinearity is enough where a single line is not:
//   h = step(a1·x1 + a2·x2 − θh)            (default a = (1, 1), θh = 1.5: "both inputs on")
//   y = step(b1·x1 + b2·x2 + c·h − θy)      (default b = (1, 1), c = −2, θy = 0.5)
// step(z) = 1 if z > 0 else 0 (strict), evaluated by the engine. The weights and thresholds are
// editable; the truth table and the region plot follow. Then "swap step for sigmoid": a 2-3-1
// sigmoid network trained by the engine on the same four points finds its own weights (three hidden
// units rather than two: with two, Adam lands in a local minimum for about half of the seeds).
import { html, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { choiceAttr, intAttr, numberAttr, numberListAttr } from '../lesson-kit/attrs.js';
import { LessonElement } from '../lesson-kit/lesson-element.js';
import { drawAxes, drawField, drawLine, drawPoints, makeFrame, prepareCanvas } from '../lesson-kit/plot2d.js';
import { gridPoints } from '../lesson-kit/session.js';
import { TrainLoop } from '../lesson-kit/train-loop.js';

type Net = ReturnType<Engine['network']>;

/** The four XOR inputs (row-major x1, x2) and their targets. */
const CORNERS = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
const TARGETS = Float32Array.of(0, 1, 1, 0);
const GRID = 96;
const DOMAIN: [number, number] = [-0.5, 1.5];

export class ApXorThresholdNet extends LessonElement {
  // ---------------- Class Properties ----------------
  static lessonAttributes = ['hidden-weights', 'hidden-threshold', 'output-weights', 'output-threshold', 'mode', 'seed'];

  private hw = [1, 1];
  private ht = 1.5;
  private ow = [1, 1, -2];
  private ot = 0.5;
  private mode: 'step' | 'sigmoid' = 'step';
  private seed = 1;
  private net: Net | null = null;
  private epoch = 0;
  private loss = NaN;
  private loop: TrainLoop | null = null;
  /** Rows of the truth table: x1, x2, hidden output(s), network output. */
  private table: { x1: number; x2: number; h: number[]; y: number }[] = [];

  // ---------------- Lifecycle Methods ----------------
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disposeNet();
  }

  // ---------------- Custom Methods ----------------
  protected configure(engine: Engine, attributesChanged: boolean): void {
    if (attributesChanged || this.table.length === 0) {
      const a = (n: string) => this.getAttribute(n);
      this.hw = numberListAttr('hidden-weights', a('hidden-weights'), [1, 1], 2, 2, -10, 10);
      this.ht = numberAttr('hidden-threshold', a('hidden-threshold'), 1.5, -10, 10);
      this.ow = numberListAttr('output-weights', a('output-weights'), [1, 1, -2], 3, 3, -10, 10);
      this.ot = numberAttr('output-threshold', a('output-threshold'), 0.5, -10, 10);
      this.mode = choiceAttr('mode', a('mode'), 'step', ['step', 'sigmoid'] as const);
      this.seed = intAttr('seed', a('seed'), 1, 0, 2 ** 31 - 1);
    }
    engine.activation('step');   // fails early, with the engine's own message, if step is missing
    if (this.mode === 'sigmoid') this.buildSigmoidNet(engine);
    else this.disposeNet();
    this.computeTable();
  }

  protected stop(): void {
    this.loop?.stop();
  }

  /** The step network on a batch of points (x1, x2 row-major): hidden and output, both 0/1. */
  private evalStep(xy: Float32Array): { h: Float32Array; y: Float32Array } {
    const step = this.engine!.activation('step');
    const n = xy.length / 2;
    const zh = new Float32Array(n);
    for (let i = 0; i < n; i++) zh[i] = this.hw[0] * xy[2 * i] + this.hw[1] * xy[2 * i + 1] - this.ht;
    const h = step.forward(zh);
    const zy = new Float32Array(n);
    for (let i = 0; i < n; i++) zy[i] = this.ow[0] * xy[2 * i] + this.ow[1] * xy[2 * i + 1] + this.ow[2] * h[i] - this.ot;
    return { h, y: step.forward(zy) };
  }

  private buildSigmoidNet(engine: Engine): void {
    this.disposeNet();
    this.net = engine.network({
      features: ['x1', 'x2'],
      layers: [{ units: 3, activation: 'sigmoid' }],
      output: { units: 1, activation: 'sigmoid' },
      loss: 'bce',
      optimizer: { name: 'adam', learningRate: 0.05 },
      init: 'xavier',
      seed: this.seed,
    });
    this.epoch = 0;
    this.loss = this.net.evaluate(CORNERS, TARGETS).loss;
  }

  private disposeNet(): void {
    this.loop?.stop();
    this.net?.dispose();
    this.net = null;
  }

  private computeTable(): void {
    if (this.mode === 'step' || !this.net) {
      const { h, y } = this.evalStep(CORNERS);
      this.table = [0, 1, 2, 3].map((i) => ({ x1: CORNERS[2 * i], x2: CORNERS[2 * i + 1], h: [h[i]], y: y[i] }));
    } else {
      const p = this.net.predict(CORNERS);
      this.table = [0, 1, 2, 3].map((i) => ({ x1: CORNERS[2 * i], x2: CORNERS[2 * i + 1], h: [], y: p[i] }));
    }
  }

  private train(): void {
    if (!this.net) return;
    if (this.loop?.isRunning) { this.loop.stop(); this.requestUpdate(); return; }
    const net = this.net;
    this.loop = new TrainLoop({
      step: () => {
        const r = net.fit(CORNERS, TARGETS, { epochs: 20, batchSize: 4, shuffle: false });
        this.epoch += 20;
        this.loss = r.loss;
        return this.epoch < 4000 && r.loss > 0.01;
      },
      frame: () => { this.computeTable(); this.requestUpdate(); },
      onError: (e) => this.guard(() => { throw e; }),
    });
    this.loop.start();
    this.requestUpdate();
  }

  protected draw(): void {
    const canvas = this.canvas('region');
    if (!canvas) return;
    const size = Math.max(180, Math.min(320, (this.width || 640) - 20));
    const ctx = prepareCanvas(canvas, size, size);
    const f = makeFrame(ctx, size, size, { xDomain: DOMAIN, yDomain: DOMAIN });
    const p = this.palette();
    const grid = gridPoints(DOMAIN[0], DOMAIN[1], GRID);
    const out = this.mode === 'sigmoid' && this.net ? this.net.predict(grid) : this.evalStep(grid).y;
    drawAxes(f, p, { x: 'x1', y: 'x2' });
    drawField(f, out, GRID, GRID, p, this.mode === 'step');
    if (this.mode === 'step') {
      // The hidden unit's threshold line a1·x1 + a2·x2 = θh and the output's line with h = 0.
      drawLine(f, this.hw[0], this.hw[1], -this.ht, p.fg, 1.5, [5, 4]);
      drawLine(f, this.ow[0], this.ow[1], -this.ot, p.muted, 1.5, [2, 3]);
    }
    drawPoints(f, CORNERS, TARGETS, p, 7);
  }

  // ---------------- Event Handlers ----------------
  private edit(which: 'hw0' | 'hw1' | 'ht' | 'ow0' | 'ow1' | 'ow2' | 'ot', e: Event): void {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isFinite(v)) return;
    if (which === 'hw0') this.hw[0] = v; else if (which === 'hw1') this.hw[1] = v; else if (which === 'ht') this.ht = v;
    else if (which === 'ow0') this.ow[0] = v; else if (which === 'ow1') this.ow[1] = v; else if (which === 'ow2') this.ow[2] = v;
    else this.ot = v;
    this.guard(() => this.computeTable());
    this.requestUpdate();
  }

  private swap(): void {
    this.guard(() => {
      this.mode = this.mode === 'step' ? 'sigmoid' : 'step';
      if (this.mode === 'sigmoid') this.buildSigmoidNet(this.engine!); else this.disposeNet();
      this.computeTable();
    });
    this.requestUpdate();
  }

  private reset(): void {
    this.guard(() => { this.buildSigmoidNet(this.engine!); this.computeTable(); });
    this.requestUpdate();
  }

  // ---------------- Templates and Styles ----------------
  private num(which: Parameters<ApXorThresholdNet['edit']>[0], value: number, label: string): TemplateResult {
    return html`<input type="number" step="0.5" .value=${String(value)} aria-label=${label} data-edit=${which}
      @input=${(e: Event) => this.edit(which, e)}>`;
  }

  protected renderLesson(): TemplateResult {
    const step = this.mode === 'step';
    const running = this.loop?.isRunning ?? false;
    return html`
      <div class="row">
        <figure>
          <canvas id="region" role="img" aria-label=${t('lessons.xor.regionLabel')}></canvas>
          <figcaption>${step ? t('lessons.xor.regionStep') : t('lessons.xor.regionSigmoid')}</figcaption>
        </figure>
        <div>
          ${step ? html`
            <p class="mono">h = step(${this.num('hw0', this.hw[0], t('lessons.xor.w', { from: 'x1', to: 'h' }))}·x1 +
              ${this.num('hw1', this.hw[1], t('lessons.xor.w', { from: 'x2', to: 'h' }))}·x2 −
              ${this.num('ht', this.ht, t('lessons.xor.threshold', { unit: 'h' }))})</p>
            <p class="mono">y = step(${this.num('ow0', this.ow[0], t('lessons.xor.w', { from: 'x1', to: 'y' }))}·x1 +
              ${this.num('ow1', this.ow[1], t('lessons.xor.w', { from: 'x2', to: 'y' }))}·x2 +
              ${this.num('ow2', this.ow[2], t('lessons.xor.w', { from: 'h', to: 'y' }))}·h −
              ${this.num('ot', this.ot, t('lessons.xor.threshold', { unit: 'y' }))})</p>`
          : html`<p class="mono">h = σ(W₁x + b₁),  y = σ(w₂·h + b₂)</p>
            <p class="caption" role="status">${t('lessons.xor.trainStatus', { epoch: this.epoch, loss: this.loss.toFixed(4) })}</p>`}
          <table aria-label=${t('lessons.xor.tableLabel')}>
            <thead><tr><th>x1</th><th>x2</th>${step ? html`<th>h</th>` : ''}<th>y</th><th>${t('lessons.xor.target')}</th></tr></thead>
            <tbody>${this.table.map((r, i) => html`<tr>
              <td>${r.x1}</td><td>${r.x2}</td>${step ? html`<td>${r.h[0]}</td>` : ''}
              <td data-y=${step ? String(r.y) : String(Math.round(r.y))}>${step ? r.y : `${r.y.toFixed(3)} → ${Math.round(r.y)}`}</td>
              <td>${TARGETS[i]}</td></tr>`)}</tbody>
          </table>
          <div class="controls">
            <button id="swap" @click=${this.swap}>${step ? t('lessons.xor.swap') : t('lessons.xor.back')}</button>${this.pngButton()}
            ${step ? '' : html`
              <button id="train" @click=${this.train}>${running ? t('lessons.pause') : t('lessons.train')}</button>
              <button id="reset" @click=${this.reset}>${t('lessons.reset')}</button>`}
          </div>
        </div>
      </div>`;
  }
}

if (!customElements.get('ap-xor-threshold-net')) customElements.define('ap-xor-threshold-net', ApXorThresholdNet);

declare global {
  interface HTMLElementTagNameMap {
    'ap-xor-threshold-net': ApXorThresholdNet;
  }
}
