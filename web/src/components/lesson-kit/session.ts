// One network being trained on one seeded data set with a train/test split: the bookkeeping every
// training lesson repeats (epochs, last loss, test loss and accuracy), around the engine's network.
import { type Engine, splitDataset as split } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';

export type Network = ReturnType<Engine['network']>;
export type NetworkSpec = Parameters<Engine['network']>[0];
export const DATASETS = ['circle', 'xor', 'gaussian', 'spiral'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface Points {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** 2n seeded points split in half (the generator shuffles its points, so any prefix is a fair sample). */
export function splitDataset(engine: Engine, name: DatasetName, n: number, noise: number, seed: number): { train: Points; test: Points } {
  return split(engine.dataset(name, { n: 2 * n, noise, seed }), 0.5);
}

/** gw x gh points covering [lo, hi]², row-major, row 0 at the top (largest x2), as the engine's grids. */
export function gridPoints(lo: number, hi: number, gw: number, gh = gw): Float32Array {
  const xy = new Float32Array(gw * gh * 2);
  for (let r = 0; r < gh; r++)
    for (let c = 0; c < gw; c++) {
      const i = r * gw + c;
      xy[2 * i] = lo + ((c + 0.5) / gw) * (hi - lo);
      xy[2 * i + 1] = hi - ((r + 0.5) / gh) * (hi - lo);
    }
  return xy;
}

export class Session {
  readonly net: Network;
  epoch = 0;
  loss = NaN;
  testLoss = NaN;
  testAccuracy = NaN;

  constructor(engine: Engine, spec: NetworkSpec, readonly train: Points, readonly test: Points, readonly batchSize = 10) {
    this.net = engine.network(spec);
    this.evaluate();
  }

  /** Trains `epochs` passes over the training half; returns the mean loss of the last one. */
  fit(epochs = 1): number {
    const r = this.net.fit(this.train.x, this.train.y, { epochs, batchSize: this.batchSize, shuffle: true });
    this.epoch = r.epoch;
    this.loss = r.loss;
    return r.loss;
  }

  /**
   * One epoch batch by batch: the training points in a seeded order, one fit() per batch (one optimizer
   * step each), calling `onStep` after every step (to read that step's diagnostics, e.g. gradientNorms).
   * Counts as one epoch; returns its mean loss (each batch's taken before its step).
   */
  fitSteps(onStep: () => void): number {
    const { x, y, n } = this.train;
    const order = this.order ??= Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {  // Fisher–Yates with xorshift32, the same sequence for the same data
      this.rng ^= this.rng << 13; this.rng >>>= 0; this.rng ^= this.rng >>> 17; this.rng ^= this.rng << 5; this.rng >>>= 0;
      const j = this.rng % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    for (let s = 0; s < n; s += this.batchSize) {
      const m = Math.min(this.batchSize, n - s);
      const bx = new Float32Array(2 * m), by = new Float32Array(m);
      for (let k = 0; k < m; k++) {
        const i = order[s + k];
        bx[2 * k] = x[2 * i]; bx[2 * k + 1] = x[2 * i + 1]; by[k] = y[i];
      }
      total += this.net.fit(bx, by, { epochs: 1, batchSize: m, shuffle: false }).loss * m;
      onStep();
    }
    this.epoch += 1;
    this.loss = total / n;
    return this.loss;
  }

  private order: Uint32Array | null = null;
  private rng = 0x9e3779b9;

  evaluate(): void {
    const e = this.net.evaluate(this.test.x, this.test.y);
    this.testLoss = e.loss;
    this.testAccuracy = e.accuracy;
  }

  /** True once training has diverged (the loss is NaN or infinite). */
  get diverged(): boolean {
    return this.epoch > 0 && !Number.isFinite(this.loss);
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** "0.123" / "—" for numbers in status lines. */
export function fmt(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/**
 * A run's loss or accuracy for its read-out: `fmt(v, digits)`, or "diverged" once the run diverged (its
 * outputs are NaN or infinite, so there is no number it reached), the word ap-depth-sweep's legend uses.
 */
export function runValue(s: Session, v: number, digits = 3): string {
  return s.diverged ? t('lessons.divergedValue') : fmt(v, digits);
}

/** "z = 0.5·x1 − 1.2·x2 + 3.000": an affine map as text, with real minus signs. */
export function affineText(terms: [number, string][], bias: number, digits = 3): string {
  let out = '';
  terms.forEach(([w, name], i) => {
    const mag = `${fmt(Math.abs(w), digits)}·${name}`;
    out += i === 0 ? (w < 0 ? `−${mag}` : mag) : ` ${w < 0 ? '−' : '+'} ${mag}`;
  });
  return `z = ${out} ${bias < 0 ? '−' : '+'} ${fmt(Math.abs(bias), digits)}`;
}
